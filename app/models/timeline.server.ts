import { and, asc, desc, eq, lt, ne, notInArray, or, sql, type SQL } from 'drizzle-orm'
import {
  annualReports,
  auditLog,
  deliverables,
  filingEvents,
  incidents,
  incidentUpdates,
  labs,
  validityPeriods,
  violations,
} from '~db/schema'
import type { IsoDate } from '~/domain/dates'
import type { Actor } from '~/domain/permissions'
import {
  clampTimelineLimit,
  decodeCursor,
  DEFAULT_TIMELINE_LIMIT,
  mergeTimeline,
  newestAfter,
  timelineMoreHref,
  type TimelineCursor,
  type TimelineEvent,
} from '~/domain/timeline'
import {
  auditEvent,
  filingEvent,
  BUREAU_ONLY_AUDIT_ENTITIES,
  HIDDEN_AUDIT_ENTITIES,
  incidentEvent,
  periodEvents,
  THREAD_TOLD_ENTITIES,
  violationEvent,
} from '~/domain/timeline-events'
import { db } from '~/utils/db.server'

// A lab's timeline merges what several sources know about it. Each source returns its newest
// `limit` events after the cursor (app/domain/timeline.ts compareEvents: newest first, ties by
// id), so a page needs `limit + 1` from each. A later module (annual reports, incidents,
// resource requests, renewal reviews) adds its source to TIMELINE_SOURCES.

export type TimelineSourceArgs = {
  labId: number
  today: IsoDate
  // the bureau reads what is confidential to it (the expert review); the lab and districts do not
  bureauView: boolean
  before: TimelineCursor | null
  limit: number
}

export type TimelineSource = (args: TimelineSourceArgs) => TimelineEvent[]

// Periods and violations are few per lab, so their sources turn every row into events and
// cut the page in memory; the audit log grows with every edit and is paged in SQL.

/** Certification, renewals, expiries and decisions, from the lab's validity periods. */
export const periodSource: TimelineSource = (args) => {
  const periods = db()
    .select({
      id: validityPeriods.id,
      sequence: validityPeriods.sequence,
      startDate: validityPeriods.startDate,
      endDate: validityPeriods.endDate,
      outcome: validityPeriods.outcome,
      outcomeDate: validityPeriods.outcomeDate,
      outcomeNote: validityPeriods.outcomeNote,
    })
    .from(validityPeriods)
    .where(eq(validityPeriods.labId, args.labId))
    .orderBy(asc(validityPeriods.sequence))
    .all()
  return newestAfter(periodEvents({ labId: args.labId, periods, today: args.today }), args)
}

/** Violations on the eligibility record, the lab's own and its host organisation's, on the day they occurred. */
export const violationSource: TimelineSource = (args) => {
  const lab = db().select({ hostOrgId: labs.hostOrgId }).from(labs).where(eq(labs.id, args.labId)).get()
  if (!lab) return []
  const rows = db()
    .select({
      id: violations.id,
      labId: violations.labId,
      category: violations.category,
      occurredOn: violations.occurredOn,
      description: violations.description,
    })
    .from(violations)
    .where(or(eq(violations.labId, args.labId), eq(violations.orgId, lab.hostOrgId)))
    .all()
  const events = rows
    .filter((v) => v.occurredOn <= args.today)
    .map((v) => violationEvent({ labId: args.labId, violation: { ...v, subject: v.labId === null ? 'host' : 'lab' } }))
  return newestAfter(events, args)
}

// The event id of an audit row as SQL text, the same as eventId('audit', id) in
// app/domain/timeline.ts, so the cursor's tie-break on id can be applied in the query.
const auditEventIdSql = sql<string>`('audit:' || printf('%012d', ${auditLog.id}))`

/** Who changed what about the lab, from the audit log, account and sign-in records left out. */
export const auditSource: TimelineSource = ({ labId, before, limit, bureauView }) => {
  const hidden = [...HIDDEN_AUDIT_ENTITIES, ...THREAD_TOLD_ENTITIES, ...(bureauView ? [] : BUREAU_ONLY_AUDIT_ENTITIES)]
  const conditions: SQL[] = [eq(auditLog.labId, labId), notInArray(auditLog.entityType, hidden)]
  if (before) conditions.push(or(lt(auditLog.at, before.at), and(eq(auditLog.at, before.at), sql`${auditEventIdSql} < ${before.id}`))!)
  // audit_lab_idx narrows to the lab; a lab has few enough entries to sort them
  const rows = db()
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit)
    .all()
  return rows.map((row) => auditEvent({ labId, row }))
}

