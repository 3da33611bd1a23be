import { and, count, eq, sql } from 'drizzle-orm'
import { z } from 'zod'
import { labs, organisations } from '~db/schema'
import { DISTRICT_CODES, type Direction, type LabStatus } from '~db/schema/enums'
import { CHECK_IDS } from '~/domain/compliance/types'
import { monthRange, shiftMonth, type IsoDate } from '~/domain/dates'
import type { Actor } from '~/domain/permissions'
import { db } from '~/utils/db.server'
import { optionalEnum, searchEntries } from '~/utils/list-params'
import { countLabsByWorstResult, complianceShareByMonth, needsAttention } from './compliance.server'
import { latestPeriods, statusSql, undecidedEndingBetween } from './lab-status.server'
import { countLabsByDistrictAndStatus, countLabsByStatus } from './labs.server'
import { labScope } from './scope.server'
import { countAwaiting } from './review-queue.server'
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
  const byStatus = countLabsByStatus({ actor, today, windowDays })
  const statusCount = (s: LabStatus) => byStatus.find((r) => r.status === s)?.n ?? 0
  const worst = countLabsByWorstResult({ actor, today })
  const thisMonth = today.slice(0, 7)

  const share = complianceShareByMonth({
    actor,
    today,
    fromMonth: shiftMonth(thisMonth, 1 - DASHBOARD_MONTHS),
    toMonth: thisMonth,
  })
  const complianceShare = monthRange(shiftMonth(thisMonth, 1 - DASHBOARD_MONTHS), DASHBOARD_MONTHS).map((month) => {
    const row = share.find((r) => r.month === month)
    // a month without history is a gap in the line, not 0 %
    return row && row.total > 0
      ? { month, total: row.total, compliant: row.compliant, share: Math.round((1000 * row.compliant) / row.total) / 10 }
      : { month, total: 0, compliant: 0, share: null }
  })

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
    tiles: {
      total: byStatus.reduce((sum, r) => sum + r.n, 0),
      // in force: active, or renewed with the next period recorded
      active: statusCount('active') + statusCount('renewed'),
      activeOnly: statusCount('active'),
      renewed: statusCount('renewed'),
      expiring: statusCount('expiring'),
      expired: statusCount('expired'),
      failing: worst.failing,
      awaitingReview: countAwaiting(actor),
    },
    byDistrict: countLabsByDistrictAndStatus({ actor, today, windowDays }),
    byDirection: countLabsByDirectionAndStatus({ actor, today, windowDays }),
    expiries: countExpiriesByMonth({ actor, fromMonth: thisMonth, months: DASHBOARD_MONTHS }),
    complianceShare,
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
