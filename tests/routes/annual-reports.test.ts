import { and, asc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { labChecksOf } from '~/models/compliance.server'
import { action as reportAction, loader as reportLoader } from '~/routes/labs.$labId.reports.$reportId'
import { loader as printLoader } from '~/routes/labs.$labId.reports.$reportId_.print'
import { action as indexAction, loader as indexLoader } from '~/routes/labs.$labId.reports._index'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { annualReports, auditLog, deliverables, filingEvents, teamMembers, validityPeriods } from '~db/schema'
import type { DistrictCode } from '~db/schema/enums'
import {
  errorsOf,
  formRequest,
  getRequest,
  makeLab,
  outcome,
  setupTestDb,
  signInAs,
  signInChief,
  TEST_CONTEXT,
  valuesOf,
  withVersion,
} from '../helpers'
import { pinClock } from '../clock'
import { insertAnnualReport, insertDeliverable } from '~db/factories'

// makeLab's period starts 2025-06-01: year 1 runs to 2026-05-31 and its report is due 30 days
// later, 2026-06-30 (a Tuesday). The clock stands on 2026-06-10, after year 1 has ended.
const DAY = '2026-06-10T04:00:00Z'

const COMPLETE: Record<string, string> = {
  'progress.summary': '按两年规划推进，完成年度目标',
  'progress.targets.0.target': '发布开放数据集',
  'progress.targets.0.planned': '2 个',
  'progress.targets.0.achieved': '3 个',
  teamChanges: '新增两名数据工程师',
  security: '修订数据安全应急预案一次，开展演练一次，未发生安全事件',
  'funding.income.0.source': '市级专项资金',
  'funding.income.0.amount': '50',
  'funding.income.1.source': '依托单位自筹',
  'funding.income.1.amount': '20.5',
  'funding.expenditure.0.item': '设备购置',
  'funding.expenditure.0.amount': '30',
  typicalCases: '城市交通信号优化案例',
  nextYearPlan: '扩大到三个区县的应用',
}

let db: Db
let bureauCookie: string

pinClock(new Date(DAY))
beforeEach(async () => {
  db = setupTestDb()
  bureauCookie = await signInChief(db)
})

const labCookie = (labId: number) => signInAs(db, { role: 'lab', labId })
const districtCookie = (districtCode: DistrictCode = '320508') => signInAs(db, { role: 'district', districtCode })

const list = (labId: number, cookie: string) =>
  outcome(() =>
    indexLoader({
      request: getRequest(`/labs/${labId}/reports`, cookie),
      params: { labId: String(labId) },
      context: TEST_CONTEXT,
    }),
  )

const start = (labId: number, cookie: string, fields: Record<string, string> = {}) => {
  const periodId = db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).get()!.id
  const body = { intent: 'start', periodId: String(periodId), validityYear: '1', ...fields }
  return outcome(() =>
    indexAction({
      request: formRequest(`/labs/${labId}/reports?index`, body, cookie),
      params: { labId: String(labId) },
      context: TEST_CONTEXT,
    }),
  )
}

const view = (labId: number, reportId: number, cookie: string) =>
  outcome(() =>
    reportLoader({
      request: getRequest(`/labs/${labId}/reports/${reportId}`, cookie),
      params: { labId: String(labId), reportId: String(reportId) },
      context: TEST_CONTEXT,
    }),
  )

const post = (labId: number, reportId: number, cookie: string, fields: Record<string, string>) =>
  outcome(() =>
    reportAction({
      request: formRequest(`/labs/${labId}/reports/${reportId}`, withVersion(annualReports, reportId, fields), cookie),
      params: { labId: String(labId), reportId: String(reportId) },
      context: TEST_CONTEXT,
    }),
  )

const reportOf = (id: number) => db.select().from(annualReports).where(eq(annualReports.id, id)).get()!

// A lab in 姑苏区 with a team meeting both thresholds, its staff, and its year-1 report started.
async function startedReport({ teamSize = 16 }: { teamSize?: number } = {}) {
  const lab = makeLab(db, { districtCode: '320508', teamSize })
  const cookie = await labCookie(lab.id)
  const r = await start(lab.id, cookie)
  const report = db.select().from(annualReports).where(eq(annualReports.labId, lab.id)).get()!
  expect(r).toMatchObject({ status: 302, location: `/labs/${lab.id}/reports/${report.id}?saved=start` })
  return { lab, cookie, report }
}

