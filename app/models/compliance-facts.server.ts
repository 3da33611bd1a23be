import { and, inArray, ne, sql, type SQL } from 'drizzle-orm'
import {
  annualReports,
  deliverables,
  drills,
  incidents,
  labPartners,
  labs,
  obligations,
  organisations,
  renewals,
  resourceRequests,
  securityPlans,
  teamMembers,
  validityPeriods,
  violations,
} from '~db/schema'
import type { FilingStatus } from '~db/schema/enums'
import type { LabFacts } from '~/domain/compliance/types'
import { shanghaiDate, type IsoDate } from '~/domain/dates'
import { AWAITING_DECISION } from '~/domain/resource-requests'
import { planInForce } from '~/domain/security-summary'
import { QUALIFYING_DEGREES, QUALIFYING_TITLES } from '~/domain/team'
import { labPeriods, type LatestPeriod } from '~/domain/validity'
import { db } from '~/utils/db.server'
import { approvedPlanFacts } from './progress.server'

// Loads what the compliance checks need for many labs at once: a handful of set queries,
// never one query per lab. `asOf` rebuilds the period facts of a past day (history backfill):
// periods that had started by then, decisions taken by then.
export function loadLabFacts({
  labIds,
  asOf,
  today,
}: { labIds: number[] | null } & ({ asOf: IsoDate; today?: undefined } | { today: IsoDate; asOf?: undefined })): LabFacts[] {
  const only = <T>(column: T) => (labIds ? inArray(column as never, labIds) : undefined)
  // joint counts involve every lab, so labs and partners are read in full (two narrow scans)
  const allLabs = db().select({ id: labs.id, hostOrgId: labs.hostOrgId }).from(labs).all()
  const partners = db().select({ labId: labPartners.labId, orgId: labPartners.orgId }).from(labPartners).all()

  const partnersOf = new Map<number, number[]>()
  for (const p of partners) partnersOf.set(p.labId, [...(partnersOf.get(p.labId) ?? []), p.orgId])
  const participantsOf = (lab: { id: number; hostOrgId: number }) => {
    const others = (partnersOf.get(lab.id) ?? []).filter((org) => org !== lab.hostOrgId)
    return others.length ? [lab.hostOrgId, ...new Set(others)] : []
  }
  const jointCount = new Map<number, number>()
  for (const lab of allLabs) for (const org of participantsOf(lab)) jointCount.set(org, (jointCount.get(org) ?? 0) + 1)

  const wanted = labIds ? allLabs.filter((l) => labIds.includes(l.id)) : allLabs
  if (wanted.length === 0) return []

  const periods = db()
    .select({
      id: validityPeriods.id,
      labId: validityPeriods.labId,
      sequence: validityPeriods.sequence,
      startDate: validityPeriods.startDate,
      endDate: validityPeriods.endDate,
      outcome: validityPeriods.outcome,
      outcomeDate: validityPeriods.outcomeDate,
    })
    .from(validityPeriods)
    .where(only(validityPeriods.labId))
    .all()
  // As of a past day (history backfill) only the periods begun by then existed, with the
  // decisions taken by then; which of them counts is labPeriods' answer (app/domain/validity.ts).
  const day = (asOf ?? today) as IsoDate
  const periodsOf = new Map<number, (LatestPeriod & { sequence: number; periodId: number })[]>()
  for (const p of periods) {
    if (asOf && p.startDate > asOf) continue
    const outcome = asOf && (!p.outcomeDate || p.outcomeDate > asOf) ? null : p.outcome
    const period = { startDate: p.startDate, endDate: p.endDate, outcome, sequence: p.sequence, periodId: p.id }
    periodsOf.set(p.labId, [...(periodsOf.get(p.labId) ?? []), period])
  }
  const sequenceOf = new Map(periods.map((p) => [p.id, p.sequence]))
  const standingOf = new Map([...periodsOf].map(([labId, list]) => [labId, labPeriods(list, day)]))

  const team = db()
    .select({
      labId: teamMembers.labId,
      headcount: sql<number>`count(*)`,
      qualified: sql<number>`sum(CASE WHEN ${teamMembers.role} <> 'administrator'
        AND (${teamMembers.titleLevel} IN ${[...QUALIFYING_TITLES]} OR ${teamMembers.degree} IN ${[
          ...QUALIFYING_DEGREES,
        ]}) THEN 1 ELSE 0 END)`,
    })
    .from(teamMembers)
    .where(and(sql`${teamMembers.active} = 1`, only(teamMembers.labId)))
    .groupBy(teamMembers.labId)
    .all()
  const teamOf = new Map(team.map((t) => [t.labId, t]))

  const violationsOf = new Map<string, LabFacts['violations'][number][]>()
  for (const v of db().select().from(violations).all()) {
    const key = v.labId !== null ? `lab:${v.labId}` : `org:${v.orgId}`
    const subject = v.labId !== null ? ('lab' as const) : ('host' as const)
    violationsOf.set(key, [...(violationsOf.get(key) ?? []), { id: v.id, subject, category: v.category, occurredOn: v.occurredOn }])
  }
  const orgNames = new Map(
    db()
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .all()
      .map((o) => [o.id, o.name]),
  )

  const filings = loadFilingFacts({ only, asOf })
  const security = loadSecurityFacts({ only, asOf, day })
  const requestsOf = loadRequestFacts({ only, asOf })
  const renewalOf = loadRenewalFacts({ only, asOf })
  // the years judged are the period in force's
  const judgedPeriodId = (labId: number) => standingOf.get(labId)?.inForce?.periodId
  const latestPeriodId = (labId: number) => standingOf.get(labId)?.latest?.periodId
  const planProgressOf = loadPlanProgressFacts({ labIds, asOf, standingOf })

  return wanted.map((lab) => ({
    labId: lab.id,
    latest: standingOf.get(lab.id)?.latest ?? null,
    team: {
      headcount: teamOf.get(lab.id)?.headcount ?? 0,
      qualifiedCount: teamOf.get(lab.id)?.qualified ?? 0,
    },
    jointParticipants: participantsOf(lab).map((orgId) => ({
      orgId,
      name: orgNames.get(orgId) ?? String(orgId),
      jointCount: jointCount.get(orgId) ?? 0,
    })),
    obligations: (filings.obligationsOf.get(lab.id) ?? []).filter((o) => o.periodId === judgedPeriodId(lab.id)),
    deliverables: filings.deliverablesOf.get(lab.id) ?? [],
    reports: (filings.reportsOf.get(lab.id) ?? []).filter((r) => r.periodId === judgedPeriodId(lab.id)),
    // of every period: a returned report waits for the lab whatever period it is of
    returnedReports: (filings.reportsOf.get(lab.id) ?? [])
      .filter((r) => r.status === 'returned')
      .map((r) => ({ id: r.id, periodSequence: sequenceOf.get(r.periodId) ?? 0, validityYear: r.validityYear, decidedOn: r.decidedOn }))
      .sort((a, b) => b.periodSequence - a.periodSequence || b.validityYear - a.validityYear),
    plan: security.planOf.get(lab.id) ?? null,
    lastDrillOn: security.lastDrillOf.get(lab.id) ?? null,
    certifiedOn: standingOf.get(lab.id)?.certifiedOn ?? null,
    incidents: security.incidentsOf.get(lab.id) ?? [],
    requests: requestsOf.get(lab.id) ?? [],
    // the renewal of the latest period only: an earlier period's is settled history
    renewal: renewalOf.get(`${lab.id}:${latestPeriodId(lab.id)}`) ?? null,
    violations: [...(violationsOf.get(`org:${lab.hostOrgId}`) ?? []), ...(violationsOf.get(`lab:${lab.id}`) ?? [])],
    planProgress: planProgressOf.get(lab.id) ?? null,
  }))
}

