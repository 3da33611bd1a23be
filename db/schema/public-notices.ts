import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { NOTICE_SUBJECT_KINDS, OBJECTION_DECISIONS } from './enums'
import { users } from './users'
import { rowVersion, timestamps } from './columns'

// 公示 (issue 21, docs/decisions/025-public-notice.md): a decision announced on the public page for
// 7 working days before it takes effect. Generic over what is announced: subject_kind names the
// table subject_id points into (a renewal now, a shortlisted application later), so there is no
// foreign key. `proposal` is the decision announced, as its subject kind reads it (JSON); the
// subject takes it on only when the bureau confirms after the last day.
export const publicNotices = sqliteTable(
  'public_notices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subjectKind: text('subject_kind', { enum: NOTICE_SUBJECT_KINDS }).notNull(),
    subjectId: integer('subject_id').notNull(),
    proposal: text('proposal').notNull().default('{}'),
    publishedAt: text('published_at').notNull(),
    // Shanghai days from noticePeriod (app/domain/certification/public-notice.ts)
    startsOn: text('starts_on').notNull(),
    endsOn: text('ends_on').notNull(),
    // a day counted lies in a year the official calendar does not cover: ends_on is a guess
    estimated: integer('estimated', { mode: 'boolean' }).notNull().default(false),
    publishedBy: integer('published_by').references(() => users.id),
    // taken off the list (a sustained objection); a confirmed notice stays listed as ended
    withdrawnAt: text('withdrawn_at'),
    withdrawnReason: text('withdrawn_reason').notNull().default(''),
    confirmedAt: text('confirmed_at'),
    confirmedBy: integer('confirmed_by').references(() => users.id),
    rowVersion: rowVersion(),
    ...timestamps(),
  },
  (t) => [
    // one live notice per subject: a withdrawn one stays for the record beside a new one
    uniqueIndex('public_notices_live_subject_uq')
      .on(t.subjectKind, t.subjectId)
      .where(sql`${t.withdrawnAt} IS NULL`),
    // a subject's notices, newest first (the renewal page)
    index('public_notices_subject_idx').on(t.subjectKind, t.subjectId),
    // the public page: notices of a kind ending on or after 30 days ago
    index('public_notices_kind_ends_idx').on(t.subjectKind, t.endsOn),
  ],
)

export type PublicNotice = typeof publicNotices.$inferSelect

// 异议: an objection received on a notice and the bureau's decision on it. The objector may be
// anonymous (free text); a sustained objection takes the subject off the list.
export const noticeObjections = sqliteTable(
  'notice_objections',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    noticeId: integer('notice_id')
      .notNull()
      .references(() => publicNotices.id, { onDelete: 'cascade' }),
    receivedOn: text('received_on').notNull(),
    objector: text('objector').notNull().default(''),
    contact: text('contact').notNull().default(''),
    content: text('content').notNull(),
    decision: text('decision', { enum: OBJECTION_DECISIONS }).notNull().default('pending'),
    decisionReason: text('decision_reason').notNull().default(''),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: text('decided_at'),
    recordedBy: integer('recorded_by').references(() => users.id),
    rowVersion: rowVersion(),
    ...timestamps(),
  },
  // a notice's objections (its page, and "is one pending?" before confirming)
  (t) => [index('notice_objections_notice_idx').on(t.noticeId, t.decision)],
)

export type NoticeObjection = typeof noticeObjections.$inferSelect
