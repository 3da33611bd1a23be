import { diffDays } from '~/domain/dates'
import { DECIDABLE_STATUSES, windowOpensOn } from '~/domain/renewals'
import type { Check, CheckOutcome } from './types'

// Issue 8's checks on the renewal of the latest period. The lab owes its application once the
// window opens; once it has applied, a decision after the period's end is the bureau's to take;
// a conditional renewal holds the lab to its rectification deadline.

/** Window open without an application warns; the period ended without one fails. */
export const renewalApplicationCheck: Check = (facts, { today, settings }): CheckOutcome[] => {
  const latest = facts.latest
  if (!latest || latest.outcome !== null || latest.startDate > today) return []
  // a draft is not an application: it is the lab's own until submitted
  if (facts.renewal && facts.renewal.status !== 'draft') return []
  const opens = windowOpensOn(latest, settings.renewalWindowDays)
  if (today < opens) return []
  const base = {
    checkId: 'renewal_application' as const,
    subject: '',
    concernsDate: latest.endDate,
    fixPath: `/labs/${facts.labId}/renewal`,
  }
  if (latest.endDate < today)
    return [
      {
        ...base,
        result: 'failing',
        reason: { key: 'compliance.renewal.notApplied', params: { end: latest.endDate, days: diffDays(latest.endDate, today) } },
      },
    ]
  return [
    {
      ...base,
      result: 'warning',
      reason: { key: 'compliance.renewal.windowOpen', params: { end: latest.endDate, days: diffDays(today, latest.endDate) } },
    },
  ]
}

/** Applied, the period has ended, and the bureau has not decided: the bureau's to do. */
export const renewalDecisionCheck: Check = (facts, { today }): CheckOutcome[] => {
  const latest = facts.latest
  const renewal = facts.renewal
  if (!latest || latest.outcome !== null || latest.endDate >= today) return []
  if (!renewal || !DECIDABLE_STATUSES.includes(renewal.status)) return []
  return [
    {
      checkId: 'renewal_decision',
      subject: `renewal:${renewal.id}`,
      result: 'failing',
      owner: 'bureau',
      concernsDate: latest.endDate,
      reason: { key: 'compliance.renewal.undecided', params: { end: latest.endDate, days: diffDays(latest.endDate, today) } },
      fixPath: `/labs/${facts.labId}/renewals/${renewal.id}`,
    },
  ]
}

/** Renewed after rectification: a warning until the deadline, failing once it has passed without the re-check. */
export const rectificationCheck: Check = (facts, { today }): CheckOutcome[] => {
  const renewal = facts.renewal
  if (!renewal || renewal.status !== 'rectifying' || !renewal.rectificationDeadline) return []
  const deadline = renewal.rectificationDeadline
  const base = {
    checkId: 'rectification' as const,
    subject: `renewal:${renewal.id}`,
    concernsDate: deadline,
    fixPath: `/labs/${facts.labId}/renewals/${renewal.id}`,
  }
  if (deadline < today)
    return [
      {
        ...base,
        result: 'failing',
        reason: { key: 'compliance.rectification.overdue', params: { deadline, days: diffDays(deadline, today) } },
      },
    ]
  return [
    { ...base, result: 'warning', reason: { key: 'compliance.rectification.due', params: { deadline, days: diffDays(today, deadline) } } },
  ]
}
