import { sql, type SQL } from 'drizzle-orm'
import { DELIVERABLE_FORMS, type DeliverableForm, type DistrictCode, type OutcomeVerification } from '~db/schema/enums'
import type { IsoDate } from '~/domain/dates'
import { FILED_STATUSES } from '~/domain/filing-workflow'
import { BUILTIN_INDICATOR_KEYS, type BuiltinIndicatorKey } from '~/domain/indicators'
import type { Actor } from '~/domain/permissions'
import { INDICATOR_COUNTING } from '~/domain/progress'
import { db } from '~/utils/db.server'
import { scopedLab } from './filing-steps.server'
import { publishedGradeCounts } from './evaluations.server'
import { periodsInForce } from './lab-status.server'
import { FULFILMENT_BUCKETS, type KindFilter, type OutcomeFilter } from './outcome-dashboard-params'
import { labScope } from './scope.server'

// 成果看板 (issue 16, part 4): what the city's labs produced, aggregated in SQL, one function per
// panel (the annual evaluation's grades join as one more). The register's items are the outcomes
// and the accepted annual deliverables (an accepted deliverable is an outcome, verified by its
// acceptance, a transfer when it was transferred), scoped with labScope like every list.
//
// Plan fulfilment is the SQL twin of app/domain/progress.ts (INDICATOR_COUNTING, lineProgress,
// planFulfilment, elapsedPercent, paceGap); tests/models/outcome-dashboard-agreement.test.ts holds
// the two to the same figures on generated data.

// a deliverable's transfer value, whole yuan like every amount (the one place the dashboard reads it)
const DELIVERABLE_VALUE_YUAN = sql.raw(`d.transfer_value_yuan`)
const TRANSFERRED = sql.raw(`d.transfer_status = 'transferred'`)

/** The lab-side filters, on the "labs" table by its own name: scope first, so nothing outside it counts. */
export function labConditions(actor: Actor, filter: OutcomeFilter): SQL[] {
  const conditions: SQL[] = []
  const scope = labScope(actor)
  if (scope) conditions.push(scope)
  if (filter.districtCode) conditions.push(sql`labs.district_code = ${filter.districtCode}`)
  if (filter.direction !== undefined) conditions.push(sql`labs.direction = ${filter.direction}`)
  if (filter.labId !== undefined) conditions.push(sql`labs.id = ${filter.labId}`)
  return conditions
}

/**
 * The filters as this viewer may apply them, with the filtered lab's name; null (404) when one
 * names what is outside the viewer's scope: another district for a district office, a lab it
 * does not see. (A lab account's district filter selects nothing outside its own lab anyway.)
 */
export function scopedOutcomeFilter(
  actor: Actor,
  filter: OutcomeFilter,
): { filter: OutcomeFilter; lab: { id: number; name: string } | null } | null {
  if (actor.role === 'district' && filter.districtCode && filter.districtCode !== actor.districtCode) return null
  if (filter.labId === undefined) return { filter, lab: null }
  const lab = scopedLab(actor, filter.labId)
  return lab ? { filter, lab: { id: lab.id, name: lab.name } } : null
}

// a calendar year as a date range, so the date indexes serve it
const yearRange = (column: SQL, year: number) => sql`${column} >= ${`${year}-01-01`} AND ${column} <= ${`${year}-12-31`}`
const and = (parts: SQL[]) => (parts.length ? sql.join(parts, sql` AND `) : sql`1`)

export function outcomeConditions(filter: OutcomeFilter): SQL[] | null {
  if (filter.source === 'deliverable' || filter.kind === 'none') return null
  const c: SQL[] = []
  if (filter.year !== undefined) c.push(yearRange(sql`o.occurred_on`, filter.year))
  if (filter.form) c.push(sql`o.form = ${filter.form}`)
  if (filter.kind) c.push(sql`o.kind = ${filter.kind}`)
  if (filter.verification) c.push(sql`o.verification = ${filter.verification}`)
  return c
}

