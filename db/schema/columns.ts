import { sql } from 'drizzle-orm'
import { text } from 'drizzle-orm/sqlite-core'

// Columns most tables carry, written once. Functions, because a column builder belongs to the
// one table it is used in. Instants are UTC ISO strings with milliseconds (shared/conventions.md).
const nowUtc = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`

/** When the row was written. */
export const createdAt = () => text('created_at').notNull().default(nowUtc)

/** When the row was written and last changed. */
export const timestamps = () => ({
  createdAt: createdAt(),
  updatedAt: text('updated_at').notNull().default(nowUtc),
})
