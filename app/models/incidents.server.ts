import { and, asc, count, desc, eq, isNotNull, isNull } from 'drizzle-orm'
import { auditLog, incidents, incidentUpdates, labs, users, type Incident } from '~db/schema'
import type { IncidentGrade, IncidentStatus } from '~db/schema/enums'
import {
  canHandleIncident,
  canNoteIncident,
  checkAlertAcknowledgement,
  checkIncidentInput,
  checkIncidentStep,
  checkRegrade,
  INCIDENT_LIMITS,
  incidentTiming,
  isUrgentGrade,
  regradeAlerts,
  type IncidentRawInput,
} from '~/domain/incidents'
import { can, type Actor } from '~/domain/permissions'
import { reportDeadline } from '~/domain/security'
import { reportHoursFor } from '~/domain/settings'
import { now as clockNow } from '~/utils/clock.server'
import { db } from '~/utils/db.server'
import type { FieldErrors } from '~/utils/forms'
import { checkVersion, seenVersion, staleRefusal } from './row-version.server'
import { recordAudit } from './audit.server'
import { deliverSoon } from './deliver-soon.server'
import { scopedLab, type FilingUser, type Tx } from './filing-steps.server'
import { tellIncidentClosed, tellIncidentRegraded, tellIncidentReported } from './incident-notices.server'
import { labScope } from './scope.server'
import { auditActorOf, conflict, forbidden, invalid, notFound, type Refusal, type Result } from './result.server'
import { ruleSettings } from './settings.server'

// 数据安全事件 (issue 5 item 3): a lab reports its incidents and moves each one on, step by step,
// with a note; every change is a timeline entry (incident_updates) and an audit row, written in
// one transaction, and the lab's checks are re-evaluated after it. The bureau and the districts
// open any incident in their scope here too; their lists across labs (the /security page, its
// chart and CSV, the labs whose security checks are not ok) are in security-overview.server.ts.

export type IncidentUser = FilingUser

// bad input (400), or a step the incident's status no longer allows (409: the page was stale)
export type IncidentFailure = Refusal
export type IncidentResult = Result<{ incident: Incident }, IncidentFailure>

function readIncident(labId: number, incidentId: number) {
  return db()
    .select()
    .from(incidents)
    .where(and(eq(incidents.id, incidentId), eq(incidents.labId, labId)))
    .get()
}

// The lab in the actor's scope and the incident in that lab, or nothing (404).
function scopedIncident(actor: Actor, labId: number, incidentId: number) {
  const lab = scopedLab(actor, labId)
  const incident = lab ? readIncident(labId, incidentId) : undefined
  return lab && incident ? { lab, incident } : null
}

const noteErrors = (note: string): FieldErrors | null =>
  !note
    ? { note: { key: 'form.required' } }
    : note.length > INCIDENT_LIMITS.note
      ? { note: { key: 'form.tooLong', vars: { max: INCIDENT_LIMITS.note } } }
      : null

// ---------------------------------------------------------------------------------------------
// Reading

/** A lab's incidents, latest discovery first, each with its report timing. Null when the lab is out of scope. */
export function listLabIncidents({ actor, labId, now = clockNow() }: { actor: Actor; labId: number; now?: Date }) {
  if (!scopedLab(actor, labId)) return null
  // incidents_lab_idx (lab_id, discovered_at)
  return db()
    .select({
      id: incidents.id,
      grade: incidents.grade,
      title: incidents.title,
      status: incidents.status,
      discoveredAt: incidents.discoveredAt,
      reportedAt: incidents.reportedAt,
      reportDeadline: incidents.reportDeadline,
      closedAt: incidents.closedAt,
    })
    .from(incidents)
    .where(eq(incidents.labId, labId))
    .orderBy(desc(incidents.discoveredAt), desc(incidents.id))
    .all()
    .map((r) => ({
      ...r,
      timing: incidentTiming({ discoveredAt: r.discoveredAt, reportedAt: r.reportedAt, deadline: r.reportDeadline, now }),
    }))
}

