import ExcelJS from 'exceljs'
import { beforeEach, describe, expect, test } from 'vitest'
import { loader as dashboardLoader } from '~/routes/outcomes._index'
import { loader as registerLoader } from '~/routes/outcomes.register'
import { loader as csvLoader } from '~/routes/outcomes.register[.csv]'
import { loader as xlsxLoader } from '~/routes/outcomes.register[.xlsx]'
import type { OutcomeDashboardData } from '~/models/outcome-dashboard.server'
import type { RegisterRow } from '~/models/outcome-dashboard-params'
import type { Db } from '~db/client.server'
import { evaluationResults, evaluationRounds, indicatorPlans, indicatorTargets, validityPeriods } from '~db/schema'
import { insertDeliverable, insertOutcome } from '~db/factories'
import { eq } from 'drizzle-orm'
import { getRequest, makeLab, type RouteFunction, outcome as answer, setupTestDb, signInAs, signInChief, TEST_CONTEXT } from '../helpers'
import { pinClock } from '../clock'
import { fetchCsv, parseCsv } from '../csv'
import { fetchXlsx } from '../xlsx'

// 成果看板 (issue 16, part 4): the city outcomes dashboard, its register and the exports, for each
// role and scope. The SQL's agreement with the progress rule is tests/models/outcome-dashboard-agreement.test.ts.
let db: Db
let bureau: string
let gusuLab: { id: number; name: string }
let otherGusuLab: { id: number }
let wuzhongLab: { id: number; name: string }

pinClock(new Date('2025-12-15T04:00:00Z'))
beforeEach(async () => {
  db = setupTestDb()
  bureau = await signInChief(db)
  gusuLab = makeLab(db, { districtCode: '320508', direction: 3, name: '姑苏成果实验室' })
  otherGusuLab = makeLab(db, { districtCode: '320508', direction: 5 })
  wuzhongLab = makeLab(db, { districtCode: '320506', direction: 3, name: '吴中成果实验室' })
  const periodOf = (labId: number) => db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).get()!
  const add = (labId: number, fields: Partial<Parameters<typeof insertOutcome>[1]>) =>
    insertOutcome(db, { labId, periodId: periodOf(labId).id, occurredOn: '2025-07-01', ...fields })
  // 0.1 + 0.2 万元 must read 0.3: values are whole yuan
  add(gusuLab.id, { kind: 'transfer', form: 'product', valueYuan: 1_000, verification: 'verified', title: '姑苏转化一' })
  add(gusuLab.id, { kind: 'transfer', form: 'product', valueYuan: 2_000, verification: 'checked', title: '=HYPERLINK("x")' })
  add(gusuLab.id, { kind: 'patent', form: 'algorithm', verification: 'disputed', occurredOn: '2025-06-20' })
  add(otherGusuLab.id, { kind: 'paper', form: 'data', verification: 'unverified' })
  add(wuzhongLab.id, { kind: 'transfer', form: 'data', valueYuan: 5_000_000, verification: 'verified', title: '吴中转化' })
  add(wuzhongLab.id, { kind: 'standard', form: 'scenario', verification: 'verified' })
  // an accepted deliverable of two forms, transferred for 12.3456 万元 (whole yuan); a submitted one does not count
  insertDeliverable(db, {
    labId: gusuLab.id,
    forms: ['data', 'product'],
    completedOn: '2025-08-01',
    status: 'accepted',
    transferStatus: 'transferred',
    transferValueYuan: 123_456,
    title: '姑苏年度成果',
  })
  insertDeliverable(db, { labId: gusuLab.id, forms: ['data'], completedOn: '2025-08-02', status: 'submitted' })
  // an approved plan for the gusu lab: 2 transfers planned, 1 achieved (the disputed patent does not count)
  const plan = db
    .insert(indicatorPlans)
    .values({ labId: gusuLab.id, periodId: periodOf(gusuLab.id).id, status: 'approved' })
    .returning()
    .get()
  db.insert(indicatorTargets).values({ planId: plan.id, indicatorKey: 'transfers', target: 4 }).run()
  db.insert(indicatorTargets).values({ planId: plan.id, indicatorKey: 'invention_patents', target: 2 }).run()
})

type DashboardBody = {
  data: OutcomeDashboardData
  lab: { id: number; name: string } | null
  districts: string[]
  filter: Record<string, unknown>
}
type RegisterBody = { rows: RegisterRow[]; total: number }

const run = (loader: RouteFunction, url: string, cookie?: string) =>
  answer(async () => loader({ request: getRequest(url, cookie), params: {}, context: TEST_CONTEXT }))
