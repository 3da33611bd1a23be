import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { createdAt } from './columns'
import { users } from './users'

// A user's private calendar feed address (issue 20 item 4, docs/decisions/023-calendar-feed.md):
// `/feeds/cal_<id>_<secret>.ics`. As for API tokens only the SHA-256 of the secret is kept and
// the id makes the lookup one primary-key read. A user has at most one live address: replacing
// it revokes the old row and writes a new one, so the audit log and this table keep the history.
export const calendarFeeds = sqliteTable(
  'calendar_feeds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // hex SHA-256 of the 32-byte random secret
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    // UTC instants
    revokedAt: text('revoked_at'),
    lastFetchedAt: text('last_fetched_at'),
  },
  (t) => [
    // the account page's "the user's live address" and the revoke-before-replace (liveFeedOf)
    index('calendar_feeds_user_idx').on(t.userId),
  ],
)

export type CalendarFeed = typeof calendarFeeds.$inferSelect