export type IncidentTimelineEntry = {
  id: string
  at: string
  kind: 'reported' | 'step' | 'note' | 'regrade'
  fromStatus: IncidentStatus | null
  toStatus: IncidentStatus | null
  fromGrade: IncidentGrade | null
  toGrade: IncidentGrade | null
  note: string
  actorName: string
}

type RegradeSnapshot = { grade?: IncidentGrade; reason?: string }

/**
 * One incident with its timing and its timeline, oldest first: the report, each status step and
 * note (incident_updates), and each grade correction (recorded in the audit log only, since a
 * status row has no grade). Null when out of scope.
 */
export function getIncident({
  actor,
  labId,
  incidentId,
  now = clockNow(),
}: {
  actor: Actor
  labId: number
  incidentId: number
  now?: Date
}) {
  const found = scopedIncident(actor, labId, incidentId)
  if (!found) return null
  const { lab, incident } = found
  const updates = db()
    .select()
    .from(incidentUpdates)
    .where(eq(incidentUpdates.incidentId, incidentId))
    .orderBy(asc(incidentUpdates.at), asc(incidentUpdates.id))
    .all()
    .map(
      (u): IncidentTimelineEntry => ({
        id: `u${u.id}`,
        at: u.at,
        kind: u.fromStatus === null ? 'reported' : u.fromStatus === u.toStatus ? 'note' : 'step',
        fromStatus: u.fromStatus,
        toStatus: u.toStatus,
        fromGrade: null,
        toGrade: null,
        note: u.note,
        actorName: u.actorName,
      }),
    )
  // audit_entity_idx (entity_type, entity_id)
  const regrades = db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'incident'), eq(auditLog.entityId, String(incidentId)), eq(auditLog.action, 'regrade')))
    .all()
    .map((a): IncidentTimelineEntry => {
      const before = (a.before ?? {}) as RegradeSnapshot
      const after = (a.after ?? {}) as RegradeSnapshot
      return {
        id: `a${a.id}`,
        at: a.at,
        kind: 'regrade',
        fromStatus: null,
        toStatus: null,
        fromGrade: before.grade ?? null,
        toGrade: after.grade ?? null,
        note: after.reason ?? '',
        actorName: a.actorName,
      }
    })
  // a stable sort by time: at the same instant a status entry (the report) comes before a correction
  const timeline = [...updates, ...regrades].sort((a, b) => (a.at === b.at ? 0 : a.at < b.at ? -1 : 1))
  const timing = incidentTiming({
    discoveredAt: incident.discoveredAt,
    reportedAt: incident.reportedAt,
    deadline: incident.reportDeadline,
    now,
  })
  return { lab, incident, timing, timeline }
}

// ---------------------------------------------------------------------------------------------
// Writing

// One entry of the incident's timeline (the report, a step, a note), in the caller's transaction;
// its id names the event in the notices it sends.
function recordUpdate(
  tx: Tx,
  {
    incidentId,
    labId,
    at,
    fromStatus,
    toStatus,
    note,
    by,
  }: {
    incidentId: number
    labId: number
    at: string
    fromStatus: IncidentStatus | null
    toStatus: IncidentStatus
    note: string
    by: IncidentUser
  },
): number {
  return tx
    .insert(incidentUpdates)
    .values({ incidentId, labId, at, fromStatus, toStatus, note, actorUserId: by.id, actorName: by.displayName })
    .returning({ id: incidentUpdates.id })
    .get().id
}

/**
 * The lab reports an incident: its deadline is computed from the grade's hours as they are now and
 * stored. The district office and the bureau are told in the same transaction; an incident of a
 * grade the bureau marks urgent alerts them (inbox, mail, chat robots), and the alert's messages
 * are sent as soon as the transaction commits rather than at the next hourly run.
 */
