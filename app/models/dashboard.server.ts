import { and, count, eq, sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import { labs, organisations } from '~db/schema'
import { DISTRICT_CODES, type DistrictCode, type Direction, type LabStatus } from '~db/schema/enums'
import { CHECK_IDS } from '~/domain/compliance/types'
import { monthRange, shiftMonth, type IsoDate } from '~/domain/dates'
import type { Actor } from '~/domain/permissions'
import { db } from '~/utils/db.server'
import { untilDataChanges } from '~/utils/read-memo.server'
import { optionalEnum, searchEntries } from '~/utils/list-params'
import { ensureComplianceFresh, needsAttention } from './compliance.server'
import { latestPeriods, statusSql, undecidedEndingBetween } from './lab-status.server'
import { countAwaiting } from './review-queue.server'
import { labScope } from './scope.server'
import { ruleSettings } from './settings.server'

// Both charts over time span 24 months: expiries from this month on, compliance up to this month.
export const DASHBOARD_MONTHS = 24
export const ATTENTION_PAGE_SIZE = 10

// The needs-attention table's state in the dashboard's URL. Prefixed where a bare name would
// read as a registry filter; malformed values fall back to the defaults.
const AttentionParams = z.object({
  attention: z.coerce.number().int().min(1).max(100_000).catch(1),
  result: optionalEnum(['failing', 'warning']),
  check: optionalEnum(CHECK_IDS),
  district: optionalEnum(DISTRICT_CODES),
})

// Lab counts per direction and status (dashboard chart), scoped; statuses as in the registry.
export function countLabsByDirectionAndStatus({ actor, today, windowDays }: { actor: Actor; today: IsoDate; windowDays: number }) {
  const latest = latestPeriods()
  const status = statusSql(latest, today, windowDays)
  return db()
    .select({ direction: sql<Direction>`${labs.direction}`.as('direction'), status: sql<LabStatus>`${status}`.as('status'), n: count() })
    .from(labs)
    .innerJoin(organisations, eq(organisations.id, labs.hostOrgId))
    .leftJoin(latest, eq(latest.labId, labs.id))
    .where(labScope(actor))
    .groupBy(sql`1`, sql`2`)
    .all()
}

/**
 * Labs in scope whose latest period ends in each month from `fromMonth` for `months` months and
 * is still undecided: the same condition as the registry's `expires=YYYY-MM` filter. Months
 * without expiries are listed with 0.
 */
export function countExpiriesByMonth({ actor, fromMonth, months }: { actor: Actor; fromMonth: string; months: number }) {
  const range = monthRange(fromMonth, months)
  const latest = latestPeriods()
  const month = sql<string>`substr(${latest.endDate}, 1, 7)`
  const rows = db()
    .select({ month: month.as('month'), n: count() })
    .from(labs)
    .innerJoin(latest, eq(latest.labId, labs.id))
    .where(and(labScope(actor), undecidedEndingBetween(latest, `${range[0]}-01`, `${range[range.length - 1]}-31`)))
    .groupBy(sql`1`)
    .all()
  return range.map((m) => ({ month: m, n: rows.find((r) => r.month === m)?.n ?? 0 }))
}

// What the dashboard counts is kept on write (issue 18) rather than recomputed from every lab's
// history on each view: lab_standing (each lab's status, worst result, undecided end and failing
// or warning checks, written with lab_checks by refreshCompliance), compliance_month_totals and
// request_tally (kept by triggers, migration 0023). countLabsByDirectionAndStatus and
// countExpiriesByMonth above, countLabsByStatus and countLabsByDistrictAndStatus (labs.server.ts),
// countLabsByWorstResult and complianceShareByMonth (compliance.server.ts) and countAwaiting
// (review-queue.server.ts) recompute the same figures from the facts;
// tests/models/dashboard-aggregates.test.ts holds the two to one answer after every kind of write.

export type StandingCount = {
  districtCode: DistrictCode
  direction: Direction
  status: LabStatus
  worst: number | null
  n: number
}

// How many labs in scope per district, direction, status and worst result: lab_standing_tally
// (kept by triggers on lab_standing and labs, migration 0028) for the city and a district, a few
// hundred rows whatever the number of labs; lab_standing itself for any other actor.
function standingCounts(actor: Actor): StandingCount[] {
  const scope = tallyScope(actor)
  if (scope) {
    return db().all<StandingCount>(sql`
      SELECT district_code AS districtCode, direction, status, nullif(worst, -1) AS worst, n
      FROM lab_standing_tally WHERE ${scope} AND n > 0`)
  }
  return standingCountsOfLabs(actor)
}

// The same counts from every lab's standing: the tally's twin (tests/models/dashboard-aggregates.test.ts).
export function standingCountsOfLabs(actor: Actor): StandingCount[] {
  return db().all<StandingCount>(sql`
    SELECT labs.district_code AS districtCode, labs.direction AS direction, s.status AS status, s.worst_severity AS worst, count(*) AS n
    FROM lab_standing s JOIN labs ON labs.id = s.lab_id
    WHERE ${labScope(actor) ?? sql`1`}
    GROUP BY 1, 2, 3, 4`)
}

// Sums `rows`' n by `keyOf`, ordered as SQL's GROUP BY of the same keys orders them.
function sumBy<T>(rows: StandingCount[], keyOf: (r: StandingCount) => (string | number)[], make: (r: StandingCount, n: number) => T): T[] {
  const sums = new Map<string, { row: StandingCount; key: (string | number)[]; n: number }>()
  for (const r of rows) {
    const key = keyOf(r)
    const id = JSON.stringify(key)
    const entry = sums.get(id)
    if (entry) entry.n += r.n
    else sums.set(id, { row: r, key, n: r.n })
  }
  const compare = (a: (string | number)[], b: (string | number)[]) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1
    return 0
  }
  return [...sums.values()].sort((a, b) => compare(a.key, b.key)).map((e) => make(e.row, e.n))
}

