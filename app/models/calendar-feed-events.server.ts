import type { ReminderSource } from '~db/schema/enums'
import { boundFeedItems, feedUid, groupByDayAndKind, type DayGroup } from '~/domain/calendar-feed'
import { shanghaiDate, type IsoDate } from '~/domain/dates'
import type { Actor } from '~/domain/permissions'
import { ownerOfSource } from '~/domain/reminders'
import { windowOpensOn } from '~/domain/renewals'
import type { RuleSettings } from '~/domain/settings'
import type { MessageKey } from '~/i18n'
import type { Db } from '~/utils/db.server'
import { SOURCES } from './reminder-sources/index.server'
import { labsInForce } from './reminder-sources/labs.server'
import { labScope } from './scope.server'

// What a user's calendar feed holds (issue 20 item 4): the due dates the reminders already
// compute (app/models/reminder-sources: ledger obligations, plan reviews, drills, incident
// reports and follow-ups, request decision deadlines, the end of the validity period), plus the
// day the renewal window opens (app/domain/renewals.ts), for the labs the user's pages show
// (labScope). No due date is worked out here. An expert's assignments carry no deadline, so an
// expert's feed is an empty calendar.

export type FeedItemKind = ReminderSource | 'renewal_window_opens'

/** One event of a feed: a lab's deadline, or (in an office's feed) one day's deadlines of a kind. */
export type FeedEvent = FeedItem | DayGroup<FeedItem>

export type FeedItem = {
  kind: FeedItemKind
  uid: string
  date: IsoDate
  labId: number
  labName: string
  title: { key: MessageKey; params: Record<string, string | number> }
  link: string
  // who owes it (ownerOfSource): only the owner's feed carries an alarm, so a district's or the
  // bureau's calendar does not ring for every lab's filing
  owedBy: 'lab' | 'bureau'
}

// An office's feed covers hundreds or thousands of labs: at 5,000 labs the bureau's takes about a
// second of reading (docs/decisions/023-calendar-feed.md). What one scope's feed holds is kept for
// a few minutes and shared by every account of that scope (the items carry message keys, not text,
// so each reader still gets their own language). Calendar apps poll hourly or less often, so a
// moved date shows on the next poll anyway; a lab's own feed is cheap and always read fresh.
const OFFICE_CACHE_MS = 5 * 60_000
type CachedItems = { at: number; today: IsoDate; items: FeedEvent[] }
// per database connection, so a test's fresh database never meets another's items
const officeCaches = new WeakMap<Db, Map<string, CachedItems>>()

export function feedItemsFor({ db, actor, now, settings }: { db: Db; actor: Actor; now: Date; settings: RuleSettings }): FeedEvent[] {
  const today = shanghaiDate(now)
  const key = actor.role === 'bureau' ? 'bureau' : actor.role === 'district' ? `district:${actor.districtCode ?? ''}` : null
  if (!key) return boundFeedItems(readFeedItems({ db, actor, today, settings }), today)
  const cache = officeCaches.get(db) ?? new Map<string, CachedItems>()
  officeCaches.set(db, cache)
  const cached = cache.get(key)
  if (cached && cached.today === today && now.getTime() - cached.at < OFFICE_CACHE_MS) return cached.items
  // what the office itself owes from today on stays one event each (it rings the day before); the
  // labs' deadlines, and the office's own already overdue, become one event per day and kind: at
  // 5,000 labs the bureau's overdue request decisions alone filled the 1,000 events before today
  const items = boundFeedItems(
    groupByDayAndKind(readFeedItems({ db, actor, today, settings }), (item) => item.owedBy === actor.role && item.date >= today),
    today,
  )
  cache.set(key, { at: now.getTime(), today, items })
  return items
}

/** Where an office acts on a day's deadlines of one kind: the list page that holds them. */
export function officePageOf(kind: FeedItemKind): string {
  switch (kind) {
    case 'validity':
    case 'renewal_window_opens':
      return '/renewals'
    case 'plan_review':
    case 'drill':
    case 'incident_report':
    case 'incident_followup':
      return '/security'
    case 'request_decision':
      return '/requests'
    case 'deliverable':
    case 'annual_report':
      return '/reviews'
    default:
      return '/'
  }
}

function readFeedItems({ db, actor, today, settings }: { db: Db; actor: Actor; today: IsoDate; settings: RuleSettings }): FeedItem[] {
  if (actor.role === 'expert') return []
  const labs = labsInForce({ db, today, settings, scope: labScope(actor) })
  if (labs.size === 0) return []
  const items: FeedItem[] = []
  for (const o of SOURCES.flatMap((s) => s.list({ db, today, settings, labs }))) {
    const lab = labs.get(o.labId)!
    // the end of the period stays a date after the lab has applied; any other item done is no longer due
    if (o.completed && o.source !== 'validity') continue
    items.push({
      kind: o.source,
      uid: feedUid(o.source, o.sourceId),
      date: o.dueDate,
      labId: o.labId,
      labName: lab.name,
      title: o.source === 'validity' ? { key: 'ics.event.periodEnd', params: { lab: lab.name, end: o.dueDate } } : o.title,
      link: o.link,
      owedBy: o.owedBy ?? ownerOfSource(o.source),
    })
  }
  for (const lab of labs.values()) {
    // a decided period has no window left to open
    if (lab.latest.outcome !== null) continue
    items.push({
      kind: 'renewal_window_opens',
      uid: feedUid('renewal_window_opens', lab.latest.periodId),
      date: windowOpensOn(lab.latest, settings.renewalWindowDays),
      labId: lab.id,
      labName: lab.name,
      title: { key: 'ics.event.windowOpens', params: { lab: lab.name, end: lab.latest.endDate } },
      link: `/labs/${lab.id}/renewal`,
      owedBy: 'lab',
    })
  }
  return items
}
