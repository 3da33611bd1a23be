// Data-security rules (issue 5): the emergency plan's review cycle, drills, and how fast an
// incident must be reported to the bureau. Pure; the bureau's values come in as settings.
import type { IncidentGrade, IncidentStatus } from '~db/schema/enums'
import { addMonths, type IsoDate } from './dates'

/**
 * Hours from discovery to the report to the bureau, by grade. Defaults follow 《网络安全事件报告
 * 管理办法》 (CAC, in force 2025-11-01): an incident of grade III (较大) or above is reported within
 * 4 hours, within 1 hour by operators of critical information infrastructure — the stricter 1
 * hour is taken for I and II here. For grade IV (一般) the rules set no hour limit; 24 hours is
 * this bureau's working assumption. All four are settings the bureau can change.
 */
export const DEFAULT_REPORT_HOURS: Record<IncidentGrade, number> = { I: 1, II: 1, III: 4, IV: 24 }

// Grades at or above 较大 (III) keep a lab failing while they are open.
export const SERIOUS_GRADES: readonly IncidentGrade[] = ['I', 'II', 'III']

export const HOUR_MS = 3_600_000

/**
 * The report is due a number of clock hours after discovery: an incident does not wait for
 * office hours, so nights, weekends and holidays all count.
 */
export function reportDeadline({ discoveredAt, hours }: { discoveredAt: string; hours: number }): string {
  return new Date(Date.parse(discoveredAt) + hours * HOUR_MS).toISOString()
}

export type ReportTiming = { state: 'on_time' | 'late'; hoursLate: number } | { state: 'pending' | 'overdue'; hoursLeft: number }

/** Hours a report came after its deadline, rounded up (a minute late is an hour late); 0 when on time. */
export function reportHoursLate({ deadline, reportedAt }: { deadline: string; reportedAt: string }): number {
  const late = Date.parse(reportedAt) - Date.parse(deadline)
  return late > 0 ? Math.ceil(late / HOUR_MS) : 0
}

/** Reported on time or late; not yet reported: still within the deadline, or overdue. */
export function reportTiming({ deadline, reportedAt, now }: { deadline: string; reportedAt: string | null; now: Date }): ReportTiming {
  if (reportedAt) {
    const hoursLate = reportHoursLate({ deadline, reportedAt })
    return hoursLate > 0 ? { state: 'late', hoursLate } : { state: 'on_time', hoursLate: 0 }
  }
  const left = Date.parse(deadline) - now.getTime()
  return left >= 0
    ? { state: 'pending', hoursLeft: Math.floor(left / HOUR_MS) }
    : { state: 'overdue', hoursLeft: -Math.ceil(-left / HOUR_MS) }
}

/** The plan's next review: a number of months after its approval (default 12). */
export function planReviewDate({ approvedOn, months }: { approvedOn: IsoDate; months: number }): IsoDate {
  return addMonths(approvedOn, months)
}

// The only moves an incident makes, one step at a time, each with a timeline entry.
const NEXT: Record<IncidentStatus, IncidentStatus | null> = { open: 'contained', contained: 'resolved', resolved: 'closed', closed: null }

export function nextIncidentStatus(status: IncidentStatus): IncidentStatus | null {
  return NEXT[status]
}

export function isOpenIncident(status: IncidentStatus): boolean {
  return status !== 'closed'
}
