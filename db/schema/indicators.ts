import { sql } from 'drizzle-orm'
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { INDICATOR_UNITS, PLAN_STATUSES } from './enums'
import { labs } from './labs'
import { validityPeriods } from './periods'
import { renewals } from './renewals'
import { users } from './users'
import { createdAt, rowVersion, timestamps } from './columns'

// 任务指标 (issue 16, part 1). The built-in catalogue is code (app/domain/indicators.ts); the
// bureau adds its own indicators here. Never deleted: one no longer planned is deactivated and
// still names the plans that have it. The unit is fixed at creation (targets are read in it).
export const customIndicators = sqliteTable('custom_indicators', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  unit: text('unit', { enum: INDICATOR_UNITS }).notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  rowVersion: rowVersion(),
  createdAt: createdAt(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: integer('updated_by').references(() => users.id),
})

export type CustomIndicator = typeof customIndicators.$inferSelect

// One plan per validity period: the lab drafts and submits it, the bureau approves or returns it.
// A renewal application proposes the next period's plan before that period exists: the plan then
// names its renewal and no period, and when the renewal creates the period the same row takes the
// period too (status, targets and history kept; the renewal stays as where it was proposed). A
// renewal not granted leaves its proposed plan a record of no period.
export const indicatorPlans = sqliteTable(
  'indicator_plans',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    labId: integer('lab_id')
      .notNull()
      .references(() => labs.id, { onDelete: 'cascade' }),
    periodId: integer('period_id').references(() => validityPeriods.id, { onDelete: 'cascade' }),
    // the renewal whose application proposed the plan (null for a plan written for a running period)
    renewalId: integer('renewal_id').references(() => renewals.id, { onDelete: 'cascade' }),
    status: text('status', { enum: PLAN_STATUSES }).notNull().default('draft'),
    // the bureau's reason when it returns the plan; kept (and shown) until the next decision
    returnReason: text('return_reason').notNull().default(''),
    submittedAt: text('submitted_at'),
    submittedBy: integer('submitted_by').references(() => users.id),
    decidedAt: text('decided_at'),
    decidedBy: integer('decided_by').references(() => users.id),
    rowVersion: rowVersion(),
    ...timestamps(),
  },
  (t) => [
    // the plan of a period (one each), and the lab page's plans in period order
    uniqueIndex('indicator_plans_period_uq').on(t.periodId),
    // the plan a renewal proposes (one each)
    uniqueIndex('indicator_plans_renewal_uq').on(t.renewalId),
    index('indicator_plans_lab_idx').on(t.labId),
    check('indicator_plans_owner_ck', sql`${t.periodId} IS NOT NULL OR ${t.renewalId} IS NOT NULL`),
  ],
)

export type IndicatorPlan = typeof indicatorPlans.$inferSelect

// A plan's targets: a built-in indicator by key, or a custom one by id (exactly one of the two).
// The target is a whole number: a count, or yuan for money.
export const indicatorTargets = sqliteTable(
  'indicator_targets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    planId: integer('plan_id')
      .notNull()
      .references(() => indicatorPlans.id, { onDelete: 'cascade' }),
    indicatorKey: text('indicator_key'),
    customIndicatorId: integer('custom_indicator_id').references(() => customIndicators.id),
    target: integer('target').notNull(),
  },
  (t) => [
    check('indicator_targets_one_indicator_ck', sql`(${t.indicatorKey} IS NULL) <> (${t.customIndicatorId} IS NULL)`),
    check('indicator_targets_whole_ck', sql`${t.target} >= 0 AND typeof(${t.target}) = 'integer'`),
    // a plan's targets (the plan page) and one target per indicator per plan
    uniqueIndex('indicator_targets_plan_key_uq').on(t.planId, t.indicatorKey),
    uniqueIndex('indicator_targets_plan_custom_uq').on(t.planId, t.customIndicatorId),
  ],
)

export type IndicatorTarget = typeof indicatorTargets.$inferSelect
