// What comes next for a lab (issue 3 item 6): the lab home's current period with its validity
// years, and its checklist of open checks and dated milestones. Pure: app/models/lab-home.server.ts
// loads the periods and the stored check results.
import type { CheckResult, PeriodOutcome } from '~db/schema/enums'
import type { MessageKey } from '~/i18n'
import { diffDays, type IsoDate } from './dates'
import { label, type Label } from './timeline'
import { labPeriods, validityYearOf, validityYears, type Period, type ValidityYear, type ValidityYearRange } from './validity'

export interface NumberedPeriod extends Period {
  sequence: number
}

export interface ChecklistPeriod extends NumberedPeriod {
  outcome: PeriodOutcome | null
}

/** The period in force (labPeriods): the latest that has begun; else the first (not begun yet). */
export function currentPeriodOf<P extends NumberedPeriod>(periods: readonly P[], today: IsoDate): P | null {
  return labPeriods(periods, today).inForce
}

export interface PeriodYears extends NumberedPeriod {
  // year 1, and year 2 unless the period is a year or less (validityYears)
  years: [ValidityYearRange] | [ValidityYearRange, ValidityYearRange]
  // the validity year today falls in, null outside the period
  yearNow: ValidityYear | null
}

export function periodYears(period: NumberedPeriod, today: IsoDate): PeriodYears {
  return {
    sequence: period.sequence,
    startDate: period.startDate,
    endDate: period.endDate,
    years: validityYears(period),
    yearNow: validityYearOf(period, today),
  }
}

export interface OpenCheck {
  checkId: string
  subject: string
  result: CheckResult
  reasonKey: string
  reasonParams: Record<string, string | number>
  concernsDate: IsoDate | null
  fixPath: string
}

export interface ChecklistItem {
  id: string
  source: 'check' | 'milestone'
  // 'failing' or 'warning' for a check; null for a milestone
  result: CheckResult | null
  title: Label
  reason: Label
  date: IsoDate | null
  // days from today to the date: negative once it has passed
  daysLeft: number | null
  overdue: boolean
  href: string
}

// Milestones ahead of the lab: the end of the current validity year while in year 1 (each
// year needs its deliverable and report, shared/domain.md 2-3) and the end of the latest period,
// by which the bureau decides on renewal (6). A lab that was revoked or not renewed has none.
function milestones({ labId, periods, today }: { labId: number; periods: readonly ChecklistPeriod[]; today: IsoDate }): ChecklistItem[] {
  const items: ChecklistItem[] = []
  const href = `/labs/${labId}#periods`
  const latest = [...periods].sort((a, b) => b.sequence - a.sequence)[0]
  if (!latest || latest.outcome === 'revoked' || latest.outcome === 'not_renewed') return items
  const current = currentPeriodOf(periods, today)
  const at = (date: IsoDate) => ({ date, daysLeft: diffDays(today, date), overdue: false })
  if (current && validityYearOf(current, today) === 1) {
    const [year1] = validityYears(current)
    // a period of a year or less has no year 2: its year 1 ends with the period, not before it
    if (year1.endDate < current.endDate) {
      items.push({
        id: `milestone:year_end:${current.sequence}`,
        source: 'milestone',
        result: null,
        title: label('labHome.milestone.yearEnd', { n: current.sequence }),
        reason: label('labHome.milestone.yearEndReason', { start: year1.startDate, end: year1.endDate }),
        ...at(year1.endDate),
        href,
      })
    }
  }
  if (latest.endDate >= today) {
    items.push({
      id: `milestone:period_end:${latest.sequence}`,
      source: 'milestone',
      result: null,
      title: label('labHome.milestone.periodEnd', { n: latest.sequence }),
      // a latest period that has not begun is a renewal already granted, so say so rather than "prepare"
      reason: label(latest.startDate > today ? 'labHome.milestone.periodEndRenewedReason' : 'labHome.milestone.periodEndReason', {
        end: latest.endDate,
      }),
      ...at(latest.endDate),
      href,
    })
  }
  return items
}

/**
 * The lab home's checklist: every check that is not ok (as the compliance engine stored it)
 * and the milestones ahead, by date. An undated check is due now, so it sorts as today, before
 * the milestones of that day. The validity check already speaks of the period's end, so while
 * it is open the period-end milestone is left out.
 */
export function buildChecklist({
  labId,
  checks,
  periods,
  today,
}: {
  labId: number
  checks: readonly OpenCheck[]
  periods: readonly ChecklistPeriod[]
  today: IsoDate
}): ChecklistItem[] {
  const open = checks.filter((c) => c.result !== 'ok')
  const fromChecks: ChecklistItem[] = open.map((c) => ({
    id: `check:${c.checkId}:${c.subject}`,
    source: 'check',
    result: c.result,
    // the engine stores message keys (app/domain/compliance/types.ts CheckOutcome.reason)
    title: label(`compliance.check.${c.checkId}` as MessageKey),
    reason: label(c.reasonKey as MessageKey, c.reasonParams),
    date: c.concernsDate,
    daysLeft: c.concernsDate ? diffDays(today, c.concernsDate) : null,
    // only a failing check is overdue (docs/status-language.md): a warning dated in the past (a
    // filing returned on that day, an incident reported late) is history, not a deadline missed
    overdue: c.result === 'failing' && c.concernsDate !== null && c.concernsDate < today,
    href: c.fixPath,
  }))
  const validityOpen = open.some((c) => c.checkId === 'validity')
  const ahead = milestones({ labId, periods, today }).filter((m) => !(validityOpen && m.id.startsWith('milestone:period_end')))
  const rank = (item: ChecklistItem) => (item.result === 'failing' ? 0 : item.result === 'warning' ? 1 : 2)
  return [...fromChecks, ...ahead].sort((a, b) => {
    const da = a.date ?? today
    const db = b.date ?? today
    return da < db ? -1 : da > db ? 1 : rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  })
}
