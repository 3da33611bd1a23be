import { createRequire } from 'node:module'
import { and, asc, count, eq, gte, lte } from 'drizzle-orm'
import { calendarDays, calendarYears, users } from '~db/schema'
import type { CalendarDayKind } from '~db/schema/enums'
import {
  buildCalendar,
  dayInfo,
  isoWeekday,
  parsePackageCalendar,
  type DayKind,
  type PackageCalendar,
  type WorkCalendar,
} from '~/domain/calendar'
import type { IsoDate } from '~/domain/dates'
import { now } from '~/utils/clock.server'
import { db, type Db } from '~/utils/db.server'
import { recordAudit, type AuditActor } from './audit.server'
import { recomputeEstimates } from './calendar-estimates.server'
import { invalid, notFound, ok, type Invalid, type NotFound, type Result } from './result.server'

// The package's data file is read through Node's resolver rather than imported: the Remix
// build leaves node_modules external, and a bare JSON import in the built ES module would need
// an import attribute. createRequire works the same under tsx, vitest and build/index.js.
const requireFromHere = createRequire(import.meta.url)

type PackageData = { holidays: Record<string, string>; workdays: Record<string, string> }

let packageCache: { calendar: PackageCalendar; version: string } | undefined

function packageData() {
  packageCache ??= {
    calendar: parsePackageCalendar(requireFromHere('chinese-days/dist/chinese-days.json') as PackageData),
    version: (requireFromHere('chinese-days/package.json') as { version: string }).version,
  }
  return packageCache
}

// One calendar per database connection, shared by the two module copies (server.ts and the
// Remix build, as in db.server.ts) and dropped on every write below. Keyed by connection so a
// test that installs a fresh database never sees the previous one's rows.
declare global {
  var __labcycleCalendars: WeakMap<Db, WorkCalendar> | undefined
}

function calendarCache() {
  globalThis.__labcycleCalendars ??= new WeakMap()
  return globalThis.__labcycleCalendars
}

/** The working-day calendar in force: chinese-days with the bureau's rows over it. */
export function workCalendar(): WorkCalendar {
  const conn = db()
  const cached = calendarCache().get(conn)
  if (cached) return cached
  const calendar = loadCalendar(conn)
  calendarCache().set(conn, calendar)
  return calendar
}

// Read through `conn`, so a transaction sees its own writes (the cache is not consulted).
function loadCalendar(conn: Pick<Db, 'select'>): WorkCalendar {
  return buildCalendar({
    packageCalendar: packageData().calendar,
    bureauDays: conn.select({ date: calendarDays.date, kind: calendarDays.kind, name: calendarDays.name }).from(calendarDays).all(),
    bureauYears: conn
      .select({ year: calendarYears.year })
      .from(calendarYears)
      .all()
      .map((r) => r.year),
  })
}

function invalidate(conn: Db) {
  calendarCache().delete(conn)
}

/** The years chinese-days covers, for the page's banner. */
export function packageCoverage() {
  const { calendar, version } = packageData()
  const years = [...calendar.years].sort((a, b) => a - b)
  return { first: years[0], last: years[years.length - 1], version, years }
}

export type CalendarSource = 'package' | 'bureau'

export type CalendarSpecialDay = {
  date: IsoDate
  weekday: number
  kind: DayKind
  name: string
  /** The package's English name, when the day comes from the package. */
  nameEn: string | null
  source: CalendarSource
  /** What the package says about a date the bureau has a row for, if anything. */
  packageDay: { kind: CalendarDayKind; name: string; nameEn: string } | null
}

function inYear(year: number) {
  return and(gte(calendarDays.date, `${year}-01-01`), lte(calendarDays.date, `${year}-12-31`))
}

function packageDayOf(pkg: PackageCalendar, date: IsoDate) {
  const holiday = pkg.holidays.get(date)
  if (holiday) return { kind: 'holiday' as const, name: holiday.zh, nameEn: holiday.en }
  const workday = pkg.workdays.get(date)
  if (workday) return { kind: 'workday' as const, name: workday.zh, nameEn: workday.en }
  return null
}

/** One year for the calendar page: its special days with their source, and its state. */
export function listCalendarYear(year: number) {
  const cal = workCalendar()
  const pkg = packageData().calendar
  const bureauRows = db().select().from(calendarDays).where(inYear(year)).orderBy(asc(calendarDays.date)).all()
  const bureauDates = new Set(bureauRows.map((r) => r.date))
  const prefix = `${year}-`
  const dates = new Set([...pkg.holidays.keys(), ...pkg.workdays.keys()].filter((d) => d.startsWith(prefix)))
  for (const d of bureauDates) dates.add(d)

  const days: CalendarSpecialDay[] = [...dates].sort().map((date) => {
    const info = dayInfo(cal, date)
    const fromPackage = packageDayOf(pkg, date)
    const bureau = bureauDates.has(date)
    return {
      date,
      weekday: isoWeekday(date),
      kind: info.kind,
      name: info.name ?? '',
      nameEn: bureau ? null : (fromPackage?.nameEn ?? null),
      source: bureau ? 'bureau' : 'package',
      packageDay: bureau ? fromPackage : null,
    }
  })

  const confirmation =
    db()
      .select({ source: calendarYears.source, updatedAt: calendarYears.updatedAt, updatedByName: users.displayName })
      .from(calendarYears)
      .leftJoin(users, eq(users.id, calendarYears.updatedBy))
      .where(eq(calendarYears.year, year))
      .get() ?? null

  return {
    year,
    known: cal.knownYears.has(year),
    inPackage: pkg.years.has(year),
    confirmation,
    bureauDayCount: bureauRows.length,
    // the month grids are built from these in the page (monthsOfYear), not sent day by day
    days,
  }
}

