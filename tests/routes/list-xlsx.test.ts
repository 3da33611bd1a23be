import ExcelJS from 'exceljs'
import { beforeEach, describe, expect, test } from 'vitest'
import { loader as registryCsv } from '~/routes/labs.export'
import { loader as registryXlsx } from '~/routes/labs.export[.xlsx]'
import { loader as requestsCsv } from '~/routes/requests.csv'
import { loader as requestsXlsx } from '~/routes/requests.xlsx'
import { loader as renewalsCsv } from '~/routes/renewals.csv'
import { loader as renewalsXlsx } from '~/routes/renewals.xlsx'
import { loader as incidentsCsv } from '~/routes/security.incidents.csv'
import { loader as incidentsXlsx } from '~/routes/security.incidents.xlsx'
import type { Db } from '~db/client.server'
import { insertIncident } from '~db/factories'
import { makeCast, makeLab, setupTestDb, type RouteFunction } from '../helpers'
import { pinClock } from '../clock'
import { fetchCsv, parseCsv } from '../csv'
import { makeRequest } from '../request-service-fixtures'
import { makePipeline, PIPELINE_NOW } from '../renewal-pipeline-fixtures'
import { fetchXlsx, type Sheet } from '../xlsx'

// The offices' lists as workbooks (issue 17, part 2): each .xlsx holds its CSV twin's rows and
// columns for the same filters and sort, scoped as the page is; days are dates, counts numbers,
// times Shanghai date-times, and a text starting with = stays text.
let db: Db
let cookies: Record<'bureau' | 'gusu' | 'wuzhong' | 'lab' | 'expert', string>
let gusuLab: { id: number; name: string }
let wuzhongLab: { id: number; name: string }

pinClock(PIPELINE_NOW)
beforeEach(async () => {
  db = setupTestDb()
  gusuLab = makeLab(db, { districtCode: '320508', name: '=姑苏公式实验室', startDate: '2025-02-28', teamSize: 4 })
  wuzhongLab = makeLab(db, { districtCode: '320506', name: '吴中实验室', startDate: '2024-12-31' })
  ;({ cookies } = await makeCast(db, {
    bureau: { role: 'bureau' },
    gusu: { role: 'district', districtCode: '320508' },
    wuzhong: { role: 'district', districtCode: '320506' },
    lab: { role: 'lab', labId: gusuLab.id },
    expert: { role: 'expert' },
  }))
})