// The approved indicator plan of each lab's period in force, with what the progress rule counts
// for it (app/models/progress.server.ts). The history backfill (asOf) leaves it out: outcomes and
// verifications have no dated history of their own, and a plan warning is not a failing month.
function loadPlanProgressFacts({
  labIds,
  asOf,
  standingOf,
}: {
  labIds: number[] | null
  asOf?: IsoDate
  standingOf: Map<number, ReturnType<typeof labPeriods<LatestPeriod & { sequence: number; periodId: number }>>>
}) {
  if (asOf) return new Map<number, NonNullable<LabFacts['planProgress']>>()
  const judged = new Map<number, { id: number; startDate: IsoDate; endDate: IsoDate }>()
  for (const [labId, standing] of standingOf) {
    const p = standing.inForce
    if (p) judged.set(labId, { id: p.periodId, startDate: p.startDate, endDate: p.endDate })
  }
  return approvedPlanFacts(db(), { judged, labIds })
}

function groupByLab<T extends { labId: number }>(rows: T[]): Map<number, T[]> {
  const out = new Map<number, T[]>()
  for (const row of rows) out.set(row.labId, [...(out.get(row.labId) ?? []), row])
  return out
}

// As of a past day (history backfill), a filing counts with the status it had then: decided
// later means it was still under review, submitted later means it was not filed yet.
function statusAsOf<T extends { status: FilingStatus; submittedAt: string | null; decidedAt: string | null }>(
  row: T,
  asOf?: IsoDate,
): FilingStatus | null {
  if (!asOf) return row.status
  if (!row.submittedAt || shanghaiDate(new Date(row.submittedAt)) > asOf) return null
  if (row.decidedAt && shanghaiDate(new Date(row.decidedAt)) > asOf) return 'submitted'
  return row.status
}

