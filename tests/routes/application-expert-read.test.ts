import { eq } from 'drizzle-orm'
import { beforeEach, expect, test } from 'vitest'
import { attachmentForDownload } from '~/models/attachments.server'
import { action as detailAction, loader as detailLoader } from '~/routes/applications.$applicationId'
import { action as filesAction } from '~/routes/applications.$applicationId.files'
import { loader as reviewLoader } from '~/routes/assignments.applications.$reviewId'
import type { Db } from '~db/client.server'
import { applicationReviews, attachments, roundApplications } from '~db/schema'
import { pinClock } from '../clock'
import { formRequest, getRequest, makeUser, outcome, setupTestDb, signIn, TEST_CONTEXT, type RouteFunction } from '../helpers'
import { completeApplication, makeApplicant, makeRound, RECOMMENDATIONS_DUE } from '../round-application-fixtures'

// Issue 21 item 5: an expert on the panel reads the application itself, read-only, from the
// review on; another expert, an expert who declared a conflict, or before the review: 404.
pinClock(new Date(new Date(RECOMMENDATIONS_DUE).getTime() + 1))

let db: Db
let applicationId: number
let expert: Awaited<ReturnType<typeof makeUser>>
let reviewId: number
beforeEach(async () => {
  db = setupTestDb()
  const round = makeRound(db)
  const { applicant } = await makeApplicant(db)
  applicationId = db
    .insert(roundApplications)
    .values({
      roundId: round.id,
      applicantId: applicant.id,
      officeDistrictCode: '320508',
      status: 'under_review',
      submittedAt: '2027-03-10T02:00:00.000Z',
    })
    .returning()
    .get().id
  completeApplication(db, applicationId)
  expert = await makeUser(db, { role: 'expert' })
  reviewId = db
    .insert(applicationReviews)
    .values({ applicationId, expertId: expert.id, assignedAt: '2027-04-16T02:00:00.000Z' })
    .returning()
    .get().id
})

const url = () => `/applications/${applicationId}`
const params = () => ({ applicationId: String(applicationId) })
const read = (cookie: string) =>
  outcome(async () => detailLoader({ request: getRequest(url(), cookie), params: params(), context: TEST_CONTEXT }))
const send = (run: RouteFunction, path: string, fields: Record<string, string>, cookie: string) =>
  outcome(async () => run({ request: formRequest(path, fields, cookie), params: params(), context: TEST_CONTEXT }))
const fileOf = () => db.select().from(attachments).where(eq(attachments.ownerId, applicationId)).get()!
const actor = (u: { id: number }) => ({ id: u.id, role: 'expert' as const, districtCode: null, labId: null })

test('the assigned expert reads the whole application, read-only, and downloads its files', async () => {
  const page = await read(signIn(expert))
  expect(page.status).toBe(200)
  // read-only, and its way back is its assignments (it has no /applications list)
  expect(page.body).toMatchObject({ editable: false, isOffice: false, isExpert: true, steps: [] })
  expect((page.body.members as unknown[]).length).toBe(15)
  expect(attachmentForDownload({ id: fileOf().id, actor: actor(expert) })).not.toBeNull()
})

test('its assignment page links to the application', async () => {
  const page = await outcome(async () =>
    reviewLoader({
      request: getRequest(`/assignments/applications/${reviewId}`, signIn(expert)),
      params: { reviewId: String(reviewId) },
      context: TEST_CONTEXT,
    }),
  )
  expect(page.body).toMatchObject({ review: { applicationId } })
})

test('the expert cannot write: a section, a step or a file is 404 to it', async () => {
  const cookie = signIn(expert)
  expect((await send(detailAction, url(), { intent: 'basics', rowVersion: '0', labName: 'x' }, cookie)).status).toBe(404)
  expect((await send(detailAction, url(), { intent: 'recommend', rowVersion: '0' }, cookie)).status).toBe(404)
  expect((await send(filesAction, `${url()}/files`, { kind: 'application_pdf' }, cookie)).status).toBe(404)
})

test('another expert does not find it, nor its files', async () => {
  const other = await makeUser(db, { role: 'expert' })
  expect((await read(signIn(other))).status).toBe(404)
  expect(attachmentForDownload({ id: fileOf().id, actor: actor(other) })).toBeNull()
})

test('after declaring a conflict the expert no longer finds it', async () => {
  db.update(applicationReviews).set({ status: 'conflict', conflictReason: '曾参与编写' }).where(eq(applicationReviews.id, reviewId)).run()
  expect((await read(signIn(expert))).status).toBe(404)
  expect(attachmentForDownload({ id: fileOf().id, actor: actor(expert) })).toBeNull()
})

test('before the review (recommended) even an assigned expert does not find it', async () => {
  db.update(roundApplications).set({ status: 'recommended' }).where(eq(roundApplications.id, applicationId)).run()
  expect((await read(signIn(expert))).status).toBe(404)
})

test('a lab account still gets no application page', async () => {
  expect((await read(signIn(await makeUser(db, { role: 'lab' })))).status).toBe(404)
})
