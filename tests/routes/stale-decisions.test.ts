import { and, asc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { action as requestAction, loader as requestLoader } from '~/routes/labs.$labId.requests.$requestId'
import { action as reportAction, loader as reportLoader } from '~/routes/labs.$labId.reports.$reportId'
import { action as deliverableAction, loader as deliverableLoader } from '~/routes/labs.$labId.deliverables.$deliverableId'
import { action as incidentAction, loader as incidentLoader } from '~/routes/labs.$labId.incidents.$incidentId'
import { action as renewalAction, loader as renewalLoader } from '~/routes/labs.$labId.renewals.$renewalId'
import { action as reviewAction, loader as reviewLoader } from '~/routes/labs.$labId.renewals.$renewalId_.review'
import { assignExpert } from '~/models/review-panel.server'
import { action as settingsAction, loader as settingsLoader } from '~/routes/settings'
import { action as securityAction, loader as securityLoader } from '~/routes/labs.$labId.security'
import { action as rulesAction, loader as rulesLoader } from '~/routes/settings_.requests'
import { action as criteriaAction, loader as criteriaLoader } from '~/routes/settings_.criteria'
import { action as entryAction, loader as entryLoader } from '~/routes/labs.$labId.renewal'
import { SETTING_DEFINITIONS, SETTING_KEYS } from '~/domain/settings'
import { activeCriteria } from '~/models/review-criteria.server'
import { insertAnnualReport, insertDeliverable, insertDrill, insertIncident, insertRenewal, insertSecurityPlan } from '~db/factories'
import type { Db } from '~db/client.server'
import {
  renewals,
  requestTypeRules,
  reviewAssignments,
  reviewCriteria,
  settings,
  annualReports,
  auditLog,
  deliverables,
  drills,
  filingEvents,
  incidents,
  incidentUpdates,
  requestEvents,
  resourceRequests,
  securityPlans,
  users,
  validityPeriods,
} from '~db/schema'
import { pinClock } from '../clock'
import { makeRequest } from '../request-service-fixtures'
import {
  errorsOf,
  formRequest,
  getRequest,
  makeCast,
  makeLab,
  outcome,
  setupTestDb,
  TEST_CONTEXT,
  valuesOf,
  type Outcome,
  currentVersion,
} from '../helpers'

// Issue 14, finding 3: two reviewers load the same version of a reviewed thing and both decide.
// Exactly one wins; the other gets 409 with the stale message and what the thing is now, and the
// stored row and the audit log hold only the winner's change (docs/decisions/010-stale-decisions.md).

pinClock(new Date('2026-03-04T02:31:00Z'))

let db: Db
beforeEach(() => {
  db = setupTestDb()
})

const params = (p: Record<string, number>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]))
const auditOf = (entityType: string, id: number) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, String(id))))
    .orderBy(asc(auditLog.id))
    .all()
// a renewal application waiting for the bureau's decision
const newSubmittedRenewal = (labId: number, periodId: number) =>
  insertRenewal(db, { labId, periodId, status: 'submitted', summary: '总结', planTargets: '目标' })
const nameOf = (id: number) => db.select({ n: users.displayName }).from(users).where(eq(users.id, id)).get()!.n

/** The loser's answer: 409, the stale message, the current state, and what they typed kept. */
function expectStale(o: Outcome, status: string | null, by: string) {
  expect(o.status).toBe(409)
  expect(errorsOf(o)._form?.key).toBe('stale.changed')
  expect(o.body.stale).toMatchObject({ status, by, at: expect.any(String) })
}

