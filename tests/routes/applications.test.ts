import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { action as detailAction, loader as detailLoader } from '~/routes/applications.$applicationId'
import { action as listAction, loader as listLoader } from '~/routes/applications._index'
import { loader as homeLoader } from '~/routes/_index'
import type { Db } from '~db/client.server'
import { roundApplications } from '~db/schema'
import { pinClock } from '../clock'
import {
  errorsOf,
  formRequest,
  getRequest,
  makeUser,
  outcome,
  setupTestDb,
  signIn,
  TEST_CONTEXT,
  valuesOf,
  type RouteFunction,
} from '../helpers'
import {
  attachLetter,
  completeApplication,
  IN_ROUND,
  makeApplicant,
  makeOffice,
  makeRound,
  statusOf,
  versionOf,
} from '../round-application-fixtures'

// The /applications pages (issue 21) through their loaders and actions with a real session: the
// applicant starts, edits and submits; the office lists, returns and recommends; out of scope is
// 404, bad input a 400 that keeps what was typed, a stale page a 409.
pinClock(IN_ROUND)

let db: Db
let round: ReturnType<typeof makeRound>
let applicant: string
let gusu: string
let wuzhong: string
beforeEach(async () => {
  db = setupTestDb()
  round = makeRound(db)
  const a = await makeApplicant(db)
  applicant = signIn(a.user)
  gusu = signIn(await makeOffice(db, { districtCode: '320508' }))
  wuzhong = signIn(await makeOffice(db, { districtCode: '320506' }))
})

const get = (loader: RouteFunction, url: string, cookie: string, params = {}) =>
  outcome(async () => loader({ request: getRequest(url, cookie), params, context: TEST_CONTEXT }))
const post = (run: RouteFunction, url: string, fields: Record<string, string | string[]>, cookie: string, params = {}) =>
  outcome(async () => run({ request: formRequest(url, fields, cookie), params, context: TEST_CONTEXT }))

async function started() {
  const r = await post(listAction, '/applications', { intent: 'start', roundId: String(round.id) }, applicant)
  expect(r.status).toBe(302)
  return Number(/\/applications\/(\d+)$/.exec(r.location!)![1])
}
const detail = (id: number, fields: Record<string, string | string[]>, cookie = applicant) =>
  post(detailAction, `/applications/${id}`, { rowVersion: versionOf(db, id), ...fields }, cookie, { applicationId: String(id) })
const page = (id: number, cookie: string) => get(detailLoader, `/applications/${id}`, cookie, { applicationId: String(id) })

test('the round accounts’ home is /applications', async () => {
  expect((await get(homeLoader, '/', applicant)).location).toBe('/applications')
})

describe('the applicant', () => {
  test('sees the open round with its deadline, starts a draft and finds it listed', async () => {
    const home = await get(listLoader, '/applications', applicant)
    expect(home.body).toMatchObject({ kind: 'applicant', home: { openRounds: [{ id: round.id, stage: 'open' }], applications: [] } })
    const id = await started()
    const again = await get(listLoader, '/applications', applicant)
    expect(again.body).toMatchObject({ home: { openRounds: [], applications: [{ id, status: 'draft' }] } })
  })

  test('saves a section and sees the conditions found again', async () => {
    const id = await started()
    const r = await detail(id, { intent: 'addMember', name: '张三', titleLevel: 'senior', degree: 'doctorate', role: 'director' })
    expect(r.status).toBe(302)
    const shown = await page(id, applicant)
    expect(shown.body.members).toHaveLength(1)
    const team = (shown.body.findings as { id: string; params: { count: number } }[]).find((f) => f.id === 'team_size')!
    expect(team.params.count).toBe(1)
  })

  test('bad input is a 400 that keeps what was typed', async () => {
    const id = await started()
    const r = await detail(id, { intent: 'addPartner', name: '合作单位', uscc: 'NOT-A-CODE', kind: 'enterprise' })
    expect(r.status).toBe(400)
    expect(errorsOf(r).uscc).toBeDefined()
    expect(valuesOf(r)).toMatchObject({ name: '合作单位', uscc: 'NOT-A-CODE' })
    const plan = await detail(id, { intent: 'plan', 'target.scenarios': 'abc' })
    expect(plan.status).toBe(400)
    expect(errorsOf(plan)['target.scenarios']).toMatchObject({ key: 'indicators.error.count' })
  })

  test('a stale page’s save is 409', async () => {
    const id = await started()
    const old = versionOf(db, id)
    expect((await detail(id, { intent: 'basics', labName: '甲', direction: '3', hostKind: 'enterprise' })).status).toBe(302)
    const r = await post(detailAction, `/applications/${id}`, { intent: 'basics', rowVersion: old, labName: '乙' }, applicant, {
      applicationId: String(id),
    })
    expect(r.status).toBe(409)
  })

  test('submitting an incomplete draft is refused with the localised reason; a complete one goes through', async () => {
    const id = await started()
    const refused = await detail(id, { intent: 'submit' })
    expect(refused.status).toBe(409)
    expect(errorsOf(refused)._form).toMatchObject({ key: 'certification.refusal.conditions_unmet' })
    completeApplication(db, id)
    expect((await detail(id, { intent: 'submit' })).status).toBe(302)
    expect(statusOf(db, id)).toBe('submitted')
  })

  test('another applicant and another district’s office get 404', async () => {
    const id = await started()
    completeApplication(db, id)
    await detail(id, { intent: 'submit' })
    const other = signIn((await makeApplicant(db)).user)
    expect((await page(id, other)).status).toBe(404)
    expect((await page(id, wuzhong)).status).toBe(404)
    expect((await detail(id, { intent: 'return', reasons: 'x' }, wuzhong)).status).toBe(404)
  })

  test('a pending registration sees that it awaits confirmation and cannot start', async () => {
    const pending = await makeApplicant(db, { status: 'pending' })
    const cookie = signIn(pending.user)
    expect((await get(listLoader, '/applications', cookie)).body).toMatchObject({ kind: 'applicant', home: null })
    expect((await post(listAction, '/applications', { intent: 'start', roundId: String(round.id) }, cookie)).status).toBe(403)
  })
})