const dashboard = async (url: string, cookie?: string) => {
  const r = await run(dashboardLoader, url, cookie)
  return { status: r.status, location: r.location, body: r.body as unknown as DashboardBody }
}
const register = async (url: string, cookie?: string) => {
  const r = await run(registerLoader, url, cookie)
  return { status: r.status, body: r.body as unknown as RegisterBody }
}
const gusu = () => signInAs(db, { role: 'district', districtCode: '320508' })
const labAccount = (labId: number) => signInAs(db, { role: 'lab', labId })

describe('the dashboard, by scope', () => {
  test('the bureau sees the city: totals, transfers in exact yuan, and every district', async () => {
    const { status, body } = await dashboard('/outcomes', bureau)
    expect(status).toBe(200)
    // six outcomes and one accepted deliverable; the submitted deliverable is not an outcome
    expect(body.data.totals).toEqual({ n: 7, outcomes: 6, deliverables: 1 })
    expect(body.data.transfers).toEqual({ n: 4, valueYuan: 1_000 + 2_000 + 5_000_000 + 123_456 })
    expect(body.data.byDistrict).toEqual(
      expect.arrayContaining([
        { key: '320508', n: 5 },
        { key: '320506', n: 2 },
      ]),
    )
    // the deliverable counts once in each of its forms
    expect(body.data.byForm.find((f) => f.key === 'data')!.n).toBe(3)
    expect(body.data.byForm.find((f) => f.key === 'product')!.n).toBe(3)
    expect(body.districts).toHaveLength(10)
    // the gusu lab: transfers 3 of 4 (75 %), patents 0 of 2 (the only one is disputed): 37 %
    expect(body.data.fulfilment.distribution).toMatchObject({ labs: 1, mean: 37 })
    // 198 of its 730 days have passed (27 %): 10 points ahead
    expect(body.data.fulfilment).toMatchObject({ ahead: [{ labId: gusuLab.id, fulfilment: 37, elapsed: 27, gap: 10 }], behind: [] })
  })

  test('a district office sees its own district only; another district is not found', async () => {
    const cookie = await gusu()
    const { status, body } = await dashboard('/outcomes', cookie)
    expect(status).toBe(200)
    expect(body.data.totals).toEqual({ n: 5, outcomes: 4, deliverables: 1 })
    expect(body.data.byDistrict).toEqual([{ key: '320508', n: 5 }])
    expect(body.data.transfers.valueYuan).toBe(1_000 + 2_000 + 123_456)
    expect(JSON.stringify(body)).not.toContain('吴中')
    expect(body.districts).toEqual([])
    expect((await dashboard('/outcomes?district=320508', cookie)).status).toBe(200)
    expect((await dashboard('/outcomes?district=320506', cookie)).status).toBe(404)
    expect((await register('/outcomes/register?district=320506', cookie)).status).toBe(404)
    expect((await dashboard(`/outcomes?lab=${wuzhongLab.id}`, cookie)).status).toBe(404)
    expect((await dashboard(`/outcomes?lab=${otherGusuLab.id}`, cookie)).body.data.totals.n).toBe(1)
  })

  test("the annual evaluation's published grades follow the scope, the year and the filters", async () => {
    const round = (year: number, status: 'open' | 'published') =>
      db
        .insert(evaluationRounds)
        .values({
          year,
          status,
          weightReport: 30,
          weightPlan: 30,
          weightCompliance: 20,
          weightSecurity: 20,
          capExcellentPercent: 15,
          capGoodPercent: 30,
          minExcellent: 90,
          minGood: 80,
          minPass: 60,
          openedAt: '2025-01-05T00:00:00.000Z',
          computedAt: '2025-01-05T00:00:00.000Z',
        })
        .returning()
        .get()
    const grade = (roundId: number, labId: number, finalGrade: 'excellent' | 'good' | 'pass' | 'fail', rank: number) =>
      db.insert(evaluationResults).values({ roundId, labId, rank, finalGrade, proposedGrade: finalGrade, details: {} }).run()
    // nothing published yet: no panel
    expect((await dashboard('/outcomes', bureau)).body.data.evaluation).toBeNull()
    const r2024 = round(2024, 'published')
    grade(r2024.id, gusuLab.id, 'good', 1)
    grade(r2024.id, wuzhongLab.id, 'pass', 2)
    const r2025 = round(2025, 'published')
    grade(r2025.id, gusuLab.id, 'excellent', 1)
    grade(r2025.id, otherGusuLab.id, 'pass', 2)
    grade(r2025.id, wuzhongLab.id, 'fail', 3)
    // an open round is never shown, even when its year is filtered
    const r2023 = round(2023, 'open')
    grade(r2023.id, gusuLab.id, 'fail', 1)

    const city = (await dashboard('/outcomes', bureau)).body.data.evaluation
    expect(city).toEqual({ roundId: r2025.id, year: 2025, counts: { excellent: 1, good: 0, pass: 1, fail: 1, none: 0 } })
    expect((await dashboard('/outcomes?year=2024', bureau)).body.data.evaluation!.counts).toMatchObject({ good: 1, pass: 1 })
    expect((await dashboard('/outcomes?year=2023', bureau)).body.data.evaluation).toBeNull()
    expect((await dashboard('/outcomes?district=320506', bureau)).body.data.evaluation!.counts).toMatchObject({ excellent: 0, fail: 1 })
    expect((await dashboard('/outcomes?direction=5', bureau)).body.data.evaluation!.counts).toMatchObject({
      excellent: 0,
      pass: 1,
      fail: 0,
    })
    // the district office counts its own district's labs only
    expect((await dashboard('/outcomes', await gusu())).body.data.evaluation!.counts).toEqual({
      excellent: 1,
      good: 0,
      pass: 1,
      fail: 0,
      none: 0,
    })
    // a lab reads its own result on its own page, never the city's counts
    expect((await dashboard('/outcomes', await labAccount(gusuLab.id))).body.data.evaluation).toBeNull()
  })

  test("a lab account sees its own lab's outcomes only; another lab is not found", async () => {
    const cookie = await labAccount(gusuLab.id)
    const { status, body } = await dashboard('/outcomes', cookie)
    expect(status).toBe(200)
    expect(body.data.totals).toEqual({ n: 4, outcomes: 3, deliverables: 1 })
    expect(body.data.byDirection).toEqual([{ key: 3, n: 4 }])
    // another district's filter selects nothing of its own lab, and shows nothing else
    expect((await dashboard('/outcomes?district=320506', cookie)).body.data.totals.n).toBe(0)
    expect((await dashboard(`/outcomes?lab=${otherGusuLab.id}`, cookie)).status).toBe(404)
    const rows = (await register('/outcomes/register?size=100', cookie)).body.rows
    expect(new Set(rows.map((r) => r.labId))).toEqual(new Set([gusuLab.id]))
  })

  test('an expert has no dashboard, no register and no exports; a visitor signs in first', async () => {
    const expert = await signInAs(db, { role: 'expert' })
    expect((await dashboard('/outcomes', expert)).status).toBe(404)
    expect((await register('/outcomes/register', expert)).status).toBe(404)
    expect((await run(csvLoader, '/outcomes/register.csv', expert)).status).toBe(404)
    expect((await run(xlsxLoader, '/outcomes/register.xlsx', expert)).status).toBe(404)
    const visitor = await dashboard('/outcomes')
    expect(visitor.status).toBe(302)
    expect(visitor.location).toMatch(/^\/login/)
  })

  test('malformed filters are ignored, never an error; a lab id that is no id is not found', async () => {
    const bad = '?year=abc&district=999999&direction=15&form=<script>&kind=x&verification=1&source=y&page=zz&size=7&sort=drop&dir=up'
    const { status, body } = await dashboard(`/outcomes${bad}`, bureau)
    expect(status).toBe(200)
    expect(body.filter).toEqual({})
    expect(body.data.totals.n).toBe(7)
    const listed = await register(`/outcomes/register${bad}`, bureau)
    expect(listed.status).toBe(200)
    expect(listed.body.total).toBe(7)
    expect((await run(csvLoader, `/outcomes/register.csv${bad}`, bureau)).status).toBe(200)
    // a year far outside the programme is no filter either; a lab that does not exist is not found
    expect((await dashboard('/outcomes?year=99999999999999999999', bureau)).body.data.totals.n).toBe(7)
    expect((await dashboard('/outcomes?lab=999999', bureau)).status).toBe(404)
    for (const bad of ['abc', '0', '-3', '1.5', '99999999999999999999', '%20']) {
      expect((await dashboard(`/outcomes?lab=${bad}`, bureau)).status, bad).toBe(404)
      expect((await register(`/outcomes/register?lab=${bad}`, bureau)).status, bad).toBe(404)
      expect((await run(xlsxLoader, `/outcomes/register.xlsx?lab=${bad}`, bureau)).status, bad).toBe(404)
    }
  })
})

