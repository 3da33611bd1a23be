import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { CHECK_OWNERS, CHECK_RESULTS, DISTRICT_CODES, LAB_STATUSES } from './enums'
import { labs } from './labs'

// The compliance engine's latest results (app/domain/compliance), one row per lab, check and
// subject. Only app/models/compliance.server.ts writes it, always from the pure engine, so the
// dashboard, the registry filter and the lab page read one answer and can aggregate it in SQL.
export const labChecks = sqliteTable(
  'lab_checks',
  {
    labId: integer('lab_id')
      .notNull()
      .references(() => labs.id, { onDelete: 'cascade' }),
    checkId: text('check_id').notNull(),
    // '' for checks that concern the lab as a whole; e.g. a validity year for per-year checks
    subject: text('subject').notNull().default(''),
    result: text('result', { enum: CHECK_RESULTS }).notNull(),
    // 0 ok, 1 warning, 2 failing: lets "worst first" use an index
    severity: integer('severity').notNull(),
    reasonKey: text('reason_key').notNull(),
    reasonParams: text('reason_params', { mode: 'json' }).$type<Record<string, string | number>>().notNull(),
    concernsDate: text('concerns_date'),
    fixPath: text('fix_path').notNull(),
    // 'bureau' rows tell the bureau what it owes the lab; they never make the lab non-compliant
    owner: text('owner', { enum: CHECK_OWNERS }).notNull().default('lab'),
    evaluatedOn: text('evaluated_on').notNull(),
    // the lab's district, copied so a district's needs-attention page is read off an index that
    // starts with it (issue 18); set on insert (refreshCompliance, or a trigger for any other
    // writer) and kept by a trigger when the lab moves (migration 0028)
    districtCode: text('district_code', { enum: DISTRICT_CODES }),
  },
  (t) => [
    primaryKey({ columns: [t.labId, t.checkId, t.subject] }),
    // the needs-attention table: worst first, then the most pressing date
    index('lab_checks_severity_idx').on(t.severity, t.concernsDate),
    // the needs-attention table's page in its very order (severity DESC, undated last, date),
    // so a page is read off the index instead of sorting every failing and warning check
    index('lab_checks_attention_idx').on(sql`${t.severity} DESC`, sql`${t.concernsDate} IS NULL`, t.concernsDate),
    // the same order within one district: a district's page without reading every lab of it
    index('lab_checks_district_attention_idx').on(t.districtCode, sql`${t.severity} DESC`, sql`${t.concernsDate} IS NULL`, t.concernsDate),
    // /security's labs needing attention: a check's failing and warning labs, read from the index alone
    index('lab_checks_check_idx').on(t.checkId, t.severity, t.labId),
  ],
)

export type LabCheckRow = typeof labChecks.$inferSelect

// Each lab's standing as the compliance engine last judged it, one row per lab, written with
// lab_checks by refreshCompliance (issue 18): its status (labStatus for the evaluation's day),
// its worst own result, the end of its latest period while undecided, and how many of its checks
// fail or warn. The dashboards count these rows instead of recomputing every lab's latest
// period and checks on each view; tests/models/dashboard-aggregates.test.ts holds them to the
// recomputed figures.
export const labStanding = sqliteTable('lab_standing', {
  labId: integer('lab_id')
    .primaryKey()
    .references(() => labs.id, { onDelete: 'cascade' }),
  status: text('status', { enum: LAB_STATUSES }).notNull(),
  // max severity of the lab's own checks (0 ok, 1 warning, 2 failing); NULL when not tracked
  worstSeverity: integer('worst_severity'),
  // the latest period's end while it has no decision (the expiries chart), else NULL
  expiresOn: text('expires_on'),
  // checks of every owner with result failing / warning (the needs-attention table's total)
  failingChecks: integer('failing_checks').notNull(),
  warningChecks: integer('warning_checks').notNull(),
  evaluatedOn: text('evaluated_on').notNull(),
  // the worst severity (0 ok, 1 warning, 2 failing) of each security check (SECURITY_CHECK_IDS in
  // app/domain/incidents.ts), two bits each in that order: security_plan in bits 0-1, drill 2-3,
  // incident 4-5, incident_report 6-7. /security's labs needing attention are counted from it.
  securitySeverities: integer('security_severities').notNull().default(0),
})

