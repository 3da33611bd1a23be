import { and, asc, count, desc, eq, gte, inArray, lt, lte, or, sql, type AnyColumn, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import { incidentMonthTallies, incidents, labChecks, labs, labSecurityTally } from '~db/schema'
import {
  DISTRICT_CODES,
  INCIDENT_GRADES,
  INCIDENT_STATUSES,
  type DistrictCode,
  type IncidentGrade,
  type IncidentStatus,
} from '~db/schema/enums'
import { addMonths, shanghaiDayStart, type IsoDate } from '~/domain/dates'
import { incidentTiming, isMonth, SECURITY_CHECK_IDS, type SecurityCheckId } from '~/domain/incidents'
import type { Actor } from '~/domain/permissions'
import { now as clockNow } from '~/utils/clock.server'
import { db } from '~/utils/db.server'
import { optionalEnum, pageParams, searchEntries, searchText } from '~/utils/list-params'
import { ensureComplianceFresh } from './compliance.server'
import { containsPattern } from './like.server'
import { labScope } from './scope.server'

// 数据安全 across labs (issue 5 item 3): the bureau's city-wide /security page and a district's
// view of its own labs. The incidents of every lab in scope (table, chart by month, the CSV at
// /security/incidents.csv), the labs whose security checks are not ok, and the page's URL state.
// Reads only, scoped by labScope in SQL. Apart from incidents.server.ts (one lab's incidents and
// every write to them) and security.server.ts (one lab's plans and drills) because it answers the
// bureau's question across labs, not a lab's own page; it imports neither.

// ---------------------------------------------------------------------------------------------
// Incidents across labs: the bureau's and a district's table, chart and export

export const INCIDENT_SORTS = ['discovered', 'grade', 'lab'] as const
export type IncidentSort = (typeof INCIDENT_SORTS)[number]

export type IncidentFilter = {
  grade?: IncidentGrade
  status?: IncidentStatus
  districtCode?: DistrictCode
  // reported after the deadline, or not reported and past it
  late?: boolean
  // 'YYYY-MM': discovered in that month, Asia/Shanghai
  month?: string
  q?: string
}

// The first instant of a month in Asia/Shanghai, and of the next one: a range on discovered_at
// that incidents_discovered_idx can serve.
function monthInstants(month: string) {
  const first = `${month}-01` as IsoDate
  return { from: shanghaiDayStart(first), to: shanghaiDayStart(addMonths(first, 1)) }
}

// Instants are stored in Date#toISOString form (same length, UTC), so text comparison orders them.
function lateSql(now: Date): SQL {
  return sql`(${incidents.reportedAt} > ${incidents.reportDeadline} OR (${incidents.reportedAt} IS NULL AND ${
    incidents.reportDeadline
  } < ${now.toISOString()}))`
}

function incidentWhere(actor: Actor, filter: IncidentFilter, now: Date) {
  const q = filter.q?.trim()
  const pattern = q ? containsPattern(q) : null
  const month = filter.month ? monthInstants(filter.month) : null
  return and(
    labScope(actor),
    filter.grade ? eq(incidents.grade, filter.grade) : undefined,
    filter.status ? eq(incidents.status, filter.status) : undefined,
    filter.districtCode ? eq(labs.districtCode, filter.districtCode) : undefined,
    filter.late ? lateSql(now) : undefined,
    month ? and(gte(incidents.discoveredAt, month.from), lt(incidents.discoveredAt, month.to)) : undefined,
    pattern ? or(sql`${labs.name} LIKE ${pattern} ESCAPE '\\'`, sql`${incidents.title} LIKE ${pattern} ESCAPE '\\'`) : undefined,
  )
}

const SORT_COLUMNS: Record<IncidentSort, AnyColumn> = {
  discovered: incidents.discoveredAt,
  // 'I' < 'II' < 'III' < 'IV' as text: the most serious first in ascending order
  grade: incidents.grade,
  lab: labs.name,
}

/** Incidents of every lab in scope, filtered, sorted and paged (pageSize null: every row, for the export). */
export function listIncidents({
  actor,
  filter,
  sort = 'discovered',
  dir = 'desc',
  page = 1,
  pageSize,
  now = clockNow(),
}: {
  actor: Actor
  filter: IncidentFilter
  sort?: IncidentSort
  dir?: 'asc' | 'desc'
  page?: number
  pageSize: number | null
  now?: Date
}) {
  const where = incidentWhere(actor, filter, now)
  const order = dir === 'asc' ? asc : desc
  const query = db()
    .select({
      id: incidents.id,
      labId: incidents.labId,
      labName: labs.name,
      districtCode: labs.districtCode,
      grade: incidents.grade,
      title: incidents.title,
      status: incidents.status,
      discoveredAt: incidents.discoveredAt,
      reportedAt: incidents.reportedAt,
      reportDeadline: incidents.reportDeadline,
      closedAt: incidents.closedAt,
      dataAffected: incidents.dataAffected,
    })
    .from(incidents)
    .innerJoin(labs, eq(labs.id, incidents.labId))
    .where(where)
    .orderBy(order(SORT_COLUMNS[sort]), order(incidents.discoveredAt), order(incidents.id))
  const rows = (
    pageSize === null
      ? query.all()
      : query
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .all()
  ).map((r) => ({
    ...r,
    timing: incidentTiming({ discoveredAt: r.discoveredAt, reportedAt: r.reportedAt, deadline: r.reportDeadline, now }),
  }))
  const total =
    pageSize === null
      ? rows.length
      : (countTallied(actor, filter) ??
        db().select({ n: count() }).from(incidents).innerJoin(labs, eq(labs.id, incidents.labId)).where(where).get()?.n ??
        0)
  return { rows, total }
}

/**
 * How many incidents the city or a district has under filters the month tallies are kept by (a
 * grade, a month, a district), summed from incident_month_tallies instead of counting every
 * incident; null under any other filter (a status, late, a search), which counts the incidents.
 */
function countTallied(actor: Actor, filter: IncidentFilter): number | null {
  if (actor.role !== 'bureau' && actor.role !== 'district') return null
  if (filter.status || filter.late || filter.q?.trim()) return null
  const t = incidentMonthTallies
  const row = db()
    .select({ n: sql<number>`coalesce(sum(${t.n}), 0)`.mapWith(Number) })
    .from(t)
    .where(
      and(
        actor.role === 'district' ? (actor.districtCode ? eq(t.districtCode, actor.districtCode) : sql`0`) : undefined,
        filter.districtCode ? eq(t.districtCode, filter.districtCode) : undefined,
        filter.grade ? eq(t.grade, filter.grade) : undefined,
        filter.month ? eq(t.month, filter.month) : undefined,
      ),
    )
    .get()
  return row?.n ?? 0
}

export type IncidentListRow = ReturnType<typeof listIncidents>['rows'][number]

/**
 * Incidents in scope per month of discovery (Asia/Shanghai) and grade, for `months` ('YYYY-MM',
 * oldest first): the city's or a district's from incident_month_tallies (kept on write), anyone
 * else's recounted from the incidents.
 */
export function countIncidentsByMonth({
  actor,
  months,
  districtCode,
}: {
  actor: Actor
  months: readonly string[]
  districtCode?: DistrictCode
}) {
  if (months.length === 0) return []
  if (actor.role !== 'bureau' && actor.role !== 'district') return recountIncidentsByMonth({ actor, months, districtCode })
  const t = incidentMonthTallies
  return db()
    .select({ month: t.month, grade: t.grade, n: sql<number>`sum(${t.n})`.mapWith(Number) })
    .from(t)
    .where(
      and(
        gte(t.month, months[0]),
        lte(t.month, months[months.length - 1]),
        actor.role === 'district' ? (actor.districtCode ? eq(t.districtCode, actor.districtCode) : sql`0`) : undefined,
        districtCode ? eq(t.districtCode, districtCode) : undefined,
      ),
    )
    .groupBy(t.month, t.grade)
    .having(sql`sum(${t.n}) > 0`)
    .orderBy(t.month, t.grade)
    .all()
}

/** The same counts from the incidents themselves (a lab's scope, and the tallies' agreement test). */
export function recountIncidentsByMonth({
  actor,
  months,
  districtCode,
}: {
  actor: Actor
  months: readonly string[]
  districtCode?: DistrictCode
}) {
  if (months.length === 0) return []
  const from = monthInstants(months[0]).from
  const to = monthInstants(months[months.length - 1]).to
  const month = sql<string>`strftime('%Y-%m', ${incidents.discoveredAt}, '+8 hours')`
  const scope = labScope(actor)
  const inRange = and(gte(incidents.discoveredAt, from), lt(incidents.discoveredAt, to))
  const counts = db().select({ month: month.as('month'), grade: incidents.grade, n: count() })
  // the city's count reads incidents_month_idx alone; a scope or a district filter needs the lab
  const rows =
    scope || districtCode
      ? counts
          .from(incidents)
          .innerJoin(labs, eq(labs.id, incidents.labId))
          .where(and(scope, districtCode ? eq(labs.districtCode, districtCode) : undefined, inRange))
          .groupBy(sql`1`, incidents.grade)
          .all()
      : counts
          .from(incidents)
          .where(inRange)
          .groupBy(sql`1`, incidents.grade)
          .all()
  return rows
}

// ---------------------------------------------------------------------------------------------
// Labs whose security checks are not ok: no current plan, no recent drill, a serious incident
// still open, a report made late. Read from the stored results (lab_checks), like the dashboard.

/** One row per lab in scope with a failing or warning security check, worst first, then by name; each with those checks. */
export function securityAttention({
  actor,
  today,
  districtCode,
  check,
  page,
  pageSize,
}: {
  actor: Actor
  today: IsoDate
  districtCode?: DistrictCode
  check?: SecurityCheckId
  page: number
  pageSize: number
}) {
  ensureComplianceFresh(today)
  const checkIds = check ? [check] : [...SECURITY_CHECK_IDS]
  const labWhere = and(labScope(actor), districtCode ? eq(labs.districtCode, districtCode) : undefined)
  // Worst first, then by name: the labs with a failing security check (severity 2), then those
  // with a warning only (1). Each tier is read in name order from labs_name_idx, its check probed
  // in the lab_checks primary key, so a page costs its own rows, not every lab's.
  const has = (severity: number) =>
    sql`EXISTS (SELECT 1 FROM ${labChecks} c WHERE c.lab_id = ${labs.id} AND c.check_id IN ${checkIds} AND c.severity = ${severity})`
  const tiers = [
    { worst: 2, where: and(labWhere, has(2)) },
    { worst: 1, where: and(labWhere, has(1), sql`NOT ${has(2)}`) },
  ]
  // How many labs each tier holds. The city's or a district's: summed from lab_security_tally
  // (kept on write, migration 0032), at most a few hundred rows, instead of counting every failing
  // and warning security check (at 50,000 labs some 190,000). Anyone else's (a lab's): its labs
  // probed in lab_checks_check_idx, both tiers in one pass.
  let sizes: number[]
  if (actor.role === 'bureau' || actor.role === 'district') {
    const { failing, any } = securityMasks(checkIds)
    const t = labSecurityTally
    const counted = db()
      .select({
        failing: sql<number>`coalesce(sum(CASE WHEN ${t.securitySeverities} & ${failing} <> 0 THEN ${t.n} END), 0)`.mapWith(Number),
        warning:
          sql<number>`coalesce(sum(CASE WHEN ${t.securitySeverities} & ${failing} = 0 AND ${t.securitySeverities} & ${any} <> 0 THEN ${t.n} END), 0)`.mapWith(
            Number,
          ),
      })
      .from(t)
      .where(
        and(
          actor.role === 'district' ? (actor.districtCode ? eq(t.districtCode, actor.districtCode) : sql`0`) : undefined,
          districtCode ? eq(t.districtCode, districtCode) : undefined,
        ),
      )
      .get()
    sizes = [counted?.failing ?? 0, counted?.warning ?? 0]
  } else {
    const worst = sql`CASE WHEN ${has(2)} THEN 2 WHEN ${has(1)} THEN 1 ELSE 0 END`
    const counted = db().get<{ failing: number; warning: number }>(
      sql`SELECT coalesce(sum(w = 2), 0) AS failing, coalesce(sum(w = 1), 0) AS warning FROM (SELECT ${worst} AS w FROM ${labs} WHERE ${labWhere ?? sql`1`})`,
    )
    sizes = [counted?.failing ?? 0, counted?.warning ?? 0]
  }
  const total = sizes[0] + sizes[1]
  const labRows: { labId: number; labName: string; districtCode: DistrictCode }[] = []
  let skip = (page - 1) * pageSize
  tiers.forEach((tier, i) => {
    const want = pageSize - labRows.length
    if (want > 0 && skip < sizes[i])
      labRows.push(
        ...db()
          .select({ labId: labs.id, labName: labs.name, districtCode: labs.districtCode })
          .from(labs)
          .where(tier.where)
          .orderBy(asc(labs.name), asc(labs.id))
          .limit(want)
          .offset(skip)
          .all(),
      )
    skip = Math.max(0, skip - sizes[i])
  })
  const ids = labRows.map((l) => l.labId)
  const checks = ids.length
    ? db()
        .select({
          labId: labChecks.labId,
          checkId: labChecks.checkId,
          subject: labChecks.subject,
          result: labChecks.result,
          reasonKey: labChecks.reasonKey,
          reasonParams: labChecks.reasonParams,
          concernsDate: labChecks.concernsDate,
          fixPath: labChecks.fixPath,
        })
        .from(labChecks)
        // the page's labs probed in the primary key: `+` keeps the planner off lab_checks_check_idx,
        // which would read every failing and warning security check of the city (22 ms at 50,000 labs)
        .where(and(inArray(labChecks.labId, ids), inArray(labChecks.checkId, [...SECURITY_CHECK_IDS]), sql`+${labChecks.severity} > 0`))
        .orderBy(desc(labChecks.severity), asc(labChecks.concernsDate), asc(labChecks.subject))
        .all()
    : []
  return {
    total,
    rows: labRows.map((l) => ({
      ...l,
      checks: checks.filter((c) => c.labId === l.labId).map((c) => ({ ...c, checkId: c.checkId as SecurityCheckId })),
    })),
  }
}

/**
 * The bits of lab_standing.security_severities (two per check, SECURITY_CHECK_IDS order) that say
 * one of `checkIds` is failing, and that one of them is not ok.
 */
function securityMasks(checkIds: readonly SecurityCheckId[]) {
  let failing = 0
  let any = 0
  for (const id of checkIds) {
    const shift = 2 * SECURITY_CHECK_IDS.indexOf(id)
    failing |= 2 << shift
    any |= 3 << shift
  }
  return { failing, any }
}

export type SecurityAttentionRow = ReturnType<typeof securityAttention>['rows'][number]

// ---------------------------------------------------------------------------------------------
// The security page's state in its URL, shared by the page and its CSV export. Malformed values
// fall back to the defaults, so an old bookmark still opens. A district's own scope is applied
// in SQL; a district filter in its URL is ignored rather than narrowing or widening it.

const SecurityParams = z.object({
  district: optionalEnum(DISTRICT_CODES),
  check: optionalEnum(SECURITY_CHECK_IDS),
  labsPage: z.coerce.number().int().min(1).max(100_000).catch(1),
  grade: optionalEnum(INCIDENT_GRADES),
  status: optionalEnum(INCIDENT_STATUSES),
  late: z.literal('1').optional().catch(undefined),
  month: z.string().refine(isMonth).optional().catch(undefined),
  q: searchText,
  sort: z.enum(INCIDENT_SORTS).catch('discovered'),
  // newest first unless asked otherwise
  dir: z.enum(['asc', 'desc']).catch('desc'),
  ...pageParams(),
})

export function parseSecurityParams(search: URLSearchParams, actor: Actor) {
  const p = SecurityParams.parse(searchEntries(search))
  const districtCode = actor.role === 'bureau' ? p.district : undefined
  const filter: IncidentFilter = { grade: p.grade, status: p.status, districtCode, late: p.late === '1', month: p.month, q: p.q }
  return { ...p, district: districtCode, filter }
}
