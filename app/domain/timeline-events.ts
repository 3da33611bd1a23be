// What a lab's timeline shows: events built from its validity periods, its violations and its
// audit entries. Pure: app/models/timeline.server.ts loads the rows; app/domain/timeline.ts
// orders and pages the events.
import type { FilingAction, FilingKind, IncidentGrade, IncidentStatus, PeriodOutcome, ViolationCategory } from '~db/schema/enums'
import { isMessageKey, type MessageKey } from '~/i18n'
import { formatShanghaiTime, shanghaiDayStart, type IsoDate } from './dates'
import { eventId, label, type Label, type LabelParam, type LabelWord, type TimelineEvent, type TimelineIcon } from './timeline'

// A dated fact sorts at the start of its Shanghai day, before anything recorded that day.
function dayEvent(date: IsoDate): Pick<TimelineEvent, 'at' | 'date' | 'time'> {
  return { at: shanghaiDayStart(date), date, time: null }
}

// Normalised to Date#toISOString form: events and cursors compare instants as text.
function instantEvent(at: string): Pick<TimelineEvent, 'at' | 'date' | 'time'> {
  const iso = new Date(at).toISOString()
  const shown = formatShanghaiTime(iso)
  return { at: iso, date: shown.slice(0, 10), time: shown.slice(11, 16) }
}

// Where on the lab page each kind of record is shown.
const HREF_OF_ENTITY: Record<string, (labId: number) => string> = {
  lab: (labId) => `/labs/${labId}`,
  validity_period: (labId) => `/labs/${labId}#periods`,
  team_member: (labId) => `/labs/${labId}#team`,
  violation: (labId) => `/labs/${labId}#eligibility`,
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
  const firstSequence = Math.min(...periods.map((p) => p.sequence))
  const events: TimelineEvent[] = []
  const base = { detail: null, note: '', actor: null, href: HREF_OF_ENTITY.validity_period(labId) }
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
    const decidedOn = p.outcome ? (p.outcomeDate ?? p.endDate) : null
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
    href: HREF_OF_ENTITY.violation(labId),
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

// Filings and their files are told by their review threads (filingEvent below), incidents by
// their own timeline (incidentEvent below); their audit rows (every draft save, every note,
// grade corrections) stay in the audit log.
export const THREAD_TOLD_ENTITIES = ['deliverable', 'annual_report', 'attachment', 'incident'] as const

// The expert review of a renewal is confidential to the bureau (guide: the bureau organises the
// review): the lab and its district never learn who reviewed, when, or the scores.
export const BUREAU_ONLY_AUDIT_ENTITIES = ['review_assignment'] as const

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

// Audit snapshots are JSON of whatever the writer recorded; anything but an object reads as empty.
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
    (key) => !UNSHOWN_FIELDS.has(key) && JSON.stringify(b[key] ?? null) !== JSON.stringify(a[key] ?? null),
  )
}

/** A message key if the catalogue has it, else the raw word. */
function wordOf(key: string, raw: string): LabelWord {
  return isMessageKey(key) ? { key } : raw
}

function fieldWord(entityType: string, field: string): LabelWord {
  const labels = FIELD_LABELS[entityType]
  return labels ? wordOf(`${labels.prefix}${labels.aliases?.[field] ?? field}`, field) : field
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

// Messages that already say what changed, and the field they say it of, so the detail line
// does not repeat it.
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
// Filings: each step of a deliverable's or an annual report's review, from its thread.

export interface TimelineFilingRow {
  id: number
  filingKind: FilingKind
  filingId: number
  action: FilingAction
  comment: string
  grade: string | null
  actorName: string
  at: string
  // the deliverable's title, or the report's period and year
  title: string | null
  periodSequence: number | null
  validityYear: number | null
}

export function filingEvent({ labId, row }: { labId: number; row: TimelineFilingRow }): TimelineEvent {
  const subject: Record<string, LabelParam> =
    row.filingKind === 'deliverable' ? { title: row.title ?? '' } : { period: row.periodSequence ?? '', year: row.validityYear ?? '' }
  const key = `timeline.filing.${row.filingKind}.${row.action}`
  return {
    ...instantEvent(row.at),
    id: eventId('filing', row.id),
    kind: 'filing',
    icon: 'filing',
    label: label(isMessageKey(key) ? key : 'timeline.filing.other', { ...subject, action: row.action }),
    detail: null,
    note: row.comment,
    actor: row.actorName,
    href: row.filingKind === 'deliverable' ? `/labs/${labId}/deliverables/${row.filingId}` : `/labs/${labId}/reports/${row.filingId}`,
  }
}

// ---------------------------------------------------------------------------------------------
// Incidents: the report and each change of status, from the incident's own timeline
// (incident_updates); notes stay on the incident's page.

export interface TimelineIncidentRow {
  id: number
  incidentId: number
  at: string
  fromStatus: IncidentStatus | null
  toStatus: IncidentStatus
  note: string
  actorName: string
  title: string
  grade: IncidentGrade
}

export function incidentEvent({ labId, row }: { labId: number; row: TimelineIncidentRow }): TimelineEvent {
  const reported = row.fromStatus === null
  const key = reported ? 'timeline.incident.reported' : `timeline.incident.${row.toStatus}`
  return {
    ...instantEvent(row.at),
    id: eventId('incident', row.id),
    kind: 'record',
    icon: reported ? 'violation' : 'event',
    label: label(isMessageKey(key) ? key : 'timeline.incident.other', {
      title: row.title,
      grade: { key: `incidents.grade.${row.grade}` },
      status: { key: `incidents.status.${row.toStatus}` },
    }),
    detail: null,
    note: row.note,
    actor: row.actorName,
    href: `/labs/${labId}/incidents/${row.incidentId}`,
  }
}
