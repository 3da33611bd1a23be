import type { CalendarDayKind } from '~db/schema/enums'
import { addDays, diffDays, isIsoDate, type IsoDate } from './dates'

// China's official working days (shared/domain.md, "Time"): Monday to Friday, except the
// statutory holidays the State Council's annual notice (国务院办公厅关于…部分节假日安排的通知)
// declares, plus the weekend make-up working days (调休上班) it swaps in. The published years
// come from the chinese-days package; the bureau enters years the package does not know yet
// and corrects single days (app/models/calendar.server.ts). For a year with neither, working
// days are guessed as Monday to Friday and every answer that relied on that guess says so.

export type WorkCalendar = {
  /** Years whose holidays and make-up days are fully known: package years ∪ bureau-confirmed years. */
  readonly knownYears: ReadonlySet<number>
  /** Days off: statutory holidays, including the weekend days inside a holiday period. */
  readonly holidays: ReadonlyMap<IsoDate, string>
  /** Days declared working: 调休 make-up Saturdays and Sundays, or a bureau correction that cancels a holiday. */
  readonly workdays: ReadonlyMap<IsoDate, string>
}

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday'

export type DayInfo = {
  working: boolean
  kind: DayKind
  name?: string
  /** false when the day's year has no calendar data, so the answer is a Monday–Friday guess. */
  known: boolean
}

/** A date found by counting working days, and whether the count crossed years without data. */
export type WorkingDayResult = {
  date: IsoDate
  /** true when any day examined lies in a year without calendar data (unknownYears is not empty). */
  estimated: boolean
  /** Those years, ascending. */
  unknownYears: number[]
}

export type PackageDayName = { zh: string; en: string }

/** The chinese-days data as the domain needs it. */
export type PackageCalendar = {
  years: ReadonlySet<number>
  holidays: ReadonlyMap<IsoDate, PackageDayName>
  workdays: ReadonlyMap<IsoDate, PackageDayName>
}

export type BureauCalendarDay = { date: IsoDate; kind: CalendarDayKind; name: string }

// Bounds for dates the bureau may enter and the calculator accepts.
export const CALENDAR_MIN_YEAR = 2000
export const CALENDAR_MAX_YEAR = 2099
// The longest count the calculator and the jobs may ask for (about four years of working days).
export const MAX_WORKING_DAYS = 1000
// No search walks further than this many calendar days, whatever the data says: a year of
// days entered as holidays by mistake ends in a RangeError, not an endless loop.
export const MAX_SCAN_DAYS = 366 * 10

// A known Monday: the weekday of any date is its distance from it, modulo 7.
const A_MONDAY = '2024-01-01'

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  return (((diffDays(A_MONDAY, date) % 7) + 7) % 7) + 1
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4))
}

function isWeekend(date: IsoDate): boolean {
  return isoWeekday(date) >= 6
}

// chinese-days stores each day as 'English,中文,n' (n: the holiday's length in days).
export function packageDayName(raw: string): PackageDayName {
  const parts = raw.split(',')
  if (parts.length < 3) return { zh: raw, en: raw }
  return { en: parts.slice(0, -2).join(','), zh: parts[parts.length - 2] }
}

/** The chinese-days JSON (dist/chinese-days.json): { holidays, workdays, inLieuDays }, each 'YYYY-MM-DD' → 'English,中文,n'. */
export function parsePackageCalendar(data: { holidays?: Record<string, string>; workdays?: Record<string, string> }): PackageCalendar {
  const read = (entries: Record<string, string> = {}) =>
    new Map(
      Object.entries(entries)
        .filter(([date]) => isIsoDate(date))
        .map(([date, raw]) => [date, packageDayName(raw)] as const),
    )
  const holidays = read(data.holidays)
  const workdays = read(data.workdays)
  // Every published year has holidays, so the years with any entry are the years the package knows.
  const years = new Set([...holidays.keys(), ...workdays.keys()].map(yearOf))
  return { years, holidays, workdays }
}

