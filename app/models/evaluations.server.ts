import { and, asc, count, desc, eq, gte, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm'
import {
  annualReports,
  complianceHistory,
  drills,
  evaluationResults,
  evaluationRounds,
  incidents,
  labs,
  obligations,
  securityPlans,
  users,
  validityPeriods,
} from '~db/schema'
import type { DistrictCode, EvaluationGrade } from '~db/schema/enums'
import type { EvaluationRound } from '~db/schema/evaluations'
import { shanghaiDate, type IsoDate } from '~/domain/dates'
import {
  checkRoundSettings,
  complianceComponent,
  effectiveEnd,
  FIRST_EVALUATION_YEAR,
  periodOfYear,
  planComponent,
  proposeGrades,
  publishProblems,
  reportComponent,
  securityComponent,
  weightedScore,
  yearEnd,
  yearStart,
  type Components,
  type RoundSettings,
} from '~/domain/evaluation'
import { can, type Actor } from '~/domain/permissions'
import { lineProgress, planFulfilment } from '~/domain/progress'
import { planInForce } from '~/domain/security-summary'
import { now } from '~/utils/clock.server'
import { db, type Db } from '~/utils/db.server'
import type { FieldErrors } from '~/utils/forms'
import { recordAudit } from './audit.server'
import { ensureComplianceFresh } from './compliance.server'
import { notifyEvent } from './event-notices.server'
import { AdjustFields, OpenRoundFields, RESULTS_PAGE_SIZE, type ResultParams } from './evaluation-form'
import { allGrades } from './grades.server'
import { ensureLedger } from './ledger.server'
import { approvedPlanFacts } from './progress.server'
import { auditActorOf, conflict, forbidden, invalid, notFound, type ActingUser, type Refusal, type Result } from './result.server'
import { checkVersion, seenVersion, staleRefusal } from './row-version.server'
import { labScope } from './scope.server'
import { fieldErrorsOf } from '~/utils/forms'

// 年度评估 (issue 16, part 5). The bureau opens a round for a year with its weights and caps
// (frozen on the round), every lab in force in that year gets a result computed from its record
// (app/domain/evaluation.ts has the scoring), the bureau adjusts final grades with a reason and
// recomputes while the round is open, then publishes: the round is locked and each lab is told
// its result. A district office reads its own district's results of published rounds; a lab
// reads its own published results only. Every write is compare-and-set on the row version and
// audited in its transaction (entities 'evaluation_round' and 'evaluation_result').

type Reader = Pick<Db, 'select'>
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

export const settingsOf = (r: EvaluationRound): RoundSettings => ({
  report: r.weightReport,
  plan: r.weightPlan,
  compliance: r.weightCompliance,
  security: r.weightSecurity,
  capExcellentPercent: r.capExcellentPercent,
  capGoodPercent: r.capGoodPercent,
  minExcellent: r.minExcellent,
  minGood: r.minGood,
  minPass: r.minPass,
})

const roundOf = (q: Reader, id: number) => q.select().from(evaluationRounds).where(eq(evaluationRounds.id, id)).get() ?? null

/** A round the actor may read: the bureau any, a district office a published one; nobody else. */
function visibleRound(q: Reader, actor: Actor, roundId: number) {
  const round = roundOf(q, roundId)
  if (!round) return null
  if (actor.role === 'bureau') return round
  if (actor.role === 'district' && round.status === 'published') return round
  return null
}

// ---------------------------------------------------------------------------------------------
// The record of a year, per lab

type YearRecord = { labId: number; periodId: number | null; components: Components; details: Record<string, unknown> }

const groupBy = <T>(rows: readonly T[], key: (row: T) => number) => {
  const map = new Map<number, T[]>()
  for (const row of rows) map.set(key(row), [...(map.get(key(row)) ?? []), row])
  return map
}

/**
 * Every lab in force in the round's year, with its components read from the record. Set queries
 * bounded by the year (one per table, whatever the number of labs); the approved plans through the
 * progress rule's batch loader (approvedPlanFacts, held to periodProgress by its agreement test).
 */
export function yearRecords(q: Reader, { year, day, at }: { year: number; day: IsoDate; at: Date }): YearRecord[] {
  const from = yearStart(year)
  const to = yearEnd(year)
  // the record counts up to the year's end, or today while the year runs
  const asOf = day < to ? day : to
  const periods = q
    .select({
      id: validityPeriods.id,
      labId: validityPeriods.labId,
      sequence: validityPeriods.sequence,
      startDate: validityPeriods.startDate,
      endDate: validityPeriods.endDate,
      outcome: validityPeriods.outcome,
      outcomeDate: validityPeriods.outcomeDate,
    })
    .from(validityPeriods)
    .where(and(lte(validityPeriods.startDate, to), gte(validityPeriods.endDate, from)))
    .all()
  const periodById = new Map(periods.map((p) => [p.id, p]))
  // reports: those whose validity year ends in the year (obligations_due_idx does not help; the
  // ledger is a few rows per period)
  const owedByLab = groupBy(
    q
      .select({
        labId: obligations.labId,
        periodId: obligations.periodId,
        validityYear: obligations.validityYear,
        yearEnd: obligations.yearEnd,
        dueDate: obligations.dueDate,
        status: annualReports.status,
        grade: annualReports.grade,
      })
      .from(obligations)
      .leftJoin(
        annualReports,
        and(eq(annualReports.periodId, obligations.periodId), eq(annualReports.validityYear, obligations.validityYear)),
      )
      .where(and(eq(obligations.kind, 'annual_report'), gte(obligations.yearEnd, from), lte(obligations.yearEnd, to)))
      .all()
      // of periods still in force then
      .filter((o) => {
        const p = periodById.get(o.periodId)
        return !p || effectiveEnd(p) >= o.yearEnd
      }),
    (o) => o.labId,
  )
  const monthsByLab = groupBy(
    q
      .select({ labId: complianceHistory.labId, failing: complianceHistory.failing, warnings: complianceHistory.warnings })
      .from(complianceHistory)
      .where(and(gte(complianceHistory.month, `${year}-01`), lte(complianceHistory.month, `${year}-12`)))
      .all(),
    (m) => m.labId,
  )
  // incidents discovered in the year, in Shanghai days (a day's margin either side in UTC, then exact)
  const incidentsByLab = groupBy(
    q
      .select({
        labId: incidents.labId,
        grade: incidents.grade,
        discoveredAt: incidents.discoveredAt,
        reportedAt: incidents.reportedAt,
        reportDeadline: incidents.reportDeadline,
      })
      .from(incidents)
      // incidents_discovered_idx
      .where(and(gte(incidents.discoveredAt, `${year - 1}-12-31`), lte(incidents.discoveredAt, `${year + 1}-01-02`)))
      .all()
      .filter((i) => {
        const d = shanghaiDate(new Date(i.discoveredAt))
        return d >= from && d <= to
      }),
    (i) => i.labId,
  )
  const plansByLab = groupBy(
    q
      .select({
        labId: securityPlans.labId,
        id: securityPlans.id,
        approvedOn: securityPlans.approvedOn,
        nextReviewOn: securityPlans.nextReviewOn,
      })
      .from(securityPlans)
      .where(lte(securityPlans.approvedOn, asOf))
      .all(),
    (p) => p.labId,
  )
  const drillsByLab = new Map(
    q
      .select({ labId: drills.labId, n: count() })
      .from(drills)
      .where(and(gte(drills.heldOn, from), lte(drills.heldOn, to)))
      .groupBy(drills.labId)
      .all()
      .map((d) => [d.labId, d.n]),
  )
  const scale = allGrades()
  // the period standing for the year, per lab, and the approved plans of those periods with what
  // the progress rule counts for them, read for every lab at once (as the compliance check reads them)
  const standing = new Map<number, NonNullable<ReturnType<typeof periodOfYear>>>()
  for (const [labId, own] of groupBy(periods, (p) => p.labId)) {
    const period = periodOfYear(own, year)
    if (period) standing.set(labId, period)
  }
  const plans = approvedPlanFacts(q, {
    judged: new Map([...standing].map(([labId, p]) => [labId, { id: p.id, startDate: p.startDate, endDate: p.endDate }])),
    labIds: null,
  })

  const records: YearRecord[] = []
  for (const [labId, period] of standing) {
    const owed = owedByLab.get(labId) ?? []
    const reports = owed.map((o) => ({ accepted: o.status === 'accepted', grade: o.grade, overdue: o.dueDate < day }))

    // the plan of the period standing for the year, by the progress rule, when it is approved
    const facts = plans.get(labId)
    const approved = facts !== undefined
    const fulfilment = facts ? planFulfilment(lineProgress(facts.lines, facts.items, facts.declarations)) : null
    const plan = planComponent({ approved, fulfilment, period: { startDate: period.startDate, endDate: effectiveEnd(period) }, asOf })

    const months = monthsByLab.get(labId) ?? []
    const found = (incidentsByLab.get(labId) ?? []).map((i) => ({
      grade: i.grade,
      // not reported by now and past its deadline is late too
      late: Date.parse(i.reportedAt ?? at.toISOString()) > Date.parse(i.reportDeadline),
    }))
    const current = planInForce(plansByLab.get(labId) ?? [], asOf)
    const planCurrent = current !== null && current.nextReviewOn >= asOf
    const drillCount = drillsByLab.get(labId) ?? 0
    const security = { incidents: found, planCurrent, drills: drillCount }

    records.push({
      labId,
      periodId: period.id,
      components: {
        report: reportComponent(reports, scale),
        plan: plan.score,
        compliance: complianceComponent(months),
        security: securityComponent(security),
      },
      details: {
        reports: owed.map((o) => ({ validityYear: o.validityYear, status: o.status, grade: o.grade, dueDate: o.dueDate })),
        plan: { periodSequence: period.sequence, status: approved ? ('approved' as const) : null, fulfilment, elapsed: plan.elapsed },
        compliance: {
          months: months.length,
          failing: months.reduce((a, m) => a + m.failing, 0),
          warnings: months.reduce((a, m) => a + m.warnings, 0),
        },
        security: {
          incidents: found.length,
          serious: found.filter((i) => i.grade !== 'IV').length,
          late: found.filter((i) => i.late).length,
          planCurrent,
          drills: drillCount,
        },
      },
    })
  }
  return records
}

/**
 * (Re)computes a round's results from the record: every lab in force in the year gets its
 * components, score, rank and proposal; the final grade follows the proposal unless the bureau
 * adjusted it (then it is kept, with its reason). A lab no longer in force leaves the round.
 * `records` are read before the write transaction (readRecords), so the write lock is held only
 * for the writes: scoring thousands of labs does not keep every other save waiting.
 */
function computeResults(tx: Tx, round: EvaluationRound, { records, at }: { records: YearRecord[]; at: Date }) {
  const settings = settingsOf(round)
  const scored = records.map((r) => ({ labId: r.labId, components: r.components, score: weightedScore(r.components, settings) }))
  const proposals = new Map(proposeGrades(scored, settings).map((p) => [p.labId, p]))
  const existing = new Map(
    tx
      .select({
        id: evaluationResults.id,
        labId: evaluationResults.labId,
        adjustedAt: evaluationResults.adjustedAt,
        finalGrade: evaluationResults.finalGrade,
      })
      .from(evaluationResults)
      .where(eq(evaluationResults.roundId, round.id))
      .all()
      .map((r) => [r.labId, r]),
  )
  const stamp = at.toISOString()
  for (const r of records) {
    const p = proposals.get(r.labId)!
    const values = {
      periodId: r.periodId,
      scoreReport: r.components.report,
      scorePlan: r.components.plan,
      scoreCompliance: r.components.compliance,
      scoreSecurity: r.components.security,
      score: p.score,
      rank: p.rank,
      proposedGrade: p.proposedGrade,
      details: r.details,
      updatedAt: stamp,
    }
    const before = existing.get(r.labId)
    if (before) {
      tx.update(evaluationResults)
        .set({ ...values, finalGrade: before.adjustedAt ? before.finalGrade : p.proposedGrade })
        .where(eq(evaluationResults.id, before.id))
        .run()
      existing.delete(r.labId)
    } else
      tx.insert(evaluationResults)
        .values({ ...values, roundId: round.id, labId: r.labId, finalGrade: p.proposedGrade, createdAt: stamp })
        .run()
  }
  const gone = [...existing.values()].map((r) => r.id)
  if (gone.length) tx.delete(evaluationResults).where(inArray(evaluationResults.id, gone)).run()
  return { labs: records.length, removed: gone.length, grades: gradeCounts(tx, round.id, 'proposed') }
}

function gradeCounts(q: Reader, roundId: number, which: 'proposed' | 'final', scope?: SQL) {
  const column = which === 'proposed' ? evaluationResults.proposedGrade : evaluationResults.finalGrade
  const rows = q
    .select({ grade: column, n: count() })
    .from(evaluationResults)
    .innerJoin(labs, eq(labs.id, evaluationResults.labId))
    .where(and(eq(evaluationResults.roundId, roundId), scope))
    .groupBy(column)
    .all()
  const out: Record<EvaluationGrade | 'none', number> = { excellent: 0, good: 0, pass: 0, fail: 0, none: 0 }
  for (const r of rows) out[r.grade ?? 'none'] += r.n
  return out
}

/** The year's record of every lab, read as it is now: the ledger first (the reports owed are read from it). */
function readRecords(year: number, { day, at }: { day: IsoDate; at: Date }) {
  // the compliance months read include today's
  ensureComplianceFresh(day)
  ensureLedger()
  return yearRecords(db(), { year, day, at })
}

// ---------------------------------------------------------------------------------------------
// Reading

/** The rounds list: the bureau every round, a district office the published ones. */
export function listRounds(actor: Actor) {
  if (actor.role !== 'bureau' && actor.role !== 'district') return []
  const opener = sql<string | null>`(SELECT display_name FROM users WHERE users.id = ${evaluationRounds.openedBy})`
  const publisher = sql<string | null>`(SELECT display_name FROM users WHERE users.id = ${evaluationRounds.publishedBy})`
  const rounds = db()
    .select({ round: evaluationRounds, openedByName: opener, publishedByName: publisher })
    .from(evaluationRounds)
    .where(actor.role === 'bureau' ? undefined : eq(evaluationRounds.status, 'published'))
    .orderBy(desc(evaluationRounds.year))
    .all()
  return rounds.map(({ round, openedByName, publishedByName }) => ({
    ...round,
    openedByName,
    publishedByName,
    // a district office counts its own labs only
    grades: gradeCounts(db(), round.id, 'final', labScope(actor)),
  }))
}

/**
 * What the open-round form offers: the year after the latest round (at most this year; a year
 * that has its round already gives way to the latest earlier one without) and the latest round's
 * weights and caps.
 */
export function openRoundDefaults(day: IsoDate) {
  const rounds = db().select().from(evaluationRounds).orderBy(desc(evaluationRounds.year)).all()
  const taken = new Set(rounds.map((r) => r.year))
  const thisYear = Number(day.slice(0, 4))
  let year = rounds.length ? Math.min(rounds[0].year + 1, thisYear) : thisYear - 1
  while (taken.has(year) && year > FIRST_EVALUATION_YEAR) year--
  return { year: Math.max(year, FIRST_EVALUATION_YEAR), settings: rounds.length ? settingsOf(rounds[0]) : null }
}

const SORT_COLUMNS = {
  rank: [evaluationResults.rank],
  lab: [labs.name],
  district: [labs.districtCode, evaluationResults.rank],
  score: [evaluationResults.score],
  report: [evaluationResults.scoreReport],
  plan: [evaluationResults.scorePlan],
  compliance: [evaluationResults.scoreCompliance],
  security: [evaluationResults.scoreSecurity],
  // best grade first when descending
  final: [
    sql`CASE ${evaluationResults.finalGrade} WHEN 'excellent' THEN 4 WHEN 'good' THEN 3 WHEN 'pass' THEN 2 WHEN 'fail' THEN 1 ELSE 0 END`,
  ],
} as const

/**
 * The round page: the round, and its results in the actor's scope, filtered, sorted and paged in
 * SQL. Null when the round is not the actor's to read.
 */
export function getRoundPage({
  actor,
  roundId,
  params,
  pageSize = RESULTS_PAGE_SIZE,
}: {
  actor: Actor
  roundId: number
  params: ResultParams
  // null: every row the filters select (the .xlsx export)
  pageSize?: number | null
}) {
  const round = visibleRound(db(), actor, roundId)
  if (!round) return null
  const where = and(
    eq(evaluationResults.roundId, round.id),
    labScope(actor),
    params.district ? eq(labs.districtCode, params.district) : undefined,
    params.grade === 'none'
      ? isNull(evaluationResults.finalGrade)
      : params.grade
        ? eq(evaluationResults.finalGrade, params.grade)
        : undefined,
  )
  const total =
    db().select({ n: count() }).from(evaluationResults).innerJoin(labs, eq(labs.id, evaluationResults.labId)).where(where).get()?.n ?? 0
  const size = pageSize ?? Math.max(1, total)
  const pages = Math.max(1, Math.ceil(total / size))
  const page = Math.min(params.page, pages)
  const direction = params.dir === 'asc' ? asc : desc
  const rows = db()
    .select({
      id: evaluationResults.id,
      labId: labs.id,
      labName: labs.name,
      districtCode: labs.districtCode,
      scoreReport: evaluationResults.scoreReport,
      scorePlan: evaluationResults.scorePlan,
      scoreCompliance: evaluationResults.scoreCompliance,
      scoreSecurity: evaluationResults.scoreSecurity,
      score: evaluationResults.score,
      rank: evaluationResults.rank,
      proposedGrade: evaluationResults.proposedGrade,
      finalGrade: evaluationResults.finalGrade,
      adjustmentReason: evaluationResults.adjustmentReason,
      adjustedAt: evaluationResults.adjustedAt,
      adjustedBy: users.displayName,
      details: evaluationResults.details,
      rowVersion: evaluationResults.rowVersion,
    })
    .from(evaluationResults)
    .innerJoin(labs, eq(labs.id, evaluationResults.labId))
    .leftJoin(users, eq(users.id, evaluationResults.adjustedBy))
    .where(where)
    // NULLs (a component that does not apply) last either way; the rank breaks every tie
    .orderBy(...SORT_COLUMNS[params.sort].flatMap((c) => [sql`${c} IS NULL`, direction(c)]), asc(evaluationResults.rank))
    .limit(size)
    .offset((page - 1) * size)
    .all()
  const scope = labScope(actor)
  const manage = can(actor, 'evaluation:manage')
  const nameOf = (id: number | null) =>
    id === null ? null : (db().select({ n: users.displayName }).from(users).where(eq(users.id, id)).get()?.n ?? null)
  return {
    round: { ...round, settings: settingsOf(round), openedByName: nameOf(round.openedBy), publishedByName: nameOf(round.publishedBy) },
    rows,
    total,
    page,
    pages,
    finalCounts: gradeCounts(db(), round.id, 'final', scope),
    proposedCounts: gradeCounts(db(), round.id, 'proposed', scope),
    problems: manage && round.status === 'open' ? publishProblems(finalGradesOf(db(), round.id), settingsOf(round)) : [],
    canManage: manage && round.status === 'open',
    canAudit: can(actor, 'audit:view'),
  }
}

const finalGradesOf = (q: Reader, roundId: number) =>
  q
    .select({ g: evaluationResults.finalGrade })
    .from(evaluationResults)
    .where(eq(evaluationResults.roundId, roundId))
    .all()
    .map((r) => r.g)

/** A lab's published results, newest year first: its evaluation page and its renewal dossier. */
export function publishedResultsOf(q: Reader, labId: number) {
  return q
    .select({
      year: evaluationRounds.year,
      publishedAt: evaluationRounds.publishedAt,
      scoreReport: evaluationResults.scoreReport,
      scorePlan: evaluationResults.scorePlan,
      scoreCompliance: evaluationResults.scoreCompliance,
      scoreSecurity: evaluationResults.scoreSecurity,
      score: evaluationResults.score,
      finalGrade: evaluationResults.finalGrade,
      adjustmentReason: evaluationResults.adjustmentReason,
      weightReport: evaluationRounds.weightReport,
      weightPlan: evaluationRounds.weightPlan,
      weightCompliance: evaluationRounds.weightCompliance,
      weightSecurity: evaluationRounds.weightSecurity,
      details: evaluationResults.details,
    })
    .from(evaluationResults)
    .innerJoin(evaluationRounds, eq(evaluationRounds.id, evaluationResults.roundId))
    .where(and(eq(evaluationResults.labId, labId), eq(evaluationRounds.status, 'published')))
    .orderBy(desc(evaluationRounds.year))
    .all()
}

export type PublishedResult = ReturnType<typeof publishedResultsOf>[number]

/** The lab evaluation page: the lab in scope and its published results; null when out of scope. */
export function getLabEvaluations({ actor, labId }: { actor: Actor; labId: number }) {
  const lab = db()
    .select({ id: labs.id, name: labs.name, districtCode: labs.districtCode })
    .from(labs)
    .where(and(eq(labs.id, labId), labScope(actor)))
    .get()
  if (!lab) return null
  return { lab, results: publishedResultsOf(db(), lab.id) }
}

/**
 * Final grades of the published round of `year` (the latest published round when null) in the
 * actor's scope, for the city outcomes dashboard: null when there is no such round, or for a role
 * that reads no rounds (a lab reads its own result on its own page, never counts).
 */
export function publishedGradeCounts({
  actor,
  year,
  districtCode,
  direction,
}: {
  actor: Actor
  year: number | null
  // the dashboard's own filters on the labs, when set
  districtCode?: DistrictCode
  direction?: number
}) {
  if (!can(actor, 'evaluation:view')) return null
  const round = db()
    .select({ id: evaluationRounds.id, year: evaluationRounds.year })
    .from(evaluationRounds)
    .where(and(year === null ? undefined : eq(evaluationRounds.year, year), eq(evaluationRounds.status, 'published')))
    .orderBy(desc(evaluationRounds.year))
    .get()
  if (!round) return null
  const scope = and(
    labScope(actor),
    districtCode ? eq(labs.districtCode, districtCode) : undefined,
    direction ? eq(labs.direction, direction) : undefined,
  )
  return { roundId: round.id, year: round.year, counts: gradeCounts(db(), round.id, 'final', scope) }
}

// ---------------------------------------------------------------------------------------------
// Writing

export type RoundResult = Result<{ roundId: number }>

const pictureOfRound = (r: EvaluationRound) => ({ year: r.year, status: r.status, ...settingsOf(r), rowVersion: r.rowVersion })

/** The bureau opens the round of a year with its weights and caps; the results are computed at once. */
export function openRound({
  by,
  raw,
  at = now(),
}: {
  by: ActingUser
  raw: Readonly<Record<string, string | undefined>>
  // the clock's now; the demo seed passes its own
  at?: Date
}): RoundResult {
  if (!can(by, 'evaluation:manage')) return forbidden()
  const parsed = OpenRoundFields.safeParse(raw)
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error))
  const { year, ...settings } = parsed.data
  const errors: FieldErrors = {}
  for (const e of checkRoundSettings(settings)) errors[e.field] ??= { key: e.key }
  const day = shanghaiDate(at)
  if (year > Number(day.slice(0, 4))) errors.year = { key: 'evaluation.error.futureYear' }
  if (Object.keys(errors).length) return invalid(errors)
  // a year already taken is refused before its record is read
  if (db().select({ id: evaluationRounds.id }).from(evaluationRounds).where(eq(evaluationRounds.year, year)).get())
    return conflict('evaluation.error.yearTaken', { year })
  const records = readRecords(year, { day, at })
  return db().transaction((tx): RoundResult => {
    const stamp = at.toISOString()
    const round = tx
      .insert(evaluationRounds)
      .values({
        year,
        weightReport: settings.report,
        weightPlan: settings.plan,
        weightCompliance: settings.compliance,
        weightSecurity: settings.security,
        capExcellentPercent: settings.capExcellentPercent,
        capGoodPercent: settings.capGoodPercent,
        minExcellent: settings.minExcellent,
        minGood: settings.minGood,
        minPass: settings.minPass,
        openedAt: stamp,
        openedBy: by.id,
        computedAt: stamp,
        createdAt: stamp,
        updatedAt: stamp,
      })
      .onConflictDoNothing()
      .returning()
      .get()
    if (!round) return conflict('evaluation.error.yearTaken', { year })
    const computed = computeResults(tx, round, { records, at })
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'open',
      entityType: 'evaluation_round',
      entityId: round.id,
      after: { ...pictureOfRound(round), ...computed },
      at,
    })
    return { ok: true, roundId: round.id }
  })
}

