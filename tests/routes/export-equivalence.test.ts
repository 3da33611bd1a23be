import type { AuditAction, AuditEntityType } from '~/domain/audit-vocabulary'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { beforeAll, describe, expect, test } from 'vitest'
import { loader as registryCsv } from '~/routes/labs.export'
import { loader as registryXlsx } from '~/routes/labs.export[.xlsx]'
import { loader as requestsCsv } from '~/routes/requests.csv'
import { loader as requestsXlsx } from '~/routes/requests.xlsx'
import { loader as renewalsCsv } from '~/routes/renewals.csv'
import { loader as renewalsXlsx } from '~/routes/renewals.xlsx'
import { loader as incidentsCsv } from '~/routes/security.incidents.csv'
import { loader as incidentsXlsx } from '~/routes/security.incidents.xlsx'
import { loader as registerCsv } from '~/routes/outcomes.register[.csv]'
import { loader as registerXlsx } from '~/routes/outcomes.register[.xlsx]'
import { loader as reviewsXlsx } from '~/routes/reviews[.xlsx]'
import { loader as auditXlsx } from '~/routes/audit[.xlsx]'
import { loader as orgsXlsx } from '~/routes/organisations[.xlsx]'
import { loader as usersXlsx } from '~/routes/users[.xlsx]'
import { loader as roundsXlsx } from '~/routes/evaluations[.xlsx]'
import { loader as importsXlsx } from '~/routes/imports[.xlsx]'
import { recordAudit } from '~/models/audit.server'
import { setClock } from '~/utils/clock.server'
import { seedScale } from '../../scripts/scale-data'
import { getRequest, setupTestDb, signIn, TEST_CONTEXT, type RouteFunction } from '../helpers'

// The streamed exports (issue 18) write what the exports built in memory wrote before them. The
// digests in tests/fixtures/export-digests.json were taken with the old writers (exceljs's
// in-memory workbook, the CSV as one string) on this small province-sized database; every export
// now must give the same CSV bytes and, read back, the same workbook: sheets, cells with their
// types, values and formats, bold header, widths, frozen row and autofilter, and the same headers.
// LABCYCLE_CAPTURE_EXPORTS=1 rewrites the fixture (only ever with the writers being compared against).

const FIXTURE = path.resolve(__dirname, '../fixtures/export-digests.json')
const TODAY = '2026-12-05'

type Case = { name: string; loader: RouteFunction; url: string; as: string; kind: 'csv' | 'xlsx'; locale?: 'en' }
const CASES: Case[] = [
  { name: 'registry csv', loader: registryCsv, url: '/labs/export?columns=all', as: 'bureau', kind: 'csv' },
  { name: 'registry xlsx', loader: registryXlsx, url: '/labs/export.xlsx', as: 'bureau', kind: 'xlsx' },
  {
    name: 'registry xlsx, district, sorted',
    loader: registryXlsx,
    url: '/labs/export.xlsx?sort=headcount&dir=desc',
    as: 'gusu',
    kind: 'xlsx',
  },
  { name: 'requests csv', loader: requestsCsv, url: '/requests/csv?sort=deadline', as: 'bureau', kind: 'csv' },
  { name: 'requests xlsx', loader: requestsXlsx, url: '/requests/xlsx?sort=deadline', as: 'bureau', kind: 'xlsx' },
  {
    name: 'requests csv, en, by lab',
    loader: requestsCsv,
    url: '/requests/csv?sort=lab&dir=desc',
    as: 'bureau',
    kind: 'csv',
    locale: 'en',
  },
  { name: 'requests xlsx, district', loader: requestsXlsx, url: '/requests/xlsx?sort=deadline', as: 'gusu', kind: 'xlsx' },
  { name: 'renewals csv', loader: renewalsCsv, url: '/renewals/csv', as: 'bureau', kind: 'csv' },
  { name: 'renewals xlsx', loader: renewalsXlsx, url: '/renewals/xlsx', as: 'bureau', kind: 'xlsx' },
  { name: 'incidents csv', loader: incidentsCsv, url: '/security/incidents/csv', as: 'bureau', kind: 'csv' },
  { name: 'incidents xlsx', loader: incidentsXlsx, url: '/security/incidents/xlsx', as: 'bureau', kind: 'xlsx' },
  { name: 'register csv', loader: registerCsv, url: '/outcomes/register.csv', as: 'bureau', kind: 'csv' },
  { name: 'register xlsx', loader: registerXlsx, url: '/outcomes/register.xlsx', as: 'bureau', kind: 'xlsx' },
  {
    name: 'register xlsx, en, by value',
    loader: registerXlsx,
    url: '/outcomes/register.xlsx?sort=value&dir=asc',
    as: 'bureau',
    kind: 'xlsx',
    locale: 'en',
  },
  { name: 'register csv, district', loader: registerCsv, url: '/outcomes/register.csv?sort=lab', as: 'gusu', kind: 'csv' },
  { name: 'reviews xlsx', loader: reviewsXlsx, url: '/reviews.xlsx', as: 'bureau', kind: 'xlsx' },
  { name: 'audit xlsx', loader: auditXlsx, url: '/audit.xlsx', as: 'bureau', kind: 'xlsx' },
  { name: 'organisations xlsx', loader: orgsXlsx, url: '/organisations.xlsx', as: 'bureau', kind: 'xlsx' },
  { name: 'users xlsx', loader: usersXlsx, url: '/users.xlsx', as: 'bureau', kind: 'xlsx' },
  { name: 'evaluation rounds xlsx', loader: roundsXlsx, url: '/evaluations.xlsx', as: 'bureau', kind: 'xlsx' },
  { name: 'imports xlsx', loader: importsXlsx, url: '/imports.xlsx', as: 'bureau', kind: 'xlsx' },
]

