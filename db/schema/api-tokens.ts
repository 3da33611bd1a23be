import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { createdAt } from './columns'
import { users } from './users'

// Personal API tokens (issue 20): a user's key to the read API under /api/v1. The token shown
// once is `lc_<id>_<secret>`; only the SHA-256 of the secret is kept, so a copy of the database
// hands out no working token. The id part makes the lookup one primary-key read.
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    // hex SHA-256 of the 32-byte random secret
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    // UTC instants
    expiresAt: text('expires_at').notNull(),
    revokedAt: text('revoked_at'),
    lastUsedAt: text('last_used_at'),
    callCount: integer('call_count').notNull().default(0),
  },
  (t) => [
    // the account page's list of one user's tokens (listApiTokens)
    index('api_tokens_user_idx').on(t.userId),
  ],
)

export type ApiToken = typeof apiTokens.$inferSelect
