import { sql, type SQL } from 'drizzle-orm'
import type { DistrictCode, RenewalDecision } from '~db/schema/enums'
import { shanghaiDate, type IsoDate } from '~/domain/dates'
import type { Actor } from '~/domain/permissions'
import { IN_PROGRESS_STATUSES, lastEndWithWindowOpen } from '~/domain/renewals'
import { db } from '~/utils/db.server'
import {
  isPipelineOverdue,
  NO_GRADE,
  PIPELINE_STAGES,
  type DecisionCount,
  type PipelineAggregates,
  type PipelineFilter,
  type PipelineRow,
  type PipelineSort,
  type PipelineStage,
} from './renewal-pipeline-params'
import { latestPeriods } from './lab-status.server'
import { containsPattern } from './like.server'
import { labScope } from './scope.server'
import { ruleSettings } from './settings.server'

// The renewal pipeline (issue 8, item 5): where the renewal of every lab near or past the end of
// its period stands, for the bureau and (scoped with labScope) a district. One row per period:
//  (A) each lab's latest period without an outcome whose renewal window is open or which has
//      ended, with its renewal unless decided: upcoming, not_applied, applied, under_review,
//      rectifying;
//  (B) every decided renewal, whichever period it decided: decided.
// A period has at most one renewal (renewals_period_uq) and a decided renewal's period carries
// its outcome, so the two parts never hold the same period. Filters, sort and page run in SQL.

// The lab-side filters, applied inside both parts: labScope speaks of the "labs" table by its own name.
// An expert sees no lab but the renewals assigned to it and not declined (its /assignments queue);
// only the read API lists the pipeline for an expert (or a lab): the page is the bureau's and a district's.
function labConditions(actor: Actor, filter: PipelineFilter): SQL[] {
  const conditions: SQL[] = []
  const scope =
    actor.role === 'expert'
      ? sql`r.id IN (SELECT ra.renewal_id FROM review_assignments ra WHERE ra.expert_id = ${actor.id} AND ra.status <> 'conflict')`
      : labScope(actor)
  if (scope) conditions.push(scope)
  if (filter.districtCode) conditions.push(sql`labs.district_code = ${filter.districtCode}`)
  if (filter.direction !== undefined) conditions.push(sql`labs.direction = ${filter.direction}`)
  const q = filter.q?.trim()
  if (q) conditions.push(sql`labs.name LIKE ${containsPattern(q)} ESCAPE '\\'`)
  return conditions
}

const COLUMNS = sql`labs.id AS labId, vp.id AS periodId, labs.name AS labName, labs.district_code AS districtCode, labs.direction AS direction,
  vp.end_date AS endDate, r.submitted_at AS submittedAt, r.decision AS decision, r.recheck_decision AS recheckDecision, r.grade AS grade,
  r.decided_on AS decidedOn, r.rectification_deadline AS rectificationDeadline`

// (A) The latest period per lab is latestPeriods() (the (lab_id, sequence) unique index). A renewal in
// progress keeps its row even if the bureau has since shortened the window. A draft is the lab's
// own: the row shows no renewal and counts as not yet applied.
function openPart(labWhere: SQL[], today: IsoDate, windowEnd: IsoDate): SQL {
  const latest = latestPeriods()
  return sql`SELECT CASE WHEN r.status = 'draft' THEN NULL ELSE r.id END AS renewalId, ${COLUMNS},
    CASE WHEN r.id IS NULL OR r.status = 'draft' THEN (CASE WHEN vp.end_date >= ${today} THEN 'upcoming' ELSE 'not_applied' END)
         WHEN r.status = 'submitted' THEN 'applied'
         ELSE r.status END AS stage
  FROM ${latest}
  JOIN validity_periods vp ON vp.id = ${latest.periodId}
  JOIN labs ON labs.id = vp.lab_id
  LEFT JOIN renewals r ON r.period_id = vp.id
  WHERE ${sql.join(
    [
      sql`vp.outcome IS NULL`,
      sql`(r.id IS NULL OR r.status <> 'decided')`,
      sql`(vp.end_date <= ${windowEnd} OR r.status IN ${IN_PROGRESS_STATUSES})`,
      ...labWhere,
    ],
    sql` AND `,
  )}`
}

