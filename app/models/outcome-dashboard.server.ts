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
import { ensureComplianceFresh } from './compliance.server'
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

// The dimensions the charts group by: over the register's items `i`, and over the tallies `t`.
type Dimension = 'all' | 'source' | 'verification' | 'kind' | 'direction' | 'district' | 'year'
const ITEM_GROUP: Record<Dimension, SQL> = {
  all: sql`'all'`,
  source: sql`i.source`,
  verification: sql`i.verification`,
  kind: sql`coalesce(i.kind, 'none')`,
  direction: sql`i.direction`,
  district: sql`i.districtCode`,
  year: sql`CAST(substr(i.date, 1, 4) AS INTEGER)`,
}
const TALLY_GROUP: Record<Dimension, SQL> = {
  all: sql`'all'`,
  source: sql`t.source`,
  verification: sql`t.verification`,
  kind: sql`t.kind`,
  direction: sql`t.direction`,
  district: sql`t.district_code`,
  year: sql`t.year`,
}

// an item's forms as the tallies keep them: a bit per DELIVERABLE_FORMS entry (the migration's triggers)
export const FORM_BIT = Object.fromEntries(DELIVERABLE_FORMS.map((f, i) => [f, 1 << i])) as Record<DeliverableForm, number>

/**
 * Whether the counts can be read from outcome_tallies: they are kept per district and direction,
 * so the city's and a district's dashboards read them; one lab's (a lab account, the pace table's
 * lab filter) counts its own few items from the register, where outcomes_lab_idx and
 * deliverables_lab_idx find them.
 */
function tallied(actor: Actor, filter: OutcomeFilter): boolean {
  return (actor.role === 'bureau' || actor.role === 'district') && filter.labId === undefined
}

/**
 * The filters on the tallies, the same selection registerItems makes: an outcome has no kind
 * 'none', an accepted deliverable is 'transfer' or 'none' and 'verified', so equality on each key
 * leaves out exactly what registerItems leaves out.
 */
function tallyConditions(actor: Actor, filter: OutcomeFilter): SQL[] {
  const c: SQL[] = []
  if (actor.role === 'district') c.push(actor.districtCode ? sql`t.district_code = ${actor.districtCode}` : sql`0`)
  if (filter.districtCode) c.push(sql`t.district_code = ${filter.districtCode}`)
  if (filter.direction !== undefined) c.push(sql`t.direction = ${filter.direction}`)
  if (filter.year !== undefined) c.push(sql`t.year = ${filter.year}`)
  if (filter.form) c.push(sql`(t.forms & ${FORM_BIT[filter.form]}) <> 0`)
  if (filter.kind) c.push(sql`t.kind = ${filter.kind}`)
  if (filter.verification) c.push(sql`t.verification = ${filter.verification}`)
  if (filter.source) c.push(sql`t.source = ${filter.source}`)
  return c
}

type Grouped<K> = { key: K | null; n: number; transfers: number; valueYuan: number }

// the filters outcome_marginals is kept by, and how a key reads back (direction and year are numbers)
type Marginal = 'source' | 'verification' | 'kind' | 'direction' | 'year' | 'form'
const MARGINAL_FILTERS = ['source', 'verification', 'kind', 'direction', 'year', 'form'] as const satisfies readonly (Marginal &
  keyof OutcomeFilter)[]
const marginalKey = (dimension: Marginal) => (dimension === 'direction' || dimension === 'year' ? sql`CAST(m.key AS INTEGER)` : sql`m.key`)

/**
 * Grouped counts from outcome_marginals, where they answer exactly: the city's or a district's
 * items under no filter but a district, by one dimension (the unfiltered dashboard's every chart),
 * or in all under one filter (its transfers). Null where they cannot (any other filter): the
 * tallies answer then.
 */
