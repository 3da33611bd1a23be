// 任务指标完成情况 (issue 16, part 3): what a lab achieved against its period's plan, per
// indicator and validity year. Pure: the items, the plan's lines and `today` are parameters. The
// one rule for "achieved": the lab page, the annual report, the renewal dossier, the compliance
// check, the city dashboard (whose SQL twin is held to this by an agreement test) and the annual
// evaluation all read it from here.
//
// Where the figures come from:
// - the outcome register and the accepted annual deliverables (one item each): the four forms
//   count algorithms, data sets and products by form; landed scenarios, patents, software
//   copyrights, standards, papers and transfers by kind; transfer value sums the transfers' values;
// - what the register cannot count (other IP, people trained, the bureau's custom indicators) is
//   stated by the lab in its annual report of the year ("declared"): it counts once the report is
//   filed, and is verified when the bureau accepts it.
// Achieved leaves out what the bureau disputed; verified is what the bureau verified (an accepted
// deliverable is verified by its acceptance).
import type { DeliverableForm, OutcomeKind, OutcomeVerification } from '~db/schema/enums'
import type { BuiltinIndicatorKey } from './indicators'
import type { IsoDate } from './dates'
import type { ValidityYear } from './validity'

export const VALIDITY_YEARS = [1, 2] as const satisfies readonly ValidityYear[]

type Counting =
  | { by: 'form'; form: DeliverableForm }
  | { by: 'kind'; kind: OutcomeKind; sum?: 'value' }
  // stated by the lab in its annual report: the register has no field for it
  | { by: 'declared' }

export const INDICATOR_COUNTING = {
  scenarios: { by: 'kind', kind: 'scenario_landed' },
  algorithms: { by: 'form', form: 'algorithm' },
  datasets: { by: 'form', form: 'data' },
  products: { by: 'form', form: 'product' },
  invention_patents: { by: 'kind', kind: 'patent' },
  other_ip: { by: 'declared' },
  software_copyrights: { by: 'kind', kind: 'software_copyright' },
  standards: { by: 'kind', kind: 'standard' },
  papers: { by: 'kind', kind: 'paper' },
  people_trained: { by: 'declared' },
  transfers: { by: 'kind', kind: 'transfer' },
  transfer_value: { by: 'kind', kind: 'transfer', sum: 'value' },
} as const satisfies Record<BuiltinIndicatorKey, Counting>

/** How a plan line is counted: built-ins by the table above; custom indicators are declared. */
export function countingOf(line: { builtinKey: string | null }): Counting {
  const key = line.builtinKey as BuiltinIndicatorKey | null
  return key && key in INDICATOR_COUNTING ? INDICATOR_COUNTING[key] : { by: 'declared' }
}

/** Whether the register counts this line (false: the lab states it in its annual report). */
export const countedFromRegister = (line: { builtinKey: string | null }) => countingOf(line).by !== 'declared'

/**
 * One thing the register holds, placed in its validity year: an outcome, or an accepted
 * deliverable (several forms; a transfer when its transfer was completed).
 */
export type AchievementItem = {
  validityYear: ValidityYear
  forms: readonly DeliverableForm[]
  kind: OutcomeKind | null
  valueYuan: number | null
  verification: OutcomeVerification
}

/** What the lab stated in its annual report of a year, by plan line field; verified once the report is accepted. */
export type Declaration = {
  validityYear: ValidityYear
  values: Readonly<Record<string, number | null | undefined>>
  accepted: boolean
}

export type PlanLineTarget = { field: string; builtinKey: string | null; target: number | null }

export type YearFigures = { achieved: number; verified: number }

export type LineProgress = {
  field: string
  target: number | null
  declared: boolean
  byYear: Record<ValidityYear, YearFigures>
  achieved: number
  verified: number
}

function contribution(counting: Counting, item: AchievementItem): number {
  if (counting.by === 'form') return item.forms.includes(counting.form) ? 1 : 0
  if (counting.by === 'kind') {
    if (item.kind !== counting.kind) return 0
    return counting.sum === 'value' ? (item.valueYuan ?? 0) : 1
  }
  return 0
}

