// 年度评估 (issue 16, part 5): the annual evaluation's scoring, pure. The model
// (app/models/evaluations.server.ts) reads each lab's record of the year and hands it here; the
// round page, the publication check, the lab's result, the renewal dossier and the tests all read
// the one answer this module gives.
//
// How a lab is scored for calendar year Y (every component a whole number 0–100):
//
// - report (年度报告): the annual reports whose validity year ends in Y. An accepted report scores
//   its grade on the bureau's grade scale (app/domain/grades.ts) by its place in the scale, best
//   first: the best grade 100, the last 0 (不合格 in the default scale), the grades between
//   spread evenly from 100 down to 60, so the default 优秀/良好/合格/不合格 scores 100/80/60/0.
//   An accepted report without a grade (graded before grades existed) scores 60. A report not
//   accepted once its due date has passed scores 0; one not yet due is left out. Several reports:
//   their mean, rounded down. None: the component does not apply.
// - plan (任务指标): the fulfilment (app/domain/progress.ts planFulfilment) of the approved plan
//   of the period covering most of Y, measured against the share of that period passed at the
//   end of Y (elapsedPercent): on pace or ahead is 100, else fulfilment × 100 / elapsed, rounded
//   down. No approved plan, or a plan without targets: the component does not apply.
// - compliance (合规): each month of Y with a stored month-end result (compliance_history; the
//   current month reads today's checks) scores 100 − 20 per failing check − 5 per warning, at
//   least 0; the component is the mean, rounded down. No month tracked: does not apply.
// - security (数据安全): 100, less 40/25/10/5 for each incident of grade I/II/III/IV discovered in
//   Y, 10 for each of those reported after its deadline, 30 when no emergency plan was in force
//   and reviewed on time at the end of Y (or today, if Y has not ended), and 20 when no drill was
//   held in Y; at least 0.
//
// The weighted score is Σ weight × component / Σ weight over the components that apply, so a
// component that does not apply hands its weight to the others in proportion; it is kept in
// hundredths, rounded down. A lab none of whose weighted components applies gets no score and no
// proposal: the bureau grades it by hand before it can publish.
//
// The proposal is by rank. Labs are ordered by score (highest first); equal scores are ordered by
// the components in the order of their weight (heaviest first; equal weights in the order report,
// plan, compliance, security), a component that does not apply counting below 0, and last by lab
// id, so the order never depends on how the rows were read. Down that order a lab gets 优秀 when
// its score reaches the round's 优秀 minimum and fewer than the 优秀 cap hold it, else 良好 likewise,
// else 合格 when it reaches the pass floor, else 不合格. A cap is a share of all the round's labs
// rounded down ("at most 15%" of 6 labs is 0 labs, of 7 labs 1 lab), so it is never exceeded.
// The same caps bind the final grades: publishing is refused while they exceed them.
import type { EvaluationGrade, IncidentGrade } from '~db/schema/enums'
import { elapsedPercent } from './progress'
import type { IsoDate } from './dates'

export const EVALUATION_COMPONENTS = ['report', 'plan', 'compliance', 'security'] as const
export type EvaluationComponent = (typeof EVALUATION_COMPONENTS)[number]

export type Weights = Record<EvaluationComponent, number>
export type Components = Record<EvaluationComponent, number | null>

export type Caps = {
  /** at most this percent of the round's labs are 优秀 */
  capExcellentPercent: number
  /** at most this percent are 良好 */
  capGoodPercent: number
  minExcellent: number
  minGood: number
  /** below this a lab is 不合格 */
  minPass: number
}

export type RoundSettings = Weights & Caps

// what the open-round form offers
export const DEFAULT_ROUND_SETTINGS: RoundSettings = {
  report: 30,
  plan: 30,
  compliance: 20,
  security: 20,
  capExcellentPercent: 15,
  capGoodPercent: 30,
  minExcellent: 90,
  minGood: 80,
  minPass: 60,
}

/** The first year a round may be opened for: no lab was certified before it. */
export const FIRST_EVALUATION_YEAR = 2020
export const ADJUST_REASON_MAX = 500

export type SettingsError = {
  field: keyof RoundSettings | '_form'
  key: 'evaluation.error.weightsSum' | 'evaluation.error.minOrder' | 'evaluation.error.capsSum'
}

/**
 * What the bureau's weights and caps must be (each field already a whole number 0–100, checked
 * by the form's schema): weights summing to 100, the two caps together at most 100%, and the
 * minimum scores in the grades' order (优秀 ≥ 良好 ≥ 合格).
 */
