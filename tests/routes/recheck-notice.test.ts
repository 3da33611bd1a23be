import { and, asc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { action as entryAction } from '~/routes/labs.$labId.renewal'
import { action as pageAction, loader as pageLoader } from '~/routes/labs.$labId.renewals.$renewalId'
import { action as noticeAction, loader as noticeLoader } from '~/routes/notices.$noticeId'
import { loader as publicLoader } from '~/routes/public.notices'
import { addDays } from '~/domain/dates'
import { updateSetting } from '~/models/settings.server'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { auditLog, indicatorPlans, noticeObjections, notices, publicNotices, renewalEvents, renewals, validityPeriods } from '~db/schema'
import { errorsOf, formRequest, getRequest, makeLab, makeUser, outcome, setupTestDb, signIn, TEST_CONTEXT, withVersion } from '../helpers'
import { pinClock } from '../clock'

// 公示 of the re-check after a rectification (issue 21 item 6, docs/decisions/025-public-notice.md):
// with the bureau's switch on, a re-check to renew is announced for 7 working days like a decision
// to renew, and confirming it applies the re-check as it was applied at once before. The lab is
// certified from 1 March 2025 (period to 28 February 2027), applies on 1 December 2026 and is told
// to rectify; the re-check is on Tuesday 16 March 2027.
let db: Db
let bureau: string
let bureauId: number

pinClock(new Date('2026-12-01T02:00:00Z'))
beforeEach(async () => {
  db = setupTestDb()
  const chief = await makeUser(db, { role: 'bureau', username: 'chief' })
  bureauId = chief.id
  bureau = signIn(chief)
})

const at = (iso: string) => setClock(new Date(iso))
const params = (p: Record<string, number>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]))
const noticeStep = (on: boolean) =>
  updateSetting({ key: 'renewalNoticeStep', value: on ? 1 : 0, actor: { id: bureauId, displayName: 'chief' }, at: new Date() })

const act = (labId: number, renewalId: number, fields: Record<string, string>, cookie: string) =>
  outcome(() =>
    pageAction({
      request: formRequest(`/labs/${labId}/renewals/${renewalId}`, withVersion(renewals, renewalId, fields), cookie),
      params: params({ labId, renewalId }),
      context: TEST_CONTEXT,
    }),
  )
const page = (labId: number, renewalId: number, cookie: string) =>
  outcome(() =>
    pageLoader({
      request: getRequest(`/labs/${labId}/renewals/${renewalId}`, cookie),
      params: params({ labId, renewalId }),
      context: TEST_CONTEXT,
    }),
  )
const noticePage = (noticeId: number, cookie: string) =>
  outcome(() => noticeLoader({ request: getRequest(`/notices/${noticeId}`, cookie), params: params({ noticeId }), context: TEST_CONTEXT }))
const noticeAct = (noticeId: number, fields: Record<string, string>, cookie: string) =>
  outcome(() =>
    noticeAction({ request: formRequest(`/notices/${noticeId}`, fields, cookie), params: params({ noticeId }), context: TEST_CONTEXT }),
  )
const publicPage = () => outcome(() => publicLoader({ request: getRequest('/public/notices'), params: {}, context: TEST_CONTEXT }))

const application = {
  summary: '两年完成城市治理大模型等 3 项成果。',
  selfAssessment: '目标基本完成。',
  planTargets: '见下一有效期任务指标计划。',
  planIp: '发明专利 4 项。',
  planFunding: '投入 800 万元。',
  planScenarios: '交通、政务服务。',
}
const rectify = {
  intent: 'decide',
  decision: 'renew_after_rectification',
  grade: 'pass',
  reasons: '团队人数不足',
  rectificationRequirements: '补足 15 人',
}
const recheckRenew = { intent: 'recheck', recheck: 'renew', reasons: '已补足团队（复核意见）' }
const periodsOf = (labId: number) =>
  db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).orderBy(asc(validityPeriods.sequence)).all()