/** The round as the bureau may change it: open, and on the version its page showed. */
function lockRound(tx: Tx, roundId: number, version: unknown): { ok: true; round: EvaluationRound } | Refusal {
  const round = roundOf(tx, roundId)
  if (!round) return notFound()
  const moved = checkVersion(round, seenVersion(version), { entityType: 'evaluation_round', entityId: round.id }, tx)
  if (moved) return moved
  if (round.status !== 'open') return conflict('evaluation.error.published')
  return { ok: true, round }
}

// bumps the round's version with the write, so a page that showed it before is stale
function touchRound(tx: Tx, round: EvaluationRound, set: Partial<EvaluationRound>) {
  return tx
    .update(evaluationRounds)
    .set({ ...set, rowVersion: round.rowVersion + 1 })
    .where(and(eq(evaluationRounds.id, round.id), eq(evaluationRounds.rowVersion, round.rowVersion)))
    .returning()
    .get()
}

/** Recomputes an open round's proposals from the record as it is now; adjusted grades stay. */
export function recomputeRound({ by, roundId, version }: { by: ActingUser; roundId: number; version: unknown }): RoundResult {
  if (!can(by, 'evaluation:manage')) return notFound()
  const at = now()
  const seen = roundOf(db(), roundId)
  if (!seen) return notFound()
  const records = readRecords(seen.year, { day: shanghaiDate(at), at })
  return db().transaction((tx): RoundResult => {
    const locked = lockRound(tx, roundId, version)
    if (!locked.ok) return locked
    const { round } = locked
    const after = touchRound(tx, round, { computedAt: at.toISOString(), updatedAt: at.toISOString() })
    if (!after) return staleRefusal({ entityType: 'evaluation_round', entityId: round.id, status: round.status }, tx)
    const before = { ...pictureOfRound(round), grades: gradeCounts(tx, round.id, 'proposed') }
    const computed = computeResults(tx, after, { records, at })
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'recompute_proposals',
      entityType: 'evaluation_round',
      entityId: round.id,
      before,
      after: { ...pictureOfRound(after), ...computed },
      at,
    })
    return { ok: true, roundId: round.id }
  })
}

