import { sql } from 'drizzle-orm'
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { EVALUATION_GRADES, EVALUATION_STATUSES } from './enums'
import { labs } from './labs'
import { validityPeriods } from './periods'
import { users } from './users'
import { rowVersion, timestamps } from './columns'

// 年度评估 (issue 16, part 5; app/domain/evaluation.ts has the scoring). One round per calendar
// year, open → published. The weights and caps the bureau set when it opened the round are
// frozen on the row: the proposals and the publication check read them from here, never from a
// setting that may have changed since.
export const evaluationRounds = sqliteTable(
  'evaluation_rounds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    year: integer('year').notNull(),
    status: text('status', { enum: EVALUATION_STATUSES }).notNull().default('open'),
    // component weights, whole numbers summing to 100
    weightReport: integer('weight_report').notNull(),
    weightPlan: integer('weight_plan').notNull(),
    weightCompliance: integer('weight_compliance').notNull(),
    weightSecurity: integer('weight_security').notNull(),
    // at most this percent of the round's labs in 优秀 / 良好 (rounded down)
    capExcellentPercent: integer('cap_excellent_percent').notNull(),
    capGoodPercent: integer('cap_good_percent').notNull(),
    // the least score (0–100) for each grade; below the pass floor a lab is 不合格
    minExcellent: integer('min_excellent').notNull(),
    minGood: integer('min_good').notNull(),
    minPass: integer('min_pass').notNull(),
    openedAt: text('opened_at').notNull(),
    openedBy: integer('opened_by').references(() => users.id),
    // when the proposals were last computed from the record
    computedAt: text('computed_at').notNull(),
    publishedAt: text('published_at'),
    publishedBy: integer('published_by').references(() => users.id),
    rowVersion: rowVersion(),
    ...timestamps(),
  },
  (t) => [
    // one round per year
    uniqueIndex('evaluation_rounds_year_uq').on(t.year),
    check('evaluation_rounds_weights_ck', sql`${t.weightReport} + ${t.weightPlan} + ${t.weightCompliance} + ${t.weightSecurity} = 100`),
  ],
)

export type EvaluationRound = typeof evaluationRounds.$inferSelect

// One lab's result in a round: the component scores (0–100, NULL where the component does not
// apply), the weighted score in hundredths, the proposed grade by rank under the caps, and the
// final grade (the proposal unless the bureau adjusted it, with a reason).
export const evaluationResults = sqliteTable(
  'evaluation_results',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    roundId: integer('round_id')
      .notNull()
      .references(() => evaluationRounds.id, { onDelete: 'cascade' }),
    labId: integer('lab_id')
      .notNull()
      .references(() => labs.id, { onDelete: 'cascade' }),
    // the period whose plan was measured (the one covering most of the year)
    periodId: integer('period_id').references(() => validityPeriods.id, { onDelete: 'set null' }),
    scoreReport: integer('score_report'),
    scorePlan: integer('score_plan'),
    scoreCompliance: integer('score_compliance'),
    scoreSecurity: integer('score_security'),
    // the weighted score × 100, rounded down; NULL when no weighted component applies
    score: integer('score'),
    rank: integer('rank').notNull(),
    proposedGrade: text('proposed_grade', { enum: EVALUATION_GRADES }),
    finalGrade: text('final_grade', { enum: EVALUATION_GRADES }),
    // the facts behind the components (grades, fulfilment, incidents …), for the page
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    adjustmentReason: text('adjustment_reason').notNull().default(''),
    adjustedAt: text('adjusted_at'),
    adjustedBy: integer('adjusted_by').references(() => users.id),
    rowVersion: rowVersion(),
    ...timestamps(),
  },
  (t) => [
    // a lab's result in a round (one each)
    uniqueIndex('evaluation_results_round_lab_uq').on(t.roundId, t.labId),
    // the round's table in rank order
    index('evaluation_results_round_rank_idx').on(t.roundId, t.rank),
    // a lab's results by year (its page, the renewal dossier)
    index('evaluation_results_lab_idx').on(t.labId),
  ],
)

export type EvaluationResult = typeof evaluationResults.$inferSelect