/**
 * The calendar in force: the package's days, with each bureau row replacing whatever the
 * package says about its date. A bureau 'workday' on a weekend is a make-up working day; on a
 * weekday it cancels a holiday. Bureau rows count even in a year the bureau has not confirmed,
 * but such a year stays unknown, so answers reaching into it remain estimates.
 */
export function buildCalendar({
  packageCalendar,
  bureauDays = [],
  bureauYears = [],
}: {
  packageCalendar: PackageCalendar
  bureauDays?: readonly BureauCalendarDay[]
  bureauYears?: Iterable<number>
}): WorkCalendar {
  const holidays = new Map([...packageCalendar.holidays].map(([date, name]) => [date, name.zh] as const))
  const workdays = new Map([...packageCalendar.workdays].map(([date, name]) => [date, name.zh] as const))
  for (const day of bureauDays) {
    holidays.delete(day.date)
    workdays.delete(day.date)
    ;(day.kind === 'holiday' ? holidays : workdays).set(day.date, day.name)
  }
  return { knownYears: new Set([...packageCalendar.years, ...bureauYears]), holidays, workdays }
}

export function dayInfo(cal: WorkCalendar, date: IsoDate): DayInfo {
  if (!isIsoDate(date)) throw new RangeError(`not a YYYY-MM-DD calendar date: ${JSON.stringify(date)}`)
  const known = cal.knownYears.has(yearOf(date))
  const weekend = isWeekend(date)
  const holiday = cal.holidays.get(date)
  if (holiday !== undefined) return withName({ working: false, kind: 'holiday', known }, holiday)
  const workday = cal.workdays.get(date)
  if (workday !== undefined) return withName({ working: true, kind: weekend ? 'makeup_workday' : 'workday', known }, workday)
  return weekend ? { working: false, kind: 'weekend', known } : { working: true, kind: 'workday', known }
}

function withName(info: DayInfo, name: string): DayInfo {
  return name ? { ...info, name } : info
}

function result(date: IsoDate, unknown: Set<number>): WorkingDayResult {
  const unknownYears = [...unknown].sort((a, b) => a - b)
  return { date, estimated: unknownYears.length > 0, unknownYears }
}

function requireDate(date: IsoDate) {
  if (!isIsoDate(date)) throw new RangeError(`not a YYYY-MM-DD calendar date: ${JSON.stringify(date)}`)
}

// Walks from `from` one day at a time (including `from` itself when includeFrom) until the
// `count`-th working day, noting every examined day's year that has no data.
function walk(cal: WorkCalendar, { from, step, count, includeFrom }: { from: IsoDate; step: 1 | -1; count: number; includeFrom: boolean }) {
  requireDate(from)
  const unknown = new Set<number>()
  let date = includeFrom ? from : addDays(from, step)
  let remaining = count
  for (let scanned = 0; scanned < MAX_SCAN_DAYS; scanned++, date = addDays(date, step)) {
    const info = dayInfo(cal, date)
    if (!info.known) unknown.add(yearOf(date))
    if (info.working && --remaining === 0) return result(date, unknown)
  }
  throw new RangeError(`no working day within ${MAX_SCAN_DAYS} days of ${from}`)
}

/**
 * The n-th working day after `start`; `start` itself is never counted, whatever it is.
 * "Decide within 10 working days of submission" means on or before
 * addWorkingDays(cal, submittedOn, 10).date; with n = 1 it is the next working day after start.
 * A negative n counts back: the |n|-th working day before start. n = 0 returns start unchanged.
 * estimated/unknownYears cover the days examined, start (exclusive) to the result (inclusive).
 */
export function addWorkingDays(cal: WorkCalendar, start: IsoDate, n: number): WorkingDayResult {
  if (!Number.isInteger(n) || Math.abs(n) > MAX_WORKING_DAYS) {
    throw new RangeError(`working days must be an integer within ±${MAX_WORKING_DAYS}: ${n}`)
  }
  requireDate(start)
  if (n === 0) return result(start, new Set())
  return walk(cal, { from: start, step: n > 0 ? 1 : -1, count: Math.abs(n), includeFrom: false })
}

