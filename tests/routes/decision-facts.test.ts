import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { action as entryAction, loader as entryLoader } from '~/routes/labs.$labId.renewal'
import { action as pageAction, loader as pageLoader } from '~/routes/labs.$labId.renewals.$renewalId'
import { loader as reportLoader } from '~/routes/labs.$labId.reports.$reportId'
import { loader as deliverableLoader } from '~/routes/labs.$labId.deliverables.$deliverableId'
import { markAllLabsStale } from '~/models/compliance-freshness.server'
import type { Db } from '~db/client.server'
import { auditLog, renewals, validityPeriods } from '~db/schema'
import { insertAnnualReport, insertDeliverable, insertRenewal, insertViolation } from '~db/factories'
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
} from '../helpers'
import { pinClock } from '../clock'

// Issue 19, item 5: a decision is taken beside the lab's record, and no outcome is preselected.
// 1 December 2026 in Suzhou; the test labs are certified from 1 March 2025 (period to 2027-02-28).
let db: Db
let bureau: string

pinClock(new Date('2026-12-01T02:00:00Z'))
beforeEach(async () => {
  db = setupTestDb()
  bureau = signIn(await makeUser(db, { role: 'bureau', username: 'chief' }))
})

const params = (p: Record<string, number>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]))
const periodOf = (labId: number) => db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).get()!

// a lab in 姑苏区 whose host was fined for a data-security breach last year, with its application submitted
function labWithViolation() {
  const lab = makeLab(db, { startDate: '2025-03-01', districtCode: '320508' })
  insertViolation(db, { orgId: lab.hostOrgId, category: 'data_security', occurredOn: '2025-11-20', description: '数据泄露被行政处罚' })
  markAllLabsStale(db)
  const renewal = insertRenewal(db, {
    labId: lab.id,
    periodId: periodOf(lab.id).id,
    status: 'submitted',
    summary: '两年工作总结',
    submittedAt: '2026-11-20T02:00:00.000Z',
  })
  return { lab, renewal }
}

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

type Facts = {
  checks: { checkId: string; result: string }[]
  failing: number
  counting: number
  violations: { category: string; counting: boolean; subject: string }[]
}
const factsOf = (o: { body: Record<string, unknown> }) => o.body.facts as Facts | null

describe('the renewal decision page', () => {
  test('its loader gives the bureau the lab’s failing checks and its eligibility record beside the decision', async () => {
    const { lab, renewal } = labWithViolation()
    const shown = await page(lab.id, renewal.id, bureau)
    expect(shown.status).toBe(200)
    const facts = factsOf(shown)!
    expect(facts.checks).toContainEqual(expect.objectContaining({ checkId: 'eligibility', result: 'failing' }))
    // only what is wrong or due: no passing check beside the decision
    expect(facts.checks.every((c) => c.result === 'failing' || c.result === 'warning')).toBe(true)
    expect(facts.failing).toBeGreaterThanOrEqual(1)
    expect(facts.counting).toBe(1)
    expect(facts.violations).toEqual([expect.objectContaining({ category: 'data_security', counting: true, subject: 'host' })])
  })

  test('the lab and its district, who do not decide, get no decision facts; another lab does not find the page', async () => {
    const { lab, renewal } = labWithViolation()
    const own = signIn(await makeUser(db, { role: 'lab', labId: lab.id }))
    const gusu = signIn(await makeUser(db, { role: 'district', districtCode: '320508' }))
    expect(factsOf(await page(lab.id, renewal.id, own))).toBeNull()
    expect(factsOf(await page(lab.id, renewal.id, gusu))).toBeNull()
    const other = makeLab(db, { startDate: '2025-03-01' })
    expect((await page(lab.id, renewal.id, signIn(await makeUser(db, { role: 'lab', labId: other.id })))).status).toBe(404)
  })

  test('a decision without an outcome is refused with 400 and its own message, keeping the grade and reasons typed', async () => {
    const { lab, renewal } = labWithViolation()
    const audits = db.select().from(auditLog).all().length
    const refused = await act(lab.id, renewal.id, { intent: 'decide', grade: 'good', reasons: '两年成果齐全，但须核对违规记录。' }, bureau)
    expect(refused.status).toBe(400)
    expect(errorsOf(refused).decision?.key).toBe('renewals.error.decisionRequired')
    expect(valuesOf(refused)).toMatchObject({ reasons: '两年成果齐全，但须核对违规记录。', grade: 'good' })
    // nothing decided, nothing audited
    expect(db.select().from(renewals).where(eq(renewals.id, renewal.id)).get()).toMatchObject({ status: 'submitted', decision: null })
    expect(periodOf(lab.id).outcome).toBeNull()
    expect(db.select().from(auditLog).all().length).toBe(audits)
    // an empty choice is the same as none
    const empty = await act(lab.id, renewal.id, { intent: 'decide', decision: '', grade: 'good', reasons: '理由' }, bureau)
    expect(empty.status).toBe(400)
    expect(errorsOf(empty).decision?.key).toBe('renewals.error.decisionRequired')
    // a made-up outcome is not a choice
    const bogus = await act(lab.id, renewal.id, { intent: 'decide', decision: 'renew_forever', grade: 'good', reasons: '理由' }, bureau)
    expect(bogus.status).toBe(400)
    expect(errorsOf(bogus).decision?.key).toBe('form.invalidChoice')
  })

  test('a chosen outcome still decides: the refusal above was about the missing choice only', async () => {
    const { lab, renewal } = labWithViolation()
    const decided = await act(
      lab.id,
      renewal.id,
      { intent: 'decide', decision: 'not_renew', grade: 'fail', reasons: '依托单位近三年有数据安全违规。' },
      bureau,
    )
    expect(decided).toMatchObject({ status: 302, location: `/labs/${lab.id}/renewals/${renewal.id}?saved=decided` })
    expect(periodOf(lab.id).outcome).toBe('not_renewed')
  })
})