export function checkRoundSettings(s: RoundSettings): SettingsError[] {
  const errors: SettingsError[] = []
  if (s.report + s.plan + s.compliance + s.security !== 100) errors.push({ field: '_form', key: 'evaluation.error.weightsSum' })
  if (s.capExcellentPercent + s.capGoodPercent > 100) errors.push({ field: 'capGoodPercent', key: 'evaluation.error.capsSum' })
  if (s.minExcellent < s.minGood) errors.push({ field: 'minExcellent', key: 'evaluation.error.minOrder' })
  if (s.minGood < s.minPass) errors.push({ field: 'minGood', key: 'evaluation.error.minOrder' })
  return errors
}

// ---------------------------------------------------------------------------------------------
// The year

export const yearStart = (year: number): IsoDate => `${year}-01-01`
export const yearEnd = (year: number): IsoDate => `${year}-12-31`

export type EvaluatedPeriod = {
  id: number
  sequence: number
  startDate: IsoDate
  endDate: IsoDate
  outcome: string | null
  outcomeDate: IsoDate | null
}

/** The last day a period counted: its end, or the day it was revoked if earlier. */
export function effectiveEnd(p: EvaluatedPeriod): IsoDate {
  return p.outcome === 'revoked' && p.outcomeDate && p.outcomeDate < p.endDate ? p.outcomeDate : p.endDate
}

const dayNumber = (d: IsoDate) => Date.parse(`${d}T00:00:00Z`) / 86_400_000

/** Days of `year` the period was in force (0: not in force in it). */
export function daysInYear(p: EvaluatedPeriod, year: number): number {
  const from = p.startDate > yearStart(year) ? p.startDate : yearStart(year)
  const end = effectiveEnd(p)
  const to = end < yearEnd(year) ? end : yearEnd(year)
  return to < from ? 0 : dayNumber(to) - dayNumber(from) + 1
}

/**
 * The period that stands for the lab in `year`: the one in force on most of its days (ties: the
 * later one). Null when no period was in force in the year: the lab is not evaluated.
 */
export function periodOfYear<P extends EvaluatedPeriod>(periods: readonly P[], year: number): P | null {
  let best: P | null = null
  let bestDays = 0
  for (const p of periods) {
    const days = daysInYear(p, year)
    if (days > bestDays || (days > 0 && days === bestDays && best && p.sequence > best.sequence)) {
      best = p
      bestDays = days
    }
  }
  return best
}

// ---------------------------------------------------------------------------------------------
// Components

/** A grade's score by its place in the scale (best first): the best 100, the last 0, the rest evenly down to 60. */
export function gradeScore(scale: readonly { code: string; position: number }[], code: string): number | null {
  const ordered = [...scale].sort((a, b) => a.position - b.position || a.code.localeCompare(b.code))
  const i = ordered.findIndex((g) => g.code === code)
  if (i < 0) return null
  const n = ordered.length
  if (n === 1) return 100
  if (i === n - 1) return 0
  if (n === 2) return 100
  return 100 - Math.floor((40 * i) / (n - 2))
}

export const UNGRADED_REPORT_SCORE = 60

export type OwedReport = { accepted: boolean; grade: string | null; overdue: boolean }

export function reportComponent(reports: readonly OwedReport[], scale: readonly { code: string; position: number }[]): number | null {
  const scores = reports.flatMap((r) => {
    if (r.accepted) return [r.grade === null ? UNGRADED_REPORT_SCORE : (gradeScore(scale, r.grade) ?? UNGRADED_REPORT_SCORE)]
    return r.overdue ? [0] : []
  })
  return scores.length ? Math.floor(scores.reduce((a, b) => a + b, 0) / scores.length) : null
}

export function planComponent({
  approved,
  fulfilment,
  period,
  asOf,
}: {
  approved: boolean
  fulfilment: number | null
  period: { startDate: IsoDate; endDate: IsoDate }
  asOf: IsoDate
}): { score: number | null; elapsed: number } {
  const elapsed = elapsedPercent(period, asOf)
  if (!approved || fulfilment === null || elapsed === 0) return { score: null, elapsed }
  return { score: fulfilment >= elapsed ? 100 : Math.floor((fulfilment * 100) / elapsed), elapsed }
}

export const COMPLIANCE_PENALTY = { failing: 20, warning: 5 } as const

export function complianceComponent(months: readonly { failing: number; warnings: number }[]): number | null {
  if (months.length === 0) return null
  const each = months.map((m) => Math.max(0, 100 - COMPLIANCE_PENALTY.failing * m.failing - COMPLIANCE_PENALTY.warning * m.warnings))
  return Math.floor(each.reduce((a, b) => a + b, 0) / each.length)
}