describe('every figure opens the register rows it counts', () => {
  test('tiles and bars link to a register whose total is the figure', async () => {
    const cookie = await gusu()
    const { body } = await dashboard('/outcomes?year=2025', cookie)
    const { registerHref } = await import('~/models/outcome-dashboard-params')
    const filter = body.filter
    const checks: [string, number][] = [
      [registerHref(filter), body.data.totals.n],
      [registerHref(filter, { source: 'deliverable' }), body.data.totals.deliverables],
      [registerHref(filter, { kind: 'transfer' }), body.data.transfers.n],
      ...body.data.byForm.map((b) => [registerHref(filter, { form: b.key }), b.n] as [string, number]),
      ...body.data.byKind.map((b) => [registerHref(filter, { kind: b.key }), b.n] as [string, number]),
      ...body.data.byVerification.map((b) => [registerHref(filter, { verification: b.key }), b.n] as [string, number]),
    ]
    expect(checks.length).toBeGreaterThan(8)
    for (const [href, n] of checks) expect({ href, total: (await register(href, cookie)).body.total }).toEqual({ href, total: n })
  })

  test('the register lists accepted deliverables as outcomes, marked, linking to their own page', async () => {
    const { body } = await register('/outcomes/register?source=deliverable', bureau)
    expect(body.rows).toEqual([
      expect.objectContaining({
        source: 'deliverable',
        labId: gusuLab.id,
        forms: ['data', 'product'],
        kind: 'transfer',
        valueYuan: 123_456,
        verification: 'verified',
      }),
    ])
    const { registerRowHref } = await import('~/models/outcome-dashboard-params')
    expect(registerRowHref(body.rows[0])).toBe(`/labs/${gusuLab.id}/deliverables/${body.rows[0].id}`)
  })

  test('the register pages and sorts in SQL', async () => {
    const page1 = await register('/outcomes/register?size=20&sort=value&dir=desc', bureau)
    expect(page1.body.rows.map((r) => r.valueYuan)).toEqual([5_000_000, 123_456, 2_000, 1_000, null, null, null])
    const byDate = await register('/outcomes/register?page=2&size=20', bureau)
    expect(byDate.body).toMatchObject({ total: 7, rows: [] })
  })
})

