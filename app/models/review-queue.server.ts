import { sql, type SQL } from 'drizzle-orm'
import type { DistrictCode, FilingKind } from '~db/schema/enums'
import { can, type Actor } from '~/domain/permissions'
import { db } from '~/utils/db.server'
import { containsPattern } from './like.server'
import type { OpinionFilter, OpinionState, ReviewSort } from './review-queue-params'
import { districtHasOffice } from './district-offices.server'

// What awaits review (issue 4, item 5): submitted deliverables and annual reports, oldest first.
// The bureau decides every submitted filing; a district is asked for its opinion on its own
// labs' filings until it has given one, and may look at those it has given one on (the opinion
// filter, issue 19 item 7). One UNION so the two kinds page and sort together.

export type QueueFilter = { kind?: FilingKind; districtCode?: DistrictCode; q?: string; opinion?: OpinionFilter }

// One arm of the queue per filing kind, each with every condition applied inside it: SQLite then
// counts each kind on its status index and walks it in submission order for a page, instead of
// materialising every submitted filing of the city for a page of 50 (issue 18).
type Arm = { kind: FilingKind; from: SQL; table: SQL; title: SQL; periodSequence: SQL; validityYear: SQL; f: string }
const ARMS: Arm[] = [
  {
    kind: 'deliverable',
    from: sql`deliverables d`,
    table: sql`deliverables d`,
    title: sql`d.title`,
    periodSequence: sql`NULL`,
    validityYear: sql`NULL`,
    f: 'd',
  },
  {
    kind: 'annual_report',
    from: sql`annual_reports r JOIN validity_periods p ON p.id = r.period_id`,
    table: sql`annual_reports r`,
    title: sql`''`,
    periodSequence: sql`p.sequence`,
    validityYear: sql`r.validity_year`,
    f: 'r',
  },
]

type ArmQuery = { arm: Arm; where: SQL; needsLab: boolean; byDistrict: boolean }

// The arm's tables, its lab joined when asked. Within one district SQLite is told to start from
// that district's labs (CROSS JOIN fixes the order) and read each lab's filings by its lab index,
// rather than every submitted filing of the city with its lab looked up.
function armSource({ arm, byDistrict }: ArmQuery, { withPeriod, withLab }: { withPeriod: boolean; withLab: boolean }) {
  const tables = withPeriod ? arm.from : arm.table
  if (!withLab) return { from: tables, on: null }
  const on = sql`l.id = ${sql.raw(arm.f)}.lab_id`
  return { from: byDistrict ? sql`labs l CROSS JOIN ${tables}` : sql`${tables} JOIN labs l ON ${on}`, on: byDistrict ? on : null }
}

// Whether the lab's district has an office account to give the opinion (users_role_idx). A
// district office's own queue needs no look: it is that office (and its count is the tally's).
const districtOffice = (actor: Actor) => (actor.role === 'district' ? sql`1` : districtHasOffice(sql`l.district_code`))

function opinionStateOf(f: SQL, actor: Actor): SQL {
  return sql`CASE WHEN ${f}.district_opinion IS NOT NULL THEN ${f}.district_opinion
    WHEN ${f}.district_opinion_at IS NOT NULL THEN 'given'
    WHEN ${districtOffice(actor)} THEN 'awaited' ELSE 'not_required' END`
}

// the filter's condition on one arm; needsLab when it reads the lab's district
function opinionCondition(f: SQL, opinion: OpinionFilter, actor: Actor): { condition: SQL; needsLab: boolean } | null {
  switch (opinion) {
    case 'all':
      return null
    case 'support':
    case 'oppose':
      return { condition: sql`${f}.district_opinion = ${opinion}`, needsLab: false }
    case 'awaited':
      return { condition: sql`${f}.district_opinion_at IS NULL AND ${districtOffice(actor)}`, needsLab: actor.role !== 'district' }
    case 'not_required':
      return { condition: sql`${f}.district_opinion_at IS NULL AND NOT ${districtOffice(actor)}`, needsLab: actor.role !== 'district' }
  }
}

/** The opinion filter in force: a district's queue opens on what awaits its opinion, the bureau's on every submitted filing. */
export const opinionFilterOf = (actor: Actor, filter: QueueFilter): OpinionFilter =>
  filter.opinion ?? (actor.role === 'district' ? 'awaited' : 'all')

function queueArms(actor: Actor, filter: QueueFilter): ArmQuery[] {
  if (!can(actor, 'review:view')) return []
  if (actor.role === 'district' && !actor.districtCode) return []
  const q = filter.q?.trim()
  const pattern = q ? containsPattern(q) : null
  const opinion = opinionFilterOf(actor, filter)
  return ARMS.filter((arm) => !filter.kind || arm.kind === filter.kind).map((arm) => {
    const f = sql.raw(arm.f)
    const conditions: SQL[] = [sql`${f}.status = 'submitted'`]
    let needsLab = false
    const byDistrict = actor.role === 'district' || Boolean(filter.districtCode)
    const byOpinion = opinionCondition(f, opinion, actor)
    if (byOpinion) {
      conditions.push(byOpinion.condition)
      needsLab ||= byOpinion.needsLab
    }
    if (actor.role === 'district') {
      conditions.push(sql`l.district_code = ${actor.districtCode}`)
      needsLab = true
    } else if (filter.districtCode) {
      conditions.push(sql`l.district_code = ${filter.districtCode}`)
      needsLab = true
    }
    if (pattern) {
      conditions.push(sql`(l.name LIKE ${pattern} ESCAPE '\\' OR ${arm.title} LIKE ${pattern} ESCAPE '\\')`)
      needsLab = true
    }
    return { arm, where: sql.join(conditions, sql` AND `), needsLab, byDistrict }
  })
}

