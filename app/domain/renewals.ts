// Renewal at the end of a validity period (issue 8): when the window opens, what a decision does
// to the periods, who may see and do what. Pure: `today` and the settings come in.
import type { RecheckDecision, RenewalDecision, RenewalStatus } from '~db/schema/enums'
import { addDays, addMonths, type IsoDate } from './dates'
import { isOwnLab, type Actor, type LabRef } from './permissions'
import { periodEndDate } from './validity'

export type PeriodSpan = { startDate: IsoDate; endDate: IsoDate }

/** The window opens `windowDays` before the period ends and stays open until the bureau decides. */
export function windowOpensOn(period: PeriodSpan, windowDays: number): IsoDate {
  return addDays(period.endDate, -windowDays)
}

export function isWindowOpen(period: PeriodSpan, today: IsoDate, windowDays: number): boolean {
  return today >= windowOpensOn(period, windowDays)
}

/**
 * The same rule turned round for SQL: on `today` a period's window is open exactly when its end
 * is on or before this day (tests/domain/renewals.test.ts checks the two agree).
 */
export function lastEndWithWindowOpen(today: IsoDate, windowDays: number): IsoDate {
  return addDays(today, windowDays)
}

/**
 * The period a renewal creates: two years from the day after the old one ends, whenever the
 * decision (or, after a rectification, the re-check) is taken, so certification runs without a
 * gap. A period ending on 28 February 2027 is followed by 1 March 2027 .. 29 February 2029.
 */
export function renewedPeriod(old: PeriodSpan): PeriodSpan {
  const startDate = addDays(old.endDate, 1)
  return { startDate, endDate: periodEndDate(startDate) }
}

/** The rectification deadline: `months` after the decision, the same day of the month (or its last day). */
export function rectificationDeadline(decidedOn: IsoDate, months: number): IsoDate {
  return addMonths(decidedOn, months)
}

/** What a decision writes on the period decided: its outcome, or nothing yet while it is rectified. */
export function periodOutcomeOf(decision: RenewalDecision | RecheckDecision): 'renewed' | 'not_renewed' | 'revoked' | null {
  switch (decision) {
    case 'renew':
      return 'renewed'
    case 'not_renew':
      return 'not_renewed'
    case 'revoke':
      return 'revoked'
    case 'renew_after_rectification':
      return null
  }
}

/** The status a renewal has after a decision. */
export function statusAfterDecision(decision: RenewalDecision): RenewalStatus {
  return decision === 'renew_after_rectification' ? 'rectifying' : 'decided'
}

// Who sees a renewal: the bureau; the lab's district and the lab itself (a draft is the lab's
// own); an expert only while assigned to it and not declared conflicted.
export type RenewalRef = { status: RenewalStatus; lab: LabRef }

export function canSeeRenewal(actor: Actor, renewal: RenewalRef, { assigned }: { assigned: boolean }): boolean {
  switch (actor.role) {
    case 'bureau':
      return renewal.status !== 'draft'
    case 'district':
      return renewal.status !== 'draft' && actor.districtCode === renewal.lab.districtCode
    case 'lab':
      return isOwnLab(actor, renewal.lab)
    case 'expert':
      return assigned && renewal.status !== 'draft'
    case 'applicant':
    case 'department':
      return false
  }
}

/** The lab writes its application while it is a draft; submitting hands it to the bureau. */
export function canEditApplication(actor: Actor, renewal: RenewalRef): boolean {
  return isOwnLab(actor, renewal.lab) && renewal.status === 'draft'
}

// Statuses the bureau decides from: the lab has applied and the bureau has not decided. Experts
// are assigned in the same statuses, and an application still in them after the period's end is
// the bureau's breach. It may also decide without an application (a lab that never applied),
// which it does through the period, not through a renewal row (see the model).
export const DECIDABLE_STATUSES: readonly RenewalStatus[] = ['submitted', 'under_review']

// The lab has applied and the renewal is not settled: decidable, or renewed after rectification
// and awaiting the re-check.
export const IN_PROGRESS_STATUSES: readonly RenewalStatus[] = [...DECIDABLE_STATUSES, 'rectifying']

export function canDecide(actor: Actor, renewal: { status: RenewalStatus }): boolean {
  return actor.role === 'bureau' && DECIDABLE_STATUSES.includes(renewal.status)
}

// The choices on the lab's renewal entry when it has not applied, "not renewed" first (the usual one).
const WITHOUT_APPLICATION: readonly RenewalDecision[] = ['not_renew', 'renew', 'renew_after_rectification', 'revoke']

/**
 * What the bureau may decide without going through an application (decision 007): once the
 * period has ended and the lab has not applied, any decision; revocation for cause at any time
 * while the period is undecided. An application is otherwise decided on its own page.
 */
export function decisionsWithoutApplication({
  period,
  renewalStatus,
  today,
}: {
  period: { endDate: IsoDate; outcome: string | null }
  renewalStatus: RenewalStatus | null
  today: IsoDate
}): readonly RenewalDecision[] {
  if (period.outcome !== null || renewalStatus === 'decided') return []
  const applied = renewalStatus !== null && renewalStatus !== 'draft'
  return !applied && period.endDate < today ? WITHOUT_APPLICATION : ['revoke']
}

export function canRecheck(actor: Actor, renewal: { status: RenewalStatus }): boolean {
  return actor.role === 'bureau' && renewal.status === 'rectifying'
}

/**
 * An expert has a conflict of interest with a lab its own organisation hosts or takes part in
 * (guide: 评审回避); such an assignment is refused whatever the expert declares.
 */
export function hasOrganisationConflict(expertOrgId: number | null, lab: { hostOrgId: number; partnerOrgIds: readonly number[] }): boolean {
  return expertOrgId !== null && (lab.hostOrgId === expertOrgId || lab.partnerOrgIds.includes(expertOrgId))
}

/** The weighted total of an expert's scores (0..100 each), over the weights of the criteria scored. */
export function weightedTotal(scores: ReadonlyArray<{ score: number; weight: number }>): number | null {
  const weight = scores.reduce((sum, s) => sum + s.weight, 0)
  if (weight === 0) return null
  return Math.round((scores.reduce((sum, s) => sum + s.score * s.weight, 0) / weight) * 10) / 10
}
