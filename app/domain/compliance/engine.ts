// The compliance engine: the one place that decides what is fine, due or late for a lab.
// Every screen, job and export reads its results (app/models/compliance.server.ts stores
// them); later modules add their checks to CHECKS.
import type { CheckResult, LabStatus } from '~db/schema/enums'
import { labStatus } from '~/domain/validity'
import { eligibilityCheck } from './eligibility-check'
import { annualReportCheck, deliverableCheck, returnedFilingCheck } from './filing-checks'
import { drillCheck, incidentChecks, securityPlanCheck } from './security-checks'
import { jointLimitCheck } from './joint-check'
import { planProgressCheck } from './plan-progress-check'
import { rectificationCheck, renewalApplicationCheck, renewalDecisionCheck } from './renewal-checks'
import { requestDeadlineCheck, requestReturnedCheck } from './request-checks'
import { teamQualifiedCheck, teamSizeCheck } from './team-checks'
import type { Check, CheckContext, CheckOutcome, LabFacts } from './types'
import { validityCheck } from './validity-check'

const CHECKS: readonly Check[] = [
  validityCheck,
  teamSizeCheck,
  teamQualifiedCheck,
  jointLimitCheck,
  eligibilityCheck,
  deliverableCheck,
  annualReportCheck,
  returnedFilingCheck,
  securityPlanCheck,
  drillCheck,
  incidentChecks,
  requestReturnedCheck,
  requestDeadlineCheck,
  renewalApplicationCheck,
  renewalDecisionCheck,
  rectificationCheck,
  planProgressCheck,
]

// Labs whose certification is in force (or awaiting the bureau's decision) are held to the
// rules; a lab that was not renewed, was revoked or was never certified is not.
export const TRACKED_STATUSES = ['active', 'expiring', 'expired', 'renewed'] as const satisfies readonly LabStatus[]
const TRACKED: ReadonlySet<LabStatus> = new Set(TRACKED_STATUSES)

export function isTracked(status: LabStatus): boolean {
  return TRACKED.has(status)
}

export function isLabsOwn(outcome: CheckOutcome): boolean {
  return (outcome.owner ?? 'lab') === 'lab'
}

export const SEVERITY: Record<CheckResult, number> = {
  ok: 0,
  warning: 1,
  failing: 2,
}

export interface LabEvaluation {
  status: LabStatus
  tracked: boolean
  checks: CheckOutcome[]
  worst: CheckResult
  failing: number
  warnings: number
}

export function evaluateLab(facts: LabFacts, ctx: CheckContext): LabEvaluation {
  const status = labStatus({
    latest: facts.latest,
    today: ctx.today,
    windowDays: ctx.settings.expiryWindowDays,
  })
  const tracked = isTracked(status)
  const checks = tracked ? CHECKS.flatMap((check) => check(facts, { ...ctx, status })) : []
  // the lab's standing counts only what is the lab's to do
  const own = checks.filter(isLabsOwn)
  const failing = own.filter((c) => c.result === 'failing').length
  const warnings = own.filter((c) => c.result === 'warning').length
  return {
    status,
    tracked,
    checks,
    worst: failing ? 'failing' : warnings ? 'warning' : 'ok',
    failing,
    warnings,
  }
}

/** Worst first, then the earliest date (the most pressing), then by check. */
export function compareOutcomes(a: CheckOutcome, b: CheckOutcome): number {
  return (
    SEVERITY[b.result] - SEVERITY[a.result] ||
    (a.concernsDate ?? '9999').localeCompare(b.concernsDate ?? '9999') ||
    a.checkId.localeCompare(b.checkId)
  )
}
