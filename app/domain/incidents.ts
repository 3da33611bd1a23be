// 数据安全事件 (issue 5 item 3): what a lab's incident report must hold, how its report timing
// reads, who may do what with it, and the months the bureau's chart spans. Pure: `now` is a
// parameter; the deadline rules themselves live in ./security.ts.
import { INCIDENT_GRADES, type IncidentGrade, type IncidentStatus } from '~db/schema/enums'
import type { MessageKey, Translate } from '~/i18n'
import type { CheckId } from './compliance/types'
import { monthRange, parseShanghaiDateTime, shiftMonth, type IsoDate } from './dates'
import { canViewLab, isOwnLab, type Actor, type LabRef } from './permissions'
import { HOUR_MS, nextIncidentStatus, reportTiming } from './security'
import { reportHoursFor, type RuleSettings } from './settings'

export const INCIDENT_LIMITS = { title: 200, description: 4000, dataAffected: 2000, measures: 4000, note: 2000 } as const

export type IncidentInput = {
  grade: IncidentGrade
  title: string
  discoveredAt: string
  reportedAt: string
  description: string
  dataAffected: string
  measures: string
}

export type IncidentRawInput = Partial<Record<keyof IncidentInput, string>>
export type IncidentFieldErrors = Partial<Record<keyof IncidentInput, { key: MessageKey; vars?: Record<string, string | number> }>>

const isGrade = (v: string): v is IncidentGrade => (INCIDENT_GRADES as readonly string[]).includes(v)

/**
 * Checks an incident as the lab reports it. Discovery is a date and time in Beijing time, not in
 * the future. Recording the incident here is the report to the bureau, so the report time
 * defaults to `now`; the lab may give an earlier one when it telephoned first, never before the
 * discovery nor in the future. What happened is required; the data affected and the measures
 * may still be unknown in the first hours and can follow in the timeline's notes.
 */
export function checkIncidentInput(
  raw: IncidentRawInput,
  { now }: { now: Date },
): { ok: true; input: IncidentInput } | { ok: false; errors: IncidentFieldErrors } {
  const errors: IncidentFieldErrors = {}
  const text = (v: string | undefined) => (v ?? '').trim()
  const bounded = (field: 'title' | 'description' | 'dataAffected' | 'measures', required: boolean) => {
    const value = text(raw[field])
    if (!value && required) errors[field] = { key: 'form.required' }
    else if (value.length > INCIDENT_LIMITS[field]) errors[field] = { key: 'form.tooLong', vars: { max: INCIDENT_LIMITS[field] } }
    return value
  }

  const grade = text(raw.grade)
  if (!isGrade(grade)) errors.grade = { key: grade ? 'form.invalidChoice' : 'form.required' }
  const title = bounded('title', true)

  const discoveredText = text(raw.discoveredAt)
  const discoveredAt = discoveredText ? parseShanghaiDateTime(discoveredText) : null
  if (!discoveredText) errors.discoveredAt = { key: 'form.required' }
  else if (!discoveredAt) errors.discoveredAt = { key: 'incidents.error.invalidDateTime' }
  else if (Date.parse(discoveredAt) > now.getTime()) errors.discoveredAt = { key: 'incidents.error.discoveredInFuture' }

  const reportedText = text(raw.reportedAt)
  const reportedAt = reportedText ? parseShanghaiDateTime(reportedText) : now.toISOString()
  if (!reportedAt) errors.reportedAt = { key: 'incidents.error.invalidDateTime' }
  else if (Date.parse(reportedAt) > now.getTime()) errors.reportedAt = { key: 'incidents.error.reportedInFuture' }
  // compared only with a discovery that is itself right, so one mistake gives one message
  else if (discoveredAt && !errors.discoveredAt && Date.parse(reportedAt) < Date.parse(discoveredAt))
    errors.reportedAt = { key: 'incidents.error.reportedBeforeDiscovery' }

  const description = bounded('description', true)
  const dataAffected = bounded('dataAffected', false)
  const measures = bounded('measures', false)
  if (Object.keys(errors).length > 0 || !isGrade(grade) || !discoveredAt || !reportedAt) return { ok: false, errors }
  return { ok: true, input: { grade, title, discoveredAt, reportedAt, description, dataAffected, measures } }
}