describe('resource requests', () => {
  async function setUp() {
    const lab = makeLab(db)
    const { users: u, cookies } = await makeCast(db, { a: { role: 'bureau' }, b: { role: 'bureau' } })
    const request = makeRequest(db, { labId: lab.id, status: 'submitted' })
    const path = `/labs/${lab.id}/requests/${request.id}`
    const p = params({ labId: lab.id, requestId: request.id })
    const load = (cookie: string) => outcome(() => requestLoader({ request: getRequest(path, cookie), params: p, context: TEST_CONTEXT }))
    const post = (fields: Record<string, string>, cookie: string) =>
      outcome(() => requestAction({ request: formRequest(path, fields, cookie), params: p, context: TEST_CONTEXT }))
    const versionSeen = async (cookie: string) => String(((await load(cookie)).body.request as { rowVersion: number }).rowVersion)
    return { lab, request, u, cookies, load, post, versionSeen }
  }

  test('accept and return on the same version: the first wins, the return is refused with the current state', async () => {
    const { request, u, cookies, post, versionSeen } = await setUp()
    const seenA = await versionSeen(cookies.a)
    const seenB = await versionSeen(cookies.b)
    const accepted = await post({ intent: 'accept', rowVersion: seenA }, cookies.a)
    expect(accepted.status).toBe(302)
    const returned = await post({ intent: 'return', comment: '材料不全，请补充。', rowVersion: seenB }, cookies.b)
    expectStale(returned, 'accepted', nameOf(u.a.id))
    expect(valuesOf(returned).comment).toBe('材料不全，请补充。')

    const row = db.select().from(resourceRequests).where(eq(resourceRequests.id, request.id)).get()!
    expect(row.status).toBe('accepted')
    expect(row.returnedAt).toBeNull()
    expect(auditOf('resource_request', request.id).map((a) => [a.action, a.actorUserId])).toEqual([['accept', u.a.id]])
    const thread = db.select().from(requestEvents).where(eq(requestEvents.requestId, request.id)).all()
    expect(thread.map((e) => e.action)).toEqual(['accept'])
  })

  test('return first, then accept on the same version: the accept is refused', async () => {
    const { request, u, cookies, post, versionSeen } = await setUp()
    const seen = await versionSeen(cookies.a)
    expect((await post({ intent: 'return', comment: '请补充预算', rowVersion: seen }, cookies.b)).status).toBe(302)
    expectStale(await post({ intent: 'accept', rowVersion: seen }, cookies.a), 'returned', nameOf(u.b.id))
    expect(db.select().from(resourceRequests).where(eq(resourceRequests.id, request.id)).get()!.status).toBe('returned')
    expect(auditOf('resource_request', request.id).map((a) => a.actorUserId)).toEqual([u.b.id])
  })

  test('the page reloaded after the refusal offers the steps of the current status at its new version', async () => {
    const { cookies, post, load, versionSeen } = await setUp()
    const seen = await versionSeen(cookies.a)
    await post({ intent: 'accept', rowVersion: seen }, cookies.a)
    const page = await load(cookies.b)
    const r = page.body.request as { rowVersion: number; status: string }
    expect(r).toMatchObject({ status: 'accepted', rowVersion: Number(seen) + 1 })
    expect(page.body.steps).toContain('return')
    // a decision on the version the page now shows goes through
    expect((await post({ intent: 'return', comment: '请补充预算', rowVersion: String(r.rowVersion) }, cookies.b)).status).toBe(302)
  })

  test('a version that is not a number is bad input (400), and nothing is written', async () => {
    const { request, cookies, post } = await setUp()
    const o = await post({ intent: 'accept', rowVersion: 'abc' }, cookies.a)
    expect(o.status).toBe(400)
    expect(errorsOf(o)._form?.key).toBe('stale.badVersion')
    expect(db.select().from(resourceRequests).where(eq(resourceRequests.id, request.id)).get()!.status).toBe('submitted')
  })

  test('the lab editing a returned request on an old version is refused; its content stays', async () => {
    const { lab, request, cookies, post, versionSeen } = await setUp()
    const seen = await versionSeen(cookies.a)
    await post({ intent: 'return', comment: '请补充预算', rowVersion: seen }, cookies.a)
    const { cookies: labCookies } = await makeCast(db, { staff: { role: 'lab', labId: lab.id } })
    const edit = await post(
      {
        intent: 'update',
        rowVersion: seen,
        type: 'computing',
        title: '改过的标题',
        description: 'x',
        quantity: '10',
        unit: 'gpu_hours',
        neededBy: '2026-12-31',
        justification: 'y',
      },
      labCookies.staff,
    )
    expect(edit.status).toBe(409)
    expect(db.select().from(resourceRequests).where(eq(resourceRequests.id, request.id)).get()!.title).not.toBe('改过的标题')
  })

  test('another lab’s reviewer still gets 404, whatever version it posts', async () => {
    const { post, versionSeen, cookies } = await setUp()
    const seen = await versionSeen(cookies.a)
    const { cookies: other } = await makeCast(db, { d: { role: 'district', districtCode: '320583' } })
    expect((await post({ intent: 'accept', rowVersion: seen }, other.d)).status).toBe(404)
  })
})

/** One page's loader and action, as two users reach them; `version` is the row version the page showed. */
function page(
  route: { loader: (args: never) => unknown; action: (args: never) => unknown },
  path: string,
  p: Record<string, string>,
  pick: (body: Record<string, unknown>) => { rowVersion: number },
) {
  const call = (fn: (args: never) => unknown, request: Request) =>
    outcome(() => Promise.resolve(fn({ request, params: p, context: TEST_CONTEXT } as never)))
  return {
    load: (cookie: string) => call(route.loader, getRequest(path, cookie)),
    post: (fields: Record<string, string>, cookie: string) => call(route.action, formRequest(path, fields, cookie)),
    version: async (cookie: string) => String(pick((await call(route.loader, getRequest(path, cookie))).body).rowVersion),
  }
}

type Fields = Record<string, string>
describe.each<{ kind: 'annual_report' | 'deliverable'; first: Fields; second: Fields; wins: string }>([
  {
    kind: 'annual_report',
    first: { intent: 'accept', grade: 'good' },
    second: { intent: 'return', comment: '请补充经费明细。' },
    wins: 'accepted',
  },
  {
    kind: 'annual_report',
    first: { intent: 'return', comment: '请补充经费明细。' },
    second: { intent: 'accept', grade: 'good' },
    wins: 'returned',
  },
  {
    kind: 'deliverable',
    first: { intent: 'accept', grade: 'good' },
    second: { intent: 'return', comment: '证明材料不清晰。' },
    wins: 'accepted',
  },
  {
    kind: 'deliverable',
    first: { intent: 'return', comment: '证明材料不清晰。' },
    second: { intent: 'accept', grade: 'good' },
    wins: 'returned',
  },
])('filings: $kind, $first.intent against $second.intent', ({ kind, first, second, wins }) => {
  function submittedFiling() {
    const lab = makeLab(db)
    const period = periodOf(lab.id)
    if (kind === 'annual_report') {
      const row = insertAnnualReport(db, {
        labId: lab.id,
        periodId: period.id,
        validityYear: 1,
        content: {},
        status: 'submitted',
        submittedAt: '2026-03-01T02:00:00.000Z',
      })
      const path = `/labs/${lab.id}/reports/${row.id}`
      const pg = page(
        { loader: reportLoader, action: reportAction },
        path,
        params({ labId: lab.id, reportId: row.id }),
        (b) => b.report as { rowVersion: number },
      )
      const stored = () => db.select().from(annualReports).where(eq(annualReports.id, row.id)).get()!
      return { id: row.id, pg, stored }
    }
    const row = insertDeliverable(db, {
      labId: lab.id,
      completedOn: '2025-12-01',
      title: '成果',
      forms: ['data'],
      type: 'report',
      status: 'submitted',
      submittedAt: '2026-03-01T02:00:00.000Z',
    })
    const path = `/labs/${lab.id}/deliverables/${row.id}`
    const pg = page(
      { loader: deliverableLoader, action: deliverableAction },
      path,
      params({ labId: lab.id, deliverableId: row.id }),
      (b) => b.deliverable as { rowVersion: number },
    )
    const stored = () => db.select().from(deliverables).where(eq(deliverables.id, row.id)).get()!
    return { id: row.id, pg, stored }
  }

  test('two bureau reviewers on one version: one wins, the other gets 409 with the current state', async () => {
    const { id, pg, stored } = submittedFiling()
    const { users: u, cookies } = await makeCast(db, { a: { role: 'bureau' }, b: { role: 'bureau' } })
    const seenA = await pg.version(cookies.a)
    const seenB = await pg.version(cookies.b)
    expect((await pg.post({ ...first, rowVersion: seenA }, cookies.a)).status).toBe(302)
    const lost = await pg.post({ ...second, rowVersion: seenB }, cookies.b)
    expectStale(lost, wins, nameOf(u.a.id))
    if (second.comment) expect(valuesOf(lost).comment).toBe(second.comment)

    expect(stored().status).toBe(wins)
    expect(auditOf(kind, id).map((a) => [a.action, a.actorUserId])).toEqual([[first.intent, u.a.id]])
    const thread = db
      .select()
      .from(filingEvents)
      .where(and(eq(filingEvents.filingKind, kind), eq(filingEvents.filingId, id)))
      .all()
    expect(thread.map((e) => e.action)).toEqual([first.intent])
  })
})