function countMarginal<K extends string | number>(actor: Actor, filter: OutcomeFilter, dimension: Dimension | 'form'): Grouped<K>[] | null {
  if (!tallied(actor, filter)) return null
  const set = MARGINAL_FILTERS.filter((f) => filter[f] !== undefined)
  const c: SQL[] = []
  if (actor.role === 'district') c.push(actor.districtCode ? sql`m.district_code = ${actor.districtCode}` : sql`0`)
  if (filter.districtCode) c.push(sql`m.district_code = ${filter.districtCode}`)
  let group: SQL
  if (set.length === 0 && dimension !== 'all' && dimension !== 'district') {
    c.push(sql`m.dimension = ${dimension}`)
    group = marginalKey(dimension)
  } else if (set.length === 0) {
    // every item is under exactly one source
    c.push(sql`m.dimension = 'source'`)
    group = dimension === 'district' ? sql`m.district_code` : sql`'all'`
  } else if (set.length === 1 && dimension === 'all') {
    const [f] = set
    c.push(sql`m.dimension = ${f}`, sql`m.key = ${String(filter[f])}`)
    group = sql`'all'`
  } else return null
  return db().all<Grouped<K>>(sql`
    SELECT ${group} AS key, sum(m.n) AS n, sum(m.transfers) AS transfers, sum(m.value_yuan) AS valueYuan
    FROM outcome_marginals m WHERE ${and(c)}
    GROUP BY 1 HAVING sum(m.n) > 0 ORDER BY 1`)
}

/**
 * Grouped counts over the items, by one dimension: from the marginals or the tallies where they
 * serve, else from the register.
 */
function countBy<K extends string | number>(actor: Actor, filter: OutcomeFilter, dimension: Dimension): Grouped<K>[] {
  const marginal = countMarginal<K>(actor, filter, dimension)
  if (marginal) return marginal
  if (tallied(actor, filter))
    return db().all<Grouped<K>>(sql`
      SELECT ${TALLY_GROUP[dimension]} AS key, sum(t.n) AS n, sum(t.transfers) AS transfers, sum(t.value_yuan) AS valueYuan
      FROM outcome_tallies t WHERE ${and(tallyConditions(actor, filter))}
      GROUP BY 1 HAVING sum(t.n) > 0 ORDER BY 1`)
  return countItemsBy<K>(actor, filter, dimension)
}

/**
 * The same counts recomputed from the register's items (one lab's dashboard, and the tallies'
 * agreement test). A group of untransferred deliverables only has 0 transfers (it read NULL, a
 * blank cell in /outcomes.xlsx's year sheet, before the tallies).
 */
export function countItemsBy<K extends string | number>(actor: Actor, filter: OutcomeFilter, dimension: Dimension): Grouped<K>[] {
  const items = registerItems(actor, filter)
  if (!items) return []
  return db().all<Grouped<K>>(sql`
    SELECT ${ITEM_GROUP[dimension]} AS key, count(*) AS n, coalesce(sum(i.kind = 'transfer'), 0) AS transfers,
      coalesce(sum(CASE WHEN i.kind = 'transfer' THEN i.valueYuan END), 0) AS valueYuan
    FROM (${items}) i
    GROUP BY 1 ORDER BY 1`)
}

export type Totals = { n: number; outcomes: number; deliverables: number }

/** The number of items the filters select (the register's total), outcomes and deliverables apart. */
export function outcomeTotals({ actor, filter }: { actor: Actor; filter: OutcomeFilter }): Totals {
  const rows = countBy<string>(actor, filter, 'source')
  const of = (s: string) => rows.find((r) => r.key === s)?.n ?? 0
  return { n: of('outcome') + of('deliverable'), outcomes: of('outcome'), deliverables: of('deliverable') }
}

/** Transfers under the filters (a kind filter aside: this figure is the transfers'), with their value in whole yuan. */
export function transferTotals({ actor, filter }: { actor: Actor; filter: OutcomeFilter }): { n: number; valueYuan: number } {
  const rows = countBy<string>(actor, { ...filter, kind: 'transfer' }, 'all')
  return { n: rows[0]?.n ?? 0, valueYuan: rows[0]?.valueYuan ?? 0 }
}

// Each chart leaves out the filter on its own dimension and links with that dimension set, so a
// bar counts exactly the register rows it opens.

export function countsByVerification({ actor, filter }: { actor: Actor; filter: OutcomeFilter }) {
  return countBy<OutcomeVerification>(actor, { ...filter, verification: undefined }, 'verification').map(({ key, n }) => ({
    key: key!,
    n,
  }))
}