/** The bureau's report deadline in hours for every grade, as the report and regrade forms state them. */
export function reportHoursByGrade(settings: RuleSettings): Record<IncidentGrade, number> {
  return Object.fromEntries(INCIDENT_GRADES.map((g) => [g, reportHoursFor(settings, g)])) as Record<IncidentGrade, number>
}

// ---------------------------------------------------------------------------------------------
// Urgent alerts (issue 15): the bureau marks the most serious grades urgent (default I and II);
// the report of one alerts the bureau's and the district's accounts at once, and the bureau
// acknowledges each alert.

/** Whether an incident of this grade is urgent under the bureau's setting (the N most serious grades). */
export function isUrgentGrade(settings: Pick<RuleSettings, 'incidentAlertGrades'>, grade: IncidentGrade): boolean {
  return INCIDENT_GRADES.indexOf(grade) < settings.incidentAlertGrades
}

/** The urgent grades, most serious first, as the settings page and the report form name them. */
export function urgentGrades(settings: Pick<RuleSettings, 'incidentAlertGrades'>): IncidentGrade[] {
  return INCIDENT_GRADES.filter((g) => isUrgentGrade(settings, g))
}

/**
 * Whether a grade correction raises an alert: into an urgent grade from one that is not, or to
 * an urgent grade of an incident never alerted (reported when its grade was not yet urgent). A
 * correction between two urgent grades of an alerted incident is told as a regrade, not again
 * as an alert.
 */
export function regradeAlerts({
  settings,
  from,
  to,
  alertedAt,
}: {
  settings: Pick<RuleSettings, 'incidentAlertGrades'>
  from: IncidentGrade
  to: IncidentGrade
  alertedAt: string | null
}): boolean {
  return isUrgentGrade(settings, to) && (!isUrgentGrade(settings, from) || alertedAt === null)
}

/** The bureau acknowledges an alert raised and not yet acknowledged; anything else comes from a stale page. */
export function checkAlertAcknowledgement(incident: { alertedAt: string | null; alertAcknowledgedAt: string | null }): StepProblem | null {
  if (!incident.alertedAt) return { key: 'incidentAlerts.error.noAlert' }
  if (incident.alertAcknowledgedAt) return { key: 'incidentAlerts.error.alreadyAcknowledged' }
  return null
}

// ---------------------------------------------------------------------------------------------
// Report timing, as the incident page and the bureau's table say it.

export type IncidentTiming =
  | { state: 'on_time'; limitHours: number; minutesTaken: number }
  | { state: 'late'; limitHours: number; minutesLate: number }
  | { state: 'pending'; limitHours: number; minutesLeft: number }
  | { state: 'overdue'; limitHours: number; minutesLate: number }

const MINUTE_MS = 60_000

/**
 * "Reported 30 min after discovery, within the 4 h limit" or "late by 2 h 21 min", to the minute
 * (issue 19: 2 h 21 min late read "超时 3 小时"): a part of a minute late or taken counts as a
 * minute, a part of a minute left does not. The limit is read from the stored deadline (the
 * grade's hours when the incident was recorded or regraded), not from today's setting. The
 * compliance check decides late by reportHoursLate too, and says how late to the minute.
 */