describe('incidents', () => {
  async function openIncident() {
    const lab = makeLab(db)
    const row = insertIncident(db, {
      labId: lab.id,
      grade: 'III',
      discoveredAt: '2026-03-03T02:00:00.000Z',
      reportedAt: '2026-03-03T03:00:00.000Z',
      reportDeadline: '2026-03-05T02:00:00.000Z',
    })
    const pg = page(
      { loader: incidentLoader, action: incidentAction },
      `/labs/${lab.id}/incidents/${row.id}`,
      params({ labId: lab.id, incidentId: row.id }),
      (b) => b.incident as { rowVersion: number },
    )
    const { users: u, cookies } = await makeCast(db, { a: { role: 'lab', labId: lab.id }, b: { role: 'lab', labId: lab.id } })
    const stored = () => db.select().from(incidents).where(eq(incidents.id, row.id)).get()!
    return { id: row.id, pg, u, cookies, stored }
  }

  test('one handler contains it while another regrades on the same version: the regrade is refused with the current state', async () => {
    const { id, pg, u, cookies, stored } = await openIncident()
    const seenA = await pg.version(cookies.a)
    const seenB = await pg.version(cookies.b)
    expect((await pg.post({ intent: 'advance', to: 'contained', note: '已隔离受影响服务器', rowVersion: seenA }, cookies.a)).status).toBe(
      302,
    )
    const lost = await pg.post({ intent: 'regrade', grade: 'II', reason: '影响范围扩大', rowVersion: seenB }, cookies.b)
    expectStale(lost, 'contained', nameOf(u.a.id))
    expect(valuesOf(lost).reason).toBe('影响范围扩大')
    expect(stored()).toMatchObject({ status: 'contained', grade: 'III' })
    expect(auditOf('incident', id).map((a) => [a.action, a.actorUserId])).toEqual([['advance', u.a.id]])
  })

  test('two handlers close it at once: one close, one 409, one timeline entry', async () => {
    const { id, pg, u, cookies, stored } = await openIncident()
    db.update(incidents).set({ status: 'resolved' }).where(eq(incidents.id, id)).run()
    const seen = await pg.version(cookies.a)
    expect((await pg.post({ intent: 'advance', to: 'closed', note: '结案', rowVersion: seen }, cookies.a)).status).toBe(302)
    expectStale(await pg.post({ intent: 'advance', to: 'closed', note: '我也结案', rowVersion: seen }, cookies.b), 'closed', nameOf(u.a.id))
    expect(stored().status).toBe('closed')
    const timeline = db.select().from(incidentUpdates).where(eq(incidentUpdates.incidentId, id)).all()
    expect(timeline.map((e) => e.note)).toEqual(['结案'])
  })
})

