import { and, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { action, loader } from '~/routes/renewals._index'
import type { Db } from '~db/client.server'
import { insertRenewal } from '~db/factories'
import { auditLog, renewals, reviewAssignments, users, validityPeriods } from '~db/schema'
import { formRequest, getRequest, makeLab, makeOrg, makeUser, outcome, setupTestDb, signIn, signInAs, TEST_CONTEXT } from '../helpers'
import { pinClock } from '../clock'

// Bulk actions (issue 19 item 9): the bureau assigns one expert to several renewals on /renewals,
// each through the single assignment's checks.
let db: Db
let bureau: string
let expertId: number
let expertOrg: number

pinClock(new Date('2027-04-20T02:00:00.000Z'))
beforeEach(async () => {
  db = setupTestDb()
  bureau = signIn(await makeUser(db, { role: 'bureau' }))
  const expert = await makeUser(db, { role: 'expert' })
  expertId = expert.id
  expertOrg = makeOrg(db).id
  db.update(users).set({ organisationId: expertOrg }).where(eq(users.id, expertId)).run()
})

function renewalOf(status: 'submitted' | 'under_review' | 'decided', hostOrgId?: number) {
  const lab = makeLab(db, { startDate: '2025-06-01', ...(hostOrgId ? { hostOrgId } : {}) })
  const period = db.select().from(validityPeriods).where(eq(validityPeriods.labId, lab.id)).get()!
  return insertRenewal(db, { labId: lab.id, periodId: period.id, status, summary: '两年工作总结', planTargets: '建设数据中台' })
}

const post = (fields: Record<string, string | string[]>, cookie = bureau) =>
  outcome(() =>
    action({ request: formRequest('/renewals', { intent: 'bulkAssignExpert', ...fields }, cookie), params: {}, context: TEST_CONTEXT }),
  )
const assignmentsOf = (renewalId: number) => db.select().from(reviewAssignments).where(eq(reviewAssignments.renewalId, renewalId)).all()

describe('assigning one expert to several renewals', () => {
  test('open renewals get the expert, audited; a decided one, a conflict and one already assigned are refused with why', async () => {
    const a = renewalOf('submitted')
    const b = renewalOf('under_review')
    const decided = renewalOf('decided')
    const conflicted = renewalOf('submitted', expertOrg) // the expert's organisation hosts this lab
    const again = renewalOf('submitted')
    expect((await post({ renewalId: [String(again.id)], expertId: String(expertId) })).status).toBe(200)

    const o = await post({ renewalId: [a.id, b.id, decided.id, conflicted.id, again.id].map(String), expertId: String(expertId) })
    expect(o.status).toBe(200)
    const body = o.body as { assigned: { renewalId: number }[]; refused: { renewalId: number; reason: string }[] }
    expect(body.assigned.map((r) => r.renewalId)).toEqual([a.id, b.id])
    expect(body.refused.map((r) => [r.renewalId, r.reason])).toEqual([
      [decided.id, 'expertReview.error.notAssignable'],
      [conflicted.id, 'expertReview.error.hostConflict'],
      [again.id, 'expertReview.error.alreadyAssigned'],
    ])
    expect(assignmentsOf(a.id)).toHaveLength(1)
    expect(assignmentsOf(b.id)).toHaveLength(1)
    expect(assignmentsOf(decided.id)).toHaveLength(0)
    expect(assignmentsOf(conflicted.id)).toHaveLength(0)
    expect(db.select().from(renewals).where(eq(renewals.id, a.id)).get()!.status).toBe('under_review')
    const audited = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'assign_expert'), eq(auditLog.entityType, 'review_assignment')))
      .all()
    expect(audited).toHaveLength(3) // `again`'s first assignment, then a and b
  })

  test('the bureau’s page offers the experts; a district’s does not', async () => {
    renewalOf('submitted')
    const page = await outcome(() => loader({ request: getRequest('/renewals', bureau), params: {}, context: TEST_CONTEXT }))
    expect((page.body as { experts: { id: number }[] }).experts.map((e) => e.id)).toEqual([expertId])
    const district = await signInAs(db, { role: 'district', districtCode: '320508' })
    const theirs = await outcome(() => loader({ request: getRequest('/renewals', district), params: {}, context: TEST_CONTEXT }))
    expect((theirs.body as { experts: unknown }).experts).toBeNull()
  })

  test('a district, a lab and an expert posting it get 403; nothing is assigned', async () => {
    const r = renewalOf('submitted')
    const labId = db.select().from(renewals).where(eq(renewals.id, r.id)).get()!.labId
    for (const cookie of [
      await signInAs(db, { role: 'district', districtCode: '320508' }),
      await signInAs(db, { role: 'lab', labId }),
      signIn((await db.select().from(users).where(eq(users.id, expertId)).all())[0]),
    ])
      expect((await post({ renewalId: [String(r.id)], expertId: String(expertId) }, cookie)).status).toBe(403)
    expect(assignmentsOf(r.id)).toHaveLength(0)
  })

  test.each([
    [{ expertId: '1' }, 'renewalIds', 'bulkAssign.error.none'],
    [{ renewalId: Array.from({ length: 101 }, (_, i) => String(i + 1)), expertId: '1' }, 'renewalIds', 'bulkAssign.error.tooMany'],
    [{ renewalId: ['1', 'x'], expertId: '1' }, 'renewalIds', 'form.invalidChoice'],
    [{ renewalId: ['1'], expertId: '' }, 'expertId', 'expertReview.error.expertInvalid'],
  ])('bad input %j is refused with 400 on %s', async (fields, field, key) => {
    const o = await post(fields as Record<string, string | string[]>)
    expect(o.status).toBe(400)
    expect((o.body as { errors: Record<string, { key: string }> }).errors[field].key).toBe(key)
  })
})
