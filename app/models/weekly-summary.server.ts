import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import { incidents, labChecks, labs, resourceRequests } from '~db/schema'
import { DISTRICT_CODES, type DistrictCode } from '~db/schema/enums'
import { addDays, shanghaiDate, type IsoDate } from '~/domain/dates'
import type { Actor } from '~/domain/permissions'
import { AWAITING_DECISION } from '~/domain/resource-requests'
import {
  composeWeeklySummary,
  countsOf,
  INCIDENT_OPEN_TOO_LONG_DAYS,
  SUMMARY_LINKS,
  SUMMARY_LIST_CAP,
  summaryMonday,
  weeklySummaryTitle,
  type IncidentItem,
  type LateFilingItem,
  type SectionCounts,
  type SummaryScope,
  type WeeklySummary,
} from '~/domain/weekly-summary'
import { db } from '~/utils/db.server'
import { ensureComplianceFresh } from './compliance.server'
import { notifyEvent } from './event-notices.server'
import { latestPeriods, statusSql } from './lab-status.server'
import { labScope } from './scope.server'
import { ruleSettings } from './settings.server'

// The weekly summary's numbers (issue 15 item 5), read in SQL for one scope: the bureau's city or
// one district. Every query is limited by labScope, the SQL twin of who may see a lab, so a
// district's summary cannot name another district's lab. Each section is one GROUP BY district
// (the counts, and the bureau's per-district line) and one list capped at SUMMARY_LIST_CAP, both
// served by existing indexes: lab_checks_severity_idx and the lab_checks primary key,
// incidents_status_grade_idx, resource_requests_status_deadline_idx, and the periods' lab index.
// Failing checks and late filings read the compliance engine's stored results (lab_checks), so the
// summary says what the dashboard and the registry say.

const SYSTEM_SCOPE_ID = 0

function actorOf(scope: SummaryScope): Actor {
  return scope.kind === 'bureau'
    ? { id: SYSTEM_SCOPE_ID, role: 'bureau', districtCode: null, labId: null }
    : { id: SYSTEM_SCOPE_ID, role: 'district', districtCode: scope.districtCode, labId: null }
}

// The engine's reasons for a filing past its due date and not accepted (app/domain/compliance/
// filing-checks.ts), and what each means for the office.
const LATE_FILING_STATES: Record<string, LateFilingItem['state']> = {
  'compliance.deliverable.missing': 'missing',
  'compliance.report.overdue': 'missing',
  'compliance.report.submitted': 'awaiting',
  'compliance.report.returned': 'returned',
}

const OPEN_INCIDENT = ['open', 'contained', 'resolved'] as const

type ByDistrict = Map<DistrictCode, number>

const sumOf = (m: ByDistrict) => [...m.values()].reduce((a, b) => a + b, 0)

function byDistrict(rows: { districtCode: DistrictCode; n: number }[]): ByDistrict {
  return new Map(rows.map((r) => [r.districtCode, r.n]))
}

// Each section's count per district. A run reads the city's once (the bureau's summary) and hands
// them to every district's, which then reads only its own lists.
type CityCounts = Record<'expiring' | 'failing' | 'lateFilings' | 'incidents' | 'lateIncidents' | 'requests', ByDistrict>

/** One scope's summary as of `now` (the stored compliance results must be fresh for its day). */
export function weeklySummaryOf({ scope, now }: { scope: SummaryScope; now: Date }): WeeklySummary {
  return summaryWithCounts({ scope, now }).summary
}

