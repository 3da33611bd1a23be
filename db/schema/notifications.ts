import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { sql } from 'drizzle-orm'
import {
  DISTRICT_CODES,
  MAIL_STATUSES,
  NOTICE_CHANNELS,
  OUTBOX_CHANNELS,
  REMINDER_AUDIENCES,
  REMINDER_KINDS,
  REMINDER_SOURCES,
  ROBOT_PROVIDERS,
  type ReminderSource,
} from './enums'
import { labs } from './labs'
import { users } from './users'
import { createdAt, rowVersion, timestamps } from './columns'

// Reminders, escalation, the in-app inbox and the mail outbox (issue 7; app/domain/reminders.ts,
// jobs/reminders.ts, docs/decisions/005-reminders.md).

// The bureau's reminder rules: one row (id 1); no row means DEFAULT_REMINDER_RULES. Every change
// is audited (entity 'reminder_rules').
export const reminderRules = sqliteTable('reminder_rules', {
  id: integer('id').primaryKey(),
  beforeDays: text('before_days', { mode: 'json' }).$type<number[]>().notNull(),
  onDueDate: integer('on_due_date', { mode: 'boolean' }).notNull(),
  afterDays: text('after_days', { mode: 'json' }).$type<number[]>().notNull(),
  repeatEveryDays: integer('repeat_every_days').notNull(),
  escalateDistrictAfterDays: integer('escalate_district_after_days').notNull(),
  escalateBureauAfterDays: integer('escalate_bureau_after_days').notNull(),
  // stale-form protection (docs/decisions/010-stale-decisions.md); 0 on the page while no row exists
  rowVersion: rowVersion(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: integer('updated_by').references(() => users.id),
})

// One obligation kind's own reminder steps (issue 15 part 6). No row, or follows_default: the kind
// uses its default (the row above, or the kind's built-in steps, KIND_DEFAULT_RULES in
// app/domain/reminder-kinds.ts). A reset keeps the row (follows_default) so its version goes on
// rising and an old form stays stale. Every change is audited (entity 'reminder_kind_rules').
export const reminderKindRules = sqliteTable('reminder_kind_rules', {
  kind: text('kind', { enum: REMINDER_KINDS }).primaryKey(),
  followsDefault: integer('follows_default', { mode: 'boolean' }).notNull(),
  beforeDays: text('before_days', { mode: 'json' }).$type<number[]>().notNull(),
  onDueDate: integer('on_due_date', { mode: 'boolean' }).notNull(),
  afterDays: text('after_days', { mode: 'json' }).$type<number[]>().notNull(),
  repeatEveryDays: integer('repeat_every_days').notNull(),
  escalateDistrictAfterDays: integer('escalate_district_after_days').notNull(),
  escalateBureauAfterDays: integer('escalate_bureau_after_days').notNull(),
  rowVersion: rowVersion(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: integer('updated_by').references(() => users.id),
})

// A lab's snooze of its own reminders for one obligation (issue 15 part 6): the lab's steps are
// not sent before `until` (the day they resume, at most 14 days ahead); the district's and the
// bureau's escalations and every list go on unchanged. One per obligation; unsnoozing deletes it.
export const reminderSnoozes = sqliteTable(
  'reminder_snoozes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    source: text('source', { enum: REMINDER_SOURCES }).$type<ReminderSource>().notNull(),
    sourceId: integer('source_id').notNull(),
    labId: integer('lab_id')
      .notNull()
      .references(() => labs.id, { onDelete: 'cascade' }),
    until: text('until').notNull(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    // the plan's and the page's "is this obligation snoozed"
    uniqueIndex('reminder_snoozes_key_uq').on(t.source, t.sourceId),
    // a lab's snoozes (its obligations page)
    index('reminder_snoozes_lab_idx').on(t.labId),
  ],
)

export type NoticeTitle = { key: string; params: Record<string, string | number> }

// One row per reminder step or event sent to one recipient on one channel. The unique key is the
// whole idempotency argument: every writer inserts with ON CONFLICT DO NOTHING, so a rerun, a
// concurrent run or a catch-up after downtime never sends a step twice, and a moved due date (part
// of the key) starts a fresh series. The recipient is a user (inbox, email) or an office's chat
// robot (robot): exactly one of recipient_id and robot_id is set, and each has its own unique index.
export const notices = sqliteTable(
  'notices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    source: text('source', { enum: REMINDER_SOURCES }).notNull(),
    sourceId: integer('source_id').notNull(),
    dueDate: text('due_date').notNull(),
    // the step: days from the due date (negative before, 0 on the day, positive after)
    offsetDays: integer('offset_days').notNull(),
    recipientId: integer('recipient_id').references(() => users.id, { onDelete: 'cascade' }),
    robotId: integer('robot_id').references(() => chatRobots.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: NOTICE_CHANNELS }).notNull(),
    audience: text('audience', { enum: REMINDER_AUDIENCES }).notNull(),
    // the lab it is about; none for an office's weekly summary
    labId: integer('lab_id').references(() => labs.id, { onDelete: 'cascade' }),
    // what the obligation is, as a message key and its values, rendered in the reader's language
    title: text('title', { mode: 'json' }).$type<NoticeTitle>().notNull(),
    link: text('link').notNull(),
    // the job run's `now` (UTC ISO)
    createdAt: text('created_at').notNull(),
    // the digest or message that carried an e-mail or robot notice
    outboxId: integer('outbox_id').references(() => mailOutbox.id, { onDelete: 'set null' }),
  },
  (t) => [
    // the key itself; its prefix (source, source_id, due_date) also serves the job's "what was already sent for this due date"
    uniqueIndex('notices_key_uq').on(t.source, t.sourceId, t.dueDate, t.offsetDays, t.recipientId, t.channel),
    // the same key for a robot recipient (NULLs never conflict in the index above)
    uniqueIndex('notices_robot_key_uq')
      .on(t.source, t.sourceId, t.dueDate, t.offsetDays, t.robotId, t.channel)
      .where(sql`${t.robotId} IS NOT NULL`),
    // a lab's notices (the lab page's and the scope checks' "what was this lab told")
    index('notices_lab_idx').on(t.labId),
    // a digest's notices (outbox page)
    index('notices_outbox_idx').on(t.outboxId),
  ],
)

