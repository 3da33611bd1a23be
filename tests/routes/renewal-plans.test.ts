import { asc, eq } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { beforeEach, describe, expect, test } from 'vitest'
import { action as entryAction } from '~/routes/labs.$labId.renewal'
import { action as pageAction, loader as pageLoader } from '~/routes/labs.$labId.renewals.$renewalId'
import { action as planAction, loader as planLoader } from '~/routes/labs.$labId.plan'
import { loader as reviewLoader } from '~/routes/labs.$labId.renewals.$renewalId_.review'
import { loader as printLoader } from '~/routes/labs.$labId.renewals.$renewalId_.dossier'
import { loader as xlsxLoader } from '~/routes/labs.$labId.renewals.$renewalId_.dossier[.xlsx]'
import type { Db } from '~db/client.server'
import { auditLog, inboxItems, indicatorPlans, indicatorTargets, notices, renewals, users, validityPeriods } from '~db/schema'
import {
  errorsOf,
  formRequest,
  getRequest,
  makeLab,
  makeUser,
  outcome,
  setupTestDb,
  signIn,
  TEST_CONTEXT,
  valuesOf,
  withVersion,
} from '../helpers'
import { pinClock } from '../clock'

// The renewal application proposes the next period's indicator plan (issue 16, part 1): the lab
// drafts and submits the targets beside its application, the bureau approves or returns them while
// it reviews the renewal, and a renewal granted makes them the new period's plan. 1 December 2026:
// the labs are certified from 1 March 2025, their period ends 28 February 2027, the window is open.
let db: Db
let bureau: string

pinClock(new Date('2026-12-01T02:00:00Z'))
beforeEach(async () => {
  db = setupTestDb()
  bureau = signIn(await makeUser(db, { role: 'bureau', username: 'chief' }))
})

const labCookie = async (labId: number) => signIn(await makeUser(db, { role: 'lab', labId }))
const params = (p: Record<string, number>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]))
const page = (labId: number, renewalId: number, cookie: string) =>
  outcome(() =>
    pageLoader({
      request: getRequest(`/labs/${labId}/renewals/${renewalId}`, cookie),
      params: params({ labId, renewalId }),
      context: TEST_CONTEXT,
    }),
  )
const act = (labId: number, renewalId: number, fields: Record<string, string>, cookie: string) =>
  outcome(() =>
    pageAction({
      request: formRequest(`/labs/${labId}/renewals/${renewalId}`, withVersion(renewals, renewalId, fields), cookie),
      params: params({ labId, renewalId }),
      context: TEST_CONTEXT,
    }),
  )
const planOf = (renewalId: number) => db.select().from(indicatorPlans).where(eq(indicatorPlans.renewalId, renewalId)).get()
// the version the plan's forms post: the plan's, 0 while there is none
const planVersion = (renewalId: number) => String(planOf(renewalId)?.rowVersion ?? 0)
const plan = (labId: number, renewalId: number, fields: Record<string, string>, cookie: string) =>
  act(labId, renewalId, { rowVersion: planVersion(renewalId), ...fields }, cookie)
const targetsOf = (planId: number) =>
  Object.fromEntries(
    db
      .select()
      .from(indicatorTargets)
      .where(eq(indicatorTargets.planId, planId))
      .all()
      .map((t) => [t.indicatorKey ?? `c${t.customIndicatorId}`, t.target]),
  )
const planAudits = (planId: number) =>
  db
    .select()
    .from(auditLog)
    .where(eq(auditLog.entityType, 'indicator_plan'))
    .orderBy(asc(auditLog.id))
    .all()
    .filter((a) => a.entityId === String(planId))
const periodsOf = (labId: number) =>
  db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).orderBy(asc(validityPeriods.sequence)).all()
const inboxOf = (userId: number) =>
  db
    .select({ title: notices.title, link: notices.link })
    .from(inboxItems)
    .innerJoin(notices, eq(notices.id, inboxItems.noticeId))
    .where(eq(inboxItems.userId, userId))
    .orderBy(asc(notices.id))
    .all()

