import { and, asc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { assignApplicationExpert, roundRanking, startRoundReview, submitApplicationReview } from '~/models/application-review.server'
import { unassignApplicationExpert } from '~/models/application-panel.server'
import type { ActingUser } from '~/models/result.server'
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
import { acting, makeApplicant, makeOffice, makeRound, RECOMMENDATIONS_DUE, versionOf } from '../round-application-fixtures'

// The panel of a certification application after assignment (issue 21 item 5): scoring re-checks
// 评审回避, and the bureau takes an expert off before it scores.
const at = new Date(new Date(RECOMMENDATIONS_DUE).getTime() + 1)
pinClock(at)

let db: Db
let round: ReturnType<typeof makeRound>
let bureau: ActingUser
let criterionId: number

beforeEach(async () => {
  db = setupTestDb()
  round = makeRound(db)
  criterionId = db
    .insert(roundCriteria)
    .values({ roundId: round.id, labelZh: '创新性', labelEn: 'Innovation', weight: 100, position: 1 })
    .returning()
    .get().id
  bureau = acting(await makeUser(db, { role: 'bureau' }))
})

async function underReview() {
  const { applicant, user } = await makeApplicant(db)
  const row = db
    .insert(roundApplications)
    .values({
      roundId: round.id,
      applicantId: applicant.id,
      officeDistrictCode: '320508',
      labName: '实验室',
      status: 'recommended',
      submittedAt: '2027-03-10T02:00:00.000Z',
    })
    .returning()
    .get()
  return { id: row.id, applicant, user }
}
const roundVersion = () => String(db.select().from(certificationRounds).where(eq(certificationRounds.id, round.id)).get()!.rowVersion)
const start = () => expect(startRoundReview({ by: bureau, roundId: round.id, version: roundVersion(), at }).ok).toBe(true)
async function expert(orgId?: number) {
  const u = await makeUser(db, { role: 'expert' })
  if (orgId) db.update(users).set({ organisationId: orgId }).where(eq(users.id, u.id)).run()
  return acting(u)
}
const assign = (applicationId: number, e: ActingUser) =>
  assignApplicationExpert({ by: bureau, applicationId, expertId: String(e.id), version: versionOf(db, applicationId), at })
const reviewOf = (applicationId: number, e: ActingUser) =>
  db
    .select()
    .from(applicationReviews)
    .where(and(eq(applicationReviews.applicationId, applicationId), eq(applicationReviews.expertId, e.id)))
    .get()
const score = (applicationId: number, e: ActingUser, value = 80) => {
  const review = reviewOf(applicationId, e)!
  return submitApplicationReview({
    by: e,
    reviewId: review.id,
    scores: { [criterionId]: String(value) },
    comment: '材料扎实',
    version: String(review.rowVersion),
    at,
  })
}
const audits = (entityType: string) => db.select().from(auditLog).where(eq(auditLog.entityType, entityType)).orderBy(asc(auditLog.id)).all()

describe('scoring re-checks the conflict of interest', () => {
  test('an expert who moved to the applicant’s organisation since the assignment cannot score (409, localised)', async () => {
    const app = await underReview()
    start()
    const e = await expert(makeOrg(db).id)
    expect(assign(app.id, e).ok).toBe(true)
    const applicantOrg = makeOrg(db, { name: '申报单位本身' })
    db.update(applicants).set({ uscc: applicantOrg.creditCode }).where(eq(applicants.id, app.applicant.id)).run()
    db.update(users).set({ organisationId: applicantOrg.id }).where(eq(users.id, e.id)).run()
    expect(score(app.id, e)).toMatchObject({
      ok: false,
      error: 'conflict',
      errors: { _form: { key: 'rounds.review.error.expertIsApplicant', vars: { org: '申报单位本身' } } },
    })
    expect(reviewOf(app.id, e)).toMatchObject({ status: 'assigned', totalScore: null })
  })

  test('an expert whose organisation is now a partner cannot score', async () => {
    const app = await underReview()
    start()
    const e = await expert()
    expect(assign(app.id, e).ok).toBe(true)
    const partner = makeOrg(db, { name: '联合单位' })
    db.insert(roundApplicationPartners)
      .values({ applicationId: app.id, name: partner.name, uscc: partner.creditCode, kind: 'enterprise' })
      .run()
    db.update(users).set({ organisationId: partner.id }).where(eq(users.id, e.id)).run()
    expect(score(app.id, e)).toMatchObject({
      ok: false,
      error: 'conflict',
      errors: { _form: { key: 'rounds.review.error.expertIsPartner' } },
    })
    expect(reviewOf(app.id, e)!.status).toBe('assigned')
  })

  test('an unrelated expert still scores', async () => {
    const app = await underReview()
    start()
    const e = await expert(makeOrg(db).id)
    assign(app.id, e)
    expect(score(app.id, e)).toMatchObject({ ok: true })
    expect(reviewOf(app.id, e)).toMatchObject({ status: 'submitted', totalScore: 80 })
  })
})

describe('taking an expert off an application', () => {
  const unassign = (applicationId: number, reviewId: unknown, by = bureau, version = versionOf(db, applicationId)) =>
    unassignApplicationExpert({ by, applicationId, reviewId: String(reviewId), version, at })
  const inboxOf = (userId: number) =>
    db
      .select({ title: notices.title, link: notices.link })
      .from(inboxItems)
      .innerJoin(notices, eq(notices.id, inboxItems.noticeId))
      .where(eq(inboxItems.userId, userId))
      .all()

  test('before it scores: the review goes, audited, the expert told, and the ranking completes without it', async () => {
    const app = await underReview()
    start()
    const [e1, e2] = [await expert(), await expert()]
    assign(app.id, e1)
    assign(app.id, e2)
    score(app.id, e1, 90)
    expect(roundRanking({ by: bureau, roundId: round.id })!.unranked).toMatchObject([{ id: app.id, score: { state: 'pending' } }])
    const review = reviewOf(app.id, e2)!
    expect(unassign(app.id, review.id)).toMatchObject({ ok: true, reviewId: review.id })
    expect(reviewOf(app.id, e2)).toBeUndefined()
    expect(audits('application_review').at(-1)).toMatchObject({
      action: 'unassign_expert',
      entityId: String(review.id),
      before: { expertId: e2.id, status: 'assigned' },
    })
    expect(inboxOf(e2.id).map((n) => n.title.key)).toEqual(['roundNotice.review_assigned', 'roundNotice.review_unassigned'])
    const ranking = roundRanking({ by: bureau, roundId: round.id })!
    expect(ranking.ranked).toMatchObject([{ id: app.id, mean: 90 }])
    expect(ranking.unranked).toEqual([])
  })

  test('an expert who scored stays (409); a declared conflict stays on record (409)', async () => {
    const app = await underReview()
    start()
    const [scored, declined] = [await expert(), await expert()]
    assign(app.id, scored)
    assign(app.id, declined)
    score(app.id, scored)
    db.update(applicationReviews)
      .set({ status: 'conflict', conflictReason: '回避' })
      .where(eq(applicationReviews.id, reviewOf(app.id, declined)!.id))
      .run()
    expect(unassign(app.id, reviewOf(app.id, scored)!.id)).toMatchObject({
      ok: false,
      error: 'conflict',
      errors: { _form: { key: 'rounds.review.error.alreadyScored' } },
    })
    expect(unassign(app.id, reviewOf(app.id, declined)!.id)).toMatchObject({ ok: false, error: 'conflict' })
    expect(db.select().from(applicationReviews).all()).toHaveLength(2)
  })

  test('an office, an applicant and the expert itself are refused (403); nothing changes', async () => {
    const app = await underReview()
    start()
    const e = await expert()
    assign(app.id, e)
    const review = reviewOf(app.id, e)!
    for (const by of [await makeOffice(db, { districtCode: '320508' }), app.user, e])
      expect(unassign(app.id, review.id, by)).toMatchObject({ ok: false, error: 'forbidden' })
    expect(reviewOf(app.id, e)).toBeDefined()
  })

  test('another application’s review, a nonsense id: 400; a stale page: 409', async () => {
    const a = await underReview()
    const b = await underReview()
    start()
    const e = await expert()
    assign(a.id, e)
    assign(b.id, e)
    expect(unassign(a.id, reviewOf(b.id, e)!.id)).toMatchObject({
      ok: false,
      error: 'invalid',
      errors: { reviewId: { key: 'rounds.review.error.notOnPanel' } },
    })
    expect(unassign(a.id, 'x')).toMatchObject({ ok: false, error: 'invalid' })
    const old = String(Number(versionOf(db, a.id)) - 1)
    expect(unassign(a.id, reviewOf(a.id, e)!.id, bureau, old)).toMatchObject({ ok: false, error: 'conflict' })
    expect(db.select().from(applicationReviews).all()).toHaveLength(2)
  })
})
