import { eq } from 'drizzle-orm'
import { beforeEach, expect, test } from 'vitest'
import { action as scoreAction } from '~/routes/assignments.applications.$reviewId'
import { action } from '~/routes/rounds.$roundId_.review'
import type { Db } from '~db/client.server'
import { applicants, applicationReviews, roundApplications, roundCriteria, users } from '~db/schema'
import { pinClock } from '../clock'
import { errorsOf, formRequest, makeOrg, makeUser, outcome, setupTestDb, signIn, TEST_CONTEXT, valuesOf } from '../helpers'
import { makeApplicant, makeRound, RECOMMENDATIONS_DUE } from '../round-application-fixtures'

// The round's review page takes an expert off an application (issue 21 item 5); the expert's page
// refuses a score once the expert's organisation is the applicant's, keeping what was typed.
pinClock(new Date(new Date(RECOMMENDATIONS_DUE).getTime() + 1))

let db: Db
let bureau: string
let roundId: number
let applicationId: number
let applicantId: number
let expert: Awaited<ReturnType<typeof makeUser>>
let reviewId: number
beforeEach(async () => {
  db = setupTestDb()
  bureau = signIn(await makeUser(db, { role: 'bureau' }))
  roundId = makeRound(db).id
  db.insert(roundCriteria).values({ roundId, labelZh: '创新性', labelEn: 'Innovation', weight: 100, position: 1 }).run()
  applicantId = (await makeApplicant(db)).applicant.id
  applicationId = db
    .insert(roundApplications)
    .values({ roundId, applicantId, officeDistrictCode: '320508', status: 'under_review', submittedAt: '2027-03-10T02:00:00.000Z' })
    .returning()
    .get().id
  expert = await makeUser(db, { role: 'expert' })
  reviewId = db
    .insert(applicationReviews)
    .values({ applicationId, expertId: expert.id, assignedAt: '2027-04-16T02:00:00.000Z' })
    .returning()
    .get().id
})

const version = () => String(db.select().from(roundApplications).where(eq(roundApplications.id, applicationId)).get()!.rowVersion)
const post = (fields: Record<string, string>, cookie = bureau) =>
  outcome(async () =>
    action({
      request: formRequest(`/rounds/${roundId}/review`, fields, cookie),
      params: { roundId: String(roundId) },
      context: TEST_CONTEXT,
    }),
  )
const unassign = (review: string, cookie = bureau) =>
  post({ intent: 'unassignExpert', applicationId: String(applicationId), reviewId: review, rowVersion: version() }, cookie)

test('the bureau takes an expert off before it scores', async () => {
  const r = await unassign(String(reviewId))
  expect(r).toMatchObject({ status: 302, location: `/rounds/${roundId}/review?saved=1` })
  expect(db.select().from(applicationReviews).all()).toEqual([])
})

test('a district office and an expert do not find the form (404)', async () => {
  expect((await unassign(String(reviewId), signIn(await makeUser(db, { role: 'district', districtCode: '320508' })))).status).toBe(404)
  expect((await unassign(String(reviewId), signIn(expert))).status).toBe(404)
  expect(db.select().from(applicationReviews).all()).toHaveLength(1)
})

test('a review not on the panel is 400 naming the application; a scored one 409', async () => {
  const bad = await unassign('abc')
  expect(bad.status).toBe(400)
  expect(bad.body).toMatchObject({ intent: 'unassignExpert', applicationId: String(applicationId) })
  expect(errorsOf(bad).reviewId.key).toBe('rounds.review.error.notOnPanel')
  db.update(applicationReviews).set({ status: 'submitted', totalScore: 80 }).where(eq(applicationReviews.id, reviewId)).run()
  expect((await unassign(String(reviewId))).status).toBe(409)
})

test('an expert now of the applicant’s organisation is refused its score (409), what it typed kept', async () => {
  const org = makeOrg(db, { name: '申报单位本身' })
  db.update(applicants).set({ uscc: org.creditCode }).where(eq(applicants.id, applicantId)).run()
  db.update(users).set({ organisationId: org.id }).where(eq(users.id, expert.id)).run()
  const criterion = db.select().from(roundCriteria).get()!
  const at = `/assignments/applications/${reviewId}`
  const rowVersion = String(db.select().from(applicationReviews).get()!.rowVersion)
  const fields = { intent: 'submitScores', rowVersion, [`score-${criterion.id}`]: '88', comment: '很好' }
  const r = await outcome(async () =>
    scoreAction({ request: formRequest(at, fields, signIn(expert)), params: { reviewId: String(reviewId) }, context: TEST_CONTEXT }),
  )
  expect(r.status).toBe(409)
  expect(errorsOf(r)._form.key).toBe('rounds.review.error.expertIsApplicant')
  expect(valuesOf(r)).toMatchObject({ comment: '很好', [`score-${criterion.id}`]: '88' })
  expect(db.select().from(applicationReviews).get()).toMatchObject({ status: 'assigned' })
})
