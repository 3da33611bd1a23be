import { sql } from 'drizzle-orm'
import { integer, text } from 'drizzle-orm/sqlite-core'

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

/**
 * A row's edit version (docs/decisions/010-stale-decisions.md): 1 when written, one up with every
 * change. A decision or edit form posts the version its page showed; the model writes only
 * `WHERE row_version = <that>`, so a page that someone else changed meanwhile gets a 409.
 * A trigger in the migration bumps it on writes that do not bump it themselves.
 */
export const rowVersion = () => integer('row_version').notNull().default(1)