const renewalRow = (id: number) => db.select().from(renewals).where(eq(renewals.id, id)).get()!
const liveNotice = (renewalId: number) =>
  db
    .select()
    .from(publicNotices)
    .where(and(eq(publicNotices.subjectKind, 'renewal'), eq(publicNotices.subjectId, renewalId)))
    .orderBy(asc(publicNotices.id))
    .all()
    .filter((n) => n.withdrawnAt === null)[0]
const noticeVersion = (id: number) => String(db.select().from(publicNotices).where(eq(publicNotices.id, id)).get()!.rowVersion)
const threadOf = (id: number) => db.select().from(renewalEvents).where(eq(renewalEvents.renewalId, id)).orderBy(asc(renewalEvents.id)).all()
const planOf = (renewalId: number) => db.select().from(indicatorPlans).where(eq(indicatorPlans.renewalId, renewalId)).get()
const confirm = (noticeId: number) => noticeAct(noticeId, { intent: 'confirm', rowVersion: noticeVersion(noticeId) }, bureau)

// a lab that applied with a proposed plan and was told to rectify; the clock then on the re-check's day
async function rectifying(districtCode: '320508' | '320505' = '320508') {
  const lab = makeLab(db, { startDate: '2025-03-01', districtCode })
  const own = signIn(await makeUser(db, { role: 'lab', labId: lab.id }))
  const started = await outcome(() =>
    entryAction({
      request: formRequest(`/labs/${lab.id}/renewal`, { intent: 'start', rowVersion: '0' }, own),
      params: params({ labId: lab.id }),
      context: TEST_CONTEXT,
    }),
  )
  const id = Number(/\/renewals\/(\d+)/.exec(started.location ?? '')?.[1])
  const planFields = { intent: 'savePlan', rowVersion: '0', 'target.papers': '6' }
  expect((await act(lab.id, id, planFields, own)).status).toBe(302)
  expect((await act(lab.id, id, { intent: 'submit', ...application }, own)).status).toBe(302)
  expect((await act(lab.id, id, rectify, bureau)).status).toBe(302)
  expect(renewalRow(id).status).toBe('rectifying')
  at('2027-03-16T02:00:00Z')
  return { lab, id, own }
}

async function recheckInNotice() {
  noticeStep(true)
  const found = await rectifying()
  const sent = await act(found.lab.id, found.id, recheckRenew, bureau)
  expect(sent).toMatchObject({ status: 302, location: `/labs/${found.lab.id}/renewals/${found.id}?saved=announced` })
  return { ...found, notice: liveNotice(found.id)! }
}

