import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { rowVersion } from './columns'
import { users } from './users'

// The bureau's values for the rules' windows and offsets (app/domain/settings.ts declares
// them with their defaults). A missing row means the default applies.
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: integer('value').notNull(),
  rowVersion: rowVersion(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: integer('updated_by').references(() => users.id),
})