export type Notice = typeof notices.$inferSelect

// The in-app inbox: one item per inbox notice.
export const inboxItems = sqliteTable(
  'inbox_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    noticeId: integer('notice_id')
      .notNull()
      .unique()
      .references(() => notices.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: text('created_at').notNull(),
    readAt: text('read_at'),
  },
  (t) => [
    // the inbox page (a user's items, unread first, newest first) and the header's unread count
    index('inbox_items_user_read_idx').on(t.userId, t.readAt, t.createdAt),
  ],
)

// E-mail waiting to go out, going out, sent or failed. A message is claimed ('sending') by one
// atomic UPDATE before the SMTP call, so two deliverers never send it twice; one left in
// 'sending' by a process that died mid-send is not retried on its own (it may have gone out):
// the bureau sees it on /outbox and may retry it.
export const mailOutbox = sqliteTable(
  'mail_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // e-mail through SMTP, or a chat robot's webhook (robot_id; to_address then holds the robot's name)
    channel: text('channel', { enum: OUTBOX_CHANNELS }).notNull().default('email'),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    robotId: integer('robot_id').references(() => chatRobots.id, { onDelete: 'set null' }),
    toAddress: text('to_address').notNull(),
    locale: text('locale').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: MAIL_STATUSES }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    // when a queued or failed message may be tried (again); NULL for a failed one given up on
    nextAttemptAt: text('next_attempt_at'),
    lastError: text('last_error'),
    sentAt: text('sent_at'),
    messageId: text('message_id'),
    createdAt: createdAt(),
  },
  (t) => [
    // delivery: queued or failed messages whose next attempt has come
    index('mail_outbox_status_next_idx').on(t.status, t.nextAttemptAt),
    // the outbox page, newest first
    index('mail_outbox_created_idx').on(t.createdAt),
  ],
)

export type MailMessage = typeof mailOutbox.$inferSelect

// An office's group robot (issue 15): the bureau's (district_code NULL) or one district office's.
// The webhook address carries the robot's access token and the secret signs DingTalk messages:
// both are shown masked and only the office that owns the robot (or the bureau) may change them.
export const chatRobots = sqliteTable(
  'chat_robots',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // NULL: the bureau's robot; else the district office's
    districtCode: text('district_code', { enum: DISTRICT_CODES }),
    provider: text('provider', { enum: ROBOT_PROVIDERS }).notNull(),
    name: text('name').notNull(),
    webhookUrl: text('webhook_url').notNull(),
    // DingTalk's 加签 secret (SEC…); none for WeCom or an unsigned DingTalk robot
    secret: text('secret'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    rowVersion: rowVersion(),
    ...timestamps(),
    updatedBy: integer('updated_by').references(() => users.id),
  },
  (t) => [index('chat_robots_district_idx').on(t.districtCode)],
)

export type ChatRobot = typeof chatRobots.$inferSelect

// Which reminders a user receives by e-mail, per source. No row: by e-mail. The inbox is never
// silenced.
export const mailPreferences = sqliteTable(
  'mail_preferences',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    source: text('source', { enum: REMINDER_SOURCES }).$type<ReminderSource>().notNull(),
    mail: integer('mail', { mode: 'boolean' }).notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.source] })],
)
