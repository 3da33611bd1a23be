import { and, asc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { action as entryAction } from '~/routes/labs.$labId.renewal'
import { action as pageAction, loader as pageLoader } from '~/routes/labs.$labId.renewals.$renewalId'
import { action as noticeAction, loader as noticeLoader } from '~/routes/notices.$noticeId'
import { loader as publicLoader } from '~/routes/public.notices'
import { action as settingsAction, loader as settingsLoader } from '~/routes/settings'
import { updateSetting } from '~/models/settings.server'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { auditLog, inboxItems, noticeObjections, notices, publicNotices, renewalEvents, renewals, users, validityPeriods } from '~db/schema'
import {
  errorsOf,
  formRequest,
  getRequest,
  makeLab,
  makeUser,
  outcome,
  settingVersionFields,
  setupTestDb,
  signIn,
  TEST_CONTEXT,
  valuesOf,
  withVersion,
} from '../helpers'
import { pinClock } from '../clock'

// 公示 of a renewal (issue 21 item 6, docs/decisions/025-public-notice.md). 1 December 2026 is a
// Tuesday: a notice published that day runs for 7 working days, 1 to 9 December.
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
const publicPage = (cookie?: string) =>
  outcome(() => publicLoader({ request: getRequest('/public/notices', cookie), params: {}, context: TEST_CONTEXT }))

const application = {
  summary: '两年完成城市治理大模型等 3 项成果。',
  selfAssessment: '目标基本完成。',
  planTargets: '形成 5 项可复用成果。',
  planIp: '发明专利 4 项。',
  planFunding: '投入 800 万元。',
  planScenarios: '交通、政务服务。',
}
const renew = { intent: 'decide', decision: 'renew', grade: 'good', reasons: '两年成果齐全，团队稳定（内部意见）。' }
const periodsOf = (labId: number) =>
  db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).orderBy(asc(validityPeriods.sequence)).all()
const renewalRow = (id: number) => db.select().from(renewals).where(eq(renewals.id, id)).get()!
const noticeOf = (renewalId: number) =>
  db
    .select()
    .from(publicNotices)
    .where(and(eq(publicNotices.subjectKind, 'renewal'), eq(publicNotices.subjectId, renewalId)))
    .get()
const noticeVersion = (id: number) => String(db.select().from(publicNotices).where(eq(publicNotices.id, id)).get()!.rowVersion)
const objectionsOf = (noticeId: number) => db.select().from(noticeObjections).where(eq(noticeObjections.noticeId, noticeId)).all()

// a lab (period ending 28 February 2027 unless said) that has applied: its renewal's id, the lab, its own cookie
async function appliedLab(districtCode: '320508' | '320505' = '320508', startDate = '2025-03-01') {
  const lab = makeLab(db, { startDate, districtCode })
  const own = signIn(await makeUser(db, { role: 'lab', labId: lab.id }))
  const started = await outcome(() =>
    entryAction({
      request: formRequest(`/labs/${lab.id}/renewal`, { intent: 'start', rowVersion: '0' }, own),
      params: params({ labId: lab.id }),
      context: TEST_CONTEXT,
    }),
  )
  const id = Number(/\/renewals\/(\d+)/.exec(started.location ?? '')?.[1])
  expect((await act(lab.id, id, { intent: 'submit', ...application }, own)).status).toBe(302)
  return { lab, id, own }
}

async function inNotice() {
  noticeStep(true)
  const applied = await appliedLab()
  const decided = await act(applied.lab.id, applied.id, renew, bureau)
  expect(decided).toMatchObject({ status: 302, location: `/labs/${applied.lab.id}/renewals/${applied.id}?saved=announced` })
  return { ...applied, notice: noticeOf(applied.id)! }
}

