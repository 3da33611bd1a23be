import { sql, type SQL } from 'drizzle-orm'
import {
  REQUEST_STATUSES,
  RESOURCE_TYPES,
  type DistrictCode,
  type RequestStatus,
  type ResourceType,
  type ResourceUnit,
} from '~db/schema/enums'
import type { IsoDate } from '~/domain/dates'
import type { Actor } from '~/domain/permissions'
import { AWAITING_DECISION, DECIDED_STATUSES, grantedOf, isPastDeadline } from '~/domain/resource-requests'
import { db } from '~/utils/db.server'
import type { RequestQueueFilter, RequestQueueRowText, RequestQueueSort, RequestStage } from './request-queue-params'
import { containsPattern } from './like.server'
import { labScope } from './scope.server'

// The bureau's and a district's queue of resource requests (issue 6, item 4): every request the
// actor may see except drafts (a draft is its lab's alone, app/domain/request-workflow.ts), with
// the filters, sort and page done in SQL. Scoped with labScope, so a district sees its own labs.

// Whose move it is: the bureau accepts what needs no district opinion or has one, decides what it
// accepted and records the delivery of what it granted; a district gives the opinion asked of it.
function awaitingMe(actor: Actor): SQL {
  if (actor.role === 'bureau')
    return sql`((r.status = 'submitted' AND r.district_opinion_required = 0) OR r.status IN ('district_reviewed', 'accepted', 'approved', 'partly_approved'))`
  if (actor.role === 'district') return sql`(r.status = 'submitted' AND r.district_opinion_required = 1)`
  return sql`0`
}

// The SQL twins of AWAITING_DECISION and isPastDeadline (app/domain/resource-requests.ts);
// tests/models/request-sql-agreement.test.ts holds them, and awaitingMe, to the domain's rules.
const awaitingDecision = sql`r.status IN ${[...AWAITING_DECISION]}`
const pastDeadline = (today: IsoDate) => sql`(${awaitingDecision} AND r.deadline IS NOT NULL AND r.deadline < ${today})`

export function stageCondition(stage: RequestStage, actor: Actor, today: IsoDate): SQL {
  switch (stage) {
    case 'open':
      return awaitingDecision
    case 'overdue':
      return pastDeadline(today)
    case 'decided':
      return sql`r.status IN ${[...DECIDED_STATUSES]}`
    case 'awaiting_me':
      return awaitingMe(actor)
  }
}

/**
 * What the queue and its statistics may count for this actor: the requests of the labs it sees,
 * drafts excepted (canSeeRequest shows a draft to its own lab only, and never in a queue).
 * Checked against canSeeRequest in tests/models/request-sql-agreement.test.ts.
 */
export function submittedInScope(actor: Actor): SQL[] {
  const scope = labScope(actor)
  return [sql`r.status <> 'draft'`, ...(scope ? [scope] : [])]
}

function queueWhere(actor: Actor, filter: RequestQueueFilter, today: IsoDate): SQL {
  const conditions: SQL[] = submittedInScope(actor)
  if (filter.status) conditions.push(sql`r.status = ${filter.status}`)
  if (filter.type) conditions.push(sql`r.type = ${filter.type}`)
  if (filter.districtCode) conditions.push(sql`labs.district_code = ${filter.districtCode}`)
  if (filter.labId !== undefined) conditions.push(sql`r.lab_id = ${filter.labId}`)
  if (filter.stage) conditions.push(stageCondition(filter.stage, actor, today))
  const q = filter.q?.trim()
  if (q) {
    const pattern = containsPattern(q)
    conditions.push(sql`(labs.name LIKE ${pattern} ESCAPE '\\' OR r.title LIKE ${pattern} ESCAPE '\\')`)
  }
  return sql.join(conditions, sql` AND `)
}

// labScope speaks of the "labs" table by its own name, so the join keeps that name.
export const REQUESTS_FROM = sql`FROM resource_requests r JOIN labs ON labs.id = r.lab_id`

// An enumeration sorts in its declared order (the workflow's, the guide's list of support), not
// alphabetically by its English key.
function declaredOrder(column: SQL, values: readonly string[]): SQL {
  return sql`CASE ${column} ${sql.join(
    values.map((v, i) => sql`WHEN ${v} THEN ${i}`),
    sql` `,
  )} END`
}

// Literals, not bound parameters: SQLite serves an ORDER BY from an expression index only when the
// expressions match, and resource_requests_awaiting_order_idx (migration 0037) is written with these.
const AWAITING_LITERALS = sql.raw(AWAITING_DECISION.map((s) => `'${s}'`).join(', '))
const notAwaiting = sql`(r.status NOT IN (${AWAITING_LITERALS}))`

// The default order (issue 19 item 7): what awaits a decision first; among those the nearest
// deadline first, which puts every overdue one (deadline before today) ahead; the rest after, in
// deadline order too. An ORDER BY the awaiting-order index serves, so a page stops at its end.
function awaitingOrder(direction: SQL): SQL {
  return sql`${notAwaiting} ${direction}, (r.deadline IS NULL) ${direction}, r.deadline ${direction}, r.id ${direction}`
}

