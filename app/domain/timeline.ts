// A lab's timeline (issue 3 item 7): its certification, its periods and every later event,
// newest first, one page at a time. Pure: the sources in app/models/timeline.server.ts load rows,
// app/domain/timeline-events.ts turns them into events, and this module orders and pages them.
import type { MessageKey } from '~/i18n'
import type { IsoDate } from './dates'

// ---------------------------------------------------------------------------------------------
// Labels: a message key and its variables, translated where the page renders. A variable may
// itself be a message key, or a list of words joined in the reader's language.

export type LabelWord = string | number | { key: MessageKey }
export type LabelParam = LabelWord | { list: LabelWord[] }
export interface Label {
  key: MessageKey
  params: Record<string, LabelParam>
}

export const label = (key: MessageKey, params: Record<string, LabelParam> = {}): Label => ({ key, params })

// ---------------------------------------------------------------------------------------------
// Events

export const TIMELINE_KINDS = ['certified', 'period_started', 'period_ended', 'decision', 'violation', 'filing', 'record'] as const
export type TimelineKind = (typeof TIMELINE_KINDS)[number]

export const TIMELINE_ICONS = [
  'certificate',
  'renewal',
  'expiry',
  'renewed',
  'not_renewed',
  'revoked',
  'violation',
  'lab',
  'period',
  'team',
  'filing',
  'event',
] as const
export type TimelineIcon = (typeof TIMELINE_ICONS)[number]

export interface TimelineEvent {
  // unique and stable: '<source>:<12-digit id>[:<part>]'; breaks ties between events at one instant
  id: string
  // the UTC instant the event sorts by (Date#toISOString form); a day's events sort at its
  // Asia/Shanghai midnight, before anything recorded on that day
  at: string
  // the Asia/Shanghai day shown, and the time of day when the event is an instant (HH:mm)
  date: IsoDate
  time: string | null
  kind: TimelineKind
  icon: TimelineIcon
  label: Label
  // a second line: what changed, or the note the bureau wrote
  detail: Label | null
  note: string
  // who did it: a person's name as recorded, the system, or nobody (dated facts)
  actor: LabelWord | null
  href: string | null
}

// The audit source in app/models/timeline.server.ts pads ids the same way in SQL (printf
// '%012d') to page in the query, so the two change together.
const ID_WIDTH = 12

/** '<source>:<id padded to 12 digits>[:<part>]', so that ids compare as text the way their numbers do. */
export function eventId(source: string, id: number, part?: string): string {
  return `${source}:${String(id).padStart(ID_WIDTH, '0')}${part ? `:${part}` : ''}`
}

/** Newest first; events at the same instant by id, descending. A total order, so pages never overlap. */
export function compareEvents(a: Pick<TimelineEvent, 'at' | 'id'>, b: Pick<TimelineEvent, 'at' | 'id'>): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1
  if (a.id !== b.id) return a.id < b.id ? 1 : -1
  return 0
}

export function sortEvents<E extends Pick<TimelineEvent, 'at' | 'id'>>(events: readonly E[]): E[] {
  return [...events].sort(compareEvents)
}

// ---------------------------------------------------------------------------------------------
// Paging: "show more" asks for the events after the last one shown.

export interface TimelineCursor {
  at: string
  id: string
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
const EVENT_ID = /^[a-z_]+:\d{12}(:[a-z_]+)?$/

export function encodeCursor(event: TimelineCursor): string {
  return `${event.at}|${event.id}`
}

/** The cursor in a URL, or null when it is missing or malformed (then the newest page is shown). */
export function decodeCursor(value: string | null | undefined): TimelineCursor | null {
  if (!value) return null
  const [at, id, ...rest] = value.split('|')
  if (rest.length || !at || !id || !INSTANT.test(at) || !EVENT_ID.test(id)) return null
  return { at, id }
}

/** The first `limit` events that come after `before` in timeline order (older, or same instant with a lower id). */
export function newestAfter<E extends TimelineCursor>(
  events: readonly E[],
  { before, limit }: { before: TimelineCursor | null; limit: number },
): E[] {
  return sortEvents(events.filter((e) => before === null || compareEvents(before, e) < 0)).slice(0, limit)
}

export const DEFAULT_TIMELINE_LIMIT = 20
// Bounds one request's work: every source loads up to this many events, merged in memory.
export const MAX_TIMELINE_LIMIT = 200

/** A page size within 1..MAX_TIMELINE_LIMIT. */
export function clampTimelineLimit(n: number): number {
  return Math.min(MAX_TIMELINE_LIMIT, Math.max(1, Math.floor(n)))
}

/** The page size asked for in a URL (`?events=40`), within 1..MAX_TIMELINE_LIMIT; anything unreadable gets the default. */
export function parseTimelineLimit(value: string | null | undefined): number {
  return clampTimelineLimit(value && /^\d{1,4}$/.test(value) ? Number(value) : DEFAULT_TIMELINE_LIMIT)
}

// The lab page's URL parameters: how many events to show, and where an older page begins.
const TIMELINE_PARAMS = { limit: 'events', before: 'eventsBefore' } as const

/** The timeline page a URL asks for. */
export function timelineQuery(params: URLSearchParams): { limit: number; before: string | null } {
  return { limit: parseTimelineLimit(params.get(TIMELINE_PARAMS.limit)), before: params.get(TIMELINE_PARAMS.before) }
}

/**
 * "Show more": the same page with more events, up to MAX_TIMELINE_LIMIT, so the reader keeps
 * what they have already seen; past that, the next page of that size after the last event
 * shown. Null when nothing more remains.
 */
export function timelineMoreHref({ limit, nextCursor }: { limit: number; nextCursor: string | null }): string | null {
  if (!nextCursor) return null
  const params = new URLSearchParams()
  if (limit < MAX_TIMELINE_LIMIT) {
    params.set(TIMELINE_PARAMS.limit, String(Math.min(MAX_TIMELINE_LIMIT, limit + DEFAULT_TIMELINE_LIMIT)))
  } else {
    params.set(TIMELINE_PARAMS.limit, String(limit))
    params.set(TIMELINE_PARAMS.before, nextCursor)
  }
  return `?${params.toString()}#timeline`
}

/**
 * Merges what each source returned (each at most `limit + 1` events after the cursor, newest
 * first) into one page. When more than `limit` events remain overall, at least one source
 * returned `limit + 1`, so `hasMore` is exact.
 */
export function mergeTimeline(
  lists: ReadonlyArray<readonly TimelineEvent[]>,
  { limit, before }: { limit: number; before: TimelineCursor | null },
) {
  const newest = newestAfter(lists.flat(), { before, limit: limit + 1 })
  const events = newest.slice(0, limit)
  const hasMore = newest.length > limit
  const last = events[events.length - 1]
  return { events, hasMore, nextCursor: hasMore && last ? encodeCursor(last) : null }
}

export interface TimelineYear {
  year: string
  events: TimelineEvent[]
}

/** Consecutive events of one (Asia/Shanghai) year, in the order given. */
export function groupByYear(events: readonly TimelineEvent[]): TimelineYear[] {
  const groups: TimelineYear[] = []
  for (const event of events) {
    const year = event.date.slice(0, 4)
    const current = groups[groups.length - 1]
    if (current && current.year === year) current.events.push(event)
    else groups.push({ year, events: [event] })
  }
  return groups
}
