import { and, eq, inArray } from 'drizzle-orm'
import { notifyOutcomeStep, notifyPlanStep } from '~/models/outcome-notices.server'
import { db } from '~/utils/db.server'
import { indicatorPlans, outcomes, users } from './schema'

/**
 * The plan and outcome notices the demo accounts would have received (issue 16), told by the
 * functions the plan and outcome pages use: the bureau of every plan awaiting it and lab2 of its
 * returned plan; for the demo labs' outcomes, the district of those awaiting its check, the bureau
 * of those checked, the lab of those disputed. Returns how many inbox notices it wrote.
 */
export function seedOutcomeNotices({ now }: { now: Date }): number {
  return db().transaction((tx) => {
    let sent = 0
    for (const plan of tx
      .select()
      .from(indicatorPlans)
      .where(inArray(indicatorPlans.status, ['submitted', 'returned']))
      .all()) {
      const submitted = plan.status === 'submitted'
      const at = new Date((submitted ? plan.submittedAt : plan.decidedAt) ?? now.toISOString())
      sent += notifyPlanStep(tx, {
        planId: plan.id,
        version: plan.rowVersion,
        labId: plan.labId,
        periodId: plan.periodId,
        renewalId: plan.renewalId,
        step: submitted ? 'submitted' : 'returned',
        reason: plan.returnReason,
        at,
      }).sent
    }
    const demoLabIds = tx
      .select({ labId: users.labId })
      .from(users)
      .where(and(eq(users.role, 'lab'), inArray(users.username, ['lab', 'lab2'])))
      .all()
      .flatMap((u) => (u.labId === null ? [] : [u.labId]))
    const waiting = tx
      .select()
      .from(outcomes)
      .where(and(inArray(outcomes.labId, demoLabIds), inArray(outcomes.verification, ['unverified', 'checked', 'disputed'])))
      .all()
    for (const o of waiting) {
      const step = o.verification === 'unverified' ? 'recorded' : o.verification === 'checked' ? 'checked' : 'disputed'
      const at = new Date((step === 'recorded' ? o.createdAt : step === 'checked' ? o.checkedAt : o.decidedAt) ?? now.toISOString())
      sent += notifyOutcomeStep(tx, {
        outcomeId: o.id,
        version: o.rowVersion,
        labId: o.labId,
        title: o.title,
        step,
        reason: o.decisionReason,
        at,
      }).sent
    }
    return sent
  })
}
