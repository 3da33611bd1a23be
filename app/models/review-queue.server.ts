import { sql, type SQL } from 'drizzle-orm'
import type { DistrictCode, FilingKind } from '~db/schema/enums'
import { can, type Actor } from '~/domain/permissions'
import { db } from '~/utils/db.server'
import { containsPattern } from './like.server'

// What awaits review (issue 4, item 5): submitted deliverables and annual reports, oldest first.
// The bureau decides every submitted filing; a district is asked for its opinion on its own
// labs' filings until it has given one. One UNION so the two kinds page and sort together.

export type QueueFilter = { kind?: FilingKind; districtCode?: DistrictCode; q?: string }

function queueSql(actor: Actor, filter: QueueFilter): SQL | null {
  if (!can(actor, 'review:view')) return null
  const conditions: SQL[] = [sql`f.status = 'submitted'`]
  if (actor.role === 'district') {
    if (!actor.districtCode) return null
    conditions.push(sql`l.district_code = ${actor.districtCode}`, sql`f.district_opinion_at IS NULL`)
  } else if (filter.districtCode) conditions.push(sql`l.district_code = ${filter.districtCode}`)
  if (filter.kind) conditions.push(sql`f.kind = ${filter.kind}`)
  const q = filter.q?.trim()
  if (q) {
    const pattern = containsPattern(q)
    conditions.push(sql`(l.name LIKE ${pattern} ESCAPE '\\' OR f.title LIKE ${pattern} ESCAPE '\\')`)
  }
  return sql`
    FROM (
      SELECT 'deliverable' AS kind, d.id, d.lab_id, d.title, NULL AS period_sequence, NULL AS validity_year,
             d.status, d.submitted_at, d.district_opinion_at
      FROM deliverables d
      UNION ALL
      SELECT 'annual_report', r.id, r.lab_id, '', p.sequence, r.validity_year, r.status, r.submitted_at, r.district_opinion_at
      FROM annual_reports r JOIN validity_periods p ON p.id = r.period_id
    ) f
    JOIN labs l ON l.id = f.lab_id
    WHERE ${sql.join(conditions, sql` AND `)}`
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
  const from = queueSql(actor, filter)
  if (!from) return { rows: [] as QueueRow[], total: 0 }
  const rows = db().all<QueueRow>(sql`
    SELECT f.kind AS kind, f.id AS id, f.lab_id AS labId, l.name AS labName, l.district_code AS districtCode, f.title AS title,
           f.period_sequence AS periodSequence, f.validity_year AS validityYear, f.submitted_at AS submittedAt,
           f.district_opinion_at AS districtOpinionAt
    ${from}
    ORDER BY f.submitted_at ASC, f.kind ASC, f.id ASC
    LIMIT ${pageSize ?? -1} OFFSET ${pageSize === null ? 0 : (page - 1) * pageSize}`)
  return { rows, total: countAwaiting(actor, filter) }
}

/** How many filings await this actor (the dashboard tile). */
export function countAwaiting(actor: Actor, filter: QueueFilter = {}): number {
  const from = queueSql(actor, filter)
  return from ? (db().get<{ n: number }>(sql`SELECT count(*) AS n ${from}`)?.n ?? 0) : 0
}