/**
 * Labs in scope whose latest undecided period ends in each month (as countExpiriesByMonth): from
 * lab_expiry_tally (kept by triggers, migration 0028) for the city and a district, a row per
 * district and month; from lab_standing for any other actor.
 */
function standingExpiries(actor: Actor, fromMonth: string, months: number) {
  const range = monthRange(fromMonth, months)
  const scope = tallyScope(actor)
  const rows = scope
    ? db().all<{ month: string; n: number }>(sql`
        SELECT month, sum(n) AS n FROM lab_expiry_tally
        WHERE ${scope} AND month BETWEEN ${range[0]} AND ${range[range.length - 1]}
        GROUP BY month`)
    : db().all<{ month: string; n: number }>(sql`
        SELECT substr(s.expires_on, 1, 7) AS month, count(*) AS n
        FROM lab_standing s JOIN labs ON labs.id = s.lab_id
        WHERE ${labScope(actor) ?? sql`1`} AND s.expires_on BETWEEN ${`${range[0]}-01`} AND ${`${range[range.length - 1]}-31`}
        GROUP BY 1`)
  return range.map((m) => ({ month: m, n: rows.find((r) => r.month === m)?.n ?? 0 }))
}

// The tallies scoped as labScope scopes labs: the city, or one district; null for other actors.
function tallyScope(actor: Actor): SQL | null {
  if (actor.role === 'bureau') return sql`1`
  if (actor.role === 'district' && actor.districtCode) return sql`district_code = ${actor.districtCode}`
  return null
}

// compliance_month_totals scoped as labScope scopes labs: the city, or one district.
function monthTotalsScope(actor: Actor): SQL {
  if (actor.role === 'bureau') return sql`1`
  if (actor.role === 'district' && actor.districtCode) return sql`district_code = ${actor.districtCode}`
  return sql`0`
}

/** Per month, labs recorded and labs fully compliant (as complianceShareByMonth), from compliance_month_totals. */
export function monthTotals({ actor, fromMonth, toMonth }: { actor: Actor; fromMonth: string; toMonth: string }) {
  return db().all<{ month: string; total: number; compliant: number }>(sql`
    SELECT month, sum(total) AS total, sum(compliant) AS compliant FROM compliance_month_totals
    WHERE ${monthTotalsScope(actor)} AND month BETWEEN ${fromMonth} AND ${toMonth}
    GROUP BY month HAVING sum(total) > 0 ORDER BY month`)
}