/** The bureau sets a lab's final grade in an open round, with a reason (required). */
export function adjustResult({
  by,
  roundId,
  raw,
  version,
  at = now(),
}: {
  by: ActingUser
  roundId: number
  raw: Readonly<Record<string, string | undefined>>
  version: unknown
  at?: Date
}): RoundResult {
  if (!can(by, 'evaluation:manage')) return notFound()
  const parsed = AdjustFields.safeParse(raw)
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error))
  const { resultId, grade, reason } = parsed.data
  return db().transaction((tx): RoundResult => {
    const round = roundOf(tx, roundId)
    if (!round) return notFound()
    const before = tx
      .select()
      .from(evaluationResults)
      .where(and(eq(evaluationResults.id, resultId), eq(evaluationResults.roundId, round.id)))
      .get()
    if (!before) return notFound()
    // what the page that lost is told the row is now: its final grade
    const moved = checkVersion(
      { rowVersion: before.rowVersion, status: before.finalGrade },
      seenVersion(version),
      { entityType: 'evaluation_result', entityId: before.id },
      tx,
    )
    if (moved) return moved
    if (round.status !== 'open') return conflict('evaluation.error.published')
    const after = tx
      .update(evaluationResults)
      .set({
        finalGrade: grade,
        adjustmentReason: reason,
        adjustedAt: at.toISOString(),
        adjustedBy: by.id,
        updatedAt: at.toISOString(),
        rowVersion: before.rowVersion + 1,
      })
      .where(and(eq(evaluationResults.id, before.id), eq(evaluationResults.rowVersion, before.rowVersion)))
      .returning()
      .get()
    if (!after) return staleRefusal({ entityType: 'evaluation_result', entityId: before.id, status: before.finalGrade }, tx)
    const picture = (r: typeof before) => ({
      year: round.year,
      proposedGrade: r.proposedGrade,
      finalGrade: r.finalGrade,
      adjustmentReason: r.adjustmentReason,
      rowVersion: r.rowVersion,
    })
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'adjust',
      entityType: 'evaluation_result',
      entityId: before.id,
      labId: before.labId,
      before: picture(before),
      after: picture(after),
      at,
    })
    return { ok: true, roundId: round.id }
  })
}