const application = {
  summary: '两年完成城市治理大模型等 3 项成果。',
  selfAssessment: '目标基本完成。',
  planTargets: '见下一有效期任务指标计划。',
  planIp: '发明专利 4 项。',
  planFunding: '投入 800 万元。',
  planScenarios: '交通、政务服务。',
}
const idFrom = (location: string | null) => Number(/\/renewals\/(\d+)/.exec(location ?? '')?.[1])

async function started(labId: number, own: string) {
  const r = await outcome(() =>
    entryAction({
      request: formRequest(`/labs/${labId}/renewal`, { intent: 'start', rowVersion: '0' }, own),
      params: params({ labId }),
      context: TEST_CONTEXT,
    }),
  )
  expect(r.status).toBe(302)
  return idFrom(r.location)
}
const submitApplication = async (labId: number, id: number, own: string) =>
  expect((await act(labId, id, { intent: 'submit', ...application }, own)).status).toBe(302)

type Proposed = {
  plan: { id: number; status: string; periodId: number | null; returnReason: string } | null
  lines: { field: string; target: number | null }[]
  sequence: number
  canEdit: boolean
  canSubmit: boolean
  canDecide: boolean
}
const proposedOn = async (labId: number, id: number, cookie: string) =>
  ((await page(labId, id, cookie)).body as unknown as { proposedPlan: Proposed }).proposedPlan

async function setting() {
  const lab = makeLab(db, { startDate: '2025-03-01', districtCode: '320508' })
  const labUser = await makeUser(db, { role: 'lab', labId: lab.id })
  const own = signIn(labUser)
  const id = await started(lab.id, own)
  return { lab, labUser, own, id }
}