describe('renewals and expert reviews', () => {
  async function submittedRenewal() {
    const lab = makeLab(db)
    const period = periodOf(lab.id)
    const renewal = newSubmittedRenewal(lab.id, period.id)
    const pg = page(
      { loader: renewalLoader, action: renewalAction },
      `/labs/${lab.id}/renewals/${renewal.id}`,
      params({ labId: lab.id, renewalId: renewal.id }),
      (b) => b.renewal as { rowVersion: number },
    )
    const stored = () => db.select().from(renewals).where(eq(renewals.id, renewal.id)).get()!
    return { lab, renewal, pg, stored }
  }
  const decide = { intent: 'decide', decision: 'renew', grade: 'good', reasons: '两年成果齐全，团队稳定。' }

  test('two bureau users decide one renewal on the same version: one decision, one 409 with the current state', async () => {
    const { renewal, pg, stored } = await submittedRenewal()
    const { users: u, cookies } = await makeCast(db, { a: { role: 'bureau' }, b: { role: 'bureau' } })
    const seenA = await pg.version(cookies.a)
    const seenB = await pg.version(cookies.b)
    expect((await pg.post({ ...decide, rowVersion: seenA }, cookies.a)).status).toBe(302)
    const lost = await pg.post({ ...decide, grade: 'pass', reasons: '成果一般。', rowVersion: seenB }, cookies.b)
    expectStale(lost, 'decided', nameOf(u.a.id))
    expect(valuesOf(lost).reasons).toBe('成果一般。')
    expect(stored()).toMatchObject({ status: 'decided', grade: 'good', decidedBy: u.a.id })
    expect(
      auditOf('renewal', renewal.id)
        .filter((a) => a.action === 'decide')
        .map((a) => a.actorUserId),
    ).toEqual([u.a.id])
  })

  async function assigned() {
    const r = await submittedRenewal()
    const { users: u, cookies } = await makeCast(db, { bureau: { role: 'bureau' }, expert: { role: 'expert' } })
    const by = { ...u.bureau, displayName: u.bureau.displayName }
    expect(
      assignExpert({ by, labId: r.lab.id, renewalId: r.renewal.id, expertId: u.expert.id, version: currentVersion(renewals, r.renewal.id) })
        .ok,
    ).toBe(true)
    const assignment = db.select().from(reviewAssignments).where(eq(reviewAssignments.expertId, u.expert.id)).get()!
    const review = page(
      { loader: reviewLoader, action: reviewAction },
      `/labs/${r.lab.id}/renewals/${r.renewal.id}/review`,
      params({ labId: r.lab.id, renewalId: r.renewal.id }),
      (b) => b.assignment as { rowVersion: number },
    )
    const scores = Object.fromEntries(activeCriteria().map((c) => [`score-${c.id}`, '80']))
    return { ...r, u, cookies, assignment, review, scores }
  }

  test('an expert submits in one tab and declines in another: the decline is refused with the current state', async () => {
    const { u, cookies, assignment, review, scores } = await assigned()
    const seen = await review.version(cookies.expert)
    expect((await review.post({ intent: 'submitReview', opinion: '同意续期', ...scores, rowVersion: seen }, cookies.expert)).status).toBe(
      302,
    )
    const lost = await review.post({ intent: 'declareConflict', conflictNote: '曾在该单位兼职', rowVersion: seen }, cookies.expert)
    expectStale(lost, 'submitted', nameOf(u.expert.id))
    expect(valuesOf(lost).conflictNote).toBe('曾在该单位兼职')
    expect(db.select().from(reviewAssignments).where(eq(reviewAssignments.id, assignment.id)).get()).toMatchObject({
      status: 'submitted',
      conflictNote: '',
    })
  })

  test('a review submitted after the bureau opened the renewal makes its decision stale', async () => {
    const { u, cookies, pg, review, scores, stored } = await assigned()
    const seen = await pg.version(cookies.bureau)
    const expertSeen = await review.version(cookies.expert)
    expect(
      (await review.post({ intent: 'submitReview', opinion: '不建议续期', ...scores, rowVersion: expertSeen }, cookies.expert)).status,
    ).toBe(302)
    const lost = await pg.post({ ...decide, rowVersion: seen }, cookies.bureau)
    expect(lost.status).toBe(409)
    expect(errorsOf(lost)._form?.key).toBe('stale.changed')
    expect(stored().status).toBe('under_review')
    // reloaded, the bureau sees the review and decides on the new version
    expect((await pg.post({ ...decide, rowVersion: await pg.version(cookies.bureau) }, cookies.bureau)).status).toBe(302)
    expect(u.expert.id).toBeGreaterThan(0)
  })
})

describe('settings', () => {
  type Row = { key: string; value: number; rowVersion: number }
  const settingsPage = page({ loader: settingsLoader, action: settingsAction }, '/settings', {}, () => ({ rowVersion: 0 }))
  // the whole form as the page posts it: every value and every version it showed, with `change` applied
  async function formAsShown(cookie: string, change: Record<string, string>) {
    const rows = (await settingsPage.load(cookie)).body.rows as Row[]
    return {
      intent: 'settings',
      ...Object.fromEntries(rows.map((r) => [r.key, String(r.value)])),
      ...Object.fromEntries(rows.map((r) => [`rowVersion.${r.key}`, String(r.rowVersion)])),
      ...change,
    }
  }
  const [first, second] = SETTING_KEYS
  const valueIn = (key: (typeof SETTING_KEYS)[number]) => {
    const { min, max } = SETTING_DEFINITIONS[key]
    return String(Math.min(max, min + 1))
  }

  test('two bureau users save the settings form from one load: the second is refused and does not put back the old value', async () => {
    const { users: u, cookies } = await makeCast(db, { a: { role: 'bureau' }, b: { role: 'bureau' } })
    const formA = await formAsShown(cookies.a, { [first]: valueIn(first) })
    const formB = await formAsShown(cookies.b, { [second]: valueIn(second) })
    expect((await settingsPage.post(formA, cookies.a)).status).toBe(302)
    const lost = await settingsPage.post(formB, cookies.b)
    expectStale(lost, null, nameOf(u.a.id))
    const stored = db.select().from(settings).all()
    expect(stored.map((r) => [r.key, r.value])).toEqual([[first, Number(valueIn(first))]])
    expect(
      db
        .select()
        .from(auditLog)
        .where(eq(auditLog.entityType, 'setting'))
        .all()
        .map((a) => a.actorUserId),
    ).toEqual([u.a.id])
  })

  test('two bureau users save one request type’s rule from one load: one rule, one 409', async () => {
    const { users: u, cookies } = await makeCast(db, { a: { role: 'bureau' }, b: { role: 'bureau' } })
    const rules = page({ loader: rulesLoader, action: rulesAction }, '/settings/requests', {}, () => ({ rowVersion: 0 }))
    const seen = String(((await rules.load(cookies.a)).body.rows as { type: string; rowVersion: number }[])[0].rowVersion)
    const type = ((await rules.load(cookies.b)).body.rows as { type: string }[])[0].type
    expect((await rules.post({ type, decisionDays: '12', rowVersion: seen }, cookies.a)).status).toBe(302)
    const lost = await rules.post({ type, decisionDays: '20', districtOpinion: 'on', rowVersion: seen }, cookies.b)
    expectStale(lost, null, nameOf(u.a.id))
    expect(
      db
        .select()
        .from(requestTypeRules)
        .all()
        .map((r) => [r.type, r.decisionDays, r.districtOpinion]),
    ).toEqual([[type, 12, false]])
  })
})

