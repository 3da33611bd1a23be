import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
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