describe('the list of a lab’s reports', () => {
  test('one row per validity year with the ledger’s due date; year 1 may be started, year 2 not yet', async () => {
    const lab = makeLab(db)
    const r = await list(lab.id, await labCookie(lab.id))
    expect(r.status).toBe(200)
    expect(r.body.rows).toMatchObject([
      {
        sequence: 1,
        validityYear: 1,
        yearStart: '2025-06-01',
        yearEnd: '2026-05-31',
        dueDate: '2026-06-30',
        report: null,
        daysOverdue: null,
        canStart: true,
      },
      {
        sequence: 1,
        validityYear: 2,
        yearStart: '2026-06-01',
        yearEnd: '2027-05-31',
        opensOn: '2027-05-01',
        report: null,
        canStart: false,
      },
    ])
  })

  test('a year past its due date without a filed report is marked overdue; a draft does not count as filed', async () => {
    const { lab, cookie } = await startedReport()
    setClock(new Date('2026-07-03T04:00:00Z'))
    const r = await list(lab.id, cookie)
    expect((r.body.rows as { validityYear: number; daysOverdue: number | null; report: { status: string } }[])[0]).toMatchObject({
      validityYear: 1,
      daysOverdue: 3,
      report: { status: 'draft' },
    })
  })

  test('only the lab itself is offered the start; the bureau and the district see the years', async () => {
    const lab = makeLab(db)
    for (const cookie of [bureauCookie, await districtCookie('320508')]) {
      const r = await list(lab.id, cookie)
      expect(r.status).toBe(200)
      expect((r.body.rows as { canStart: boolean }[]).map((row) => row.canStart)).toEqual([false, false])
    }
  })

  test('another lab’s list is 404 for a lab user and for another district', async () => {
    const lab = makeLab(db, { districtCode: '320508' })
    const other = makeLab(db, { districtCode: '320508' })
    expect((await list(other.id, await labCookie(lab.id))).status).toBe(404)
    expect((await list(lab.id, await districtCookie('320571'))).status).toBe(404)
  })
})

describe('starting a report', () => {
  test('the lab starts its draft: empty content, audited, and the thread opens', async () => {
    const { lab, report } = await startedReport()
    expect(report).toMatchObject({ status: 'draft', validityYear: 1, rosterSnapshot: null, submittedAt: null })
    const audit = db.select().from(auditLog).where(eq(auditLog.entityType, 'annual_report')).all()
    expect(audit.map((a) => [a.action, a.entityId, a.labId])).toEqual([['create', String(report.id), lab.id]])
    const thread = db.select().from(filingEvents).where(eq(filingEvents.filingId, report.id)).all()
    expect(thread.map((e) => [e.filingKind, e.action, e.toStatus])).toEqual([['annual_report', 'create', 'draft']])
  })

  test('a second start for the same year is refused with a message and nothing is added', async () => {
    const { lab, cookie } = await startedReport()
    const again = await start(lab.id, cookie)
    expect(again.status).toBe(400)
    expect(errorsOf(again)._form).toEqual({ key: 'reports.error.exists', vars: { sequence: 1, year: 1 } })
    expect(valuesOf(again)).toMatchObject({ validityYear: '1' })
    expect(db.select().from(annualReports).all()).toHaveLength(1)
  })

  test('a year that has not reached its last 30 days cannot be started yet', async () => {
    const lab = makeLab(db)
    const r = await start(lab.id, await labCookie(lab.id), { validityYear: '2' })
    expect(r.status).toBe(400)
    expect(errorsOf(r)._form).toEqual({ key: 'reports.error.notOpenYet', vars: { opensOn: '2027-05-01' } })
  })

  test('a period of another lab or a year 3 is refused as bad input', async () => {
    const lab = makeLab(db)
    const other = makeLab(db)
    const otherPeriod = db.select().from(validityPeriods).where(eq(validityPeriods.labId, other.id)).get()!
    const cookie = await labCookie(lab.id)
    expect(errorsOf(await start(lab.id, cookie, { periodId: String(otherPeriod.id) })).periodId?.key).toBe('reports.error.noSuchYear')
    expect(errorsOf(await start(lab.id, cookie, { validityYear: '3' })).validityYear?.key).toBe('reports.error.noSuchYear')
    expect(errorsOf(await start(lab.id, cookie, { periodId: 'abc' })).periodId?.key).toBe('reports.error.noSuchYear')
    expect(db.select().from(annualReports).all()).toHaveLength(0)
  })

  test('the bureau and the district may not start a lab’s report (403); another lab’s user gets 404', async () => {
    const lab = makeLab(db, { districtCode: '320508' })
    const stranger = makeLab(db, { districtCode: '320508' })
    expect((await start(lab.id, bureauCookie)).status).toBe(403)
    expect((await start(lab.id, await districtCookie('320508'))).status).toBe(403)
    expect((await start(lab.id, await labCookie(stranger.id))).status).toBe(404)
    expect(db.select().from(annualReports).all()).toHaveLength(0)
  })
})

