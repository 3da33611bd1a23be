import { eq } from 'drizzle-orm'
import { indicatorPlans, renewals, users } from '~db/schema'
import { planEditable, proposedPlanOpen, proposedPlanSubmittable } from '~/domain/indicators'
import { can, isOwnLab, type Actor } from '~/domain/permissions'
import { now } from '~/utils/clock.server'
import { db, type Db } from '~/utils/db.server'
import { recordAudit, type AuditActor } from './audit.server'
import { linesOf, pictureOf, planOfRenewal, writeDecision, writeTargets, type PlanOwner } from './indicator-plans.server'
import { findRenewal, type FoundRenewal } from './renewal-access.server'
import { conflict, forbidden, notFound, type ActingUser, type Result } from './result.server'
import { seenVersion } from './row-version.server'

// 续期申请中的下一有效期任务指标计划 (issue 16, part 1): the renewal application proposes the
// next period's plan. It is an indicator plan like a period's (the same catalogue, form fields,
// checks, audit rows and notices: indicator-plans.server.ts), owned by the renewal until the
// renewal creates the period. The lab's own accounts write it while the renewal is undecided and
// submit it once the application is submitted; the bureau approves or returns it while reviewing
// the renewal. Who sees it is findRenewal's answer, as for every renewal page (404 otherwise).
// A renewal decided 'renew' (or renewed on re-check) carries it into the new period; any other
// outcome leaves it where it is, a record of no period.

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
export type RenewalPlanResult = Result<{ planId: number }>

const ownerOf = (renewalId: number): PlanOwner => ({ periodId: null, renewalId })

// the renewal's status as it is in the write's transaction (a decision may have come since the page)
const renewalStatusIn = (tx: Tx, renewalId: number) =>
  tx.select({ status: renewals.status }).from(renewals).where(eq(renewals.id, renewalId)).get()!.status

/** The proposed plan as the renewal page, its review page and the dossier show it, with what the actor may do. */
export function proposedPlanOf(actor: Actor, found: Pick<FoundRenewal, 'lab' | 'renewal' | 'period'>) {
  const plan = planOfRenewal(db(), found.renewal.id)
  const decidedBy = plan
    ? (db()
        .select({ name: users.displayName })
        .from(indicatorPlans)
        .innerJoin(users, eq(users.id, indicatorPlans.decidedBy))
        .where(eq(indicatorPlans.id, plan.id))
        .get()?.name ?? null)
    : null
  const status = found.renewal.status
  const lab = isOwnLab(actor, found.lab)
  const editable = lab && proposedPlanOpen(status) && planEditable(plan?.status ?? null)
  return {
    plan: plan ? { ...plan, decidedBy } : null,
    lines: linesOf(db(), plan?.id ?? null),
    // the period the plan is for: the one after the renewal's
    sequence: found.period.sequence + 1,
    renewalDecided: !proposedPlanOpen(status),
    canEdit: editable,
    canSubmit: editable && proposedPlanSubmittable(status),
    canDecide: can(actor, 'indicator_plan:decide') && proposedPlanOpen(status) && plan?.status === 'submitted',
  }
}

export type ProposedPlan = ReturnType<typeof proposedPlanOf>

/**
 * The lab saves the targets it proposes for the next period, and with `submit` sends them to the
 * bureau. Version 0 while the renewal has no plan yet: the first save creates it.
 */
export function saveRenewalPlan({
  by,
  labId,
  renewalId,
  raw,
  version,
  submit,
}: {
  by: ActingUser
  labId: number
  renewalId: number
  raw: Readonly<Record<string, string | undefined>>
  // the plan's row version the page showed, 0 while it had none
  version: unknown
  submit: boolean
}): RenewalPlanResult {
  const found = findRenewal(by, labId, renewalId)
  if (!found) return notFound()
  if (!isOwnLab(by, found.lab)) return forbidden()
  const at = now()
  const seen = seenVersion(version)
  return db().transaction((tx): RenewalPlanResult => {
    const written = writeTargets(tx, {
      by,
      labId: found.lab.id,
      owner: ownerOf(renewalId),
      raw,
      seen,
      submit,
      guard: () => {
        const status = renewalStatusIn(tx, renewalId)
        if (!proposedPlanOpen(status)) return conflict('renewalPlan.error.decided')
        if (submit && !proposedPlanSubmittable(status)) return conflict('renewalPlan.error.applyFirst')
        return null
      },
      at,
    })
    return written.ok ? { ok: true, planId: written.planId } : written
  })
}

/** The bureau approves the proposed plan, or returns it to the lab with a reason, while the renewal is undecided. */
export function decideRenewalPlan({
  by,
  labId,
  renewalId,
  decision,
  reason,
  version,
}: {
  by: ActingUser
  labId: number
  renewalId: number
  decision: 'approve' | 'return'
  reason: string
  version: unknown
}): RenewalPlanResult {
  const found = findRenewal(by, labId, renewalId)
  if (!found) return notFound()
  if (!can(by, 'indicator_plan:decide')) return forbidden()
  const at = now()
  return db().transaction((tx): RenewalPlanResult => {
    const written = writeDecision(tx, {
      by,
      labId: found.lab.id,
      owner: ownerOf(renewalId),
      decision,
      reason,
      seen: seenVersion(version),
      guard: () => (proposedPlanOpen(renewalStatusIn(tx, renewalId)) ? null : conflict('renewalPlan.error.decided')),
      at,
    })
    return written.ok ? { ok: true, planId: written.planId } : written
  })
}

/**
 * The renewal created the next period: the plan its application proposed becomes that period's
 * plan, the same row (status, targets, decision and history kept), in the decision's transaction.
 * Audited as `carry_over`. Nothing to do without a proposed plan.
 */
export function carryProposedPlan(
  tx: Tx,
  { renewalId, periodId, labId, by, at }: { renewalId: number; periodId: number; labId: number; by: AuditActor; at: Date },
) {
  const before = planOfRenewal(tx, renewalId)
  if (!before || before.periodId !== null) return null
  const after = tx
    .update(indicatorPlans)
    .set({ periodId, updatedAt: at.toISOString(), rowVersion: before.rowVersion + 1 })
    .where(eq(indicatorPlans.id, before.id))
    .returning({ status: indicatorPlans.status, returnReason: indicatorPlans.returnReason, rowVersion: indicatorPlans.rowVersion })
    .get()!
  const lines = linesOf(tx, before.id)
  recordAudit(tx, {
    actor: by,
    action: 'carry_over',
    entityType: 'indicator_plan',
    entityId: before.id,
    labId,
    before: { ...pictureOf(before, lines), periodId: null, renewalId },
    after: { ...pictureOf(after, lines), periodId, renewalId },
    at,
  })
  return before.id
}
