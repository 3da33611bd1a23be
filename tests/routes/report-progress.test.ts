import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { labChecksOf } from '~/models/compliance.server'
import { periodProgress } from '~/models/progress.server'
import { action as reportAction, loader as reportLoader } from '~/routes/labs.$labId.reports.$reportId'
import { loader as printLoader } from '~/routes/labs.$labId.reports.$reportId_.print'
import { action as indexAction } from '~/routes/labs.$labId.reports._index'
import type { Db } from '~db/client.server'
import { annualReports, validityPeriods } from '~db/schema'
import { insertAnnualReport, insertOutcome } from '~db/factories'
import { errorsOf, formRequest, getRequest, makeCast, makeLab, outcome, setupTestDb, TEST_CONTEXT, valuesOf, withVersion } from '../helpers'
import { pinClock } from '../clock'
import { insertCustomIndicator, insertPlan } from '../progress-fixtures'

// The annual report and the indicator plan (issue 16, part 3). makeLab's period starts
// 2025-06-01: year 1 ended 2026-05-31; the clock stands on 2026-06-10. The lab's approved plan
// asks for 4 papers, 10 people trained and a custom money indicator (配套资金, 20 万元).
pinClock(new Date('2026-06-10T04:00:00Z'))

const COMPLETE: Record<string, string> = {
  'progress.summary': '按两年规划推进',
  'progress.targets.0.target': '论文',
  'progress.targets.0.planned': '4 项',
  'progress.targets.0.achieved': '2 项',
  teamChanges: '无变化',
  security: '未发生安全事件',
  'funding.income.0.source': '市级专项资金',
  'funding.income.0.amount': '50',
  'funding.expenditure.0.item': '设备购置',
  'funding.expenditure.0.amount': '30',
  typicalCases: '案例',
  nextYearPlan: '计划',
}

let db: Db
let labId: number
let periodId: number
let money: string
let cookies: Record<'lab' | 'otherLab' | 'gusu' | 'bureau', string>

beforeEach(async () => {
  db = setupTestDb()
  labId = makeLab(db, { districtCode: '320508', teamSize: 16 }).id
  const otherLabId = makeLab(db, { districtCode: '320508' }).id
  periodId = db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).get()!.id
  money = `c${insertCustomIndicator(db, { nameZh: '配套资金', nameEn: 'Matched funding', unit: 'yuan' }).id}`
  insertPlan(db, { labId, periodId, targets: { papers: 4, people_trained: 10, [money]: 200_000 } })
  insertOutcome(db, { labId, periodId, occurredOn: '2025-09-01', kind: 'paper', verification: 'verified' })
  insertOutcome(db, { labId, periodId, occurredOn: '2025-10-01', kind: 'paper' })
  cookies = (
    await makeCast(db, {
      lab: { role: 'lab', labId },
      otherLab: { role: 'lab', labId: otherLabId },
      gusu: { role: 'district', districtCode: '320508' },
      bureau: { role: 'bureau' },
    })
  ).cookies
})

const args = (url: string, reportId: number, request: Request) => ({
  request,
  params: { labId: String(labId), reportId: String(reportId) },
  context: TEST_CONTEXT,
})
const view = (reportId: number, cookie: string) =>
  outcome(() => reportLoader(args('', reportId, getRequest(`/labs/${labId}/reports/${reportId}`, cookie))))
const post = (reportId: number, cookie: string, fields: Record<string, string>) =>
  outcome(() =>
    reportAction(
      args('', reportId, formRequest(`/labs/${labId}/reports/${reportId}`, withVersion(annualReports, reportId, fields), cookie)),
    ),
  )
const start = () =>
  outcome(() =>
    indexAction({
      request: formRequest(`/labs/${labId}/reports?index`, { intent: 'start', periodId: String(periodId), validityYear: '1' }, cookies.lab),
      params: { labId: String(labId) },
      context: TEST_CONTEXT,
    }),
  )
const startedReport = async () => {
  expect((await start()).status).toBe(302)
  return db.select().from(annualReports).where(eq(annualReports.labId, labId)).get()!
}
type Stored = { progress: { targets: unknown[]; declared: Record<string, number> } }
const stored = (id: number) => db.select().from(annualReports).where(eq(annualReports.id, id)).get()!.content as unknown as Stored
const line = (field: string) => periodProgress(db, periodId)!.lines.find((l) => l.field === field)!