describe('the review of a report', () => {
  test('draft, submit, district opinion, return, resubmit, accept: each step stored, audited and threaded', async () => {
    const { lab, cookie, report } = await startedReport()
    const url = `/labs/${lab.id}/reports/${report.id}`

    // a partial draft saves
    const saved = await post(lab.id, report.id, cookie, {
      intent: 'save',
      'progress.summary': '进行中',
      'funding.income.0.source': '专项',
      'funding.income.0.amount': '',
    })
    expect(saved).toMatchObject({ status: 302, location: `${url}?saved=save` })
    expect(reportOf(report.id)).toMatchObject({
      status: 'draft',
      content: { progress: { summary: '进行中' }, funding: { income: [{ source: '专项', amount: null }] } },
    })

    // submitting an incomplete report: 400, field messages, what was typed kept, nothing filed
    const incomplete = await post(lab.id, report.id, cookie, { intent: 'submit', 'progress.summary': '进行中', security: '已建立预案' })
    expect(incomplete.status).toBe(400)
    expect(errorsOf(incomplete)).toMatchObject({
      _form: { key: 'reports.error.incomplete' },
      'progress.targets': { key: 'reports.error.targetsRequired' },
      teamChanges: { key: 'reports.error.sectionRequired' },
      'funding.income': { key: 'reports.error.incomeRequired' },
      nextYearPlan: { key: 'reports.error.sectionRequired' },
    })
    expect(errorsOf(incomplete).security).toBeUndefined()
    expect(valuesOf(incomplete)).toMatchObject({ 'progress.summary': '进行中', security: '已建立预案' })
    expect(reportOf(report.id).status).toBe('draft')

    // the compliance check sees an unfiled report due within its window
    expect(labChecksOf({ labId: lab.id, today: '2026-06-10' }).find((c) => c.checkId === 'annual_report')).toMatchObject({
      result: 'warning',
    })

    // complete: submitted, with the roster and its thresholds as they stand today
    expect(await post(lab.id, report.id, cookie, { intent: 'submit', ...COMPLETE })).toMatchObject({
      status: 302,
      location: `${url}?saved=submit`,
    })
    const submitted = reportOf(report.id)
    expect(submitted).toMatchObject({
      status: 'submitted',
      submittedAt: '2026-06-10T04:00:00.000Z',
      content: { funding: { income: [{ amount: 50 }, { amount: 20.5 }] } },
    })
    expect(submitted.rosterSnapshot).toMatchObject({
      takenOn: '2026-06-10',
      thresholds: { headcount: 16, qualifiedCount: 3, meetsHeadcount: true, meetsQualified: true },
    })
    expect((submitted.rosterSnapshot as { members: unknown[] }).members).toHaveLength(16)
    expect(labChecksOf({ labId: lab.id, today: '2026-06-10' }).find((c) => c.checkId === 'annual_report')).toMatchObject({
      result: 'ok',
      reasonKey: 'compliance.report.submitted',
    })

    // a later roster change does not touch the snapshot
    db.update(teamMembers).set({ active: false }).where(eq(teamMembers.labId, lab.id)).run()
    expect((reportOf(report.id).rosterSnapshot as { thresholds: { headcount: number } }).thresholds.headcount).toBe(16)

    // the lab can no longer edit it while it is under review
    const locked = await post(lab.id, report.id, cookie, { intent: 'save', ...COMPLETE, nextYearPlan: '改动' })
    expect(locked.status).toBe(400)
    expect(errorsOf(locked)._form?.key).toBe('reports.error.underReview')

    // the lab's district gives its opinion; the status stays
    const district = await districtCookie('320508')
    const unchosen = await post(lab.id, report.id, district, { intent: 'district_opinion', comment: '区县同意上报' })
    expect(unchosen.status).toBe(400)
    expect(errorsOf(unchosen).opinion?.key).toBe('filings.opinion.required')
    const unexplained = await post(lab.id, report.id, district, { intent: 'district_opinion', opinion: 'oppose', comment: '' })
    expect(unexplained.status).toBe(400)
    expect(errorsOf(unexplained).comment?.key).toBe('filings.opinion.reasonsRequired')
    // 推荐 needs no reasons, though it may give them
    expect(
      await post(lab.id, report.id, district, { intent: 'district_opinion', opinion: 'support', comment: '区县同意上报' }),
    ).toMatchObject({ status: 302 })
    expect(reportOf(report.id)).toMatchObject({
      status: 'submitted',
      districtOpinion: 'support',
      districtOpinionAt: '2026-06-10T04:00:00.000Z',
    })
    // the district does not decide
    expect((await post(lab.id, report.id, district, { intent: 'accept', grade: 'good' })).status).toBe(403)

    // the bureau returns it: a comment is required
    const noComment = await post(lab.id, report.id, bureauCookie, { intent: 'return', comment: '  ' })
    expect(noComment.status).toBe(400)
    expect(errorsOf(noComment).comment).toEqual({ key: 'reports.error.commentRequired' })
    expect(reportOf(report.id).status).toBe('submitted')
    expect(await post(lab.id, report.id, bureauCookie, { intent: 'return', comment: '请补充经费支出明细' })).toMatchObject({ status: 302 })
    expect(reportOf(report.id).status).toBe('returned')
    const returnedView = await view(lab.id, report.id, cookie)
    expect(returnedView.body).toMatchObject({ canEdit: true, lastReturn: { comment: '请补充经费支出明细' } })

    // the lab revises and resubmits; the new snapshot reflects the roster now
    db.update(teamMembers).set({ active: true }).where(eq(teamMembers.labId, lab.id)).run()
    const resubmit = await post(lab.id, report.id, cookie, {
      intent: 'submit',
      ...COMPLETE,
      'funding.expenditure.1.item': '人员费用',
      'funding.expenditure.1.amount': '25',
    })
    expect(resubmit.status).toBe(302)
    expect(reportOf(report.id)).toMatchObject({
      status: 'submitted',
      content: { funding: { expenditure: [{ item: '设备购置' }, { item: '人员费用', amount: 25 }] } },
    })

    // accepting needs a grade from the set
    const noGrade = await post(lab.id, report.id, bureauCookie, { intent: 'accept', grade: '' })
    expect(noGrade.status).toBe(400)
    expect(errorsOf(noGrade).grade).toEqual({ key: 'reports.error.gradeRequired' })
    expect(errorsOf(await post(lab.id, report.id, bureauCookie, { intent: 'accept', grade: 'A+' })).grade?.key).toBe('form.invalidChoice')
    expect(reportOf(report.id).status).toBe('submitted')
    expect(await post(lab.id, report.id, bureauCookie, { intent: 'accept', grade: 'good', comment: '' })).toMatchObject({ status: 302 })
    expect(reportOf(report.id)).toMatchObject({ status: 'accepted', grade: 'good', decidedAt: '2026-06-10T04:00:00.000Z' })

    // accepted is locked: the lab's save and resubmission are refused, the content unchanged
    const before = reportOf(report.id)
    const afterAccept = await post(lab.id, report.id, cookie, { intent: 'save', ...COMPLETE, typicalCases: '改动' })
    expect(afterAccept.status).toBe(400)
    expect(errorsOf(afterAccept)._form?.key).toBe('reports.error.locked')
    // a submission the status does not allow: the page was stale, 409 as for deliverables
    expect((await post(lab.id, report.id, cookie, { intent: 'submit', ...COMPLETE })).status).toBe(409)
    expect(reportOf(report.id)).toEqual(before)
    expect((await view(lab.id, report.id, cookie)).body).toMatchObject({ canEdit: false, reviewSteps: [] })

    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'annual_report'), eq(auditLog.entityId, String(report.id))))
      .orderBy(asc(auditLog.id))
      .all()
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'submit', 'district_opinion', 'return', 'resubmit', 'accept'])
    expect(audit.every((a) => a.labId === lab.id)).toBe(true)
    expect(audit.at(-1)).toMatchObject({
      before: expect.objectContaining({ status: 'submitted' }),
      after: expect.objectContaining({ status: 'accepted', grade: 'good' }),
    })

    const thread = db.select().from(filingEvents).where(eq(filingEvents.filingId, report.id)).orderBy(asc(filingEvents.id)).all()
    expect(thread.map((e) => [e.action, e.fromStatus, e.toStatus, e.comment, e.grade])).toEqual([
      ['create', null, 'draft', '', null],
      ['submit', 'draft', 'submitted', '', null],
      ['district_opinion', 'submitted', 'submitted', '区县同意上报', null],
      ['return', 'submitted', 'returned', '请补充经费支出明细', null],
      ['resubmit', 'returned', 'submitted', '', null],
      ['accept', 'submitted', 'accepted', '', 'good'],
    ])
    // and the page shows that thread
    expect(((await view(lab.id, report.id, bureauCookie)).body.thread as unknown[]).length).toBe(6)
  })

  test('a lab cannot accept or return its own report (403)', async () => {
    const { lab, cookie, report } = await startedReport()
    await post(lab.id, report.id, cookie, { intent: 'submit', ...COMPLETE })
    expect((await post(lab.id, report.id, cookie, { intent: 'accept', grade: 'excellent' })).status).toBe(403)
    expect((await post(lab.id, report.id, cookie, { intent: 'return', comment: '自己退回' })).status).toBe(403)
    expect(reportOf(report.id).status).toBe('submitted')
  })

  test('the bureau cannot submit or edit a lab’s report (403)', async () => {
    const { lab, report } = await startedReport()
    expect((await post(lab.id, report.id, bureauCookie, { intent: 'submit', ...COMPLETE })).status).toBe(403)
    expect((await post(lab.id, report.id, bureauCookie, { intent: 'save', ...COMPLETE })).status).toBe(403)
    expect(reportOf(report.id)).toMatchObject({ status: 'draft', content: { nextYearPlan: '' } })
  })

  test('a report cannot be submitted before its year has ended', async () => {
    const { lab, cookie, report } = await startedReport()
    setClock(new Date('2026-05-31T04:00:00Z'))
    const r = await post(lab.id, report.id, cookie, { intent: 'submit', ...COMPLETE })
    expect(r.status).toBe(400)
    expect(errorsOf(r)._form).toEqual({ key: 'reports.error.yearNotEnded', vars: { yearEnd: '2026-05-31' } })
    expect(reportOf(report.id).status).toBe('draft')
    expect((await view(lab.id, report.id, cookie)).body).toMatchObject({ canSubmitNow: false })
  })

  test('a step the status does not allow is a 409 with a message, not a change', async () => {
    const { lab, report } = await startedReport()
    const r = await post(lab.id, report.id, bureauCookie, { intent: 'accept', grade: 'good' })
    expect(r.status).toBe(409)
    expect(errorsOf(r)._form?.key).toBe('reports.error.wrongStatus')
    expect((await post(lab.id, report.id, bureauCookie, { intent: 'approve' })).status).toBe(400)
    expect(reportOf(report.id).status).toBe('draft')
  })
})

