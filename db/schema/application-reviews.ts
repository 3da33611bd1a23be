import { sql } from 'drizzle-orm'
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { ASSIGNMENT_STATUSES } from './enums'
import { roundApplications } from './applications'
import { users } from './users'
import { rowVersion, timestamps } from './columns'

// 评审 (issue 21, docs/decisions/024 plan step 4): one expert on one certification application,
// as review_assignments is for renewals. The scores are kept on the row as JSON by round_criteria
// id: a round's criteria lock once its review starts, so the ids cannot move under them, and the
// total (renewals.ts weightedTotal) is stored at submission with the weights of that moment.
export const applicationReviews = sqliteTable(
  'application_reviews',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    applicationId: integer('application_id')
      .notNull()
      .references(() => roundApplications.id, { onDelete: 'cascade' }),
    // a user with role 'expert' (checked by the model that assigns)
    expertId: integer('expert_id')
      .notNull()
      .references(() => users.id),
    status: text('status', { enum: ASSIGNMENT_STATUSES }).notNull().default('assigned'),
    // 0..100 per round_criteria id (as text keys); empty until submitted
    scores: text('scores', { mode: 'json' })
      .$type<Record<string, number>>()
      .notNull()
      .default(sql`'{}'`),
    totalScore: real('total_score'),
    comment: text('comment').notNull().default(''),
    conflictReason: text('conflict_reason').notNull().default(''),
    assignedBy: integer('assigned_by').references(() => users.id),
    assignedAt: text('assigned_at').notNull(),
    submittedAt: text('submitted_at'),
    rowVersion: rowVersion(),
    ...timestamps(),
  },
  (t) => [
    // one assignment per expert per application; also the application's panel (by application_id)
    uniqueIndex('application_reviews_application_expert_uq').on(t.applicationId, t.expertId),
    // the expert's queue on /assignments: its assignments by status
    index('application_reviews_expert_idx').on(t.expertId, t.status),
  ],
)

export type ApplicationReview = typeof applicationReviews.$inferSelect
