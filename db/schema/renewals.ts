import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { ASSIGNMENT_STATUSES, RECHECK_DECISIONS, RENEWAL_ACTIONS, RENEWAL_DECISIONS, RENEWAL_STATUSES } from './enums'
import { labs } from './labs'
import { validityPeriods } from './periods'
import { users } from './users'
import { rowVersion, timestamps } from './columns'

// One renewal per validity period (issue 8): the lab's application, and the bureau's decision on
// the period's end with who took it and why. A decision is written to the period too
// (outcome, outcome date), so every screen that reads a lab's status reads it at once.
export const renewals = sqliteTable(
  'renewals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    labId: integer('lab_id')
      .notNull()
      .references(() => labs.id, { onDelete: 'cascade' }),
    periodId: integer('period_id')
      .notNull()
      .references(() => validityPeriods.id, { onDelete: 'cascade' }),
    status: text('status', { enum: RENEWAL_STATUSES }).notNull().default('draft'),
    // the application: the two years in summary, a self-assessment, and the next two years' plan
    summary: text('summary').notNull().default(''),
    selfAssessment: text('self_assessment').notNull().default(''),
    planTargets: text('plan_targets').notNull().default(''),
    planIp: text('plan_ip').notNull().default(''),
    planFunding: text('plan_funding').notNull().default(''),
    planScenarios: text('plan_scenarios').notNull().default(''),
    submittedAt: text('submitted_at'),
    // the decision
    decision: text('decision', { enum: RENEWAL_DECISIONS }),
    grade: text('grade'),
    reasons: text('reasons').notNull().default(''),
    decidedOn: text('decided_on'),
    decidedAt: text('decided_at'),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedByName: text('decided_by_name'),
    // a renewal after rectification: what to put right, by when, and the re-check
    rectificationDeadline: text('rectification_deadline'),
    rectificationRequirements: text('rectification_requirements').notNull().default(''),
    recheckDecision: text('recheck_decision', { enum: RECHECK_DECISIONS }),
    recheckReasons: text('recheck_reasons').notNull().default(''),
    recheckedOn: text('rechecked_on'),
    recheckedBy: integer('rechecked_by').references(() => users.id),
    // the period a renewal created
    newPeriodId: integer('new_period_id').references(() => validityPeriods.id),
    createdBy: integer('created_by').references(() => users.id),
    rowVersion: rowVersion(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('renewals_period_uq').on(t.periodId),
    // a lab's renewals; the pipeline's stages
    index('renewals_lab_idx').on(t.labId),
    index('renewals_status_idx').on(t.status),
    // /renewals sorted by decision date, a page at a time
    index('renewals_status_decided_idx').on(t.status, t.decidedOn),
  ],
)

export type Renewal = typeof renewals.$inferSelect

// Every step and comment on a renewal, oldest first: what the lab, the experts' totals and the
// bureau's decision look like in order.
export const renewalEvents = sqliteTable(
  'renewal_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    renewalId: integer('renewal_id')
      .notNull()
      .references(() => renewals.id, { onDelete: 'cascade' }),
    labId: integer('lab_id')
      .notNull()
      .references(() => labs.id, { onDelete: 'cascade' }),
    action: text('action', { enum: RENEWAL_ACTIONS }).notNull(),
    fromStatus: text('from_status', { enum: RENEWAL_STATUSES }),
    toStatus: text('to_status', { enum: RENEWAL_STATUSES }).notNull(),
    comment: text('comment').notNull().default(''),
    actorUserId: integer('actor_user_id').references(() => users.id),
    actorName: text('actor_name').notNull(),
    at: text('at').notNull(),
  },
  // the renewal page's thread
  (t) => [index('renewal_events_renewal_idx').on(t.renewalId, t.at)],
)

export type RenewalEvent = typeof renewalEvents.$inferSelect

