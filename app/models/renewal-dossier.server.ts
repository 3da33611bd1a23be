import { and, asc, between, desc, eq, gt, gte, lt, lte, ne, or } from 'drizzle-orm'
import {
  annualReports,
  complianceHistory,
  deliverables,
  drills,
  incidents,
  labChecks,
  labPartners,
  labs,
  organisations,
  renewals,
  resourceRequests,
  securityPlans,
  validityPeriods,
  violations,
} from '~db/schema'
import { parseRosterSnapshot, rosterChanges, takeRosterSnapshot } from '~/domain/annual-report'
import { addDays, shanghaiDayStart, type IsoDate } from '~/domain/dates'
import {
  currentPlan,
  currentVersions,
  dayOf,
  dossierDay,
  dossierSummary,
  grantedTotals,
  groupByYear,
  isLateIncident,
  monthlyRecord,
  periodMonths,
  violationWindow,
  type DossierPlan,
  type DossierProgress,
  type DossierProposedPlan,
  type DossierRequest,
  type DossierTeam,
  type RenewalDossier,
} from '~/domain/renewal-dossier'
import { grantedOf } from '~/domain/resource-requests'
import { teamThresholds } from '~/domain/team'
import { db } from '~/utils/db.server'
import { allGrades } from './grades.server'
import { linesOf, planOfRenewal } from './indicator-plans.server'
import { rosterOf } from './team.server'
import { progressPanel } from './progress.server'

/**
 * The dossier of one validity period, compiled from the lab's records: about fifteen set
 * queries, each bounded by the lab and the period's dates, whatever the number of rows. Access
 * is not checked here: callers reach a period through findRenewal (renewal-access.server.ts).
 * Null when the period is not the lab's.
 *
 * `today` is the day compiled; `now` decides whether an unreported incident is already late
 * (default: the end of `today` in Shanghai).
 */
