import { and, asc, desc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { action as entryAction, loader as entryLoader } from '~/routes/labs.$labId.renewal'
import { action as pageAction, loader as pageLoader } from '~/routes/labs.$labId.renewals.$renewalId'
import { action as reviewAction } from '~/routes/labs.$labId.renewals.$renewalId_.review'
import { labChecksOf } from '~/models/compliance.server'
import { recordUnappliedNotRenewed } from '~/models/renewals.server'
import { updateSetting } from '~/models/settings.server'
import { labStatus } from '~/domain/validity'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { auditLog, inboxItems, notices, renewals, reviewAssignments, users, validityPeriods } from '~db/schema'
import type { DistrictCode } from '~db/schema/enums'
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
  reviewVersion,
  currentVersion,
} from '../helpers'
import { pinClock } from '../clock'

// 1 December 2026 in Suzhou. The test labs are certified from 1 March 2025, so their period ends
// on 28 February 2027 and the 120-day renewal window opened on 31 October 2026.
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
const labCookie = async (labId: number) => signIn(await makeUser(db, { role: 'lab', labId }))
const districtCookie = async (districtCode: DistrictCode) => signIn(await makeUser(db, { role: 'district', districtCode }))
const params = (p: Record<string, number>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]))

const entry = (labId: number, cookie: string) =>
  outcome(() => entryLoader({ request: getRequest(`/labs/${labId}/renewal`, cookie), params: params({ labId }), context: TEST_CONTEXT }))
