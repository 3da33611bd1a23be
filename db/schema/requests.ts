import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { DISTRICT_CODES, DISTRICT_OPINIONS, REQUEST_ACTIONS, REQUEST_STATUSES, RESOURCE_TYPES, RESOURCE_UNITS } from './enums'
import { labs } from './labs'
import { users } from './users'
import { rowVersion, timestamps } from './columns'

// A lab's request for the support the guide promises (issue 6). The decision deadline and the
// facts the dashboard aggregates (working days to decision, within the deadline or not) are
// stored when they happen, so a later change of the rules or the calendar does not rewrite
// how fast a past request was served, and medians stay in SQL.
export const resourceRequests = sqliteTable(
  'resource_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    labId: integer('lab_id')
      .notNull()
      .references(() => labs.id, { onDelete: 'cascade' }),
    type: text('type', { enum: RESOURCE_TYPES }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    quantity: real('quantity').notNull(),
    unit: text('unit', { enum: RESOURCE_UNITS }).notNull(),
    neededBy: text('needed_by').notNull(),
    justification: text('justification').notNull(),
    status: text('status', { enum: REQUEST_STATUSES }).notNull().default('draft'),
    // set at (re)submission from the type's rule, so changing the rule later does not move it
    districtOpinionRequired: integer('district_opinion_required', { mode: 'boolean' }).notNull().default(false),
    districtOpinion: text('district_opinion', { enum: DISTRICT_OPINIONS }),
    // the latest submission: a resubmission after a return restarts the clock (补正后重新计算)
    submittedAt: text('submitted_at'),
    submittedOn: text('submitted_on'),
    firstSubmittedAt: text('first_submitted_at'),
    decisionDays: integer('decision_days'),
    deadline: text('deadline'),
    deadlineEstimated: integer('deadline_estimated', { mode: 'boolean' }).notNull().default(false),
    returnedAt: text('returned_at'),
    acceptedAt: text('accepted_at'),
    decidedAt: text('decided_at'),
    decidedOn: text('decided_on'),
    // working days from the latest submission to the decision
    decisionWorkingDays: integer('decision_working_days'),
    decidedInTime: integer('decided_in_time', { mode: 'boolean' }),
    grantedQuantity: real('granted_quantity'),
    rejectionReason: text('rejection_reason'),
    fulfilledOn: text('fulfilled_on'),
    deliveredQuantity: real('delivered_quantity'),
    deliveryNote: text('delivery_note'),
    closedAt: text('closed_at'),
    withdrawnAt: text('withdrawn_at'),
    rowVersion: rowVersion(),
    createdBy: integer('created_by').references(() => users.id),
    ...timestamps(),
  },
  (t) => [
    // a lab's own list, and its returned requests for the compliance check
    index('resource_requests_lab_idx').on(t.labId, t.status),
    // the queues and the overdue check: open requests by status, nearest deadline first
    index('resource_requests_status_deadline_idx').on(t.status, t.deadline),
    // the dashboard: requests by type and status, decided requests by decision day
    index('resource_requests_type_status_idx').on(t.type, t.status),
    index('resource_requests_decided_idx').on(t.decidedOn),
    // every page's menu badge (countAwaitingRequests): whose step it is, counted in the index alone
    index('resource_requests_awaiting_idx').on(t.status, t.districtOpinionRequired, t.labId),
    // the queue's default order (deadline, none last): its first page without sorting every request
    index('resource_requests_deadline_order_idx').on(sql`(deadline IS NULL)`, t.deadline),
    // the queue's default order (what awaits a decision first, then by deadline: awaitingOrder in
    // app/models/request-queue.server.ts, whose literals these are): its first page without a sort
    index('resource_requests_awaiting_order_idx').on(
      sql`(status NOT IN ('submitted', 'district_reviewed', 'accepted'))`,
      sql`(deadline IS NULL)`,
      t.deadline,
    ),
  ],
)

export type ResourceRequest = typeof resourceRequests.$inferSelect

// resource_requests counted per district (the lab's), type, status and unit, kept by triggers on
// resource_requests and labs (migration 0023) so the dashboard's resource-support figures
// (app/models/request-stats.server.ts) read a few hundred rows instead of every request.
// granted_n and granted_milli count and sum what was granted (grantedOf), in thousandths so the
// running sum stays exact.
export const requestTally = sqliteTable(
  'request_tally',
  {
    districtCode: text('district_code', { enum: DISTRICT_CODES }).notNull(),
    type: text('type', { enum: RESOURCE_TYPES }).notNull(),
    status: text('status', { enum: REQUEST_STATUSES }).notNull(),
    unit: text('unit', { enum: RESOURCE_UNITS }).notNull(),
    n: integer('n').notNull(),
    grantedN: integer('granted_n').notNull(),
    grantedMilli: integer('granted_milli').notNull(),
  },
  (t) => [primaryKey({ columns: [t.districtCode, t.type, t.status, t.unit] })],
)

// Decided requests with their working days to decision, counted per district, type and working
// days (n, and in_time of them decided within the deadline): the time-to-decision percentiles'
// input, kept by the same triggers.
export const requestSpeedTally = sqliteTable(
  'request_speed_tally',
  {
    districtCode: text('district_code', { enum: DISTRICT_CODES }).notNull(),
    type: text('type', { enum: RESOURCE_TYPES }).notNull(),
    workingDays: integer('working_days').notNull(),
    n: integer('n').notNull(),
    inTime: integer('in_time').notNull(),
  },
  (t) => [primaryKey({ columns: [t.districtCode, t.type, t.workingDays] })],
)

// Requests awaiting a decision per district and deadline, kept by triggers on resource_requests
// and labs (migration 0028): the dashboards' overdue tile sums the deadlines before today, a row
// per day instead of an index entry per request (the count grew with every open request).
export const requestDeadlineTally = sqliteTable(
  'request_deadline_tally',
  {
    districtCode: text('district_code', { enum: DISTRICT_CODES }).notNull(),
    deadline: text('deadline').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.districtCode, t.deadline] })],
)

// Every step and comment on a request: the thread the lab, the district and the bureau read.
export const requestEvents = sqliteTable(
  'request_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requestId: integer('request_id')
      .notNull()
      .references(() => resourceRequests.id, { onDelete: 'cascade' }),
    labId: integer('lab_id')
      .notNull()
      .references(() => labs.id, { onDelete: 'cascade' }),
    action: text('action', { enum: REQUEST_ACTIONS }).notNull(),
    fromStatus: text('from_status', { enum: REQUEST_STATUSES }),
    toStatus: text('to_status', { enum: REQUEST_STATUSES }).notNull(),
    comment: text('comment').notNull().default(''),
    actorUserId: integer('actor_user_id').references(() => users.id),
    actorName: text('actor_name').notNull(),
    at: text('at').notNull(),
  },
  // the request page's thread, oldest first
  (t) => [index('request_events_request_idx').on(t.requestId, t.at)],
)

export type RequestEvent = typeof requestEvents.$inferSelect

// The bureau's rule for each type: how many working days it has to decide, and whether the
// lab's district gives an opinion first. A missing row means the defaults
// (app/domain/resource-requests.ts).
export const requestTypeRules = sqliteTable('request_type_rules', {
  type: text('type', { enum: RESOURCE_TYPES }).primaryKey(),
  decisionDays: integer('decision_days').notNull(),
  districtOpinion: integer('district_opinion', { mode: 'boolean' }).notNull(),
  rowVersion: rowVersion(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: integer('updated_by').references(() => users.id),
})