// Dates are 'YYYY-MM-DD' text: NULL (not yet submitted, not yet decided) sorts last either way.
const SORT_SQL: Record<Exclude<RequestQueueSort, 'awaiting'>, SQL> = {
  deadline: sql`r.deadline`,
  submittedOn: sql`r.submitted_on`,
  decidedOn: sql`r.decided_on`,
  lab: sql`labs.name`,
  type: declaredOrder(sql`r.type`, RESOURCE_TYPES),
  status: declaredOrder(sql`r.status`, REQUEST_STATUSES),
}

const columnOrder = (column: SQL, direction: SQL) => sql`${column} IS NULL, ${column} ${direction}, r.id ${direction}`

type Raw = {
  id: number
  labId: number
  labName: string
  districtCode: DistrictCode
  type: ResourceType
  title: string
  quantity: number
  unit: ResourceUnit
  grantedQuantity: number | null
  status: RequestStatus
  submittedOn: string | null
  deadline: string | null
  decidedOn: string | null
  decisionWorkingDays: number | null
  decidedInTime: number | null
}

export type RequestQueueRow = RequestQueueRowText & { labId: number }

export function listRequestQueue({
  actor,
  today,
  filter,
  sort = 'awaiting',
  dir = 'asc',
  page = 1,
  pageSize,
}: {
  actor: Actor
  today: IsoDate
  filter: RequestQueueFilter
  sort?: RequestQueueSort
  dir?: 'asc' | 'desc'
  page?: number
  pageSize: number | null // null: every row (the CSV export)
}): { rows: RequestQueueRow[]; total: number } {
  const where = queueWhere(actor, filter, today)
  const total = pageSize === null ? null : countRequestQueue(actor, filter, today)
  const offset = pageSize === null ? 0 : (Math.max(1, page) - 1) * pageSize
  const walk =
    pageSize !== null &&
    (sort === 'deadline' || sort === 'awaiting') &&
    dir === 'asc' &&
    walksDeadlineOrder(actor, filter, today, offset + pageSize, total!)
  const direction = dir === 'desc' ? sql`DESC` : sql`ASC`
  const orderBy = sort === 'awaiting' ? awaitingOrder(direction) : columnOrder(SORT_SQL[sort], direction)
  const limit = pageSize === null ? sql`` : sql`LIMIT ${pageSize} OFFSET ${offset}`
  const raw = db().all<Raw>(sql`
    SELECT r.id AS id, r.lab_id AS labId, labs.name AS labName, labs.district_code AS districtCode, r.type AS type, r.title AS title,
           r.quantity AS quantity, r.unit AS unit, r.granted_quantity AS grantedQuantity, r.status AS status,
           r.submitted_on AS submittedOn, r.deadline AS deadline, r.decided_on AS decidedOn,
           r.decision_working_days AS decisionWorkingDays, r.decided_in_time AS decidedInTime
    ${walk ? REQUESTS_IN_DEADLINE_ORDER : REQUESTS_FROM}
    WHERE ${where}
    ORDER BY ${orderBy}
    ${limit}`)
  const rows = raw.map(({ grantedQuantity, decidedInTime, ...r }) => ({
    ...r,
    // raw SQL: SQLite's 0/1, not drizzle's boolean mode
    decidedInTime: decidedInTime === null ? null : decidedInTime === 1,
    granted: grantedOf({ status: r.status, quantity: r.quantity, grantedQuantity }),
    overdue: isPastDeadline(r, today),
  }))
  return { rows, total: total ?? rows.length }
}

// CROSS JOIN keeps the requests as the outer loop, so SQLite reads them in the order of
// resource_requests_deadline_order_idx and stops at the page's end.
const REQUESTS_IN_DEADLINE_ORDER = sql`FROM resource_requests r CROSS JOIN labs ON labs.id = r.lab_id`

/**
 * Whether one district's queue in its default order (nearest deadline first) reads fewer rows by
 * walking the city's requests in deadline order, keeping the district's until the page is full
 * (about `rows` × city / district of them), than by starting from the district's labs and sorting
 * all of its requests (`total`), as SQLite chooses by itself: a page of 50 of Gusu's 36,924
 * requests at 50,000 labs sorted them all. Both counts come from the tally; a search is not tallied
 * and keeps SQLite's choice.
 */
function walksDeadlineOrder(actor: Actor, filter: RequestQueueFilter, today: IsoDate, rows: number, total: number): boolean {
  const district = actor.role === 'district' ? actor.districtCode : filter.districtCode
  if (!district || !isTallied(actor, filter) || total === 0) return false
  const city = sumTally(tallyConditions(actor, filter, today, { scoped: false }))
  return rows * city < total * total
}

