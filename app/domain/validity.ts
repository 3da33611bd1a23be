// Validity periods, validity years and a lab's status. The dashboard badge, the reminder job
// and the tests all call labStatus, so "expiring" has one definition (shared/conventions.md).
import type { LabStatus, PeriodOutcome } from '~db/schema/enums'
import { addDays, anniversary, diffDays, isIsoDate, type IsoDate } from './dates'

/** Days before the last valid day from which a lab counts as 'expiring'. */
export const DEFAULT_EXPIRY_WINDOW_DAYS = 90

// The programme began with the 2023 round (guide: materials due 2023-07-10); a start before
// 2020 is a typing error, with slack for back-dated imports.
export const EARLIEST_PERIOD_START: IsoDate = '2020-01-01'

export interface Period {
  startDate: IsoDate
  endDate: IsoDate
}

export type ValidityYear = 1 | 2

export interface ValidityYearRange {
  year: ValidityYear
  startDate: IsoDate
  endDate: IsoDate
}

export interface LatestPeriod extends Period {
  outcome: PeriodOutcome | null
}

export const PERIOD_DATE_ERRORS = [
  'start_invalid',
  'end_invalid',
  'end_not_after_start',
  'start_too_early',
  'start_too_far_ahead',
  'too_long',
] as const
export type PeriodDateError = (typeof PERIOD_DATE_ERRORS)[number]

export const PERIOD_DATE_WARNINGS = ['end_not_two_years'] as const
export type PeriodDateWarning = (typeof PERIOD_DATE_WARNINGS)[number]

/** Guide 四(五) 授牌: "有效期两年" — the last valid day is the day before the second anniversary. */
export function periodEndDate(startDate: IsoDate): IsoDate {
  return addDays(anniversary(startDate, 2), -1)
}

/**
 * Year 1 runs to the day before the first anniversary; year 2 runs to the period's stored
 * end, which is what the certificate prints even when it is not exactly two years. A validity
 * year never starts after its period ends: a (flagged) period of a year or less has year 1 only
 * (docs/decisions/003-filings-ledger-and-attachments.md).
 */
export function validityYears(period: Period): [ValidityYearRange] | [ValidityYearRange, ValidityYearRange] {
  const secondYearStart = anniversary(period.startDate, 1)
  const firstYearEnd = addDays(secondYearStart, -1)
  // A period shorter than a year must not have a year 1 running past its end either.
  const first: ValidityYearRange = {
    year: 1,
    startDate: period.startDate,
    endDate: firstYearEnd < period.endDate ? firstYearEnd : period.endDate,
  }
  if (secondYearStart > period.endDate) return [first]
  return [first, { year: 2, startDate: secondYearStart, endDate: period.endDate }]
}

export function validityYearOf(period: Period, date: IsoDate): ValidityYear | null {
  // 'YYYY-MM-DD' strings order the same way as the days they name.
  if (date < period.startDate || date > period.endDate) return null
  return date < anniversary(period.startDate, 1) ? 1 : 2
}

export function checkPeriodDates({ startDate, endDate, today }: Period & { today: IsoDate }): {
  errors: PeriodDateError[]
  warnings: PeriodDateWarning[]
} {
  const errors: PeriodDateError[] = []
  const warnings: PeriodDateWarning[] = []
  const startOk = isIsoDate(startDate)
  const endOk = isIsoDate(endDate)
  if (!startOk) errors.push('start_invalid')
  if (!endOk) errors.push('end_invalid')
  if (startOk) {
    if (startDate < EARLIEST_PERIOD_START) errors.push('start_too_early')
    // Certificates are entered when awarded; a start over a year ahead is a typing error.
    if (startDate > anniversary(today, 1)) errors.push('start_too_far_ahead')
  }
  if (startOk && endOk) {
    if (endDate <= startDate) errors.push('end_not_after_start')
    // Two years is the rule; three leaves room for a printed date that differs, not a typo'd year.
    else if (endDate > anniversary(startDate, 3)) errors.push('too_long')
  }
  // The printed certificate may differ from start + 2 years: allowed, but worth a second look.
  // Only raised once the dates are otherwise acceptable, so it does not pile onto an error.
  if (errors.length === 0 && endDate !== periodEndDate(startDate)) warnings.push('end_not_two_years')
  return { errors, warnings }
}

/**
 * `latest` is the lab's period with the highest sequence number. Rules apply in order:
 * a revocation overrides dates; a renewal decision (or a future period, which exists only
 * because the bureau renewed) reads as renewed; after the end, an undecided period is
 * 'expired' (awaiting the bureau's decision, shared/domain.md "Expiry and renewal").
 */
export function labStatus({
  latest,
  today,
  windowDays = DEFAULT_EXPIRY_WINDOW_DAYS,
}: {
  latest: LatestPeriod | null
  today: IsoDate
  windowDays?: number
}): LabStatus {
  if (!latest) return 'uncertified'
  if (latest.outcome === 'revoked') return 'revoked'
  if (latest.outcome === 'renewed' || latest.startDate > today) return 'renewed'
  if (latest.endDate < today) return latest.outcome === 'not_renewed' ? 'not_renewed' : 'expired'
  if (latest.endDate <= addDays(today, windowDays)) return 'expiring'
  return 'active'
}

/** What `labPeriods` needs of a period: its place in the lab's sequence and its first day. */
export interface SequencedPeriod {
  sequence: number
  startDate: IsoDate
}

export interface LabPeriods<P> {
  /** The highest sequence: the lab's status is read from it (labStatus). */
  latest: P | null
  /**
   * The highest sequence among the periods begun by the day: the one whose validity years are
   * owed. A renewal writes the next period before it begins (the window opens 120 days ahead);
   * until it begins, the running period's deliverables and reports are still due. Before any
   * period has begun, the first (certified ahead of its start: none of its years is owed yet).
   * Null only for a lab without periods.
   */
  inForce: P | null
  /** The first period's start: the day the lab was first certified. */
  certifiedOn: IsoDate | null
}

/**
 * Which of a lab's periods counts, for every reader: the registry status, renewals, the lab's
 * mutations, the reminder sources and the compliance facts. Its SQL twin is periodsInForce in
 * app/models/lab-status.server.ts, held to it by tests/models/lab-periods.test.ts.
 */
export function labPeriods<P extends SequencedPeriod>(periods: readonly P[], day: IsoDate): LabPeriods<P> {
  let latest: P | null = null
  let first: P | null = null
  let begun: P | null = null
  let certifiedOn: IsoDate | null = null
  for (const p of periods) {
    if (!latest || p.sequence > latest.sequence) latest = p
    if (!first || p.sequence < first.sequence) first = p
    if (p.startDate <= day && (!begun || p.sequence > begun.sequence)) begun = p
    if (!certifiedOn || p.startDate < certifiedOn) certifiedOn = p.startDate
  }
  return { latest, inForce: begun ?? first, certifiedOn }
}

/** 0 on the last valid day, negative once expired. */
export function daysUntilExpiry({ endDate, today }: { endDate: IsoDate; today: IsoDate }): number {
  return diffDays(today, endDate)
}
