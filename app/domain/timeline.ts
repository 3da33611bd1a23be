// A lab's timeline (issue 3 item 7): its certification, its periods and every later event,
// newest first; and what comes next on it (the lab home's checklist, issue 3 item 6).
// Pure: the sources in app/models/timeline.server.ts load rows and turn them into events here.
import type { CheckResult, PeriodOutcome, ViolationCategory } from '../../db/schema/enums'
import { isMessageKey, type MessageKey } from '../i18n'
import { diffDays, formatShanghaiTime, shanghaiDayStart, type IsoDate } from './dates'
import { validityYearOf, validityYears, type ValidityYear, type ValidityYearRange } from './validity'

// ---------------------------------------------------------------------------------------------
// Labels: a message key and its variables, translated where the page renders. A variable may
// itself be a message key, or a list of words joined in the reader's language.

export type LabelWord = string | number | { key: MessageKey }
export type LabelParam = LabelWord | { list: LabelWord[] }
export interface Label {
  key: MessageKey
  params: Record<string, LabelParam>
}

const label = (key: MessageKey, params: Record<string, LabelParam> = {}): Label => ({ key, params })

// ---------------------------------------------------------------------------------------------
// Events

export const TIMELINE_KINDS = ['certified', 'period_started', 'period_ended', 'decision', 'violation', 'record'] as const
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

/** True when `event` comes after `cursor` in timeline order (is older, or at the same instant with a lower id). */
export function isAfterCursor(event: TimelineCursor, cursor: TimelineCursor | null): boolean {
  return cursor === null || compareEvents(cursor, event) < 0
}

export const DEFAULT_TIMELINE_LIMIT = 20
export const MAX_TIMELINE_LIMIT = 200

/** The page size asked for in a URL (`?events=40`), within 1..MAX_TIMELINE_LIMIT. */
export function parseTimelineLimit(value: string | null | undefined, fallback = DEFAULT_TIMELINE_LIMIT): number {
  const n = value && /^\d{1,4}$/.test(value) ? Number(value) : fallback
  return Math.min(MAX_TIMELINE_LIMIT, Math.max(1, n))
}

// The lab page's URL parameters: how many events to show, and where an older page begins.
export const TIMELINE_PARAMS = { limit: 'events', before: 'eventsBefore' } as const

/** The timeline page a URL asks for. */
export function timelineQuery(params: URLSearchParams): { limit: number; before: string | null } {
  return { limit: parseTimelineLimit(params.get(TIMELINE_PARAMS.limit)), before: params.get(TIMELINE_PARAMS.before) }
}

/**
 * "Show more": the same page with more events, up to MAX_TIMELINE_LIMIT; past that, the next
 * page of that size after the last event shown. Null when nothing more remains.
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
  { limit, before }: { limit: number; before: TimelineCursor | null }
) {
  const all = sortEvents(lists.flat().filter((e) => isAfterCursor(e, before)))
  const events = all.slice(0, limit)
  const hasMore = all.length > limit
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

function dayEvent(date: IsoDate): Pick<TimelineEvent, 'at' | 'date' | 'time'> {
  return { at: shanghaiDayStart(date), date, time: null }
}

function instantEvent(at: string): Pick<TimelineEvent, 'at' | 'date' | 'time'> {
  const iso = new Date(at).toISOString()
  const shown = formatShanghaiTime(iso)
  return { at: iso, date: shown.slice(0, 10), time: shown.slice(11, 16) }
}

// ---------------------------------------------------------------------------------------------
// Periods: certification, renewals, expiries and the bureau's decisions, as dated facts.

export interface TimelinePeriod {
  id: number
  sequence: number
  startDate: IsoDate
  endDate: IsoDate
  outcome: PeriodOutcome | null
  outcomeDate: IsoDate | null
  outcomeNote: string
}

const DECISION_ICON: Record<PeriodOutcome, TimelineIcon> = {
  renewed: 'renewed',
  not_renewed: 'not_renewed',
  revoked: 'revoked',
}

/**
 * The first period's start is the certification (认定授牌), each later start a renewal. An end is
 * shown once it has passed, unless a revocation ended the period earlier. A decision without a
 * recorded date is placed on the period's last day. Nothing after `today` is history yet.
 */