describe('the office', () => {
  test('an empty or bad form from the wrong side is refused for who it is, never as a 400', async () => {
    const id = await started()
    completeApplication(db, id)
    await detail(id, { intent: 'submit' })
    const other = signIn((await makeApplicant(db)).user)
    // the route x role matrix found these answered 400 before asking who posted
    for (const intent of ['addPartner', 'removePartner', 'addMember', 'removeMember']) {
      expect((await detail(id, { intent }, gusu)).status, `${intent} as the office`).toBe(403)
      expect((await detail(id, { intent }, wuzhong)).status, `${intent} as another office`).toBe(404)
      expect((await detail(id, { intent }, other)).status, `${intent} as another applicant`).toBe(404)
    }
    expect((await detail(id, { intent: 'check' })).status, 'check as the applicant').toBe(403)
    expect((await detail(id, { intent: 'check' }, other)).status, 'check as another applicant').toBe(404)
    // the right side with the same empty form still hears what is wrong with it
    expect((await detail(id, { intent: 'check' }, gusu)).status).toBe(400)
  })

  async function submittedApplication() {
    const id = await started()
    completeApplication(db, id)
    expect((await detail(id, { intent: 'submit' })).status).toBe(302)
    return id
  }

  test('lists its applicants’ submitted applications with counts and quota; a draft is not listed', async () => {
    const id = await submittedApplication()
    const other = await makeApplicant(db)
    db.insert(roundApplications).values({ roundId: round.id, applicantId: other.applicant.id, officeDistrictCode: '320508' }).run()
    const list = await get(listLoader, '/applications', gusu)
    expect(list.body).toMatchObject({ kind: 'office', list: { rows: [{ id }], counts: { submitted: 1 }, quota: { quota: 3, used: 0 } } })
    expect((await get(listLoader, '/applications', wuzhong)).body).toMatchObject({ list: { rows: [] } })
  })

  test('returns with reasons; a return without reasons is 400 keeping the form', async () => {
    const id = await submittedApplication()
    const bad = await detail(id, { intent: 'return', reasons: '' }, gusu)
    expect(bad.status).toBe(400)
    expect(valuesOf(bad)).toMatchObject({ intent: 'return' })
    expect((await detail(id, { intent: 'return', reasons: '请补充材料' }, gusu)).status).toBe(302)
    expect((await page(id, applicant)).body).toMatchObject({
      application: { status: 'returned', returnReasons: '请补充材料' },
      editable: true,
      steps: ['resubmit', 'withdraw'],
    })
  })

  test('recommends once the letter is there; the applicant cannot recommend itself', async () => {
    const id = await submittedApplication()
    expect((await detail(id, { intent: 'recommend' }, gusu)).status).toBe(409)
    attachLetter(db, id)
    expect((await detail(id, { intent: 'recommend' }, applicant)).status).toBe(403)
    expect((await detail(id, { intent: 'recommend' }, gusu)).status).toBe(302)
    expect(statusOf(db, id)).toBe('recommended')
  })

  test('records its check; an unknown answer is 400', async () => {
    const id = await submittedApplication()
    const fields = { intent: 'check', complete: 'yes', authentic: 'yes', valid: 'maybe' }
    expect((await detail(id, fields, gusu)).status).toBe(400)
    expect((await detail(id, { ...fields, valid: 'no', validReason: '证明过期' }, gusu)).status).toBe(302)
    expect(db.select().from(roundApplications).where(eq(roundApplications.id, id)).get()).toMatchObject({
      checkValid: false,
      checkValidReason: '证明过期',
    })
  })
})

test('a lab account and an expert have no /applications (404)', async () => {
  for (const role of ['lab', 'expert'] as const)
    expect((await get(listLoader, '/applications', signIn(await makeUser(db, { role })))).status).toBe(404)
})