// (B) Decided renewals (renewals_status_idx).
function decidedPart(labWhere: SQL[]): SQL {
  return sql`SELECT r.id AS renewalId, ${COLUMNS}, 'decided' AS stage
  FROM renewals r
  JOIN validity_periods vp ON vp.id = r.period_id
  JOIN labs ON labs.id = r.lab_id
  WHERE ${sql.join([sql`r.status = 'decided'`, ...labWhere], sql` AND `)}`
}

// The union as a derived table; a stage filter leaves out the part that cannot hold it.
export function pipelineSource({ actor, filter, today }: { actor: Actor; filter: PipelineFilter; today: IsoDate }): SQL {
  const labWhere = labConditions(actor, filter)
  const windowEnd = lastEndWithWindowOpen(today, ruleSettings().renewalWindowDays)
  const parts: SQL[] = []
  if (filter.stage !== 'decided') parts.push(openPart(labWhere, today, windowEnd))
  if (filter.stage === undefined || filter.stage === 'decided') parts.push(decidedPart(labWhere))
  const union = sql.join(parts, sql` UNION ALL `)
  return filter.stage ? sql`(SELECT * FROM (${union}) WHERE stage = ${filter.stage})` : sql`(${union})`
}

// Dates are 'YYYY-MM-DD' text: NULL (not yet decided) sorts last either way; ties by lab and period.
const SORT_SQL: Record<PipelineSort, SQL> = {
  end: sql`p.endDate`,
  lab: sql`p.labName`,
  decided: sql`p.decidedOn`,
}

function orderBy(sort: PipelineSort, direction: SQL): SQL {
  const column = SORT_SQL[sort]
  return sql`${column} IS NULL, ${column} ${direction}, p.endDate ${direction}, p.labName ${direction}, p.periodId ${direction}`
}

// A page in SQL without sorting the whole pipeline (issue 18): the pipeline's rows are the union
// of disjoint parts, each of which SQLite can read in the page's order off an index, so the first
// `offset + pageSize` rows of each part, merged and cut, are the page the whole union sorted would
// give. The parts:
//  open, in the window: the latest period without an outcome ending by the window's last day
//    (validity_periods_open_end_idx), without a decided renewal;
//  open, outside the window: a renewal in progress whose period ends later (a shortened window);
//  decided: every decided renewal (validity_periods_end_idx, labs_name_idx or renewals_status_decided_idx).
// Sorted by decision date, each part is split by whether it has one, so that inside a part the
// order starts with a column an index holds. tests/models/renewal-pipeline-paging.test.ts holds
// the pages to the whole union sorted (pipelineSource above).
type PartOptions = {
  labWhere: SQL[]
  today: IsoDate
  windowEnd: IsoDate
  decidedOn?: 'null' | 'set'
  stage?: PipelineStage
  key: RowsKey | null
  // how the part is read: in end or lab-name order, a district's or a direction's rows of
  // renewal_pipeline_rows in end, lab-name or decision-date order, from the labs a search picks,
  // or as SQLite chooses (a part read off an index on renewals, or a small one)
  access: Access
  // the read API's keyset: the key's end, for a part read off renewal_pipeline_rows to start its index there
  afterEnd?: string
}
type Access = 'end' | 'lab' | 'rowsEnd' | 'rowsLab' | 'rowsDecided' | 'labs' | 'free'

// The rows of one district (or, without one, one direction) in renewal_pipeline_rows, "x".
type RowsKey = { by: 'district'; value: DistrictCode } | { by: 'direction'; value: number }

function rowsKeyOf(actor: Actor, filter: PipelineFilter): RowsKey | null {
  const district = filter.districtCode ?? (actor.role === 'district' ? actor.districtCode : null)
  if (district) return { by: 'district', value: district }
  return filter.direction !== undefined ? { by: 'direction', value: filter.direction } : null
}

const ROWS_ORDER = { rowsEnd: 'end', rowsLab: 'lab', rowsDecided: 'decided' } as const
const fromRows = (access: Access): access is keyof typeof ROWS_ORDER => access in ROWS_ORDER

// renewal_pipeline_rows read by its key and kind, in end, lab-name or decision-date order (migration 0036)
function rowsFrom(key: RowsKey, order: 'end' | 'lab' | 'decided'): SQL {
  return sql.raw(`renewal_pipeline_rows x INDEXED BY renewal_pipeline_rows_${key.by}_${order}_idx`)
}

