import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { AWARD_LEVELS, DELIVERABLE_FORMS, OUTCOME_KINDS, OUTCOME_VERIFICATIONS, PATENT_STATUSES, STANDARD_LEVELS } from './enums'
import { labs } from './labs'
import { validityPeriods } from './periods'
import { users } from './users'
import { rowVersion, timestamps } from './columns'

// 成果登记 (issue 16): an outcome a lab records as it happens. The date decides the validity
// period and year it counts for (as for deliverables). Accepted annual deliverables are outcomes
// too, but are read from `deliverables`, never copied here (no double entry).
export const outcomes = sqliteTable(
  'outcomes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    labId: integer('lab_id')
      .notNull()
      .references(() => labs.id, { onDelete: 'cascade' }),
    periodId: integer('period_id')
      .notNull()
      .references(() => validityPeriods.id, { onDelete: 'cascade' }),
    validityYear: integer('validity_year').notNull(),
    form: text('form', { enum: DELIVERABLE_FORMS }).notNull(),
    kind: text('kind', { enum: OUTCOME_KINDS }).notNull(),
    title: text('title').notNull(),
    occurredOn: text('occurred_on').notNull(),
    partners: text('partners').notNull().default(''),
    // 万元 kept exactly as whole yuan (app/domain/money.ts); null where no value applies
    valueYuan: integer('value_yuan'),
    description: text('description').notNull().default(''),
    // kind-specific: a patent's number and status, a standard's or an award's level, the user
    // organisation of a landed scenario, the counterpart of a transfer; empty for other kinds
    patentNumber: text('patent_number').notNull().default(''),
    patentStatus: text('patent_status', { enum: PATENT_STATUSES }),
    standardLevel: text('standard_level', { enum: STANDARD_LEVELS }),
    awardLevel: text('award_level', { enum: AWARD_LEVELS }),
    userOrganisation: text('user_organisation').notNull().default(''),
    counterpart: text('counterpart').notNull().default(''),
    verification: text('verification', { enum: OUTCOME_VERIFICATIONS }).notNull().default('unverified'),
    // the district's check (核实)
    checkedBy: integer('checked_by').references(() => users.id),
    checkedAt: text('checked_at'),
    checkNote: text('check_note').notNull().default(''),
    // the bureau's verification or dispute, with its reason
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: text('decided_at'),
    decisionReason: text('decision_reason').notNull().default(''),
    rowVersion: rowVersion(),
    createdBy: integer('created_by').references(() => users.id),
    ...timestamps(),
  },
  (t) => [
    // the lab's register, newest first
    index('outcomes_lab_idx').on(t.labId, t.occurredOn),
    // the register filtered by verification state (district and bureau queues)
    index('outcomes_verification_idx').on(t.verification, t.labId),
    // the city register (/outcomes/register) newest first and its year filter, city-wide
    index('outcomes_date_idx').on(t.occurredOn),
    // a period's outcomes: its progress (progress.server.ts) and the dashboard's plan fulfilment
    index('outcomes_period_idx').on(t.periodId),
  ],
)

export type Outcome = typeof outcomes.$inferSelect

// The city outcomes dashboard's counts (/outcomes, issue 18): the register's items (outcomes and
// accepted deliverables, as outcome-dashboard.server.ts registerItems reads them) counted per lab
// district and direction, calendar year of the item's date, source, forms (a bit per
// DELIVERABLE_FORMS entry: 1 scenario, 2 algorithm, 4 data, 8 product), kind ('none': a
// deliverable not transferred) and verification. Kept on write by SQLite triggers on outcomes,
// deliverables and labs (migration 0023), so every writer (the app, imports, the seeds) keeps it
// exact; a key whose items are all gone stays with n = 0. tests/models/outcome-tallies.test.ts
// holds it equal to the recomputed counts after every kind of write.
export const outcomeTallies = sqliteTable(
  'outcome_tallies',
  {
    districtCode: text('district_code').notNull(),
    direction: integer('direction').notNull(),
    year: integer('year').notNull(),
    source: text('source', { enum: ['outcome', 'deliverable'] }).notNull(),
    forms: integer('forms').notNull(),
    kind: text('kind').notNull(),
    verification: text('verification', { enum: OUTCOME_VERIFICATIONS }).notNull(),
    n: integer('n').notNull(),
    transfers: integer('transfers').notNull(),
    // whole yuan of the transfers among them
    valueYuan: integer('value_yuan').notNull(),
  },
  // the dashboard filters and groups by any of these; a district's dashboard reads its own prefix
  (t) => [primaryKey({ columns: [t.districtCode, t.direction, t.year, t.source, t.forms, t.kind, t.verification] })],
)

