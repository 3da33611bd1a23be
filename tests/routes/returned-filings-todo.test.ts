import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import type { LabHomeData } from '~/models/lab-home.server'
import { loader as homeLoader } from '~/routes/_index'
import { action as deliverableAction } from '~/routes/labs.$labId.deliverables.$deliverableId'
import { action as reportAction } from '~/routes/labs.$labId.reports.$reportId'
import type { Db } from '~db/client.server'
import { insertAnnualReport, insertDeliverable, insertPeriod } from '~db/factories'
import { annualReports, deliverables, validityPeriods } from '~db/schema'
import { formRequest, getRequest, makeLab, outcome, setupTestDb, signInAs, TEST_CONTEXT, withVersion } from '../helpers'
import { pinClock } from '../clock'

// Issue 15: "a returned filing of any period stays on the lab's to-do list until it is
// resubmitted". The lab was certified 2023-06-01..2025-05-31, renewed, and is in its second
// period (2025-06-01..2027-05-31) on the pinned day; filings of both periods were returned.
pinClock(new Date('2026-06-10T04:00:00Z'))

const COMPLETE: Record<string, string> = {
  'progress.summary': '按两年规划推进，完成年度目标',
  'progress.targets.0.target': '发布开放数据集',
  'progress.targets.0.planned': '2 个',
  'progress.targets.0.achieved': '3 个',
  teamChanges: '新增两名数据工程师',
  security: '修订数据安全应急预案一次，开展演练一次，未发生安全事件',
  'funding.income.0.source': '市级专项资金',
  'funding.income.0.amount': '50',
  'funding.expenditure.0.item': '设备购置',
  'funding.expenditure.0.amount': '30',
  typicalCases: '城市交通信号优化案例',
  nextYearPlan: '扩大到三个区县的应用',
}

let db: Db
let lab: ReturnType<typeof makeLab>
let cookie: string
let filings: { oldReport: number; oldDeliverable: number; metDeliverable: number; currentReport: number }

const RETURNED = { status: 'returned' as const, submittedAt: '2025-07-01T02:00:00Z', decidedAt: '2025-07-20T02:00:00Z' }

beforeEach(async () => {
  db = setupTestDb()
  lab = makeLab(db, { startDate: '2023-06-01', teamSize: 16, secured: true })
  db.update(validityPeriods).set({ outcome: 'renewed', outcomeDate: '2025-05-20' }).where(eq(validityPeriods.labId, lab.id)).run()
  const first = db.select().from(validityPeriods).where(eq(validityPeriods.labId, lab.id)).get()!
  const second = insertPeriod(db, { labId: lab.id, sequence: 2, startDate: '2025-06-01' })
  const summary = '面向城市运行的多源数据融合平台。'
  filings = {
    // period 1, year 2: its report returned after the period ended
    oldReport: insertAnnualReport(db, { labId: lab.id, periodId: first.id, validityYear: 2, content: {}, ...RETURNED }).id,
    // period 1, year 2: a deliverable returned and never resubmitted
    oldDeliverable: insertDeliverable(db, { labId: lab.id, completedOn: '2024-09-01', title: '旧期成果', summary, ...RETURNED }).id,
    // period 2, year 1, whose deliverable obligation another accepted deliverable meets
    metDeliverable: insertDeliverable(db, { labId: lab.id, completedOn: '2025-10-01', title: '本年补充成果', summary, ...RETURNED }).id,
    currentReport: insertAnnualReport(db, { labId: lab.id, periodId: second.id, validityYear: 1, content: {}, ...RETURNED }).id,
  }
  insertDeliverable(db, {
    labId: lab.id,
    completedOn: '2025-09-01',
    title: '本年已通过成果',
    summary,
    status: 'accepted',
    submittedAt: '2025-09-10T02:00:00Z',
    decidedAt: '2025-09-20T02:00:00Z',
  })
  insertDeliverable(db, { labId: lab.id, completedOn: '2024-03-01', title: '旧期已通过成果', summary, status: 'accepted' })
  cookie = await signInAs(db, { role: 'lab', labId: lab.id })
})

async function todo() {
  const r = await outcome(() => homeLoader({ request: getRequest('/', cookie), params: {}, context: TEST_CONTEXT }))
  expect(r.status).toBe(200)
  const data = (r.body as unknown as { lab: LabHomeData }).lab
  if (data.state !== 'lab') throw new Error('not a lab home')
  // by id: the checklist orders them by the day they were returned, the same day here
  return data.checklist
    .filter((i) => i.id.startsWith('check:returned_filing:'))
    .map((i) => [i.id, i.href, i.reason])
    .sort(([a], [b]) => String(a).localeCompare(String(b)))
}

describe("a returned filing stays on the lab's to-do list until it is resubmitted", () => {
  test('every returned filing shows, whatever its period, even in a year already met, each linking to its page', async () => {
    expect(await todo()).toEqual([
      [
        `check:returned_filing:deliverable:${filings.oldDeliverable}`,
        `/labs/${lab.id}/deliverables/${filings.oldDeliverable}`,
        { key: 'compliance.returned.deliverable', params: { title: '旧期成果', date: '2025-07-20' } },
      ],
      [
        `check:returned_filing:deliverable:${filings.metDeliverable}`,
        `/labs/${lab.id}/deliverables/${filings.metDeliverable}`,
        { key: 'compliance.returned.deliverable', params: { title: '本年补充成果', date: '2025-07-20' } },
      ],
      [
        `check:returned_filing:report:${filings.oldReport}`,
        `/labs/${lab.id}/reports/${filings.oldReport}`,
        { key: 'compliance.returned.reportOfPeriod', params: { period: 1, year: 2, date: '2025-07-20' } },
      ],
      [
        `check:returned_filing:report:${filings.currentReport}`,
        `/labs/${lab.id}/reports/${filings.currentReport}`,
        { key: 'compliance.returned.reportOfPeriod', params: { period: 2, year: 1, date: '2025-07-20' } },
      ],
    ])
  })

  test('a resubmitted filing leaves the list; the others stay', async () => {
    const report = filings.oldReport
    const filed = await outcome(() =>
      reportAction({
        request: formRequest(
          `/labs/${lab.id}/reports/${report}`,
          withVersion(annualReports, report, { intent: 'submit', ...COMPLETE }),
          cookie,
        ),
        params: { labId: String(lab.id), reportId: String(report) },
        context: TEST_CONTEXT,
      }),
    )
    expect(filed.status).toBe(302)
    const deliverable = filings.oldDeliverable
    const refiled = await outcome(() =>
      deliverableAction({
        request: formRequest(
          `/labs/${lab.id}/deliverables/${deliverable}`,
          withVersion(deliverables, deliverable, { intent: 'resubmit' }),
          cookie,
        ),
        params: { labId: String(lab.id), deliverableId: String(deliverable) },
        context: TEST_CONTEXT,
      }),
    )
    expect(refiled.status).toBe(302)
    expect((await todo()).map(([id]) => id)).toEqual([
      `check:returned_filing:deliverable:${filings.metDeliverable}`,
      `check:returned_filing:report:${filings.currentReport}`,
    ])
  })
})