/**
 * The queue's row count under the filters: summed from request_queue_tally (kept by triggers,
 * db/schema/queue-tallies.ts) for the bureau's and a district's queue, else counted row by row.
 * The tally is aliased `r` and has the request's status, type and district_opinion_required, so
 * the stages are the queue's own conditions (stageCondition); the lab's district is its own
 * column. A search, or "overdue" (it moves with today), is counted row by row.
 */
export function countRequestQueue(actor: Actor, filter: RequestQueueFilter, today: IsoDate): number {
  if (!isTallied(actor, filter)) return countRequestQueueByScan(actor, filter, today)
  return sumTally(tallyConditions(actor, filter, today, { scoped: true }))
}

// the tally has no lab column: one lab's count is read from its requests
const isTallied = (actor: Actor, filter: RequestQueueFilter) =>
  (actor.role === 'bureau' || actor.role === 'district') && !filter.q?.trim() && filter.stage !== 'overdue' && filter.labId === undefined

// queueWhere's conditions on the tally; `scoped: false` leaves out the district (the city's count)
function tallyConditions(actor: Actor, filter: RequestQueueFilter, today: IsoDate, { scoped }: { scoped: boolean }): SQL[] {
  const conditions: SQL[] = [sql`r.status <> 'draft'`]
  if (scoped && actor.role === 'district') conditions.push(actor.districtCode ? sql`r.district_code = ${actor.districtCode}` : sql`0`)
  if (scoped && filter.districtCode) conditions.push(sql`r.district_code = ${filter.districtCode}`)
  if (filter.status) conditions.push(sql`r.status = ${filter.status}`)
  if (filter.type) conditions.push(sql`r.type = ${filter.type}`)
  if (filter.stage) conditions.push(stageCondition(filter.stage, actor, today))
  return conditions
}

const sumTally = (conditions: SQL[]) =>
  db().get<{ n: number }>(sql`SELECT coalesce(sum(r.n), 0) AS n FROM request_queue_tally r WHERE ${sql.join(conditions, sql` AND `)}`)?.n ??
  0

/** The same count from the requests themselves (a search, "overdue", and the tally's agreement test). */
export function countRequestQueueByScan(actor: Actor, filter: RequestQueueFilter, today: IsoDate): number {
  const where = queueWhere(actor, filter, today)
  // the bureau's count without a lab condition skips the join (every request has its lab, a foreign key)
  const needsLabs = Boolean(labScope(actor) || filter.districtCode || filter.q?.trim())
  const from = needsLabs ? REQUESTS_FROM : sql`FROM resource_requests r`
  return db().get<{ n: number }>(sql`SELECT count(*) AS n ${from} WHERE ${where}`)?.n ?? 0
}

/**
 * How many requests await this actor's step (a nav badge, on every page): for the bureau what it
 * accepts, decides or delivers, for a district the opinions asked of it. 0 for labs and experts.
 * Read from request_queue_tally, so it does not grow with the city's requests.
 */
export function countAwaitingRequests(actor: Actor, today: IsoDate): number {
  if (actor.role !== 'bureau' && actor.role !== 'district') return 0
  return countRequestQueue(actor, { stage: 'awaiting_me' }, today)
}

// the queue's row (Raw) as the API answers it: the instant submitted rather than the day
type ApiRaw = Pick<
  Raw,
  | 'id'
  | 'labId'
  | 'labName'
  | 'districtCode'
  | 'type'
  | 'title'
  | 'quantity'
  | 'unit'
  | 'grantedQuantity'
  | 'status'
  | 'deadline'
  | 'decidedOn'
> & { submittedAt: string | null }

/**
 * The read API's pages of the queue (issue 20): the queue's own scope and filters (queueWhere),
 * newest request first by id, `limit` rows after the keyset id `beforeId` (the previous page's
 * last), so a page reads its rows from the primary key and stops; `more` when another page follows.
 */
export function listRequestsAfter({
  actor,
  today,
  filter,
  beforeId,
  limit,
}: {
  actor: Actor
  today: IsoDate
  filter: RequestQueueFilter
  beforeId: number | null
  limit: number
}) {
  const where = queueWhere(actor, filter, today)
  const raw = db().all<ApiRaw>(sql`
    SELECT r.id AS id, r.lab_id AS labId, labs.name AS labName, labs.district_code AS districtCode, r.type AS type, r.title AS title,
           r.quantity AS quantity, r.unit AS unit, r.granted_quantity AS grantedQuantity, r.status AS status,
           r.submitted_at AS submittedAt, r.deadline AS deadline, r.decided_on AS decidedOn
    ${REQUESTS_FROM}
    WHERE ${where} ${beforeId === null ? sql`` : sql`AND r.id < ${beforeId}`}
    ORDER BY r.id DESC
    LIMIT ${limit + 1}`)
  const rows = raw.slice(0, limit).map(({ grantedQuantity, ...r }) => ({
    ...r,
    granted: grantedOf({ status: r.status, quantity: r.quantity, grantedQuantity }),
  }))
  return { rows, total: countRequestQueue(actor, filter, today), more: raw.length > limit }
}
