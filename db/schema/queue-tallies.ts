import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { DISTRICT_CODES, FILING_KINDS, REQUEST_STATUSES, RESOURCE_TYPES } from './enums'

// Counters kept on write by triggers (migration 0027) for the counts every bureau and district
// page asks for: the menu's badges (app/root.tsx) and the queues' first-page totals, which
// otherwise count every request or filing of the city on each page view (issue 18). Agreement
// with the recomputed counts after each kind of write: tests/models/queue-tallies.test.ts.

// resource_requests per the lab's district, type, status and whether a district opinion is
// asked: every stage of the request queue but "overdue" (which moves with today) is a sum of rows.
export const requestQueueTally = sqliteTable(
  'request_queue_tally',
  {
    districtCode: text('district_code', { enum: DISTRICT_CODES }).notNull(),
    type: text('type', { enum: RESOURCE_TYPES }).notNull(),
    status: text('status', { enum: REQUEST_STATUSES }).notNull(),
    districtOpinionRequired: integer('district_opinion_required').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.districtCode, t.type, t.status, t.districtOpinionRequired] })],
)

// Submitted filings (deliverables and annual reports: the review queue, app/models/review-queue.server.ts)
// per kind, the lab's district and whether the district has yet to give its opinion.
export const reviewQueueTally = sqliteTable(
  'review_queue_tally',
  {
    kind: text('kind', { enum: FILING_KINDS }).notNull(),
    districtCode: text('district_code', { enum: DISTRICT_CODES }).notNull(),
    opinionPending: integer('opinion_pending').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.districtCode, t.opinionPending] })],
)
