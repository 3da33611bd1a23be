import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { CALENDAR_DAY_KINDS } from './enums'
import { users } from './users'

// The bureau's additions and corrections to the official working-day calendar. The package
// (chinese-days) supplies the published years; a row here wins over it for its date.
export const calendarDays = sqliteTable('calendar_days', {
  date: text('date').primaryKey(), // 'YYYY-MM-DD'
  kind: text('kind', { enum: CALENDAR_DAY_KINDS }).notNull(),
  name: text('name').notNull().default(''),
  updatedAt: text('updated_at').notNull(),
  updatedBy: integer('updated_by').references(() => users.id),
})

// Years the bureau has entered in full from the State Council's notice (国务院办公厅关于…部分
// 节假日安排的通知), for years the package does not know yet. Until then a working-day count
// that reaches into such a year is marked as an estimate.
export const calendarYears = sqliteTable('calendar_years', {
  year: integer('year').primaryKey(),
  source: text('source').notNull().default(''),
  updatedAt: text('updated_at').notNull(),
  updatedBy: integer('updated_by').references(() => users.id),
})