/** Items per form: an accepted deliverable of several forms counts once in each. */
export function countsByForm({ actor, filter }: { actor: Actor; filter: OutcomeFilter }) {
  const unfiltered = { ...filter, form: undefined }
  const marginal = countMarginal<DeliverableForm>(actor, unfiltered, 'form')
  if (marginal) return DELIVERABLE_FORMS.map((form) => ({ key: form, n: marginal.find((r) => r.key === form)?.n ?? 0 }))
  if (tallied(actor, unfiltered)) {
    const sums = db().get<Record<DeliverableForm, number | null>>(sql`
      SELECT ${sql.join(
        DELIVERABLE_FORMS.map((f) => sql`sum(CASE WHEN (t.forms & ${FORM_BIT[f]}) <> 0 THEN t.n END) AS ${sql.raw(`"${f}"`)}`),
        sql`, `,
      )} FROM outcome_tallies t WHERE ${and(tallyConditions(actor, unfiltered))}`)
    return DELIVERABLE_FORMS.map((form) => ({ key: form, n: sums?.[form] ?? 0 }))
  }
  const items = registerItems(actor, unfiltered)
  const rows = items
    ? db().all<{ key: DeliverableForm; n: number }>(sql`
        SELECT f.value AS key, count(DISTINCT i.source || ':' || i.id) AS n FROM (${items}) i, json_each(i.forms) f GROUP BY 1`)
    : []
  return DELIVERABLE_FORMS.map((form) => ({ key: form, n: rows.find((r) => r.key === form)?.n ?? 0 }))
}

export function countsByKind({ actor, filter }: { actor: Actor; filter: OutcomeFilter }) {
  return countBy<KindFilter>(actor, { ...filter, kind: undefined }, 'kind').map(({ key, n }) => ({ key: key!, n }))
}

export function countsByDirection({ actor, filter }: { actor: Actor; filter: OutcomeFilter }) {
  return countBy<number>(actor, { ...filter, direction: undefined }, 'direction').map(({ key, n }) => ({ key: key!, n }))
}

export function countsByDistrict({ actor, filter }: { actor: Actor; filter: OutcomeFilter }) {
  return countBy<DistrictCode>(actor, { ...filter, districtCode: undefined }, 'district').map(({ key, n }) => ({ key: key!, n }))
}

