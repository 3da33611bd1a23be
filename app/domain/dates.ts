// Calendar days as 'YYYY-MM-DD' strings in Asia/Shanghai (shared/domain.md, "Time").
// All arithmetic runs on UTC midnights, so the machine's TZ setting never shifts a day.

export type IsoDate = string

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const MS_PER_DAY = 86_400_000
// China has observed no daylight saving time since 1991, so Asia/Shanghai is a fixed UTC+8.
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000

interface Ymd {
  year: number
  month: number // 1..12
  day: number
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
}

function parseYmd(s: string): Ymd | null {
  const m = ISO_DATE.exec(s)
  if (!m) return null
  const ymd = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }
  if (ymd.year < 1 || ymd.month < 1 || ymd.month > 12) return null
  if (ymd.day < 1 || ymd.day > daysInMonth(ymd.year, ymd.month)) return null
  return ymd
}

// Callers pass dates that came through isIsoDate or the database; a bad one is a bug, so throw.
function requireYmd(d: IsoDate): Ymd {
  const ymd = parseYmd(d)
  if (!ymd) throw new RangeError(`not a YYYY-MM-DD calendar date: ${JSON.stringify(d)}`)
  return ymd
}

function formatYmd({ year, month, day }: Ymd): IsoDate {
  const pad = (n: number, width: number) => String(n).padStart(width, '0')
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`
}

// setUTCFullYear rather than Date.UTC: Date.UTC maps years 0..99 to 1900..1999.
function toUtcMs({ year, month, day }: Ymd): number {
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  return date.getTime()
}

function fromUtcMs(ms: number): IsoDate {
  const date = new Date(ms)
  return formatYmd({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() })
}

export function isIsoDate(s: string): boolean {
  return parseYmd(s) !== null
}

export function addDays(d: IsoDate, n: number): IsoDate {
  return fromUtcMs(toUtcMs(requireYmd(d)) + n * MS_PER_DAY)
}

/** `to` − `from` in whole days. */
export function diffDays(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtcMs(requireYmd(to)) - toUtcMs(requireYmd(from))) / MS_PER_DAY)
}

/** Adds calendar months; a day past the target month's end clamps to that end (01-31 + 1 → 02-28). */
export function addMonths(d: IsoDate, n: number): IsoDate {
  const { year, month, day } = requireYmd(d)
  const index = year * 12 + (month - 1) + n
  const targetYear = Math.floor(index / 12)
  const targetMonth = index - targetYear * 12 + 1
  return formatYmd({ year: targetYear, month: targetMonth, day: Math.min(day, daysInMonth(targetYear, targetMonth)) })
}

/**
 * The same month and day `years` later. Unlike addMonths, 29 February in a non-leap target
 * year becomes 1 March, so "anniversary − 1 day" ends a period on 28 February
 * (shared/domain.md: a start on 29 February ends on 28 February).
 */
export function anniversary(d: IsoDate, years: number): IsoDate {
  const { year, month, day } = requireYmd(d)
  const targetYear = year + years
  if (month === 2 && day === 29 && !isLeapYear(targetYear)) return formatYmd({ year: targetYear, month: 3, day: 1 })
  return formatYmd({ year: targetYear, month, day })
}

/** 'YYYY-MM' shifted by `n` calendar months. */
export function shiftMonth(month: string, n: number): string {
  return addMonths(`${month}-01`, n).slice(0, 7)
}

/** `length` consecutive months ('YYYY-MM') from `first`, oldest first. */
export function monthRange(first: string, length: number): string[] {
  return Array.from({ length }, (_, i) => shiftMonth(first, i))
}

/** The Asia/Shanghai calendar day of an instant (fixed UTC+8, see SHANGHAI_OFFSET_MS). */
export function shanghaiDate(instant: Date): IsoDate {
  const ms = instant.getTime()
  if (Number.isNaN(ms)) throw new RangeError('invalid Date')
  return fromUtcMs(ms + SHANGHAI_OFFSET_MS)
}

/** An instant as 'YYYY-MM-DD HH:mm:ss' in Asia/Shanghai, the same text on server and client. */
export function formatShanghaiTime(instant: string | Date): string {
  const shifted = new Date(new Date(instant).getTime() + SHANGHAI_OFFSET_MS).toISOString()
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 19)}`
}

/** The UTC instant at which Asia/Shanghai day `d` begins (D 00:00 +08:00). */
export function shanghaiDayStart(d: IsoDate): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) - SHANGHAI_OFFSET_MS).toISOString()
}

/** Shanghai days `from`..`to` (both included) as UTC instants: from inclusive, to exclusive. */
export function shanghaiDayRange({ from, to }: { from?: IsoDate; to?: IsoDate }) {
  return {
    fromInstant: from ? shanghaiDayStart(from) : undefined,
    toInstant: to ? shanghaiDayStart(addDays(to, 1)) : undefined,
  }
}

// What a datetime-local input sends ('2026-05-01T09:30'), seconds optional, or a space instead of T.
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/

/** A date and time typed as Beijing time, as a UTC instant (Date#toISOString form); null if it is not one. */
export function parseShanghaiDateTime(text: string): string | null {
  const m = LOCAL_DATE_TIME.exec(text.trim())
  if (!m || !isIsoDate(m[1])) return null
  const [hours, minutes, seconds] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)]
  if (hours > 23 || minutes > 59 || seconds > 59) return null
  const ms = Date.parse(`${m[1]}T00:00:00Z`) + ((hours * 60 + minutes) * 60 + seconds) * 1000 - SHANGHAI_OFFSET_MS
  return Number.isNaN(ms) ? null : new Date(ms).toISOString()
}

/** An instant as a datetime-local input's value in Beijing time, to the minute ('2026-05-01T09:30'). */
export function shanghaiInputValue(instant: string | Date): string {
  return formatShanghaiMinute(instant).replace(' ', 'T')
}

/** An instant to the minute in Asia/Shanghai ('YYYY-MM-DD HH:mm'): how lists and threads show times. */
export function formatShanghaiMinute(instant: string | Date): string {
  return formatShanghaiTime(instant).slice(0, 16)
}

/** The Asia/Shanghai day of an instant, as text ('YYYY-MM-DD'). */
export function formatShanghaiDay(instant: string | Date): IsoDate {
  return formatShanghaiTime(instant).slice(0, 10)
}