describe('the exports', () => {
  test('the CSV is the filtered register for Excel: BOM, every row, values in 万元, formulas defused', async () => {
    const cookie = await gusu()
    const { response, bytes, text } = await fetchCsv(csvLoader, '/outcomes/register.csv?kind=transfer', cookie)
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const [header, ...rows] = parseCsv(text.slice(1))
    expect(header).toEqual(['编号', '名称', '来源', '实验室', '区', '方向', '形态', '类别', '日期', '金额（万元）', '核实状态'])
    // the gusu office's three transfers (two recorded, one deliverable), never 吴中's
    expect(rows).toHaveLength(3)
    expect(rows.map((r) => r[9]).sort()).toEqual(['0.1', '0.2', '12.3456'])
    expect(text).not.toContain('吴中')
    expect(rows.find((r) => r[2] === '年度成果')![6]).toBe('数据、产品')
    expect(rows.some((r) => r[1] === `'=HYPERLINK("x")`)).toBe(true)
    expect((await run(csvLoader, '/outcomes/register.csv?district=320506', cookie)).status).toBe(404)
  })

  test('the workbook holds the same rows as the CSV, dates as dates and 万元 as numbers', async () => {
    const csv = parseCsv((await fetchCsv(csvLoader, '/outcomes/register.csv', bureau)).text.slice(1))
    const { response, sheets } = await fetchXlsx(xlsxLoader, '/outcomes/register.xlsx', bureau)
    expect(response!.headers.get('Content-Type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const [sheet] = sheets
    // the CSV prefixes a formula-like cell with an apostrophe; the workbook keeps it as text instead
    expect(sheet!.text).toEqual(csv.map((r) => r.map((c) => (c.startsWith("'=") ? c.slice(1) : c))))
    expect(sheet!.text).toHaveLength(8)
    const formula = sheet!.cells.find((r) => r[1]!.text.startsWith('='))![1]!
    expect(formula.type).toBe(ExcelJS.ValueType.String)
    const transfer = sheet!.cells.find((r) => r[9]!.value === 12.3456)!
    expect(transfer[9]!.numFmt).toBe('#,##0.00')
    expect(transfer[8]!.value).toBeInstanceOf(Date)
    expect(transfer[8]!.numFmt).toBe('yyyy-mm-dd')
    expect(sheet!.ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
  })
})