export function incidentTiming({
  discoveredAt,
  reportedAt,
  deadline,
  now,
}: {
  discoveredAt: string
  reportedAt: string | null
  deadline: string
  now: Date
}): IncidentTiming {
  const limitHours = Math.round((Date.parse(deadline) - Date.parse(discoveredAt)) / HOUR_MS)
  // on time, late, pending or overdue is reportTiming's rule (./security); here only its spans
  const toDeadline = Date.parse(deadline) - (reportedAt ? Date.parse(reportedAt) : now.getTime())
  switch (reportTiming({ deadline, reportedAt, now }).state) {
    case 'late':
      return { state: 'late', limitHours, minutesLate: Math.ceil(-toDeadline / MINUTE_MS) }
    case 'on_time':
      return {
        state: 'on_time',
        limitHours,
        minutesTaken: Math.ceil(Math.max(0, Date.parse(reportedAt!) - Date.parse(discoveredAt)) / MINUTE_MS),
      }
    case 'pending':
      return { state: 'pending', limitHours, minutesLeft: Math.floor(toDeadline / MINUTE_MS) }
    case 'overdue':
      return { state: 'overdue', limitHours, minutesLate: Math.ceil(-toDeadline / MINUTE_MS) }
  }
}

/** A span of minutes as people say it: "2 小时 21 分钟", "3 h", "45 min". */
export function durationText(minutes: number, t: Translate): string {
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  if (hours === 0) return t('common.duration.m', { m: rest })
  return rest === 0 ? t('common.duration.h', { h: hours }) : t('common.duration.hm', { h: hours, m: rest })
}

/** What the incident page and the bureau's table say about an incident's timing. */
export function timingText(timing: IncidentTiming, t: Translate): string {
  const limit = timing.limitHours
  switch (timing.state) {
    case 'on_time':
      return t('incidents.timing.on_time', { taken: durationText(timing.minutesTaken, t), limit })
    case 'late':
      return t('incidents.timing.late', { late: durationText(timing.minutesLate, t), limit })
    case 'pending':
      return t('incidents.timing.pending', { left: durationText(timing.minutesLeft, t), limit })
    case 'overdue':
      return t('incidents.timing.overdue', { late: durationText(timing.minutesLate, t), limit })
  }
}

// ---------------------------------------------------------------------------------------------
// Who does what. The lab handles its own incident: it reports it, moves it on step by step and
// corrects its grade; nobody else can close it, so the bureau's flag clears only when the lab
// says the incident is over (and the timeline shows who said so). Everyone who may see the lab
// (its district, the bureau) may add a note, so instructions and follow-ups stay on the record.

export function canHandleIncident(actor: Actor, lab: LabRef): boolean {
  return isOwnLab(actor, lab)
}

export function canNoteIncident(actor: Actor, lab: LabRef): boolean {
  return canViewLab(actor, lab)
}

export type StepProblem = { key: MessageKey }

/** The only step allowed is to the status after the current one; anything else comes from a stale page. */
export function checkIncidentStep({ status, to }: { status: IncidentStatus; to: string }): StepProblem | null {
  const next = nextIncidentStatus(status)
  if (!next) return { key: 'incidents.error.alreadyClosed' }
  return to === next ? null : { key: 'incidents.error.staleStep' }
}

/** A grade may be corrected while the incident is not closed, to another grade. */
export function checkRegrade({ status, grade, to }: { status: IncidentStatus; grade: IncidentGrade; to: string }): StepProblem | null {
  if (status === 'closed') return { key: 'incidents.error.alreadyClosed' }
  if (!isGrade(to)) return { key: to ? 'form.invalidChoice' : 'form.required' }
  return to === grade ? { key: 'incidents.error.sameGrade' } : null
}

// ---------------------------------------------------------------------------------------------
// The bureau's chart: a validity period lasts two years, so the chart spans 24 months and shows
// a whole period's incidents.

export const INCIDENT_CHART_MONTHS = 24

/** The `n` months ('YYYY-MM') up to and including `today`'s, oldest first. */
export function recentMonths(today: IsoDate, n: number): string[] {
  return monthRange(shiftMonth(today.slice(0, 7), 1 - n), n)
}

export const isMonth = (s: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(s)

// The compliance checks the security page gathers per lab (app/domain/compliance/security-checks.ts).
export const SECURITY_CHECK_IDS = ['security_plan', 'drill', 'incident', 'incident_report'] as const satisfies readonly CheckId[]
export type SecurityCheckId = (typeof SECURITY_CHECK_IDS)[number]