describe('the renewal notice step', () => {
  test('with the setting off (the default) a decision to renew takes effect at once and nothing is announced', async () => {
    const { lab, id } = await appliedLab()
    expect(await act(lab.id, id, renew, bureau)).toMatchObject({ status: 302, location: `/labs/${lab.id}/renewals/${id}?saved=decided` })
    expect(renewalRow(id)).toMatchObject({ status: 'decided', decision: 'renew' })
    expect(periodsOf(lab.id)).toHaveLength(2)
    expect(noticeOf(id)).toBeUndefined()
    expect((await publicPage()).body).toMatchObject({ renewals: [] })
  })

  test('with it on, renewing announces the decision for 7 working days; nothing is renewed yet and everyone is told', async () => {
    const gusu = signIn(await makeUser(db, { role: 'district', districtCode: '320508' }))
    const { lab, id, own, notice } = await inNotice()
    expect(notice).toMatchObject({ startsOn: '2026-12-01', endsOn: '2026-12-09', estimated: false, withdrawnAt: null, confirmedAt: null })
    expect(renewalRow(id)).toMatchObject({ status: 'submitted', decision: null, newPeriodId: null })
    expect(periodsOf(lab.id).map((p) => p.outcome)).toEqual([null])
    const thread = db.select().from(renewalEvents).where(eq(renewalEvents.renewalId, id)).all()
    expect(thread.map((e) => e.action)).toContain('notice')
    const told = db
      .select({ role: users.role, key: notices.title })
      .from(inboxItems)
      .innerJoin(notices, eq(notices.id, inboxItems.noticeId))
      .innerJoin(users, eq(users.id, inboxItems.userId))
      .where(eq(notices.source, 'public_notice'))
      .all()
    expect(told.map((n) => n.role).sort()).toEqual(['bureau', 'district', 'lab'])
    expect(told.every((n) => n.key.key === 'renewals.notice.inNotice')).toBe(true)
    expect(
      db
        .select()
        .from(auditLog)
        .where(eq(auditLog.entityType, 'public_notice'))
        .all()
        .map((a) => a.action),
    ).toEqual(['publish'])
    // the page says so and offers no second decision; a decision posted anyway is refused
    expect((await page(lab.id, id, bureau)).body).toMatchObject({ canDecide: false, notice: { id: notice.id, endsOn: '2026-12-09' } })
    expect((await page(lab.id, id, own)).body).toMatchObject({ notice: { id: notice.id } })
    expect((await page(lab.id, id, gusu)).body).toMatchObject({ notice: { id: notice.id } })
    const again = await act(lab.id, id, { ...renew, decision: 'not_renew' }, bureau)
    expect(again.status).toBe(409)
    expect(errorsOf(again)._form.key).toBe('notice.error.inNotice')
  })

  test('a renewal after rectification creates nothing when decided, so it is not announced', async () => {
    noticeStep(true)
    const { lab, id } = await appliedLab()
    const decided = await act(
      lab.id,
      id,
      { intent: 'decide', decision: 'renew_after_rectification', grade: 'pass', reasons: '整改', rectificationRequirements: '补齐年报' },
      bureau,
    )
    expect(decided.status).toBe(302)
    expect(renewalRow(id).status).toBe('rectifying')
    expect(noticeOf(id)).toBeUndefined()
  })

  test('confirming is refused before the last day ends and while an objection is pending; then it renews as deciding did', async () => {
    const { lab, id, notice } = await inNotice()
    const early = await noticeAct(notice.id, { intent: 'confirm', rowVersion: noticeVersion(notice.id) }, bureau)
    expect(early.status).toBe(409)
    expect(errorsOf(early)._form).toEqual({ key: 'notice.error.notEnded', vars: { date: '2026-12-09' } })
    // the whole last day counts: 23:59 Beijing time on 9 December is still too early
    at('2026-12-09T15:59:00Z')
    expect((await noticeAct(notice.id, { intent: 'confirm', rowVersion: noticeVersion(notice.id) }, bureau)).status).toBe(409)

    at('2026-12-08T03:00:00Z')
    expect(
      (
        await noticeAct(
          notice.id,
          { intent: 'recordObjection', receivedOn: '2026-12-08', objector: '', contact: '', content: '团队人数不实' },
          bureau,
        )
      ).status,
    ).toBe(302)
    const [objection] = objectionsOf(notice.id)
    expect(objection).toMatchObject({ decision: 'pending', objector: '', recordedBy: bureauId })

    at('2026-12-10T02:00:00Z')
    const pending = await noticeAct(notice.id, { intent: 'confirm', rowVersion: noticeVersion(notice.id) }, bureau)
    expect(pending.status).toBe(409)
    expect(errorsOf(pending)._form.key).toBe('notice.error.objectionPending')

    const dismissed = await noticeAct(
      notice.id,
      {
        intent: 'decideObjection',
        id: String(objection.id),
        rowVersion: String(objection.rowVersion),
        decision: 'dismissed',
        reason: '经核实团队名册属实',
      },
      bureau,
    )
    expect(dismissed.status).toBe(302)
    expect(objectionsOf(notice.id)[0]).toMatchObject({ decision: 'dismissed', decidedBy: bureauId })
    expect(renewalRow(id).status).toBe('submitted')

    const confirmed = await noticeAct(notice.id, { intent: 'confirm', rowVersion: noticeVersion(notice.id) }, bureau)
    expect(confirmed).toMatchObject({ status: 302, location: `/notices/${notice.id}?saved=confirm` })
    expect(periodsOf(lab.id).map((p) => [p.sequence, p.startDate, p.endDate, p.outcome, p.outcomeDate])).toEqual([
      [1, '2025-03-01', '2027-02-28', 'renewed', '2026-12-10'],
      [2, '2027-03-01', '2029-02-28', null, null],
    ])
    expect(renewalRow(id)).toMatchObject({ status: 'decided', decision: 'renew', grade: 'good', decidedOn: '2026-12-10' })
    expect(noticeOf(id)).toMatchObject({ confirmedBy: bureauId, withdrawnAt: null })
    const decisionNotices = db.select().from(notices).where(eq(notices.source, 'renewal_decision')).all()
    expect(decisionNotices.every((n) => n.title.key === 'renewals.notice.renew')).toBe(true)
    expect(decisionNotices.length).toBeGreaterThan(0)
    const audit = db
      .select()
      .from(auditLog)
      .all()
      .map((a) => `${a.entityType}:${a.action}`)
    expect(audit).toEqual(
      expect.arrayContaining(['notice_objection:create', 'notice_objection:decide', 'public_notice:confirm', 'renewal:decide']),
    )
    // confirmed once: the second time is refused
    expect((await noticeAct(notice.id, { intent: 'confirm', rowVersion: noticeVersion(notice.id) }, bureau)).status).toBe(409)
    // the confirmed notice stays listed as ended for 30 days
    expect((await publicPage()).body).toMatchObject({ renewals: [{ id: notice.id, state: 'ended' }] })
    // 30 days after the last day (9 December) is 8 January
    at('2027-01-08T02:00:00Z')
    expect((await publicPage()).body).toMatchObject({ renewals: [{ id: notice.id }] })
    at('2027-01-09T02:00:00Z')
    expect((await publicPage()).body).toMatchObject({ renewals: [] })
  })

  test('a sustained objection takes the renewal off the list and back to a decision, with the reason in its thread', async () => {
    const { lab, id, notice } = await inNotice()
    await noticeAct(
      notice.id,
      { intent: 'recordObjection', receivedOn: '2026-12-01', objector: '某公司', contact: '0512-12345678', content: '成果造假' },
      bureau,
    )
    const [objection] = objectionsOf(notice.id)
    const sustained = await noticeAct(
      notice.id,
      {
        intent: 'decideObjection',
        id: String(objection.id),
        rowVersion: String(objection.rowVersion),
        decision: 'sustained',
        reason: '经核实成果材料不实',
      },
      bureau,
    )
    expect(sustained.status).toBe(302)
    expect(noticeOf(id)).toMatchObject({ withdrawnReason: '经核实成果材料不实' })
    expect(noticeOf(id)!.withdrawnAt).not.toBeNull()
    const thread = db.select().from(renewalEvents).where(eq(renewalEvents.renewalId, id)).all()
    expect(thread.at(-1)).toMatchObject({ action: 'notice_returned', comment: '经核实成果材料不实' })
    expect((await page(lab.id, id, bureau)).body).toMatchObject({ canDecide: true, notice: null })
    expect((await publicPage()).body).toMatchObject({ renewals: [] })
    const told = db.select().from(notices).where(eq(notices.source, 'public_notice')).all()
    expect(told.map((n) => n.title.key)).toContain('renewals.notice.objectionSustained')
    // decided again: not renewed this time, at once
    expect((await act(lab.id, id, { ...renew, decision: 'not_renew' }, bureau)).status).toBe(302)
    expect(renewalRow(id)).toMatchObject({ status: 'decided', decision: 'not_renew' })
  })
})