describe('who sees a report', () => {
  test('a lab user gets 404 for another lab’s report, by its own URL or the other lab’s', async () => {
    const { lab, report } = await startedReport()
    const other = makeLab(db, { districtCode: '320508' })
    const otherCookie = await labCookie(other.id)
    expect((await view(lab.id, report.id, otherCookie)).status).toBe(404)
    expect((await view(other.id, report.id, otherCookie)).status).toBe(404)
    expect((await post(other.id, report.id, otherCookie, { intent: 'save', ...COMPLETE })).status).toBe(404)
    expect((await post(lab.id, report.id, otherCookie, { intent: 'save', ...COMPLETE })).status).toBe(404)
    expect((await post(lab.id, report.id, otherCookie, { intent: 'submit', ...COMPLETE })).status).toBe(404)
    expect(reportOf(report.id)).toMatchObject({ status: 'draft', content: { nextYearPlan: '' } })
  })

  test('the lab’s district neither writes nor decides a report (403), and the bureau gives no district opinion', async () => {
    const { lab, cookie, report } = await startedReport()
    const gusu = await districtCookie('320508')
    expect((await post(lab.id, report.id, gusu, { intent: 'save', ...COMPLETE })).status).toBe(403)
    expect((await post(lab.id, report.id, gusu, { intent: 'submit', ...COMPLETE })).status).toBe(403)
    expect(reportOf(report.id)).toMatchObject({ status: 'draft', content: { nextYearPlan: '' } })
    await post(lab.id, report.id, cookie, { intent: 'submit', ...COMPLETE })
    expect((await post(lab.id, report.id, gusu, { intent: 'accept', grade: 'excellent' })).status).toBe(403)
    expect((await post(lab.id, report.id, gusu, { intent: 'return', comment: '区里退回' })).status).toBe(403)
    expect((await post(lab.id, report.id, bureauCookie, { intent: 'district_opinion', comment: '市局代填' })).status).toBe(403)
    expect(reportOf(report.id).status).toBe('submitted')
    const thread = db
      .select()
      .from(filingEvents)
      .where(and(eq(filingEvents.filingKind, 'annual_report'), eq(filingEvents.filingId, report.id)))
      .all()
    expect(thread.map((e) => e.action)).toEqual(['create', 'submit'])
  })

  test('a district sees its labs’ reports; another district gets 404 for the page, the print view and the steps', async () => {
    const { lab, cookie, report } = await startedReport()
    await post(lab.id, report.id, cookie, { intent: 'submit', ...COMPLETE })
    const own = await view(lab.id, report.id, await districtCookie('320508'))
    expect(own).toMatchObject({ status: 200, body: { canEdit: false, reviewSteps: ['district_opinion'] } })
    const foreign = await districtCookie('320571')
    expect((await view(lab.id, report.id, foreign)).status).toBe(404)
    expect((await post(lab.id, report.id, foreign, { intent: 'district_opinion', comment: '越权' })).status).toBe(404)
    const print = (cookie: string) =>
      outcome(() =>
        printLoader({
          request: getRequest(`/labs/${lab.id}/reports/${report.id}/print`, cookie),
          params: { labId: String(lab.id), reportId: String(report.id) },
          context: TEST_CONTEXT,
        }),
      )
    expect((await print(foreign)).status).toBe(404)
    expect(await print(bureauCookie)).toMatchObject({
      status: 200,
      body: { report: { status: 'submitted' }, content: { nextYearPlan: COMPLETE.nextYearPlan } },
    })
  })

  test('an expert, another district and another lab get 404 for the list, the page and every step of a submitted report', async () => {
    const { lab, cookie, report } = await startedReport()
    await post(lab.id, report.id, cookie, { intent: 'submit', ...COMPLETE })
    const other = makeLab(db, { districtCode: '320508' })
    const outsiders = [await signInAs(db, { role: 'expert' }), await districtCookie('320571'), await labCookie(other.id)]
    for (const outsider of outsiders) {
      expect((await list(lab.id, outsider)).status).toBe(404)
      expect((await view(lab.id, report.id, outsider)).status).toBe(404)
      expect((await start(lab.id, outsider, { validityYear: '2' })).status).toBe(404)
      const steps: Record<string, string>[] = [
        { intent: 'save', ...COMPLETE },
        { intent: 'submit', ...COMPLETE },
        { intent: 'district_opinion', comment: '越权' },
        { intent: 'return', comment: '越权' },
        { intent: 'accept', grade: 'excellent' },
        { intent: 'removeAttachment', attachmentId: '1' },
      ]
      for (const fields of steps) expect((await post(lab.id, report.id, outsider, fields)).status).toBe(404)
    }
    expect(reportOf(report.id).status).toBe('submitted')
    const thread = db.select().from(filingEvents).where(eq(filingEvents.filingId, report.id)).all()
    expect(thread.map((e) => e.action)).toEqual(['create', 'submit'])
  })

  test('the bureau is offered return and accept on a submitted report', async () => {
    const { lab, cookie, report } = await startedReport()
    expect((await view(lab.id, report.id, bureauCookie)).body).toMatchObject({ reviewSteps: [] })
    await post(lab.id, report.id, cookie, { intent: 'submit', ...COMPLETE })
    expect((await view(lab.id, report.id, bureauCookie)).body).toMatchObject({ reviewSteps: ['return', 'accept'], canEdit: false })
  })
})