export function deliverableConditions(filter: OutcomeFilter): SQL[] | null {
  if (filter.source === 'outcome') return null
  // an accepted deliverable is a transfer or has no kind, and is verified by its acceptance
  if (filter.kind && filter.kind !== 'transfer' && filter.kind !== 'none') return null
  if (filter.verification && filter.verification !== 'verified') return null
  // the version that counts ('superseded' ones do not): deliverables_accepted_date_idx
  const c: SQL[] = [sql`d.status = 'accepted'`]
  if (filter.year !== undefined) c.push(yearRange(sql`d.completed_on`, filter.year))
  if (filter.form) c.push(sql`EXISTS (SELECT 1 FROM json_each(d.forms) WHERE json_each.value = ${filter.form})`)
  if (filter.kind === 'transfer') c.push(TRANSFERRED)
  if (filter.kind === 'none') c.push(sql`NOT (${TRANSFERRED})`)
  return c
}

const OUTCOME_COLUMNS = sql`'outcome' AS source, o.id AS id, o.lab_id AS labId, labs.name AS labName, labs.district_code AS districtCode,
  labs.direction AS direction, o.title AS title, json_array(o.form) AS forms, o.kind AS kind, o.occurred_on AS date,
  o.value_yuan AS valueYuan, o.verification AS verification`
const DELIVERABLE_COLUMNS = sql`'deliverable' AS source, d.id AS id, d.lab_id AS labId, labs.name AS labName, labs.district_code AS districtCode,
  labs.direction AS direction, d.title AS title, d.forms AS forms, CASE WHEN ${TRANSFERRED} THEN 'transfer' END AS kind,
  d.completed_on AS date, CASE WHEN ${TRANSFERRED} THEN ${DELIVERABLE_VALUE_YUAN} END AS valueYuan, 'verified' AS verification`

/**
 * The register's items under the filters, as a compound SELECT (no ORDER BY): the outcomes, then
 * the accepted deliverables, each part filtered where its indexes are (outcomes_lab_idx,
 * outcomes_date_idx, deliverables_lab_idx, deliverables_accepted_date_idx). Null when no item can match.
 */
export function registerItems(actor: Actor, filter: OutcomeFilter): SQL | null {
  const labWhere = labConditions(actor, filter)
  const parts: SQL[] = []
  const own = outcomeConditions(filter)
  if (own) parts.push(sql`SELECT ${OUTCOME_COLUMNS} FROM outcomes o JOIN labs ON labs.id = o.lab_id WHERE ${and([...own, ...labWhere])}`)
  const accepted = deliverableConditions(filter)
  if (accepted)
    parts.push(
      sql`SELECT ${DELIVERABLE_COLUMNS} FROM deliverables d JOIN labs ON labs.id = d.lab_id WHERE ${and([...accepted, ...labWhere])}`,
    )
  return parts.length ? sql.join(parts, sql` UNION ALL `) : null
}

/** Grouped counts over the items: `group` is a SQL expression over the item `i`. */
function countBy<K extends string | number>(actor: Actor, filter: OutcomeFilter, group: SQL, from = sql``) {
  const items = registerItems(actor, filter)
  if (!items) return []
  return db().all<{ key: K | null; n: number; transfers: number; valueYuan: number }>(sql`
    SELECT ${group} AS key, count(*) AS n, sum(i.kind = 'transfer') AS transfers,
      coalesce(sum(CASE WHEN i.kind = 'transfer' THEN i.valueYuan END), 0) AS valueYuan
    FROM (${items}) i ${from}
    GROUP BY 1`)
}

export type Totals = { n: number; outcomes: number; deliverables: number }

