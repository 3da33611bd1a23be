// The renewal dossier (issue 8): everything the bureau and the experts read about one validity
// period, compiled from the records the platform already holds. The model
// (app/models/renewal-dossier.server.ts) runs a handful of set queries and hands the rows here;
// this file shapes them (one version per deliverable, per-year grouping, totals, the months of
// the period) and computes the summary line. Pure: `today` and `now` are parameters.
import type {
  CheckResult,
  DeliverableForm,
  DeliverableType,
  FilingStatus,
  IncidentGrade,
  IncidentStatus,
  IndicatorUnit,
  PeriodOutcome,
  PlanStatus,
  RequestStatus,
  ResourceType,
  ResourceUnit,
  TransferStatus,
  ViolationCategory,
} from '~db/schema/enums'
import { RESOURCE_TYPES, RESOURCE_UNITS } from '~db/schema/enums'
import { violationWindow } from './compliance/eligibility-check'
import { shanghaiDate, shiftMonth, type IsoDate } from './dates'
import type { GradeLabels } from './grades'
import { grantedOf } from './resource-requests'
import { reportTiming, SERIOUS_GRADES } from './security'
import { planInForce } from './security-summary'
import type { TeamThresholds } from './team'
import { validityYearOf, validityYears, type ValidityYear } from './validity'

// ---------------------------------------------------------------------------------------------
// What the dossier holds: plain JSON, so a loader can send it and the page, the print view and
// the .xlsx export read the same object.

export type DossierLab = {
  id: number
  name: string
  hostName: string
  hostCreditCode: string
  partners: string[]
  districtCode: string
  direction: number
  directorName: string
}

export type DossierPeriod = {
  id: number
  sequence: number
  startDate: IsoDate
  endDate: IsoDate
  certificateNo: string
  outcome: PeriodOutcome | null
}

export type DossierDeliverable = {
  id: number
  rootId: number
  version: number
  title: string
  type: DeliverableType
  forms: DeliverableForm[]
  status: FilingStatus
  grade: string | null
  completedOn: IsoDate
  transferStatus: TransferStatus
  transferValueYuan: number | null
}

export type DossierReport = {
  id: number
  validityYear: number
  status: FilingStatus
  grade: string | null
  submittedOn: IsoDate | null
  decidedOn: IsoDate | null
}

export type DossierYear = {
  year: ValidityYear
  startDate: IsoDate
  endDate: IsoDate
  deliverables: DossierDeliverable[]
  acceptedDeliverables: number
  report: DossierReport | null
}

export type DossierTeam = TeamThresholds & {
  // who joined and left since the earliest roster snapshot of the period (taken when the year-1
  // report was submitted); null when the period has no snapshot to compare with
  changes: { since: IsoDate; joined: string[]; left: string[] } | null
}

export type DossierPlan = { id: number; version: string; approvedOn: IsoDate; nextReviewOn: IsoDate; acknowledgedOn: IsoDate | null }
export type DossierDrill = {
  id: number
  heldOn: IsoDate
  scenario: string
  findings: string
  followUpClosedOn: IsoDate | null
  followUp: string
}
export type DossierIncident = {
  id: number
  title: string
  grade: IncidentGrade
  status: IncidentStatus
  discoveredOn: IsoDate
  reportedOn: IsoDate | null
  // reported after its deadline, or still unreported past it
  late: boolean
}

export type DossierSecurity = {
  plans: DossierPlan[]
  // the plan in force on the day compiled (or on the period's last day, once it has ended)
  planInForce: DossierPlan | null
  drills: DossierDrill[]
  incidents: DossierIncident[]
}

export type DossierRequest = {
  id: number
  type: ResourceType
  title: string
  unit: ResourceUnit
  quantity: number
  granted: number | null
  status: RequestStatus
  submittedOn: IsoDate | null
  decidedOn: IsoDate | null
  decidedInTime: boolean | null
}

export type GrantedTotal = { type: ResourceType; unit: ResourceUnit; requests: number; granted: number }

export type DossierViolation = {
  id: number
  subject: 'lab' | 'host'
  category: ViolationCategory
  occurredOn: IsoDate
  source: string
  description: string
  clearsOn: IsoDate
  // within the three-year look-back on the day compiled
  counting: boolean
}

export type DossierMonth = { month: string; severity: number | null; failing: number; warnings: number }
export type DossierCheck = {
  checkId: string
  subject: string
  result: CheckResult
  reasonKey: string
  reasonParams: Record<string, string | number>
  concernsDate: IsoDate | null
}