/** Items, transfers and their value per calendar year of the date, oldest first. */
export function countsByYear({ actor, filter }: { actor: Actor; filter: OutcomeFilter }) {
  return countBy<string>(actor, { ...filter, year: undefined }, 'year')
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

// the plan is the lab's whole period: only the lab-side filters apply to the fulfilment panel
const labSide = (filter: OutcomeFilter): OutcomeFilter => ({
  districtCode: filter.districtCode,
  direction: filter.direction,
  labId: filter.labId,
})

// the share of a period elapsed on `today` (elapsedPercent), over a row `p` with startDate and endDate
const elapsedSql = (
  today: IsoDate,
  start = sql`p.startDate`,
  end = sql`p.endDate`,
) => sql`CASE WHEN ${today} < ${start} THEN 0 WHEN ${today} >= ${end} THEN 100
    ELSE (CAST(julianday(${today}) - julianday(${start}) AS INTEGER) + 1) * 100
      / (CAST(julianday(${end}) - julianday(${start}) AS INTEGER) + 1) END`

/**
 * Each lab (of `labWhere`, conditions on "labs") whose period in force (labPeriods) has an
 * approved plan with targets: its plan fulfilment (planFulfilment: the mean of each target's share
 * reached, capped at 100, floored), the share of the period elapsed on `today` (elapsedPercent)
 * and the gap between them (paceGap).
 */
function fulfilmentCtes({ labWhere, today }: { labWhere: SQL[]; today: IsoDate }): SQL {
  const inForce = periodsInForce(today)
  const periods = sql`SELECT ${inForce.periodId} AS periodId, ${inForce.labId} AS labId, ${inForce.startDate} AS startDate,
      ${inForce.endDate} AS endDate, ip.id AS planId, labs.name AS labName, labs.district_code AS districtCode, labs.direction AS direction
    FROM ${inForce} JOIN labs ON labs.id = ${inForce.labId}
    JOIN indicator_plans ip ON ip.period_id = ${inForce.periodId} AND ip.status = 'approved'
    WHERE ${and(labWhere)}`
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
      ${elapsedSql(today)} AS elapsed, f.fulfilment - (${elapsedSql(today)}) AS gap
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

/**
 * Every lab's fulfilment row recomputed from the register, the plans and the reports (the stored
 * figures' agreement test, and what storePlanFulfilments stores).
 */
export function planFulfilments({ actor, filter, today }: { actor: Actor; filter: OutcomeFilter; today: IsoDate }): LabPace[] {
  return db().all<LabPace>(sql`WITH ${fulfilmentCtes({ labWhere: labConditions(actor, labSide(filter)), today })}
    SELECT * FROM pace ORDER BY labId`)
}

/**
 * Stores the fulfilment of these labs (every lab when null) as of `today` in plan_fulfilments:
 * called by the compliance refresh inside its transaction, for the labs it re-evaluates.
 */
export function storePlanFulfilments({ today, labIds }: { today: IsoDate; labIds: readonly number[] | null }) {
  const chunks =
    labIds === null ? [null] : Array.from({ length: Math.ceil(labIds.length / 500) }, (_, i) => labIds.slice(i * 500, i * 500 + 500))
  for (const ids of chunks) {
    if (ids === null) db().run(sql`DELETE FROM plan_fulfilments`)
    else db().run(sql`DELETE FROM plan_fulfilments WHERE lab_id IN ${ids}`)
    db().run(sql`WITH ${fulfilmentCtes({ labWhere: ids === null ? [] : [sql`labs.id IN ${ids}`], today })}
      INSERT INTO plan_fulfilments (lab_id, period_id, fulfilment, lab_name, district_code, direction, start_date, end_date)
      SELECT p.labId, p.periodId, f.fulfilment, p.labName, p.districtCode, p.direction, p.startDate, p.endDate
      FROM periods p JOIN fulfilment f ON f.periodId = p.periodId`)
  }
}

/** The lab-side filters and the viewer's scope (labScope's twin) on plan_fulfilments' copies of the lab. */
function storedConditions(actor: Actor, filter: OutcomeFilter): SQL[] {
  const c: SQL[] = []
  if (actor.role === 'district') c.push(actor.districtCode ? sql`pf.district_code = ${actor.districtCode}` : sql`0`)
  if (actor.role === 'lab') c.push(actor.labId !== null ? sql`pf.lab_id = ${actor.labId}` : sql`0`)
  if (actor.role === 'expert') c.push(sql`0`)
  if (filter.districtCode) c.push(sql`pf.district_code = ${filter.districtCode}`)
  if (filter.direction !== undefined) c.push(sql`pf.direction = ${filter.direction}`)
  if (filter.labId !== undefined) c.push(sql`pf.lab_id = ${filter.labId}`)
  return c
}

/**
 * Each lab's stored fulfilment (as of its last evaluation) with the time elapsed on `today`: the
 * panel's rows; `bound` narrows them (more conditions on "pf", an order and a limit) before the
 * elapsed share is computed.
 */
function storedPace({
  actor,
  filter,
  today,
  bound,
}: {
  actor: Actor
  filter: OutcomeFilter
  today: IsoDate
  bound?: { where?: SQL[]; order?: SQL; limit?: number }
}): SQL {
  const where = [...storedConditions(actor, labSide(filter)), ...(bound?.where ?? [])]
  return sql`stored AS (
    SELECT pf.lab_id AS labId, pf.lab_name AS labName, pf.district_code AS districtCode, pf.period_id AS periodId,
      pf.fulfilment AS fulfilment, pf.start_date AS startDate, pf.end_date AS endDate
    FROM plan_fulfilments pf WHERE ${and(where)}${bound?.order ? sql` ORDER BY ${bound.order}` : sql``}${
      bound?.limit !== undefined ? sql` LIMIT ${bound.limit}` : sql``
    }
  ),
  pace AS MATERIALIZED (
    SELECT p.labId AS labId, p.labName AS labName, p.districtCode AS districtCode, p.periodId AS periodId, p.fulfilment AS fulfilment,
      ${elapsedSql(today)} AS elapsed, p.fulfilment - (${elapsedSql(today)}) AS gap
    FROM stored p
  )`
}

/** The stored fulfilment rows, as planFulfilments recomputes them (the agreement test's view). */
export function storedPlanFulfilments(args: { actor: Actor; filter: OutcomeFilter; today: IsoDate }): LabPace[] {
  return db().all<LabPace>(
    sql`WITH ${storedPace(args)} SELECT labId, labName, districtCode, periodId, fulfilment, elapsed, gap FROM pace ORDER BY labId`,
  )
}

// in the order of the bucket rows' columns: a compound SELECT matches columns by position
const PACE_COLUMNS = sql`labId, labName, districtCode, periodId, fulfilment, elapsed, gap`

/**
 * How many labs fall in each tenth and the sum of their fulfilments: from the tallies kept on
 * write (plan_fulfilment_tallies, per district and direction), or, for one lab, from its row.
 */
function fulfilmentBuckets(actor: Actor, filter: OutcomeFilter): { bucket: number; n: number; total: number }[] {
  const side = labSide(filter)
  if (actor.role === 'lab' || actor.role === 'expert' || side.labId !== undefined)
    return db().all(sql`SELECT min(10, pf.fulfilment / 10) AS bucket, count(*) AS n, sum(pf.fulfilment) AS total
      FROM plan_fulfilments pf WHERE ${and(storedConditions(actor, side))} GROUP BY 1`)
  // the same conditions read the tallies' district and direction (no lab one is left)
  return db().all(sql`SELECT pf.bucket AS bucket, sum(pf.n) AS n, sum(pf.total) AS total
    FROM plan_fulfilment_tallies pf WHERE ${and(storedConditions(actor, side))} GROUP BY pf.bucket`)
}

const dayNumber = (d: IsoDate) => Date.parse(`${d}T00:00:00Z`) / 86_400_000 + 2440587.5

// the labs read to find a gap the `limit`-th lab reaches at least, before the bounded query
const SAMPLE = 64
// julianday('2020-01-01'): the pace key's origin (any day would do; one near today keeps the bound tight)
const PACE_EPOCH = 2458849.5
// a date-independent key of a running period's lab, in plan_fulfilments_pace_idx's exact words:
// fulfilment - (today + 1 - start) × 100 / days = PACE_KEY - (today + 1 - epoch) × 100 / days
const PACE_KEY = sql.raw(
  `pf.fulfilment + (julianday(pf.start_date) - ${PACE_EPOCH}) * 100.0 / (julianday(pf.end_date) - julianday(pf.start_date) + 1)`,
)
const DAYS = sql.raw(`julianday(pf.end_date) - julianday(pf.start_date)`)
const PF_PACE_COLUMNS = (today: IsoDate) => {
  const elapsed = elapsedSql(today, sql`pf.start_date`, sql`pf.end_date`)
  return sql`pf.lab_id AS labId, pf.lab_name AS labName, pf.district_code AS districtCode, pf.period_id AS periodId,
    pf.fulfilment AS fulfilment, ${elapsed} AS elapsed, pf.fulfilment - (${elapsed}) AS gap`
}

/**
 * The labs furthest ahead of the time elapsed (gap at least 0, highest first) and furthest behind
 * it (below 0, lowest first), `limit` each, ties by name then id, without reading every lab. Each
 * list is the best of three exact lists, one per state of the period on `today`:
 * - not begun: elapsed 0, gap = fulfilment (ahead only; the labs whose period starts later);
 * - ended: elapsed 100, gap = fulfilment - 100 (walked in fulfilment and name order);
 * - running: gap = fulfilment - floor((today + 1 - start) × 100 / days), which lies in
 *   [key - c, key - c + 1) with key = PACE_KEY (stored, indexed) and c = (today + 1 - epoch) ×
 *   100 / days between cMin and cMax (the shortest and longest period). The `limit`-th gap G of
 *   the labs with the highest keys is a gap the list reaches at least, so a lab that ranks has
 *   key > G + cMin - 1; behind, the `limit`-th gap G' of the lowest keys bounds them to
 *   key <= G' + cMax. The list is the plain ordered query over that key range.
 * tests/models/outcome-pace.test.ts holds it to the full computation.
 */
export function paceLists(args: { actor: Actor; filter: OutcomeFilter; today: IsoDate; limit: number }) {
  const { limit, today } = args
  if (limit <= 0) return { ahead: [], behind: [] }
  const scope = storedConditions(args.actor, labSide(args.filter))
  const part = (where: SQL[], order: SQL, n: number) =>
    sql`SELECT * FROM (SELECT ${PF_PACE_COLUMNS(today)} FROM plan_fulfilments pf WHERE ${and([...scope, ...where])} ORDER BY ${order} LIMIT ${n})`
  const running = [sql`pf.start_date <= ${today}`, sql`pf.end_date > ${today}`]
  const [span] = db().all<{ shortest: number | null; longest: number | null; lowest: number | null; highest: number | null }>(
    sql`SELECT (SELECT min(${DAYS}) FROM plan_fulfilments pf WHERE ${and([...scope, ...running])}) + 1 AS shortest,
      (SELECT max(${DAYS}) FROM plan_fulfilments pf WHERE ${and([...scope, ...running])}) + 1 AS longest,
      (SELECT min(pf.fulfilment) FROM plan_fulfilments pf WHERE ${and(scope)}) AS lowest,
      (SELECT max(pf.fulfilment) FROM plan_fulfilments pf WHERE ${and(scope)}) AS highest`,
  )
  // no period running: the running parts find nothing whatever their bound
  const shortest = span.shortest ?? 2
  const longest = span.longest ?? 2
  const since = (dayNumber(today) + 1 - PACE_EPOCH) * 100
  const [cMin, cMax] = [since / longest, since / shortest].sort((a, b) => a - b)
  // a little room for the floating point of the key
  const SLACK = 1e-6
  // a running period began after today + 1 - days and at most today, so its key lies in
  // (fulfilment + c - 100, fulfilment + c): the key index's range of running periods, past most
  // of the ended and the not begun
  const runningKeys = [
    sql`${PACE_KEY} > ${(span.lowest ?? 0) + cMin - 100 - SLACK}`,
    sql`${PACE_KEY} <= ${(span.highest ?? 100) + cMax + SLACK}`,
  ]
  const nth = (gaps: { gap: number }[]) => (gaps.length >= limit ? gaps[limit - 1].gap : null)

  const top = db().all<{ gap: number }>(
    sql`SELECT gap FROM (${part([...running, ...runningKeys], sql`${PACE_KEY} DESC`, SAMPLE)}) WHERE gap >= 0 ORDER BY gap DESC LIMIT ${limit}`,
  )
  const g = nth(top)
  const aheadRunning = [sql`${PACE_KEY} > ${(g ?? 0) + cMin - 1 - SLACK}`, runningKeys[1]]
  const ahead = db().all<LabPace>(sql`SELECT ${PACE_COLUMNS} FROM (
      ${part([sql`pf.start_date > ${today}`], sql`gap DESC, labName, labId`, limit)}
      UNION ALL ${part([sql`pf.end_date <= ${today}`, sql`pf.start_date <= ${today}`, sql`pf.fulfilment = 100`], sql`labName, labId`, limit)}
      UNION ALL ${part([...running, ...aheadRunning], sql`gap DESC, labName, labId`, limit)}
    ) WHERE gap >= 0 ORDER BY gap DESC, labName, labId LIMIT ${limit}`)

  const bottom = db().all<{ gap: number }>(
    sql`SELECT gap FROM (${part([...running, ...runningKeys], sql`${PACE_KEY} ASC`, SAMPLE)}) WHERE gap < 0 ORDER BY gap ASC LIMIT ${limit}`,
  )
  const b = nth(bottom)
  const behindRunning = [runningKeys[0], sql`${PACE_KEY} <= ${(b ?? 0) + cMax + SLACK}`]
  const behind = db().all<LabPace>(sql`SELECT ${PACE_COLUMNS} FROM (
      ${part([sql`pf.end_date <= ${today}`, sql`pf.start_date <= ${today}`, sql`pf.fulfilment < 100`], sql`pf.fulfilment, pf.lab_name, pf.lab_id`, limit)}
      UNION ALL ${part([...running, ...behindRunning], sql`gap ASC, labName, labId`, limit)}
    ) WHERE gap < 0 ORDER BY gap ASC, labName, labId LIMIT ${limit}`)
  return { ahead, behind }
}

/**
 * The fulfilment panel (the labs' stored figures brought up to date first, like every reader of
 * the compliance results): how many labs fall in each tenth (0–9 % … 90–99 %, then 100 %) and
 * their mean, from the tallies kept on write; the labs furthest ahead of the time elapsed
 * (paceGap at least 0) and furthest behind it (below 0), `limit` each, ties by name (paceLists).
 */
export function planFulfilmentPanel(args: { actor: Actor; filter: OutcomeFilter; today: IsoDate; limit?: number }) {
  const limit = args.limit ?? 5
  ensureComplianceFresh(args.today)
  const buckets = fulfilmentBuckets(args.actor, args.filter).filter((b) => b.n > 0)
  const labs = buckets.reduce((s, r) => s + r.n, 0)
  const { ahead, behind } = paceLists({ ...args, limit })
  return {
    distribution: {
      buckets: FULFILMENT_BUCKETS.map((b) => ({ bucket: b, n: buckets.find((r) => r.bucket === b)?.n ?? 0 })),
      labs,
      mean: labs ? Math.floor(buckets.reduce((s, r) => s + r.total, 0) / labs) : null,
    },
    ahead,
    behind,
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