describe('the lab proposes the next period’s plan with its application; the bureau decides it', () => {
  test('draft with the application, submit once applied, returned with a reason, resubmitted, approved; each step audited and told', async () => {
    const { lab, labUser, own, id } = await setting()
    const bureauUser = db.select().from(users).where(eq(users.username, 'chief')).get()!

    // the draft application's page offers the plan's form: every indicator, no submission yet
    const empty = await proposedOn(lab.id, id, own)
    expect(empty).toMatchObject({ plan: null, sequence: 2, canEdit: true, canSubmit: false, canDecide: false })
    expect(empty.lines.map((l) => l.field)).toContain('transfer_value')

    // a draft is saved while the application is a draft; money typed in 万元 is kept in whole yuan
    const saved = await plan(lab.id, id, { intent: 'savePlan', 'target.papers': '6', 'target.transfer_value': '0.3' }, own)
    expect(saved).toMatchObject({ status: 302, location: `/labs/${lab.id}/renewals/${id}?saved=savePlan#proposed-plan` })
    const planId = planOf(id)!.id
    expect(planOf(id)).toMatchObject({ labId: lab.id, periodId: null, renewalId: id, status: 'draft' })
    expect(targetsOf(planId)).toEqual({ papers: 6, transfer_value: 3_000 })
    // …but it goes to the bureau only with the application (the bureau sees no draft renewal)
    const early = await plan(lab.id, id, { intent: 'submitPlan', 'target.papers': '6' }, own)
    expect(early.status).toBe(409)
    expect(errorsOf(early)._form.key).toBe('renewalPlan.error.applyFirst')
    expect(planOf(id)!.status).toBe('draft')

    await submitApplication(lab.id, id, own)
    expect(await proposedOn(lab.id, id, own)).toMatchObject({ canEdit: true, canSubmit: true })
    const sent = await plan(lab.id, id, { intent: 'submitPlan', 'target.papers': '8', 'target.transfer_value': '12.5' }, own)
    expect(sent.status).toBe(302)
    expect(planOf(id)).toMatchObject({ status: 'submitted', submittedBy: labUser.id })
    expect(targetsOf(planId)).toEqual({ papers: 8, transfer_value: 125_000 })
    // locked for the lab now; the bureau may decide it on the renewal's page
    expect(await proposedOn(lab.id, id, own)).toMatchObject({ canEdit: false, canDecide: false })
    expect(await proposedOn(lab.id, id, bureau)).toMatchObject({ canEdit: false, canDecide: true, plan: { status: 'submitted' } })
    const locked = await plan(lab.id, id, { intent: 'savePlan', 'target.papers': '1' }, own)
    expect(locked.status).toBe(409)
    expect(errorsOf(locked)._form.key).toBe('indicators.error.locked')
    // the bureau was told, with a link to the renewal
    expect(inboxOf(bureauUser.id).filter((n) => n.link.includes('#proposed-plan'))).toEqual([
      {
        title: expect.objectContaining({ key: 'notices.renewalPlan.submitted', params: expect.objectContaining({ period: 2 }) }),
        link: `/labs/${lab.id}/renewals/${id}#proposed-plan`,
      },
    ])

    // a return needs its reason, and what the bureau typed comes back
    const bare = await plan(lab.id, id, { intent: 'returnPlan', reason: '  ' }, bureau)
    expect(bare.status).toBe(400)
    expect(errorsOf(bare).reason.key).toBe('indicators.error.reasonRequired')
    expect((await plan(lab.id, id, { intent: 'returnPlan', reason: '论文目标偏低' }, bureau)).status).toBe(302)
    expect(planOf(id)).toMatchObject({ status: 'returned', returnReason: '论文目标偏低' })
    expect(inboxOf(labUser.id).at(-1)).toMatchObject({
      title: { key: 'notices.renewalPlan.returned', params: expect.objectContaining({ reason: '论文目标偏低' }) },
    })

    // the lab changes and resubmits; the bureau approves
    expect((await plan(lab.id, id, { intent: 'submitPlan', 'target.papers': '12', 'target.transfer_value': '12.5' }, own)).status).toBe(302)
    expect((await plan(lab.id, id, { intent: 'approvePlan', reason: '' }, bureau)).location).toBe(
      `/labs/${lab.id}/renewals/${id}?saved=approvePlan#proposed-plan`,
    )
    expect(planOf(id)).toMatchObject({ status: 'approved', returnReason: '' })
    expect(targetsOf(planId)).toEqual({ papers: 12, transfer_value: 125_000 })
    expect(inboxOf(labUser.id).at(-1)).toMatchObject({ title: { key: 'notices.renewalPlan.approved' } })
    // every step is audited with what it was before and after
    const audits = planAudits(planId)
    expect(audits.map((a) => a.action)).toEqual(['create', 'submit', 'return', 'submit', 'approve'])
    expect(audits[2]).toMatchObject({
      before: expect.objectContaining({ status: 'submitted', targets: { papers: 8, transfer_value: 125_000 } }),
      after: expect.objectContaining({ status: 'returned', returnReason: '论文目标偏低' }),
    })
  })

  test('the renewal is granted: the proposed plan becomes the new period’s plan, approved, with its history', async () => {
    const { lab, own, id } = await setting()
    await submitApplication(lab.id, id, own)
    await plan(lab.id, id, { intent: 'submitPlan', 'target.papers': '12', 'target.transfer_value': '0.3' }, own)
    await plan(lab.id, id, { intent: 'approvePlan', reason: '' }, bureau)
    const planId = planOf(id)!.id
    const decided = await act(lab.id, id, { intent: 'decide', decision: 'renew', grade: 'good', reasons: '成果齐全。' }, bureau)
    expect(decided.status).toBe(302)

    const [, next] = periodsOf(lab.id)
    expect(next).toMatchObject({ sequence: 2, startDate: '2027-03-01' })
    expect(planOf(id)).toMatchObject({ id: planId, periodId: next.id, renewalId: id, status: 'approved' })
    expect(targetsOf(planId)).toEqual({ papers: 12, transfer_value: 3_000 })
    expect(planAudits(planId).at(-1)).toMatchObject({
      action: 'carry_over',
      before: expect.objectContaining({ periodId: null, renewalId: id, status: 'approved' }),
      after: expect.objectContaining({ periodId: next.id, renewalId: id, status: 'approved' }),
    })
    // the new period's plan page shows it; the renewal page says where it went and offers no forms
    const periodPage = (
      await outcome(() =>
        planLoader({
          request: getRequest(`/labs/${lab.id}/plan?period=${next.id}`, own),
          params: params({ labId: lab.id }),
          context: TEST_CONTEXT,
        }),
      )
    ).body as unknown as { plan: { id: number; status: string }; lines: { field: string; target: number | null }[]; canEdit: boolean }
    expect(periodPage.plan).toMatchObject({ id: planId, status: 'approved' })
    expect(periodPage.lines.find((l) => l.field === 'papers')?.target).toBe(12)
    expect(periodPage.canEdit).toBe(false)
    expect(await proposedOn(lab.id, id, own)).toMatchObject({ canEdit: false, canDecide: false, plan: { periodId: next.id } })
    const late = await plan(lab.id, id, { intent: 'savePlan', 'target.papers': '1' }, own)
    expect(late.status).toBe(409)
  })

  test('a draft plan is carried as a draft, and the lab finishes it on the new period’s plan page', async () => {
    const { lab, own, id } = await setting()
    await submitApplication(lab.id, id, own)
    await plan(lab.id, id, { intent: 'savePlan', 'target.papers': '3' }, own)
    expect((await act(lab.id, id, { intent: 'decide', decision: 'renew', grade: 'good', reasons: '同意续期。' }, bureau)).status).toBe(302)
    const [, next] = periodsOf(lab.id)
    expect(planOf(id)).toMatchObject({ periodId: next.id, status: 'draft' })
    const submitted = await outcome(() =>
      planAction({
        request: formRequest(
          `/labs/${lab.id}/plan`,
          { intent: 'submit', periodId: String(next.id), rowVersion: planVersion(id), 'target.papers': '4' },
          own,
        ),
        params: params({ labId: lab.id }),
        context: TEST_CONTEXT,
      }),
    )
    expect(submitted.status).toBe(302)
    expect(planOf(id)).toMatchObject({ periodId: next.id, status: 'submitted' })
    expect(targetsOf(planOf(id)!.id)).toEqual({ papers: 4 })
  })

  test.each([
    ['not_renew', 'fail'],
    ['revoke', ''],
  ])('decided %s: the proposed plan stays a record of no period and is locked', async (decision, grade) => {
    const { lab, own, id } = await setting()
    await submitApplication(lab.id, id, own)
    await plan(lab.id, id, { intent: 'submitPlan', 'target.papers': '6' }, own)
    const planId = planOf(id)!.id
    expect((await act(lab.id, id, { intent: 'decide', decision, grade, reasons: '不予续期。' }, bureau)).status).toBe(302)
    expect(periodsOf(lab.id)).toHaveLength(1)
    expect(planOf(id)).toMatchObject({ id: planId, periodId: null, status: 'submitted' })
    expect(db.select().from(indicatorPlans).where(eq(indicatorPlans.labId, lab.id)).all()).toHaveLength(1)
    expect(planAudits(planId).map((a) => a.action)).toEqual(['submit'])
    expect(await proposedOn(lab.id, id, bureau)).toMatchObject({ canDecide: false, plan: { status: 'submitted', periodId: null } })
    const approve = await plan(lab.id, id, { intent: 'approvePlan', reason: '' }, bureau)
    expect(approve.status).toBe(409)
    expect(errorsOf(approve)._form.key).toBe('renewalPlan.error.decided')
    expect((await plan(lab.id, id, { intent: 'savePlan', 'target.papers': '9' }, own)).status).toBe(409)
  })

  test('renewed only after rectification: carried when the re-check renews', async () => {
    const { lab, own, id } = await setting()
    await submitApplication(lab.id, id, own)
    await plan(lab.id, id, { intent: 'submitPlan', 'target.papers': '6' }, own)
    const conditional = { intent: 'decide', decision: 'renew_after_rectification', grade: 'pass', reasons: '团队人数不足' }
    expect((await act(lab.id, id, { ...conditional, rectificationRequirements: '补足团队' }, bureau)).status).toBe(302)
    // still undecided: the bureau may decide the plan during the rectification
    expect((await plan(lab.id, id, { intent: 'approvePlan', reason: '' }, bureau)).status).toBe(302)
    expect(planOf(id)).toMatchObject({ periodId: null, status: 'approved' })
    expect((await act(lab.id, id, { intent: 'recheck', recheck: 'renew', reasons: '已补足团队' }, bureau)).status).toBe(302)
    expect(planOf(id)).toMatchObject({ periodId: periodsOf(lab.id)[1].id, status: 'approved' })
  })
})

