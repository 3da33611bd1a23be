import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { users } from './users'

// 评定等级: the grades the bureau gives an accepted filing (issue 4), configured on the
// settings page. Filings store the code, so a code is stable and never reused, and a grade is
// never deleted: one no longer given is deactivated and still names the filings that have it.
// The migration that creates the table seeds the default set (优秀 / 良好 / 合格 / 不合格).
export const grades = sqliteTable('grades', {
  code: text('code').primaryKey(),
  labelZh: text('label_zh').notNull(),
  labelEn: text('label_en').notNull(),
  // the order the forms offer them in, best first
  position: integer('position').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  updatedAt: text('updated_at').notNull(),
  // NULL for the migration's defaults
  updatedBy: integer('updated_by').references(() => users.id),
})

export type GradeRecord = typeof grades.$inferSelect