export function periodEvents({
  labId,
  periods,
  today,
}: {
  labId: number
  periods: readonly TimelinePeriod[]
  today: IsoDate
}): TimelineEvent[] {
  const href = `/labs/${labId}#periods`
  const firstSequence = Math.min(...periods.map((p) => p.sequence))
  const events: TimelineEvent[] = []
  const base = { detail: null, note: '', actor: null, href }
  for (const p of periods) {
    const range = { n: p.sequence, start: p.startDate, end: p.endDate }
    if (p.startDate <= today) {
      const first = p.sequence === firstSequence
      events.push({
        ...base,
        ...dayEvent(p.startDate),
        id: eventId('period', p.id, 'start'),
        kind: first ? 'certified' : 'period_started',
        icon: first ? 'certificate' : 'renewal',
        label: label(first ? 'timeline.certified' : 'timeline.periodStarted', range),
      })
    }
    const revokedEarly = p.outcome === 'revoked' && p.outcomeDate !== null && p.outcomeDate <= p.endDate
    if (p.endDate < today && !revokedEarly) {
      events.push({
        ...base,
        ...dayEvent(p.endDate),
        id: eventId('period', p.id, 'end'),
        kind: 'period_ended',
        icon: 'expiry',
        label: label('timeline.periodEnded', range),
      })
    }
    const decidedOn = p.outcome ? p.outcomeDate ?? p.endDate : null
    if (p.outcome && decidedOn && decidedOn <= today) {
      events.push({
        ...base,
        ...dayEvent(decidedOn),
        id: eventId('period', p.id, 'decision'),
        kind: 'decision',
        icon: DECISION_ICON[p.outcome],
        label: label(`timeline.decision.${p.outcome}`, range),
        note: p.outcomeNote,
      })
    }
  }
  return events
}

// ---------------------------------------------------------------------------------------------
// Violations on the eligibility record (guide 三(四)), of the lab or of its host organisation.

export interface TimelineViolation {
  id: number
  subject: 'host' | 'lab'
  category: ViolationCategory
  occurredOn: IsoDate
  description: string
}

export function violationEvent({ labId, violation }: { labId: number; violation: TimelineViolation }): TimelineEvent {
  return {
    ...dayEvent(violation.occurredOn),
    id: eventId('violation', violation.id),
    kind: 'violation',
    icon: 'violation',
    label: label(violation.subject === 'host' ? 'timeline.violation.host' : 'timeline.violation.lab', {
      category: { key: `timeline.violationCategory.${violation.category}` },
    }),
    detail: null,
    note: violation.description,
    actor: null,
    href: `/labs/${labId}#eligibility`,
  }
}

// ---------------------------------------------------------------------------------------------
// Audit entries: who changed what. Known entity types and actions have their own messages
// (`timeline.audit.<entity>.<action>`); any other gets the generic "<entity>: <action>" in the
// audit log's own words (`audit.entity.*`, `audit.action.*`) or the raw names, so a later
// module's records show up without touching this file, and read better once it adds messages.

// Account administration and sign-ins are about people's access, not the lab's lifecycle (and
// a password reset is nobody else's business); the audit log keeps them.
export const HIDDEN_AUDIT_ENTITIES = ['user', 'session', 'system'] as const

export interface TimelineAuditRow {
  id: number
  at: string
  actorUserId: number | null
  actorName: string
  action: string
  entityType: string
  entityId: string
  before: unknown
  after: unknown
}

const ICON_OF_ENTITY: Record<string, TimelineIcon> = {
  lab: 'lab',
  validity_period: 'period',
  team_member: 'team',
  violation: 'violation',
}

const HREF_OF_ENTITY: Record<string, (labId: number) => string> = {
  lab: (labId) => `/labs/${labId}`,
  validity_period: (labId) => `/labs/${labId}#periods`,
  team_member: (labId) => `/labs/${labId}#team`,
  violation: (labId) => `/labs/${labId}#eligibility`,
}

// Where an entity's field names are labelled, and the fields whose name differs from their label.
const FIELD_LABELS: Record<string, { prefix: string; aliases?: Record<string, string> }> = {
  lab: {
    prefix: 'labs.field.',
    aliases: { hostOrgId: 'hostOrg', partnerOrgIds: 'partners', districtCode: 'district', directorName: 'director' },
  },
  team_member: { prefix: 'team.' },
  validity_period: { prefix: 'labs.field.' },
}

// Bookkeeping columns that change with every edit and say nothing to a reader.
const UNSHOWN_FIELDS = new Set(['id', 'labId', 'createdAt', 'updatedAt'])

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}

function text(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null
}

/** The fields whose value differs between before and after, bookkeeping columns left out. */
export function changedFields(before: unknown, after: unknown): string[] {
  const b = asRecord(before)
  const a = asRecord(after)
  return [...new Set([...Object.keys(b), ...Object.keys(a)])].filter(
    (key) => !UNSHOWN_FIELDS.has(key) && JSON.stringify(b[key] ?? null) !== JSON.stringify(a[key] ?? null)
  )
}