describe('the re-check after a rectification', () => {
  test('with the step off (the default) a re-check to renew renews at once and announces nothing', async () => {
    const { lab, id } = await rectifying()
    const sent = await act(lab.id, id, recheckRenew, bureau)
    expect(sent).toMatchObject({ status: 302, location: `/labs/${lab.id}/renewals/${id}?saved=rechecked` })
    expect(renewalRow(id)).toMatchObject({ status: 'decided', recheckDecision: 'renew', recheckedOn: '2027-03-16' })
    expect(periodsOf(lab.id).map((p) => p.outcome)).toEqual(['renewed', null])
    expect(liveNotice(id)).toBeUndefined()
  })

  test('with it on, a re-check to renew is announced: nothing renewed yet, listed publicly, the re-check form refused', async () => {
    const { lab, id, own, notice } = await recheckInNotice()
    expect(notice.proposal && JSON.parse(notice.proposal)).toEqual({ decision: 'renew', recheck: 'renew', reasons: recheckRenew.reasons })
    expect(notice).toMatchObject({ startsOn: '2027-03-16', confirmedAt: null })
    expect(renewalRow(id)).toMatchObject({ status: 'rectifying', recheckDecision: null, newPeriodId: null })
    expect(periodsOf(lab.id).map((p) => p.outcome)).toEqual([null])
    expect(threadOf(id).at(-1)).toMatchObject({ action: 'notice', fromStatus: 'rectifying', toStatus: 'rectifying' })
    expect((await publicPage()).body).toMatchObject({ renewals: [{ id: notice.id, decision: 'renew', state: 'open' }] })
    // the page shows the re-check's notice and links the bureau to it; no second re-check form
    expect((await page(lab.id, id, bureau)).body).toMatchObject({
      canRecheck: false,
      facts: null,
      notice: { id: notice.id, recheck: true, confirmed: false },
      canManageNotice: true,
    })
    expect((await page(lab.id, id, own)).body).toMatchObject({ notice: { id: notice.id, recheck: true }, canManageNotice: false })
    expect((await noticePage(notice.id, bureau)).body).toMatchObject({ recheck: true })
    const again = await act(lab.id, id, { ...recheckRenew, recheck: 'not_renew' }, bureau)
    expect(again.status).toBe(409)
    expect(errorsOf(again)._form.key).toBe('notice.error.inNotice')
    expect(renewalRow(id).status).toBe('rectifying')
  })

  test('a re-check not to renew is not announced: it takes effect at once', async () => {
    noticeStep(true)
    const { lab, id } = await rectifying()
    expect((await act(lab.id, id, { ...recheckRenew, recheck: 'not_renew', reasons: '仍未整改' }, bureau)).status).toBe(302)
    expect(renewalRow(id)).toMatchObject({ status: 'decided', recheckDecision: 'not_renew' })
    expect(periodsOf(lab.id).map((p) => p.outcome)).toEqual(['not_renewed'])
    expect(liveNotice(id)).toBeUndefined()
  })

  test('confirming is refused until the last day has ended; then it renews as the re-check did, plan, audit and notices', async () => {
    const { lab, id, notice } = await recheckInNotice()
    const early = await confirm(notice.id)
    expect(early.status).toBe(409)
    expect(errorsOf(early)._form).toEqual({ key: 'notice.error.notEnded', vars: { date: notice.endsOn } })
    // 23:59 Beijing time on the last day is still in the notice
    at(`${notice.endsOn}T15:59:00Z`)
    expect((await confirm(notice.id)).status).toBe(409)
    expect(periodsOf(lab.id)).toHaveLength(1)

    const day = addDays(notice.endsOn, 1)
    at(`${day}T02:00:00Z`)
    expect(await confirm(notice.id)).toMatchObject({ status: 302, location: `/notices/${notice.id}?saved=confirm` })
    const periods = periodsOf(lab.id)
    expect(periods.map((p) => [p.sequence, p.startDate, p.endDate, p.outcome, p.outcomeDate, p.outcomeNote])).toEqual([
      [1, '2025-03-01', '2027-02-28', 'renewed', day, recheckRenew.reasons],
      [2, '2027-03-01', '2029-02-28', null, null, ''],
    ])
    expect(renewalRow(id)).toMatchObject({
      status: 'decided',
      decision: 'renew_after_rectification',
      recheckDecision: 'renew',
      recheckReasons: recheckRenew.reasons,
      recheckedOn: day,
      recheckedBy: bureauId,
      newPeriodId: periods[1].id,
    })
    expect(planOf(id)?.periodId).toBe(periods[1].id)
    expect(threadOf(id).at(-1)).toMatchObject({ action: 'recheck', fromStatus: 'rectifying', toStatus: 'decided' })
    const audit = db
      .select()
      .from(auditLog)
      .all()
      .map((a) => `${a.entityType}:${a.action}`)
    expect(audit).toEqual(
      expect.arrayContaining([
        'public_notice:confirm',
        'renewal:recheck',
        'validity_period:renewed',
        'validity_period:create',
        'indicator_plan:carry_over',
      ]),
    )
    const told = db.select().from(notices).where(eq(notices.source, 'renewal_decision')).all()
    expect(told.map((n) => n.title.key)).toContain('renewals.notice.recheck_renew')
    expect((await page(lab.id, id, bureau)).body).toMatchObject({ canRecheck: false, notice: { id: notice.id, confirmed: true } })
    expect((await confirm(notice.id)).status).toBe(409)
  })

  test('a sustained objection leaves the renewal rectifying, says why in its thread, tells the lab; it can be re-checked again', async () => {
    const { lab, id, notice } = await recheckInNotice()
    await noticeAct(notice.id, { intent: 'recordObjection', receivedOn: '2027-03-16', content: '团队名册不实' }, bureau)
    const [objection] = db.select().from(noticeObjections).where(eq(noticeObjections.noticeId, notice.id)).all()
    const sustained = await noticeAct(
      notice.id,
      {
        intent: 'decideObjection',
        id: String(objection.id),
        rowVersion: String(objection.rowVersion),
        decision: 'sustained',
        reason: '经核实新增人员未到岗',
      },
      bureau,
    )
    expect(sustained.status).toBe(302)
    expect(renewalRow(id)).toMatchObject({ status: 'rectifying', recheckDecision: null })
    expect(threadOf(id).at(-1)).toMatchObject({ action: 'notice_returned', comment: '经核实新增人员未到岗', toStatus: 'rectifying' })
    const told = db.select().from(notices).where(eq(notices.source, 'public_notice')).all()
    expect(told.map((n) => n.title.key)).toContain('renewals.notice.objectionSustained')
    expect((await publicPage()).body).toMatchObject({ renewals: [] })
    expect((await page(lab.id, id, bureau)).body).toMatchObject({ canRecheck: true, notice: null })
    // re-checked again: not renewed this time, at once
    expect((await act(lab.id, id, { ...recheckRenew, recheck: 'not_renew', reasons: '仍未整改' }, bureau)).status).toBe(302)
    expect(renewalRow(id)).toMatchObject({ status: 'decided', recheckDecision: 'not_renew' })
    expect(periodsOf(lab.id).map((p) => p.outcome)).toEqual(['not_renewed'])
  })

  test('a revocation for cause while the re-check is in notice takes the notice off; confirming it then is refused', async () => {
    const { lab, id, notice } = await recheckInNotice()
    const revoked = await outcome(() =>
      entryAction({
        request: formRequest(
          `/labs/${lab.id}/renewal`,
          { intent: 'decideWithout', decision: 'revoke', reasons: '发生重大数据安全事件', rowVersion: String(renewalRow(id).rowVersion) },
          bureau,
        ),
        params: params({ labId: lab.id }),
        context: TEST_CONTEXT,
      }),
    )
    expect(revoked.status).toBe(302)
    expect(liveNotice(id)).toBeUndefined()
    at(`${addDays(notice.endsOn, 1)}T02:00:00Z`)
    expect((await confirm(notice.id)).status).toBe(409)
    expect(periodsOf(lab.id).map((p) => p.outcome)).toEqual(['revoked'])
  })
})

