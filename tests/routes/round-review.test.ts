import { eq } from 'drizzle-orm'
import { beforeEach, expect, test } from 'vitest'
import { action, loader } from '~/routes/rounds.$roundId_.review'
import { action as scoreAction, loader as scoreLoader } from '~/routes/assignments.applications.$reviewId'
import { loader as assignmentsLoader } from '~/routes/assignments._index'
import type { Db } from '~db/client.server'
import { applicationReviews, certificationRounds, roundApplications, roundCriteria } from '~db/schema'
import { pinClock } from '../clock'
import { formRequest, getRequest, makeUser, outcome, setupTestDb, signIn, TEST_CONTEXT } from '../helpers'
import { makeApplicant, makeRound, RECOMMENDATIONS_DUE, statusOf } from '../round-application-fixtures'

// The bureau's review page of a round (issue 21, ADR 024 step 4): only the bureau finds it; its
// forms start the review, assign an expert and answer bad input with 400 and a stale page with 409.
pinClock(new Date(new Date(RECOMMENDATIONS_DUE).getTime() + 1))

let db: Db
let bureau: string
let round: ReturnType<typeof makeRound>
let applicationId: number
beforeEach(async () => {
  db = setupTestDb()
  bureau = signIn(await makeUser(db, { role: 'bureau' }))
  round = makeRound(db)
  db.insert(roundCriteria).values({ roundId: round.id, labelZh: '创新性', labelEn: 'Innovation', weight: 100, position: 1 }).run()
  const { applicant } = await makeApplicant(db)
  applicationId = db
    .insert(roundApplications)
    .values({
      roundId: round.id,
      applicantId: applicant.id,
      officeDistrictCode: '320508',
      status: 'recommended',
      submittedAt: '2027-03-10T02:00:00.000Z',
    })
    .returning()
    .get().id
})

const url = () => `/rounds/${round.id}/review`
const params = () => ({ roundId: String(round.id) })
const get = (cookie: string) => outcome(async () => loader({ request: getRequest(url(), cookie), params: params(), context: TEST_CONTEXT }))
const post = (fields: Record<string, string | string[]>, cookie = bureau) =>
  outcome(async () => action({ request: formRequest(url(), fields, cookie), params: params(), context: TEST_CONTEXT }))
const roundVersion = () => String(db.select().from(certificationRounds).where(eq(certificationRounds.id, round.id)).get()!.rowVersion)
const appVersion = () => String(db.select().from(roundApplications).where(eq(roundApplications.id, applicationId)).get()!.rowVersion)

test('a district office and an expert do not find the page (404); the bureau does', async () => {
  expect((await get(signIn(await makeUser(db, { role: 'district', districtCode: '320508' })))).status).toBe(404)
  expect((await get(signIn(await makeUser(db, { role: 'expert' })))).status).toBe(404)
  expect((await post({ intent: 'startReview', rowVersion: roundVersion() }, signIn(await makeUser(db, { role: 'expert' })))).status).toBe(
    404,
  )
  expect((await get(bureau)).status).toBe(200)
})

test('the bureau starts the review and assigns an expert; a stale start is 409', async () => {
  const stale = String(Number(roundVersion()) - 1)
  expect((await post({ intent: 'startReview', rowVersion: stale })).status).toBe(409)
  expect((await post({ intent: 'startReview', rowVersion: roundVersion() })).status).toBe(302)
  expect(statusOf(db, applicationId)).toBe('under_review')
  const expert = await makeUser(db, { role: 'expert' })
  const assigned = await post({
    intent: 'assignExpert',
    applicationId: String(applicationId),
    expertId: String(expert.id),
    rowVersion: appVersion(),
  })
  expect(assigned.status).toBe(302)
  expect(db.select().from(applicationReviews).all()).toMatchObject([{ applicationId, expertId: expert.id, status: 'assigned' }])
})

test('an unknown intent, a non-expert and an empty shortlist are 400', async () => {
  expect((await post({ intent: 'nonsense' })).status).toBe(400)
  await post({ intent: 'startReview', rowVersion: roundVersion() })
  const bad = await post({ intent: 'assignExpert', applicationId: String(applicationId), expertId: 'x', rowVersion: appVersion() })
  expect(bad.status).toBe(400)
  expect((await post({ intent: 'shortlist', rowVersion: roundVersion() })).status).toBe(400)
})

test('the expert finds its review on /assignments and scores it; another expert gets 404; bad input 400', async () => {
  await post({ intent: 'startReview', rowVersion: roundVersion() })
  const expert = await makeUser(db, { role: 'expert' })
  await post({ intent: 'assignExpert', applicationId: String(applicationId), expertId: String(expert.id), rowVersion: appVersion() })
  const review = db.select().from(applicationReviews).get()!
  const cookie = signIn(expert)
  const list = await outcome(async () =>
    assignmentsLoader({ request: getRequest('/assignments', cookie), params: {}, context: TEST_CONTEXT }),
  )
  expect(list.body).toMatchObject({ applications: [{ id: review.id, status: 'assigned' }] })
  const at = `/assignments/applications/${review.id}`
  const reviewParams = { reviewId: String(review.id) }
  const other = signIn(await makeUser(db, { role: 'expert' }))
  expect(
    (await outcome(async () => scoreLoader({ request: getRequest(at, other), params: reviewParams, context: TEST_CONTEXT }))).status,
  ).toBe(404)
  expect(
    (await outcome(async () => scoreLoader({ request: getRequest(at, cookie), params: reviewParams, context: TEST_CONTEXT }))).status,
  ).toBe(200)
  const criterion = db.select().from(roundCriteria).get()!
  const send = (fields: Record<string, string>, who = cookie) =>
    outcome(async () => scoreAction({ request: formRequest(at, fields, who), params: reviewParams, context: TEST_CONTEXT }))
  const v = String(review.rowVersion)
  expect((await send({ intent: 'submitScores', rowVersion: v, [`score-${criterion.id}`]: '88' }, other)).status).toBe(404)
  expect((await send({ intent: 'submitScores', rowVersion: v, [`score-${criterion.id}`]: '188', comment: '好' })).status).toBe(400)
  expect((await send({ intent: 'submitScores', rowVersion: v, [`score-${criterion.id}`]: '88', comment: '好' })).status).toBe(302)
  expect(db.select().from(applicationReviews).get()).toMatchObject({ status: 'submitted', totalScore: 88 })
})