export const SECURITY_PENALTY = {
  grade: { I: 40, II: 25, III: 10, IV: 5 } as Record<IncidentGrade, number>,
  late: 10,
  noPlan: 30,
  noDrill: 20,
} as const

export type SecurityYear = {
  incidents: readonly { grade: IncidentGrade; late: boolean }[]
  planCurrent: boolean
  drills: number
}

export function securityComponent(s: SecurityYear): number {
  let penalty = 0
  for (const i of s.incidents) penalty += SECURITY_PENALTY.grade[i.grade] + (i.late ? SECURITY_PENALTY.late : 0)
  if (!s.planCurrent) penalty += SECURITY_PENALTY.noPlan
  if (s.drills === 0) penalty += SECURITY_PENALTY.noDrill
  return Math.max(0, 100 - penalty)
}

// ---------------------------------------------------------------------------------------------
// Score and proposal

/** The weighted score in hundredths (rounded down); null when no weighted component applies. */
export function weightedScore(components: Components, weights: Weights): number | null {
  let sum = 0
  let weight = 0
  for (const c of EVALUATION_COMPONENTS) {
    const value = components[c]
    if (value === null || weights[c] === 0) continue
    sum += weights[c] * value
    weight += weights[c]
  }
  return weight === 0 ? null : Math.floor((sum * 100) / weight)
}

/** The most labs a grade may hold in a round of `labs` labs: the cap's share, rounded down. */
export function capCount(labs: number, percent: number): number {
  return Math.floor((labs * percent) / 100)
}

/** The components in tie-break order: heaviest weight first, equal weights in the listed order. */
export function tieBreakOrder(weights: Weights): EvaluationComponent[] {
  return [...EVALUATION_COMPONENTS].sort(
    (a, b) => weights[b] - weights[a] || EVALUATION_COMPONENTS.indexOf(a) - EVALUATION_COMPONENTS.indexOf(b),
  )
}

export type Scored = { labId: number; components: Components; score: number | null }
export type Proposal = { labId: number; rank: number; score: number | null; proposedGrade: EvaluationGrade | null }

/** Every lab's rank (1 = best, unique) and proposed grade; see the header for the rule. */
export function proposeGrades(labs: readonly Scored[], settings: RoundSettings): Proposal[] {
  const order = tieBreakOrder(settings)
  const ranked = [...labs].sort((a, b) => {
    const sa = a.score ?? -1
    const sb = b.score ?? -1
    if (sa !== sb) return sb - sa
    for (const c of order) {
      const ca = a.components[c] ?? -1
      const cb = b.components[c] ?? -1
      if (ca !== cb) return cb - ca
    }
    return a.labId - b.labId
  })
  const maxExcellent = capCount(labs.length, settings.capExcellentPercent)
  const maxGood = capCount(labs.length, settings.capGoodPercent)
  let excellent = 0
  let good = 0
  return ranked.map((lab, i) => {
    const base = { labId: lab.labId, rank: i + 1, score: lab.score }
    if (lab.score === null) return { ...base, proposedGrade: null }
    let grade: EvaluationGrade
    if (lab.score >= settings.minExcellent * 100 && excellent < maxExcellent) {
      grade = 'excellent'
      excellent++
    } else if (lab.score >= settings.minGood * 100 && good < maxGood) {
      grade = 'good'
      good++
    } else grade = lab.score >= settings.minPass * 100 ? 'pass' : 'fail'
    return { ...base, proposedGrade: grade }
  })
}

export type PublishProblem =
  | { key: 'evaluation.error.ungraded'; vars: { n: number } }
  | { key: 'evaluation.error.capExcellent' | 'evaluation.error.capGood'; vars: { count: number; max: number; percent: number } }

/**
 * Why the final grades may not be published: a lab without a final grade, or more labs in 优秀
 * or 良好 than the round's caps allow. Empty: they may.
 */
export function publishProblems(finalGrades: readonly (EvaluationGrade | null)[], caps: Caps): PublishProblem[] {
  const problems: PublishProblem[] = []
  const ungraded = finalGrades.filter((g) => g === null).length
  if (ungraded) problems.push({ key: 'evaluation.error.ungraded', vars: { n: ungraded } })
  for (const [grade, percent, key] of [
    ['excellent', caps.capExcellentPercent, 'evaluation.error.capExcellent'],
    ['good', caps.capGoodPercent, 'evaluation.error.capGood'],
  ] as const) {
    const count = finalGrades.filter((g) => g === grade).length
    const max = capCount(finalGrades.length, percent)
    if (count > max) problems.push({ key, vars: { count, max, percent } })
  }
  return problems
}