function summaryWithCounts({ scope, now, city }: { scope: SummaryScope; now: Date; city?: CityCounts }) {
  const today = shanghaiDate(now)
  const actor = actorOf(scope)
  const inScope = labScope(actor)
  const windowDays = ruleSettings().expiryWindowDays
  const district = sql<DistrictCode>`${labs.districtCode}`.as('district_code')

  // 1. labs whose certification ends within the window, undecided: the registry's status=expiring
  const latest = latestPeriods()
  const expiringWhere = and(inScope, sql`${statusSql(latest, today, windowDays)} = 'expiring'`)
  const expiringBy =
    city?.expiring ??
    byDistrict(
      db()
        .select({ districtCode: district, n: sql<number>`count(*)` })
        .from(labs)
        .innerJoin(latest, eq(latest.labId, labs.id))
        .where(expiringWhere)
        .groupBy(labs.districtCode)
        .all(),
    )
  const expiring = db()
    .select({ labId: labs.id, labName: labs.name, districtCode: labs.districtCode, endDate: sql<IsoDate>`${latest.endDate}` })
    .from(labs)
    .innerJoin(latest, eq(latest.labId, labs.id))
    .where(expiringWhere)
    .orderBy(asc(latest.endDate), asc(labs.name))
    .limit(SUMMARY_LIST_CAP)
    .all()

  // 2. labs with a failing check of their own: the registry's compliance=failing
  const failingWhere = and(inScope, eq(labChecks.severity, 2), eq(labChecks.owner, 'lab'))
  const failingBy =
    city?.failing ??
    byDistrict(
      db()
        .select({ districtCode: district, n: sql<number>`count(DISTINCT ${labChecks.labId})` })
        .from(labChecks)
        .innerJoin(labs, eq(labs.id, labChecks.labId))
        .where(failingWhere)
        .groupBy(labs.districtCode)
        .all(),
    )
  const failing = db()
    .select({ labId: labs.id, labName: labs.name, districtCode: labs.districtCode, checks: sql<number>`count(*)` })
    .from(labChecks)
    .innerJoin(labs, eq(labs.id, labChecks.labId))
    .where(failingWhere)
    .groupBy(labs.id)
    .orderBy(desc(sql`count(*)`), asc(labs.name))
    .limit(SUMMARY_LIST_CAP)
    .all()

  // 3. deliverables and annual reports past their due date and not accepted
  const lateWhere = and(
    inScope,
    inArray(labChecks.checkId, ['deliverable', 'annual_report']),
    sql`${labChecks.concernsDate} < ${today}`,
    inArray(labChecks.reasonKey, Object.keys(LATE_FILING_STATES)),
  )
  const lateBy =
    city?.lateFilings ??
    byDistrict(
      db()
        .select({ districtCode: district, n: sql<number>`count(*)` })
        .from(labChecks)
        .innerJoin(labs, eq(labs.id, labChecks.labId))
        .where(lateWhere)
        .groupBy(labs.districtCode)
        .all(),
    )
  const lateFilings: LateFilingItem[] = db()
    .select({
      labId: labs.id,
      labName: labs.name,
      districtCode: labs.districtCode,
      checkId: labChecks.checkId,
      subject: labChecks.subject,
      dueDate: labChecks.concernsDate,
      reasonKey: labChecks.reasonKey,
      link: labChecks.fixPath,
    })
    .from(labChecks)
    .innerJoin(labs, eq(labs.id, labChecks.labId))
    .where(lateWhere)
    .orderBy(asc(labChecks.concernsDate), asc(labs.name), asc(labChecks.checkId))
    .limit(SUMMARY_LIST_CAP)
    .all()
    .map((r) => ({
      labId: r.labId,
      labName: r.labName,
      districtCode: r.districtCode,
      kind: r.checkId as LateFilingItem['kind'],
      // per-year checks' subject is 'y1', 'y2'
      year: Number(r.subject.replace(/^y/, '')),
      dueDate: r.dueDate as IsoDate,
      state: LATE_FILING_STATES[r.reasonKey],
      link: r.link,
    }))

  // 4. open incidents; late: the report deadline passed (reported late or not yet), or open too long
  const nowIso = now.toISOString()
  const openLongBefore = `${addDays(today, -INCIDENT_OPEN_TOO_LONG_DAYS)}T00:00:00.000Z`
  const reportLate = sql`(${incidents.reportedAt} > ${incidents.reportDeadline} OR (${incidents.reportedAt} IS NULL AND ${incidents.reportDeadline} < ${nowIso}))`
  const openLong = sql`(${incidents.discoveredAt} < ${openLongBefore})`
  const lateCase = sql<IncidentItem['late']>`CASE WHEN ${reportLate} THEN 'report' WHEN ${openLong} THEN 'open_long' END`
  const incidentWhere = and(inScope, inArray(incidents.status, [...OPEN_INCIDENT]))
  const incidentRows = city
    ? []
    : db()
        .select({
          districtCode: district,
          n: sql<number>`count(*)`,
          late: sql<number>`sum(CASE WHEN ${lateCase} IS NULL THEN 0 ELSE 1 END)`,
        })
        .from(incidents)
        .innerJoin(labs, eq(labs.id, incidents.labId))
        .where(incidentWhere)
        .groupBy(labs.districtCode)
        .all()
  const incidentBy = city?.incidents ?? byDistrict(incidentRows)
  const lateIncidentBy = city?.lateIncidents ?? byDistrict(incidentRows.map((r) => ({ districtCode: r.districtCode, n: r.late ?? 0 })))
  const openIncidents = db()
    .select({
      labId: labs.id,
      labName: labs.name,
      districtCode: labs.districtCode,
      incidentId: incidents.id,
      title: incidents.title,
      grade: incidents.grade,
      discoveredAt: incidents.discoveredAt,
      late: lateCase,
    })
    .from(incidents)
    .innerJoin(labs, eq(labs.id, incidents.labId))
    .where(incidentWhere)
    .orderBy(sql`${lateCase} IS NULL`, asc(incidents.grade), asc(incidents.discoveredAt))
    .limit(SUMMARY_LIST_CAP)
    .all()
    .map(({ discoveredAt, ...i }) => ({ ...i, discoveredOn: shanghaiDate(new Date(discoveredAt)) }))

  // 5. resource requests still undecided after their decision deadline (the bureau's breach)
  const requestWhere = and(inScope, inArray(resourceRequests.status, [...AWAITING_DECISION]), sql`${resourceRequests.deadline} < ${today}`)
  const requestBy =
    city?.requests ??
    byDistrict(
      db()
        .select({ districtCode: district, n: sql<number>`count(*)` })
        .from(resourceRequests)
        .innerJoin(labs, eq(labs.id, resourceRequests.labId))
        .where(requestWhere)
        .groupBy(labs.districtCode)
        .all(),
    )
  const requests = db()
    .select({
      labId: labs.id,
      labName: labs.name,
      districtCode: labs.districtCode,
      requestId: resourceRequests.id,
      title: resourceRequests.title,
      deadline: sql<IsoDate>`${resourceRequests.deadline}`,
    })
    .from(resourceRequests)
    .innerJoin(labs, eq(labs.id, resourceRequests.labId))
    .where(requestWhere)
    .orderBy(asc(resourceRequests.deadline), asc(labs.name))
    .limit(SUMMARY_LIST_CAP)
    .all()

  const countsIn = (d: DistrictCode): SectionCounts => ({
    expiring: expiringBy.get(d) ?? 0,
    failing: failingBy.get(d) ?? 0,
    lateFilings: lateBy.get(d) ?? 0,
    incidents: incidentBy.get(d) ?? 0,
    lateIncidents: lateIncidentBy.get(d) ?? 0,
    requests: requestBy.get(d) ?? 0,
  })
  // a district's count is its own entry, whether the maps hold the city or only the district
  const total = (m: ByDistrict) => (scope.kind === 'bureau' ? sumOf(m) : (m.get(scope.districtCode) ?? 0))
  const counts: CityCounts = {
    expiring: expiringBy,
    failing: failingBy,
    lateFilings: lateBy,
    incidents: incidentBy,
    lateIncidents: lateIncidentBy,
    requests: requestBy,
  }
  const summary: WeeklySummary = {
    week: summaryMonday(today),
    today,
    scope,
    windowDays,
    expiring: { total: total(expiringBy), items: expiring },
    failing: { total: total(failingBy), items: failing },
    lateFilings: { total: total(lateBy), items: lateFilings },
    incidents: { total: total(incidentBy), late: total(lateIncidentBy), items: openIncidents },
    requests: { total: total(requestBy), items: requests },
    byDistrict:
      scope.kind === 'bureau'
        ? DISTRICT_CODES.map((d) => ({ districtCode: d, ...countsIn(d) })).filter((d) =>
            Object.entries(d).some(([k, v]) => k !== 'districtCode' && v !== 0),
          )
        : [],
  }
  return { summary, counts }
}

