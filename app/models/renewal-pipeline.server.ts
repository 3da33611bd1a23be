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
function labConditions(actor: Actor, filter: PipelineFilter): SQL[] {
  const conditions: SQL[] = []
  const scope = labScope(actor)
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
function pipelineSource({ actor, filter, today }: { actor: Actor; filter: PipelineFilter; today: IsoDate }): SQL {
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

type Raw = Omit<PipelineRow, 'submittedOn' | 'reviewsDone' | 'reviewsTotal' | 'overdue'> & { submittedAt: string | null }

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
  const source = pipelineSource({ actor, filter, today })
  const column = SORT_SQL[sort]
  const direction = dir === 'desc' ? sql`DESC` : sql`ASC`
  const limit = pageSize === null ? sql`` : sql`LIMIT ${pageSize} OFFSET ${(Math.max(1, page) - 1) * pageSize}`
  const raw = db().all<Raw>(sql`
    SELECT p.* FROM ${source} p
    ORDER BY ${column} IS NULL, ${column} ${direction}, p.endDate ${direction}, p.labName ${direction}, p.periodId ${direction}
    ${limit}`)
  const reviews = reviewCounts(raw.map((r) => r.renewalId).filter((id): id is number => id !== null))
  const rows = raw.map(({ submittedAt, ...r }) => ({
    ...r,
    submittedOn: submittedAt ? shanghaiDate(new Date(submittedAt)) : null,
    reviewsDone: reviews.get(r.renewalId ?? -1)?.done ?? 0,
    reviewsTotal: reviews.get(r.renewalId ?? -1)?.total ?? 0,
    overdue: isPipelineOverdue(r, today),
  }))
  const total =
    pageSize === null
      ? rows.length
      : counts
        ? filter.stage
          ? counts[filter.stage]
          : PIPELINE_STAGES.reduce((sum, stage) => sum + counts[stage], 0)
        : (db().get<{ n: number }>(sql`SELECT count(*) AS n FROM ${source} p`)?.n ?? 0)
  return { rows, total }
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
 * total of the table it links to.
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
  const source = pipelineSource({ actor, filter: { ...filter, stage: undefined }, today })
  for (const { stage, n } of db().all<{ stage: PipelineStage; n: number }>(
    sql`SELECT p.stage AS stage, count(*) AS n FROM ${source} p GROUP BY p.stage`,
  ))
    counts[stage] = n
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

/** The decision groups from the tallies (grade '' is none), as recountDecisions counts them. */
export function talliedDecisions({ actor, filter }: { actor: Actor; filter: PipelineFilter }): DecisionGroup[] {
  const where: SQL[] = [sql`t.n <> 0`]
  if (actor.role === 'district') where.push(actor.districtCode ? sql`t.district_code = ${actor.districtCode}` : sql`0`)
  if (filter.districtCode) where.push(sql`t.district_code = ${filter.districtCode}`)
  if (filter.direction !== undefined) where.push(sql`t.direction = ${filter.direction}`)
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