export type CalendarYearListing = ReturnType<typeof listCalendarYear>

export type CalendarDayInput = { date: IsoDate; kind: CalendarDayKind; name: string }

// Every write drops the cached calendar, in `finally` so a failed write cannot leave the cache
// ahead of or behind the database.
function write<T>(run: (tx: Parameters<Parameters<Db['transaction']>[0]>[0]) => T): T {
  const conn = db()
  try {
    return conn.transaction(run)
  } finally {
    invalidate(conn)
  }
}

/** Adds or replaces the bureau's row for one date; it wins over the package for that date. */
export function setCalendarDay({ input, actor }: { input: CalendarDayInput; actor: AuditActor }) {
  return write((tx) => {
    const before = tx.select().from(calendarDays).where(eq(calendarDays.date, input.date)).get()
    const at = now()
    const values = { kind: input.kind, name: input.name, updatedAt: at.toISOString(), updatedBy: actor.id }
    const after = tx
      .insert(calendarDays)
      .values({ date: input.date, ...values })
      .onConflictDoUpdate({ target: calendarDays.date, set: values })
      .returning()
      .get()
    recordAudit(tx, { actor, action: before ? 'update' : 'create', entityType: 'calendar', entityId: input.date, before, after, at })
    return after
  })
}

/** Removes the bureau's row for a date, so the package's answer (or Monday–Friday) applies again. */
export function removeCalendarDay({ date, actor }: { date: IsoDate; actor: AuditActor }): Result<object, NotFound> {
  return write((tx): Result<object, NotFound> => {
    const before = tx.select().from(calendarDays).where(eq(calendarDays.date, date)).get()
    if (!before) return notFound()
    tx.delete(calendarDays).where(eq(calendarDays.date, date)).run()
    recordAudit(tx, { actor, action: 'delete', entityType: 'calendar', entityId: date, before, at: now() })
    return ok({})
  })
}

export type ConfirmYearResult = Result<object, Invalid>

// Both refusals are told on the confirmation form as 400, as the form's own message: the year
// is not one to confirm (yet), whatever the page showed, so it is not a stale page's 409.
const notConfirmable = (key: 'calendar.error.packageYear' | 'calendar.error.noHolidays', year: number) =>
  invalid({ _form: { key, vars: { year } } })

/**
 * Declares a year fully entered from the State Council's notice, so counts reaching into it
 * are no longer estimates, and recomputes the stored due dates that were estimated because of
 * it (recomputeEstimates). Refused for a year the package already covers, and for a year
 * without a single holiday entered (a confirmation of nothing would silently end the warning).
 */
export function confirmCalendarYear({ year, source, actor }: { year: number; source: string; actor: AuditActor }): ConfirmYearResult {
  if (packageData().calendar.years.has(year)) return notConfirmable('calendar.error.packageYear', year)
  // the audit rows of the moved due dates mark their labs' compliance stale (recordAudit)
  return write((tx): ConfirmYearResult => {
    const holidays =
      tx
        .select({ n: count() })
        .from(calendarDays)
        .where(and(inYear(year), eq(calendarDays.kind, 'holiday')))
        .get()?.n ?? 0
    if (holidays === 0) return notConfirmable('calendar.error.noHolidays', year)
    const before = tx.select().from(calendarYears).where(eq(calendarYears.year, year)).get()
    const at = now()
    const values = { source, updatedAt: at.toISOString(), updatedBy: actor.id }
    const after = tx
      .insert(calendarYears)
      .values({ year, ...values })
      .onConflictDoUpdate({ target: calendarYears.year, set: values })
      .returning()
      .get()
    recordAudit(tx, { actor, action: before ? 'update' : 'create', entityType: 'calendar', entityId: year, before, after, at })
    recomputeEstimates(tx, { year, calendar: loadCalendar(tx), actor, at })
    return ok({})
  })
}

/** Withdraws a year's confirmation: counts reaching into it are estimates again. */
export function unconfirmCalendarYear({ year, actor }: { year: number; actor: AuditActor }): Result<object, NotFound> {
  return write((tx): Result<object, NotFound> => {
    const before = tx.select().from(calendarYears).where(eq(calendarYears.year, year)).get()
    if (!before) return notFound()
    tx.delete(calendarYears).where(eq(calendarYears.year, year)).run()
    recordAudit(tx, { actor, action: 'delete', entityType: 'calendar', entityId: year, before, at: now() })
    return ok({})
  })
}