describe('who may write and decide the proposed plan', () => {
  test('the bureau, the district and an assigned expert may not write it; the district and the lab may not decide it', async () => {
    const { lab, own, id } = await setting()
    await submitApplication(lab.id, id, own)
    const gusu = signIn(await makeUser(db, { role: 'district', districtCode: '320508' }))
    const expert = await makeUser(db, { role: 'expert' })
    expect((await act(lab.id, id, { intent: 'assignExpert', expertId: String(expert.id) }, bureau)).status).toBe(302)
    const prof = signIn(expert)
    for (const cookie of [bureau, gusu, prof])
      expect((await plan(lab.id, id, { intent: 'savePlan', 'target.papers': '6' }, cookie)).status).toBe(403)
    expect(planOf(id)).toBeUndefined()
    await plan(lab.id, id, { intent: 'submitPlan', 'target.papers': '6' }, own)
    for (const cookie of [gusu, own, prof]) expect((await plan(lab.id, id, { intent: 'approvePlan', reason: '' }, cookie)).status).toBe(403)
    expect(planOf(id)!.status).toBe('submitted')
    // the district and the expert read it, without forms
    expect(await proposedOn(lab.id, id, gusu)).toMatchObject({ canEdit: false, canDecide: false, plan: { status: 'submitted' } })
    const review = await outcome(() =>
      reviewLoader({
        request: getRequest(`/labs/${lab.id}/renewals/${id}/review`, prof),
        params: params({ labId: lab.id, renewalId: id }),
        context: TEST_CONTEXT,
      }),
    )
    expect(review.status).toBe(200)
    expect((review.body as unknown as { proposedPlan: Proposed }).proposedPlan).toMatchObject({
      canEdit: false,
      canDecide: false,
      plan: { status: 'submitted' },
    })
  })

  test('another lab, another district and a draft the bureau cannot see answer 404, and nothing is written', async () => {
    const { lab, own, id } = await setting()
    const other = makeLab(db, { startDate: '2025-03-01', districtCode: '320508' })
    const otherLab = await labCookie(other.id)
    const wuzhong = signIn(await makeUser(db, { role: 'district', districtCode: '320506' }))
    expect((await plan(lab.id, id, { intent: 'savePlan', 'target.papers': '6' }, otherLab)).status).toBe(404)
    // the draft renewal is the lab's own: the bureau finds no plan to decide
    await plan(lab.id, id, { intent: 'savePlan', 'target.papers': '6' }, own)
    expect((await plan(lab.id, id, { intent: 'approvePlan', reason: '' }, bureau)).status).toBe(404)
    await submitApplication(lab.id, id, own)
    expect((await plan(lab.id, id, { intent: 'approvePlan', reason: '' }, wuzhong)).status).toBe(404)
    // a renewal addressed through another lab's URL is not found
    expect((await plan(other.id, id, { intent: 'savePlan', 'target.papers': '7' }, otherLab)).status).toBe(404)
    expect((await page(lab.id, id, otherLab)).status).toBe(404)
    expect(targetsOf(planOf(id)!.id)).toEqual({ papers: 6 })
  })
})