// The tallies summed over all but one of their dimensions, per district (issue 18): what /outcomes
// shows unfiltered, for the city or one district, is some 60 rows here instead of every row of
// outcome_tallies once per chart. Kept on write by triggers on outcome_tallies itself (migration
// 0026): a change there takes its old row off and adds its new one under each dimension's key.
// `dimension` is source, verification, kind, direction, year or form; `key` its value as text
// (an item of several forms counts once under each). tests/models/outcome-tallies.test.ts holds
// it equal to outcome_tallies rolled up after every kind of write.
export const outcomeMarginals = sqliteTable(
  'outcome_marginals',
  {
    districtCode: text('district_code').notNull(),
    dimension: text('dimension', { enum: ['source', 'verification', 'kind', 'direction', 'year', 'form'] }).notNull(),
    key: text('key').notNull(),
    n: integer('n').notNull(),
    transfers: integer('transfers').notNull(),
    valueYuan: integer('value_yuan').notNull(),
  },
  // a chart reads one dimension, for the city (every district) or one district
  (t) => [primaryKey({ columns: [t.dimension, t.districtCode, t.key] })],
)

// Each lab's plan fulfilment for its period in force (planFulfilment of app/domain/progress.ts, as
// the SQL twin in outcome-dashboard.server.ts computes it), stored by the compliance refresh for
// the labs it re-evaluates (every audited change marks its lab; a new day re-evaluates every lab),
// so /outcomes reads 5,000 rows of one small table instead of recomputing every plan from the
// register. The time elapsed and the gap are computed on read from the period's dates. The lab's
// name, district and direction and the period's dates are copies for that read, kept by triggers
// on labs and validity_periods (migration 0023).
//
// The panel's ahead/behind lists walk a bounded part of it (outcome-dashboard.server.ts
// paceLists): by fulfilment then name, by start date, by a date-independent pace key, and the
// shortest and longest period (expression indexes).
export const planFulfilments = sqliteTable(
  'plan_fulfilments',
  {
    labId: integer('lab_id')
      .primaryKey()
      .references(() => labs.id, { onDelete: 'cascade' }),
    periodId: integer('period_id')
      .notNull()
      .references(() => validityPeriods.id, { onDelete: 'cascade' }),
    fulfilment: integer('fulfilment').notNull(),
    labName: text('lab_name').notNull(),
    districtCode: text('district_code').notNull(),
    direction: integer('direction').notNull(),
    startDate: text('start_date').notNull(),
    endDate: text('end_date').notNull(),
  },
  (t) => [
    index('plan_fulfilments_fulfilment_idx').on(t.fulfilment, t.labName, t.labId),
    index('plan_fulfilments_start_idx').on(t.startDate),
    // the period's dates follow it (trigger plan_fulfilments_period) and a deleted period's row
    // goes with it (ON DELETE CASCADE): both find the row by period, not by reading them all
    index('plan_fulfilments_period_idx').on(t.periodId),
    index('plan_fulfilments_days_idx').on(sql`julianday(${t.endDate}) - julianday(${t.startDate})`),
    // PACE_KEY of outcome-dashboard.server.ts: the gap while the period runs, but for a term of the day
    index('plan_fulfilments_pace_idx').on(
      sql`${t.fulfilment} + (julianday(${t.startDate}) - 2458849.5) * 100.0 / (julianday(${t.endDate}) - julianday(${t.startDate}) + 1)`,
    ),
  ],
)

// How many labs' stored fulfilments fall in each tenth (0–9 % … 90–99 %, 100 %) and their sum,
// per district and direction: the fulfilment panel's distribution and mean, which do not depend
// on the day. Kept by triggers on plan_fulfilments (its district and direction copies follow the
// lab, a deleted lab's row goes by ON DELETE CASCADE; migration 0031).
export const planFulfilmentTallies = sqliteTable(
  'plan_fulfilment_tallies',
  {
    districtCode: text('district_code').notNull(),
    direction: integer('direction').notNull(),
    bucket: integer('bucket').notNull(),
    n: integer('n').notNull(),
    total: integer('total').notNull(),
  },
  (t) => [primaryKey({ columns: [t.districtCode, t.direction, t.bucket] })],
)