describe('decided another way meanwhile', () => {
  test('revoking a lab whose renewal is in notice takes the notice off the list; confirming it then is refused', async () => {
    const { lab, id, notice } = await inNotice()
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
    expect(renewalRow(id)).toMatchObject({ status: 'decided', decision: 'revoke' })
    expect(noticeOf(id)).toMatchObject({ withdrawnReason: '发生重大数据安全事件' })
    expect((await publicPage()).body).toMatchObject({ renewals: [] })
    at('2026-12-10T02:00:00Z')
    expect((await noticeAct(notice.id, { intent: 'confirm', rowVersion: noticeVersion(notice.id) }, bureau)).status).toBe(409)
    expect(periodsOf(lab.id).map((p) => p.outcome)).toEqual(['revoked'])
  })
})

describe('who may and what is refused', () => {
  test('the lab and the district cannot open or act on the notice page (404)', async () => {
    const { own, notice } = await inNotice()
    const gusu = signIn(await makeUser(db, { role: 'district', districtCode: '320508' }))
    for (const cookie of [own, gusu]) {
      expect((await noticePage(notice.id, cookie)).status).toBe(404)
      expect((await noticeAct(notice.id, { intent: 'recordObjection', receivedOn: '2026-12-01', content: 'x' }, cookie)).status).toBe(404)
      expect((await noticeAct(notice.id, { intent: 'confirm', rowVersion: noticeVersion(notice.id) }, cookie)).status).toBe(404)
    }
    expect(objectionsOf(notice.id)).toEqual([])
    expect((await noticePage(notice.id, bureau)).status).toBe(200)
    expect((await noticePage(notice.id + 99, bureau)).status).toBe(404)
    // an objection id that is no id is not found, never a server error
    for (const id of ['abc', '', '99999999999999999'])
      expect(
        (await noticeAct(notice.id, { intent: 'decideObjection', id, rowVersion: '1', decision: 'dismissed', reason: 'x' }, bureau)).status,
      ).toBe(404)
  })

  test('bad input is refused with its message and what was typed kept', async () => {
    const { notice } = await inNotice()
    const empty = await noticeAct(notice.id, { intent: 'recordObjection', receivedOn: '2026-12-01', objector: '张三', content: '' }, bureau)
    expect(empty.status).toBe(400)
    expect(errorsOf(empty).content.key).toBe('form.required')
    expect(valuesOf(empty).objector).toBe('张三')
    const future = await noticeAct(notice.id, { intent: 'recordObjection', receivedOn: '2026-12-02', content: '异议' }, bureau)
    expect(errorsOf(future).receivedOn.key).toBe('notice.error.receivedFuture')
    const before = await noticeAct(notice.id, { intent: 'recordObjection', receivedOn: '2026-11-30', content: '异议' }, bureau)
    expect(errorsOf(before).receivedOn.key).toBe('notice.error.receivedBefore')
    expect((await noticeAct(notice.id, { intent: 'nonsense' }, bureau)).status).toBe(400)
    await noticeAct(notice.id, { intent: 'recordObjection', receivedOn: '2026-12-01', content: '异议' }, bureau)
    const [objection] = objectionsOf(notice.id)
    const noReason = await noticeAct(
      notice.id,
      { intent: 'decideObjection', id: String(objection.id), rowVersion: String(objection.rowVersion), decision: 'sustained', reason: '' },
      bureau,
    )
    expect(noReason.status).toBe(400)
    expect(errorsOf(noReason).reason.key).toBe('notice.error.reasonRequired')
    expect(objectionsOf(notice.id)[0].decision).toBe('pending')
  })

  test('a stale version is answered 409: an objection decided or a notice changed since the page loaded', async () => {
    const { notice } = await inNotice()
    await noticeAct(notice.id, { intent: 'recordObjection', receivedOn: '2026-12-01', content: '异议' }, bureau)
    const [objection] = objectionsOf(notice.id)
    const decide = (decision: string) =>
      noticeAct(
        notice.id,
        { intent: 'decideObjection', id: String(objection.id), rowVersion: String(objection.rowVersion), decision, reason: '理由' },
        bureau,
      )
    expect((await decide('dismissed')).status).toBe(302)
    expect((await decide('sustained')).status).toBe(409)
    expect(objectionsOf(notice.id)[0].decision).toBe('dismissed')
    at('2026-12-10T02:00:00Z')
    const stale = await noticeAct(notice.id, { intent: 'confirm', rowVersion: String(Number(noticeVersion(notice.id)) - 1) }, bureau)
    expect(stale.status).toBe(409)
    expect(noticeOf(notice.subjectId)!.confirmedAt).toBeNull()
  })
})

