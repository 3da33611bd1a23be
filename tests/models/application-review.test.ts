import { and, asc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import {
  assignApplicationExpert,
  declareApplicationConflict,
  roundRanking,
  startRoundReview,
  submitApplicationReview,
  takeShortlist,
} from '~/models/application-review.server'
import type { ActingUser } from '~/models/result.server'
import { saveRoundCriteria } from '~/models/rounds.server'
import type { Db } from '~db/client.server'
import {
  applicants,
  applicationReviews,
  auditLog,
  certificationRounds,
  inboxItems,
  notices,
  roundApplicationPartners,
  roundApplications,
  roundCriteria,
  users,
} from '~db/schema'
import { pinClock } from '../clock'
import { makeOrg, makeUser, setupTestDb } from '../helpers'
import { acting, makeApplicant, makeOffice, makeRound, RECOMMENDATIONS_DUE, statusOf, versionOf } from '../round-application-fixtures'

// Expert review of certification applications (issue 21, ADR 024 plan step 4) on a migrated
// SQLite: starting the review, assigning experts with 评审回避, scoring, the ranking and the
// shortlist step, each refused for the wrong role, out of scope, bad input and a stale page.
const AFTER_OFFICES = new Date(new Date(RECOMMENDATIONS_DUE).getTime() + 1)
pinClock(AFTER_OFFICES)
const at = AFTER_OFFICES

let db: Db
let round: ReturnType<typeof makeRound>
let bureau: ActingUser
let gusu: ActingUser
let criteria: { id: number; weight: number }[]

beforeEach(async () => {
  db = setupTestDb()
  round = makeRound(db)
  criteria = [
    { labelZh: '创新性', labelEn: 'Innovation', weight: 60, position: 1 },
    { labelZh: '可行性', labelEn: 'Feasibility', weight: 40, position: 2 },
  ].map((c) =>
    db
      .insert(roundCriteria)
      .values({ ...c, roundId: round.id })
      .returning()
      .get(),
  )
  bureau = acting(await makeUser(db, { role: 'bureau' }))
  gusu = await makeOffice(db, { districtCode: '320508' })
})

/** An application its office recommended (the earlier steps have their own tests). */
async function recommended(submittedAt = '2027-03-10T02:00:00.000Z') {
  const { applicant, user } = await makeApplicant(db)
  const row = db
    .insert(roundApplications)
    .values({
      roundId: round.id,
      applicantId: applicant.id,
      officeDistrictCode: '320508',
      labName: '实验室',
      status: 'recommended',
      submittedAt,
    })
    .returning()
    .get()
  return { id: row.id, applicant, user }
}

async function expert(orgId?: number) {
  const u = await makeUser(db, { role: 'expert' })
  if (orgId) db.update(users).set({ organisationId: orgId }).where(eq(users.id, u.id)).run()
  return acting(u)
}

const roundVersion = () => String(db.select().from(certificationRounds).where(eq(certificationRounds.id, round.id)).get()!.rowVersion)
const start = (by = bureau, when = at) => startRoundReview({ by, roundId: round.id, version: roundVersion(), at: when })
const assign = (applicationId: number, e: ActingUser, by = bureau) =>
  assignApplicationExpert({ by, applicationId, expertId: String(e.id), version: versionOf(db, applicationId), at })
const reviewOf = (applicationId: number, e: ActingUser) =>
  db
    .select()
    .from(applicationReviews)
    .where(and(eq(applicationReviews.applicationId, applicationId), eq(applicationReviews.expertId, e.id)))
    .get()!
const score = (applicationId: number, e: ActingUser, [a, b]: [number, number], by = e) => {
  const review = reviewOf(applicationId, e)
  return submitApplicationReview({
    by,
    reviewId: review.id,
    scores: { [criteria[0].id]: String(a), [criteria[1].id]: String(b) },
    comment: '材料扎实',
    version: String(review.rowVersion),
    at,
  })
}
const inboxOf = (userId: number) =>
  db
    .select({ title: notices.title, link: notices.link })
    .from(inboxItems)
    .innerJoin(notices, eq(notices.id, inboxItems.noticeId))
    .where(eq(inboxItems.userId, userId))
    .all()
const audits = (entityType: string) => db.select().from(auditLog).where(eq(auditLog.entityType, entityType)).orderBy(asc(auditLog.id)).all()

describe('starting the review', () => {
  test('before the offices’ deadline it is refused and nothing moves', async () => {
    const app = await recommended()
    const r = start(bureau, new Date(RECOMMENDATIONS_DUE))
    expect(r).toMatchObject({ ok: false, error: 'conflict', errors: { _form: { key: 'certification.refusal.recommendations_open' } } })
    expect(statusOf(db, app.id)).toBe('recommended')
  })

  test('a district office, an expert and an applicant cannot start it (403)', async () => {
    const app = await recommended()
    for (const by of [gusu, await expert(), app.user]) expect(start(by)).toMatchObject({ ok: false, error: 'forbidden' })
    expect(statusOf(db, app.id)).toBe('recommended')
  })

  test('the bureau moves every recommended application under review, audited, the applicant and its office told', async () => {
    const a = await recommended()
    const b = await recommended()
    const submitted = db
      .insert(roundApplications)
      .values({ roundId: round.id, applicantId: (await makeApplicant(db)).applicant.id, officeDistrictCode: '320508', status: 'submitted' })
      .returning()
      .get()
    expect(start()).toMatchObject({ ok: true, changed: [a.id, b.id] })
    expect([statusOf(db, a.id), statusOf(db, b.id), statusOf(db, submitted.id)]).toEqual(['under_review', 'under_review', 'submitted'])
    const moved = audits('round_application').filter((x) => x.entityId === String(a.id))
    expect(moved).toHaveLength(1)
    expect(moved[0]).toMatchObject({
      action: 'decide',
      before: { status: 'recommended' },
      after: { status: 'under_review', step: 'start_review' },
    })
    expect(inboxOf(a.user.id).map((n) => n.title.key)).toEqual(['roundNotice.start_review'])
    expect(inboxOf(gusu.id).map((n) => n.title.key)).toEqual(['roundNotice.start_review', 'roundNotice.start_review'])
  })

  test('a stale round page is 409', async () => {
    await recommended()
    const old = roundVersion()
    db.update(certificationRounds).set({ nameZh: '改名' }).where(eq(certificationRounds.id, round.id)).run()
    expect(startRoundReview({ by: bureau, roundId: round.id, version: old, at })).toMatchObject({ ok: false, error: 'conflict' })
  })

  test('the round’s criteria lock once an application is under review, even with the deadline moved back', async () => {
    await recommended()
    expect(start().ok).toBe(true)
    const later = new Date(at.getTime() + 30 * 86_400_000).toISOString()
    db.update(certificationRounds).set({ recommendationsDueAt: later }).where(eq(certificationRounds.id, round.id)).run()
    const saved = saveRoundCriteria({
      by: bureau,
      id: round.id,
      values: { rowVersion: roundVersion(), 'labelZh.0': '新指标', 'labelEn.0': 'New', 'weight.0': '100' },
    })
    expect(saved).toMatchObject({ ok: false, error: 'conflict', errors: { _form: { key: 'rounds.review.error.criteriaLocked' } } })
    expect(db.select().from(roundCriteria).where(eq(roundCriteria.roundId, round.id)).all()).toHaveLength(2)
  })
})

describe('assigning experts', () => {
  test('an expert of the applicant’s or a partner’s organisation is refused with the reason', async () => {
    const app = await recommended()
    start()
    const partnerOrg = makeOrg(db)
    // the applicant's credit code is also an organisation of the registry (an expert's employer)
    const applicantOrg = makeOrg(db, { name: '申报单位本身' })
    db.update(applicants).set({ uscc: applicantOrg.creditCode }).where(eq(applicants.id, app.applicant.id)).run()
    db.insert(roundApplicationPartners)
      .values({ applicationId: app.id, name: partnerOrg.name, uscc: partnerOrg.creditCode, kind: 'enterprise' })
      .run()
    const own = assign(app.id, await expert(applicantOrg.id))
    expect(own).toMatchObject({ ok: false, error: 'invalid', errors: { expertId: { key: 'rounds.review.error.applicantConflict' } } })
    const partner = assign(app.id, await expert(partnerOrg.id))
    expect(partner).toMatchObject({ ok: false, error: 'invalid', errors: { expertId: { key: 'rounds.review.error.partnerConflict' } } })
    expect(db.select().from(applicationReviews).all()).toHaveLength(0)
  })

  test('an unrelated expert is assigned, audited and told; twice is refused; a non-expert is refused', async () => {
    const app = await recommended()
    start()
    const e = await expert(makeOrg(db).id)
    expect(assign(app.id, e)).toMatchObject({ ok: true })
    expect(audits('application_review')).toMatchObject([{ action: 'assign_expert', after: { expertId: e.id, status: 'assigned' } }])
    expect(inboxOf(e.id)).toMatchObject([{ title: { key: 'roundNotice.review_assigned' } }])
    expect(assign(app.id, e)).toMatchObject({
      ok: false,
      error: 'invalid',
      errors: { expertId: { key: 'expertReview.error.alreadyAssigned' } },
    })
    expect(assign(app.id, gusu)).toMatchObject({
      ok: false,
      error: 'invalid',
      errors: { expertId: { key: 'expertReview.error.expertInvalid' } },
    })
  })

  test('not before the review starts, not by an office (403), not on a stale page (409)', async () => {
    const app = await recommended()
    const e = await expert()
    expect(assign(app.id, e)).toMatchObject({
      ok: false,
      error: 'conflict',
      errors: { _form: { key: 'certification.refusal.wrong_status' } },
    })
    start()
    expect(assign(app.id, e, gusu)).toMatchObject({ ok: false, error: 'forbidden' })
    const old = versionOf(db, app.id)
    expect(assign(app.id, await expert()).ok).toBe(true)
    expect(assignApplicationExpert({ by: bureau, applicationId: app.id, expertId: String(e.id), version: old, at })).toMatchObject({
      ok: false,
      error: 'conflict',
    })
  })
})

describe('the expert’s review', () => {
  test('the total is the weighted total, stored; the bureau is told', async () => {
    const app = await recommended()
    start()
    const e = await expert()
    assign(app.id, e)
    expect(score(app.id, e, [90, 70])).toMatchObject({ ok: true })
    // 90 × 60% + 70 × 40% = 82
    expect(reviewOf(app.id, e)).toMatchObject({
      status: 'submitted',
      totalScore: 82,
      scores: { [criteria[0].id]: 90, [criteria[1].id]: 70 },
      comment: '材料扎实',
    })
    expect(audits('application_review').at(-1)).toMatchObject({
      action: 'review',
      before: { status: 'assigned' },
      after: { totalScore: 82 },
    })
    expect(inboxOf(bureau.id).map((n) => n.title.key)).toContain('roundNotice.score')
  })

  test('another expert’s assignment is not found; a bureau user is refused', async () => {
    const app = await recommended()
    start()
    const e = await expert()
    const other = await expert()
    assign(app.id, e)
    expect(score(app.id, e, [80, 80], other)).toMatchObject({ ok: false, error: 'not_found' })
    expect(score(app.id, e, [80, 80], bureau)).toMatchObject({ ok: false, error: 'forbidden' })
    expect(reviewOf(app.id, e).status).toBe('assigned')
  })

  test('a score out of range or a missing comment is 400 and nothing is stored', async () => {
    const app = await recommended()
    start()
    const e = await expert()
    assign(app.id, e)
    const review = reviewOf(app.id, e)
    const bad = submitApplicationReview({
      by: e,
      reviewId: review.id,
      scores: { [criteria[0].id]: '101', [criteria[1].id]: '' },
      comment: ' ',
      version: String(review.rowVersion),
      at,
    })
    expect(bad).toMatchObject({ ok: false, error: 'invalid' })
    expect(Object.keys((bad as { errors: object }).errors).sort()).toEqual(
      ['comment', `score-${criteria[0].id}`, `score-${criteria[1].id}`].sort(),
    )
    expect(reviewOf(app.id, e)).toMatchObject({ status: 'assigned', totalScore: null })
  })

  test('after declaring a conflict the expert can no longer score (404); the reason is kept', async () => {
    const app = await recommended()
    start()
    const e = await expert()
    assign(app.id, e)
    const review = reviewOf(app.id, e)
    const empty = declareApplicationConflict({ by: e, reviewId: review.id, reason: '', version: String(review.rowVersion), at })
    expect(empty).toMatchObject({ ok: false, error: 'invalid' })
    expect(
      declareApplicationConflict({ by: e, reviewId: review.id, reason: '曾参与申报材料编写', version: String(review.rowVersion), at }),
    ).toMatchObject({
      ok: true,
    })
    expect(reviewOf(app.id, e)).toMatchObject({ status: 'conflict', conflictReason: '曾参与申报材料编写' })
    expect(score(app.id, e, [80, 80])).toMatchObject({ ok: false, error: 'not_found' })
  })

  test('a stale review page is 409', async () => {
    const app = await recommended()
    start()
    const e = await expert()
    assign(app.id, e)
    const review = reviewOf(app.id, e)
    const r = submitApplicationReview({
      by: e,
      reviewId: review.id,
      scores: { [criteria[0].id]: '80', [criteria[1].id]: '80' },
      comment: 'x',
      version: String(review.rowVersion - 1),
      at,
    })
    expect(r).toMatchObject({ ok: false, error: 'conflict' })
  })
})

describe('ranking and the shortlist', () => {
  // three applications: a and b tie on the mean, c pending (one of its two experts has not scored)
  async function reviewed() {
    const a = await recommended('2027-03-10T02:00:00.000Z')
    const b = await recommended('2027-03-09T02:00:00.000Z')
    const c = await recommended()
    start()
    const [e1, e2] = [await expert(), await expert()]
    for (const app of [a, b, c]) for (const e of [e1, e2]) expect(assign(app.id, e).ok).toBe(true)
    score(a.id, e1, [90, 90])
    score(a.id, e2, [70, 70])
    score(b.id, e1, [80, 80])
    score(b.id, e2, [80, 80])
    score(c.id, e1, [95, 95])
    return { a, b, c, e1, e2 }
  }

  test('ties break on the higher lowest total; a pending application is listed apart, unranked', async () => {
    const { a, b, c } = await reviewed()
    const ranking = roundRanking({ by: bureau, roundId: round.id, rule: { by: 'top', count: 1 } })!
    expect(ranking.ranked.map((r) => [r.id, r.mean, r.tiedWithPrevious])).toEqual([
      [b.id, 80, false],
      [a.id, 80, true],
    ])
    expect(ranking.unranked).toEqual([{ id: c.id, score: { state: 'pending', scored: 1, awaited: 1 } }])
    expect(ranking.proposal).toEqual({ ids: [b.id], tieAtCutoff: true })
    expect(roundRanking({ by: gusu, roundId: round.id })).toBeNull()
  })

  test('a chosen pending application refuses the shortlist; nothing moves', async () => {
    const { a, c } = await reviewed()
    const r = takeShortlist({ by: bureau, roundId: round.id, chosen: [String(a.id), String(c.id)], version: roundVersion(), at })
    expect(r).toMatchObject({ ok: false, error: 'conflict', errors: { _form: { key: 'rounds.review.error.chosenPending' } } })
    expect(statusOf(db, a.id)).toBe('under_review')
  })

  test('once every expert scored: chosen shortlisted, the rest not, audited and told', async () => {
    const { a, b, c, e2 } = await reviewed()
    score(c.id, e2, [85, 85])
    expect(takeShortlist({ by: gusu, roundId: round.id, chosen: [String(b.id)], version: roundVersion(), at })).toMatchObject({
      ok: false,
      error: 'forbidden',
    })
    expect(takeShortlist({ by: bureau, roundId: round.id, chosen: [], version: roundVersion(), at })).toMatchObject({
      ok: false,
      error: 'invalid',
    })
    expect(takeShortlist({ by: bureau, roundId: round.id, chosen: ['99999'], version: roundVersion(), at })).toMatchObject({
      ok: false,
      error: 'invalid',
    })
    const r = takeShortlist({ by: bureau, roundId: round.id, chosen: [String(b.id), String(c.id)], version: roundVersion(), at })
    expect(r).toMatchObject({ ok: true })
    expect([statusOf(db, a.id), statusOf(db, b.id), statusOf(db, c.id)]).toEqual(['not_shortlisted', 'shortlisted', 'shortlisted'])
    expect(
      audits('round_application')
        .filter((x) => x.entityId === String(a.id))
        .at(-1),
    ).toMatchObject({
      before: { status: 'under_review' },
      after: { status: 'not_shortlisted', step: 'not_shortlist' },
    })
    expect(inboxOf(a.user.id).map((n) => n.title.key)).toContain('roundNotice.not_shortlist')
    expect(inboxOf(b.user.id).map((n) => n.title.key)).toContain('roundNotice.shortlist')
    // the round's list is decided: a second shortlist has nothing under review
    expect(takeShortlist({ by: bureau, roundId: round.id, chosen: [String(a.id)], version: roundVersion(), at })).toMatchObject({
      ok: false,
      error: 'conflict',
    })
  })

  test('a shortlist from a page loaded before the review started is 409', async () => {
    await recommended()
    const old = roundVersion()
    start()
    expect(takeShortlist({ by: bureau, roundId: round.id, chosen: ['1'], version: old, at })).toMatchObject({
      ok: false,
      error: 'conflict',
    })
  })
})
