// The obligation ledger's rules (issue 4): what a lab owes in each validity year and by when.
// The dates are computed once, when the ledger row is created, and stored; changing a due date
// afterwards is an explicit extension (app/models/obligations.server.ts).
import type { ObligationKind } from '~db/schema/enums'
import { nextWorkingDay, type WorkCalendar } from './calendar'
import { addDays, type IsoDate } from './dates'
import { labPeriods, validityYears, type Period, type ValidityYear } from './validity'

export interface PlannedObligation {
  validityYear: ValidityYear
  kind: ObligationKind
  yearStart: IsoDate
  yearEnd: IsoDate
  dueDate: IsoDate
  // the due date was moved across a year without official calendar data: an estimate
  dueDateEstimated: boolean
  // the day the due date counts from (see dueDateFrom)
  dueBasis: IsoDate
}

/**
 * The due date of an obligation counting from `basis` (the year's last day for a deliverable,
 * that day plus the report days for a report): a deliverable is due on the day itself, a report
 * on the first working day from it (China's official calendar), an estimate when that reached
 * into a year without calendar data. Planning and the recomputation on a confirmed year share it.
 */
export function dueDateFrom(calendar: WorkCalendar, kind: ObligationKind, basis: IsoDate): { date: IsoDate; estimated: boolean } {
  if (kind === 'deliverable') return { date: basis, estimated: false }
  const { date, estimated } = nextWorkingDay(calendar, basis)
  return { date, estimated }
}

/**
 * Per validity year: a deliverable completed within the year (due on its last day), and the
 * annual report due `reportDueDays` after the year ends, moved to the next working day when
 * that falls on a weekend or holiday (China's official calendar).
 */
export function plannedObligations({
  period,
  reportDueDays,
  calendar,
}: {
  period: Period
  reportDueDays: number
  calendar: WorkCalendar
}): PlannedObligation[] {
  return validityYears(period).flatMap((year) =>
    (
      [
        ['deliverable', year.endDate],
        ['annual_report', addDays(year.endDate, reportDueDays)],
      ] as const
    ).map(([kind, basis]) => {
      const due = dueDateFrom(calendar, kind, basis)
      return {
        validityYear: year.year,
        kind,
        yearStart: year.startDate,
        yearEnd: year.endDate,
        dueDate: due.date,
        dueDateEstimated: due.estimated,
        dueBasis: basis,
      }
    }),
  )
}

export type ExtensionProblem = 'not_later' | 'too_far'

/** An extension moves a deadline later, by at most a year: anything longer is a new decision. */
export function checkExtension({ from, to }: { from: IsoDate; to: IsoDate }): ExtensionProblem | null {
  if (to <= from) return 'not_later'
  if (to > addDays(from, 366)) return 'too_far'
  return null
}

/** What the ledger says of a row the compliance engine gave no verdict (a verdict says more). */
export type UnjudgedState = 'not_due' | 'unjudged' | 'past_period'

/**
 * A row whose due date has not passed is not due yet, whatever its period; past its due date it
 * is history when a later period is in force (labPeriods: the engine judges that one only),
 * and otherwise due but not judged (a lab no longer held to the rules, say).
 */
export function unjudgedState({
  dueDate,
  sequence,
  periods,
  today,
}: {
  dueDate: IsoDate
  /** the row's period */
  sequence: number
  /** the lab's periods */
  periods: readonly { sequence: number; startDate: IsoDate }[]
  today: IsoDate
}): UnjudgedState {
  if (today <= dueDate) return 'not_due'
  const inForce = labPeriods(periods, today).inForce
  return inForce && inForce.sequence > sequence ? 'past_period' : 'unjudged'
}
