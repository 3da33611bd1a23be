// iCalendar (RFC 5545) text for the personal deadline feed (issue 20 item 4), pure: the caller
// passes the events and the moment the feed is made. Only all-day events: every deadline here is
// a day in Asia/Shanghai (shared/conventions.md), so no VTIMEZONE is needed and a client in
// another zone still shows the same day.
import { addDays, type IsoDate } from './dates'

export type IcalEvent = {
  /** stable per item (`obligation-123@labcycle`), so a moved date updates the same event */
  uid: string
  /** the day it is due, Asia/Shanghai */
  date: IsoDate
  summary: string
  description?: string
  url?: string
  categories?: string
  /** a reminder the day before, at 09:00 */
  alarm?: boolean
}

export type IcalCalendar = {
  prodId: string
  name: string
  /** how often a client should fetch again, in minutes */
  refreshMinutes: number
  /** DTSTAMP: when this copy of the feed was made */
  stamp: Date
  events: readonly IcalEvent[]
}

const CRLF = '\r\n'
// RFC 5545 3.1: a content line is at most 75 octets, not counting the line break
const MAX_OCTETS = 75

/** TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
}

const encoder = new TextEncoder()
const octets = (s: string) => encoder.encode(s).length
// one code point's UTF-8 length, without encoding it (a feed folds thousands of lines)
const charOctets = (ch: string) => {
  const cp = ch.codePointAt(0)!
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4
}

/**
 * One content line folded at 75 octets: each continuation starts with a space, which counts
 * toward its 75. Folding goes by code point, so a Chinese character (3 octets) or an emoji (4) is
 * never cut in two — a client would show a broken character where it joined the halves.
 */
export function foldLine(line: string): string {
  if (octets(line) <= MAX_OCTETS) return line
  const parts: string[] = []
  let current = ''
  let size = 0
  for (const ch of line) {
    const n = charOctets(ch)
    const limit = parts.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1
    if (size + n > limit) {
      parts.push(current)
      current = ''
      size = 0
    }
    current += ch
    size += n
  }
  parts.push(current)
  return parts.join(`${CRLF} `)
}

/** 2026-03-14 → 20260314 */
const dateValue = (d: IsoDate) => d.replace(/-/g, '')

/** A UTC instant as DATE-TIME in UTC form: 20261206T015200Z */
export function utcStamp(instant: Date): string {
  return instant
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '')
}

function eventLines(event: IcalEvent, stamp: string): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${stamp}`,
    `DTSTART;VALUE=DATE:${dateValue(event.date)}`,
    // DTEND is exclusive: a one-day event ends the next day
    `DTEND;VALUE=DATE:${dateValue(addDays(event.date, 1))}`,
    `SUMMARY:${escapeText(event.summary)}`,
  ]
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`)
  if (event.url) lines.push(`URL;VALUE=URI:${event.url}`)
  if (event.categories) lines.push(`CATEGORIES:${escapeText(event.categories)}`)
  // a deadline does not make anyone busy
  lines.push('TRANSP:TRANSPARENT')
  if (event.alarm)
    lines.push(
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      `DESCRIPTION:${escapeText(event.summary)}`,
      // all-day events start at midnight local time: 15 hours earlier is 09:00 the day before
      'TRIGGER:-PT15H',
      'END:VALARM',
    )
  lines.push('END:VEVENT')
  return lines
}

/** The whole VCALENDAR, CRLF line ends, every line folded. */
export function buildCalendar(calendar: IcalCalendar): string {
  const stamp = utcStamp(calendar.stamp)
  const refresh = `PT${calendar.refreshMinutes}M`
  const lines = [
    'BEGIN:VCALENDAR',
    `PRODID:${calendar.prodId}`,
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${escapeText(calendar.name)}`,
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
    'X-WR-TIMEZONE:Asia/Shanghai',
    // RFC 7986 for Apple and Google, the older X- property for Outlook
    `REFRESH-INTERVAL;VALUE=DURATION:${refresh}`,
    `X-PUBLISHED-TTL:${refresh}`,
    ...calendar.events.flatMap((e) => eventLines(e, stamp)),
    'END:VCALENDAR',
  ]
  return lines.map(foldLine).join(CRLF) + CRLF
}
