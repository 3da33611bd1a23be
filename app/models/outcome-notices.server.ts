import { eq } from 'drizzle-orm'
import { labs, renewals, validityPeriods } from '~db/schema'
import { shanghaiDate } from '~/domain/dates'
import { noticeExcerpt } from '~/domain/request-notices'
import type { Db } from '~/utils/db.server'
import { notifyEvent, type EventRecipients } from './event-notices.server'

// Who hears of issue 16's steps (docs/decisions/013-notices.md), in the step's transaction: the
// side that acts next, or the lab whose plan or outcome was decided. Each write bumps the row's
// version, so (row id, version after the write) names the step: a plan returned and resubmitted
// on one day is two notices, a retried request none.

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

const labOf = (tx: Tx, labId: number) =>
  tx.select({ id: labs.id, name: labs.name, districtCode: labs.districtCode }).from(labs).where(eq(labs.id, labId)).get()!

export type PlanStep = 'submitted' | 'approved' | 'returned'

/**
 * A plan submitted tells the bureau (it decides); a decision tells the lab, with the reason of a
 * return. A plan a renewal application proposes (no period yet) is named by the period it is for,
 * the one after the renewal's, and links to the renewal, where it is decided.
 */
export function notifyPlanStep(
  tx: Tx,
  {
    planId,
    version,
    labId,
    periodId,
    renewalId = null,
    step,
    reason = '',
    at,
  }: {
    planId: number
    version: number
    labId: number
    periodId: number | null
    renewalId?: number | null
    step: PlanStep
    reason?: string
    at: Date
  },
) {
  const lab = labOf(tx, labId)
  const proposed = periodId === null && renewalId !== null
  const sequence = proposed
    ? tx
        .select({ sequence: validityPeriods.sequence })
        .from(renewals)
        .innerJoin(validityPeriods, eq(validityPeriods.id, renewals.periodId))
        .where(eq(renewals.id, renewalId))
        .get()!.sequence + 1
    : tx.select({ sequence: validityPeriods.sequence }).from(validityPeriods).where(eq(validityPeriods.id, periodId!)).get()!.sequence
  const to: EventRecipients = step === 'submitted' ? { bureau: true } : { lab: { id: lab.id, districtCode: lab.districtCode } }
  return notifyEvent(tx, {
    source: 'indicator_plan',
    sourceId: planId,
    day: shanghaiDate(at),
    step: version,
    labId,
    title: {
      key: proposed ? `notices.renewalPlan.${step}` : `notices.indicatorPlan.${step}`,
      params: { lab: lab.name, period: sequence, ...(step === 'returned' ? { reason: noticeExcerpt(reason) } : {}) },
    },
    link: proposed ? `/labs/${labId}/renewals/${renewalId}#proposed-plan` : `/labs/${labId}/plan?period=${periodId}`,
    to,
    at,
  })
}

export type OutcomeNoticeStep = 'recorded' | 'checked' | 'verified' | 'disputed'

/**
 * An outcome recorded (or edited back to unverified) tells the lab's district office, which checks
 * it; a check tells the bureau, which decides; a decision tells the lab, with a dispute's reason.
 */
export function notifyOutcomeStep(
  tx: Tx,
  {
    outcomeId,
    version,
    labId,
    title,
    step,
    reason = '',
    at,
  }: { outcomeId: number; version: number; labId: number; title: string; step: OutcomeNoticeStep; reason?: string; at: Date },
) {
  const lab = labOf(tx, labId)
  const to: EventRecipients =
    step === 'recorded'
      ? { districtCodes: [lab.districtCode] }
      : step === 'checked'
        ? { bureau: true }
        : { lab: { id: lab.id, districtCode: lab.districtCode } }
  return notifyEvent(tx, {
    source: 'outcome',
    sourceId: outcomeId,
    day: shanghaiDate(at),
    step: version,
    labId,
    title: {
      key: `notices.outcome.${step}`,
      params: { lab: lab.name, title: noticeExcerpt(title), ...(step === 'disputed' ? { reason: noticeExcerpt(reason) } : {}) },
    },
    link: `/labs/${labId}/outcomes/${outcomeId}`,
    to,
    at,
  })
}