/**
 * The dashboard's figures for the actor's scope (the city, a district): tiles, labs by district
 * and direction, expiries by month, the compliance share. The same for everyone in the scope
 * until the next write, so read once per state of the database (app/utils/read-memo.server.ts).
 */
function scopeFigures(actor: Actor, today: IsoDate) {
  return untilDataChanges(`dashboard ${actor.role} ${actor.districtCode ?? ''} ${today}`, () => {
    const standing = standingCounts(actor)
    const statusCount = (s: LabStatus) => standing.reduce((sum, r) => (r.status === s ? sum + r.n : sum), 0)
    const thisMonth = today.slice(0, 7)
    const share = monthTotals({ actor, fromMonth: shiftMonth(thisMonth, 1 - DASHBOARD_MONTHS), toMonth: thisMonth })
    return {
      tiles: {
        total: standing.reduce((sum, r) => sum + r.n, 0),
        // in force: active, or renewed with the next period recorded
        active: statusCount('active') + statusCount('renewed'),
        activeOnly: statusCount('active'),
        renewed: statusCount('renewed'),
        expiring: statusCount('expiring'),
        expired: statusCount('expired'),
        failing: standing.reduce((sum, r) => (r.worst === 2 ? sum + r.n : sum), 0),
        awaitingReview: countAwaiting(actor),
      },
      byDistrict: sumBy(
        standing,
        (r) => [r.districtCode, r.status],
        (r, n) => ({ districtCode: r.districtCode, status: r.status, n }),
      ),
      byDirection: sumBy(
        standing,
        (r) => [r.direction, r.status],
        (r, n) => ({ direction: r.direction, status: r.status, n }),
      ),
      expiries: standingExpiries(actor, thisMonth, DASHBOARD_MONTHS),
      complianceShare: monthRange(shiftMonth(thisMonth, 1 - DASHBOARD_MONTHS), DASHBOARD_MONTHS).map((month) => {
        const row = share.find((r) => r.month === month)
        // a month without history is a gap in the line, not 0 %
        return row && row.total > 0
          ? { month, total: row.total, compliant: row.compliant, share: Math.round((1000 * row.compliant) / row.total) / 10 }
          : { month, total: 0, compliant: 0, share: null }
      }),
    }
  })
}

// Everything the bureau's and a district's dashboard shows, scoped to the actor. `search` is the
// request's query string: the needs-attention table's page and filters.
export function dashboardData({
  actor,
  today,
  search = new URLSearchParams(),
}: {
  actor: Actor
  today: IsoDate
  search?: URLSearchParams
}) {
  const windowDays = ruleSettings().expiryWindowDays
  ensureComplianceFresh(today)
  const figures = scopeFigures(actor, today)
  const params = AttentionParams.parse(searchEntries(search))
  const isDistrict = actor.role === 'district'
  const filter = { result: params.result, checkId: params.check, districtCode: isDistrict ? undefined : params.district }
  let attention = needsAttention({ actor, today, filter, page: params.attention, pageSize: ATTENTION_PAGE_SIZE })
  const pages = Math.max(1, Math.ceil(attention.total / ATTENTION_PAGE_SIZE))
  const page = Math.min(params.attention, pages)
  // a page past the end (an old bookmark, a list that shrank) shows the last page
  if (page !== params.attention) attention = needsAttention({ actor, today, filter, page, pageSize: ATTENTION_PAGE_SIZE })

  return {
    today,
    windowDays,
    scope: isDistrict ? actor.districtCode : null,
    ...figures,
    districts: isDistrict && actor.districtCode ? [actor.districtCode] : [...DISTRICT_CODES],
    attention: {
      rows: attention.rows,
      total: attention.total,
      page,
      pageSize: ATTENTION_PAGE_SIZE,
      filter: { result: params.result ?? null, check: params.check ?? null, district: filter.districtCode ?? null },
    },
  }
}

export type DashboardData = ReturnType<typeof dashboardData>