describe('bad input and stale pages', () => {
  test.each([
    ['target.papers', '-1', 'indicators.error.count'],
    ['target.papers', '2.5', 'indicators.error.count'],
    ['target.transfer_value', '1.23456', 'indicators.error.money'],
    ['target.transfer_value', '12,5', 'indicators.error.money'],
  ])('%s = %j is refused with %s; what was typed comes back and nothing is stored', async (field, value, key) => {
    const { lab, own, id } = await setting()
    const o = await plan(lab.id, id, { intent: 'savePlan', 'target.scenarios': '2', [field]: value }, own)
    expect(o.status).toBe(400)
    expect(errorsOf(o)[field].key).toBe(key)
    expect(valuesOf(o)).toMatchObject({ 'target.scenarios': '2', [field]: value })
    expect(planOf(id)).toBeUndefined()
  })

  test('submitting with no target is refused; an unknown intent is a 400', async () => {
    const { lab, own, id } = await setting()
    await submitApplication(lab.id, id, own)
    const none = await plan(lab.id, id, { intent: 'submitPlan' }, own)
    expect(none.status).toBe(400)
    expect(errorsOf(none)._form.key).toBe('indicators.error.empty')
    expect((await plan(lab.id, id, { intent: 'carryPlan' }, own)).status).toBe(400)
  })

  test('a page that showed an older version is refused (409) with nothing written, for the lab and the bureau', async () => {
    const { lab, own, id } = await setting()
    await submitApplication(lab.id, id, own)
    // two first saves from pages that showed no plan: the second is stale
    expect((await plan(lab.id, id, { intent: 'savePlan', rowVersion: '0', 'target.papers': '6' }, own)).status).toBe(302)
    const second = await plan(lab.id, id, { intent: 'savePlan', rowVersion: '0', 'target.papers': '9' }, own)
    expect(second.status).toBe(409)
    expect(targetsOf(planOf(id)!.id)).toEqual({ papers: 6 })
    const seen = planVersion(id)
    expect((await plan(lab.id, id, { intent: 'submitPlan', rowVersion: seen, 'target.papers': '7' }, own)).status).toBe(302)
    // the bureau's page showed the draft: its approval of the version before the submission is stale
    const stale = await plan(lab.id, id, { intent: 'approvePlan', rowVersion: seen, reason: '' }, bureau)
    expect(stale.status).toBe(409)
    expect(planOf(id)!.status).toBe('submitted')
    const noVersion = await act(lab.id, id, { intent: 'approvePlan', rowVersion: 'abc', reason: '' }, bureau)
    expect(noVersion.status).toBe(400)
  })
})