describe('who may re-check', () => {
  test('the lab and its district are refused (403); another district does not find it (404); none sees the notice page', async () => {
    noticeStep(true)
    const { lab, id, own } = await rectifying('320508')
    const gusu = signIn(await makeUser(db, { role: 'district', districtCode: '320508' }))
    const wuzhong = signIn(await makeUser(db, { role: 'district', districtCode: '320505' }))
    expect((await act(lab.id, id, recheckRenew, own)).status).toBe(403)
    expect((await act(lab.id, id, recheckRenew, gusu)).status).toBe(403)
    expect((await act(lab.id, id, recheckRenew, wuzhong)).status).toBe(404)
    expect(liveNotice(id)).toBeUndefined()
    expect((await act(lab.id, id, recheckRenew, bureau)).status).toBe(302)
    const notice = liveNotice(id)!
    for (const cookie of [own, gusu, wuzhong]) expect((await noticePage(notice.id, cookie)).status).toBe(404)
  })

  test('a re-check without reasons is refused with its message and nothing announced', async () => {
    noticeStep(true)
    const { lab, id } = await rectifying()
    const bad = await act(lab.id, id, { intent: 'recheck', recheck: 'renew', reasons: '' }, bureau)
    expect(bad.status).toBe(400)
    expect(errorsOf(bad).reasons.key).toBe('renewals.error.reasonsRequired')
    expect(liveNotice(id)).toBeUndefined()
  })
})
