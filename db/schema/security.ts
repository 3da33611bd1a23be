import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { INCIDENT_GRADES, INCIDENT_STATUSES } from './enums'
import { labs } from './labs'
import { users } from './users'
import { createdAt, rowVersion, timestamps } from './columns'

// 数据安全应急预案 (issue 5): versioned; each version is acknowledged by the bureau. The document
// itself is an attachment (owner_type 'security_plan'). Earlier versions stay readable.
export const securityPlans = sqliteTable(
  'security_plans',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    labId: integer('lab_id')
      .notNull()
      .references(() => labs.id, { onDelete: 'cascade' }),
    version: text('version').notNull(),
    approvedOn: text('approved_on').notNull(),
    scope: text('scope').notNull(),
    responsiblePerson: text('responsible_person').notNull(),
    // reachable around the clock
    contact24h: text('contact_24h').notNull(),
    nextReviewOn: text('next_review_on').notNull(),
    acknowledgedAt: text('acknowledged_at'),
    acknowledgedBy: integer('acknowledged_by').references(() => users.id),
    rowVersion: rowVersion(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('security_plans_lab_idx').on(t.labId, t.approvedOn), uniqueIndex('security_plans_lab_version_uq').on(t.labId, t.version)],
)

export type SecurityPlan = typeof securityPlans.$inferSelect

// 演练: an exercise of the plan, what it found and whether the follow-up is closed.
export const drills = sqliteTable(
  'drills',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    labId: integer('lab_id')
      .notNull()
      .references(() => labs.id, { onDelete: 'cascade' }),
    heldOn: text('held_on').notNull(),
    scenario: text('scenario').notNull(),
    participants: text('participants').notNull(),
    findings: text('findings').notNull().default(''),
    followUp: text('follow_up').notNull().default(''),
    followUpClosedOn: text('follow_up_closed_on'),
    rowVersion: rowVersion(),
    createdBy: integer('created_by').references(() => users.id),
    ...timestamps(),
  },
  (t) => [index('drills_lab_idx').on(t.labId, t.heldOn)],
)

export type Drill = typeof drills.$inferSelect

// A data-security incident. Its report deadline is computed from the grade's hours when it is
// recorded and stored, like the ledger's due dates; a change of grade recomputes it.
export const incidents = sqliteTable(
  'incidents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    labId: integer('lab_id')
      .notNull()
      .references(() => labs.id, { onDelete: 'cascade' }),
    grade: text('grade', { enum: INCIDENT_GRADES }).notNull(),
    title: text('title').notNull(),
    discoveredAt: text('discovered_at').notNull(),
    reportedAt: text('reported_at'),
    reportDeadline: text('report_deadline').notNull(),
    description: text('description').notNull(),
    dataAffected: text('data_affected').notNull().default(''),
    measures: text('measures').notNull().default(''),
    status: text('status', { enum: INCIDENT_STATUSES }).notNull().default('open'),
    closedAt: text('closed_at'),
    // an urgent alert (issue 15): when the bureau and the district were alerted (the report, or a
    // regrade into an urgent grade), and who in the bureau acknowledged it; raised and not
    // acknowledged is what the bureau's navigation badge counts
    alertedAt: text('alerted_at'),
    alertAcknowledgedAt: text('alert_acknowledged_at'),
    alertAcknowledgedBy: integer('alert_acknowledged_by').references(() => users.id),
    createdBy: integer('created_by').references(() => users.id),
    rowVersion: rowVersion(),
    ...timestamps(),
  },
  (t) => [
    index('incidents_lab_idx').on(t.labId, t.discoveredAt),
    // the navigation badge and /security's list: alerts raised and not yet acknowledged
    index('incidents_alert_pending_idx')
      .on(t.labId)
      .where(sql`${t.alertedAt} IS NOT NULL AND ${t.alertAcknowledgedAt} IS NULL`),
    // the bureau's table and chart: by status and grade, by month
    index('incidents_status_grade_idx').on(t.status, t.grade),
    index('incidents_discovered_idx').on(t.discoveredAt),
    // /security's chart: a year of incidents by month and grade, read from the index alone
    index('incidents_month_idx').on(t.discoveredAt, t.grade, t.labId),
  ],
)

export type Incident = typeof incidents.$inferSelect

// Incidents per month of discovery (Asia/Shanghai, 'YYYY-MM'), grade and the lab's district
// (issue 18): /security's chart for the city or a district reads 24 months of these (under a
// thousand rows) instead of every incident of those months. Kept on write by triggers on
// incidents and labs (migration 0030); a key whose incidents are all gone stays with n = 0.
// tests/models/security-attention.test.ts holds it equal to the incidents recounted.
export const incidentMonthTallies = sqliteTable(
  'incident_month_tallies',
  {
    month: text('month').notNull(),
    grade: text('grade', { enum: INCIDENT_GRADES }).notNull(),
    districtCode: text('district_code').notNull(),
    n: integer('n').notNull(),
  },
  // the chart's months in order, grouped by month and grade as it reads them
  (t) => [primaryKey({ columns: [t.month, t.grade, t.districtCode] })],
)

// The incident's timeline: each status change or note, who and when.
export const incidentUpdates = sqliteTable(
  'incident_updates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    labId: integer('lab_id')
      .notNull()
      .references(() => labs.id, { onDelete: 'cascade' }),
    at: text('at').notNull(),
    fromStatus: text('from_status', { enum: INCIDENT_STATUSES }),
    toStatus: text('to_status', { enum: INCIDENT_STATUSES }).notNull(),
    note: text('note').notNull().default(''),
    actorUserId: integer('actor_user_id').references(() => users.id),
    actorName: text('actor_name').notNull(),
  },
  (t) => [index('incident_updates_incident_idx').on(t.incidentId, t.at), index('incident_updates_lab_idx').on(t.labId, t.at)],
)