describe('security plans', () => {
  test('two bureau users acknowledge one plan version from one load: one acknowledgement, one 409', async () => {
    const lab = makeLab(db)
    const plan = insertSecurityPlan(db, { labId: lab.id, approvedOn: '2026-01-10' })
    const pg = page(
      { loader: securityLoader, action: securityAction },
      `/labs/${lab.id}/security`,
      params({ labId: lab.id }),
      (b) => (b.plans as { id: number; rowVersion: number }[]).find((p) => p.id === plan.id)!,
    )
    const { users: u, cookies } = await makeCast(db, { a: { role: 'bureau' }, b: { role: 'bureau' } })
    const seenA = await pg.version(cookies.a)
    const seenB = await pg.version(cookies.b)
    expect((await pg.post({ intent: 'acknowledge', planId: String(plan.id), rowVersion: seenA }, cookies.a)).status).toBe(302)
    expectStale(await pg.post({ intent: 'acknowledge', planId: String(plan.id), rowVersion: seenB }, cookies.b), null, nameOf(u.a.id))
    expect(db.select().from(securityPlans).where(eq(securityPlans.id, plan.id)).get()!.acknowledgedBy).toBe(u.a.id)
    expect(auditOf('security_plan', plan.id).map((a) => [a.action, a.actorUserId])).toEqual([['acknowledge', u.a.id]])
  })
})

// ---- the forms versioned second (issue 14, finding 3, follow-up) ---------------------------------

describe('review criteria', () => {
  type Row = { id: number; labelZh: string; weight: number; active: boolean; rowVersion: number }
  const criteriaPage = page({ loader: criteriaLoader, action: criteriaAction }, '/settings/criteria', {}, () => ({ rowVersion: 0 }))
  const rowsSeen = async (cookie: string) => (await criteriaPage.load(cookie)).body.rows as Row[]
  const stored = () => db.select().from(reviewCriteria).orderBy(asc(reviewCriteria.id)).all()

  test('one bureau user renames a criterion while another deactivates it from the same load: one change, one 409', async () => {
    const { users: u, cookies } = await makeCast(db, { a: { role: 'bureau' }, b: { role: 'bureau' } })
    const [first] = await rowsSeen(cookies.a)
    const seenB = (await rowsSeen(cookies.b))[0]
    const renamed = { intent: 'renameCriterion', id: String(first.id), labelZh: '成果质量', labelEn: 'Output quality' }
    expect((await criteriaPage.post({ ...renamed, rowVersion: String(first.rowVersion) }, cookies.a)).status).toBe(302)
    const lost = await criteriaPage.post(
      { intent: 'deactivateCriterion', id: String(first.id), rowVersion: String(seenB.rowVersion) },
      cookies.b,
    )
    expectStale(lost, null, nameOf(u.a.id))
    expect(stored()[0]).toMatchObject({ labelZh: '成果质量', active: true, rowVersion: first.rowVersion + 1 })
    expect(auditOf('review_criterion', first.id).map((a) => a.actorUserId)).toEqual([u.a.id])
  })

  test('two bureau users save the weights from the same load: the second does not put back the old weights', async () => {
    const { users: u, cookies } = await makeCast(db, { a: { role: 'bureau' }, b: { role: 'bureau' } })
    const rows = (await rowsSeen(cookies.a)).filter((r) => r.active)
    const form = (weights: number[]) => ({
      intent: 'setWeights',
      ...Object.fromEntries(rows.map((r, i) => [`weight-${r.id}`, String(weights[i])])),
      ...Object.fromEntries(rows.map((r) => [`rowVersion.${r.id}`, String(r.rowVersion)])),
    })
    const even = rows.map(() => 100 / rows.length)
    const shifted = [even[0] + 10, even[1] - 10, ...even.slice(2)]
    const other = [even[0] - 10, even[1] + 10, ...even.slice(2)]
    expect((await criteriaPage.post(form(shifted), cookies.a)).status).toBe(302)
    expectStale(await criteriaPage.post(form(other), cookies.b), null, nameOf(u.a.id))
    expect(stored().map((c) => c.weight)).toEqual(shifted)
    expect(
      db
        .select()
        .from(auditLog)
        .where(eq(auditLog.entityType, 'review_criterion'))
        .all()
        .map((a) => a.actorUserId),
    ).toEqual(expect.arrayContaining([u.a.id]))
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityType, 'review_criterion'), eq(auditLog.actorUserId, u.b.id)))
        .all(),
    ).toEqual([])
  })
})

describe('drills', () => {
  async function recorded() {
    const lab = makeLab(db)
    const drill = insertDrill(db, { labId: lab.id, heldOn: '2026-02-10', scenario: '断电', participants: '全体', followUp: '更换电源' })
    const pg = page(
      { loader: securityLoader, action: securityAction },
      `/labs/${lab.id}/security`,
      params({ labId: lab.id }),
      (b) => (b.drills as { id: number; rowVersion: number }[]).find((d) => d.id === drill.id)!,
    )
    const { users: u, cookies } = await makeCast(db, { a: { role: 'lab', labId: lab.id }, b: { role: 'lab', labId: lab.id } })
    const stored = () => db.select().from(drills).where(eq(drills.id, drill.id)).get()!
    return { drill, pg, u, cookies, stored }
  }

  test('one lab user edits a drill while another closes its follow-up from the same load: one change, one 409', async () => {
    const { drill, pg, u, cookies, stored } = await recorded()
    const seenA = await pg.version(cookies.a)
    const seenB = await pg.version(cookies.b)
    const edit = { intent: 'updateDrill', drillId: String(drill.id), heldOn: '2026-02-10', scenario: '断电', participants: '全体' }
    expect((await pg.post({ ...edit, findings: '备用电源未切换', followUp: '', rowVersion: seenA }, cookies.a)).status).toBe(302)
    const lost = await pg.post(
      { intent: 'closeFollowUp', drillId: String(drill.id), followUpClosedOn: '2026-03-01', rowVersion: seenB },
      cookies.b,
    )
    expectStale(lost, null, nameOf(u.a.id))
    expect(stored()).toMatchObject({ findings: '备用电源未切换', followUp: '', followUpClosedOn: null, rowVersion: Number(seenA) + 1 })
    expect(auditOf('drill', drill.id).map((a) => [a.action, a.actorUserId])).toEqual([['update', u.a.id]])
  })

  test('two lab users close one follow-up at once: one close, one 409', async () => {
    const { drill, pg, u, cookies, stored } = await recorded()
    const seen = await pg.version(cookies.a)
    const close = { intent: 'closeFollowUp', drillId: String(drill.id), rowVersion: seen }
    expect((await pg.post({ ...close, followUpClosedOn: '2026-03-01' }, cookies.a)).status).toBe(302)
    expectStale(await pg.post({ ...close, followUpClosedOn: '2026-03-02' }, cookies.b), null, nameOf(u.a.id))
    expect(stored().followUpClosedOn).toBe('2026-03-01')
    expect(auditOf('drill', drill.id).map((a) => [a.action, a.actorUserId])).toEqual([['close_follow_up', u.a.id]])
  })
})