// Labs per district whose latest period ends undecided in a month (lab_standing.expires_on),
// kept by triggers on lab_standing and labs (migration 0028): the expiries chart's 24 months.
export const labExpiryTally = sqliteTable(
  'lab_expiry_tally',
  {
    districtCode: text('district_code', { enum: DISTRICT_CODES }).notNull(),
    month: text('month').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.districtCode, t.month] })],
)

// lab_standing counted per district, direction, status and worst own result (-1: none tracked),
// with its checks summed, kept by triggers on lab_standing and labs (migration 0028): the
// dashboards' tiles, their district and direction charts and the attention total read a few
// hundred rows instead of every lab's standing. tests/models/dashboard-aggregates.test.ts holds
// it and lab_expiry_tally to lab_standing after every kind of write.
export const labStandingTally = sqliteTable(
  'lab_standing_tally',
  {
    districtCode: text('district_code', { enum: DISTRICT_CODES }).notNull(),
    direction: integer('direction').notNull(),
    status: text('status', { enum: LAB_STATUSES }).notNull(),
    worst: integer('worst').notNull(),
    n: integer('n').notNull(),
    // the labs' failing and warning checks summed (the needs-attention table's total)
    failingChecks: integer('failing_checks').notNull(),
    warningChecks: integer('warning_checks').notNull(),
  },
  (t) => [primaryKey({ columns: [t.districtCode, t.direction, t.status, t.worst] })],
)

// lab_standing counted per district and security_severities, kept by triggers on lab_standing and
// labs (migration 0032): /security's count of labs needing attention, for the city, a district
// and each check, reads at most a few hundred rows instead of every failing and warning check.
// tests/models/security-attention.test.ts holds it to the labs' stored checks after every kind of write.
export const labSecurityTally = sqliteTable(
  'lab_security_tally',
  {
    districtCode: text('district_code', { enum: DISTRICT_CODES }).notNull(),
    securitySeverities: integer('security_severities').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.districtCode, t.securitySeverities] })],
)

// Month totals of compliance_history per district: labs recorded and labs with no warning or
// failure. Kept by triggers on compliance_history and labs (migration 0023), so every writer
// (the refresh, the backfill, the seeds) keeps it exact; the 24-month chart reads a few hundred
// rows instead of a hundred thousand.
export const complianceMonthTotals = sqliteTable(
  'compliance_month_totals',
  {
    month: text('month').notNull(),
    districtCode: text('district_code', { enum: DISTRICT_CODES }).notNull(),
    total: integer('total').notNull(),
    compliant: integer('compliant').notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.districtCode] })],
)

// A lab's worst result in each month: the last evaluation of a month stands for the month, so
// "share of labs fully compliant" can be drawn for months that have passed.
export const complianceHistory = sqliteTable(
  'compliance_history',
  {
    month: text('month').notNull(), // 'YYYY-MM', Asia/Shanghai
    labId: integer('lab_id')
      .notNull()
      .references(() => labs.id, { onDelete: 'cascade' }),
    severity: integer('severity').notNull(),
    failing: integer('failing').notNull(),
    warnings: integer('warnings').notNull(),
    recordedAt: text('recorded_at')
      .notNull()
      .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [primaryKey({ columns: [t.month, t.labId] }), index('compliance_history_lab_idx').on(t.labId)],
)

// Labs whose stored results no longer match their facts (issue 13). A write that changes a lab's
// facts adds a row in its own transaction, so the mark commits or rolls back with the write; the
// next reader (ensureComplianceFresh) re-evaluates the marked labs and deletes the rows it saw.
// lab_id NULL marks every lab (a fact that reaches across labs: an organisation, a host's
// violation, joint counts). No foreign key: a mark for a lab deleted since is simply cleared.
export const complianceStale = sqliteTable('compliance_stale', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  labId: integer('lab_id'),
})