function rowsConditions(key: RowsKey, kind: 'open' | 'decided', afterEnd?: string): SQL[] {
  const column = key.by === 'district' ? sql`x.district_code` : sql`x.direction`
  return [sql`${column} = ${key.value}`, sql`x.kind = ${kind}`, ...(afterEnd ? [sql`x.end_date >= ${afterEnd}`] : [])]
}

function latestOfLab(): SQL {
  return sql`vp.sequence = (SELECT max(v2.sequence) FROM validity_periods v2 WHERE v2.lab_id = vp.lab_id)`
}

function openStage(today: IsoDate): SQL {
  return sql`CASE WHEN r.id IS NULL OR r.status = 'draft' THEN (CASE WHEN vp.end_date >= ${today} THEN 'upcoming' ELSE 'not_applied' END)
         WHEN r.status = 'submitted' THEN 'applied'
         ELSE r.status END`
}

function decidedOnCondition(decidedOn: PartOptions['decidedOn']): SQL[] {
  if (decidedOn === 'null') return [sql`r.decided_on IS NULL`]
  if (decidedOn === 'set') return [sql`r.decided_on IS NOT NULL`]
  return []
}

// an open part filtered to a stage (the decided part is left out instead)
function stageCondition(today: IsoDate, stage: PipelineStage | undefined): SQL[] {
  return stage ? [sql`${openStage(today)} = ${stage}`] : []
}

// The ends a stage without an application can have, as a range the end-ordered indexes read:
// upcoming from today, not applied before it (rather than reading past the other to find it).
function stageEnds(end: SQL, today: IsoDate, stage: PipelineStage | undefined): SQL[] {
  if (stage === 'upcoming') return [sql`${end} >= ${today}`]
  if (stage === 'not_applied') return [sql`${end} < ${today}`]
  return []
}

// CROSS JOIN keeps SQLite's join order as written, so the first table is read in the page's order.
function openFrom(access: Access, key: RowsKey | null): SQL {
  switch (access) {
    case 'end':
      return sql`validity_periods vp INDEXED BY validity_periods_open_end_idx CROSS JOIN labs ON labs.id = vp.lab_id`
    case 'lab':
      return sql`labs INDEXED BY labs_name_idx CROSS JOIN validity_periods vp ON vp.lab_id = labs.id`
    case 'rowsEnd':
    case 'rowsLab':
    case 'rowsDecided':
      return sql`${rowsFrom(key!, ROWS_ORDER[access])} CROSS JOIN validity_periods vp ON vp.id = x.period_id CROSS JOIN labs ON labs.id = x.lab_id`
    case 'labs':
      return sql`labs CROSS JOIN validity_periods vp ON vp.lab_id = labs.id`
    case 'free':
      return sql`validity_periods vp JOIN labs ON labs.id = vp.lab_id`
  }
}

function openInWindowPart({ labWhere, today, windowEnd, decidedOn, stage, access, key, afterEnd }: PartOptions): SQL {
  // a period with no renewal has no decision date: it belongs to the 'null' side
  const decided =
    decidedOn === 'set' ? [sql`r.decided_on IS NOT NULL`] : decidedOn === 'null' ? [sql`(r.id IS NULL OR r.decided_on IS NULL)`] : []
  return sql`SELECT CASE WHEN r.status = 'draft' THEN NULL ELSE r.id END AS renewalId, ${COLUMNS}, ${openStage(today)} AS stage
  FROM ${openFrom(access, key)}
  LEFT JOIN renewals r ON r.period_id = vp.id
  WHERE ${sql.join(
    [
      ...(fromRows(access)
        ? [...rowsConditions(key!, 'open', afterEnd), sql`x.end_date <= ${windowEnd}`, ...stageEnds(sql`x.end_date`, today, stage)]
        : []),
      ...stageEnds(sql`vp.end_date`, today, stage),
      sql`vp.outcome IS NULL`,
      sql`vp.end_date <= ${windowEnd}`,
      sql`(r.id IS NULL OR r.status <> 'decided')`,
      latestOfLab(),
      ...decided,
      ...stageCondition(today, stage),
      ...labWhere,
    ],
    sql` AND `,
  )}`
}

