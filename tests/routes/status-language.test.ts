import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { loader as deliverableLoader } from '~/routes/labs.$labId.deliverables.$deliverableId'
import { loader as deliverablesLoader } from '~/routes/labs.$labId.deliverables._index'
import { loader as ledgerLoader } from '~/routes/labs.$labId.obligations'
import { loader as reportLoader } from '~/routes/labs.$labId.reports.$reportId'
import { loader as listLoader } from '~/routes/labs.$labId.reports._index'
import type { Db } from '~db/client.server'
import { filingEvents, validityPeriods } from '~db/schema'
import { insertAnnualReport, insertDeliverable, insertPeriod } from '~db/factories'
import { getRequest, makeLab, outcome, setupTestDb, signInAs, signInChief, TEST_CONTEXT } from '../helpers'
import { pinClock } from '../clock'

// docs/status-language.md: one answer about an ended period's obligations on every page, and a
// late filing marked late however long ago. Period 1 ran 2022-06-01..2024-05-31; period 2, in
// force, began 2024-06-01 (its year 1 report was due 2025-06-30). Today is 2026-06-10.
let db: Db
let bureau: string
let labId: number
let period1: number
let period2: number

pinClock(new Date('2026-06-10T04:00:00Z'))
beforeEach(async () => {
  db = setupTestDb()
  bureau = await signInChief(db)
  const lab = makeLab(db, { startDate: '2022-06-01', endDate: '2024-05-31', teamSize: 15 })
  labId = lab.id
  period1 = db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).get()!.id
  period2 = insertPeriod(db, { labId, sequence: 2, startDate: '2024-06-01' }).id
})

type State = { state: string; days: number } | null
type ListRow = { periodId: number; validityYear: number; status: State; daysOverdue: number | null }
type LedgerRow = { periodId: number; kind: string; validityYear: number; closed: State; filedLateDays: number | null }

const params = () => ({ labId: String(labId) })
const list = async (cookie = bureau) =>
  (await outcome(() => listLoader({ request: getRequest(`/labs/${labId}/reports`, cookie), params: params(), context: TEST_CONTEXT })))
    .body as unknown as { rows: ListRow[] }
const ledger = async (cookie = bureau) =>
  (
    await outcome(() =>
      ledgerLoader({ request: getRequest(`/labs/${labId}/obligations`, cookie), params: params(), context: TEST_CONTEXT }),
    )
  ).body as unknown as { rows: LedgerRow[] }

const listRow = (rows: ListRow[], periodId: number, year: number) => rows.find((r) => r.periodId === periodId && r.validityYear === year)!
const ledgerRow = (rows: LedgerRow[], periodId: number, year: number) =>
  rows.find((r) => r.periodId === periodId && r.validityYear === year && r.kind === 'annual_report')!

describe('an ended period’s reports', () => {
  test('a report never filed in period 1 is "closed, not met" in the reports list and the ledger alike — not red', async () => {
    // year 1 of period 1 filed on time, year 2 never
    insertAnnualReport(db, { labId, periodId: period1, validityYear: 1, status: 'accepted', submittedAt: '2023-06-20T02:00:00.000Z' })
    const rows = (await list()).rows
    expect(listRow(rows, period1, 2)).toMatchObject({ status: { state: 'closed_not_met' }, daysOverdue: null })
    expect(listRow(rows, period1, 1)).toMatchObject({ status: { state: 'closed_met', days: 0 }, daysOverdue: null })
    const led = (await ledger()).rows
    expect(ledgerRow(led, period1, 2).closed).toMatchObject({ state: 'closed_not_met' })
    expect(ledgerRow(led, period1, 1).closed).toMatchObject({ state: 'closed_met' })
    // the period in force is still judged: its unfiled year-1 report is overdue on both pages
    expect(listRow(rows, period2, 1)).toMatchObject({ status: { state: 'overdue' }, daysOverdue: 345 })
    expect(ledgerRow(led, period2, 1).closed).toBeNull()
  })

  test('the lab sees the same answer; another lab gets 404', async () => {
    const own = await signInAs(db, { role: 'lab', labId })
    expect(listRow((await list(own)).rows, period1, 2).status).toMatchObject({ state: 'closed_not_met' })
    const other = makeLab(db)
    const stranger = await signInAs(db, { role: 'lab', labId: other.id })
    const r = await outcome(() =>
      listLoader({ request: getRequest(`/labs/${labId}/reports`, stranger), params: params(), context: TEST_CONTEXT }),
    )
    expect(r.status).toBe(404)
  })
})