describe('a year the calendar does not cover', () => {
  test('the last day is a Monday-to-Friday guess, and both pages say so', async () => {
    // the shipped calendar has no 2030: the notice of 20 December 2030 is estimated
    at('2030-12-20T02:00:00Z')
    noticeStep(true)
    const { lab, id } = await appliedLab('320508', '2029-03-01')
    expect((await act(lab.id, id, renew, bureau)).status).toBe(302)
    const notice = noticeOf(id)!
    expect(notice).toMatchObject({ estimated: true, startsOn: '2030-12-20' })
    const listed = (await publicPage()).body.renewals as { warning: string | null }[]
    expect(listed[0].warning).toContain('2030')
    expect((await noticePage(notice.id, bureau)).body.warning).toContain('2030')
  })
})

describe('the switch', () => {
  test('the bureau turns the step on from the rules page, audited; then a renewal is announced', async () => {
    const page = await outcome(() => settingsLoader({ request: getRequest('/settings', bureau), params: {}, context: TEST_CONTEXT }))
    expect((page.body.rows as { key: string; value: number }[]).find((r) => r.key === 'renewalNoticeStep')).toMatchObject({ value: 0 })
    const post = (fields: Record<string, string>, cookie: string) =>
      outcome(() =>
        settingsAction({
          request: formRequest('/settings', { ...settingVersionFields(), ...fields }, cookie),
          params: {},
          context: TEST_CONTEXT,
        }),
      )
    const bad = await post({ intent: 'settings', renewalNoticeStep: '2' }, bureau)
    expect(bad.status).toBe(400)
    expect(errorsOf(bad).renewalNoticeStep.key).toBe('settings.error.range')
    const gusu = signIn(await makeUser(db, { role: 'district', districtCode: '320508' }))
    expect((await post({ intent: 'settings', renewalNoticeStep: '1' }, gusu)).status).toBe(404)
    expect((await post({ intent: 'settings', renewalNoticeStep: '1' }, bureau)).status).toBe(302)
    const audit = db.select().from(auditLog).where(eq(auditLog.entityType, 'setting')).all()
    expect(audit.map((a) => a.entityId)).toContain('renewalNoticeStep')
    const { lab, id } = await appliedLab()
    await act(lab.id, id, renew, bureau)
    expect(noticeOf(id)).toBeDefined()
  })
})