/**
 * Publishes an open round: refused while a lab has no final grade or the final grades exceed the
 * round's caps (the message says which and by how much). The round is locked from then on, and
 * each lab's accounts are told their result (inbox and mail, kind 'evaluation').
 */
export function publishRound({
  by,
  roundId,
  version,
  at = now(),
}: {
  by: ActingUser
  roundId: number
  version: unknown
  at?: Date
}): RoundResult {
  if (!can(by, 'evaluation:manage')) return notFound()
  return db().transaction((tx): RoundResult => {
    const locked = lockRound(tx, roundId, version)
    if (!locked.ok) return locked
    const { round } = locked
    const problems = publishProblems(finalGradesOf(tx, round.id), settingsOf(round))
    if (problems.length) {
      const errors: FieldErrors = {}
      problems.forEach((p, i) => (errors[i === 0 ? '_form' : `problem${i}`] = { key: p.key, vars: p.vars }))
      return { ok: false, error: 'conflict', errors }
    }
    const after = touchRound(tx, round, {
      status: 'published',
      publishedAt: at.toISOString(),
      publishedBy: by.id,
      updatedAt: at.toISOString(),
    })
    if (!after) return staleRefusal({ entityType: 'evaluation_round', entityId: round.id, status: round.status }, tx)
    const grades = gradeCounts(tx, round.id, 'final')
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'publish',
      entityType: 'evaluation_round',
      entityId: round.id,
      before: pictureOfRound(round),
      after: { ...pictureOfRound(after), grades },
      at,
    })
    notifyPublished(tx, after, at)
    return { ok: true, roundId: round.id }
  })
}