// the CSV writes a formula-like cell with an apostrophe before it; the workbook as plain text
const unguarded = (rows: string[][]) => rows.map((r) => r.map((c) => (/^'[=+\-@]/.test(c) ? c.slice(1) : c)))

async function both(csv: RouteFunction, xlsx: RouteFunction, path: string, query: string, cookie: string) {
  const csvRows = parseCsv((await fetchCsv(csv, `${path.replace('XLSX', 'csv')}${query}`, cookie)).text.slice(1))
  const got = await fetchXlsx(xlsx, `${path.replace('XLSX', 'xlsx')}${query}`, cookie)
  expect(got.status).toBe(200)
  expect(got.sheets).toHaveLength(1)
  return { csv: unguarded(csvRows), sheet: got.sheets[0]! }
}

function expectTable(sheet: Sheet) {
  expect(sheet.ws.getRow(1).font?.bold).toBe(true)
  expect(sheet.ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
  expect(sheet.ws.autoFilter).toBeTruthy()
}

const column = (sheet: Sheet, header: string) => {
  const i = sheet.text[0]!.indexOf(header)
  expect(i, header).toBeGreaterThanOrEqual(0)
  return sheet.cells.slice(1).map((r) => r[i]!)
}

describe('the registry', () => {
  const csv = (q: string, c: string) => both(registryCsv, registryXlsx, '/labs/export', q, c)
  const registryPath = (q: string) => `/labs/export.xlsx${q}`

  test('holds the CSV rows and chosen columns for the same filters, end dates as dates and counts as numbers', async () => {
    const query = '?sort=name&dir=desc&cols=name,district,start,end,headcount,certificate'
    const { csv: rows, sheet } = await csv(query, cookies.bureau)
    expect(sheet.text).toEqual(rows)
    expect(sheet.text[0]).toEqual(['实验室名称', '所属区县', '证书编号', '有效期起', '有效期止', '团队人数'])
    expect(sheet.text.slice(1).map((r) => r[0])).toEqual(['吴中实验室', '=姑苏公式实验室'])
    expectTable(sheet)
    const ends = column(sheet, '有效期止')
    expect(ends.every((c) => c.value instanceof Date && c.numFmt === 'yyyy-mm-dd')).toBe(true)
    expect(ends[1]!.value).toEqual(new Date(Date.UTC(2027, 1, 27)))
    expect(column(sheet, '团队人数').map((c) => c.value)).toEqual([0, 4])
    // the name starting with = is a string in the file, never a formula
    const name = sheet.cells[2]![0]!
    expect(name.type).toBe(ExcelJS.ValueType.String)
    expect(name.value).toBe('=姑苏公式实验室')
  })

  test("a district's workbook holds its own district only, even when it asks for another", async () => {
    for (const q of ['', '?district=320506', `?q=${encodeURIComponent('吴中')}`]) {
      const { csv: rows, sheet } = await csv(q, cookies.gusu)
      expect(sheet.text).toEqual(rows)
      // another district's filter or name finds nothing, as on the page
      expect(sheet.text.slice(1).map((r) => r[0])).toEqual(q ? [] : ['=姑苏公式实验室'])
    }
  })

  test('a lab account and an expert have no registry workbook', async () => {
    expect((await fetchXlsx(registryXlsx, registryPath(''), cookies.lab)).status).toBe(404)
    expect((await fetchXlsx(registryXlsx, registryPath(''), cookies.expert)).status).toBe(404)
    expect((await fetchXlsx(registryXlsx, registryPath(''))).status).toBe(302)
  })

  test('headers are English when the user reads English', async () => {
    const en = `${cookies.bureau}; lc_lang=en`
    const got = await fetchXlsx(registryXlsx, registryPath('?cols=name,end'), en)
    const csvEn = parseCsv((await fetchCsv(registryCsv, '/labs/export?cols=name,end', en)).text.slice(1))
    expect(got.sheets[0]!.text[0]).toEqual(csvEn[0])
    expect(got.sheets[0]!.text[0]![0]).toMatch(/^[\x20-\x7e]+$/)
  })
})

describe('the request queue', () => {
  beforeEach(() => {
    makeRequest(db, { labId: gusuLab.id, title: '+1 GPU', submittedOn: '2026-03-02', deadline: '2026-03-16' })
    makeRequest(db, {
      labId: wuzhongLab.id,
      status: 'approved',
      decidedOn: '2026-03-10',
      decisionWorkingDays: 6,
      decidedInTime: true,
      title: '吴中算力',
    })
  })

  test('holds the CSV rows for the same filters, days as dates, working days as numbers', async () => {
    const { csv: rows, sheet } = await csv('', cookies.bureau)
    expect(sheet.text).toEqual(rows)
    expect(sheet.text).toHaveLength(3)
    expectTable(sheet)
    expect(column(sheet, '提交日期').every((c) => c.value instanceof Date)).toBe(true)
    expect(column(sheet, '决定用时（工作日）').map((c) => c.value)).toContain(6)
    expect(sheet.cells.flat().find((c) => c.value === '+1 GPU')!.type).toBe(ExcelJS.ValueType.String)
    const filtered = await csv('?status=approved', cookies.bureau)
    expect(filtered.sheet.text).toEqual(filtered.csv)
    expect(filtered.sheet.text).toHaveLength(2)
  })

  test("a district's workbook is its district's requests; labs and experts get 404", async () => {
    const { csv: rows, sheet } = await csv('?district=320506', cookies.gusu)
    expect(sheet.text).toEqual(rows)
    expect(sheet.text.slice(1).map((r) => r[1])).toEqual(['+1 GPU'])
    expect((await fetchXlsx(requestsXlsx, '/requests/xlsx', cookies.lab)).status).toBe(404)
    expect((await fetchXlsx(requestsXlsx, '/requests/xlsx', cookies.expert)).status).toBe(404)
  })

  const csv = (q: string, c: string) => both(requestsCsv, requestsXlsx, '/requests/XLSX', q, c)
})

describe('the renewal pipeline', () => {
  const csv = (q: string, c: string) => both(renewalsCsv, renewalsXlsx, '/renewals/XLSX', q, c)

  test('holds the CSV rows for the same filters and sort, end dates as dates', async () => {
    await makePipeline(db)
    for (const q of ['', '?sort=end&dir=desc', '?district=320506']) {
      const { csv: rows, sheet } = await csv(q, cookies.bureau)
      expect(sheet.text, q).toEqual(rows)
      expect(sheet.text.length, q).toBeGreaterThan(1)
      expect(column(sheet, '有效期届满').every((c) => c.value instanceof Date)).toBe(true)
    }
  })

  test("a district's workbook holds its own labs only; a lab gets 404", async () => {
    await makePipeline(db)
    const city = (await csv('', cookies.bureau)).sheet
    const { csv: rows, sheet } = await csv('?district=320506', cookies.gusu)
    expect(sheet.text).toEqual(rows)
    expect(sheet.text.length).toBeLessThan(city.text.length)
    expect(sheet.text.slice(1).every((r) => r.includes('姑苏区'))).toBe(true)
    expect((await fetchXlsx(renewalsXlsx, '/renewals/xlsx', cookies.lab)).status).toBe(404)
  })
})

describe('the security incidents', () => {
  const csv = (q: string, c: string) => both(incidentsCsv, incidentsXlsx, '/security/incidents/XLSX', q, c)
  beforeEach(() => {
    insertIncident(db, {
      labId: gusuLab.id,
      grade: 'IV',
      title: '@姑苏事件',
      discoveredAt: '2026-06-01T16:30:00.000Z',
      reportDeadline: '2026-06-02T16:30:00.000Z',
    })
    insertIncident(db, {
      labId: wuzhongLab.id,
      grade: 'III',
      discoveredAt: '2026-06-03T01:00:00.000Z',
      reportDeadline: '2026-06-04T01:00:00.000Z',
    })
  })

  test('holds the CSV rows, times as Shanghai date-times', async () => {
    const { csv: rows, sheet } = await csv('', cookies.bureau)
    expect(sheet.text).toEqual(rows)
    expect(sheet.text).toHaveLength(3)
    const found = column(sheet, '发现时间')
    expect(found.every((c) => c.value instanceof Date && c.numFmt === 'yyyy-mm-dd hh:mm')).toBe(true)
    // 16:30 UTC on 1 June is 00:30 on 2 June in Shanghai
    expect(found.map((c) => c.value)).toContainEqual(new Date(Date.UTC(2026, 5, 2, 0, 30)))
    expect(sheet.cells.flat().find((c) => c.value === '@姑苏事件')!.type).toBe(ExcelJS.ValueType.String)
  })

  test("a district's workbook holds its district's incidents only; a lab gets 404", async () => {
    const { csv: rows, sheet } = await csv('?district=320506', cookies.gusu)
    expect(sheet.text).toEqual(rows)
    expect(sheet.text.slice(1).map((r) => r[4])).toEqual(['@姑苏事件'])
    expect((await fetchXlsx(incidentsXlsx, '/security/incidents/xlsx', cookies.lab)).status).toBe(404)
  })
})