// What experts score a renewal against, with the weights the bureau sets. Never deleted, only
// deactivated, so past reviews keep their criteria. The migration seeds a default set.
export const reviewCriteria = sqliteTable('review_criteria', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  labelZh: text('label_zh').notNull(),
  labelEn: text('label_en').notNull(),
  // relative weight in per cent of the total; active weights add up to 100
  weight: integer('weight').notNull(),
  position: integer('position').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  rowVersion: rowVersion(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: integer('updated_by').references(() => users.id),
})

export type ReviewCriterion = typeof reviewCriteria.$inferSelect

// An expert assigned to a renewal by the bureau, and their review: a score per criterion, the
// weighted total, an opinion; or a declared conflict of interest instead.
export const reviewAssignments = sqliteTable(
  'review_assignments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    renewalId: integer('renewal_id')
      .notNull()
      .references(() => renewals.id, { onDelete: 'cascade' }),
    expertId: integer('expert_id')
      .notNull()
      .references(() => users.id),
    status: text('status', { enum: ASSIGNMENT_STATUSES }).notNull().default('assigned'),
    conflictNote: text('conflict_note').notNull().default(''),
    opinion: text('opinion').notNull().default(''),
    totalScore: real('total_score'),
    assignedBy: integer('assigned_by').references(() => users.id),
    assignedAt: text('assigned_at').notNull(),
    submittedAt: text('submitted_at'),
    rowVersion: rowVersion(),
  },
  (t) => [
    uniqueIndex('review_assignments_renewal_expert_uq').on(t.renewalId, t.expertId),
    // an expert's own queue: the only renewals they may see
    index('review_assignments_expert_idx').on(t.expertId, t.status),
  ],
)

export type ReviewAssignment = typeof reviewAssignments.$inferSelect

export const reviewScores = sqliteTable(
  'review_scores',
  {
    assignmentId: integer('assignment_id')
      .notNull()
      .references(() => reviewAssignments.id, { onDelete: 'cascade' }),
    criterionId: integer('criterion_id')
      .notNull()
      .references(() => reviewCriteria.id),
    // 0..100 on each criterion; the total weighs them
    score: integer('score').notNull(),
  },
  (t) => [primaryKey({ columns: [t.assignmentId, t.criterionId] })],
)

// /renewals' decision charts (issue 18): decisions taken (a renewal decided, or renewed after
// rectification and awaiting its re-check, with a decision) counted per grade ('' for none), lab
// district and direction, and decision, over the whole history. Kept on write by SQLite triggers
// on renewals and labs (migration 0023); a key whose renewals are all gone stays with n = 0.
// tests/models/renewal-pipeline-tallies.test.ts holds it equal to the recount after every kind of write.
export const renewalDecisionTallies = sqliteTable(
  'renewal_decision_tallies',
  {
    grade: text('grade').notNull(),
    districtCode: text('district_code').notNull(),
    direction: integer('direction').notNull(),
    decision: text('decision', { enum: RENEWAL_DECISIONS }).notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.districtCode, t.direction, t.grade, t.decision] })],
)

// /renewals' stage tiles (issue 18), kept on write instead of counted over every open period and
// renewal on each request: the pipeline's rows (app/models/renewal-pipeline.server.ts) counted per
// kind, the period's end where it matters, and the lab's district and direction.
//  'unapplied': a lab's latest period without an outcome, with no renewal or the lab's own draft
//    (upcoming or not applied, by end_date against today and the window, which the reader knows);
//  'submitted', 'under_review', 'rectifying': that period's renewal in progress, counted whatever
//    the period's end (end_date '');
//  'decided': a decided renewal, whichever period it decided (end_date '').
// renewal_stage_labs holds each lab's open row (its latest period has at most one); SQLite
// triggers (migration 0033) recompute it after every write to the lab's periods, renewals or
// district and direction, and its own triggers move it into renewal_stage_tally; decided renewals
// are counted there by triggers on renewals and labs. A key at 0 is dropped, so the rows the tiles
// read stay bounded by the days in the window, the districts and the directions.
// tests/models/renewal-stage-tally.test.ts holds the tiles to the recount after every kind of write.
export const OPEN_STAGE_KINDS = ['unapplied', 'submitted', 'under_review', 'rectifying'] as const
export const RENEWAL_STAGE_KINDS = [...OPEN_STAGE_KINDS, 'decided'] as const