// Each lab in the round hears its own final grade; nobody hears another lab's. One notice per
// round and lab (the round's id and the lab's result id name it), so nothing is told twice.
function notifyPublished(tx: Tx, round: EvaluationRound, at: Date) {
  const rows = tx
    .select({
      id: evaluationResults.id,
      labId: labs.id,
      name: labs.name,
      districtCode: labs.districtCode,
      finalGrade: evaluationResults.finalGrade,
    })
    .from(evaluationResults)
    .innerJoin(labs, eq(labs.id, evaluationResults.labId))
    .where(eq(evaluationResults.roundId, round.id))
    .all()
  for (const r of rows)
    notifyEvent(tx, {
      source: 'evaluation',
      sourceId: r.id,
      day: shanghaiDate(at),
      step: round.id,
      labId: r.labId,
      title: { key: `notices.evaluation.published.${r.finalGrade ?? 'pass'}`, params: { lab: r.name, year: round.year } },
      link: `/labs/${r.labId}/evaluation`,
      to: { lab: { id: r.labId, districtCode: r.districtCode } },
      at,
    })
}

/**
 * The renewal dossier's annual evaluation section: the lab's published results of the years its
 * period touches. Access is the dossier's (findRenewal), checked by the caller.
 */
export function dossierEvaluations({ labId, startDate, endDate }: { labId: number; startDate: string; endDate: string }) {
  const from = Number(startDate.slice(0, 4))
  const to = Number(endDate.slice(0, 4))
  return publishedResultsOf(db(), labId)
    .filter((r) => r.year >= from && r.year <= to)
    .map(({ details: _details, publishedAt: _at, ...r }) => r)
}

export type DossierEvaluation = ReturnType<typeof dossierEvaluations>[number]
