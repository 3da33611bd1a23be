// The personal deadline feed (issue 20 item 4, docs/decisions/023-calendar-feed.md): its address,
// which deadlines it holds and how many, without a database or a clock.
import { addDays, type IsoDate } from './dates'

const PREFIX = 'cal_'
// `cal_<id>_<secret>.ics` as the last path segment: the id finds the row, the secret (32 random
// bytes, base64url: 43 characters) is what is checked. base64url may itself hold '_', so the id is
// read up to the first one. The `.ics` ending is what some clients look for in a subscription.
const PATH_SHAPE = /^cal_([1-9][0-9]{0,15})_([A-Za-z0-9_-]{43})\.ics$/

export function composeFeedToken(id: number, secret: string): string {
  return `${PREFIX}${id}_${secret}`
}

/** The path of a feed's address under the site's origin. */
export function feedPath(token: string): string {
  return `/feeds/${token}.ics`
}

/** The id and secret of a feed address's last segment, or null for anything else (404). */
export function parseFeedSegment(raw: string): { id: number; secret: string } | null {
  const m = PATH_SHAPE.exec(raw)
  if (!m) return null
  const id = Number(m[1])
  return Number.isSafeInteger(id) ? { id, secret: m[2]! } : null
}

/** The same address for calendar apps that subscribe on a webcal:// link (Apple, Outlook). */
export function webcalOf(httpsUrl: string): string {
  return httpsUrl.replace(/^https?:\/\//, 'webcal://')
}

// The bound that keeps a bureau feed at 5,000 labs small: deadlines from 90 days back (what is
// overdue and still open) to 400 days ahead (past the next annual round), at most 1,000 events,
// the earliest first. A client keeps what it was last sent, so nothing older piles up.
export const FEED_DAYS_BACK = 90
export const FEED_DAYS_AHEAD = 400
export const FEED_MAX_EVENTS = 1000
// Calendar apps poll; once an hour is often enough for deadlines counted in days.
export const FEED_REFRESH_MINUTES = 60

export function feedWindow(today: IsoDate): { from: IsoDate; to: IsoDate } {
  return { from: addDays(today, -FEED_DAYS_BACK), to: addDays(today, FEED_DAYS_AHEAD) }
}

/** A feed item's UID: the kind and the row it stands for, never its date, so a moved date updates it. */
export function feedUid(kind: string, sourceId: number): string {
  return `${kind.replace(/_/g, '-')}-${sourceId}@labcycle`
}

/** The items inside the window, earliest first (ties by UID, so two fetches list them alike), at most `max`. */
export function boundFeedItems<T extends { date: IsoDate; uid: string }>(items: readonly T[], today: IsoDate, max = FEED_MAX_EVENTS): T[] {
  const { from, to } = feedWindow(today)
  return items
    .filter((i) => i.date >= from && i.date <= to)
    .sort((a, b) => (a.date === b.date ? (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0) : a.date < b.date ? -1 : 1))
    .slice(0, max)
}

/** One day's deadlines of one kind across the labs an office oversees, as one event. */
export type DayGroup<T> = { kind: string; date: IsoDate; uid: string; items: T[] }

/**
 * An office's feed (ADR 023, amended): what the reader owes itself stays one event each (it rings
 * the day before); the labs' own deadlines of one kind on one day become one event naming the labs.
 * A district of 500 labs or the bureau of 5,000 then sees its whole window ahead, where one event
 * per lab filled the 1,000 events within weeks. A day and kind with a single lab keeps that lab's
 * own event, which says more. The group's UID is its kind and day: it stays the same event on
 * every fetch while labs join or leave it.
 */
export function groupByDayAndKind<T extends { kind: string; date: IsoDate }>(
  items: readonly T[],
  keepApart: (item: T) => boolean,
): (T | DayGroup<T>)[] {
  const out: (T | DayGroup<T>)[] = []
  const groups = new Map<string, T[]>()
  for (const item of items) {
    if (keepApart(item)) {
      out.push(item)
      continue
    }
    const key = `${item.kind}|${item.date}`
    groups.set(key, [...(groups.get(key) ?? []), item])
  }
  for (const [key, members] of groups) {
    const [kind, date] = key.split('|') as [string, IsoDate]
    out.push(members.length === 1 ? members[0]! : { kind, date, uid: `${kind.replace(/_/g, '-')}-day-${date}@labcycle`, items: members })
  }
  return out
}

export function isDayGroup<T>(event: T | DayGroup<T>): event is DayGroup<T> {
  return typeof event === 'object' && event !== null && 'items' in event && Array.isArray((event as DayGroup<T>).items)
}