describe('逾期提交: filed late', () => {
  test('a report filed two years after its due date is marked late in the list, the ledger and on its page', async () => {
    // period 2 year 1 was due 2025-06-30; filed 2026-06-01 (336 days late); period 1 year 1 due 2023-06-30, filed 2025-06-30
    const late = insertAnnualReport(db, {
      labId,
      periodId: period2,
      validityYear: 1,
      status: 'submitted',
      submittedAt: '2026-06-01T02:00:00.000Z',
    })
    insertAnnualReport(db, { labId, periodId: period1, validityYear: 1, status: 'accepted', submittedAt: '2025-06-30T02:00:00.000Z' })
    const rows = (await list()).rows
    expect(listRow(rows, period2, 1).status).toEqual({ state: 'done_late', days: 336 })
    expect(listRow(rows, period1, 1).status).toEqual({ state: 'closed_met_late', days: 731 })
    const led = (await ledger()).rows
    expect(ledgerRow(led, period2, 1).filedLateDays).toBe(336)
    expect(ledgerRow(led, period1, 1)).toMatchObject({ filedLateDays: 731, closed: { state: 'closed_met_late', days: 731 } })
    const page = await outcome(() =>
      reportLoader({
        request: getRequest(`/labs/${labId}/reports/${late.id}`, bureau),
        params: { ...params(), reportId: String(late.id) },
        context: TEST_CONTEXT,
      }),
    )
    expect(page.body).toMatchObject({ filedLateDays: 336, daysOverdue: null, status: { state: 'done_late' } })
  })

  test('lateness counts from the first submission: a resubmission after a return does not make it late', async () => {
    const report = insertAnnualReport(db, {
      labId,
      periodId: period2,
      validityYear: 1,
      status: 'submitted',
      submittedAt: '2026-06-01T02:00:00.000Z',
    })
    db.insert(filingEvents)
      .values({
        filingKind: 'annual_report',
        filingId: report.id,
        labId,
        action: 'submit',
        fromStatus: 'draft',
        toStatus: 'submitted',
        actorName: '实验室',
        at: '2025-06-20T02:00:00.000Z',
      })
      .run()
    expect(listRow((await list()).rows, period2, 1).status).toEqual({ state: 'done', days: 0 })
    expect(ledgerRow((await ledger()).rows, period2, 1).filedLateDays).toBeNull()
  })
})

describe('逾期提交 on deliverables', () => {
  // period 2's year 1 (2024-06-01..2025-05-31) owed its deliverable by 2025-05-31
  test('a deliverable of a year, first filed after that year’s due date, is tagged late in the list and on its page', async () => {
    const late = insertDeliverable(db, { labId, completedOn: '2025-05-20', status: 'submitted', submittedAt: '2025-06-20T02:00:00.000Z' })
    const onTime = insertDeliverable(db, { labId, completedOn: '2025-04-01', status: 'accepted', submittedAt: '2025-05-30T02:00:00.000Z' })
    const draft = insertDeliverable(db, { labId, completedOn: '2025-03-01', status: 'draft' })
    const own = await signInAs(db, { role: 'lab', labId })
    const r = await outcome(() =>
      deliverablesLoader({ request: getRequest(`/labs/${labId}/deliverables`, own), params: params(), context: TEST_CONTEXT }),
    )
    const rows = (r.body as unknown as { rows: { id: number; filedLateDays: number | null }[] }).rows
    expect(rows.map((d) => [d.id, d.filedLateDays])).toEqual([
      [late.id, 20],
      [onTime.id, null],
      [draft.id, null],
    ])
    const page = await outcome(() =>
      deliverableLoader({
        request: getRequest(`/labs/${labId}/deliverables/${late.id}`, bureau),
        params: { ...params(), deliverableId: String(late.id) },
        context: TEST_CONTEXT,
      }),
    )
    expect(page.body).toMatchObject({ filedLateDays: 20 })
  })

  test('another lab’s deliverable is not found', async () => {
    const d = insertDeliverable(db, { labId, completedOn: '2025-05-20', status: 'submitted', submittedAt: '2025-06-20T02:00:00.000Z' })
    const stranger = await signInAs(db, { role: 'lab', labId: makeLab(db).id })
    const page = await outcome(() =>
      deliverableLoader({
        request: getRequest(`/labs/${labId}/deliverables/${d.id}`, stranger),
        params: { ...params(), deliverableId: String(d.id) },
        context: TEST_CONTEXT,
      }),
    )
    expect(page.status).toBe(404)
  })
})
