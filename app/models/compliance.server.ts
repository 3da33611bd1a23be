import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { appMeta, complianceHistory, labChecks, labs, labStanding } from '~db/schema'
import type { CheckResult, DistrictCode, LabStatus } from '~db/schema/enums'
import { evaluateLab, isLabsOwn, SEVERITY } from '~/domain/compliance/engine'
import type { CheckId, CheckOutcome } from '~/domain/compliance/types'
import type { LabEvaluation } from '~/domain/compliance/engine'
import type { LatestPeriod } from '~/domain/validity'
import { addDays, addMonths, type IsoDate } from '~/domain/dates'
import { SECURITY_CHECK_IDS } from '~/domain/incidents'
import type { Actor } from '~/domain/permissions'
import type { RuleSettings } from '~/domain/settings'
import { isWritableNow, withoutWaiting } from '~db/client.server'
import { db } from '~/utils/db.server'
import { recordAudit, SYSTEM_ACTOR } from './audit.server'
import { loadLabFacts } from './compliance-facts.server'
import { clearStaleMarks, lastStaleMarkId, staleMarks } from './compliance-freshness.server'
import { ensureLedger } from './ledger.server'
import { storePlanFulfilments } from './outcome-dashboard.server'
import { labScope } from './scope.server'
import { ruleSettings } from './settings.server'

// Stores the engine's results (app/domain/compliance/engine.ts) so screens can filter, count
// and page them in SQL. Results depend on the day, the settings and each lab's facts: writers
// mark the labs whose facts they change inside their transaction (compliance-freshness.server.ts;
// recordAudit does it for every audited change of a lab), and readers call
// ensureComplianceFresh(today) first, which re-evaluates what is marked, or every lab on a new
// day or new settings. See docs/decisions/002-compliance-engine-and-calendar.md.

const EVALUATED_KEY = 'compliance_evaluated'

function stamp(today: IsoDate, settings: RuleSettings) {
  return JSON.stringify({ today, settings })
}

/**
 * Re-evaluates `labIds` (all labs when omitted) for `today`, stores the results and clears the
 * staleness marks it has answered, in one transaction.
 */