// the version the bureau's decision on /labs/:id/renewal posts: the latest period's renewal's, 0 when there is none
const entryVersion = (labId: number) => {
  const period = db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).orderBy(desc(validityPeriods.sequence)).get()
  return period ? currentVersion(renewals, db.select().from(renewals).where(eq(renewals.periodId, period.id)).get()?.id ?? 0) : '0'
}
const entryAct = (labId: number, fields: Record<string, string>, cookie: string) =>
  outcome(() =>
    entryAction({
      request: formRequest(`/labs/${labId}/renewal`, { rowVersion: entryVersion(labId), ...fields }, cookie),
      params: params({ labId }),
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
const act = (labId: number, renewalId: number, fields: Record<string, string>, cookie: string) =>
  outcome(() =>
    pageAction({
      request: formRequest(`/labs/${labId}/renewals/${renewalId}`, withVersion(renewals, renewalId, fields), cookie),
      params: params({ labId, renewalId }),
      context: TEST_CONTEXT,
    }),
  )

const application = {
  summary: '两年完成城市治理大模型等 3 项成果。',
  selfAssessment: '目标基本完成。',
  planTargets: '形成 5 项可复用成果。',
  planIp: '发明专利 4 项。',
  planFunding: '投入 800 万元。',
  planScenarios: '交通、政务服务。',
}
const idFrom = (location: string | null) => Number(/\/renewals\/(\d+)/.exec(location ?? '')?.[1])
const periodsOf = (labId: number) =>
  db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).orderBy(asc(validityPeriods.sequence)).all()
const renewalRow = (id: number) => db.select().from(renewals).where(eq(renewals.id, id)).get()!

async function applied(labId: number, own: string) {
  const started = await entryAct(labId, { intent: 'start' }, own)
  expect(started.status).toBe(302)
  const id = idFrom(started.location)
  expect((await act(labId, id, { intent: 'submit', ...application }, own)).status).toBe(302)
  return id
}

describe('from the lab’s application to the bureau’s decision', () => {
  test('the lab applies; the bureau renews; the next period starts the day after the old one ends and everyone is told', async () => {
    const lab = makeLab(db, { startDate: '2025-03-01', districtCode: '320508' })
    const own = await labCookie(lab.id)
    const gusu = await districtCookie('320508')
    expect((await entry(lab.id, own)).body).toMatchObject({ canStart: true, window: { opensOn: '2026-10-31', open: true, ended: false } })

    const started = await entryAct(lab.id, { intent: 'start' }, own)
    const id = idFrom(started.location)
    expect(renewalRow(id).status).toBe('draft')
    // a draft is the lab's own
    expect((await page(lab.id, id, bureau)).status).toBe(404)
    expect((await page(lab.id, id, gusu)).status).toBe(404)

    // submitting needs every part; what was typed is kept and saved
    const partial = await act(lab.id, id, { intent: 'submit', summary: '只写了总结' }, own)
    expect(partial.status).toBe(400)
    expect(errorsOf(partial).planTargets?.key).toBe('renewals.error.fieldRequired')
    expect(valuesOf(partial).summary).toBe('只写了总结')
    expect(renewalRow(id)).toMatchObject({ status: 'draft', summary: '只写了总结' })
    const huqiu = await makeUser(db, { role: 'district', districtCode: '320505' })
    const expert = await makeUser(db, { role: 'expert' })
    expect((await act(lab.id, id, { intent: 'submit', ...application }, own)).status).toBe(302)
    expect(renewalRow(id)).toMatchObject({ status: 'submitted', planIp: '发明专利 4 项。' })
    // the bureau (it reviews next) and the lab's own district office are told it is in; nobody else
    const submittedTo = db
      .select({ role: users.role, districtCode: users.districtCode, link: notices.link, key: notices.title })
      .from(inboxItems)
      .innerJoin(notices, eq(notices.id, inboxItems.noticeId))
      .innerJoin(users, eq(users.id, inboxItems.userId))
      .where(eq(notices.source, 'renewal_submitted'))
      .all()
    expect(submittedTo.map((n) => `${n.role}:${n.districtCode ?? ''}`).sort()).toEqual(['bureau:', 'district:320508'])
    expect(submittedTo.every((n) => n.link === `/labs/${lab.id}/renewals/${id}` && n.key.key === 'renewals.notice.submitted')).toBe(true)
    for (const outsider of [huqiu.id, expert.id])
      expect(db.select().from(inboxItems).where(eq(inboxItems.userId, outsider)).all()).toEqual([])
    expect((await page(lab.id, id, own)).body).toMatchObject({ canEdit: false, canDecide: false })
    expect((await page(lab.id, id, bureau)).body).toMatchObject({ canDecide: true })

    const decided = await act(
      lab.id,
      id,
      { intent: 'decide', decision: 'renew', grade: 'good', reasons: '两年成果齐全，团队稳定。' },
      bureau,
    )
    expect(decided).toMatchObject({ status: 302, location: `/labs/${lab.id}/renewals/${id}?saved=decided` })
    expect(periodsOf(lab.id).map((p) => [p.sequence, p.startDate, p.endDate, p.outcome, p.outcomeDate])).toEqual([
      [1, '2025-03-01', '2027-02-28', 'renewed', '2026-12-01'],
      [2, '2027-03-01', '2029-02-28', null, null],
    ])
    expect(renewalRow(id)).toMatchObject({
      status: 'decided',
      decision: 'renew',
      grade: 'good',
      decidedOn: '2026-12-01',
      decidedBy: bureauId,
      newPeriodId: periodsOf(lab.id)[1].id,
    })
    const latest = periodsOf(lab.id)[1]
    expect(labStatus({ latest: { ...latest, outcome: null }, today: '2026-12-01' })).toBe('renewed')
    expect(labChecksOf({ labId: lab.id, today: '2026-12-01' }).find((c) => c.checkId === 'validity')?.reasonKey).toBe(
      'compliance.validity.renewed',
    )

    // the lab, its district and the bureau each get one notice in their inbox
    const told = db
      .select({ userId: inboxItems.userId, source: notices.source, title: notices.title })
      .from(inboxItems)
      .innerJoin(notices, eq(notices.id, inboxItems.noticeId))
      .where(eq(notices.source, 'renewal_decision'))
      .all()
    expect(told).toHaveLength(3)
    expect(told.every((n) => n.source === 'renewal_decision' && n.title.key === 'renewals.notice.renew')).toBe(true)
    const audit = db.select().from(auditLog).where(eq(auditLog.labId, lab.id)).all()
    expect(audit.map((a) => `${a.entityType}:${a.action}`)).toEqual(
      expect.arrayContaining(['renewal:decide', 'validity_period:renewed', 'validity_period:create']),
    )
  })

  test('renewed after rectification: the deadline defaults to three months; the re-check renews from the old end', async () => {
    const lab = makeLab(db, { startDate: '2025-03-01' })
    const own = await labCookie(lab.id)
    const id = await applied(lab.id, own)
    const noReq = await act(
      lab.id,
      id,
      { intent: 'decide', decision: 'renew_after_rectification', grade: 'pass', reasons: '团队人数不足' },
      bureau,
    )
    expect(errorsOf(noReq).rectificationRequirements?.key).toBe('renewals.error.requirementsRequired')
    const past = await act(
      lab.id,
      id,
      {
        intent: 'decide',
        decision: 'renew_after_rectification',
        grade: 'pass',
        reasons: 'x',
        rectificationRequirements: 'y',
        rectificationDeadline: '2026-11-30',
      },
      bureau,
    )
    expect(errorsOf(past).rectificationDeadline?.key).toBe('renewals.error.deadlinePast')
    expect(renewalRow(id).status).toBe('submitted')

    expect(
      (
        await act(
          lab.id,
          id,
          {
            intent: 'decide',
            decision: 'renew_after_rectification',
            grade: 'pass',
            reasons: '团队人数不足',
            rectificationRequirements: '补足 15 人',
          },
          bureau,
        )
      ).status,
    ).toBe(302)
    expect(renewalRow(id)).toMatchObject({ status: 'rectifying', rectificationDeadline: '2027-03-01' })
    expect(periodsOf(lab.id).map((p) => p.outcome)).toEqual([null])
    expect(labChecksOf({ labId: lab.id, today: '2026-12-01' }).find((c) => c.checkId === 'rectification')?.result).toBe('warning')

    at('2027-03-20T02:00:00Z')
    expect(labChecksOf({ labId: lab.id, today: '2027-03-20' }).find((c) => c.checkId === 'rectification')?.result).toBe('failing')
    expect((await act(lab.id, id, { intent: 'recheck', recheck: 'renew' }, bureau)).status).toBe(400)
    expect((await act(lab.id, id, { intent: 'recheck', recheck: 'renew', reasons: '已补足团队' }, own)).status).toBe(403)
    expect((await act(lab.id, id, { intent: 'recheck', recheck: 'renew', reasons: '已补足团队' }, bureau)).status).toBe(302)
    expect(periodsOf(lab.id).map((p) => [p.sequence, p.startDate, p.endDate, p.outcome])).toEqual([
      [1, '2025-03-01', '2027-02-28', 'renewed'],
      [2, '2027-03-01', '2029-02-28', null],
    ])
    expect(renewalRow(id)).toMatchObject({ status: 'decided', recheckDecision: 'renew', recheckedOn: '2027-03-20' })
  })

  test('not renewed: the period ends with that outcome and the lab is no longer held to the rules', async () => {
    const lab = makeLab(db, { startDate: '2025-03-01' })
    const id = await applied(lab.id, await labCookie(lab.id))
    expect(
      (await act(lab.id, id, { intent: 'decide', decision: 'not_renew', grade: 'fail', reasons: '两年均无年度成果' }, bureau)).status,
    ).toBe(302)
    expect(periodsOf(lab.id).map((p) => [p.outcome, p.outcomeNote])).toEqual([['not_renewed', '两年均无年度成果']])
    at('2027-03-10T02:00:00Z')
    expect(labChecksOf({ labId: lab.id, today: '2027-03-10' })).toEqual([])
  })
})

describe('who may decide', () => {
  test('a lab cannot decide its own renewal; a district cannot decide; another lab or district does not find it', async () => {
    const lab = makeLab(db, { startDate: '2025-03-01', districtCode: '320508' })
    const own = await labCookie(lab.id)
    const id = await applied(lab.id, own)
    const decide = { intent: 'decide', decision: 'renew', grade: 'good', reasons: '自己批准自己' }
    expect((await act(lab.id, id, decide, own)).status).toBe(403)
    expect((await act(lab.id, id, decide, await districtCookie('320508'))).status).toBe(403)
    expect((await act(lab.id, id, decide, await districtCookie('320583'))).status).toBe(404)
    const other = makeLab(db, { startDate: '2025-03-01' })
    expect((await act(lab.id, id, decide, await labCookie(other.id))).status).toBe(404)
    expect((await act(lab.id, id, decide, signIn(await makeUser(db, { role: 'expert' })))).status).toBe(404)
    expect(renewalRow(id).status).toBe('submitted')
    expect(periodsOf(lab.id).map((p) => p.outcome)).toEqual([null])
  })

  test('each other intent is refused to the roles it is not for, and the other lab’s district does not find it', async () => {
    const lab = makeLab(db, { startDate: '2025-03-01', districtCode: '320508' })
    const own = await labCookie(lab.id)
    const district = await districtCookie('320508')
    const elsewhere = await districtCookie('320583')
    const expert = await makeUser(db, { role: 'expert' })
    const prof = signIn(expert)
    const status = async (r: Promise<{ status: number }>) => (await r).status

    // the entry: only the lab starts an application, only the bureau decides without one
    expect(await status(entryAct(lab.id, { intent: 'start' }, district))).toBe(403)
    expect(await status(entryAct(lab.id, { intent: 'start' }, elsewhere))).toBe(404)
    expect(await status(entryAct(lab.id, { intent: 'start' }, prof))).toBe(404)
    const revoke = { intent: 'decideWithout', decision: 'revoke', reasons: '越权撤销' }
    expect(await status(entryAct(lab.id, revoke, own))).toBe(403)
    expect(await status(entryAct(lab.id, revoke, district))).toBe(403)
    expect(await status(entryAct(lab.id, revoke, elsewhere))).toBe(404)
    expect(await status(entryAct(lab.id, revoke, prof))).toBe(404)
    expect(db.select().from(renewals).all()).toEqual([])

    // a draft is the lab’s own: nobody else finds it
    const id = idFrom((await entryAct(lab.id, { intent: 'start' }, own)).location)
    for (const cookie of [bureau, district, prof])
      expect(await status(act(lab.id, id, { intent: 'save', ...application }, cookie))).toBe(404)
    expect(await status(act(lab.id, id, { intent: 'submit', ...application }, own))).toBe(302)

    // the application is the lab’s to write: the bureau and its district read it, change nothing
    for (const intent of ['save', 'submit']) {
      expect(await status(act(lab.id, id, { intent, ...application, summary: '改写' }, bureau))).toBe(403)
      expect(await status(act(lab.id, id, { intent, ...application, summary: '改写' }, district))).toBe(403)
      expect(await status(act(lab.id, id, { intent, ...application, summary: '改写' }, elsewhere))).toBe(404)
      expect(await status(act(lab.id, id, { intent, ...application, summary: '改写' }, prof))).toBe(404)
    }
    expect(await status(act(lab.id, id, { intent: 'removeAttachment', attachmentId: '1' }, bureau))).toBe(403)
    expect(await status(act(lab.id, id, { intent: 'removeAttachment', attachmentId: '1' }, district))).toBe(403)
    expect(renewalRow(id).summary).toBe(application.summary)

    // experts are the bureau’s to assign and to remove
    expect(await status(act(lab.id, id, { intent: 'assignExpert', expertId: String(expert.id) }, district))).toBe(403)
    expect(await status(act(lab.id, id, { intent: 'assignExpert', expertId: String(expert.id) }, bureau))).toBe(302)
    const assignment = db.select().from(reviewAssignments).get()!
    for (const cookie of [own, district])
      expect(await status(act(lab.id, id, { intent: 'unassignExpert', assignmentId: String(assignment.id) }, cookie))).toBe(403)
    expect(await status(act(lab.id, id, { intent: 'unassignExpert', assignmentId: String(assignment.id) }, prof))).toBe(403)
    expect(db.select().from(reviewAssignments).all()).toHaveLength(1)

    // the re-check is the bureau’s, like the decision
    const conditional = {
      intent: 'decide',
      decision: 'renew_after_rectification',
      grade: 'good',
      reasons: '需整改',
      rectificationRequirements: '补齐数据目录',
    }
    expect(await status(act(lab.id, id, conditional, bureau))).toBe(302)
    const recheck = { intent: 'recheck', recheck: 'renew', reasons: '已整改' }
    for (const cookie of [own, district, prof]) expect(await status(act(lab.id, id, recheck, cookie))).toBe(403)
    expect(await status(act(lab.id, id, recheck, elsewhere))).toBe(404)
    expect(renewalRow(id).status).toBe('rectifying')
    expect(periodsOf(lab.id).map((p) => p.outcome)).toEqual([null])
  })

  test('the bureau cannot edit the lab’s application, nor the lab start one before the window opens', async () => {
    const lab = makeLab(db, { startDate: '2025-06-01' })
    const own = await labCookie(lab.id)
    const early = await entryAct(lab.id, { intent: 'start' }, own)
    expect(early.status).toBe(409)
    expect(errorsOf(early)._form).toEqual({ key: 'renewals.error.windowNotOpen', vars: { date: '2027-01-31' } })
    expect((await entryAct(lab.id, { intent: 'start' }, bureau)).status).toBe(403)
    expect(db.select().from(renewals).all()).toEqual([])
  })

  test.each([
    [{ decision: 'renew', reasons: '好' }, 'grade', 'renewals.error.gradeRequired'],
    [{ decision: 'renew', grade: 'platinum', reasons: '好' }, 'grade', 'form.invalidChoice'],
    [{ decision: 'renew', grade: 'good' }, 'reasons', 'renewals.error.reasonsRequired'],
    [{ decision: 'extend', grade: 'good', reasons: '好' }, 'decision', 'form.invalidChoice'],
  ])('a decision %o is refused on %s', async (fields, field, key) => {
    const lab = makeLab(db, { startDate: '2025-03-01' })
    const id = await applied(lab.id, await labCookie(lab.id))
    const r = await act(lab.id, id, { intent: 'decide', ...fields }, bureau)
    expect(r.status).toBe(400)
    expect(errorsOf(r)[field]?.key).toBe(key)
    expect(renewalRow(id).status).toBe('submitted')
  })
})

describe('experts on the renewal page', () => {
  test('the bureau assigns an expert from the page; the lab sees neither the panel nor who reviews it', async () => {
    const lab = makeLab(db, { startDate: '2025-03-01' })
    const own = await labCookie(lab.id)
    const id = await applied(lab.id, own)
    const expert = await makeUser(db, { role: 'expert', username: 'prof' })
    const assigned = await act(lab.id, id, { intent: 'assignExpert', expertId: String(expert.id) }, bureau)
    expect(assigned, JSON.stringify(assigned.body)).toMatchObject({
      status: 302,
      location: `/labs/${lab.id}/renewals/${id}?saved=assignExpert#review`,
    })
    expect(renewalRow(id).status).toBe('under_review')
    const bureauPage = (await page(lab.id, id, bureau)).body as {
      reviewPanel: { assignments: unknown[] } | null
      thread: { action: string }[]
      dossier: unknown
    }
    expect(bureauPage.reviewPanel?.assignments).toHaveLength(1)
    expect(bureauPage.thread.map((e) => e.action)).toContain('assign_expert')
    expect(bureauPage.dossier).not.toBeNull()
    const labPage = (await page(lab.id, id, own)).body as { reviewPanel: unknown; thread: { action: string }[] }
    expect(labPage.reviewPanel).toBeNull()
    expect(labPage.thread.map((e) => e.action)).not.toContain('assign_expert')
    // the lab cannot assign experts to its own renewal
    expect((await act(lab.id, id, { intent: 'assignExpert', expertId: String(expert.id) }, own)).status).toBe(403)
    // the assigned expert reaches the page, decides nothing
    const prof = signIn(expert)
    expect((await page(lab.id, id, prof)).body).toMatchObject({ canDecide: false, canEdit: false, isExpert: true })
    expect((await act(lab.id, id, { intent: 'decide', decision: 'renew', grade: 'good', reasons: 'x' }, prof)).status).toBe(403)

    // the expert's inbox says what to review; when the review is in, the bureau's inbox says so, the lab's does not
    const inboxOf = (userId: number) =>
      db
        .select({ source: notices.source, link: notices.link })
        .from(inboxItems)
        .innerJoin(notices, eq(notices.id, inboxItems.noticeId))
        .where(eq(inboxItems.userId, userId))
        .all()
    expect(inboxOf(expert.id)).toEqual([{ source: 'review_assignment', link: `/labs/${lab.id}/renewals/${id}/review` }])
    const scores = { 'score-1': '90', 'score-2': '80', 'score-3': '70', 'score-4': '85', 'score-5': '75' }
    const reviewed = await outcome(() =>
      reviewAction({
        request: formRequest(
          `/labs/${lab.id}/renewals/${id}/review`,
          { intent: 'submitReview', opinion: '成果扎实', rowVersion: reviewVersion(id, prof), ...scores },
          prof,
        ),
        params: params({ labId: lab.id, renewalId: id }),
        context: TEST_CONTEXT,
      }),
    )
    expect(reviewed.status).toBe(302)
    expect(inboxOf(bureauId).map((n) => n.source)).toEqual(['renewal_submitted', 'review_submitted'])
    const labUser = db.select().from(users).where(eq(users.labId, lab.id)).get()!
    expect(inboxOf(labUser.id)).toEqual([])
  })
})

describe('without an application', () => {
  test('the bureau may revoke at any time, for cause; the lab’s status is revoked at once', async () => {
    const lab = makeLab(db, { startDate: '2026-01-01' })
    expect((await entry(lab.id, bureau)).body).toMatchObject({ bureauDecisions: ['revoke'] })
    const bare = await entryAct(lab.id, { intent: 'decideWithout', decision: 'revoke' }, bureau)
    expect(errorsOf(bare).reasons?.key).toBe('renewals.error.reasonsRequired')
    const r = await entryAct(lab.id, { intent: 'decideWithout', decision: 'revoke', reasons: '发生重大数据安全事件且拒不整改' }, bureau)
    expect(r.status).toBe(302)
    expect(periodsOf(lab.id).map((p) => p.outcome)).toEqual(['revoked'])
    expect(renewalRow(idFrom(r.location))).toMatchObject({ status: 'decided', decision: 'revoke', grade: null })
  })

  test('before the period ends, a lab that has not applied can only be revoked: another decision is refused, not only left out of the form', async () => {
    const lab = makeLab(db, { startDate: '2025-03-01' })
    expect((await entry(lab.id, bureau)).body).toMatchObject({ bureauDecisions: ['revoke'] })
    const r = await entryAct(lab.id, { intent: 'decideWithout', decision: 'not_renew', grade: 'fail', reasons: '未申请' }, bureau)
    expect(r.status).toBe(409)
    expect(errorsOf(r)._form?.key).toBe('renewals.error.periodNotEnded')
    expect(periodsOf(lab.id).map((p) => p.outcome)).toEqual([null])
    expect(db.select().from(renewals).all()).toEqual([])
    // once it has ended unapplied, every decision is the bureau's to take here
    at('2027-03-01T02:00:00Z')
    expect((await entry(lab.id, bureau)).body).toMatchObject({
      bureauDecisions: ['not_renew', 'renew', 'renew_after_rectification', 'revoke'],
    })
    expect(
      (await entryAct(lab.id, { intent: 'decideWithout', decision: 'not_renew', grade: 'fail', reasons: '未申请' }, bureau)).status,
    ).toBe(302)
    expect(periodsOf(lab.id).map((p) => p.outcome)).toEqual(['not_renewed'])
  })

  test('a lab that has applied is decided on its application, not around it', async () => {
    const lab = makeLab(db, { startDate: '2025-03-01' })
    await applied(lab.id, await labCookie(lab.id))
    expect((await entry(lab.id, bureau)).body).toMatchObject({ bureauDecisions: null })
    const r = await entryAct(lab.id, { intent: 'decideWithout', decision: 'not_renew', grade: 'fail', reasons: '未申请' }, bureau)
    expect(r.status).toBe(409)
    expect(errorsOf(r)._form?.key).toBe('renewals.error.appliedUseRenewal')
  })

  test('a lab that never applied is flagged; with the setting on it is recorded as not renewed after the set days', async () => {
    const lab = makeLab(db, { startDate: '2025-03-01' })
    at('2027-03-05T02:00:00Z')
    expect(labChecksOf({ labId: lab.id, today: '2027-03-05' }).find((c) => c.checkId === 'renewal_application')).toMatchObject({
      result: 'failing',
    })
    expect(recordUnappliedNotRenewed({ day: '2027-04-30' })).toBe(0)
    updateSetting({ key: 'unappliedNotRenewedAfterDays', value: 30, actor: { id: bureauId, displayName: 'chief' }, at: new Date() })
    expect(recordUnappliedNotRenewed({ day: '2027-03-30' })).toBe(0)
    expect(recordUnappliedNotRenewed({ day: '2027-03-31', dryRun: true })).toBe(1)
    expect(periodsOf(lab.id)[0].outcome).toBeNull()
    expect(recordUnappliedNotRenewed({ day: '2027-03-31' })).toBe(1)
    expect(periodsOf(lab.id)[0]).toMatchObject({ outcome: 'not_renewed', outcomeDate: '2027-03-31' })
    const row = db
      .select()
      .from(renewals)
      .where(and(eq(renewals.labId, lab.id)))
      .get()!
    expect(row).toMatchObject({ decision: 'not_renew', decidedBy: null })
    expect(row.reasons).toContain('30 天')
    expect(recordUnappliedNotRenewed({ day: '2027-04-01' })).toBe(0)
  })

  test('an applied renewal left undecided past the end is the bureau’s breach', async () => {
    const lab = makeLab(db, { startDate: '2025-03-01' })
    await applied(lab.id, await labCookie(lab.id))
    at('2027-03-02T02:00:00Z')
    expect(labChecksOf({ labId: lab.id, today: '2027-03-02' }).find((c) => c.checkId === 'renewal_decision')).toMatchObject({
      result: 'failing',
      owner: 'bureau',
    })
    expect(labChecksOf({ labId: lab.id, today: '2027-03-02' }).some((c) => c.checkId === 'renewal_application')).toBe(false)
  })
})
