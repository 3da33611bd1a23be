import { sql, type SQL } from 'drizzle-orm'
import type { DistrictCode, FilingKind } from '~db/schema/enums'
import { can, type Actor } from '~/domain/permissions'
import { db } from '~/utils/db.server'
import { containsPattern } from './like.server'

// What awaits review (issue 4, item 5): submitted deliverables and annual reports, oldest first.
// The bureau decides every submitted filing; a district is asked for its opinion on its own
// labs' filings until it has given one. One UNION so the two kinds page and sort together.

export type QueueFilter = { kind?: FilingKind; districtCode?: DistrictCode; q?: string }

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

function queueArms(actor: Actor, filter: QueueFilter): ArmQuery[] {
  if (!can(actor, 'review:view')) return []
  if (actor.role === 'district' && !actor.districtCode) return []
  const q = filter.q?.trim()
  const pattern = q ? containsPattern(q) : null
  return ARMS.filter((arm) => !filter.kind || arm.kind === filter.kind).map((arm) => {
    const f = sql.raw(arm.f)
    const conditions: SQL[] = [sql`${f}.status = 'submitted'`]
    let needsLab = false
    const byDistrict = actor.role === 'district' || Boolean(filter.districtCode)
    if (actor.role === 'district') {
      conditions.push(sql`l.district_code = ${actor.districtCode}`, sql`${f}.district_opinion_at IS NULL`)
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
}

// pageSize null: every row (the workbook)
export function reviewQueue({
  actor,
  filter,
  page,
  pageSize,
}: {
  actor: Actor
  filter: QueueFilter
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
             ${f}.submitted_at AS submittedAt, ${f}.district_opinion_at AS districtOpinionAt
      FROM ${from}
      WHERE ${on ? sql`${on} AND ` : sql``}${where}
      ORDER BY ${f}.submitted_at ASC, ${f}.id ASC
      LIMIT ${armLimit})`
  })
  const rows = db().all<QueueRow>(sql`
    SELECT * FROM (${sql.join(selects, sql` UNION ALL `)})
    ORDER BY submittedAt ASC, kind ASC, id ASC
    LIMIT ${pageSize ?? -1} OFFSET ${offset}`)
  return { rows, total: countAwaiting(actor, filter) }
}

/**
 * How many filings await this actor (the dashboard tile, every page's menu badge, the queue's
 * total): summed from review_queue_tally (kept by triggers, db/schema/queue-tallies.ts), the same
 * selection queueArms makes, so it does not grow with the city's filings. A search is counted row by row.
 */
export function countAwaiting(actor: Actor, filter: QueueFilter = {}): number {
  if (filter.q?.trim()) return countAwaitingByScan(actor, filter)
  if (!can(actor, 'review:view')) return 0
  if (actor.role === 'district' && !actor.districtCode) return 0
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
