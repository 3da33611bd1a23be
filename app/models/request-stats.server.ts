import { sql, type SQL } from 'drizzle-orm'
import type { DistrictCode, RequestStatus, ResourceType, ResourceUnit } from '~db/schema/enums'
import type { IsoDate } from '~/domain/dates'
import type { Actor } from '~/domain/permissions'
import { AWAITING_DECISION, DECIDED_STATUSES } from '~/domain/resource-requests'
import { db } from '~/utils/db.server'
import { untilDataChanges } from '~/utils/read-memo.server'
import { REQUESTS_FROM, stageCondition, submittedInScope } from './request-queue.server'

// How the bureau serves labs (issue 6, item 4): requests by type and status, time to decision
// (median and 90th percentile), the share decided within the deadline, and what was granted per
// district and type. Everything is counted in SQL from facts stored at the decision
// (decision_working_days, decided_in_time), scoped with labScope and never counting drafts.

export type DecisionRange = { from?: IsoDate; to?: IsoDate }

function scoped(actor: Actor, ...more: SQL[]): SQL {
  return sql.join([...submittedInScope(actor), ...more], sql` AND `)
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
    SELECT r.type AS type, r.status AS status, count(*) AS n ${REQUESTS_FROM}
    WHERE ${scoped(actor)}
    GROUP BY r.type, r.status`)
}

/** The tiles: awaiting a decision and past the deadline now; decided (in the range). */
export function countRequestStages({ actor, today, range = {} }: { actor: Actor; today: IsoDate; range?: DecisionRange }) {
  const count = (condition: SQL) =>
    db().get<{ n: number }>(sql`SELECT count(*) AS n ${REQUESTS_FROM} WHERE ${scoped(actor, condition)}`)?.n ?? 0
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

type Dimension = 'all' | 'type' | 'district'

/**
 * Time to decision, in working days, overall, per type and per district in one pass: the median
 * and the 90th percentile by nearest rank (the value at rank ceil(p·n) of the sorted values,
 * integer arithmetic (n·p + 99) / 100, so every figure is a real request's), and how many were
 * decided within their deadline. Working days are small integers, so the values are counted per
 * value first and a running sum (a window function) finds the smallest value whose cumulative
 * count reaches the rank: the same answer as numbering every row, at a fraction of the cost on
 * tens of thousands of requests (scripts/bench.ts). Groups without a decided request are absent.
 */
export function decisionSpeeds({ actor, range = {} }: { actor: Actor; range?: DecisionRange }): (DecisionSpeed & { dim: Dimension })[] {
  return speedsFrom(sql`
      SELECT r.type AS type, labs.district_code AS district, r.decision_working_days AS v,
             count(*) AS c, sum(coalesce(r.decided_in_time, 0)) AS t
      ${REQUESTS_FROM}
      WHERE ${scoped(actor, ...decided(range), sql`r.decision_working_days IS NOT NULL`)}
      GROUP BY r.type, labs.district_code, r.decision_working_days`)
}

// The percentiles from `counted` (type, district, v, c requests, t of them in time).
function speedsFrom(counted: SQL): (DecisionSpeed & { dim: Dimension })[] {
  return db().all<DecisionSpeed & { dim: Dimension }>(sql`
    WITH counted AS (${counted}),
    grouped AS (
      SELECT 'all' AS dim, 'all' AS g, v, sum(c) AS c, sum(t) AS t FROM counted GROUP BY v
      UNION ALL SELECT 'type', type, v, sum(c), sum(t) FROM counted GROUP BY type, v
      UNION ALL SELECT 'district', district, v, sum(c), sum(t) FROM counted GROUP BY district, v
    ),
    running AS (
      SELECT dim, g, v, t,
             sum(c) OVER (PARTITION BY dim, g ORDER BY v ROWS UNBOUNDED PRECEDING) AS upto,
             sum(c) OVER (PARTITION BY dim, g) AS n
      FROM grouped
    )
    SELECT dim, g AS "group", n, sum(t) AS inTime,
           min(CASE WHEN upto >= (n * 50 + 99) / 100 THEN v END) AS median,
           min(CASE WHEN upto >= (n * 90 + 99) / 100 THEN v END) AS p90
    FROM running
    GROUP BY dim, g, n
    ORDER BY dim, g`)
}

// type, district, working days, requests, of those in time: a tally row as an array (its ~1,500
// rows as objects cost the dashboard twice what the arrays do)
type SpeedCount = [type: ResourceType, district: DistrictCode, v: number, c: number, t: number]

/**
 * speedsFrom's answer from the tally's rows themselves (some 1,500 for the city): the window
 * functions' three passes over them cost the dashboard more than adding them up here. Same
 * nearest rank ((n·p + 99) / 100 in integers), same groups and order; the dashboard's agreement
 * test holds it to decisionSpeeds.
 */
function speedsOfCounts(rows: SpeedCount[]): (DecisionSpeed & { dim: Dimension })[] {
  const groups = new Map<string, { dim: Dimension; group: string; n: number; inTime: number; values: Map<number, number> }>()
  const add = (dim: Dimension, group: string, [, , v, c, t]: SpeedCount) => {
    const id = `${dim} ${group}`
    let g = groups.get(id)
    if (!g) groups.set(id, (g = { dim, group, n: 0, inTime: 0, values: new Map() }))
    g.n += c
    g.inTime += t
    g.values.set(v, (g.values.get(v) ?? 0) + c)
  }
  for (const r of rows) {
    add('all', 'all', r)
    add('type', r[0], r)
    add('district', r[1], r)
  }
  const rank = (n: number, p: number) => Math.floor((n * p + 99) / 100)
  return [...groups.values()]
    .sort((a, b) => (a.dim !== b.dim ? (a.dim < b.dim ? -1 : 1) : a.group < b.group ? -1 : a.group > b.group ? 1 : 0))
    .map(({ dim, group, n, inTime, values }) => {
      let upto = 0
      let median: number | null = null
      let p90: number | null = null
      for (const [v, c] of [...values.entries()].sort((a, b) => a[0] - b[0])) {
        upto += c
        if (median === null && upto >= rank(n, 50)) median = v
        if (p90 === null && upto >= rank(n, 90)) p90 = v
      }
      return { dim, group, n, inTime, median, p90 }
    })
}

/** One dimension of decisionSpeeds. */
export function decisionSpeed({ actor, by, range = {} }: { actor: Actor; by: Dimension; range?: DecisionRange }): DecisionSpeed[] {
  return decisionSpeeds({ actor, range })
    .filter((r) => r.dim === by)
    .map(({ dim: _dim, ...r }) => r)
}

export type GrantedRow = { districtCode: DistrictCode; type: ResourceType; unit: ResourceUnit; n: number; total: number }

// What the bureau granted: the granted quantity (set at an approval and a partial one, and kept
// through fulfilment and closing), as grantedOf in app/domain/resource-requests.ts reads it
// (tests/models/request-sql-agreement.test.ts checks the two agree).
const grantedSql = sql`coalesce(r.granted_quantity, CASE WHEN r.status = 'approved' THEN r.quantity END)`

/**
 * Per district, type and unit (a type's units differ, so only one unit's quantities add up): how
 * many requests were granted and the sum granted. Approved, partly approved, fulfilled, and
 * closed with a grant (a rejection closed has none).
 */
export function grantedByDistrictAndType({ actor, range = {} }: { actor: Actor; range?: DecisionRange }): GrantedRow[] {
  return db().all<GrantedRow>(sql`
    SELECT labs.district_code AS districtCode, r.type AS type, r.unit AS unit, count(*) AS n, sum(${grantedSql}) AS total
    ${REQUESTS_FROM}
    WHERE ${scoped(
      actor,
      sql`r.status IN ('approved', 'partly_approved', 'fulfilled', 'closed')`,
      sql`${grantedSql} IS NOT NULL`,
      ...decidedBetween(range),
    )}
    GROUP BY labs.district_code, r.type, r.unit
    ORDER BY labs.district_code, r.type, r.unit`)
}

// The same figures over all time from request_tally and request_speed_tally (kept by triggers
// on every write of a request or a lab's district, migration 0024) and the overdue count from
// request_deadline_tally (migration 0028) instead of every request:
// the dashboard's case.
// Scoped to a district as labScope scopes the bureau and a district office; other actors (who
// see no dashboard) and ranges of decision days read the requests themselves.
// tests/models/dashboard-aggregates.test.ts holds each to its row-by-row twin above.
function tallyScope(actor: Actor): SQL | null {
  if (actor.role === 'bureau') return sql`1`
  if (actor.role === 'district' && actor.districtCode) return sql`t.district_code = ${actor.districtCode}`
  return null
}

/**
 * The dashboard's resource-support figures from request_tally, request_speed_tally and
 * request_deadline_tally: the same answers as countRequestStages, countRequestsByTypeAndStatus,
 * decisionSpeeds and grantedByDistrictAndType over all time. Null for an actor the tallies
 * cannot scope.
 */
export function requestTallyStats(actor: Actor, today: IsoDate) {
  const scope = tallyScope(actor)
  if (!scope) return null
  // the same for everyone in the scope until the next write (app/utils/read-memo.server.ts)
  return untilDataChanges(`request-tallies ${actor.role} ${actor.districtCode ?? ''} ${today}`, () => readRequestTallies(scope, today))
}

function readRequestTallies(scope: SQL, today: IsoDate) {
  // awaiting a decision past the deadline: request_deadline_tally's days before today (kept by
  // triggers, migration 0028), not an index entry per open request
  const overdue =
    db().get<{ n: number | null }>(sql`SELECT sum(t.n) AS n FROM request_deadline_tally t WHERE ${scope} AND t.deadline < ${today}`)?.n ?? 0
  const stages = db().get<{ open: number | null; decided: number | null }>(sql`
    SELECT sum(CASE WHEN t.status IN ${[...AWAITING_DECISION]} THEN t.n END) AS open,
           sum(CASE WHEN t.status IN ${[...DECIDED_STATUSES]} THEN t.n END) AS decided
    FROM request_tally t WHERE ${scope}`)
  return {
    stages: { open: stages?.open ?? 0, overdue, decided: stages?.decided ?? 0 },
    byTypeStatus: db().all<{ type: ResourceType; status: RequestStatus; n: number }>(sql`
      SELECT t.type AS type, t.status AS status, sum(t.n) AS n FROM request_tally t
      WHERE ${scope} AND t.status <> 'draft'
      GROUP BY t.type, t.status HAVING sum(t.n) > 0 ORDER BY t.type, t.status`),
    speeds: speedsOfCounts(
      db().values<SpeedCount>(sql`
        SELECT t.type, t.district_code, t.working_days, t.n, t.in_time
        FROM request_speed_tally t
        WHERE ${scope} AND t.n > 0`),
    ),
    granted: db().all<GrantedRow>(sql`
      SELECT t.district_code AS districtCode, t.type AS type, t.unit AS unit, sum(t.granted_n) AS n, sum(t.granted_milli) / 1000.0 AS total
      FROM request_tally t
      WHERE ${scope} AND t.status IN ('approved', 'partly_approved', 'fulfilled', 'closed')
      GROUP BY t.district_code, t.type, t.unit HAVING sum(t.granted_n) > 0
      ORDER BY t.district_code, t.type, t.unit`),
  }
}

const EMPTY_SPEED = { n: 0, inTime: 0, median: null, p90: null }

/** Everything the dashboard's resource-support section shows, scoped to the actor. */
export function requestServiceStats({ actor, today, range = {} }: { actor: Actor; today: IsoDate; range?: DecisionRange }) {
  const tally = range.from || range.to ? null : requestTallyStats(actor, today)
  const speeds = tally?.speeds ?? decisionSpeeds({ actor, range })
  const of = (dim: Dimension) => speeds.filter((r) => r.dim === dim).map(({ dim: _dim, ...r }) => r)
  const overall = of('all')[0]
  return {
    stages: tally?.stages ?? countRequestStages({ actor, today, range }),
    byTypeStatus: tally?.byTypeStatus ?? countRequestsByTypeAndStatus(actor),
    speed: overall ? { n: overall.n, inTime: overall.inTime, median: overall.median, p90: overall.p90 } : EMPTY_SPEED,
    speedByType: of('type') as (DecisionSpeed & { group: ResourceType })[],
    speedByDistrict: of('district') as (DecisionSpeed & { group: DistrictCode })[],
    granted: tally?.granted ?? grantedByDistrictAndType({ actor, range }),
  }
}

export type RequestServiceStats = ReturnType<typeof requestServiceStats>
