import { and, eq } from 'drizzle-orm'
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { Outlet, type RouteObject } from 'react-router-dom'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { beforeEach, describe, expect, test } from 'vitest'
import { labChecksOf } from '~/models/compliance.server'
import { markAllLabsStale } from '~/models/compliance-freshness.server'
import { action as labAction } from '~/routes/labs.$labId._index'
import ObligationsPage, { action, loader } from '~/routes/labs.$labId.obligations'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { auditLog, obligationExtensions, obligations, validityPeriods } from '~db/schema'
import {
  errorsOf,
  formRequest,
  getRequest,
  makeLab,
  outcome,
  setupTestDb,
  signInAs,
  signInChief,
  statusOf,
  TEST_CONTEXT,
  valuesOf,
} from '../helpers'
import { pinClock } from '../clock'

// A lab certified on 2025-06-01: year 1 ends 2026-05-31, its report is due 30 days later
// (2026-06-30, a Tuesday). Today is 2026-06-15.
let db: Db
let bureau: string
let labId: number

pinClock(new Date('2026-06-15T04:00:00Z'))
beforeEach(async () => {
  db = setupTestDb()
  bureau = await signInChief(db)
  labId = makeLab(db, { districtCode: '320508', startDate: '2025-06-01', teamSize: 15 }).id
})

type LedgerBody = { rows: { id: number; kind: string; validityYear: number; dueDate: string; verdict: { result: string } | null }[] }

const ledger = async (cookie = bureau) =>
  (
    await outcome(() =>
      loader({ request: getRequest(`/labs/${labId}/obligations`, cookie), params: { labId: String(labId) }, context: TEST_CONTEXT }),
    )
  ).body as unknown as LedgerBody
const extend = (fields: Record<string, string>, cookie = bureau) =>
  outcome(() =>
    action({ request: formRequest(`/labs/${labId}/obligations`, fields, cookie), params: { labId: String(labId) }, context: TEST_CONTEXT }),
  )

const row = (body: LedgerBody, kind: string, year: number) => body.rows.find((r) => r.kind === kind && r.validityYear === year)!

// The page as the server renders it, with the loader's data and the root's locale.
async function renderPage(locale: 'zh' | 'en') {
  const body = (
    await outcome(() =>
      loader({ request: getRequest(`/labs/${labId}/obligations`, bureau), params: { labId: String(labId) }, context: TEST_CONTEXT }),
    )
  ).body
  const routes: RouteObject[] = [
    {
      id: 'root',
      path: '/',
      loader: () => ({ locale }),
      element: createElement(Outlet),
      children: [{ id: 'ledger', path: 'ledger', loader: () => body, element: createElement(ObligationsPage) }],
    },
  ]
  const handler = createStaticHandler(routes)
  const context = await handler.query(new Request('http://localhost/ledger'))
  if (context instanceof Response) throw new Error('unexpected response')
  return renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context }))
}

// The state cell of one ledger row in the rendered page, as text.
function stateCell(html: string, kind: string, year: number) {
  const tr = html.match(new RegExp(`<tr[^>]*data-kind="${kind}" data-year="${year}"[^>]*>([\\s\\S]*?)</tr>`))![1]
  const cells = [...tr.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1].replace(/<[^>]+>/g, '').replace(/<!-- -->/g, ''))
  return cells[cells.length - 1]
}