describe('the report page', () => {
  test('the year’s deliverables are linked by completion date, one line per deliverable', async () => {
    const { lab, cookie, report } = await startedReport()
    const add = (title: string, completedOn: string, status: 'draft' | 'accepted' | 'superseded', rootId?: number, version = 1) => {
      const row = insertDeliverable(db, {
        labId: lab.id,
        type: 'report',
        forms: ['data'],
        title,
        completedOn,
        status,
        version,
        rootId: rootId ?? null,
      })
      if (!rootId) db.update(deliverables).set({ rootId: row.id }).where(eq(deliverables.id, row.id)).run()
      return row
    }
    const first = add('第一年成果', '2025-06-01', 'superseded')
    add('第一年成果（修订）', '2025-06-01', 'accepted', first.id, 2)
    const revising = add('第一年成果（再修订）', '2025-06-01', 'draft', first.id, 3)
    add('年末成果', '2026-05-31', 'draft')
    add('第二年成果', '2026-06-01', 'accepted')
    const r = await view(lab.id, report.id, cookie)
    const rows = r.body.deliverables as { title: string; status: string; id: number }[]
    // the accepted version stands for its deliverable while a revision is in progress
    expect(rows.map((d) => [d.title, d.status])).toEqual([
      ['第一年成果（修订）', 'accepted'],
      ['年末成果', 'draft'],
    ])
    expect(rows.map((d) => d.id)).not.toContain(revising.id)
  })

  test('the roster shown before submission is the live one, with the thresholds for today', async () => {
    const { lab, cookie, report } = await startedReport({ teamSize: 10 })
    const r = await view(lab.id, report.id, cookie)
    expect(r.body).toMatchObject({
      canEdit: true,
      canSubmitNow: true,
      rosterState: 'live',
      roster: { thresholds: { headcount: 10, meetsHeadcount: false } },
      dueDate: '2026-06-30',
      formValues: { 'progress.summary': '', nextYearPlan: '' },
    })
  })

  test('a report written in the demo seed’s shape reads, and says that no roster snapshot was kept', async () => {
    const lab = makeLab(db, { teamSize: 15 })
    const period = db.select().from(validityPeriods).where(eq(validityPeriods.labId, lab.id)).get()!
    const content = {
      progress: '完成计划目标约 90%',
      teamChanges: '新增 1 人',
      typicalCases: '案例',
      nextYearPlan: '计划',
      funding: { income: [{ source: '自筹', amount: 720 }], expenditure: [{ item: '设备与算力', amount: 390 }] },
    }
    const row = insertAnnualReport(db, { labId: lab.id, periodId: period.id, validityYear: 1, content, status: 'accepted', grade: 'good' })
    const r = await view(lab.id, row.id, bureauCookie)
    expect(r.body).toMatchObject({
      rosterState: 'missing',
      content: {
        progress: { summary: '完成计划目标约 90%', targets: [] },
        funding: { income: [{ source: '自筹', amount: 720 }] },
        security: '',
      },
      canEdit: false,
      reviewSteps: [],
    })
  })
})