export type DossierSummary = {
  // accepted deliverables per validity year, e.g. [2, 1]; one number for a period of a year or less
  deliverablesPerYear: number[]
  yearsWithDeliverable: number
  reportsAccepted: number
  // one report per validity year the period has
  reportsExpected: number
  teamMeets: boolean
  planCurrent: boolean
  drills: number
  incidents: number
  seriousIncidents: number
  lateIncidents: number
  requests: number
  requestsDecided: number
  requestsDecidedInTime: number
  violationsCounting: number
  monthsFailing: number
  monthsWarning: number
  monthsOk: number
  monthsUnrecorded: number
  checksFailing: number
  checksWarning: number
}

// The next period's indicator plan as the renewal application proposes it (issue 16): its status
// and the lines with a target, in the catalogue's order; a custom indicator by its names.
export type DossierProposedPlan = {
  status: PlanStatus
  lines: { field: string; builtinKey: string | null; nameZh: string | null; nameEn: string | null; unit: IndicatorUnit; target: number }[]
}

export type RenewalDossier = {
  compiledOn: IsoDate
  lab: DossierLab
  period: DossierPeriod
  years: DossierYear[]
  team: DossierTeam
  security: DossierSecurity
  requests: { rows: DossierRequest[]; granted: GrantedTotal[] }
  violations: DossierViolation[]
  compliance: { months: DossierMonth[]; checks: DossierCheck[] }
  summary: DossierSummary
  proposedPlan: DossierProposedPlan | null
  // the grade scale (inactive grades too), so a stored code reads as its label in either language
  grades: GradeLabels[]
  // 任务指标完成情况 (issue 16, part 3): the period's plan progress, as of the dossier's day
  progress: DossierProgress | null
}

/** The period's plan and what is achieved against it (app/models/progress.server.ts progressPanel). */
export type DossierProgress = {
  plan: { id: number; status: string } | null
  lines: Array<{
    field: string
    builtinKey: string | null
    nameZh: string | null
    nameEn: string | null
    unit: 'count' | 'people' | 'yuan'
    target: number | null
    declared: boolean
    byYear: Record<ValidityYear, { achieved: number; verified: number }>
    achieved: number
    verified: number
  }>
  fulfilment: number | null
  elapsed: number
  pace: number | null
}

// ---------------------------------------------------------------------------------------------
// Shaping

/**
 * One row per deliverable: its accepted version when there is one (a revision under review does
 * not hide what the bureau accepted), else its latest filed version. Drafts and superseded
 * versions never count.
 */
export function currentVersions<D extends { id: number; rootId: number | null; version: number; status: FilingStatus }>(
  rows: readonly D[],
): D[] {
  const best = new Map<number, D>()
  for (const d of rows) {
    if (d.status === 'draft' || d.status === 'superseded') continue
    const root = d.rootId ?? d.id
    const held = best.get(root)
    const rank = (x: D) => (x.status === 'accepted' ? 1 : 0)
    if (!held || rank(d) > rank(held) || (rank(d) === rank(held) && d.version > held.version)) best.set(root, d)
  }
  return [...best.values()]
}

/** The period's validity years (two, or one for a period of a year or less) with the deliverables completed in each (by completion date) and each year's report. */
export function groupByYear({
  period,
  deliverables,
  reports,
}: {
  period: { startDate: IsoDate; endDate: IsoDate }
  deliverables: readonly DossierDeliverable[]
  reports: readonly DossierReport[]
}): DossierYear[] {
  return validityYears(period).map((y) => {
    const inYear = deliverables
      .filter((d) => validityYearOf(period, d.completedOn) === y.year)
      .sort((a, b) => a.completedOn.localeCompare(b.completedOn) || a.id - b.id)
    return {
      year: y.year,
      startDate: y.startDate,
      endDate: y.endDate,
      deliverables: inYear,
      acceptedDeliverables: inYear.filter((d) => d.status === 'accepted').length,
      report: reports.find((r) => r.validityYear === y.year) ?? null,
    }
  })
}

/** What was granted per type and unit, in the order of the types and units; requests with nothing granted are left out. */
export function grantedTotals(
  requests: ReadonlyArray<{
    type: ResourceType
    unit: ResourceUnit
    status: RequestStatus
    quantity: number
    grantedQuantity: number | null
  }>,
): GrantedTotal[] {
  const totals = new Map<string, GrantedTotal>()
  for (const r of requests) {
    const granted = grantedOf(r)
    if (granted === null || granted <= 0) continue
    const key = `${r.type}:${r.unit}`
    const t = totals.get(key) ?? { type: r.type, unit: r.unit, requests: 0, granted: 0 }
    t.requests += 1
    // kept to two decimals, as quantities are stored
    t.granted = Math.round((t.granted + granted) * 100) / 100
    totals.set(key, t)
  }
  const order = (t: GrantedTotal) => RESOURCE_TYPES.indexOf(t.type) * 100 + RESOURCE_UNITS.indexOf(t.unit)
  return [...totals.values()].sort((a, b) => order(a) - order(b))
}

