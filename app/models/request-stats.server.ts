import { sql, type SQL } from 'drizzle-orm'
import type { DistrictCode, RequestStatus, ResourceType, ResourceUnit } from '../../db/schema/enums'
import type { IsoDate } from '../domain/dates'
import type { Actor } from '../domain/permissions'
import { DECIDED_STATUSES } from '../domain/resource-requests'
import { db } from '../utils/db.server'
import { stageCondition } from './request-queue.server'
import { labScope } from './scope.server'

// How the bureau serves labs (issue 6, item 4): requests by type and status, time to decision
// (median and 90th percentile), the share decided within the deadline, and what was granted per
// district and type. Everything is counted in SQL from facts stored at the decision
// (decision_working_days, decided_in_time), scoped with labScope and never counting drafts.

export type DecisionRange = { from?: IsoDate; to?: IsoDate }

const FROM = sql`FROM resource_requests r JOIN labs ON labs.id = r.lab_id`

function scoped(actor: Actor, ...more: SQL[]): SQL {
  const scope = labScope(actor)
  return sql.join([sql`r.status <> 'draft'`, ...(scope ? [scope] : []), ...more], sql` AND `)
}

// Decided between `from` and `to` (inclusive; resource_requests_decided_idx).
function decidedBetween(range: DecisionRange): SQL[] {
  return [...(range.from ? [sql`r.decided_on >= ${range.from}`] : []), ...(range.to ? [sql`r.decided_on <= ${range.to}`] : [])]
}

// Decided requests, optionally only those decided in the range.
function decided(range: DecisionRange): SQL[] {
  return [sql`r.status IN ${[...DECIDED_STATUSES]}`, ...decidedBetween(range)]
}

/** Requests in scope per type and status (drafts excepted), for the stacked chart. */
export function countRequestsByTypeAndStatus(actor: Actor) {
  return db().all<{ type: ResourceType; status: RequestStatus; n: number }>(sql`
    SELECT r.type AS type, r.status AS status, count(*) AS n ${FROM}
    WHERE ${scoped(actor)}
    GROUP BY r.type, r.status`)
}

/** The tiles: awaiting a decision and past the deadline now; decided (in the range). */
export function countRequestStages({ actor, today, range = {} }: { actor: Actor; today: IsoDate; range?: DecisionRange }) {
  const count = (condition: SQL) => db().get<{ n: number }>(sql`SELECT count(*) AS n ${FROM} WHERE ${scoped(actor, condition)}`)?.n ?? 0
  return {
    open: count(stageCondition('open', actor, today)),
    overdue: count(stageCondition('overdue', actor, today)),
    decided: count(sql.join(decided(range), sql` AND `)),
  }
}

export type DecisionSpeed = {
  group: string
  // decided requests counted
  n: number
  // of which decided within their deadline
  inTime: number
  // working days from the latest submission to the decision, nearest rank; null when n is 0
  median: number | null
  p90: number | null
}

const GROUPS = { all: sql`'all'`, type: sql`r.type`, district: sql`labs.district_code` } as const

/**
 * Time to decision per group, in working days: the median and the 90th percentile by nearest
 * rank (the value at rank ceil(p·n) of the sorted values, integer arithmetic (n·p + 99) / 100, so
 * every figure is a real request's), and how many were decided within their deadline. Groups
 * without a decided request are absent.
 */
export function decisionSpeed({
  actor,
  by,
  range = {},
}: {
  actor: Actor
  by: keyof typeof GROUPS
  range?: DecisionRange
}): DecisionSpeed[] {
  return db().all<DecisionSpeed>(sql`
    WITH d AS (
      SELECT ${GROUPS[by]} AS g, r.decision_working_days AS v, coalesce(r.decided_in_time, 0) AS t
      ${FROM}
      WHERE ${scoped(actor, ...decided(range), sql`r.decision_working_days IS NOT NULL`)}
    ),
    ranked AS (
      SELECT g, v, t, row_number() OVER (PARTITION BY g ORDER BY v) AS rn, count(*) OVER (PARTITION BY g) AS n FROM d
    )
    SELECT g AS "group", n, sum(t) AS inTime,
           max(CASE WHEN rn = (n * 50 + 99) / 100 THEN v END) AS median,
           max(CASE WHEN rn = (n * 90 + 99) / 100 THEN v END) AS p90
    FROM ranked
    GROUP BY g, n
    ORDER BY g`)
}

export type GrantedRow = { districtCode: DistrictCode; type: ResourceType; unit: ResourceUnit; n: number; total: number }

// What the bureau granted: the granted quantity (set at an approval and a partial one, and kept
// through fulfilment and closing), as grantedOf in app/domain/resource-requests.ts reads it.
const grantedSql = sql`coalesce(r.granted_quantity, CASE WHEN r.status = 'approved' THEN r.quantity END)`

/**
 * Per district, type and unit (a type's units differ, so only one unit's quantities add up): how
 * many requests were granted and the sum granted. Approved, partly approved, fulfilled, and
 * closed with a grant (a rejection closed has none).
 */
export function grantedByDistrictAndType({ actor, range = {} }: { actor: Actor; range?: DecisionRange }): GrantedRow[] {
  return db().all<GrantedRow>(sql`
    SELECT labs.district_code AS districtCode, r.type AS type, r.unit AS unit, count(*) AS n, sum(${grantedSql}) AS total
    ${FROM}
    WHERE ${scoped(
      actor,
      sql`r.status IN ('approved', 'partly_approved', 'fulfilled', 'closed')`,
      sql`${grantedSql} IS NOT NULL`,
      ...decidedBetween(range),
    )}
    GROUP BY labs.district_code, r.type, r.unit
    ORDER BY labs.district_code, r.type, r.unit`)
}

const EMPTY_SPEED = { n: 0, inTime: 0, median: null, p90: null }

/** Everything the dashboard's resource-support section shows, scoped to the actor. */
export function requestServiceStats({ actor, today, range = {} }: { actor: Actor; today: IsoDate; range?: DecisionRange }) {
  const overall = decisionSpeed({ actor, by: 'all', range })[0]
  return {
    stages: countRequestStages({ actor, today, range }),
    byTypeStatus: countRequestsByTypeAndStatus(actor),
    speed: overall ? { n: overall.n, inTime: overall.inTime, median: overall.median, p90: overall.p90 } : EMPTY_SPEED,
    speedByType: decisionSpeed({ actor, by: 'type', range }) as (DecisionSpeed & { group: ResourceType })[],
    speedByDistrict: decisionSpeed({ actor, by: 'district', range }) as (DecisionSpeed & { group: DistrictCode })[],
    granted: grantedByDistrictAndType({ actor, range }),
  }
}

export type RequestServiceStats = ReturnType<typeof requestServiceStats>
