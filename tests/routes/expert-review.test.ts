import { asc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { listMyAssignments, type ReviewUser } from '~/models/expert-review.server'
import { actorOf } from '~/utils/auth.server'
import { activeCriteria } from '~/models/review-criteria.server'
import { assignExpert } from '~/models/review-panel.server'
import { loader as queueLoader } from '~/routes/assignments._index'
import { action as reviewAction, loader as reviewLoader } from '~/routes/labs.$labId.renewals.$renewalId_.review'
import { loader as rootLoader } from '~/root'
import { action as editUserAction, loader as editUserLoader } from '~/routes/users.$userId'
import { action as newUserAction } from '~/routes/users.new'
import type { Db } from '~db/client.server'
import { auditLog, reviewAssignments, reviewScores, users, validityPeriods, renewals } from '~db/schema'
import {
  errorsOf,
  formRequest,
  getRequest,
  makeLab,
  makeOrg,
  makeUser,
  outcome,
  setupTestDb,
  signIn,
  signInAs,
  TEST_CONTEXT,
  valuesOf,
  currentVersion,
  reviewVersion,
} from '../helpers'
import { pinClock } from '../clock'
import { insertRenewal } from '~db/factories'

// The expert's pages (issue 8: "an expert sees only what is assigned"): the queue, the review
// page and its two forms, called as Remix would call them.
const AT = '2027-04-20T02:00:00.000Z'

let db: Db
let bureau: ReviewUser

type User = Awaited<ReturnType<typeof makeUser>>
const asReviewUser = (u: User): ReviewUser => ({
  id: u.id,
  role: u.role,
  districtCode: u.districtCode,
  labId: u.labId,
  displayName: u.displayName,
})

pinClock(new Date(AT))
beforeEach(async () => {
  db = setupTestDb()
  bureau = asReviewUser(await makeUser(db, { role: 'bureau' }))
})

function makeRenewal() {
  const lab = makeLab(db, { startDate: '2025-06-01' })
  const period = db.select().from(validityPeriods).where(eq(validityPeriods.labId, lab.id)).get()!
  const renewal = insertRenewal(db, {
    labId: lab.id,
    periodId: period.id,
    status: 'submitted',
    summary: '两年来完成了三个项目',
    planTargets: '建设城市数据中台',
  })
  return { lab, renewal }
}

async function assignedExpert() {
  const { lab, renewal } = makeRenewal()
  const expert = await makeUser(db, { role: 'expert' })
  db.update(users)
    .set({ organisationId: makeOrg(db).id })
    .where(eq(users.id, expert.id))
    .run()
  expect(
    assignExpert({ by: bureau, labId: lab.id, renewalId: renewal.id, expertId: expert.id, version: currentVersion(renewals, renewal.id) })
      .ok,
  ).toBe(true)
  const assignment = db.select().from(reviewAssignments).where(eq(reviewAssignments.expertId, expert.id)).get()!
  return { lab, renewal, expert, cookie: signIn(expert), assignment }
}

const url = (labId: number, renewalId: number) => `/labs/${labId}/renewals/${renewalId}/review`
const params = (labId: number, renewalId: number) => ({ labId: String(labId), renewalId: String(renewalId) })
const openPage = (labId: number, renewalId: number, cookie: string) =>
  outcome(() =>
    reviewLoader({ request: getRequest(url(labId, renewalId), cookie), params: params(labId, renewalId), context: TEST_CONTEXT }),
  )
const post = (labId: number, renewalId: number, fields: Record<string, string>, cookie: string) =>
  outcome(() =>
    reviewAction({
      request: formRequest(url(labId, renewalId), { rowVersion: reviewVersion(renewalId, cookie), ...fields }, cookie),
      params: params(labId, renewalId),
      context: TEST_CONTEXT,
    }),
  )

const scoreFields = (values: string[]) => Object.fromEntries(activeCriteria().map((c, i) => [`score-${c.id}`, values[i]]))

describe('the review page', () => {
  test('the assigned expert reads the application, and the criteria with their weights', async () => {
    const { lab, renewal, cookie } = await assignedExpert()
    const page = await openPage(lab.id, renewal.id, cookie)
    expect(page.status).toBe(200)
    const body = page.body as {
      renewal: { summary: string; planTargets: string; status: string }
      criteria: { weight: number }[]
      open: boolean
      weightSum: number
    }
    expect(body.renewal).toMatchObject({ summary: '两年来完成了三个项目', planTargets: '建设城市数据中台', status: 'under_review' })
    expect(body.criteria.map((c) => c.weight)).toEqual([30, 20, 15, 15, 20])
    expect(body.open).toBe(true)
    expect(body.weightSum).toBe(100)
  })

  test('an unassigned expert, another expert, the bureau, the district and the lab find no review page', async () => {
    const { lab, renewal } = await assignedExpert()
    const stranger = await makeUser(db, { role: 'expert' })
    const others = [
      stranger,
      await makeUser(db, { role: 'bureau' }),
      await makeUser(db, { role: 'district', districtCode: '320508' }),
      await makeUser(db, { role: 'lab', labId: lab.id }),
    ]
    for (const user of others) {
      expect((await openPage(lab.id, renewal.id, signIn(user))).status).toBe(404)
      expect(
        (
          await post(
            lab.id,
            renewal.id,
            { intent: 'submitReview', ...scoreFields(['80', '80', '80', '80', '80']), opinion: '好' },
            signIn(user),
          )
        ).status,
      ).toBe(404)
      expect((await post(lab.id, renewal.id, { intent: 'declareConflict', conflictNote: '冲突' }, signIn(user))).status).toBe(404)
    }
    expect(
      db
        .select()
        .from(reviewAssignments)
        .all()
        .map((a) => a.status),
    ).toEqual(['assigned'])
    expect(db.select().from(reviewScores).all()).toEqual([])
  })

  test("another expert's assignment is out of reach, and the renewal is not found through another lab's address", async () => {
    const first = await assignedExpert()
    const second = await assignedExpert()
    expect((await openPage(first.lab.id, first.renewal.id, second.cookie)).status).toBe(404)
    expect((await openPage(second.lab.id, first.renewal.id, first.cookie)).status).toBe(404)
    expect((await openPage(first.lab.id, first.renewal.id, first.cookie)).status).toBe(200)
  })

  test.each([
    ['a missing score', ''],
    ['101', '101'],
    ['-1', '-1'],
    ['2.5', '2.5'],
    ['not a number', '八十'],
  ])('%s comes back with 400, the message and what was typed, and nothing is stored', async (_name, last) => {
    const { lab, renewal, cookie } = await assignedExpert()
    const fields = { intent: 'submitReview', ...scoreFields(['80', '90', '70', '60', last]), opinion: '整体较好' }
    const sent = await post(lab.id, renewal.id, fields, cookie)
    expect(sent.status).toBe(400)
    const lastId = activeCriteria().at(-1)!.id
    expect(errorsOf(sent)[`score-${lastId}`].key).toBe(last === '' ? 'expertReview.error.scoreRequired' : 'expertReview.error.scoreRange')
    expect(valuesOf(sent)).toMatchObject({ opinion: '整体较好', [`score-${activeCriteria()[0].id}`]: '80', [`score-${lastId}`]: last })
    expect(db.select().from(reviewScores).all()).toEqual([])
    expect(db.select().from(reviewAssignments).get()).toMatchObject({ status: 'assigned', totalScore: null })
  })

  test('a complete review is stored with its weighted total and shown back, locked', async () => {
    const { lab, renewal, cookie } = await assignedExpert()
    const sent = await post(
      lab.id,
      renewal.id,
      { intent: 'submitReview', ...scoreFields(['80', '90', '70', '60', '100']), opinion: '成果扎实' },
      cookie,
    )
    expect(sent.status).toBe(302)
    expect(sent.location).toBe(`${url(lab.id, renewal.id)}?saved=submitted`)
    const page = await openPage(lab.id, renewal.id, cookie)
    const body = page.body as {
      assignment: { status: string; totalScore: number; opinion: string }
      scores: { score: number }[]
      open: boolean
    }
    expect(body.assignment).toMatchObject({ status: 'submitted', totalScore: 81.5, opinion: '成果扎实' })
    expect(body.scores.map((s) => s.score)).toEqual([80, 90, 70, 60, 100])
    expect(body.open).toBe(false)
    const again = await post(
      lab.id,
      renewal.id,
      { intent: 'submitReview', ...scoreFields(['1', '1', '1', '1', '1']), opinion: '改' },
      cookie,
    )
    expect(again.status).toBe(409)
    expect(db.select().from(reviewAssignments).get()?.totalScore).toBe(81.5)
  })

  test('declaring a conflict needs a note, then ends access to the renewal', async () => {
    const { lab, renewal, cookie, expert } = await assignedExpert()
    const empty = await post(lab.id, renewal.id, { intent: 'declareConflict', conflictNote: '' }, cookie)
    expect(empty.status).toBe(400)
    expect(errorsOf(empty).conflictNote.key).toBe('expertReview.error.noteRequired')
    const declared = await post(lab.id, renewal.id, { intent: 'declareConflict', conflictNote: '本人为依托单位前员工' }, cookie)
    expect(declared.status).toBe(302)
    expect(declared.location).toBe('/assignments?saved=conflict')
    expect((await openPage(lab.id, renewal.id, cookie)).status).toBe(404)
    const queue = await outcome(() => queueLoader({ request: getRequest('/assignments', cookie), params: {}, context: TEST_CONTEXT }))
    expect((queue.body as { rows: unknown[] }).rows).toEqual([])
    const audit = db.select().from(auditLog).where(eq(auditLog.entityType, 'review_assignment')).orderBy(asc(auditLog.id)).all().at(-1)
    expect(audit).toMatchObject({ action: 'declare_conflict', actorUserId: expert.id })
  })

  test('an unknown intent is a 400', async () => {
    const { lab, renewal, cookie } = await assignedExpert()
    expect((await post(lab.id, renewal.id, { intent: 'decide' }, cookie)).status).toBe(400)
  })
})

describe('the queue', () => {
  test('a long queue pages: every renewal once across the pages, bad paging falls back, a page past the end shows the last', async () => {
    const { expert, cookie } = await assignedExpert()
    for (let i = 0; i < 22; i++) {
      const { lab, renewal } = makeRenewal()
      expect(
        assignExpert({
          by: bureau,
          labId: lab.id,
          renewalId: renewal.id,
          expertId: expert.id,
          version: currentVersion(renewals, renewal.id),
        }).ok,
      ).toBe(true)
    }
    type Queue = { rows: { renewalId: number }[]; total: number; page: number; pageSize: number }
    const open = async (query: string) => {
      const r = await outcome(() => queueLoader({ request: getRequest(`/assignments${query}`, cookie), params: {}, context: TEST_CONTEXT }))
      expect(r.status).toBe(200)
      return r.body as Queue
    }
    const all = listMyAssignments(actorOf(expert)).map((a) => a.renewalId)
    expect(all).toHaveLength(23)
    const first = await open('')
    expect(first).toMatchObject({ total: 23, page: 1, pageSize: 50 })
    expect(first.rows.map((r) => r.renewalId)).toEqual(all)
    const pages = [await open('?size=20'), await open('?size=20&page=2')]
    expect(pages.map((p) => p.rows.length)).toEqual([20, 3])
    expect(pages.flatMap((p) => p.rows.map((r) => r.renewalId))).toEqual(all)
    expect(await open('?size=7&page=abc')).toMatchObject({ page: 1, pageSize: 50, total: 23 })
    expect((await open('?size=20&page=99')).rows.map((r) => r.renewalId)).toEqual(all.slice(20))
  })

  test("the expert's queue lists their renewals, the nav counts those awaiting a review, and other roles have no queue", async () => {
    const { lab, renewal, cookie } = await assignedExpert()
    const queue = await outcome(() => queueLoader({ request: getRequest('/assignments', cookie), params: {}, context: TEST_CONTEXT }))
    expect(queue.status).toBe(200)
    expect((queue.body as { rows: { labId: number; renewalId: number; status: string; periodEnd: string }[] }).rows).toEqual([
      expect.objectContaining({ labId: lab.id, renewalId: renewal.id, status: 'assigned', periodEnd: '2027-05-31' }),
    ])
    const root = await outcome(() => rootLoader({ request: getRequest('/', cookie), params: {}, context: TEST_CONTEXT }))
    const assignments = (body: unknown) =>
      (body as { nav: { links: { id: string; count: number }[] } }).nav.links.find((l) => l.id === 'assignments')
    expect(assignments(root.body)?.count).toBe(1)

    const bureauCookie = await signInAs(db, { role: 'bureau' })
    expect(
      (await outcome(() => queueLoader({ request: getRequest('/assignments', bureauCookie), params: {}, context: TEST_CONTEXT }))).status,
    ).toBe(404)
    const bureauRoot = await outcome(() => rootLoader({ request: getRequest('/', bureauCookie), params: {}, context: TEST_CONTEXT }))
    expect(assignments(bureauRoot.body)).toBeUndefined()
  })
})

describe("an expert's organisation on the users pages", () => {
  test('the bureau sets an expert’s organisation when creating and editing the account; it is checked and kept for experts only', async () => {
    const cookie = await signInAs(db, { role: 'bureau' })
    const org = makeOrg(db)
    const other = makeOrg(db)
    const fields = {
      username: 'prof.zhou',
      displayName: '周教授',
      email: '',
      role: 'expert',
      districtCode: '',
      labId: '',
      password: 'long-enough-pw',
      active: 'on',
    }
    const bad = await outcome(() =>
      newUserAction({
        request: formRequest('/users/new', { ...fields, organisationId: '99999' }, cookie),
        params: {},
        context: TEST_CONTEXT,
      }),
    )
    expect(bad.status).toBe(400)
    expect(errorsOf(bad).organisationId.key).toBe('form.invalidChoice')
    expect(valuesOf(bad).organisationId).toBe('99999')
    const created = await outcome(() =>
      newUserAction({
        request: formRequest('/users/new', { ...fields, organisationId: String(org.id) }, cookie),
        params: {},
        context: TEST_CONTEXT,
      }),
    )
    expect(created.status).toBe(302)
    const expert = db.select().from(users).where(eq(users.username, 'prof.zhou')).get()!
    expect(expert.organisationId).toBe(org.id)
    const page = await outcome(() =>
      editUserLoader({ request: getRequest(`/users/${expert.id}`, cookie), params: { userId: String(expert.id) }, context: TEST_CONTEXT }),
    )
    expect((page.body as { user: { organisationId: number }; organisations: { id: number }[] }).user.organisationId).toBe(org.id)
    expect((page.body as { organisations: { id: number }[] }).organisations.map((o) => o.id)).toEqual(
      expect.arrayContaining([org.id, other.id]),
    )

    const edit = (over: Record<string, string>) =>
      outcome(() =>
        editUserAction({
          request: formRequest(
            `/users/${expert.id}`,
            { intent: 'update', displayName: '周教授', email: '', role: 'expert', districtCode: '', labId: '', active: 'on', ...over },
            cookie,
          ),
          params: { userId: String(expert.id) },
          context: TEST_CONTEXT,
        }),
      )
    expect((await edit({ organisationId: String(other.id) })).status).toBe(302)
    expect(db.select().from(users).where(eq(users.id, expert.id)).get()!.organisationId).toBe(other.id)
    const audit = db.select().from(auditLog).where(eq(auditLog.entityType, 'user')).orderBy(asc(auditLog.id)).all().at(-1)!
    expect(audit.after).toMatchObject({ organisationId: other.id })
    // a district account carries no organisation, whatever the form sends
    expect((await edit({ role: 'district', districtCode: '320508', organisationId: String(org.id) })).status).toBe(302)
    expect(db.select().from(users).where(eq(users.id, expert.id)).get()!.organisationId).toBeNull()
  })
})