// Read off renewal_pipeline_rows_in_progress_idx (a partial index: its condition is written as a
// literal for SQLite to match it): the renewals in progress beyond the window, none unless the
// bureau shortened the window, rather than every renewal in progress in the city.
function openOutsideWindowPart({ labWhere, today, windowEnd, decidedOn, stage }: PartOptions): SQL {
  return sql`SELECT r.id AS renewalId, ${COLUMNS}, ${openStage(today)} AS stage
  FROM renewal_pipeline_rows x INDEXED BY renewal_pipeline_rows_in_progress_idx
  CROSS JOIN validity_periods vp ON vp.id = x.period_id
  CROSS JOIN renewals r ON r.period_id = vp.id
  CROSS JOIN labs ON labs.id = vp.lab_id
  WHERE ${sql.join(
    [
      sql.raw('x.in_progress = 1'),
      sql`x.end_date > ${windowEnd}`,
      sql`r.status IN ${IN_PROGRESS_STATUSES}`,
      sql`vp.outcome IS NULL`,
      sql`vp.end_date > ${windowEnd}`,
      latestOfLab(),
      ...decidedOnCondition(decidedOn),
      ...stageCondition(today, stage),
      ...labWhere,
    ],
    sql` AND `,
  )}`
}

function decidedFrom(access: Access, key: RowsKey | null): SQL {
  switch (access) {
    case 'end':
      return sql`validity_periods vp INDEXED BY validity_periods_end_idx CROSS JOIN renewals r INDEXED BY renewals_period_uq ON r.period_id = vp.id CROSS JOIN labs ON labs.id = r.lab_id`
    case 'lab':
      return sql`labs INDEXED BY labs_name_idx CROSS JOIN renewals r INDEXED BY renewals_lab_idx ON r.lab_id = labs.id CROSS JOIN validity_periods vp ON vp.id = r.period_id`
    case 'rowsEnd':
    case 'rowsLab':
    case 'rowsDecided':
      return sql`${rowsFrom(key!, ROWS_ORDER[access])} CROSS JOIN renewals r INDEXED BY renewals_period_uq ON r.period_id = x.period_id CROSS JOIN validity_periods vp ON vp.id = x.period_id CROSS JOIN labs ON labs.id = r.lab_id`
    case 'labs':
      return sql`labs CROSS JOIN renewals r INDEXED BY renewals_lab_idx ON r.lab_id = labs.id CROSS JOIN validity_periods vp ON vp.id = r.period_id`
    case 'free':
      return sql`renewals r JOIN validity_periods vp ON vp.id = r.period_id JOIN labs ON labs.id = r.lab_id`
  }
}

function decidedPagePart({ labWhere, decidedOn, access, key, afterEnd }: PartOptions): SQL {
  const rows = fromRows(access) ? rowsConditions(key!, 'decided', afterEnd) : []
  return sql`SELECT r.id AS renewalId, ${COLUMNS}, 'decided' AS stage
  FROM ${decidedFrom(access, key)}
  WHERE ${sql.join([...rows, sql`r.status = 'decided'`, ...decidedOnCondition(decidedOn), ...labWhere], sql` AND `)}`
}

// The order inside a part, on the tables' own columns so SQLite reads it off an index; sorted by
// decision date, the parts are split by whether they have one, and those without are in end order.
// (read off renewal_pipeline_rows, its own copies of the end, the lab's name and the decision
// date, equal to the period's, the lab's and the renewal's, are what its indexes hold)
function partOrder(sort: PipelineSort, direction: SQL, decidedOn: PartOptions['decidedOn'], access: Access): SQL {
  const [end, name, decided] = fromRows(access)
    ? [sql`x.end_date`, sql`x.lab_name`, sql`x.decided_on`]
    : [sql`vp.end_date`, sql`labs.name`, sql`r.decided_on`]
  const rest = sql`${end} ${direction}, ${name} ${direction}, vp.id ${direction}`
  if (sort === 'lab') return sql`${name} ${direction}, ${rest}`
  if (sort === 'decided' && decidedOn === 'set') return sql`${decided} ${direction}, ${rest}`
  return rest
}