describe('the dossier shows the proposed plan', () => {
  test('the print view’s dossier carries the plan’s status and targets', async () => {
    const { lab, own, id } = await setting()
    await submitApplication(lab.id, id, own)
    await plan(lab.id, id, { intent: 'submitPlan', 'target.papers': '6', 'target.transfer_value': '0.3' }, own)
    const printed = await outcome(() =>
      printLoader({
        request: getRequest(`/labs/${lab.id}/renewals/${id}/dossier`, bureau),
        params: params({ labId: lab.id, renewalId: id }),
        context: TEST_CONTEXT,
      }),
    )
    expect((printed.body as unknown as { dossier: { proposedPlan: unknown } }).dossier.proposedPlan).toEqual({
      status: 'submitted',
      lines: [
        { field: 'papers', builtinKey: 'papers', nameZh: null, nameEn: null, unit: 'count', target: 6 },
        { field: 'transfer_value', builtinKey: 'transfer_value', nameZh: null, nameEn: null, unit: 'yuan', target: 3_000 },
      ],
    })
  })
  test('the .xlsx export has the plan on its own sheet: status, then each target, money in 万元', async () => {
    const { lab, own, id } = await setting()
    await submitApplication(lab.id, id, own)
    await plan(lab.id, id, { intent: 'submitPlan', 'target.papers': '6', 'target.transfer_value': '0.3' }, own)
    const response = (await xlsxLoader({
      request: getRequest(`/labs/${lab.id}/renewals/${id}/dossier.xlsx`, bureau),
      params: params({ labId: lab.id, renewalId: id }),
      context: TEST_CONTEXT,
    })) as Response
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await response.arrayBuffer())
    const sheet = book.getWorksheet('下一有效期任务指标计划')!
    const rows = Array.from({ length: sheet.rowCount }, (_, i) => {
      const values = sheet.getRow(i + 1).values
      return Array.isArray(values) ? values.slice(1) : []
    })
    expect(rows).toEqual([['计划状态：已提交，待市局审核'], ['指标', '目标', '单位'], ['论文', 6, '项'], ['成果转化金额', '0.3', '万元']])
  })
})
