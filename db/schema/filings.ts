import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import {
  DELIVERABLE_TYPES,
  DISTRICT_OPINIONS,
  FILING_ACTIONS,
  FILING_KINDS,
  FILING_STATUSES,
  TRANSFER_STATUSES,
  type DeliverableForm,
} from './enums'
import { labs } from './labs'
import { validityPeriods } from './periods'
import { users } from './users'
import { rowVersion, timestamps } from './columns'

// A deliverable (年度成果). Its completion date, not its upload date, decides the validity year
// it counts for. Accepted versions are locked: a change is a new row (version + 1, same root).
export const deliverables = sqliteTable(
  'deliverables',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    labId: integer('lab_id')
      .notNull()
      .references(() => labs.id, { onDelete: 'cascade' }),
    // the first version's id; equal to id for the first version
    rootId: integer('root_id'),
    version: integer('version').notNull().default(1),
    type: text('type', { enum: DELIVERABLE_TYPES }).notNull(),
    forms: text('forms', { mode: 'json' }).$type<DeliverableForm[]>().notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    completedOn: text('completed_on').notNull(),
    transferStatus: text('transfer_status', { enum: TRANSFER_STATUSES }).notNull().default('none'),
    transferPartner: text('transfer_partner').notNull().default(''),
    // whole yuan, typed and shown in 万元 (app/domain/money.ts): money is never a float
    transferValueYuan: integer('transfer_value_yuan'),
    status: text('status', { enum: FILING_STATUSES }).notNull().default('draft'),
    grade: text('grade'),
    submittedAt: text('submitted_at'),
    districtOpinionAt: text('district_opinion_at'),
    // 推荐 / 不推荐 (issue 19 item 7), with district_opinion_at: the opinion the bureau decides
    // beside, read by the review queue without a join; its reasons are the opinion's thread entry.
    // Cleared with district_opinion_at by a resubmission. NULL with a stamp: given before 0037.
    districtOpinion: text('district_opinion', { enum: DISTRICT_OPINIONS }),
    decidedAt: text('decided_at'),
    rowVersion: rowVersion(),
    createdBy: integer('created_by').references(() => users.id),
    ...timestamps(),
  },
  (t) => [
    index('deliverables_lab_idx').on(t.labId, t.completedOn),
    // review queues: what awaits a decision, oldest first
    index('deliverables_status_idx').on(t.status, t.submittedAt),
    // the review badge and the dashboard tile: submitted, awaiting a district's opinion, per lab
    index('deliverables_review_idx').on(t.status, t.districtOpinionAt, t.labId),
    index('deliverables_root_idx').on(t.rootId),
    // the city outcome register: accepted deliverables newest first, and a year of them
    index('deliverables_accepted_date_idx').on(t.status, t.completedOn),
    // one lab's accepted deliverables in a period (the lab page's progress and outcomes)
    index('deliverables_lab_status_date_idx').on(t.labId, t.status, t.completedOn),
  ],
)

export type Deliverable = typeof deliverables.$inferSelect

// The annual report (年度报告), one per validity year. Its sections are a structured document
// (app/domain/annual-report.ts); the roster is snapshotted when it is submitted.
export const annualReports = sqliteTable(
  'annual_reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    labId: integer('lab_id')
      .notNull()
      .references(() => labs.id, { onDelete: 'cascade' }),
    periodId: integer('period_id')
      .notNull()
      .references(() => validityPeriods.id, { onDelete: 'cascade' }),
    validityYear: integer('validity_year').notNull(),
    content: text('content', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    rosterSnapshot: text('roster_snapshot', { mode: 'json' }).$type<Record<string, unknown> | null>(),
    status: text('status', { enum: FILING_STATUSES }).notNull().default('draft'),
    grade: text('grade'),
    submittedAt: text('submitted_at'),
    districtOpinionAt: text('district_opinion_at'),
    // 推荐 / 不推荐 (issue 19 item 7), with district_opinion_at: the opinion the bureau decides
    // beside, read by the review queue without a join; its reasons are the opinion's thread entry.
    // Cleared with district_opinion_at by a resubmission. NULL with a stamp: given before 0037.
    districtOpinion: text('district_opinion', { enum: DISTRICT_OPINIONS }),
    decidedAt: text('decided_at'),
    rowVersion: rowVersion(),
    createdBy: integer('created_by').references(() => users.id),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('annual_reports_period_year_uq').on(t.periodId, t.validityYear),
    index('annual_reports_lab_idx').on(t.labId),
    index('annual_reports_status_idx').on(t.status, t.submittedAt),
    // a district's reports awaiting its opinion, read lab by lab (the review queue and its menu badge)
    index('annual_reports_lab_status_idx').on(t.labId, t.status),
    // the review badge and the dashboard tile: submitted, awaiting a district's opinion, per lab
    index('annual_reports_review_idx').on(t.status, t.districtOpinionAt, t.labId),
  ],
)

export type AnnualReport = typeof annualReports.$inferSelect

// Each step of a filing's review, with its comment: the thread the lab, the district and the
// bureau read on the filing's page.
export const filingEvents = sqliteTable(
  'filing_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    filingKind: text('filing_kind', { enum: FILING_KINDS }).notNull(),
    filingId: integer('filing_id').notNull(),
    labId: integer('lab_id')
      .notNull()
      .references(() => labs.id, { onDelete: 'cascade' }),
    action: text('action', { enum: FILING_ACTIONS }).notNull(),
    fromStatus: text('from_status', { enum: FILING_STATUSES }),
    toStatus: text('to_status', { enum: FILING_STATUSES }).notNull(),
    comment: text('comment').notNull().default(''),
    grade: text('grade'),
    // the district's 推荐 / 不推荐 on a district_opinion entry: the thread keeps every opinion
    // given, where the filing keeps only the one awaiting the bureau's decision
    districtOpinion: text('district_opinion', { enum: DISTRICT_OPINIONS }),
    actorUserId: integer('actor_user_id').references(() => users.id),
    actorName: text('actor_name').notNull(),
    at: text('at').notNull(),
  },
  (t) => [index('filing_events_filing_idx').on(t.filingKind, t.filingId), index('filing_events_lab_idx').on(t.labId, t.at)],
)

export type FilingEvent = typeof filingEvents.$inferSelect