describe('the report starts from the plan', () => {
  test('a new draft’s targets table holds the plan’s lines: name, target and what is achieved so far', async () => {
    const report = await startedReport()
    expect(stored(report.id).progress.targets).toEqual([
      { target: '论文', planned: '4 项', achieved: '2 项' },
      { target: '培养人才', planned: '10 人', achieved: '0 人' },
      { target: '配套资金', planned: '20 万元', achieved: '0 万元' },
    ])
  })

  test('a draft started before the plan, with an empty table, is offered the rows; a filled table is left alone', async () => {
    const draft = insertAnnualReport(db, { labId, periodId, validityYear: 1, status: 'draft', content: {} })
    const page = (await view(draft.id, cookies.lab)).body as { formValues: Record<string, string> }
    expect(page.formValues['progress.targets.0.target']).toBe('论文')
    expect(page.formValues['progress.targets.2.planned']).toBe('20 万元')
    db.update(annualReports)
      .set({ content: { progress: { targets: [{ target: '自填', planned: '1', achieved: '1' }] } } })
      .run()
    const again = (await view(draft.id, cookies.lab)).body as { formValues: Record<string, string> }
    expect(again.formValues['progress.targets.0.target']).toBe('自填')
    expect(again.formValues['progress.targets.1.target']).toBeUndefined()
  })

  test('the page shows the period’s progress and asks for the lines the register cannot count', async () => {
    const report = await startedReport()
    const page = (await view(report.id, cookies.lab)).body as {
      progress: { lines: { field: string; target: number; achieved: number; verified: number }[]; fulfilment: number }
      declaredLines: { field: string }[]
    }
    expect(page.progress.lines.map((l) => [l.field, l.target, l.achieved, l.verified])).toEqual([
      ['papers', 4, 2, 1],
      ['people_trained', 10, 0, 0],
      [money, 200_000, 0, 0],
    ])
    // papers 50%, the others 0: (50 + 0 + 0) / 3
    expect(page.progress.fulfilment).toBe(16)
    expect(page.declaredLines.map((l) => l.field)).toEqual(['people_trained', money])
  })
})

describe('declared figures', () => {
  test('the lab saves them (money in 万元, kept as yuan); a draft does not count yet, the filed report does, the accepted one is verified', async () => {
    const report = await startedReport()
    const saved = await post(report.id, cookies.lab, {
      intent: 'save',
      ...COMPLETE,
      'progress.declared.people_trained': '6',
      [`progress.declared.${money}`]: '12.5',
    })
    expect(saved.status).toBe(302)
    expect(stored(report.id).progress.declared).toEqual({ people_trained: 6, [money]: 125_000 })
    const page = (await view(report.id, cookies.lab)).body as { formValues: Record<string, string> }
    expect(page.formValues[`progress.declared.${money}`]).toBe('12.5')
    expect(line('people_trained').achieved).toBe(0)

    expect((await post(report.id, cookies.lab, { intent: 'submit', ...COMPLETE, 'progress.declared.people_trained': '6' })).status).toBe(
      302,
    )
    expect(stored(report.id).progress.declared).toEqual({ people_trained: 6 })
    expect([line('people_trained').achieved, line('people_trained').verified]).toEqual([6, 0])

    db.update(annualReports).set({ status: 'accepted' }).where(eq(annualReports.id, report.id)).run()
    expect([line('people_trained').achieved, line('people_trained').verified]).toEqual([6, 6])
    const print = (
      await outcome(() => printLoader(args('', report.id, getRequest(`/labs/${labId}/reports/${report.id}/print`, cookies.bureau))))
    ).body as { content: { progress: { declared: Record<string, number> } }; progress: { lines: unknown[] } }
    expect(print.content.progress.declared).toEqual({ people_trained: 6 })
    expect(print.progress.lines).toHaveLength(3)
  })

  test('filing the figures clears the plan warning they answer', async () => {
    // year 1 ended with no people trained stated: under half of 10
    const before = labChecksOf({ labId, today: '2026-06-10' }).filter((c) => c.checkId === 'plan_progress')
    expect(before.map((c) => c.subject)).toEqual(expect.arrayContaining(['people_trained', money]))
    const report = await startedReport()
    await post(report.id, cookies.lab, {
      intent: 'submit',
      ...COMPLETE,
      'progress.declared.people_trained': '5',
      [`progress.declared.${money}`]: '10',
    })
    const after = labChecksOf({ labId, today: '2026-06-10' }).filter((c) => c.checkId === 'plan_progress')
    expect(after.map((c) => [c.subject, c.result])).toEqual([['', 'ok']])
  })

  test('bad figures are refused with their messages, what was typed is kept and nothing is stored', async () => {
    const report = await startedReport()
    const before = stored(report.id)
    const r = await post(report.id, cookies.lab, {
      intent: 'save',
      ...COMPLETE,
      'progress.declared.people_trained': '六',
      [`progress.declared.${money}`]: '1.23456',
    })
    expect(r.status).toBe(400)
    expect(errorsOf(r)).toMatchObject({
      'progress.declared.people_trained': { key: 'indicators.error.count' },
      [`progress.declared.${money}`]: { key: 'indicators.error.money' },
    })
    expect(valuesOf(r)['progress.declared.people_trained']).toBe('六')
    expect(valuesOf(r)['progress.summary']).toBe(COMPLETE['progress.summary'])
    expect(stored(report.id)).toEqual(before)
  })

  test('a figure for an indicator the plan does not ask the report for is refused', async () => {
    const report = await startedReport()
    const r = await post(report.id, cookies.lab, { intent: 'save', ...COMPLETE, 'progress.declared.papers': '9' })
    expect(r.status).toBe(400)
    expect(errorsOf(r)['progress.declared.papers']).toEqual({ key: 'reports.error.declaredUnknown' })
  })

  test('only the lab’s own staff state figures: the district is refused, another lab finds nothing', async () => {
    const report = await startedReport()
    const fields = { intent: 'save', ...COMPLETE, 'progress.declared.people_trained': '6' }
    expect((await post(report.id, cookies.gusu, fields)).status).toBe(403)
    expect((await post(report.id, cookies.bureau, fields)).status).toBe(403)
    expect((await post(report.id, cookies.otherLab, fields)).status).toBe(404)
    expect((await view(report.id, cookies.otherLab)).status).toBe(404)
    expect(stored(report.id).progress.declared).toEqual({})
  })
})