describe('the experts panel', () => {
  async function panel() {
    const lab = makeLab(db)
    const period = periodOf(lab.id)
    const renewal = newSubmittedRenewal(lab.id, period.id)
    const pg = page(
      { loader: renewalLoader, action: renewalAction },
      `/labs/${lab.id}/renewals/${renewal.id}`,
      params({ labId: lab.id, renewalId: renewal.id }),
      (b) => ({ rowVersion: (b.reviewPanel as { renewalVersion: number }).renewalVersion }),
    )
    const { users: u, cookies } = await makeCast(db, {
      a: { role: 'bureau' },
      b: { role: 'bureau' },
      x: { role: 'expert' },
      y: { role: 'expert' },
    })
    const assignments = () => db.select().from(reviewAssignments).where(eq(reviewAssignments.renewalId, renewal.id)).all()
    const panelAudits = () =>
      db
        .select()
        .from(auditLog)
        .where(eq(auditLog.entityType, 'review_assignment'))
        .all()
        .map((a) => [a.action, a.actorUserId])
    return { renewal, pg, u, cookies, assignments, panelAudits }
  }

  test('two bureau users assign different experts from the same load: one assignment, one 409 with the current state', async () => {
    const { pg, u, cookies, assignments, panelAudits } = await panel()
    const seenA = await pg.version(cookies.a)
    const seenB = await pg.version(cookies.b)
    expect((await pg.post({ intent: 'assignExpert', expertId: String(u.x.id), rowVersion: seenA }, cookies.a)).status).toBe(302)
    const lost = await pg.post({ intent: 'assignExpert', expertId: String(u.y.id), rowVersion: seenB }, cookies.b)
    expectStale(lost, 'under_review', nameOf(u.a.id))
    expect(assignments().map((a) => a.expertId)).toEqual([u.x.id])
    expect(panelAudits()).toEqual([['assign_expert', u.a.id]])
  })

  test('one bureau user takes an expert off while another assigns one from the same load: one change, one 409', async () => {
    const { pg, u, cookies, assignments, panelAudits } = await panel()
    expect(
      (await pg.post({ intent: 'assignExpert', expertId: String(u.x.id), rowVersion: await pg.version(cookies.a) }, cookies.a)).status,
    ).toBe(302)
    const [x] = assignments()
    const seen = await pg.version(cookies.a)
    expect((await pg.post({ intent: 'unassignExpert', assignmentId: String(x.id), rowVersion: seen }, cookies.a)).status).toBe(302)
    const lost = await pg.post({ intent: 'assignExpert', expertId: String(u.y.id), rowVersion: seen }, cookies.b)
    expectStale(lost, 'under_review', nameOf(u.a.id))
    expect(assignments()).toEqual([])
    expect(panelAudits()).toEqual([
      ['assign_expert', u.a.id],
      ['unassign_expert', u.a.id],
    ])
  })
})

describe('deciding without an application', () => {
  test('two bureau users revoke from the same load: one decision, one 409 with the current state', async () => {
    const lab = makeLab(db)
    const pg = page({ loader: entryLoader, action: entryAction }, `/labs/${lab.id}/renewal`, params({ labId: lab.id }), (b) => ({
      rowVersion: b.decideVersion as number,
    }))
    const { users: u, cookies } = await makeCast(db, { a: { role: 'bureau' }, b: { role: 'bureau' } })
    const seenA = await pg.version(cookies.a)
    const seenB = await pg.version(cookies.b)
    expect(seenA).toBe('0')
    const revoke = { intent: 'decideWithout', decision: 'revoke' }
    expect((await pg.post({ ...revoke, reasons: '重大数据安全事件', rowVersion: seenA }, cookies.a)).status).toBe(302)
    const lost = await pg.post({ ...revoke, reasons: '拒不整改', rowVersion: seenB }, cookies.b)
    expectStale(lost, 'decided', nameOf(u.a.id))
    expect(valuesOf(lost).reasons).toBe('拒不整改')
    const stored = db.select().from(renewals).where(eq(renewals.labId, lab.id)).all()
    expect(stored.map((r) => [r.status, r.reasons, r.decidedBy])).toEqual([['decided', '重大数据安全事件', u.a.id]])
    expect(
      auditOf('renewal', stored[0].id)
        .filter((a) => a.action === 'decide')
        .map((a) => a.actorUserId),
    ).toEqual([u.a.id])
  })
})

// ---- the version is required -------------------------------------------------------------------