describe('the re-check after a rectification', () => {
  test('no conclusion preselected: a re-check without one is refused with 400 and its message; the lab’s record is beside it', async () => {
    const { lab, renewal } = labWithViolation()
    db.update(renewals)
      .set({
        status: 'rectifying',
        decision: 'renew_after_rectification',
        grade: 'pass',
        reasons: '团队人数不足',
        rectificationRequirements: '补足 15 人',
        rectificationDeadline: '2027-03-01',
      })
      .where(eq(renewals.id, renewal.id))
      .run()
    const shown = await page(lab.id, renewal.id, bureau)
    expect(shown.body).toMatchObject({ canRecheck: true, canDecide: false })
    expect(factsOf(shown)!.counting).toBe(1)
    const refused = await act(lab.id, renewal.id, { intent: 'recheck', reasons: '团队已补足，但违规记录仍在。' }, bureau)
    expect(refused.status).toBe(400)
    expect(errorsOf(refused).recheck?.key).toBe('renewals.error.recheckRequired')
    expect(valuesOf(refused).reasons).toBe('团队已补足，但违规记录仍在。')
    expect(db.select().from(renewals).where(eq(renewals.id, renewal.id)).get()).toMatchObject({
      status: 'rectifying',
      recheckDecision: null,
    })
    // the lab neither sees the facts nor may record its own re-check
    const own = signIn(await makeUser(db, { role: 'lab', labId: lab.id }))
    expect(factsOf(await page(lab.id, renewal.id, own))).toBeNull()
    expect((await act(lab.id, renewal.id, { intent: 'recheck', recheck: 'renew', reasons: '自查通过' }, own)).status).toBe(403)
    const passed = await act(lab.id, renewal.id, { intent: 'recheck', recheck: 'not_renew', reasons: '违规记录仍在计入期内。' }, bureau)
    expect(passed.status).toBe(302)
    expect(periodOf(lab.id).outcome).toBe('not_renewed')
  })
})

