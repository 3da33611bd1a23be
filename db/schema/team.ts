import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { DEGREES, TEAM_ROLES, TITLE_LEVELS } from './enums'
import { labs } from './labs'
import { timestamps } from './columns'

// The lab's team roster (团队). Thresholds are computed from it (app/domain/team.ts), never typed.
export const teamMembers = sqliteTable(
  'team_members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    labId: integer('lab_id')
      .notNull()
      .references(() => labs.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    titleLevel: text('title_level', { enum: TITLE_LEVELS }).notNull(),
    degree: text('degree', { enum: DEGREES }).notNull(),
    role: text('role', { enum: TEAM_ROLES }).notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    // the roster of one lab, and the per-lab threshold counts of the registry
    index('team_members_lab_idx').on(t.labId, t.active),
  ],
)

export type TeamMember = typeof teamMembers.$inferSelect