// A decision or edit posted without the version its page showed (an old page, a hand-made request)
// is not taken on trust: 400 with a message saying so, and nothing is stored or audited. Creating
// something (a new filing, request, drill, criterion) posts no version: there is no row yet.
type Unversioned = { post: () => Promise<Outcome>; stored: () => unknown }
const anyLab = () => makeLab(db)
const periodOf = (labId: number) => db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).get()!
const bureauCookie = async () => (await makeCast(db, { b: { role: 'bureau' } })).cookies.b
const labCookieFor = async (labId: number) => (await makeCast(db, { l: { role: 'lab', labId } })).cookies.l
const call = (route: { action: (args: never) => unknown }, path: string, p: Record<string, string>, fields: Fields, cookie: string) =>
  outcome(() => Promise.resolve(route.action({ request: formRequest(path, fields, cookie), params: p, context: TEST_CONTEXT } as never)))

const UNVERSIONED: [string, () => Promise<Unversioned>][] = [
  [
    'a resource request accepted',
    async () => {
      const lab = anyLab()
      const r = makeRequest(db, { labId: lab.id, status: 'submitted' })
      const cookie = await bureauCookie()
      const p = params({ labId: lab.id, requestId: r.id })
      return {
        post: () => call({ action: requestAction }, `/labs/${lab.id}/requests/${r.id}`, p, { intent: 'accept' }, cookie),
        stored: () => db.select().from(resourceRequests).where(eq(resourceRequests.id, r.id)).get(),
      }
    },
  ],
  [
    'an annual report accepted',
    async () => {
      const lab = anyLab()
      const fields = { labId: lab.id, periodId: periodOf(lab.id).id, validityYear: 1, content: {}, status: 'submitted' as const }
      const r = insertAnnualReport(db, { ...fields, submittedAt: '2026-03-01T02:00:00.000Z' })
      const cookie = await bureauCookie()
      const p = params({ labId: lab.id, reportId: r.id })
      return {
        post: () => call({ action: reportAction }, `/labs/${lab.id}/reports/${r.id}`, p, { intent: 'accept', grade: 'good' }, cookie),
        stored: () => db.select().from(annualReports).where(eq(annualReports.id, r.id)).get(),
      }
    },
  ],
  [
    'a deliverable accepted',
    async () => {
      const lab = anyLab()
      const d = insertDeliverable(db, {
        labId: lab.id,
        completedOn: '2025-12-01',
        title: '成果',
        forms: ['data'],
        type: 'report',
        status: 'submitted',
        submittedAt: '2026-03-01T02:00:00.000Z',
      })
      const cookie = await bureauCookie()
      const p = params({ labId: lab.id, deliverableId: d.id })
      return {
        post: () =>
          call({ action: deliverableAction }, `/labs/${lab.id}/deliverables/${d.id}`, p, { intent: 'accept', grade: 'good' }, cookie),
        stored: () => db.select().from(deliverables).where(eq(deliverables.id, d.id)).get(),
      }
    },
  ],
  [
    'an incident contained',
    async () => {
      const lab = anyLab()
      const i = insertIncident(db, {
        labId: lab.id,
        grade: 'III',
        discoveredAt: '2026-03-03T02:00:00.000Z',
        reportedAt: '2026-03-03T03:00:00.000Z',
        reportDeadline: '2026-03-05T02:00:00.000Z',
      })
      const cookie = await labCookieFor(lab.id)
      const p = params({ labId: lab.id, incidentId: i.id })
      const fields = { intent: 'advance', to: 'contained', note: '已隔离' }
      return {
        post: () => call({ action: incidentAction }, `/labs/${lab.id}/incidents/${i.id}`, p, fields, cookie),
        stored: () => db.select().from(incidents).where(eq(incidents.id, i.id)).get(),
      }
    },
  ],
  [
    'a renewal decided',
    async () => {
      const lab = anyLab()
      const r = newSubmittedRenewal(lab.id, periodOf(lab.id).id)
      const cookie = await bureauCookie()
      const p = params({ labId: lab.id, renewalId: r.id })
      const fields = { intent: 'decide', decision: 'renew', grade: 'good', reasons: '成果齐全' }
      return {
        post: () => call({ action: renewalAction }, `/labs/${lab.id}/renewals/${r.id}`, p, fields, cookie),
        stored: () => db.select().from(renewals).where(eq(renewals.id, r.id)).get(),
      }
    },
  ],
  [
    'an expert review submitted',
    async () => {
      const lab = anyLab()
      const r = newSubmittedRenewal(lab.id, periodOf(lab.id).id)
      const { users: u, cookies } = await makeCast(db, { bureau: { role: 'bureau' }, expert: { role: 'expert' } })
      const by = { ...u.bureau, displayName: u.bureau.displayName }
      expect(assignExpert({ by, labId: lab.id, renewalId: r.id, expertId: u.expert.id, version: currentVersion(renewals, r.id) }).ok).toBe(
        true,
      )
      const scores = Object.fromEntries(activeCriteria().map((c) => [`score-${c.id}`, '80']))
      const p = params({ labId: lab.id, renewalId: r.id })
      return {
        post: () =>
          call(
            { action: reviewAction },
            `/labs/${lab.id}/renewals/${r.id}/review`,
            p,
            { intent: 'submitReview', opinion: '同意', ...scores },
            cookies.expert,
          ),
        stored: () => db.select().from(reviewAssignments).where(eq(reviewAssignments.renewalId, r.id)).all(),
      }
    },
  ],
  [
    'the settings saved',
    async () => {
      const cookie = await bureauCookie()
      const [key] = SETTING_KEYS
      const { min, max } = SETTING_DEFINITIONS[key]
      return {
        post: () =>
          call({ action: settingsAction }, '/settings', {}, { intent: 'settings', [key]: String(Math.min(max, min + 1)) }, cookie),
        stored: () => db.select().from(settings).all(),
      }
    },
  ],
  [
    'a request type’s rule saved',
    async () => {
      const cookie = await bureauCookie()
      return {
        post: () => call({ action: rulesAction }, '/settings/requests', {}, { type: 'computing', decisionDays: '12' }, cookie),
        stored: () => db.select().from(requestTypeRules).all(),
      }
    },
  ],
  [
    'a security plan acknowledged',
    async () => {
      const lab = anyLab()
      const plan = insertSecurityPlan(db, { labId: lab.id, approvedOn: '2026-01-10' })
      const cookie = await bureauCookie()
      return {
        post: () =>
          call(
            { action: securityAction },
            `/labs/${lab.id}/security`,
            params({ labId: lab.id }),
            { intent: 'acknowledge', planId: String(plan.id) },
            cookie,
          ),
        stored: () => db.select().from(securityPlans).where(eq(securityPlans.id, plan.id)).get(),
      }
    },
  ],
  [
    'a review criterion renamed',
    async () => {
      const cookie = await bureauCookie()
      const [first] = activeCriteria()
      const fields = { intent: 'renameCriterion', id: String(first.id), labelZh: '新名称', labelEn: 'New name' }
      return {
        post: () => call({ action: criteriaAction }, '/settings/criteria', {}, fields, cookie),
        stored: () => db.select().from(reviewCriteria).all(),
      }
    },
  ],
  [
    'the review criteria’s weights saved',
    async () => {
      const cookie = await bureauCookie()
      const active = activeCriteria()
      const weights = Object.fromEntries(active.map((c, i) => [`weight-${c.id}`, String(i === 0 ? 100 - 20 * (active.length - 1) : 20)]))
      return {
        post: () => call({ action: criteriaAction }, '/settings/criteria', {}, { intent: 'setWeights', ...weights }, cookie),
        stored: () => db.select().from(reviewCriteria).all(),
      }
    },
  ],
  [
    'a drill edited',
    async () => {
      const lab = anyLab()
      const d = insertDrill(db, { labId: lab.id, heldOn: '2026-02-10', scenario: '断电', participants: '全体', followUp: '更换电源' })
      const cookie = await labCookieFor(lab.id)
      const fields = { intent: 'updateDrill', drillId: String(d.id), heldOn: '2026-02-10', scenario: '停电', participants: '全体' }
      return {
        post: () => call({ action: securityAction }, `/labs/${lab.id}/security`, params({ labId: lab.id }), fields, cookie),
        stored: () => db.select().from(drills).where(eq(drills.id, d.id)).get(),
      }
    },
  ],
  [
    'a drill’s follow-up closed',
    async () => {
      const lab = anyLab()
      const d = insertDrill(db, { labId: lab.id, heldOn: '2026-02-10', scenario: '断电', participants: '全体', followUp: '更换电源' })
      const cookie = await labCookieFor(lab.id)
      const fields = { intent: 'closeFollowUp', drillId: String(d.id), followUpClosedOn: '2026-03-01' }
      return {
        post: () => call({ action: securityAction }, `/labs/${lab.id}/security`, params({ labId: lab.id }), fields, cookie),
        stored: () => db.select().from(drills).where(eq(drills.id, d.id)).get(),
      }
    },
  ],
  [
    'an expert assigned',
    async () => {
      const lab = anyLab()
      const r = newSubmittedRenewal(lab.id, periodOf(lab.id).id)
      const { users: u, cookies } = await makeCast(db, { bureau: { role: 'bureau' }, expert: { role: 'expert' } })
      const p = params({ labId: lab.id, renewalId: r.id })
      return {
        post: () =>
          call(
            { action: renewalAction },
            `/labs/${lab.id}/renewals/${r.id}`,
            p,
            { intent: 'assignExpert', expertId: String(u.expert.id) },
            cookies.bureau,
          ),
        stored: () => [db.select().from(renewals).where(eq(renewals.id, r.id)).get(), db.select().from(reviewAssignments).all()],
      }
    },
  ],
  [
    'an expert taken off',
    async () => {
      const lab = anyLab()
      const r = newSubmittedRenewal(lab.id, periodOf(lab.id).id)
      const { users: u, cookies } = await makeCast(db, { bureau: { role: 'bureau' }, expert: { role: 'expert' } })
      const by = { ...u.bureau, displayName: u.bureau.displayName }
      expect(assignExpert({ by, labId: lab.id, renewalId: r.id, expertId: u.expert.id, version: currentVersion(renewals, r.id) }).ok).toBe(
        true,
      )
      const a = db.select().from(reviewAssignments).get()!
      const p = params({ labId: lab.id, renewalId: r.id })
      return {
        post: () =>
          call(
            { action: renewalAction },
            `/labs/${lab.id}/renewals/${r.id}`,
            p,
            { intent: 'unassignExpert', assignmentId: String(a.id) },
            cookies.bureau,
          ),
        stored: () => [db.select().from(renewals).where(eq(renewals.id, r.id)).get(), db.select().from(reviewAssignments).all()],
      }
    },
  ],
  [
    'a lab revoked without an application',
    async () => {
      const lab = anyLab()
      const cookie = await bureauCookie()
      const fields = { intent: 'decideWithout', decision: 'revoke', reasons: '重大数据安全事件' }
      return {
        post: () => call({ action: entryAction }, `/labs/${lab.id}/renewal`, params({ labId: lab.id }), fields, cookie),
        stored: () => [db.select().from(renewals).all(), db.select().from(validityPeriods).where(eq(validityPeriods.labId, lab.id)).all()],
      }
    },
  ],
]

describe('a decision or edit without the version its page showed', () => {
  test.each(UNVERSIONED)('%s: 400 with the message, nothing stored or audited', async (_, setUp) => {
    const { post, stored } = await setUp()
    const before = stored()
    const audits = db.select().from(auditLog).all().length
    const o = await post()
    expect(o.status).toBe(400)
    expect(errorsOf(o)._form?.key).toBe('stale.badVersion')
    expect(stored()).toEqual(before)
    expect(db.select().from(auditLog).all()).toHaveLength(audits)
  })
})