/** `date` itself if it is a working day, else the first working day after it (a due date on a holiday moves forward). */
export function nextWorkingDay(cal: WorkCalendar, date: IsoDate): WorkingDayResult {
  return walk(cal, { from: date, step: 1, count: 1, includeFrom: true })
}

/** `date` itself if it is a working day, else the last working day before it (a reminder due on a holiday goes out earlier). */
export function previousWorkingDay(cal: WorkCalendar, date: IsoDate): WorkingDayResult {
  return walk(cal, { from: date, step: -1, count: 1, includeFrom: true })
}

/**
 * Working days d with from < d ≤ to, the inverse of addWorkingDays: when `to` is a working
 * day, addWorkingDays(cal, from, workingDaysBetween(cal, from, to).days).date === to.
 * Negative when `to` is before `from`.
 */
export function workingDaysBetween(
  cal: WorkCalendar,
  from: IsoDate,
  to: IsoDate,
): { days: number; estimated: boolean; unknownYears: number[] } {
  const span = diffDays(from, to)
  if (Math.abs(span) > MAX_SCAN_DAYS) throw new RangeError(`span longer than ${MAX_SCAN_DAYS} days: ${from}..${to}`)
  const [low, high, sign] = span >= 0 ? [from, to, 1] : [to, from, -1]
  const unknown = new Set<number>()
  let days = 0
  for (let date = addDays(low, 1); date <= high; date = addDays(date, 1)) {
    const info = dayInfo(cal, date)
    if (!info.known) unknown.add(yearOf(date))
    if (info.working) days++
  }
  const { estimated, unknownYears } = result(high, unknown)
  return { days: sign * days, estimated, unknownYears }
}

/**
 * Whether a count that examined the days from `from` to `to` (inclusive, either order) reached
 * into `year`: only such a count can have been an estimate because of that year.
 */
export function countReachesYear({ from, to, year }: { from: IsoDate; to: IsoDate; year: number }): boolean {
  const [low, high] = from <= to ? [from, to] : [to, from]
  return yearOf(low) <= year && year <= yearOf(high)
}

/** The days of one month with what the calendar says about each, for the month grids. */
export function monthDays(cal: WorkCalendar, year: number, month: number): (DayInfo & { date: IsoDate; day: number; weekday: number })[] {
  const first = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`
  requireDate(first)
  const days = []
  for (let date = first; date.slice(0, 7) === first.slice(0, 7); date = addDays(date, 1)) {
    days.push({ ...dayInfo(cal, date), date, day: Number(date.slice(8)), weekday: isoWeekday(date) })
  }
  return days
}

export type GridDay = { date: IsoDate; day: number; weekday: number; kind: DayKind; name: string; bureau: boolean }
export type SpecialDayOfYear = { date: string; kind: DayKind; name: string; source: 'bureau' | 'package' }

/**
 * A year's twelve month grids from its special days (the page's list of every holiday, make-up
 * day and bureau entry of the year, each with the kind and name dayInfo gives it): every other
 * day is a weekday or a weekend day without a name. The page builds its grids with this in the
 * browser instead of receiving all 365 days (issue 18); tests/domain/calendar-grid.test.ts holds
 * it to monthDays on the same calendar.
 */
export function monthsOfYear(year: number, specialDays: readonly SpecialDayOfYear[]): { month: number; days: GridDay[] }[] {
  const special = new Map(specialDays.map((d) => [d.date, d]))
  return Array.from({ length: 12 }, (_, i) => {
    const first = `${String(year).padStart(4, '0')}-${String(i + 1).padStart(2, '0')}-01`
    requireDate(first)
    const days: GridDay[] = []
    for (let date = first; date.slice(0, 7) === first.slice(0, 7); date = addDays(date, 1)) {
      const weekday = isoWeekday(date)
      const s = special.get(date)
      days.push({
        date,
        day: Number(date.slice(8)),
        weekday,
        kind: s ? s.kind : weekday >= 6 ? 'weekend' : 'workday',
        name: s?.name ?? '',
        bureau: s?.source === 'bureau',
      })
    }
    return { month: i + 1, days }
  })
}