// The notice's key: the bureau's summary is source id 0, a district's its place in DISTRICT_CODES
// plus one; with the week's Monday as the day, one summary per office, recipient and channel a week.
export function summarySourceId(scope: SummaryScope): number {
  return scope.kind === 'bureau' ? 0 : DISTRICT_CODES.indexOf(scope.districtCode) + 1
}

export const SUMMARY_SCOPES: readonly SummaryScope[] = [
  { kind: 'bureau' },
  ...DISTRICT_CODES.map((districtCode) => ({ kind: 'district' as const, districtCode })),
]

/**
 * Tells the bureau and each district office this week's summary of their scope, through the
 * notices ledger (notifyEvent): an inbox item linking to the dashboard and a mail with every
 * section. The week is the Monday on or before `now` (Asia/Shanghai), which is the notice's day:
 * a rerun the same week, or a catch-up run on Tuesday after downtime, sends each person the
 * week's summary once, and a run never sends an earlier week's. People who turned the summary off
 * under 我的账户 get nothing (app/domain/notice-kinds.ts isWhollyOptional).
 */
export function sendWeeklySummaries({ now }: { now: Date }) {
  const today = shanghaiDate(now)
  const week = summaryMonday(today)
  // the failing and late-filing sections read the stored results: bring them to `today` first
  ensureComplianceFresh(today)
  const outboxIds: number[] = []
  let sent = 0
  let bureau = null as SectionCounts | null
  db().transaction((tx) => {
    let city: CityCounts | undefined
    for (const scope of SUMMARY_SCOPES) {
      // the bureau's comes first and counts the city; the districts' reuse its counts
      const { summary, counts } = summaryWithCounts({ scope, now, city })
      if (scope.kind === 'bureau') {
        bureau = countsOf(summary)
        city = counts
      }
      const delivery = notifyEvent(tx, {
        source: 'weekly_summary',
        sourceId: summarySourceId(scope),
        day: week,
        step: 0,
        labId: null,
        title: weeklySummaryTitle(summary),
        link: SUMMARY_LINKS.dashboard,
        to: scope.kind === 'bureau' ? { bureau: true } : { districtCodes: [scope.districtCode] },
        at: now,
        details: (t) => ({ lines: composeWeeklySummary(t, summary), footer: t('notices.weekly.footer') }),
      })
      sent += delivery.sent
      outboxIds.push(...delivery.outboxIds)
    }
  })
  // sent: inbox items (people told); queued: mails
  return { week, today, offices: SUMMARY_SCOPES.length, sent, queued: outboxIds.length, outboxIds, bureau }
}
