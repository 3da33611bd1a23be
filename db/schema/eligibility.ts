import { sql } from 'drizzle-orm'
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { VIOLATION_CATEGORIES } from './enums'
import { labs } from './labs'
import { organisations } from './organisations'
import { users } from './users'
import { createdAt } from './columns'

// The eligibility record (guide 三、认定标准 (四)): a data-security, IP or credit violation of a
// host organisation or of a lab. One inside the last three years makes the host ineligible.
export const violations = sqliteTable(
  'violations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: integer('org_id').references(() => organisations.id, { onDelete: 'cascade' }),
    labId: integer('lab_id').references(() => labs.id, { onDelete: 'cascade' }),
    category: text('category', { enum: VIOLATION_CATEGORIES }).notNull(),
    occurredOn: text('occurred_on').notNull(),
    // where the bureau learned of it: a decision number, a credit-platform record, a court case
    source: text('source').notNull(),
    description: text('description').notNull().default(''),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('violations_org_idx').on(t.orgId),
    index('violations_lab_idx').on(t.labId),
    check('violations_subject_ck', sql`(${t.orgId} IS NULL) <> (${t.labId} IS NULL)`),
  ],
)

export type Violation = typeof violations.$inferSelect