describe('the obligation ledger', () => {
  test('a certified lab owes a deliverable and a report per year, with stored due dates and the engine’s verdicts', async () => {
    const body = await ledger()
    expect(body.rows.map((r) => [r.kind, r.validityYear, r.dueDate])).toEqual([
      ['annual_report', 1, '2026-06-30'],
      ['deliverable', 1, '2026-05-31'],
      ['annual_report', 2, '2027-06-30'],
      ['deliverable', 2, '2027-05-31'],
    ])
    expect(row(body, 'deliverable', 1).verdict?.result).toBe('failing')
    expect(row(body, 'annual_report', 1).verdict?.result).toBe('warning')
    expect(row(body, 'deliverable', 2).verdict?.result).toBe('ok')
    expect(row(body, 'annual_report', 2).verdict).toBeNull()
  })

  test('a row of the period in force without a verdict yet reads as not yet due, not as a past period', async () => {
    // today 2026-06-15: the year-2 report (due 2027-06-30) has no verdict yet
    const zhHtml = await renderPage('zh')
    expect(stateCell(zhHtml, 'annual_report', 2)).toBe('未到期')
    expect(zhHtml).not.toContain('往期记录')
    expect(stateCell(await renderPage('en'), 'annual_report', 2)).toBe('Not yet due')
  })

  test('a row past its due date that the engine does not judge reads as due and not judged', async () => {
    // a revoked lab is no longer held to the rules: its overdue rows get no verdict
    db.update(validityPeriods).set({ outcome: 'revoked' }).where(eq(validityPeriods.labId, labId)).run()
    markAllLabsStale(db)
    const html = await renderPage('zh')
    expect(stateCell(html, 'deliverable', 1)).toBe('已到期，未判定')
    expect(stateCell(html, 'annual_report', 2)).toBe('未到期')
    expect(stateCell(await renderPage('en'), 'deliverable', 1)).toBe('Due; not judged')
  })

  test('a renewal adds the new period’s ledger and leaves the old one as it was', async () => {
    await ledger()
    const before = db.select().from(obligations).all()
    expect(before).toHaveLength(4)
    const o = await outcome(() =>
      labAction({
        request: formRequest(`/labs/${labId}`, { intent: 'addPeriod', startDate: '2027-06-01', endDate: '', certificateNo: 'R-1' }, bureau),
        params: { labId: String(labId) },
        context: TEST_CONTEXT,
      }),
    )
    expect(o.status).toBe(302)
    const period2 = db
      .select()
      .from(validityPeriods)
      .where(and(eq(validityPeriods.labId, labId), eq(validityPeriods.sequence, 2)))
      .get()!
    const added = db.select().from(obligations).where(eq(obligations.periodId, period2.id)).all()
    expect(added.map((r) => [r.kind, r.validityYear, r.yearStart, r.dueDate]).sort()).toEqual(
      [
        ['annual_report', 1, '2027-06-01', '2028-06-30'],
        ['annual_report', 2, '2028-06-01', '2029-07-02'], // 2029-06-30 is a Saturday
        ['deliverable', 1, '2027-06-01', '2028-05-31'],
        ['deliverable', 2, '2028-06-01', '2029-05-31'],
      ].sort(),
    )
    expect(
      db
        .select()
        .from(obligations)
        .all()
        .filter((r) => r.periodId !== period2.id),
    ).toEqual(before)
  })

  test('once the renewed period is in force, its verdicts are shown on its own rows, not on the same years of the period before', async () => {
    const o = await outcome(() =>
      labAction({
        request: formRequest(`/labs/${labId}`, { intent: 'addPeriod', startDate: '2027-06-01', endDate: '', certificateNo: 'R-1' }, bureau),
        params: { labId: String(labId) },
        context: TEST_CONTEXT,
      }),
    )
    expect(o.status).toBe(302)
    // a year into the new period: its year-1 deliverable is overdue, its year-1 report due within the window
    setClock(new Date('2028-06-15T04:00:00Z'))
    const period2 = db
      .select()
      .from(validityPeriods)
      .where(and(eq(validityPeriods.labId, labId), eq(validityPeriods.sequence, 2)))
      .get()!
    const rows = (await ledger()).rows as (LedgerBody['rows'][number] & { periodId: number })[]
    const verdicts = (inPeriod: boolean) =>
      rows.filter((r) => (r.periodId === period2.id) === inPeriod).map((r) => [r.kind, r.validityYear, r.verdict?.result ?? null])
    expect(verdicts(true)).toEqual([
      ['annual_report', 1, 'warning'],
      ['deliverable', 1, 'failing'],
      ['annual_report', 2, null],
      ['deliverable', 2, 'ok'],
    ])
    // the engine judges the period in force only: the earlier period's rows carry no verdict
    expect(verdicts(false)).toEqual([
      ['annual_report', 1, null],
      ['deliverable', 1, null],
      ['annual_report', 2, null],
      ['deliverable', 2, null],
    ])
    // and say, in the one status language, that their period has ended and what became of them
    // (nothing was filed): the same words as the reports list (docs/status-language.md)
    expect(rows.filter((r) => r.periodId !== period2.id).map((r) => (r as unknown as { closed: { state: string } }).closed.state)).toEqual([
      'closed_not_met',
      'closed_not_met',
      'closed_not_met',
      'closed_not_met',
    ])
    const html = await renderPage('zh')
    expect(html.match(/已结束 · 未履行/g)).toHaveLength(4)
  })

  test('the bureau extends the year-1 deliverable: stored with reason and approver, audited, and the check turns to a warning', async () => {
    const target = row(await ledger(), 'deliverable', 1)
    const o = await extend({
      obligationId: String(target.id),
      toDate: '2026-07-31',
      reason: '成果验收推迟',
      approvedBy: '数据资源处 王处长',
    })
    expect(o.status).toBe(302)
    const after = db.select().from(obligations).where(eq(obligations.id, target.id)).get()!
    expect([after.dueDate, after.originalDueDate]).toEqual(['2026-07-31', '2026-05-31'])
    expect(db.select().from(obligationExtensions).all()).toMatchObject([
      { fromDate: '2026-05-31', toDate: '2026-07-31', reason: '成果验收推迟', approvedBy: '数据资源处 王处长' },
    ])
    const audit = db.select().from(auditLog).where(eq(auditLog.entityType, 'obligation')).all()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'extend', labId, before: expect.objectContaining({ dueDate: '2026-05-31' }) })
    const check = labChecksOf({ labId, today: '2026-06-15' }).find((c) => c.checkId === 'deliverable' && c.subject === 'y1')!
    expect(check.result).toBe('warning')
  })

  test.each([
    [{ toDate: '2026-05-31' }, 'toDate', 'obligations.error.notLater'],
    [{ toDate: '2027-06-02' }, 'toDate', 'obligations.error.tooFar'],
    [{ toDate: '2026-02-30' }, 'toDate', 'form.invalidDate'],
    [{ reason: '' }, 'reason', 'form.required'],
    [{ approvedBy: '  ' }, 'approvedBy', 'form.required'],
  ])('bad input %o is refused with %s: %s, values kept, nothing stored', async (override, field, key) => {
    const target = row(await ledger(), 'deliverable', 1)
    const fields = { obligationId: String(target.id), toDate: '2026-07-31', reason: '理由', approvedBy: '王处长', ...override }
    const o = await extend(fields)
    expect(o.status).toBe(400)
    expect(errorsOf(o)[field]?.key).toBe(key)
    expect(valuesOf(o).reason).toBe(fields.reason)
    expect(db.select().from(obligationExtensions).all()).toHaveLength(0)
  })

  test('an obligation of another lab is not found through this lab', async () => {
    const other = makeLab(db, { districtCode: '320508', startDate: '2025-06-01' })
    await ledger()
    const foreign = db.select().from(obligations).where(eq(obligations.labId, other.id)).get()!
    const o = await extend({ obligationId: String(foreign.id), toDate: '2026-07-31', reason: '理由', approvedBy: '王处长' })
    expect(o.status).toBe(404)
    expect(db.select().from(obligations).where(eq(obligations.id, foreign.id)).get()!.dueDate).toBe(foreign.dueDate)
  })

  test('the lab and its district may read the ledger but not extend; another district sees nothing', async () => {
    const labUser = await signInAs(db, { role: 'lab', labId })
    const gusu = await signInAs(db, { role: 'district', districtCode: '320508' })
    const wuzhong = await signInAs(db, { role: 'district', districtCode: '320506' })
    expect((await ledger(labUser)).rows).toHaveLength(4)
    expect((await ledger(gusu)).rows).toHaveLength(4)
    expect(
      await statusOf(() =>
        loader({ request: getRequest(`/labs/${labId}/obligations`, wuzhong), params: { labId: String(labId) }, context: TEST_CONTEXT }),
      ),
    ).toBe(404)
    const target = row(await ledger(), 'deliverable', 1)
    const fields = { obligationId: String(target.id), toDate: '2026-07-31', reason: '理由', approvedBy: '王处长' }
    expect((await extend(fields, labUser)).status).toBe(403)
    expect((await extend(fields, gusu)).status).toBe(403)
    expect((await extend(fields, wuzhong)).status).toBe(404)
    expect(db.select().from(obligationExtensions).all()).toHaveLength(0)
  })
})