/** The number of items the filters select (the register's total), outcomes and deliverables apart. */
export function outcomeTotals({ actor, filter }: { actor: Actor; filter: OutcomeFilter }): Totals {
  const rows = countBy<string>(actor, filter, sql`i.source`)
  const of = (s: string) => rows.find((r) => r.key === s)?.n ?? 0
  return { n: of('outcome') + of('deliverable'), outcomes: of('outcome'), deliverables: of('deliverable') }
}

/** Transfers under the filters (a kind filter aside: this figure is the transfers'), with their value in whole yuan. */
export function transferTotals({ actor, filter }: { actor: Actor; filter: OutcomeFilter }): { n: number; valueYuan: number } {
  const rows = countBy<string>(actor, { ...filter, kind: 'transfer' }, sql`'all'`)
  return { n: rows[0]?.n ?? 0, valueYuan: rows[0]?.valueYuan ?? 0 }
}

// Each chart leaves out the filter on its own dimension and links with that dimension set, so a
// bar counts exactly the register rows it opens.

export function countsByVerification({ actor, filter }: { actor: Actor; filter: OutcomeFilter }) {
  return countBy<OutcomeVerification>(actor, { ...filter, verification: undefined }, sql`i.verification`).map(({ key, n }) => ({
    key: key!,
    n,
  }))
}

/** Items per form: an accepted deliverable of several forms counts once in each. */
export function countsByForm({ actor, filter }: { actor: Actor; filter: OutcomeFilter }) {
  const items = registerItems(actor, { ...filter, form: undefined })
  const rows = items
    ? db().all<{ key: DeliverableForm; n: number }>(sql`
        SELECT f.value AS key, count(DISTINCT i.source || ':' || i.id) AS n FROM (${items}) i, json_each(i.forms) f GROUP BY 1`)
    : []
  return DELIVERABLE_FORMS.map((form) => ({ key: form, n: rows.find((r) => r.key === form)?.n ?? 0 }))
}

export function countsByKind({ actor, filter }: { actor: Actor; filter: OutcomeFilter }) {
  return countBy<KindFilter>(actor, { ...filter, kind: undefined }, sql`coalesce(i.kind, 'none')`).map(({ key, n }) => ({ key: key!, n }))
}

export function countsByDirection({ actor, filter }: { actor: Actor; filter: OutcomeFilter }) {
  return countBy<number>(actor, { ...filter, direction: undefined }, sql`i.direction`).map(({ key, n }) => ({ key: key!, n }))
}

export function countsByDistrict({ actor, filter }: { actor: Actor; filter: OutcomeFilter }) {
  return countBy<DistrictCode>(actor, { ...filter, districtCode: undefined }, sql`i.districtCode`).map(({ key, n }) => ({ key: key!, n }))
}

/** Items, transfers and their value per calendar year of the date, oldest first. */
export function countsByYear({ actor, filter }: { actor: Actor; filter: OutcomeFilter }) {
  return countBy<string>(actor, { ...filter, year: undefined }, sql`CAST(substr(i.date, 1, 4) AS INTEGER)`)
    .map((r) => ({ year: Number(r.key), n: r.n, transfers: r.transfers, valueYuan: r.valueYuan }))
    .sort((a, b) => a.year - b.year)
}

// --- progress against the plan, the SQL twin of app/domain/progress.ts ----------------------------

const REGISTER_KEYS = BUILTIN_INDICATOR_KEYS.filter((k) => INDICATOR_COUNTING[k].by !== 'declared')

// Each item's forms as four 0/1 flags, computed once per item: an outcome has one form, an
// accepted deliverable a JSON list of them.
const FORM_FLAG = (form: DeliverableForm) => sql.raw(`"f_${form}"`)
const outcomeFormFlags = sql.join(
  DELIVERABLE_FORMS.map((f) => sql`(o.form = ${f}) AS ${FORM_FLAG(f)}`),
  sql`, `,
)
const deliverableFormFlags = sql.join(
  DELIVERABLE_FORMS.map((f) => sql`EXISTS (SELECT 1 FROM json_each(d.forms) WHERE json_each.value = ${f}) AS ${FORM_FLAG(f)}`),
  sql`, `,
)

