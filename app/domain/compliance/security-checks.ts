import { addDays, addMonths, diffDays, shanghaiDate } from '~/domain/dates'
import { isOpenIncident, reportHoursLate, SERIOUS_GRADES } from '~/domain/security'
import { dueStatus, resultOfDueState } from '~/domain/status-language'
import type { Check, CheckOutcome } from './types'

// Issue 5's checks: the lab keeps a reviewed emergency plan, exercises it, and handles and
// reports incidents in time.

/** No plan fails; a review past due fails; one due within the window warns. */
export const securityPlanCheck: Check = (facts, { today, settings }): CheckOutcome[] => {
  const base = { checkId: 'security_plan' as const, subject: '', fixPath: `/labs/${facts.labId}/security` }
  const plan = facts.plan
  if (!plan) return [{ ...base, result: 'failing', concernsDate: null, reason: { key: 'compliance.plan.missing', params: {} } }]
  const params = { version: plan.version, review: plan.nextReviewOn }
  if (plan.nextReviewOn < today)
    return [
      {
        ...base,
        result: 'failing',
        concernsDate: plan.nextReviewOn,
        reason: { key: 'compliance.plan.overdue', params: { ...params, days: diffDays(plan.nextReviewOn, today) } },
      },
    ]
  if (plan.nextReviewOn <= addDays(today, settings.expiryWindowDays))
    return [
      {
        ...base,
        result: 'warning',
        concernsDate: plan.nextReviewOn,
        reason: { key: 'compliance.plan.dueSoon', params: { ...params, days: diffDays(today, plan.nextReviewOn) } },
      },
    ]
  return [{ ...base, result: 'ok', concernsDate: plan.nextReviewOn, reason: { key: 'compliance.plan.ok', params } }]
}

/**
 * A drill is owed every interval (counted from certification at the earliest), in the one status
 * language (app/domain/status-language.ts): due within the window warns, past due fails — a
 * drill never held is as overdue as its days say.
 */
export const drillCheck: Check = (facts, { today, settings }): CheckOutcome[] => {
  const base = { checkId: 'drill' as const, subject: '', fixPath: `/labs/${facts.labId}/security#drills` }
  const since = [facts.lastDrillOn, facts.certifiedOn]
    .filter((d): d is string => d !== null)
    .sort()
    .at(-1)
  if (!since) return []
  const due = addMonths(since, settings.drillIntervalMonths)
  const months = settings.drillIntervalMonths
  const last = facts.lastDrillOn
  const status = dueStatus({ dueDate: due, doneOn: null, today, windowDays: settings.expiryWindowDays })
  const result = resultOfDueState(status.state) ?? 'ok'
  if (status.state === 'overdue') {
    const reason: CheckOutcome['reason'] = last
      ? { key: 'compliance.drill.stale', params: { last, months, due, days: status.days } }
      : { key: 'compliance.drill.none', params: { months, due, days: status.days } }
    return [{ ...base, result, concernsDate: due, reason }]
  }
  const reason: CheckOutcome['reason'] =
    status.state === 'due_soon'
      ? { key: 'compliance.drill.dueSoon', params: { due, days: status.days } }
      : last
        ? { key: 'compliance.drill.ok', params: { last, due } }
        : { key: 'compliance.drill.firstDue', params: { due } }
  return [{ ...base, result, concernsDate: due, reason }]
}

/**
 * Every open incident of grade III or above fails until it is closed; an open incident reported
 * after its deadline warns. Once closed, a late report stays on the incident's record (and the
 * bureau's table) but no longer counts against the lab.
 */
export const incidentChecks: Check = (facts) =>
  facts.incidents
    .filter((i) => isOpenIncident(i.status))
    .flatMap((i): CheckOutcome[] => {
      const fixPath = `/labs/${facts.labId}/incidents/${i.id}`
      const out: CheckOutcome[] = []
      if (SERIOUS_GRADES.includes(i.grade))
        out.push({
          checkId: 'incident',
          subject: `incident:${i.id}`,
          result: 'failing',
          concernsDate: shanghaiDate(new Date(i.reportedAt)),
          reason: { key: 'compliance.incident.open', params: { grade: i.grade, title: i.title } },
          fixPath,
        })
      // late or not is reportHoursLate's rule; how late is said in hours and minutes
      // (docs/status-language.md), as the incident page says it, never rounded up to an hour
      if (reportHoursLate({ deadline: i.reportDeadline, reportedAt: i.reportedAt }) > 0) {
        const minutesLate = Math.ceil((Date.parse(i.reportedAt) - Date.parse(i.reportDeadline)) / 60_000)
        const hours = Math.floor(minutesLate / 60)
        const minutes = minutesLate % 60
        const key =
          hours === 0 ? 'compliance.incident.lateMinutes' : minutes === 0 ? 'compliance.incident.lateHours' : 'compliance.incident.late'
        out.push({
          checkId: 'incident_report',
          subject: `incident:${i.id}`,
          result: 'warning',
          concernsDate: shanghaiDate(new Date(i.reportDeadline)),
          reason: { key, params: { grade: i.grade, title: i.title, hours, minutes } },
          fixPath,
        })
      }
      return out
    })