export function renewalDossier({
  labId,
  periodId,
  today,
  now,
}: {
  labId: number
  periodId: number
  today: IsoDate
  now?: Date
}): RenewalDossier | null {
  const period = db()
    .select()
    .from(validityPeriods)
    .where(and(eq(validityPeriods.id, periodId), eq(validityPeriods.labId, labId)))
    .get()
  if (!period) return null
  const lab = db()
    .select({
      id: labs.id,
      name: labs.name,
      districtCode: labs.districtCode,
      direction: labs.direction,
      directorName: labs.directorName,
      hostOrgId: labs.hostOrgId,
      hostName: organisations.name,
      hostCreditCode: organisations.creditCode,
    })
    .from(labs)
    .innerJoin(organisations, eq(organisations.id, labs.hostOrgId))
    .where(eq(labs.id, labId))
    .get()!
  const partners = db()
    .select({ name: organisations.name })
    .from(labPartners)
    .innerJoin(organisations, eq(organisations.id, labPartners.orgId))
    .where(eq(labPartners.labId, labId))
    .orderBy(asc(organisations.name))
    .all()
  const { startDate, endDate } = period
  const day = dossierDay(period, today)
  const instantNow = now ?? new Date(shanghaiDayStart(addDays(today, 1)))
  const fromInstant = shanghaiDayStart(startDate)
  const toInstant = shanghaiDayStart(addDays(endDate, 1))

  // the year's outcomes, by completion date (deliverables_lab_idx)
  const deliverableRows = db()
    .select({
      id: deliverables.id,
      rootId: deliverables.rootId,
      version: deliverables.version,
      title: deliverables.title,
      type: deliverables.type,
      forms: deliverables.forms,
      status: deliverables.status,
      grade: deliverables.grade,
      completedOn: deliverables.completedOn,
      transferStatus: deliverables.transferStatus,
      transferValueYuan: deliverables.transferValueYuan,
    })
    .from(deliverables)
    .where(and(eq(deliverables.labId, labId), between(deliverables.completedOn, startDate, endDate), ne(deliverables.status, 'draft')))
    .all()
  const reportRows = db()
    .select({
      id: annualReports.id,
      validityYear: annualReports.validityYear,
      status: annualReports.status,
      grade: annualReports.grade,
      submittedAt: annualReports.submittedAt,
      decidedAt: annualReports.decidedAt,
      rosterSnapshot: annualReports.rosterSnapshot,
    })
    .from(annualReports)
    .where(eq(annualReports.periodId, periodId))
    .orderBy(asc(annualReports.validityYear))
    .all()
  const years = groupByYear({
    period,
    deliverables: currentVersions(deliverableRows).map((d) => ({ ...d, rootId: d.rootId ?? d.id })),
    reports: reportRows.map((r) => ({
      id: r.id,
      validityYear: r.validityYear,
      status: r.status,
      grade: r.grade,
      submittedOn: dayOf(r.submittedAt),
      decidedOn: r.status === 'accepted' || r.status === 'returned' ? dayOf(r.decidedAt) : null,
    })),
  })

  // the team now, against the thresholds; joiners and leavers since the period's first snapshot
  const members = rosterOf(db(), labId)
  const baseline = reportRows.map((r) => parseRosterSnapshot(r.rosterSnapshot)).find((s) => s !== null) ?? null
  const changes = baseline ? rosterChanges(baseline, takeRosterSnapshot(members, today)) : null
  const team: DossierTeam = { ...teamThresholds(members), changes: baseline && changes ? { since: baseline.takenOn, ...changes } : null }

  // security: every plan version approved by the period's end, drills and incidents within it
  const plans: DossierPlan[] = db()
    .select({
      id: securityPlans.id,
      version: securityPlans.version,
      approvedOn: securityPlans.approvedOn,
      nextReviewOn: securityPlans.nextReviewOn,
      acknowledgedAt: securityPlans.acknowledgedAt,
    })
    .from(securityPlans)
    .where(and(eq(securityPlans.labId, labId), lte(securityPlans.approvedOn, endDate)))
    .orderBy(desc(securityPlans.approvedOn), desc(securityPlans.id))
    .all()
    .map(({ acknowledgedAt, ...p }) => ({ ...p, acknowledgedOn: dayOf(acknowledgedAt) }))
  const drillRows = db()
    .select({
      id: drills.id,
      heldOn: drills.heldOn,
      scenario: drills.scenario,
      findings: drills.findings,
      followUp: drills.followUp,
      followUpClosedOn: drills.followUpClosedOn,
    })
    .from(drills)
    .where(and(eq(drills.labId, labId), between(drills.heldOn, startDate, endDate)))
    .orderBy(asc(drills.heldOn), asc(drills.id))
    .all()
  const incidentRows = db()
    .select({
      id: incidents.id,
      title: incidents.title,
      grade: incidents.grade,
      status: incidents.status,
      discoveredAt: incidents.discoveredAt,
      reportedAt: incidents.reportedAt,
      reportDeadline: incidents.reportDeadline,
    })
    .from(incidents)
    .where(and(eq(incidents.labId, labId), gte(incidents.discoveredAt, fromInstant), lt(incidents.discoveredAt, toInstant)))
    .orderBy(asc(incidents.discoveredAt), asc(incidents.id))
    .all()
  const { plan, current } = currentPlan(plans, day)
  const security = {
    plans,
    planInForce: plan,
    drills: drillRows,
    incidents: incidentRows.map((i) => ({
      id: i.id,
      title: i.title,
      grade: i.grade,
      status: i.status,
      discoveredOn: dayOf(i.discoveredAt)!,
      reportedOn: dayOf(i.reportedAt),
      late: isLateIncident({ reportedAt: i.reportedAt, reportDeadline: i.reportDeadline, now: instantNow }),
    })),
  }

  // resource requests submitted within the period (drafts were never asked)
  const requestRows = db()
    .select({
      id: resourceRequests.id,
      type: resourceRequests.type,
      title: resourceRequests.title,
      unit: resourceRequests.unit,
      quantity: resourceRequests.quantity,
      grantedQuantity: resourceRequests.grantedQuantity,
      status: resourceRequests.status,
      submittedOn: resourceRequests.submittedOn,
      decidedOn: resourceRequests.decidedOn,
      decidedInTime: resourceRequests.decidedInTime,
    })
    .from(resourceRequests)
    .where(
      and(
        eq(resourceRequests.labId, labId),
        ne(resourceRequests.status, 'draft'),
        between(resourceRequests.submittedOn, startDate, endDate),
      ),
    )
    .orderBy(asc(resourceRequests.submittedOn), asc(resourceRequests.id))
    .all()
  const requests: DossierRequest[] = requestRows.map(({ grantedQuantity, ...r }) => ({
    ...r,
    granted: grantedOf({ ...r, grantedQuantity }),
  }))

  // the eligibility record: the lab's own violations and its host's (as the compliance check reads it)
  const violationRows = db()
    .select({
      id: violations.id,
      labId: violations.labId,
      category: violations.category,
      occurredOn: violations.occurredOn,
      source: violations.source,
      description: violations.description,
    })
    .from(violations)
    .where(or(eq(violations.labId, labId), eq(violations.orgId, lab.hostOrgId)))
    .orderBy(desc(violations.occurredOn), desc(violations.id))
    .all()
    .map(({ labId: ownLab, ...v }) => ({
      ...v,
      subject: ownLab === labId ? ('lab' as const) : ('host' as const),
      ...violationWindow(v.occurredOn, today),
    }))

  // compliance: the worst result of each month of the period, and today's open findings
  const months = periodMonths(period, today)
  const history =
    months.length === 0
      ? []
      : db()
          .select({
            month: complianceHistory.month,
            severity: complianceHistory.severity,
            failing: complianceHistory.failing,
            warnings: complianceHistory.warnings,
          })
          .from(complianceHistory)
          .where(and(eq(complianceHistory.labId, labId), between(complianceHistory.month, months[0], months.at(-1)!)))
          .all()
  const checks = db()
    .select({
      checkId: labChecks.checkId,
      subject: labChecks.subject,
      result: labChecks.result,
      reasonKey: labChecks.reasonKey,
      reasonParams: labChecks.reasonParams,
      concernsDate: labChecks.concernsDate,
    })
    .from(labChecks)
    .where(and(eq(labChecks.labId, labId), eq(labChecks.owner, 'lab'), gt(labChecks.severity, 0)))
    .orderBy(desc(labChecks.severity), asc(labChecks.concernsDate), asc(labChecks.checkId))
    .all()
  const compliance = { months: monthlyRecord(months, history), checks }

  // the next period's plan the period's renewal application proposes (renewals_period_uq, indicator_plans_renewal_uq)
  const renewal = db().select({ id: renewals.id }).from(renewals).where(eq(renewals.periodId, periodId)).get()
  const proposed = renewal ? planOfRenewal(db(), renewal.id) : null
  const proposedPlan: DossierProposedPlan | null = proposed
    ? {
        status: proposed.status,
        lines: linesOf(db(), proposed.id).flatMap(({ field, builtinKey, nameZh, nameEn, unit, target }) =>
          target === null ? [] : [{ field, builtinKey, nameZh, nameEn, unit, target }],
        ),
      }
    : null

  const { hostOrgId: _host, ...labFields } = lab
  return {
    compiledOn: today,
    lab: { ...labFields, partners: partners.map((p) => p.name) },
    period: {
      id: period.id,
      sequence: period.sequence,
      startDate,
      endDate,
      certificateNo: period.certificateNo,
      outcome: period.outcome,
    },
    years,
    team,
    security,
    requests: { rows: requests, granted: grantedTotals(requestRows) },
    violations: violationRows,
    compliance,
    summary: dossierSummary({ years, team, security, requests, violations: violationRows, compliance, planCurrent: current }),
    proposedPlan,
    grades: allGrades().map(({ code, labelZh, labelEn }) => ({ code, labelZh, labelEn })),
    progress: dossierProgress(period.id, dossierDay(period, today)),
  }
}

// 任务指标完成情况 (issue 16, part 3): the period's plan progress as the lab page shows it, with
// the time elapsed as of the dossier's day (the period's end once it has ended)
function dossierProgress(periodId: number, day: IsoDate): DossierProgress | null {
  const panel = progressPanel({ periodId, today: day })
  if (!panel) return null
  return { plan: panel.plan, lines: panel.lines, fulfilment: panel.fulfilment, elapsed: panel.elapsed, pace: panel.pace }
}