describe('revoking (a decision without an application)', () => {
  const entry = (labId: number, cookie: string) =>
    outcome(() => entryLoader({ request: getRequest(`/labs/${labId}/renewal`, cookie), params: params({ labId }), context: TEST_CONTEXT }))
  const revoke = (labId: number, fields: Record<string, string>, cookie: string) =>
    outcome(() =>
      entryAction({
        request: formRequest(`/labs/${labId}/renewal`, { rowVersion: '0', intent: 'decideWithout', ...fields }, cookie),
        params: params({ labId }),
        context: TEST_CONTEXT,
      }),
    )

  test('the bureau sees the lab’s record beside the revocation; a revocation not chosen is refused with 400, reasons kept', async () => {
    const lab = makeLab(db, { startDate: '2025-03-01' })
    insertViolation(db, { labId: lab.id, category: 'credit', occurredOn: '2026-05-01' })
    markAllLabsStale(db)
    const shown = await entry(lab.id, bureau)
    expect(shown.body.bureauDecisions).toEqual(['revoke'])
    expect(factsOf(shown)!.violations).toEqual([expect.objectContaining({ category: 'credit', subject: 'lab', counting: true })])
    const refused = await revoke(lab.id, { reasons: '严重失信' }, bureau)
    expect(refused.status).toBe(400)
    expect(errorsOf(refused).decision?.key).toBe('renewals.error.decisionRequired')
    expect(valuesOf(refused).reasons).toBe('严重失信')
    expect(periodOf(lab.id).outcome).toBeNull()
    // the lab itself neither sees the form nor the facts, and may not post it
    const own = signIn(await makeUser(db, { role: 'lab', labId: lab.id }))
    expect((await entry(lab.id, own)).body).toMatchObject({ bureauDecisions: null, facts: null })
    expect((await revoke(lab.id, { decision: 'revoke', reasons: '自我撤销' }, own)).status).toBe(403)
  })
})

describe('a filing decision', () => {
  const report = (labId: number, reportId: number, cookie: string) =>
    outcome(() =>
      reportLoader({
        request: getRequest(`/labs/${labId}/reports/${reportId}`, cookie),
        params: params({ labId, reportId }),
        context: TEST_CONTEXT,
      }),
    )

  test('the bureau and the district read the lab’s failing checks beside a submitted report’s steps; the lab does not', async () => {
    const { lab } = labWithViolation()
    const filed = insertAnnualReport(db, {
      labId: lab.id,
      periodId: periodOf(lab.id).id,
      validityYear: 1,
      status: 'submitted',
      submittedAt: '2026-03-20T02:00:00.000Z',
    })
    const bureauView = await report(lab.id, filed.id, bureau)
    expect(bureauView.body.reviewSteps).toEqual(expect.arrayContaining(['accept', 'return']))
    expect(factsOf(bureauView)!.checks).toContainEqual(expect.objectContaining({ checkId: 'eligibility', result: 'failing' }))
    const gusu = signIn(await makeUser(db, { role: 'district', districtCode: '320508' }))
    expect(factsOf(await report(lab.id, filed.id, gusu))!.counting).toBe(1)
    const own = signIn(await makeUser(db, { role: 'lab', labId: lab.id }))
    expect(factsOf(await report(lab.id, filed.id, own))).toBeNull()
    const huqiu = signIn(await makeUser(db, { role: 'district', districtCode: '320505' }))
    expect((await report(lab.id, filed.id, huqiu)).status).toBe(404)
  })

  test('a submitted deliverable’s review steps come with the lab’s record for the bureau; its own lab drafting one gets none', async () => {
    const { lab } = labWithViolation()
    const deliverable = (id: number, cookie: string) =>
      outcome(() =>
        deliverableLoader({
          request: getRequest(`/labs/${lab.id}/deliverables/${id}`, cookie),
          params: params({ labId: lab.id, deliverableId: id }),
          context: TEST_CONTEXT,
        }),
      )
    const submitted = insertDeliverable(db, {
      labId: lab.id,
      completedOn: '2026-10-10',
      title: '城市运行指标数据集',
      status: 'submitted',
      submittedAt: '2026-10-12T02:00:00.000Z',
    })
    const shown = await deliverable(submitted.id, bureau)
    expect(shown.body.steps).toEqual(expect.arrayContaining(['accept', 'return']))
    expect(factsOf(shown)!.violations).toEqual([expect.objectContaining({ category: 'data_security', counting: true })])
    const own = signIn(await makeUser(db, { role: 'lab', labId: lab.id }))
    const draft = insertDeliverable(db, { labId: lab.id, completedOn: '2026-10-20', title: '草稿成果' })
    expect(factsOf(await deliverable(draft.id, own))).toBeNull()
  })
})