// what one item adds to a line (progress.ts contribution()), as SQL over the item `i`
function contributionSql(key: BuiltinIndicatorKey): SQL {
  const counting = INDICATOR_COUNTING[key]
  if (counting.by === 'form') return sql`i.${FORM_FLAG(counting.form)}`
  if (counting.by === 'kind')
    return 'sum' in counting
      ? sql`CASE WHEN i.kind = ${counting.kind} THEN coalesce(i.valueYuan, 0) ELSE 0 END`
      : sql`(i.kind = ${counting.kind})`
  return sql`0`
}

const achievedColumns = sql.join(
  REGISTER_KEYS.flatMap((k) => [
    sql`coalesce(sum(${contributionSql(k)}), 0) AS ${sql.raw(`"a_${k}"`)}`,
    sql`coalesce(sum(CASE WHEN i.verification = 'verified' THEN ${contributionSql(k)} ELSE 0 END), 0) AS ${sql.raw(`"v_${k}"`)}`,
  ]),
  sql`, `,
)

/**
 * Per period of `periods` (a SELECT of periodId, labId, startDate, endDate): achieved and verified
 * per register-counted indicator, as lineProgress counts them. Outcomes count for their period;
 * accepted deliverables for every period of their lab their completion date falls in; what the
 * bureau disputed counts for neither.
 */
function achievementCtes(periods: SQL): SQL {
  return sql`periods AS (${periods}),
  items AS (
    SELECT o.period_id AS periodId, ${outcomeFormFlags}, o.kind AS kind, o.value_yuan AS valueYuan, o.verification AS verification
    FROM outcomes o WHERE o.period_id IN (SELECT periodId FROM periods)
    UNION ALL
    SELECT p.periodId, ${deliverableFormFlags}, CASE WHEN ${TRANSFERRED} THEN 'transfer' END,
      CASE WHEN ${TRANSFERRED} THEN ${DELIVERABLE_VALUE_YUAN} END, 'verified'
    FROM periods p JOIN deliverables d ON d.lab_id = p.labId AND d.status = 'accepted'
      AND d.completed_on >= p.startDate AND d.completed_on <= p.endDate
  ),
  achieved AS (
    SELECT i.periodId AS periodId, ${achievedColumns} FROM items i WHERE i.verification <> 'disputed' GROUP BY i.periodId
  )`
}

const ACHIEVED_NAMES = sql.raw(REGISTER_KEYS.flatMap((k) => [`a."a_${k}"`, `a."v_${k}"`]).join(', '))

export type PeriodAchievement = {
  periodId: number
  labId: number
  lines: Record<(typeof REGISTER_KEYS)[number], { achieved: number; verified: number }>
}

/** Achieved and verified per register-counted indicator for every period of the labs in scope. */
export function periodAchievements({ actor, filter }: { actor: Actor; filter: OutcomeFilter }): PeriodAchievement[] {
  const periods = sql`SELECT vp.id AS periodId, vp.lab_id AS labId, vp.start_date AS startDate, vp.end_date AS endDate
    FROM validity_periods vp JOIN labs ON labs.id = vp.lab_id WHERE ${and(labConditions(actor, filter))}`
  const rows = db().all<Record<string, number>>(sql`
    WITH ${achievementCtes(periods)}
    SELECT p.periodId AS periodId, p.labId AS labId, ${ACHIEVED_NAMES} FROM periods p LEFT JOIN achieved a ON a.periodId = p.periodId`)
  return rows.map((r) => ({
    periodId: r.periodId!,
    labId: r.labId!,
    lines: Object.fromEntries(
      REGISTER_KEYS.map((k) => [k, { achieved: r[`a_${k}`] ?? 0, verified: r[`v_${k}`] ?? 0 }]),
    ) as PeriodAchievement['lines'],
  }))
}