export function reportIncident({ by, labId, raw }: { by: IncidentUser; labId: number; raw: IncidentRawInput }): IncidentResult {
  const lab = scopedLab(by, labId)
  if (!lab) return notFound()
  if (!canHandleIncident(by, lab)) return forbidden()
  const at = clockNow()
  const checked = checkIncidentInput(raw, { now: at })
  if (!checked.ok) return invalid(checked.errors)
  const { input } = checked
  const settings = ruleSettings()
  const deadline = reportDeadline({ discoveredAt: input.discoveredAt, hours: reportHoursFor(settings, input.grade) })
  const urgent = isUrgentGrade(settings, input.grade)
  const { incident, outboxIds } = db().transaction((tx) => {
    const row = tx
      .insert(incidents)
      .values({
        labId,
        ...input,
        reportDeadline: deadline,
        status: 'open',
        alertedAt: urgent ? at.toISOString() : null,
        createdBy: by.id,
        createdAt: at.toISOString(),
        updatedAt: at.toISOString(),
      })
      .returning()
      .get()
    // the first entry is the report itself, at the time it reached the bureau
    const updateId = recordUpdate(tx, { incidentId: row.id, labId, at: input.reportedAt, fromStatus: null, toStatus: 'open', note: '', by })
    recordAudit(tx, { actor: auditActorOf(by), action: 'create', entityType: 'incident', entityId: row.id, labId, after: row, at })
    const told = tellIncidentReported(tx, { lab, incident: row, updateId, urgent, actorId: by.id, at })
    return { incident: row, outboxIds: told.outboxIds }
  })
  deliverSoon(outboxIds, at)
  return { ok: true, incident }
}

/** The lab moves its incident one step on (open → contained → resolved → closed), saying why. */
export function advanceIncident({
  by,
  labId,
  incidentId,
  to,
  note: rawNote,
  version,
}: {
  by: IncidentUser
  labId: number
  incidentId: number
  to: string
  note: string | undefined
  // the row version the page showed (VersionField)
  version: unknown
}): IncidentResult {
  const found = scopedIncident(by, labId, incidentId)
  if (!found) return notFound()
  if (!canHandleIncident(by, found.lab)) return forbidden()
  const note = (rawNote ?? '').trim()
  const noteProblem = noteErrors(note)
  if (noteProblem) return invalid(noteProblem)
  const at = clockNow()
  const result = db().transaction((tx): IncidentResult => {
    // re-read inside the transaction: a second click or another tab may have moved it already
    const before = tx.select().from(incidents).where(eq(incidents.id, incidentId)).get()!
    // compare-and-set: someone who moved, regraded or remarked on it since the page loaded wins
    const moved = checkVersion(before, seenVersion(version), { entityType: 'incident', entityId: incidentId }, tx)
    if (moved) return moved
    const problem = checkIncidentStep({ status: before.status, to })
    if (problem) return conflict(problem.key)
    const toStatus = to as IncidentStatus
    const closedAt = toStatus === 'closed' ? at.toISOString() : null
    const after = tx
      .update(incidents)
      .set({ status: toStatus, closedAt, updatedAt: at.toISOString(), rowVersion: before.rowVersion + 1 })
      .where(eq(incidents.id, incidentId))
      .returning()
      .get()
    const updateId = recordUpdate(tx, { incidentId, labId, at: at.toISOString(), fromStatus: before.status, toStatus, note, by })
    // closing is told to the offices (and the lab's colleagues); the steps before it stay on the timeline
    if (toStatus === 'closed') tellIncidentClosed(tx, { lab: found.lab, incident: after, updateId, actorId: by.id, at })
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'advance',
      entityType: 'incident',
      entityId: incidentId,
      labId,
      before: { status: before.status, closedAt: before.closedAt },
      after: { status: after.status, closedAt: after.closedAt, note },
      at,
    })
    return { ok: true, incident: after }
  })
  return result
}