// How a part is read (issue 18): in the page's order off an index, so that its cost is the page's
// and not the labs'. A district or direction filter (a district office's own scope among them)
// reads that district's or direction's rows of renewal_pipeline_rows in the page's order; reading
// the city's order and skipping the other rows would read nearly all of them where a
// district has few rows of a kind (a young district's decided renewals). Only a search reads from
// the labs it picks: it has read every lab's name to pick them anyway.
function partAccess({
  build,
  sort,
  decidedOn,
  filter,
  key,
}: {
  build: (o: PartOptions) => SQL
  sort: PipelineSort
  decidedOn: PartOptions['decidedOn']
  filter: PipelineFilter
  key: RowsKey | null
}): Access {
  if (build === openOutsideWindowPart) return 'free' // renewals in progress beyond the window: few
  if (filter.q?.trim()) return 'labs'
  if (sort === 'lab') return key ? 'rowsLab' : 'lab'
  if (sort === 'end') return key ? 'rowsEnd' : 'end'
  // sorted by decision date, the rows without one follow in end order; those with one are read
  // off an index on the decision date, or are few (the open ones, rectifying)
  if (decidedOn === 'null' && build === openInWindowPart) return key ? 'rowsEnd' : 'end'
  if (decidedOn === 'set' && build === decidedPagePart && key) return 'rowsDecided'
  return 'free'
}

/** A row's place in the end order (end, lab name, period: partOrder and orderBy with sort 'end'). */
export type PipelineKey = { endDate: string; labName: string; periodId: number }

// Inside every part, on the columns each part has by these names; the first term lets the parts
// read off an end index start at the key's end rather than at the first row.
function afterConditions(key: PipelineKey): SQL[] {
  return [sql`vp.end_date >= ${key.endDate}`, sql`(vp.end_date, labs.name, vp.id) > (${key.endDate}, ${key.labName}, ${key.periodId})`]
}

/** The query of one page of the pipeline; exported for the test of its plan (tests/db/indexed-paths.test.ts). */
export function pipelinePageQuery({
  actor,
  today,
  filter,
  sort,
  direction,
  limit,
  offset,
  after,
}: {
  actor: Actor
  today: IsoDate
  filter: PipelineFilter
  sort: PipelineSort
  direction: SQL
  limit: number
  offset: number
  // the read API's keyset (sorted by end, ascending only): the rows after this one in that order
  after?: PipelineKey
}): SQL {
  const labWhere = [...labConditions(actor, filter), ...(after ? afterConditions(after) : [])]
  const windowEnd = lastEndWithWindowOpen(today, ruleSettings().renewalWindowDays)
  const splits: PartOptions['decidedOn'][] = sort === 'decided' ? ['set', 'null'] : [undefined]
  const builders: ((o: PartOptions) => SQL)[] = []
  if (filter.stage !== 'decided') builders.push(openInWindowPart, openOutsideWindowPart)
  if (filter.stage === undefined || filter.stage === 'decided') builders.push(decidedPagePart)
  const stage = filter.stage === 'decided' ? undefined : filter.stage
  const key = rowsKeyOf(actor, filter)
  const parts: SQL[] = []
  for (const build of builders)
    for (const decidedOn of splits) {
      const access = partAccess({ build, sort, decidedOn, filter, key })
      parts.push(
        sql`SELECT * FROM (${build({ labWhere, today, windowEnd, decidedOn, stage, access, key, afterEnd: after?.endDate })} ORDER BY ${partOrder(sort, direction, decidedOn, access)} LIMIT ${offset + limit})`,
      )
    }
  return sql`
    SELECT p.* FROM (${sql.join(parts, sql` UNION ALL `)}) p
    ORDER BY ${orderBy(sort, direction)}
    LIMIT ${limit} OFFSET ${offset}`
}

export type PipelineRaw = Omit<PipelineRow, 'submittedOn' | 'reviewsDone' | 'reviewsTotal' | 'overdue'> & { submittedAt: string | null }

export function listPipeline({
  actor,
  today,
  filter,
  sort = 'end',
  dir = 'asc',
  page = 1,
  pageSize,
  counts,
}: {
  actor: Actor
  today: IsoDate
  filter: PipelineFilter
  sort?: PipelineSort
  dir?: 'asc' | 'desc'
  page?: number
  pageSize: number | null // null: every row (the CSV export)
  // the stage counts under the same filters (countPipelineStages), when the caller has them: the total is theirs
  counts?: Record<PipelineStage, number>
}): { rows: PipelineRow[]; total: number } {
  if (actor.role !== 'bureau' && actor.role !== 'district') return { rows: [], total: 0 }
  const direction = dir === 'desc' ? sql`DESC` : sql`ASC`
  const raw =
    pageSize === null
      ? db().all<PipelineRaw>(sql`SELECT p.* FROM ${pipelineSource({ actor, filter, today })} p ORDER BY ${orderBy(sort, direction)}`)
      : db().all<PipelineRaw>(
          pipelinePageQuery({ actor, today, filter, sort, direction, limit: pageSize, offset: (Math.max(1, page) - 1) * pageSize }),
        )
  const rows = pipelineRowsOf(raw, today)
  if (pageSize === null) return { rows, total: rows.length }
  const stageCounts = counts ?? countPipelineStages({ actor, today, filter })
  const total = filter.stage ? stageCounts[filter.stage] : PIPELINE_STAGES.reduce((sum, stage) => sum + stageCounts[stage], 0)
  return { rows, total }
}