// a plan line's achieved figure: the register's count for its key, or what the period's filed annual
// reports declare for it (progress.server.ts declarations: whole, non-negative numbers only)
const declaredPath = sql`'$.progress.declared."' || coalesce(t.indicator_key, 'c' || t.custom_indicator_id) || '"'`
const lineAchieved = sql`CASE t.indicator_key ${sql.join(
  REGISTER_KEYS.map((k) => sql`WHEN ${k} THEN coalesce(${sql.raw(`a."a_${k}"`)}, 0)`),
  sql` `,
)} ELSE (
  SELECT coalesce(sum(json_extract(r.content, ${declaredPath})), 0) FROM annual_reports r
  WHERE r.period_id = p.periodId AND r.status IN ${[...FILED_STATUSES]}
    AND json_type(r.content, ${declaredPath}) = 'integer' AND json_extract(r.content, ${declaredPath}) >= 0
) END`

/**
 * Each lab in scope whose period in force (labPeriods) has an approved plan with targets: its plan
 * fulfilment (planFulfilment: the mean of each target's share reached, capped at 100, floored),
 * the share of the period elapsed on `today` (elapsedPercent) and the gap between them (paceGap).
 * Only the lab-side filters apply: the plan is the lab's whole period.
 */
function fulfilmentCtes({ actor, filter, today }: { actor: Actor; filter: OutcomeFilter; today: IsoDate }): SQL {
  const inForce = periodsInForce(today)
  const labFilter = { districtCode: filter.districtCode, direction: filter.direction, labId: filter.labId }
  const periods = sql`SELECT ${inForce.periodId} AS periodId, ${inForce.labId} AS labId, ${inForce.startDate} AS startDate,
      ${inForce.endDate} AS endDate, ip.id AS planId, labs.name AS labName, labs.district_code AS districtCode
    FROM ${inForce} JOIN labs ON labs.id = ${inForce.labId}
    JOIN indicator_plans ip ON ip.period_id = ${inForce.periodId} AND ip.status = 'approved'
    WHERE ${and(labConditions(actor, labFilter))}`
  const elapsed = sql`CASE WHEN ${today} < p.startDate THEN 0 WHEN ${today} >= p.endDate THEN 100
    ELSE (CAST(julianday(${today}) - julianday(p.startDate) AS INTEGER) + 1) * 100
      / (CAST(julianday(p.endDate) - julianday(p.startDate) AS INTEGER) + 1) END`
  return sql`${achievementCtes(periods)},
  lines AS (
    SELECT p.periodId AS periodId, t.target AS target, ${lineAchieved} AS achieved
    FROM periods p JOIN indicator_targets t ON t.plan_id = p.planId LEFT JOIN achieved a ON a.periodId = p.periodId
    WHERE t.indicator_key IN ${[...BUILTIN_INDICATOR_KEYS]} OR t.custom_indicator_id IS NOT NULL
  ),
  fulfilment AS (
    SELECT periodId, sum(CASE WHEN target = 0 THEN 100 ELSE min(100, achieved * 100 / target) END) / count(*) AS fulfilment
    FROM lines GROUP BY periodId
  ),
  pace AS (
    SELECT p.labId AS labId, p.labName AS labName, p.districtCode AS districtCode, p.periodId AS periodId, f.fulfilment AS fulfilment,
      ${elapsed} AS elapsed, f.fulfilment - (${elapsed}) AS gap
    FROM periods p JOIN fulfilment f ON f.periodId = p.periodId
  )`
}

export type LabPace = {
  labId: number
  labName: string
  districtCode: DistrictCode
  periodId: number
  fulfilment: number
  elapsed: number
  gap: number
}