/** The months ('YYYY-MM') of the period up to the month of `today`, oldest first. */
export function periodMonths(period: { startDate: IsoDate; endDate: IsoDate }, today: IsoDate): string[] {
  if (today < period.startDate) return []
  const last = (today < period.endDate ? today : period.endDate).slice(0, 7)
  const months: string[] = []
  for (let month = period.startDate.slice(0, 7); month <= last; month = shiftMonth(month, 1)) months.push(month)
  return months
}

/** Each month of the period with its recorded worst severity; a month without a record reads null. */
export function monthlyRecord(
  months: readonly string[],
  history: ReadonlyArray<{ month: string; severity: number; failing: number; warnings: number }>,
): DossierMonth[] {
  const byMonth = new Map(history.map((h) => [h.month, h]))
  return months.map((month) => {
    const h = byMonth.get(month)
    return h
      ? { month, severity: h.severity, failing: h.failing, warnings: h.warnings }
      : { month, severity: null, failing: 0, warnings: 0 }
  })
}

/** Late: reported after the deadline, or not reported and overdue at `now` (reportTiming in ./security). */
export function isLateIncident({
  reportedAt,
  reportDeadline,
  now,
}: {
  reportedAt: string | null
  reportDeadline: string
  now: Date
}): boolean {
  const { state } = reportTiming({ deadline: reportDeadline, reportedAt, now })
  return state === 'late' || state === 'overdue'
}

// A violation counts as the eligibility check counts it (guide 三(四), three years).
export { violationWindow }

/** The day a dossier's "now" stands for: today while the period runs, its last day once it has ended. */
export const dossierDay = (period: { endDate: IsoDate }, today: IsoDate): IsoDate => (today < period.endDate ? today : period.endDate)

/** The plan in force on the dossier's day, and whether it is current there (acknowledged, review not overdue). */
export function currentPlan(plans: readonly DossierPlan[], day: IsoDate): { plan: DossierPlan | null; current: boolean } {
  const plan = planInForce(
    plans.map((p) => ({ ...p, acknowledgedAt: p.acknowledgedOn })),
    day,
  )
  const found = plan ? (plans.find((p) => p.id === plan.id) ?? null) : null
  return { plan: found, current: !!found && found.acknowledgedOn !== null && found.nextReviewOn >= day }
}

export function dossierSummary({
  years,
  team,
  security,
  requests,
  violations,
  compliance,
  planCurrent,
}: Pick<RenewalDossier, 'years' | 'team' | 'security' | 'violations' | 'compliance'> & {
  requests: readonly DossierRequest[]
  planCurrent: boolean
}): DossierSummary {
  // years are the period's own (groupByYear): a period of a year or less has no year 2 to count
  const perYear = years.map((y) => y.acceptedDeliverables)
  const decided = requests.filter((r) => r.decidedOn !== null)
  const months = compliance.months
  return {
    deliverablesPerYear: perYear,
    yearsWithDeliverable: perYear.filter((n) => n > 0).length,
    reportsAccepted: years.filter((y) => y.report?.status === 'accepted').length,
    reportsExpected: years.length,
    teamMeets: team.meetsHeadcount && team.meetsQualified,
    planCurrent,
    drills: security.drills.length,
    incidents: security.incidents.length,
    seriousIncidents: security.incidents.filter((i) => SERIOUS_GRADES.includes(i.grade)).length,
    lateIncidents: security.incidents.filter((i) => i.late).length,
    requests: requests.length,
    requestsDecided: decided.length,
    requestsDecidedInTime: decided.filter((r) => r.decidedInTime === true).length,
    violationsCounting: violations.filter((v) => v.counting).length,
    monthsFailing: months.filter((m) => m.severity === 2).length,
    monthsWarning: months.filter((m) => m.severity === 1).length,
    monthsOk: months.filter((m) => m.severity === 0).length,
    monthsUnrecorded: months.filter((m) => m.severity === null).length,
    checksFailing: compliance.checks.filter((c) => c.result === 'failing').length,
    checksWarning: compliance.checks.filter((c) => c.result === 'warning').length,
  }
}

/** "2/1": accepted deliverables in year 1 and year 2, as the summary line shows them. */
export const perYearText = (perYear: readonly number[]): string => perYear.join('/')

/** The Asia/Shanghai day of a stored instant, or null. */
export const dayOf = (instant: string | null): IsoDate | null => (instant ? shanghaiDate(new Date(instant)) : null)