export type QueueRow = {
  kind: FilingKind
  id: number
  labId: number
  labName: string
  districtCode: DistrictCode
  title: string
  periodSequence: number | null
  validityYear: number | null
  submittedAt: string
  districtOpinionAt: string | null
  opinion: OpinionState
  rowVersion: number
}

// Each arm is ordered, and the merged rows again, by the same key (then kind and id, a total order).
function armOrder(arm: Arm, sort: ReviewSort, dir: 'asc' | 'desc'): SQL {
  const f = sql.raw(arm.f)
  // waiting longer is submitted earlier: waiting ascending is submitted descending
  const d = (sort === 'waiting') === (dir === 'asc') ? sql`DESC` : sql`ASC`
  const submitted = sql`${f}.submitted_at ${d}, ${f}.id ${d}`
  return sort === 'lab' ? sql`l.name ${dir === 'desc' ? sql`DESC` : sql`ASC`}, ${submitted}` : submitted
}

function mergedOrder(sort: ReviewSort, dir: 'asc' | 'desc'): SQL {
  const d = (sort === 'waiting') === (dir === 'asc') ? sql`DESC` : sql`ASC`
  const submitted = sql`submittedAt ${d}, kind ${d}, id ${d}`
  return sort === 'lab' ? sql`labName ${dir === 'desc' ? sql`DESC` : sql`ASC`}, ${submitted}` : submitted
}

// pageSize null: every row (the workbook)
export function reviewQueue({
  actor,
  filter,
  sort = 'submitted',
  dir = 'asc',
  page,
  pageSize,
}: {
  actor: Actor
  filter: QueueFilter
  sort?: ReviewSort
  dir?: 'asc' | 'desc'
  page: number
  pageSize: number | null
}) {
  const arms = queueArms(actor, filter)
  if (arms.length === 0) return { rows: [] as QueueRow[], total: 0 }
  const offset = pageSize === null ? 0 : (page - 1) * pageSize
  // a page of the merged order lies within the first offset + pageSize rows of each arm
  const armLimit = pageSize === null ? -1 : offset + pageSize
  const selects = arms.map((a) => {
    const { arm, where } = a
    const f = sql.raw(arm.f)
    const { from, on } = armSource(a, { withPeriod: true, withLab: true })
    return sql`SELECT * FROM (
      SELECT ${arm.kind} AS kind, ${f}.id AS id, ${f}.lab_id AS labId, l.name AS labName, l.district_code AS districtCode,
             ${arm.title} AS title, ${arm.periodSequence} AS periodSequence, ${arm.validityYear} AS validityYear,
             ${f}.submitted_at AS submittedAt, ${f}.district_opinion_at AS districtOpinionAt,
             ${opinionStateOf(f, actor)} AS opinion, ${f}.row_version AS rowVersion
      FROM ${from}
      WHERE ${on ? sql`${on} AND ` : sql``}${where}
      ORDER BY ${armOrder(arm, sort, dir)}
      LIMIT ${armLimit})`
  })
  const rows = db().all<QueueRow>(sql`
    SELECT * FROM (${sql.join(selects, sql` UNION ALL `)})
    ORDER BY ${mergedOrder(sort, dir)}
    LIMIT ${pageSize ?? -1} OFFSET ${offset}`)
  return { rows, total: countAwaiting(actor, filter) }
}

/**
 * How many filings await this actor (the dashboard tile, every page's menu badge, the queue's
 * total): summed from review_queue_tally (kept by triggers, db/schema/queue-tallies.ts), the same
 * selection queueArms makes, so it does not grow with the city's filings. A search is counted row by row.
 */
export function countAwaiting(actor: Actor, filter: QueueFilter = {}): number {
  if (!can(actor, 'review:view')) return 0
  if (actor.role === 'district' && !actor.districtCode) return 0
  // the tally knows a district's pending opinions and every submitted filing, not the other states
  const opinion = opinionFilterOf(actor, filter)
  const tallied = actor.role === 'district' ? opinion === 'awaited' : opinion === 'all'
  if (filter.q?.trim() || !tallied) return countAwaitingByScan(actor, filter)
  const conditions: SQL[] = [sql`1`]
  if (filter.kind) conditions.push(sql`t.kind = ${filter.kind}`)
  if (actor.role === 'district') conditions.push(sql`t.district_code = ${actor.districtCode}`, sql`t.opinion_pending = 1`)
  else if (filter.districtCode) conditions.push(sql`t.district_code = ${filter.districtCode}`)
  return (
    db().get<{ n: number }>(sql`SELECT coalesce(sum(t.n), 0) AS n FROM review_queue_tally t WHERE ${sql.join(conditions, sql` AND `)}`)
      ?.n ?? 0
  )
}

/** The same count from the filings themselves (a search, and the tally's agreement test). */
export function countAwaitingByScan(actor: Actor, filter: QueueFilter = {}): number {
  let n = 0
  for (const a of queueArms(actor, filter)) {
    // every filing has its lab and period (foreign keys): only a condition on the lab needs a join
    const { from, on } = armSource(a, { withPeriod: false, withLab: a.needsLab })
    n += db().get<{ n: number }>(sql`SELECT count(*) AS n FROM ${from} WHERE ${on ? sql`${on} AND ` : sql``}${a.where}`)?.n ?? 0
  }
  return n
}
