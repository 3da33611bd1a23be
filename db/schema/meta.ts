import { sqliteTable, text } from 'drizzle-orm/sqlite-core'

// Facts about this installation, e.g. 'demo' = 'true' when demo data was seeded (the sign-in
// page then shows the demo accounts).
export const appMeta = sqliteTable('app_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
})
