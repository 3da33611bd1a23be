import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core'
import { DISTRICT_CODES, LOCALES, ROLES } from './enums'
import { labs } from './labs'
import { organisations } from './organisations'
import { applicants, cityDepartments } from './certification'
import { timestamps } from './columns'

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    email: text('email').notNull().default(''),
    // scrypt, see app/utils/password.server.ts for the format
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    // set for role 'district' only
    districtCode: text('district_code', { enum: DISTRICT_CODES }),
    // set for role 'lab' only
    labId: integer('lab_id').references(() => labs.id),
    // the organisation an expert works for: an expert never reviews a lab that organisation hosts or joins
    organisationId: integer('organisation_id').references((): AnySQLiteColumn => organisations.id),
    // set for role 'department' only: the city department whose office the account is
    departmentId: integer('department_id').references((): AnySQLiteColumn => cityDepartments.id),
    // set for role 'applicant' only: the applicant organisation the account speaks for
    applicantId: integer('applicant_id').references((): AnySQLiteColumn => applicants.id),
    locale: text('locale', { enum: LOCALES }).notNull().default('zh'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    lastLoginAt: text('last_login_at'),
    ...timestamps(),
  },
  (t) => [
    // a lab's accounts (lab page, user admin filter)
    index('users_lab_idx').on(t.labId),
    // the users list's default order (listUsers: lower(username), id): its first page without sorting every account
    index('users_username_order_idx').on(sql`lower(username)`, t.id),
    // the offices' and experts' accounts among some 100,000 (two per lab at 50,000 labs): the help
    // page's first-run checklist, a lab's contacts at its district office
    // an applicant's accounts (confirming a registration activates them)
    index('users_applicant_idx')
      .on(t.applicantId)
      .where(sql`${t.applicantId} IS NOT NULL`),
    index('users_role_idx').on(t.role, t.active, t.districtCode),
  ],
)

export const sessions = sqliteTable(
  'sessions',
  {
    // SHA-256 of the cookie token, so a copy of the database does not hand out live sessions.
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    ip: text('ip').notNull().default(''),
    userAgent: text('user_agent').notNull().default(''),
  },
  (t) => [
    // ending every session of a user (deactivation, password reset)
    index('sessions_user_idx').on(t.userId),
    // purging expired sessions
    index('sessions_expires_idx').on(t.expiresAt),
  ],
)

// Failed sign-ins per key, for throttling (app/domain/throttle.ts): 'pair:<address> <username>',
// 'user:<username>' and 'ip:<address>'. Kept in the database so every server process sees the
// same counts.
export const loginThrottle = sqliteTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  firstFailureAt: text('first_failure_at').notNull(),
  // whether an address has failed for a username lately (NULL in rows from before issue 14)
  lastFailureAt: text('last_failure_at'),
  lockedUntil: text('locked_until'),
})

export type User = typeof users.$inferSelect
