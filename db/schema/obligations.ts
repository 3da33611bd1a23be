import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { OBLIGATION_KINDS } from './enums'
import { labs } from './labs'
import { validityPeriods } from './periods'
import { users } from './users'
import { createdAt } from './columns'

// The obligation ledger (issue 4): one row per validity year and obligation, with a due date
// that is stored, not recomputed, so a later change of the rules or the calendar does not move
// a deadline a lab was already given. Only an extension (below) changes it.
export const obligations = sqliteTable(
  'obligations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    labId: integer('lab_id')
      .notNull()
      .references(() => labs.id, { onDelete: 'cascade' }),
    periodId: integer('period_id')
      .notNull()
      .references(() => validityPeriods.id, { onDelete: 'cascade' }),
    validityYear: integer('validity_year').notNull(), // 1 or 2
    kind: text('kind', { enum: OBLIGATION_KINDS }).notNull(),
    yearStart: text('year_start').notNull(),
    yearEnd: text('year_end').notNull(),
    dueDate: text('due_date').notNull(),
    originalDueDate: text('original_due_date').notNull(),
    // the due date was computed across a year without calendar data (app/domain/calendar.ts)
    dueDateEstimated: integer('due_date_estimated', { mode: 'boolean' }).notNull().default(false),
    // the day the due date was counted from, before it moved to a working day (a report's year
    // end + the setting's days), so that confirming that year's calendar can recompute an
    // estimate exactly, whatever the setting says by then (app/models/calendar-estimates.server.ts)
    dueBasis: text('due_basis'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('obligations_period_year_kind_uq').on(t.periodId, t.validityYear, t.kind),
    index('obligations_lab_idx').on(t.labId),
    index('obligations_due_idx').on(t.dueDate),
  ],
)

export type Obligation = typeof obligations.$inferSelect

// Every change of a due date: an explicit extension by the bureau, with the reason and the
// official who approved it.
export const obligationExtensions = sqliteTable(
  'obligation_extensions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    obligationId: integer('obligation_id')
      .notNull()
      .references(() => obligations.id, { onDelete: 'cascade' }),
    fromDate: text('from_date').notNull(),
    toDate: text('to_date').notNull(),
    reason: text('reason').notNull(),
    approvedBy: text('approved_by').notNull(),
    recordedBy: integer('recorded_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('obligation_extensions_obligation_idx').on(t.obligationId)],
)
