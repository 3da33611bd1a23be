import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { CHECK_OWNERS, CHECK_RESULTS } from './enums'
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
  },
  (t) => [
    primaryKey({ columns: [t.labId, t.checkId, t.subject] }),
    // the needs-attention table: worst first, then the most pressing date
    index('lab_checks_severity_idx').on(t.severity, t.concernsDate),
    // /security's labs needing attention: a check's failing and warning labs, read from the index alone
    index('lab_checks_check_idx').on(t.checkId, t.severity, t.labId),
  ],
)

export type LabCheckRow = typeof labChecks.$inferSelect

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