export const renewalStageLabs = sqliteTable('renewal_stage_labs', {
  labId: integer('lab_id').primaryKey(),
  kind: text('kind', { enum: OPEN_STAGE_KINDS }).notNull(),
  endDate: text('end_date').notNull(),
  districtCode: text('district_code').notNull(),
  direction: integer('direction').notNull(),
})

export const renewalStageTally = sqliteTable(
  'renewal_stage_tally',
  {
    kind: text('kind', { enum: RENEWAL_STAGE_KINDS }).notNull(),
    endDate: text('end_date').notNull(),
    districtCode: text('district_code').notNull(),
    direction: integer('direction').notNull(),
    n: integer('n').notNull(),
  },
  // the tiles read each kind, the unapplied ones by a range of end dates
  (t) => [primaryKey({ columns: [t.kind, t.endDate, t.districtCode, t.direction] })],
)

// /renewals' rows of one district or direction in the page's order (issue 18): each pipeline row
// (app/models/renewal-pipeline.server.ts) under its period, with what the page filters and sorts
// by. 'open': a lab's latest period without an outcome and without a decided renewal, whatever its
// end (renewal_stage_labs's rows); 'decided': a period whose renewal is decided; with the lab's
// name, district and direction. Without it, a
// district's page read every lab of the district, or the city's rows in order skipping the other
// districts', which grows with the city where a district has few rows of the kind (a young
// district's decided renewals). SQLite triggers (migration 0036) recompute a lab's rows from the
// tables after every write that can change them; tests/models/renewal-stage-tally.test.ts holds
// them to the recount after every kind of write.
export const RENEWAL_PIPELINE_ROW_KINDS = ['open', 'decided'] as const

export const renewalPipelineRows = sqliteTable(
  'renewal_pipeline_rows',
  {
    periodId: integer('period_id').primaryKey(),
    labId: integer('lab_id').notNull(),
    kind: text('kind', { enum: RENEWAL_PIPELINE_ROW_KINDS }).notNull(),
    districtCode: text('district_code').notNull(),
    direction: integer('direction').notNull(),
    labName: text('lab_name').notNull(),
    endDate: text('end_date').notNull(),
    decidedOn: text('decided_on'),
    // 1: an open row whose renewal is in progress (submitted, under review, rectifying)
    inProgress: integer('in_progress').notNull(),
  },
  (t) => [
    // the renewals in progress whose period ends beyond the window (a shortened window), found
    // without reading every renewal in progress in the city
    index('renewal_pipeline_rows_in_progress_idx')
      .on(t.endDate)
      .where(sql`${t.inProgress} = 1`),
    // a district's or a direction's page in end order, lab-name order, or by decision date (the
    // decided rows)
    index('renewal_pipeline_rows_district_end_idx').on(t.districtCode, t.kind, t.endDate),
    index('renewal_pipeline_rows_district_lab_idx').on(t.districtCode, t.kind, t.labName),
    index('renewal_pipeline_rows_district_decided_idx').on(t.districtCode, t.kind, t.decidedOn),
    index('renewal_pipeline_rows_direction_end_idx').on(t.direction, t.kind, t.endDate),
    index('renewal_pipeline_rows_direction_lab_idx').on(t.direction, t.kind, t.labName),
    index('renewal_pipeline_rows_direction_decided_idx').on(t.direction, t.kind, t.decidedOn),
    // the triggers recompute a lab's rows
    index('renewal_pipeline_rows_lab_idx').on(t.labId),
  ],
)