// everything a reader sees of a workbook, in a stable form
async function workbookContent(bytes: ArrayBuffer) {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(bytes)
  return book.worksheets.map((ws) => {
    const rows: unknown[] = []
    ws.eachRow({ includeEmpty: true }, (row, r) => {
      const cells: unknown[] = []
      for (let c = 1; c <= ws.columnCount; c++) {
        const cell = row.getCell(c)
        const v = cell.value
        cells.push([cell.type, v instanceof Date ? v.toISOString() : v, cell.numFmt ?? null, cell.font?.bold ?? null])
      }
      rows.push([r, row.font?.bold ?? null, cells])
    })
    const widths = Array.from({ length: ws.columnCount }, (_, i) => ws.getColumn(i + 1).width ?? null)
    return { name: ws.name, views: ws.views, autoFilter: ws.autoFilter ?? null, widths, rowCount: ws.rowCount, rows }
  })
}

const sha = (value: string | Uint8Array) => crypto.createHash('sha256').update(value).digest('hex')
const HEADERS = ['content-type', 'content-disposition', 'cache-control', 'x-export-total', 'x-export-rows']

async function digestOf(c: Case, cookie: string) {
  const response = (await c.loader({ request: getRequest(c.url, cookie), params: {}, context: TEST_CONTEXT })) as Response
  const headers = Object.fromEntries(HEADERS.map((h) => [h, response.headers.get(h)]))
  const bytes = new Uint8Array(await response.arrayBuffer())
  if (c.kind === 'csv') {
    const rows = new TextDecoder().decode(bytes).split('\r\n').length - 2
    return { status: response.status, headers, rows, sha256: sha(bytes) }
  }
  const content = await workbookContent(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
  return { status: response.status, headers, rows: content.map((s) => s.rowCount), sha256: sha(JSON.stringify(content)) }
}

const cookies = new Map<string, string>()
beforeAll(() => {
  const db = setupTestDb()
  setClock(new Date(`${TODAY}T02:00:00Z`))
  seedScale(db, { labs: 24, today: TODAY, passwordHash: 'not-a-hash' })
  // the scale seed writes no audit rows: a few of each shape (a system row, a formula-like name, changes on several lines)
  for (let i = 0; i < 40; i++)
    recordAudit(db, {
      actor: { id: null, displayName: i % 3 === 0 ? '' : i % 3 === 1 ? '=张三' : '李四' },
      // names an older or newer version wrote: shown as stored
      action: (i % 4 === 0 ? 'lab.update' : 'something.new') as AuditAction,
      entityType: (i % 5 === 0 ? 'lab' : 'future_thing') as AuditEntityType,
      entityId: i,
      labId: i % 2 ? (i % 20) + 1 : null,
      before: { name: `实验室 ${i}`, headcount: i },
      after: { name: `实验室 ${i + 1}`, headcount: i + 1, note: 'a "quoted", comma' },
      at: new Date(Date.UTC(2026, 10, 1 + (i % 28), i % 24, i)),
    })
  for (const username of new Set(CASES.map((c) => c.as))) {
    const user = db.$client.prepare('SELECT id FROM users WHERE username = ?').get(username) as { id: number }
    cookies.set(username, signIn(user))
  }
}, 120_000)

describe('the streamed exports write what the in-memory ones wrote', () => {
  const capture = process.env.LABCYCLE_CAPTURE_EXPORTS === '1'
  const expected = capture ? {} : (JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as Record<string, unknown>)
  const captured: Record<string, unknown> = {}
  for (const c of CASES)
    test(`${c.name}: ${c.url} as ${c.as}`, async () => {
      const cookie = `${cookies.get(c.as)!}${c.locale ? `; lc_lang=${c.locale}` : ''}`
      const digest = await digestOf(c, cookie)
      if (capture) {
        captured[c.name] = digest
        fs.writeFileSync(FIXTURE, `${JSON.stringify(captured, null, 2)}\n`)
      } else expect(digest).toEqual(expected[c.name])
    })
})