/** Rows as SQL gives them, as the page shows them: the application's day in Shanghai, reviews, overdue. */
export function pipelineRowsOf(raw: PipelineRaw[], today: IsoDate): PipelineRow[] {
  const reviews = reviewCounts(raw.map((r) => r.renewalId).filter((id): id is number => id !== null))
  return raw.map(({ submittedAt, ...r }) => ({
    ...r,
    submittedOn: submittedAt ? shanghaiDate(new Date(submittedAt)) : null,
    reviewsDone: reviews.get(r.renewalId ?? -1)?.done ?? 0,
    reviewsTotal: reviews.get(r.renewalId ?? -1)?.total ?? 0,
    overdue: isPipelineOverdue(r, today),
  }))
}

// Expert reviews per renewal on the page: submitted of those assigned, a declared conflict not counted.
function reviewCounts(renewalIds: number[]): Map<number, { done: number; total: number }> {
  const counts = new Map<number, { done: number; total: number }>()
  // one query per 500 ids keeps within SQLite's bound-parameter limit (the CSV holds every row)
  for (let i = 0; i < renewalIds.length; i += 500) {
    const ids = renewalIds.slice(i, i + 500)
    const found = db().all<{ renewalId: number; done: number; total: number }>(sql`
      SELECT renewal_id AS renewalId, sum(status = 'submitted') AS done, count(*) AS total
      FROM review_assignments
      WHERE renewal_id IN ${ids} AND status <> 'conflict'
      GROUP BY renewal_id`)
    for (const c of found) counts.set(c.renewalId, { done: c.done, total: c.total })
  }
  return counts
}

/**
 * Rows per stage under the same lab filters (the stage filter aside), so a tile's count is the
 * total of the table it links to. Summed from renewal_stage_tally (kept on write, so the cost
 * does not grow with the labs); a search, which the tally cannot answer and which reads every
 * lab's name anyway, counts the whole union (tests/models/renewal-stage-tally.test.ts and
 * tests/models/renewal-pipeline-paging.test.ts hold the two to the same counts).
 */
export function countPipelineStages({
  actor,
  today,
  filter,
}: {
  actor: Actor
  today: IsoDate
  filter: PipelineFilter
}): Record<PipelineStage, number> {
  const counts = Object.fromEntries(PIPELINE_STAGES.map((s) => [s, 0])) as Record<PipelineStage, number>
  if (actor.role !== 'bureau' && actor.role !== 'district') return counts
  const unstaged = { ...filter, stage: undefined }
  if (filter.q?.trim()) return recountPipelineStages({ actor, today, filter })
  const windowEnd = lastEndWithWindowOpen(today, ruleSettings().renewalWindowDays)
  // from renewal_stage_tally (kept on write): without an application, upcoming or not applied by
  // the period's end when it ends by the window's last day; in progress, in the window or not, and
  // decided (end_date ''). Two ranges of its key, some thousands of rows at 50,000 labs.
  addStageCounts(
    counts,
    sql`SELECT CASE WHEN t.kind = 'unapplied' THEN (CASE WHEN t.end_date >= ${today} THEN 'upcoming' ELSE 'not_applied' END)
         WHEN t.kind = 'submitted' THEN 'applied'
         ELSE t.kind END AS stage, sum(t.n) AS n
    FROM renewal_stage_tally t
    WHERE ${sql.join(
      [
        sql`(t.kind IN ${[...IN_PROGRESS_STATUSES, 'decided']} OR (t.kind = 'unapplied' AND t.end_date <= ${windowEnd}))`,
        ...tallyConditions(actor, unstaged),
      ],
      sql` AND `,
    )}
    GROUP BY 1`,
  )
  return counts
}