/** A note on the incident's timeline without a change of status: the lab's progress, the district's or the bureau's remarks. */
export function addIncidentNote({
  by,
  labId,
  incidentId,
  note: rawNote,
}: {
  by: IncidentUser
  labId: number
  incidentId: number
  note: string | undefined
}): IncidentResult {
  const found = scopedIncident(by, labId, incidentId)
  if (!found) return notFound()
  if (!canNoteIncident(by, found.lab)) return forbidden()
  const note = (rawNote ?? '').trim()
  const noteProblem = noteErrors(note)
  if (noteProblem) return invalid(noteProblem)
  const at = clockNow()
  const incident = db().transaction((tx) => {
    const row = tx.update(incidents).set({ updatedAt: at.toISOString() }).where(eq(incidents.id, incidentId)).returning().get()
    recordUpdate(tx, { incidentId, labId, at: at.toISOString(), fromStatus: row.status, toStatus: row.status, note, by })
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'note',
      entityType: 'incident',
      entityId: incidentId,
      labId,
      after: { status: row.status, note },
      at,
    })
    return row
  })
  return { ok: true, incident }
}

/**
 * The lab corrects the grade while the incident is open: the deadline is recomputed from the new
 * grade's hours as they are now (a correction to a more serious grade may make a report late).
 * The offices are told; a correction into an urgent grade alerts them as a report would, and the
 * alert waits for the bureau's acknowledgement again.
 */
export function regradeIncident({
  by,
  labId,
  incidentId,
  grade,
  reason: rawReason,
  version,
}: {
  by: IncidentUser
  labId: number
  incidentId: number
  grade: string | undefined
  reason: string | undefined
  version: unknown
}): IncidentResult {
  const found = scopedIncident(by, labId, incidentId)
  if (!found) return notFound()
  if (!canHandleIncident(by, found.lab)) return forbidden()
  const reason = (rawReason ?? '').trim()
  const to = (grade ?? '').trim()
  const settings = ruleSettings()
  const at = clockNow()
  let outboxIds: number[] = []
  const result = db().transaction((tx): IncidentResult => {
    const before = tx.select().from(incidents).where(eq(incidents.id, incidentId)).get()!
    const moved = checkVersion(before, seenVersion(version), { entityType: 'incident', entityId: incidentId }, tx)
    if (moved) return moved
    if (before.status === 'closed') return conflict('incidents.error.alreadyClosed')
    const errors: FieldErrors = {}
    const problem = checkRegrade({ status: before.status, grade: before.grade, to })
    if (problem) errors.grade = problem
    const reasonProblem = noteErrors(reason)?.note
    if (reasonProblem) errors.reason = reasonProblem
    if (Object.keys(errors).length) return invalid(errors)
    const newGrade = to as IncidentGrade
    const deadline = reportDeadline({ discoveredAt: before.discoveredAt, hours: reportHoursFor(settings, newGrade) })
    const alert = regradeAlerts({ settings, from: before.grade, to: newGrade, alertedAt: before.alertedAt })
    const raised = alert ? { alertedAt: at.toISOString(), alertAcknowledgedAt: null, alertAcknowledgedBy: null } : {}
    const after = tx
      .update(incidents)
      .set({ grade: newGrade, reportDeadline: deadline, ...raised, updatedAt: at.toISOString(), rowVersion: before.rowVersion + 1 })
      .where(eq(incidents.id, incidentId))
      .returning()
      .get()
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'regrade',
      entityType: 'incident',
      entityId: incidentId,
      labId,
      before: { grade: before.grade, reportDeadline: before.reportDeadline },
      after: { grade: after.grade, reportDeadline: after.reportDeadline, reason, ...(alert ? { alertedAt: after.alertedAt } : {}) },
      at,
    })
    const auditId = lastRegradeAuditId(tx, incidentId)
    const told = tellIncidentRegraded(tx, { lab: found.lab, incident: after, from: before.grade, auditId, alert, actorId: by.id, at })
    outboxIds = told.outboxIds
    return { ok: true, incident: after }
  })
  deliverSoon(outboxIds, at)
  return result
}

// The audit row just written for a regrade: it is the record of that event (a regrade has no timeline row).
function lastRegradeAuditId(tx: Tx, incidentId: number): number {
  return tx
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'incident'), eq(auditLog.entityId, String(incidentId)), eq(auditLog.action, 'regrade')))
    .orderBy(desc(auditLog.id))
    .limit(1)
    .get()!.id
}