const filingEventIdSql = sql<string>`('filing:' || printf('%012d', ${filingEvents.id}))`

/** Each step of the lab's deliverables and annual reports (filed, opinion, returned, accepted), from their threads. */
export const filingSource: TimelineSource = ({ labId, before, limit }) => {
  const conditions: SQL[] = [eq(filingEvents.labId, labId), ne(filingEvents.action, 'create')]
  if (before)
    conditions.push(or(lt(filingEvents.at, before.at), and(eq(filingEvents.at, before.at), sql`${filingEventIdSql} < ${before.id}`))!)
  // filing_events_lab_idx (lab_id, at)
  const rows = db()
    .select({
      id: filingEvents.id,
      filingKind: filingEvents.filingKind,
      filingId: filingEvents.filingId,
      action: filingEvents.action,
      comment: filingEvents.comment,
      grade: filingEvents.grade,
      actorName: filingEvents.actorName,
      at: filingEvents.at,
      title: deliverables.title,
      periodSequence: validityPeriods.sequence,
      validityYear: annualReports.validityYear,
    })
    .from(filingEvents)
    .leftJoin(deliverables, and(eq(filingEvents.filingKind, 'deliverable'), eq(deliverables.id, filingEvents.filingId)))
    .leftJoin(annualReports, and(eq(filingEvents.filingKind, 'annual_report'), eq(annualReports.id, filingEvents.filingId)))
    .leftJoin(validityPeriods, eq(validityPeriods.id, annualReports.periodId))
    .where(and(...conditions))
    .orderBy(desc(filingEvents.at), desc(filingEvents.id))
    .limit(limit)
    .all()
  return rows.map((row) => filingEvent({ labId, row }))
}

const incidentEventIdSql = sql<string>`('incident:' || printf('%012d', ${incidentUpdates.id}))`

/** Each incident the lab reported and each change of its status, from the incident's timeline; notes are left out. */
export const incidentSource: TimelineSource = ({ labId, before, limit }) => {
  const conditions: SQL[] = [
    eq(incidentUpdates.labId, labId),
    sql`(${incidentUpdates.fromStatus} IS NULL OR ${incidentUpdates.fromStatus} <> ${incidentUpdates.toStatus})`,
  ]
  if (before) {
    conditions.push(
      or(lt(incidentUpdates.at, before.at), and(eq(incidentUpdates.at, before.at), sql`${incidentEventIdSql} < ${before.id}`))!,
    )
  }
  // incident_updates_lab_idx (lab_id, at)
  const rows = db()
    .select({
      id: incidentUpdates.id,
      incidentId: incidentUpdates.incidentId,
      at: incidentUpdates.at,
      fromStatus: incidentUpdates.fromStatus,
      toStatus: incidentUpdates.toStatus,
      note: incidentUpdates.note,
      actorName: incidentUpdates.actorName,
      title: incidents.title,
      grade: incidents.grade,
    })
    .from(incidentUpdates)
    .innerJoin(incidents, eq(incidents.id, incidentUpdates.incidentId))
    .where(and(...conditions))
    .orderBy(desc(incidentUpdates.at), desc(incidentUpdates.id))
    .limit(limit)
    .all()
  return rows.map((row) => incidentEvent({ labId, row }))
}

export const TIMELINE_SOURCES: readonly TimelineSource[] = [periodSource, violationSource, filingSource, incidentSource, auditSource]

/**
 * One page of a lab's timeline, newest first. `before` is the `nextCursor` of the previous page
 * (a malformed one reads as none). Callers have already checked the actor may see the lab.
 */
export function labTimeline({
  labId,
  viewer,
  today,
  limit = DEFAULT_TIMELINE_LIMIT,
  before = null,
  sources = TIMELINE_SOURCES,
}: {
  labId: number
  // whose page it is on: what is confidential to the bureau is left out for everyone else
  viewer: Pick<Actor, 'role'>
  today: IsoDate
  limit?: number
  before?: string | null
  sources?: readonly TimelineSource[]
}) {
  const size = clampTimelineLimit(limit)
  const cursor = decodeCursor(before)
  const lists = sources.map((source) => source({ labId, today, before: cursor, limit: size + 1, bureauView: viewer.role === 'bureau' }))
  const page = mergeTimeline(lists, { limit: size, before: cursor })
  return { ...page, limit: size, moreHref: timelineMoreHref({ limit: size, nextCursor: page.nextCursor }) }
}

export type LabTimeline = ReturnType<typeof labTimeline>