describe('the public page', () => {
  test('signed out, it lists the live notices with what a notice makes public, and nothing private', async () => {
    const { lab, notice } = await inNotice()
    await noticeAct(
      notice.id,
      { intent: 'recordObjection', receivedOn: '2026-12-01', objector: '李四', contact: '13800000000', content: '异议内容' },
      bureau,
    )
    const other = await appliedLab('320505')
    await act(other.lab.id, other.id, renew, bureau)
    const withdrawn = noticeOf(other.id)!
    await noticeAct(withdrawn.id, { intent: 'recordObjection', receivedOn: '2026-12-01', content: '异议' }, bureau)
    const [w] = objectionsOf(withdrawn.id)
    await noticeAct(
      withdrawn.id,
      { intent: 'decideObjection', id: String(w.id), rowVersion: String(w.rowVersion), decision: 'sustained', reason: '成立' },
      bureau,
    )

    const shown = await publicPage()
    expect(shown.status).toBe(200)
    expect(shown.body).toMatchObject({
      renewals: [
        {
          id: notice.id,
          labName: lab.name,
          districtCode: '320508',
          direction: 1,
          decision: 'renew',
          state: 'open',
          period: '公示期：12月1日至12月9日',
          warning: null,
        },
      ],
      applications: [],
    })
    const text = JSON.stringify(shown.body.renewals)
    for (const secret of ['13800000000', '李四', '异议内容', '内部意见', 'good', other.lab.name]) expect(text).not.toContain(secret)
  })
})
