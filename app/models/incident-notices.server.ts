import { and, eq, ne } from 'drizzle-orm'
import { users, type Incident } from '~db/schema'
import type { IncidentGrade } from '~db/schema/enums'
import type { SecurityPlan } from '~db/schema/security'
import { shanghaiDate } from '~/domain/dates'
import type { ScopedLab, Tx } from './filing-steps.server'
import { notifyEvent } from './event-notices.server'

// Who hears of an incident or an emergency plan (issue 15 parts 1 and 2), told through notifyEvent
// in the transaction that made the change. Each event is named by the row that records it:
//   source          sourceId                          step  event
//   incident        the report's incident_updates id  0     reported (grade not urgent)
//   incident_alert  the report's incident_updates id  0     reported (grade urgent)
//   incident        the closing incident_updates id   1     closed
//   incident        the regrade's audit_log id        2     regraded (no new alert)
//   incident_alert  the regrade's audit_log id        2     regraded into an urgent grade
//   security_plan   the plan version's id             0     submitted (a new version)
//   security_plan   the plan version's id             1     acknowledged by the bureau
// The lab acts on its incidents and plans, so the offices are told; the bureau acknowledges a
// plan, so the lab is told. The lab's other accounts hear of its incidents too (a colleague, the
// director); whoever acted is not told what they just did. An urgent alert also goes to the
// bureau's and the district's chat robots, and its outbox messages are returned for deliverSoon.

type Lab = Pick<ScopedLab, 'id' | 'name' | 'districtCode'>

const incidentLink = (labId: number, incidentId: number) => `/labs/${labId}/incidents/${incidentId}`

// The lab's own active accounts other than the one who acted (scope: the lab itself).
function colleaguesOf(tx: Tx, labId: number, actorId: number | null): number[] {
  return tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'lab'), eq(users.labId, labId), eq(users.active, true), actorId ? ne(users.id, actorId) : undefined))
    .all()
    .map((u) => u.id)
}

type Title = { key: string; params: Record<string, string | number> }

type IncidentEvent = {
  lab: Lab
  incident: Pick<Incident, 'id' | 'title' | 'grade'>
  // the row that records the event and which kind of row it is (the table above)
  sourceId: number
  step: 0 | 1 | 2
  title: Title
  // the lab's colleagues read it as an incident of their own lab, not as an alert
  labTitle: Title
  urgent: boolean
  actorId: number | null
  at: Date
}

// The offices are told (alerted, when urgent); the lab's colleagues are told as an incident.
function tellIncident(tx: Tx, e: IncidentEvent): { outboxIds: number[] } {
  const base = {
    sourceId: e.sourceId,
    day: shanghaiDate(e.at),
    step: e.step,
    labId: e.lab.id,
    link: incidentLink(e.lab.id, e.incident.id),
    at: e.at,
  }
  const offices = notifyEvent(tx, {
    ...base,
    source: e.urgent ? 'incident_alert' : 'incident',
    title: e.title,
    to: { bureau: true, districtCodes: [e.lab.districtCode] },
    ...(e.urgent ? { robots: { bureau: true, districtCodes: [e.lab.districtCode] } } : {}),
  })
  const colleagues = colleaguesOf(tx, e.lab.id, e.actorId)
  // the lab's own accounts hear of it as an incident: an alert is the offices' kind
  if (colleagues.length) notifyEvent(tx, { ...base, source: 'incident', title: e.labTitle, to: { userIds: colleagues } })
  return { outboxIds: e.urgent ? offices.outboxIds : [] }
}

const params = (lab: Lab, incident: Pick<Incident, 'title' | 'grade'>) => ({ lab: lab.name, title: incident.title, grade: incident.grade })

/** An incident reported: `updateId` is the report's timeline entry. Returns the alert's messages to deliver at once. */
export function tellIncidentReported(
  tx: Tx,
  {
    lab,
    incident,
    updateId,
    urgent,
    actorId,
    at,
  }: { lab: Lab; incident: Incident; updateId: number; urgent: boolean; actorId: number | null; at: Date },
) {
  const reported = { key: 'notices.incident.reported', params: params(lab, incident) }
  const title = urgent ? { key: 'notices.incident.alert', params: params(lab, incident) } : reported
  return tellIncident(tx, {
    lab,
    incident,
    sourceId: updateId,
    step: 0,
    title,
    labTitle: reported,
    urgent,
    actorId,
    at,
  })
}

/** An incident's grade corrected: `auditId` is the regrade's audit row; `alert` when it raises an urgent alert. */
export function tellIncidentRegraded(
  tx: Tx,
  {
    lab,
    incident,
    from,
    auditId,
    alert,
    actorId,
    at,
  }: { lab: Lab; incident: Incident; from: IncidentGrade; auditId: number; alert: boolean; actorId: number | null; at: Date },
) {
  const regraded = { key: 'notices.incident.regraded', params: { ...params(lab, incident), from } }
  const title = alert ? { key: 'notices.incident.alertRegraded', params: params(lab, incident) } : regraded
  return tellIncident(tx, { lab, incident, sourceId: auditId, step: 2, title, labTitle: regraded, urgent: alert, actorId, at })
}

/** An incident closed: `updateId` is the closing timeline entry. */
export function tellIncidentClosed(
  tx: Tx,
  { lab, incident, updateId, actorId, at }: { lab: Lab; incident: Incident; updateId: number; actorId: number | null; at: Date },
) {
  const title = { key: 'notices.incident.closed', params: params(lab, incident) }
  return tellIncident(tx, { lab, incident, sourceId: updateId, step: 1, title, labTitle: title, urgent: false, actorId, at })
}

const planTitle = (key: string, lab: Lab, plan: Pick<SecurityPlan, 'version'>) => ({
  key,
  params: { lab: lab.name, version: plan.version },
})

/** A new version of a lab's emergency plan: the bureau, which acknowledges it, is told. */
export function tellPlanSubmitted(tx: Tx, { lab, plan, at }: { lab: Lab; plan: Pick<SecurityPlan, 'id' | 'version'>; at: Date }) {
  return notifyEvent(tx, {
    source: 'security_plan',
    sourceId: plan.id,
    day: shanghaiDate(at),
    step: 0,
    labId: lab.id,
    title: planTitle('notices.plan.submitted', lab, plan),
    link: `/labs/${lab.id}/security`,
    to: { bureau: true },
    at,
  })
}

/** The bureau acknowledged a version: the lab's accounts are told. */
export function tellPlanAcknowledged(tx: Tx, { lab, plan, at }: { lab: Lab; plan: Pick<SecurityPlan, 'id' | 'version'>; at: Date }) {
  return notifyEvent(tx, {
    source: 'security_plan',
    sourceId: plan.id,
    day: shanghaiDate(at),
    step: 1,
    labId: lab.id,
    title: planTitle('notices.plan.acknowledged', lab, plan),
    link: `/labs/${lab.id}/security`,
    to: { lab: { id: lab.id, districtCode: lab.districtCode } },
    at,
  })
}
