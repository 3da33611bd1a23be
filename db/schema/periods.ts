import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { PERIOD_OUTCOMES } from './enums'
import { labs } from './labs'
import { createdAt } from './columns'

// A validity period (有效期): two years from certification, renewed periods follow.
export const validityPeriods = sqliteTable(
  'validity_periods',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    labId: integer('lab_id')
      .notNull()
      .references(() => labs.id, { onDelete: 'cascade' }),
    sequence: integer('sequence').notNull(),
    startDate: text('start_date').notNull(),
    // As printed on the certificate; usually app/domain/validity.ts periodEndDate(start).
    endDate: text('end_date').notNull(),
    certificateNo: text('certificate_no').notNull().default(''),
    // NULL while undecided.
    outcome: text('outcome', { enum: PERIOD_OUTCOMES }),
    outcomeDate: text('outcome_date'),
    outcomeNote: text('outcome_note').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [
    // a lab's periods in order, and "latest period per lab" in the registry's status filter
    uniqueIndex('validity_periods_lab_seq_uq').on(t.labId, t.sequence),
    // expiry ranges (dashboard, expiring lists)
    index('validity_periods_end_idx').on(t.endDate),
    // the periods still open by their end: /renewals' open part, read a page at a time in end order
    index('validity_periods_open_end_idx')
      .on(t.endDate)
      .where(sql`${t.outcome} IS NULL`),
  ],
)

export type ValidityPeriod = typeof validityPeriods.$inferSelect