/** Every lab's fulfilment row (the agreement test's view; the page reads the grouped panel below). */
export function planFulfilments(args: { actor: Actor; filter: OutcomeFilter; today: IsoDate }): LabPace[] {
  return db().all<LabPace>(sql`WITH ${fulfilmentCtes(args)} SELECT * FROM pace`)
}

// in the order of the bucket rows' columns: a compound SELECT matches columns by position
const PACE_COLUMNS = sql`labId, labName, districtCode, periodId, fulfilment, elapsed, gap`

/**
 * The fulfilment panel in one pass over the labs' figures: how many labs fall in each tenth
 * (0–9 % … 90–99 %, then 100 %) and their mean; the labs furthest ahead of the time elapsed
 * (paceGap at least 0) and furthest behind it (below 0), `limit` each, ties by name.
 */
export function planFulfilmentPanel(args: { actor: Actor; filter: OutcomeFilter; today: IsoDate; limit?: number }) {
  const limit = args.limit ?? 5
  type Part = LabPace & { part: 'bucket' | 'ahead' | 'behind'; bucket: number | null; n: number | null }
  const rows = db().all<Part>(sql`WITH ${fulfilmentCtes(args)}
    SELECT 'bucket' AS part, min(10, fulfilment / 10) AS bucket, count(*) AS n, NULL AS labId, NULL AS labName, NULL AS districtCode,
      NULL AS periodId, sum(fulfilment) AS fulfilment, NULL AS elapsed, NULL AS gap
    FROM pace GROUP BY 2
    UNION ALL SELECT * FROM (SELECT 'ahead', NULL, NULL, ${PACE_COLUMNS} FROM pace WHERE gap >= 0 ORDER BY gap DESC, labName, labId LIMIT ${limit})
    UNION ALL SELECT * FROM (SELECT 'behind', NULL, NULL, ${PACE_COLUMNS} FROM pace WHERE gap < 0 ORDER BY gap ASC, labName, labId LIMIT ${limit})`)
  const buckets = rows.filter((r) => r.part === 'bucket')
  const labs = buckets.reduce((s, r) => s + r.n!, 0)
  const pace = (part: Part['part']) =>
    rows
      .filter((r) => r.part === part)
      .map(({ labId, labName, districtCode, periodId, fulfilment, elapsed, gap }) => ({
        labId,
        labName,
        districtCode,
        periodId,
        fulfilment,
        elapsed,
        gap,
      }))
  return {
    distribution: {
      buckets: FULFILMENT_BUCKETS.map((b) => ({ bucket: b, n: buckets.find((r) => r.bucket === b)?.n ?? 0 })),
      labs,
      // the bucket rows carry the sum of their fulfilments
      mean: labs ? Math.floor(buckets.reduce((s, r) => s + r.fulfilment, 0) / labs) : null,
    },
    ahead: pace('ahead'),
    behind: pace('behind'),
  }
}

/**
 * Every panel of /outcomes under one filter, each its own query (a panel added later, such as the
 * annual evaluation's published grades, is one more line here).
 */
export function outcomeDashboardData(args: { actor: Actor; filter: OutcomeFilter; today: IsoDate }) {
  const { actor, filter } = args
  return {
    totals: outcomeTotals({ actor, filter }),
    transfers: transferTotals({ actor, filter }),
    byVerification: countsByVerification({ actor, filter }),
    byForm: countsByForm({ actor, filter }),
    byKind: countsByKind({ actor, filter }),
    byDirection: countsByDirection({ actor, filter }),
    byDistrict: countsByDistrict({ actor, filter }),
    byYear: countsByYear({ actor, filter }),
    fulfilment: planFulfilmentPanel(args),
    // the annual evaluation's published grades (issue 16, part 5): the filtered year's round, or the latest
    evaluation: publishedGradeCounts({ actor, year: filter.year ?? null, districtCode: filter.districtCode, direction: filter.direction }),
  }
}

export type OutcomeDashboardData = ReturnType<typeof outcomeDashboardData>