export function refreshCompliance({ today, labIds }: { today: IsoDate; labIds?: number[] }) {
  // taken before the facts are read: a mark added after this is not answered by this refresh
  const seenThrough = lastStaleMarkId()
  const settings = ruleSettings()
  // a period without its ledger (a new lab, a renewal) gets it before it is judged against it
  ensureLedger()
  const facts = loadLabFacts({ labIds: labIds ?? null, today })
  const evaluations = facts.map((f) => ({ labId: f.labId, ...evaluateLab(f, { today, settings }) }))
  const month = today.slice(0, 7)
  const recordedAt = new Date().toISOString()
  // A full refresh writes tens of thousands of rows: prepared statements on the driver, reused
  // per row, are an order of magnitude faster here than one query-builder insert per batch.
  const sqlite = db().$client
  const deleteLab = sqlite.prepare('DELETE FROM lab_checks WHERE lab_id = ?')
  const insertCheck = sqlite.prepare(
    `INSERT INTO lab_checks (lab_id, check_id, subject, result, severity, reason_key, reason_params, concerns_date, fix_path, owner, evaluated_on, district_code)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT district_code FROM labs WHERE id = ?))`,
  )
  const upsertHistory = sqlite.prepare(
    `INSERT INTO compliance_history (month, lab_id, severity, failing, warnings, recorded_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (month, lab_id) DO UPDATE SET severity = excluded.severity, failing = excluded.failing,
       warnings = excluded.warnings, recorded_at = excluded.recorded_at`,
  )
  const deleteHistory = sqlite.prepare('DELETE FROM compliance_history WHERE month = ? AND lab_id = ?')
  const upsertStanding = sqlite.prepare(
    `INSERT INTO lab_standing (lab_id, status, worst_severity, expires_on, failing_checks, warning_checks, evaluated_on, security_severities)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (lab_id) DO UPDATE SET status = excluded.status, worst_severity = excluded.worst_severity,
       expires_on = excluded.expires_on, failing_checks = excluded.failing_checks, warning_checks = excluded.warning_checks,
       evaluated_on = excluded.evaluated_on, security_severities = excluded.security_severities`,
  )
  const latestOf = new Map(facts.map((f) => [f.labId, f.latest]))
  const previousStatus = validityStatusesBefore(labIds)
  sqlite.transaction(() => {
    const ownFrom = lastStaleMarkId()
    if (labIds) for (const e of evaluations) deleteLab.run(e.labId)
    else {
      sqlite.prepare('DELETE FROM lab_checks').run()
      sqlite.prepare('DELETE FROM lab_standing').run()
    }
    for (const e of evaluations) {
      recordStatusTransition({ labId: e.labId, from: previousStatus.get(e.labId), to: e.status, checks: e.checks })
      for (const c of e.checks) {
        const params = JSON.stringify(c.reason.params)
        insertCheck.run(
          e.labId,
          c.checkId,
          c.subject,
          c.result,
          SEVERITY[c.result],
          c.reason.key,
          params,
          c.concernsDate,
          c.fixPath,
          c.owner ?? 'lab',
          today,
          e.labId,
        )
      }
      const standing = standingOf(e, latestOf.get(e.labId) ?? null)
      upsertStanding.run(
        e.labId,
        standing.status,
        standing.worstSeverity,
        standing.expiresOn,
        standing.failingChecks,
        standing.warningChecks,
        today,
        standing.securitySeverities,
      )
      if (e.tracked) upsertHistory.run(month, e.labId, SEVERITY[e.worst], e.failing, e.warnings, recordedAt)
      else deleteHistory.run(month, e.labId)
    }
    if (!labIds) {
      sqlite
        .prepare('INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
        .run(EVALUATED_KEY, stamp(today, settings))
    }
    // the outcomes dashboard's plan fulfilment, kept with the results (outcome-dashboard.server.ts)
    storePlanFulfilments({ today, labIds: labIds ?? null })
    clearStaleMarks(db(), { seenThrough, ownFrom, labIds: labIds ?? null })
  })()
  return { labs: evaluations.length, failing: evaluations.filter((e) => e.worst === 'failing').length }
}

/**
 * A lab's row of lab_standing from its evaluation: what the dashboards count. worstSeverity is
 * what worstResultSql reads from lab_checks (the lab's own checks, NULL without any), expiresOn
 * what undecidedEndingBetween reads from the latest period.
 */
export function standingOf(e: LabEvaluation, latest: LatestPeriod | null) {
  const own = e.checks.filter(isLabsOwn)
  return {
    status: e.status,
    worstSeverity: own.length ? Math.max(...own.map((c) => SEVERITY[c.result])) : null,
    expiresOn: latest && latest.outcome === null ? latest.endDate : null,
    failingChecks: e.checks.filter((c) => c.result === 'failing').length,
    warningChecks: e.checks.filter((c) => c.result === 'warning').length,
    securitySeverities: securitySeveritiesOf(e.checks),
  }
}

/**
 * Each security check's worst severity (0 ok, 1 warning, 2 failing), two bits per check in
 * SECURITY_CHECK_IDS order (lab_standing.security_severities): what /security counts its labs
 * needing attention by (security-overview.server.ts).
 */
export function securitySeveritiesOf(checks: readonly { checkId: string; result: CheckResult }[]): number {
  let bits = 0
  SECURITY_CHECK_IDS.forEach((id, i) => {
    const worst = Math.max(0, ...checks.filter((c) => c.checkId === id).map((c) => SEVERITY[c.result]))
    bits |= worst << (2 * i)
  })
  return bits
}

// The status each lab had at its last evaluation, read back from its stored validity check.
function validityStatusesBefore(labIds: number[] | undefined): Map<number, LabStatus> {
  const rows = db()
    .select({ labId: labChecks.labId, reasonKey: labChecks.reasonKey })
    .from(labChecks)
    .where(and(eq(labChecks.checkId, 'validity'), labIds ? inArray(labChecks.labId, labIds) : undefined))
    .all()
  return new Map(rows.map((r) => [r.labId, r.reasonKey.replace('compliance.validity.', '') as LabStatus]))
}

// When a lab becomes expiring or expired, the audit log (and so the lab's timeline) records the
// day it happened: the first evaluation that sees the new status. A lab seen for the first time
// has no "before" and records nothing.
function recordStatusTransition({
  labId,
  from,
  to,
  checks,
}: {
  labId: number
  from: LabStatus | undefined
  to: LabStatus
  checks: CheckOutcome[]
}) {
  if (!from || from === to || (to !== 'expiring' && to !== 'expired')) return
  const endDate = checks.find((c) => c.checkId === 'validity')?.concernsDate ?? null
  recordAudit(db(), {
    actor: SYSTEM_ACTOR,
    action: to,
    entityType: 'lab_status',
    entityId: labId,
    labId,
    before: { status: from },
    after: { status: to, endDate },
  })
}

/**
 * Brings the stored results up to date for `today`: every lab when they are from another day or
 * other settings or every lab is marked stale, else the labs marked stale. Readers call it
 * first; when nothing changed it costs three small reads. It never waits for the write lock:
 * while another process holds it (a CLI job, a backup), the page reads the results stored last
 * and the next request tries again (issue 14); the marks stay until a refresh answers them.
 * Returns false when it had to skip.
 */
export function ensureComplianceFresh(today: IsoDate): boolean {
  return withoutWaiting(
    db().$client,
    () => {
      const stored = db().select().from(appMeta).where(eq(appMeta.key, EVALUATED_KEY)).get()?.value
      const marks = staleMarks()
      const needed = stored !== stamp(today, ruleSettings()) || marks.all || marks.labIds.length > 0
      // evaluating every lab only to find the lock taken would slow each page while it is held
      if (needed && !isWritableNow(db().$client)) return false
      if (stored !== stamp(today, ruleSettings()) || marks.all) refreshCompliance({ today })
      else if (marks.labIds.length) refreshCompliance({ today, labIds: marks.labIds })
      return true
    },
    false,
  )
}

/**
 * Rebuilds month-end history for the `months` months before `today`'s month from dated facts
 * (periods and decisions; the roster as it is now). Used when demo data is seeded, so the
 * 24-month chart has a past; live installations accumulate history month by month instead.
 */
export function backfillComplianceHistory({ today, months }: { today: IsoDate; months: number }) {
  const settings = ruleSettings()
  ensureLedger()
  db().transaction((tx) => {
    for (let back = months; back >= 1; back--) {
      const monthStart = addMonths(`${today.slice(0, 7)}-01` as IsoDate, -back)
      const asOfDate = addDays(addMonths(monthStart, 1), -1)
      for (const facts of loadLabFacts({ labIds: null, asOf: asOfDate })) {
        const e = evaluateLab(facts, { today: asOfDate, settings })
        if (!e.tracked) continue
        const values = {
          severity: SEVERITY[e.worst],
          failing: e.failing,
          warnings: e.warnings,
        }
        tx.insert(complianceHistory)
          .values({
            month: monthStart.slice(0, 7),
            labId: facts.labId,
            ...values,
          })
          .onConflictDoUpdate({
            target: [complianceHistory.month, complianceHistory.labId],
            set: values,
          })
          .run()
      }
    }
  })
}

const SEVERITY_OF: Record<CheckResult, number> = SEVERITY

export type LabCheck = ReturnType<typeof labChecksOf>[number]

/** One lab's checks, worst first. Callers have already checked the actor may see the lab. */
export function labChecksOf({ labId, today }: { labId: number; today: IsoDate }) {
  ensureComplianceFresh(today)
  return db()
    .select()
    .from(labChecks)
    .where(eq(labChecks.labId, labId))
    .orderBy(desc(labChecks.severity), sql`${labChecks.concernsDate} IS NULL`, asc(labChecks.concernsDate), asc(labChecks.checkId))
    .all()
}

// A lab's worst severity (NULL when not tracked), as a correlated subquery on the primary key.
// The bureau's own rows (a request it has not decided in time) are not the lab's standing.
const worstSeverity = sql`(SELECT max(c.severity) FROM lab_checks c WHERE c.lab_id = "labs"."id" AND c.owner = 'lab')`

// Registry filter on a lab's worst result. Untracked labs (not in force) match none of them.
export function complianceCondition(filter: CheckResult): SQL {
  return sql`${worstSeverity} = ${SEVERITY_OF[filter]}`
}

/** The lab's worst result as a SQL column: NULL when the lab is not tracked. */
export function worstResultSql(): SQL<CheckResult | null> {
  return sql<CheckResult | null>`(SELECT CASE max(c.severity) WHEN 2 THEN 'failing' WHEN 1 THEN 'warning' WHEN 0 THEN 'ok' END
    FROM lab_checks c WHERE c.lab_id = "labs"."id" AND c.owner = 'lab')`
}

export function countLabsByWorstResult({ actor, today }: { actor: Actor; today: IsoDate }): Record<CheckResult, number> {
  ensureComplianceFresh(today)
  const rows = db()
    .select({
      severity: sql<number | null>`${worstSeverity}`.as('severity'),
      n: count(),
    })
    .from(labs)
    .where(labScope(actor))
    .groupBy(sql`1`)
    .all()
  const n = (s: number) => rows.find((r) => r.severity === s)?.n ?? 0
  return { ok: n(0), warning: n(1), failing: n(2) }
}

export type AttentionFilter = {
  result?: 'failing' | 'warning'
  checkId?: CheckId
  districtCode?: DistrictCode
}

/** Failing and warning checks of the labs in scope, worst first, then the most pressing date. */
export function needsAttention({
  actor,
  today,
  filter,
  page,
  pageSize,
}: {
  actor: Actor
  today: IsoDate
  filter: AttentionFilter
  page: number
  pageSize: number
}) {
  ensureComplianceFresh(today)
  // a district (the office's own, or the bureau's filter) on lab_checks' copy of it, so its page
  // is read off lab_checks_district_attention_idx in display order instead of through every lab
  // of the district; the copy is labScope's condition (tests/models/dashboard-aggregates.test.ts)
  const scope = actor.role === 'district' ? (actor.districtCode ? eq(labChecks.districtCode, actor.districtCode) : sql`0`) : labScope(actor)
  const where = and(
    scope,
    filter.result ? eq(labChecks.severity, SEVERITY_OF[filter.result]) : sql`${labChecks.severity} > 0`,
    filter.checkId ? eq(labChecks.checkId, filter.checkId) : undefined,
    filter.districtCode ? eq(labChecks.districtCode, filter.districtCode) : undefined,
  )
  const rows = db()
    .select({
      labId: labs.id,
      labName: labs.name,
      districtCode: labs.districtCode,
      checkId: labChecks.checkId,
      subject: labChecks.subject,
      result: labChecks.result,
      reasonKey: labChecks.reasonKey,
      reasonParams: labChecks.reasonParams,
      concernsDate: labChecks.concernsDate,
      fixPath: labChecks.fixPath,
      owner: labChecks.owner,
    })
    .from(labChecks)
    .innerJoin(labs, eq(labs.id, labChecks.labId))
    .where(where)
    .orderBy(
      desc(labChecks.severity),
      sql`${labChecks.concernsDate} IS NULL`,
      asc(labChecks.concernsDate),
      asc(labs.name),
      asc(labChecks.checkId),
      // one check with several subjects (a plan's indicators) in a fixed order too
      asc(labChecks.subject),
    )
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all()
  // without a check filter the total is lab_standing's count of each lab's failing and warning
  // checks (written with lab_checks), not a count of every such check: for the city and a
  // district summed in lab_standing_tally (migration 0028), a few hundred rows
  const column =
    filter.result === 'failing'
      ? sql`failing_checks`
      : filter.result === 'warning'
        ? sql`warning_checks`
        : sql`failing_checks + warning_checks`
  const tallyScope =
    actor.role === 'bureau' ? sql`1` : actor.role === 'district' && actor.districtCode ? sql`district_code = ${actor.districtCode}` : null
  const total = filter.checkId
    ? (db().select({ n: count() }).from(labChecks).innerJoin(labs, eq(labs.id, labChecks.labId)).where(where).get()?.n ?? 0)
    : tallyScope
      ? (db().get<{ n: number }>(
          sql`SELECT coalesce(sum(${column}), 0) AS n FROM lab_standing_tally
              WHERE ${tallyScope}${filter.districtCode ? sql` AND district_code = ${filter.districtCode}` : sql``}`,
        )?.n ?? 0)
      : (db()
          .select({
            n: sql<number>`coalesce(sum(${
              filter.result === 'failing'
                ? labStanding.failingChecks
                : filter.result === 'warning'
                  ? labStanding.warningChecks
                  : sql`${labStanding.failingChecks} + ${labStanding.warningChecks}`
            }), 0)`,
          })
          .from(labStanding)
          .innerJoin(labs, eq(labs.id, labStanding.labId))
          .where(and(labScope(actor), filter.districtCode ? eq(labs.districtCode, filter.districtCode) : undefined))
          .get()?.n ?? 0)
  return { rows, total }
}

export type AttentionRow = ReturnType<typeof needsAttention>['rows'][number]

/** Per month from `fromMonth` to `toMonth` ('YYYY-MM'): labs in force and how many had no warning or failure. */
export function complianceShareByMonth({
  actor,
  today,
  fromMonth,
  toMonth,
}: {
  actor: Actor
  today: IsoDate
  fromMonth: string
  toMonth: string
}) {
  ensureComplianceFresh(today)
  return db()
    .select({
      month: complianceHistory.month,
      total: count(),
      compliant: sql<number>`sum(CASE WHEN ${complianceHistory.severity} = 0 THEN 1 ELSE 0 END)`,
    })
    .from(complianceHistory)
    .innerJoin(labs, eq(labs.id, complianceHistory.labId))
    .where(and(labScope(actor), sql`${complianceHistory.month} BETWEEN ${fromMonth} AND ${toMonth}`))
    .groupBy(complianceHistory.month)
    .orderBy(asc(complianceHistory.month))
    .all()
}
