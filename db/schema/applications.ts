import { sql } from 'drizzle-orm'
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
// type-only: the rules own these lists (app/domain/certification/); SQLite keeps enums as text
import type { ApplicationStatus } from '~/domain/certification/application-steps'
import type { ApplicantKind } from '~/domain/certification/application-conditions'
import { DEGREES, DISTRICT_CODES, ORG_KINDS, TEAM_ROLES, TITLE_LEVELS } from './enums'
import { applicants, certificationRounds, cityDepartments } from './certification'
import { customIndicators } from './indicators'
import { labs } from './labs'
import { users } from './users'
import { rowVersion, timestamps } from './columns'

// 申报 (issue 21, docs/decisions/024-certification-round.md plan steps 2 and 3): one applicant's
// application in one round, with the 申报表's parts as children, the office's 初审 and its
// recommendation. Files (the sealed PDF, the editable Word, the round's own kinds and the office's
// sealed letter) are attachments with owner type 'round_application'.
export const roundApplications = sqliteTable(
  'round_applications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    roundId: integer('round_id')
      .notNull()
      .references(() => certificationRounds.id),
    applicantId: integer('applicant_id')
      .notNull()
      .references(() => applicants.id),
    // the recommending office, copied from the applicant when the draft is created (guide 四(一))
    officeDistrictCode: text('office_district_code', { enum: DISTRICT_CODES }),
    officeDepartmentId: integer('office_department_id').references(() => cityDepartments.id),
    direction: integer('direction'),
    labName: text('lab_name').notNull().default(''),
    hostKind: text('host_kind').$type<ApplicantKind>(),
    status: text('status').$type<ApplicationStatus>().notNull().default('draft'),
    // the last submission (or resubmission); null while never submitted
    submittedAt: text('submitted_at'),
    // the two-year plan's four parts (guide 三(一)) and the data-security capability (一(四)3)
    planTechnicalGoals: text('plan_technical_goals').notNull().default(''),
    planIntellectualProperty: text('plan_intellectual_property').notNull().default(''),
    planFunding: text('plan_funding').notNull().default(''),
    planApplicationScenarios: text('plan_application_scenarios').notNull().default(''),
    dataSecurity: text('data_security').notNull().default(''),
    commitments: text('commitments', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    // the office's check (guide 四(二) 完整性、真实性及有效性): null until recorded
    checkComplete: integer('check_complete', { mode: 'boolean' }),
    checkCompleteReason: text('check_complete_reason').notNull().default(''),
    checkAuthentic: integer('check_authentic', { mode: 'boolean' }),
    checkAuthenticReason: text('check_authentic_reason').notNull().default(''),
    checkValid: integer('check_valid', { mode: 'boolean' }),
    checkValidReason: text('check_valid_reason').notNull().default(''),
    checkedAt: text('checked_at'),
    checkedBy: integer('checked_by').references(() => users.id),
    returnReasons: text('return_reasons').notNull().default(''),
    rejectReasons: text('reject_reasons').notNull().default(''),
    rejectGrounds: text('reject_grounds', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    recommendedAt: text('recommended_at'),
    recommendedBy: integer('recommended_by').references(() => users.id),
    // the lab 授牌 made of it (migration 0046): set in the certify step's transaction, null before
    labId: integer('lab_id').references(() => labs.id),
    rowVersion: rowVersion(),
    ...timestamps(),
    updatedBy: integer('updated_by').references(() => users.id),
  },
  (t) => [
    // one application per applicant per round; also the applicant's own list (its home page)
    uniqueIndex('round_applications_applicant_round_uq').on(t.applicantId, t.roundId),
    // a district office's applications in a round by status, and the quota count in the recommend step
    index('round_applications_district_idx')
      .on(t.roundId, t.officeDistrictCode, t.status)
      .where(sql`${t.officeDistrictCode} IS NOT NULL`),
    // a city department's, the same
    index('round_applications_department_idx')
      .on(t.roundId, t.officeDepartmentId, t.status)
      .where(sql`${t.officeDepartmentId} IS NOT NULL`),
    // the bureau's list of a round by status (counts per status)
    index('round_applications_round_status_idx').on(t.roundId, t.status),
    // the lab page's 认定申报 line: the application a lab was certified from
    index('round_applications_lab_idx')
      .on(t.labId)
      .where(sql`${t.labId} IS NOT NULL`),
    check('round_applications_office_ck', sql`(${t.officeDistrictCode} IS NULL) <> (${t.officeDepartmentId} IS NULL)`),
  ],
)

export type RoundApplication = typeof roundApplications.$inferSelect

// 合作单位 named on the 申报表 (joint applications, guide 一(二))
export const roundApplicationPartners = sqliteTable(
  'round_application_partners',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    applicationId: integer('application_id')
      .notNull()
      .references(() => roundApplications.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    uscc: text('uscc').notNull(),
    kind: text('kind', { enum: ORG_KINDS }).notNull(),
  },
  // an application's partners (its page, the joint-limit count)
  (t) => [index('round_application_partners_application_idx').on(t.applicationId)],
)

// 团队名单 on the 申报表, the team page's fields (app/models/team-form.ts)
export const roundApplicationMembers = sqliteTable(
  'round_application_members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    applicationId: integer('application_id')
      .notNull()
      .references(() => roundApplications.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    titleLevel: text('title_level', { enum: TITLE_LEVELS }).notNull(),
    degree: text('degree', { enum: DEGREES }).notNull(),
    role: text('role', { enum: TEAM_ROLES }).notNull(),
  },
  // an application's roster (its page, the team conditions)
  (t) => [index('round_application_members_application_idx').on(t.applicationId)],
)

// The two-year plan's indicators with targets, from the catalogue the outcomes plan uses: a
// built-in key or a custom indicator (exactly one), a whole-number target.
export const roundApplicationIndicators = sqliteTable(
  'round_application_indicators',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    applicationId: integer('application_id')
      .notNull()
      .references(() => roundApplications.id, { onDelete: 'cascade' }),
    indicatorKey: text('indicator_key'),
    customIndicatorId: integer('custom_indicator_id').references(() => customIndicators.id),
    target: integer('target').notNull(),
  },
  (t) => [
    check('round_application_indicators_one_ck', sql`(${t.indicatorKey} IS NULL) <> (${t.customIndicatorId} IS NULL)`),
    check('round_application_indicators_whole_ck', sql`${t.target} >= 0 AND typeof(${t.target}) = 'integer'`),
    // an application's indicators (its page), one row per indicator
    uniqueIndex('round_application_indicators_key_uq').on(t.applicationId, t.indicatorKey),
    uniqueIndex('round_application_indicators_custom_uq').on(t.applicationId, t.customIndicatorId),
  ],
)