/** Target, achieved and verified per plan line and validity year (cumulative over the period in `achieved`/`verified`). */
export function lineProgress(
  lines: readonly PlanLineTarget[],
  items: readonly AchievementItem[],
  declarations: readonly Declaration[] = [],
): LineProgress[] {
  return lines.map((line) => {
    const counting = countingOf(line)
    const byYear = { 1: { achieved: 0, verified: 0 }, 2: { achieved: 0, verified: 0 } } as Record<ValidityYear, YearFigures>
    if (counting.by === 'declared') {
      for (const d of declarations) {
        const value = d.values[line.field] ?? 0
        byYear[d.validityYear].achieved += value
        if (d.accepted) byYear[d.validityYear].verified += value
      }
    } else {
      for (const item of items) {
        if (item.verification === 'disputed') continue
        const value = contribution(counting, item)
        if (!value) continue
        byYear[item.validityYear].achieved += value
        if (item.verification === 'verified') byYear[item.validityYear].verified += value
      }
    }
    return {
      field: line.field,
      target: line.target,
      declared: counting.by === 'declared',
      byYear,
      achieved: byYear[1].achieved + byYear[2].achieved,
      verified: byYear[1].verified + byYear[2].verified,
    }
  })
}

/** The share of a target reached, in whole percent (floored), capped at `cap`; null without a target. */
export function sharePercent(achieved: number, target: number | null, cap = Number.POSITIVE_INFINITY): number | null {
  if (target === null) return null
  if (target === 0) return 100
  return Math.min(cap, Math.floor((achieved * 100) / target))
}

/**
 * Plan fulfilment of a lab's period, in whole percent: the mean over the lines with a target of
 * the share reached, each capped at 100 (one indicator far over its target does not hide another
 * behind). Null when the plan has no targets.
 */
export function planFulfilment(progress: readonly Pick<LineProgress, 'target' | 'achieved'>[]): number | null {
  const shares = progress.flatMap((p) => {
    const s = sharePercent(p.achieved, p.target, 100)
    return s === null ? [] : [s]
  })
  if (shares.length === 0) return null
  return Math.floor(shares.reduce((a, b) => a + b, 0) / shares.length)
}

/**
 * The share of the period that has passed on `today`, in whole percent (0 before it starts, 100
 * after it ends): fulfilment ahead of it is ahead of plan, behind it behind.
 */
export function elapsedPercent(period: { startDate: IsoDate; endDate: IsoDate }, today: IsoDate): number {
  if (today < period.startDate) return 0
  if (today >= period.endDate) return 100
  const day = (d: IsoDate) => Date.parse(`${d}T00:00:00Z`) / 86_400_000
  const total = day(period.endDate) - day(period.startDate) + 1
  return Math.floor(((day(today) - day(period.startDate) + 1) * 100) / total)
}

/** Points ahead of (positive) or behind (negative) the time that has passed; null without targets. */
export function paceGap(fulfilment: number | null, elapsed: number): number | null {
  return fulfilment === null ? null : fulfilment - elapsed
}

/**
 * The lines behind the bureau's thresholds (issue 16, part 3), for the compliance warning:
 * after validity year 1 ended, a line whose year-1 achievement is under `year1Percent` of its
 * target; after the period ended, a line whose achievement is under `endPercent` of its target.
 * `yearOneEnded`/`periodEnded` are decided by the caller from the period's dates and `today`.
 * `minimum` is the least figure that meets the threshold (rounded up).
 */
export function linesBehind(
  progress: readonly LineProgress[],
  { stage, year1Percent, endPercent }: { stage: 'year1' | 'end'; year1Percent: number; endPercent: number },
): Array<{ field: string; target: number; achieved: number; minimum: number }> {
  const percent = stage === 'year1' ? year1Percent : endPercent
  return progress.flatMap((p) => {
    if (p.target === null || p.target === 0) return []
    const achieved = stage === 'year1' ? p.byYear[1].achieved : p.achieved
    const minimum = Math.ceil((p.target * percent) / 100)
    return achieved < minimum ? [{ field: p.field, target: p.target, achieved, minimum }] : []
  })
}