function fieldWord(entityType: string, field: string): LabelWord {
  const labels = FIELD_LABELS[entityType]
  if (!labels) return field
  const key = `${labels.prefix}${labels.aliases?.[field] ?? field}`
  return isMessageKey(key) ? { key } : field
}

/** A message key if the catalogue has it, else the raw word. */
function wordOf(key: string, raw: string): LabelWord {
  return isMessageKey(key) ? { key } : raw
}

/** The message key and variables describing one audit entry. */
export function auditLabel(row: Pick<TimelineAuditRow, 'entityType' | 'action' | 'before' | 'after'>): Label {
  const before = asRecord(row.before)
  const after = asRecord(row.after)
  const pick = (key: string) => text(after[key]) ?? text(before[key]) ?? ''
  let action = row.action
  // a member marked as no longer on the team (team.active) reads as leaving it
  if (row.entityType === 'team_member' && action === 'update' && before.active !== after.active) {
    action = after.active ? 'rejoined' : 'left'
  }
  const params: Record<string, LabelParam> = {
    name: pick('name'),
    n: pick('sequence'),
    start: pick('startDate'),
    end: pick('endDate'),
  }
  const category = pick('category')
  if (category) params.category = wordOf(`timeline.violationCategory.${category}`, category)
  const specific = `timeline.audit.${row.entityType}.${action}`
  if (isMessageKey(specific)) return label(specific, params)
  return label('timeline.audit.generic', {
    entity: wordOf(`audit.entity.${row.entityType}`, row.entityType),
    action: wordOf(`audit.action.${row.action}`, row.action),
  })
}

// Messages that already say what changed, and the field they say it of.
const SAYS_FIELD: Partial<Record<MessageKey, string>> = {
  'timeline.audit.team_member.left': 'active',
  'timeline.audit.team_member.rejoined': 'active',
}

export function auditEvent({ labId, row }: { labId: number; row: TimelineAuditRow }): TimelineEvent {
  const title = auditLabel(row)
  const fields = row.action === 'update' ? changedFields(row.before, row.after).filter((f) => f !== SAYS_FIELD[title.key]) : []
  return {
    ...instantEvent(row.at),
    id: eventId('audit', row.id),
    kind: 'record',
    icon: ICON_OF_ENTITY[row.entityType] ?? 'event',
    label: title,
    detail: fields.length ? label('timeline.changedFields', { fields: { list: fields.map((f) => fieldWord(row.entityType, f)) } }) : null,
    note: '',
    // seed and command-line changes are recorded without a user
    actor: row.actorUserId === null && row.actorName === 'system' ? { key: 'timeline.system' } : row.actorName,
    href: HREF_OF_ENTITY[row.entityType]?.(labId) ?? null,
  }
}

// ---------------------------------------------------------------------------------------------
// What comes next: the lab home's checklist of open checks and dated milestones.

/** The period today falls in; else the latest that has started; else the first (not begun yet). */
export function currentPeriodOf<P extends { sequence: number; startDate: IsoDate; endDate: IsoDate }>(
  periods: readonly P[],
  today: IsoDate
): P | null {
  const bySequence = [...periods].sort((a, b) => a.sequence - b.sequence)
  const started = bySequence.filter((p) => p.startDate <= today)
  return started.find((p) => p.endDate >= today) ?? started[started.length - 1] ?? bySequence[0] ?? null
}

export interface PeriodYears {
  sequence: number
  startDate: IsoDate
  endDate: IsoDate
  years: [ValidityYearRange, ValidityYearRange]
  // the validity year today falls in, null outside the period
  yearNow: ValidityYear | null
}

export function periodYears(period: { sequence: number; startDate: IsoDate; endDate: IsoDate }, today: IsoDate): PeriodYears {
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
function milestones({ labId, periods, today }: { labId: number; periods: readonly TimelinePeriod[]; today: IsoDate }): ChecklistItem[] {
  const items: ChecklistItem[] = []
  const href = `/labs/${labId}#periods`
  const latest = [...periods].sort((a, b) => b.sequence - a.sequence)[0]
  if (!latest || latest.outcome === 'revoked' || latest.outcome === 'not_renewed') return items
  const current = currentPeriodOf(periods, today)
  const at = (date: IsoDate) => ({ date, daysLeft: diffDays(today, date), overdue: false })
  if (current && validityYearOf(current, today) === 1) {
    const [year1] = validityYears(current)
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
  periods: readonly TimelinePeriod[]
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
    overdue: c.concernsDate !== null && c.concernsDate < today,
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