// ---------------------------------------------------------------------------------------------
// Urgent alerts (issue 15): the bureau acknowledges each alert; until then it is counted on the
// bureau's navigation and listed on /security. Only the bureau acknowledges: the district is
// alerted too and sees on the incident and on /security whether the bureau has taken it up, but
// a count it could never clear would only be noise on its own navigation.

/** The incident's alert as its page states it: when it was raised, who acknowledged it and when. */
export function alertStateOf(incident: Pick<Incident, 'alertedAt' | 'alertAcknowledgedAt' | 'alertAcknowledgedBy'>) {
  if (!incident.alertedAt) return null
  const by = incident.alertAcknowledgedBy
    ? db().select({ name: users.displayName }).from(users).where(eq(users.id, incident.alertAcknowledgedBy)).get()
    : undefined
  return { alertedAt: incident.alertedAt, acknowledgedAt: incident.alertAcknowledgedAt, acknowledgedBy: by?.name ?? null }
}

/** The bureau acknowledges an incident's urgent alert, on the version its page showed. */
export function acknowledgeIncidentAlert({
  by,
  labId,
  incidentId,
  version,
}: {
  by: IncidentUser
  labId: number
  incidentId: number
  version: unknown
}): IncidentResult {
  const found = scopedIncident(by, labId, incidentId)
  if (!found) return notFound()
  if (!can(by, 'incident_alert:acknowledge')) return forbidden()
  const at = clockNow()
  return db().transaction((tx): IncidentResult => {
    const before = tx.select().from(incidents).where(eq(incidents.id, incidentId)).get()!
    const moved = checkVersion(before, seenVersion(version), { entityType: 'incident', entityId: incidentId }, tx)
    if (moved) return moved
    const problem = checkAlertAcknowledgement(before)
    if (problem) return conflict(problem.key)
    const after = tx
      .update(incidents)
      .set({ alertAcknowledgedAt: at.toISOString(), alertAcknowledgedBy: by.id, rowVersion: before.rowVersion + 1 })
      .where(and(eq(incidents.id, incidentId), eq(incidents.rowVersion, before.rowVersion)))
      .returning()
      .get()
    // the transaction re-read it, so this holds; if it ever did not, nothing is written
    if (!after) return staleRefusal({ entityType: 'incident', entityId: incidentId, status: before.status }, tx)
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'acknowledge_alert',
      entityType: 'incident',
      entityId: incidentId,
      labId,
      before: { alertedAt: before.alertedAt, alertAcknowledgedAt: null },
      after: { alertedAt: after.alertedAt, alertAcknowledgedAt: after.alertAcknowledgedAt, alertAcknowledgedBy: by.id },
      at,
    })
    return { ok: true, incident: after }
  })
}

const pendingAlert = and(isNotNull(incidents.alertedAt), isNull(incidents.alertAcknowledgedAt))

/** The bureau's navigation badge: urgent alerts raised and not yet acknowledged (0 for anyone else). */
export function countPendingAlerts(actor: Actor): number {
  if (!can(actor, 'incident_alert:acknowledge')) return 0
  // incidents_alert_pending_idx
  return db().select({ n: count() }).from(incidents).where(pendingAlert).get()?.n ?? 0
}

/** The alerts awaiting the bureau's acknowledgement in the actor's scope, oldest first, for /security. */
export function listPendingAlerts(actor: Actor) {
  return db()
    .select({
      id: incidents.id,
      labId: incidents.labId,
      labName: labs.name,
      grade: incidents.grade,
      title: incidents.title,
      status: incidents.status,
      alertedAt: incidents.alertedAt,
    })
    .from(incidents)
    .innerJoin(labs, eq(labs.id, incidents.labId))
    .where(and(pendingAlert, labScope(actor)))
    .orderBy(asc(incidents.alertedAt), asc(incidents.id))
    .all()
}