const dayOf = (instant: string | null) => (instant ? shanghaiDate(new Date(instant)) : null)

function loadFilingFacts({ only, asOf }: { only: <T>(column: T) => SQL | undefined; asOf?: IsoDate }) {
  const obligationRows = db()
    .select({
      id: obligations.id,
      labId: obligations.labId,
      periodId: obligations.periodId,
      validityYear: obligations.validityYear,
      kind: obligations.kind,
      yearStart: obligations.yearStart,
      yearEnd: obligations.yearEnd,
      dueDate: obligations.dueDate,
    })
    .from(obligations)
    .where(only(obligations.labId))
    .all() as (LabFacts['obligations'][number] & { labId: number; periodId: number })[]
  const deliverableRows = db()
    .select({
      id: deliverables.id,
      labId: deliverables.labId,
      title: deliverables.title,
      status: deliverables.status,
      completedOn: deliverables.completedOn,
      submittedAt: deliverables.submittedAt,
      decidedAt: deliverables.decidedAt,
    })
    .from(deliverables)
    .where(and(ne(deliverables.status, 'draft'), only(deliverables.labId)))
    .all()
    .flatMap((d) => {
      const status = statusAsOf(d, asOf)
      return status
        ? [{ id: d.id, labId: d.labId, title: d.title, status, completedOn: d.completedOn as IsoDate, decidedOn: dayOf(d.decidedAt) }]
        : []
    })
  const reportRows = db()
    .select({
      id: annualReports.id,
      labId: annualReports.labId,
      periodId: annualReports.periodId,
      validityYear: annualReports.validityYear,
      status: annualReports.status,
      submittedAt: annualReports.submittedAt,
      decidedAt: annualReports.decidedAt,
    })
    .from(annualReports)
    .where(and(ne(annualReports.status, 'draft'), only(annualReports.labId)))
    .all()
    .flatMap((r) => {
      const status = statusAsOf(r, asOf)
      return status
        ? [{ id: r.id, labId: r.labId, periodId: r.periodId, validityYear: r.validityYear, status, decidedOn: dayOf(r.decidedAt) }]
        : []
    })
  return { obligationsOf: groupByLab(obligationRows), deliverablesOf: groupByLab(deliverableRows), reportsOf: groupByLab(reportRows) }
}