/** Rows per stage counted over the whole union (a search, and the agreement test of countPipelineStages). */
export function recountPipelineStages({
  actor,
  today,
  filter,
}: {
  actor: Actor
  today: IsoDate
  filter: PipelineFilter
}): Record<PipelineStage, number> {
  const counts = Object.fromEntries(PIPELINE_STAGES.map((s) => [s, 0])) as Record<PipelineStage, number>
  if (actor.role !== 'bureau' && actor.role !== 'district') return counts
  const source = pipelineSource({ actor, filter: { ...filter, stage: undefined }, today })
  return addStageCounts(counts, sql`SELECT p.stage AS stage, count(*) AS n FROM ${source} p GROUP BY p.stage`)
}

function addStageCounts(counts: Record<PipelineStage, number>, query: SQL): Record<PipelineStage, number> {
  for (const { stage, n } of db().all<{ stage: PipelineStage; n: number }>(query)) counts[stage] += n
  return counts
}

type DecisionGroup = { grade: string | null; districtCode: DistrictCode; direction: number; decision: RenewalDecision; n: number }

/**
 * Decisions taken (a renewal decided, or renewed after rectification and awaiting its re-check),
 * by grade, district and direction, each split by decision. One grouped pass, folded here. The
 * lab filters apply, the stage filter does not. Read from renewal_decision_tallies (kept on write)
 * unless a search names labs, which the tallies do not keep.
 */
export function pipelineAggregates({ actor, filter }: { actor: Actor; filter: PipelineFilter }): PipelineAggregates {
  if (actor.role !== 'bureau' && actor.role !== 'district') return { byGrade: [], byDistrict: [], byDirection: [] }
  return foldDecisions(filter.q?.trim() ? recountDecisions({ actor, filter }) : talliedDecisions({ actor, filter }))
}

// labConditions on a tally "t" that keeps the lab's district and direction (no search: the tallies keep no names)
function tallyConditions(actor: Actor, filter: PipelineFilter): SQL[] {
  const where: SQL[] = []
  if (actor.role === 'district') where.push(actor.districtCode ? sql`t.district_code = ${actor.districtCode}` : sql`0`)
  if (filter.districtCode) where.push(sql`t.district_code = ${filter.districtCode}`)
  if (filter.direction !== undefined) where.push(sql`t.direction = ${filter.direction}`)
  return where
}

/** The decision groups from the tallies (grade '' is none), as recountDecisions counts them. */
export function talliedDecisions({ actor, filter }: { actor: Actor; filter: PipelineFilter }): DecisionGroup[] {
  const where: SQL[] = [sql`t.n <> 0`, ...tallyConditions(actor, filter)]
  return db().all<DecisionGroup>(sql`
    SELECT nullif(t.grade, '') AS grade, t.district_code AS districtCode, t.direction AS direction, t.decision AS decision, t.n AS n
    FROM renewal_decision_tallies t WHERE ${sql.join(where, sql` AND `)}
    ORDER BY t.grade, t.district_code, t.direction, t.decision`)
}

/** The decision groups recounted from every renewal (a search, and the tallies' agreement test). */
export function recountDecisions({ actor, filter }: { actor: Actor; filter: PipelineFilter }): DecisionGroup[] {
  const where = sql.join(
    [sql`r.status IN ('decided', 'rectifying')`, sql`r.decision IS NOT NULL`, ...labConditions(actor, filter)],
    sql` AND `,
  )
  return db().all<DecisionGroup>(sql`
    SELECT r.grade AS grade, labs.district_code AS districtCode, labs.direction AS direction, r.decision AS decision, count(*) AS n
    FROM renewals r JOIN labs ON labs.id = r.lab_id
    WHERE ${where}
    GROUP BY r.grade, labs.district_code, labs.direction, r.decision
    ORDER BY coalesce(r.grade, ''), labs.district_code, labs.direction, r.decision`)
}

function foldDecisions(groups: DecisionGroup[]): PipelineAggregates {
  const fold = (keyOf: (g: DecisionGroup) => string): DecisionCount[] => {
    const sums = new Map<string, DecisionCount>()
    for (const g of groups) {
      const key = keyOf(g)
      const id = `${key}\u0000${g.decision}`
      const entry = sums.get(id) ?? { key, decision: g.decision, n: 0 }
      entry.n += g.n
      sums.set(id, entry)
    }
    return [...sums.values()]
  }
  return {
    byGrade: fold((g) => g.grade ?? NO_GRADE),
    byDistrict: fold((g) => g.districtCode),
    byDirection: fold((g) => String(g.direction)),
  }
}

export type { PipelineRow }