// The emergency plan in force (planInForce), the latest drill, and the incidents. As of a past
// day: what had been approved, held or discovered by then, and an incident closed later was open.
function loadSecurityFacts({ only, asOf, day }: { only: <T>(column: T) => SQL | undefined; asOf?: IsoDate; day: IsoDate }) {
  const plans = db()
    .select({
      id: securityPlans.id,
      labId: securityPlans.labId,
      version: securityPlans.version,
      approvedOn: securityPlans.approvedOn,
      nextReviewOn: securityPlans.nextReviewOn,
    })
    .from(securityPlans)
    .where(only(securityPlans.labId))
    .all()
  const planOf = new Map<number, NonNullable<LabFacts['plan']>>()
  for (const [labId, list] of groupByLab(plans)) {
    const p = planInForce(list, day)
    if (p) planOf.set(labId, { id: p.id, version: p.version, approvedOn: p.approvedOn as IsoDate, nextReviewOn: p.nextReviewOn as IsoDate })
  }
  const lastDrillOf = new Map<number, IsoDate>()
  for (const d of db().select({ labId: drills.labId, heldOn: drills.heldOn }).from(drills).where(only(drills.labId)).all()) {
    if (asOf && d.heldOn > asOf) continue
    const seen = lastDrillOf.get(d.labId)
    if (!seen || d.heldOn > seen) lastDrillOf.set(d.labId, d.heldOn as IsoDate)
  }
  const incidentRows = db()
    .select({
      id: incidents.id,
      labId: incidents.labId,
      title: incidents.title,
      grade: incidents.grade,
      status: incidents.status,
      discoveredAt: incidents.discoveredAt,
      reportedAt: incidents.reportedAt,
      reportDeadline: incidents.reportDeadline,
      closedAt: incidents.closedAt,
    })
    .from(incidents)
    .where(only(incidents.labId))
    .all()
    .flatMap((i) => {
      if (asOf && shanghaiDate(new Date(i.discoveredAt)) > asOf) return []
      const status = asOf && i.closedAt && shanghaiDate(new Date(i.closedAt)) > asOf ? ('open' as const) : i.status
      return [
        {
          id: i.id,
          labId: i.labId,
          title: i.title,
          grade: i.grade,
          status,
          reportedAt: i.reportedAt ?? i.discoveredAt,
          reportDeadline: i.reportDeadline,
        },
      ]
    })
  return { planOf, lastDrillOf, incidentsOf: groupByLab(incidentRows) }
}

// Requests returned to the lab or awaiting the bureau, by the status index. The history
// backfill (asOf) leaves them out: a request's past statuses are in its thread, not its row,
// and the one check that counts for the lab (returned) is a warning of weeks, not months.
function loadRequestFacts({ only, asOf }: { only: <T>(column: T) => SQL | undefined; asOf?: IsoDate }) {
  if (asOf) return new Map<number, LabFacts['requests'][number][]>()
  const rows = db()
    .select({
      id: resourceRequests.id,
      labId: resourceRequests.labId,
      title: resourceRequests.title,
      status: resourceRequests.status,
      deadline: resourceRequests.deadline,
      returnedAt: resourceRequests.returnedAt,
    })
    .from(resourceRequests)
    .where(and(inArray(resourceRequests.status, ['returned', ...AWAITING_DECISION]), only(resourceRequests.labId)))
    .all()
  return groupByLab(rows.map((r) => ({ ...r, deadline: r.deadline as IsoDate | null })))
}

// Each period's renewal, keyed by lab and period. The history backfill (asOf) leaves them out:
// the row holds a renewal's present, and the periods' own outcomes already date its decisions.
function loadRenewalFacts({ only, asOf }: { only: <T>(column: T) => SQL | undefined; asOf?: IsoDate }) {
  const out = new Map<string, NonNullable<LabFacts['renewal']>>()
  if (asOf) return out
  const rows = db()
    .select({
      id: renewals.id,
      labId: renewals.labId,
      periodId: renewals.periodId,
      status: renewals.status,
      decision: renewals.decision,
      rectificationDeadline: renewals.rectificationDeadline,
    })
    .from(renewals)
    .where(only(renewals.labId))
    .all()
  for (const r of rows)
    out.set(`${r.labId}:${r.periodId}`, {
      id: r.id,
      status: r.status,
      decision: r.decision,
      rectificationDeadline: r.rectificationDeadline as IsoDate | null,
    })
  return out
}
