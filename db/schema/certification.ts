import { sql } from 'drizzle-orm'
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { APPLICANT_STATUSES, DISTRICT_CODES, ORG_KINDS } from './enums'
import { users } from './users'
import { rowVersion, timestamps } from './columns'

// The certification round (issue 21, docs/decisions/024-certification-round.md): 申报 → 初审推荐
// → 评审 → 公示 → 授牌. This part holds the round's settings and the city departments that
// recommend beside the ten districts; applications and their steps come in later sessions.

// 市级部门: the city departments that recommend applicants beside the ten district offices
// (the guide: a city department at most 2). Never deleted, only deactivated, so past rounds keep
// the offices they named.
export const cityDepartments = sqliteTable(
  'city_departments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // short ascii code (edu, sci, …): what exports and later accounts name the office by
    code: text('code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    rowVersion: rowVersion(),
    ...timestamps(),
    updatedBy: integer('updated_by').references(() => users.id),
  },
  (t) => [
    // a code names one department
    uniqueIndex('city_departments_code_uq').on(t.code),
  ],
)

export type CityDepartment = typeof cityDepartments.$inferSelect

/** One attachment the round asks of every applicant; the two 申报表 copies are built in. */
export type RequiredAttachment = { kind: string; labelZh?: string; labelEn?: string }

// 申报批次: one call for applications with its two deadlines (UTC instants, entered as Shanghai
// local times), the default quotas per recommending office, and what an application must attach.
export const certificationRounds = sqliteTable(
  'certification_rounds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    year: integer('year').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    // the applicants' deadline, then the offices' (recommendations_due_at > applications_due_at)
    applicationsDueAt: text('applications_due_at').notNull(),
    recommendationsDueAt: text('recommendations_due_at').notNull(),
    districtQuota: integer('district_quota').notNull().default(3),
    departmentQuota: integer('department_quota').notNull().default(2),
    requiredAttachments: text('required_attachments', { mode: 'json' })
      .$type<RequiredAttachment[]>()
      .notNull()
      .default(sql`'[{"kind":"application_pdf"},{"kind":"application_docx"}]'`),
    createdBy: integer('created_by').references(() => users.id),
    rowVersion: rowVersion(),
    ...timestamps(),
    updatedBy: integer('updated_by').references(() => users.id),
  },
  (t) => [
    // the rounds list, newest year first
    index('certification_rounds_year_idx').on(t.year),
    check('certification_rounds_deadlines_ck', sql`${t.recommendationsDueAt} > ${t.applicationsDueAt}`),
    check('certification_rounds_quotas_ck', sql`${t.districtQuota} >= 0 AND ${t.departmentQuota} >= 0`),
  ],
)

export type CertificationRound = typeof certificationRounds.$inferSelect

// A round's quota for one recommending office where it differs from the default for its kind:
// a district (by code) or a city department (by id), never both.
export const roundOfficeQuotas = sqliteTable(
  'round_office_quotas',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    roundId: integer('round_id')
      .notNull()
      .references(() => certificationRounds.id, { onDelete: 'cascade' }),
    districtCode: text('district_code', { enum: DISTRICT_CODES }),
    departmentId: integer('department_id').references(() => cityDepartments.id),
    quota: integer('quota').notNull(),
  },
  (t) => [
    // one override per office in a round; the round page reads a round's overrides by round_id (the leading column)
    uniqueIndex('round_office_quotas_district_uq')
      .on(t.roundId, t.districtCode)
      .where(sql`${t.districtCode} IS NOT NULL`),
    uniqueIndex('round_office_quotas_department_uq')
      .on(t.roundId, t.departmentId)
      .where(sql`${t.departmentId} IS NOT NULL`),
    check('round_office_quotas_office_ck', sql`(${t.districtCode} IS NULL) <> (${t.departmentId} IS NULL)`),
    check('round_office_quotas_quota_ck', sql`${t.quota} >= 0`),
  ],
)

export type RoundOfficeQuota = typeof roundOfficeQuotas.$inferSelect

// The round's own review criteria, copied from the renewal criteria when the round is created and
// editable until its review starts. Before then nothing is scored against them, so a removed
// criterion is deleted rather than deactivated.
export const roundCriteria = sqliteTable(
  'round_criteria',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    roundId: integer('round_id')
      .notNull()
      .references(() => certificationRounds.id, { onDelete: 'cascade' }),
    labelZh: text('label_zh').notNull(),
    labelEn: text('label_en').notNull(),
    // per cent of the total; a round's criteria add up to 100
    weight: integer('weight').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [
    // the round page lists a round's criteria in order
    index('round_criteria_round_idx').on(t.roundId, t.position),
  ],
)

export type RoundCriterion = typeof roundCriteria.$inferSelect

// 申报单位: an organisation applying in certification rounds, with the recommending office it
// applies through (guide 四(一): its district of registration, or for a city-level institution
// its supervising city department; one of the two, never both). Its accounts are users with role
// 'applicant' pointing here. It is not an organisation of the registry until it is certified:
// the registry is the bureau's, a registration is the applicant's own word.
export const applicants = sqliteTable(
  'applicants',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    // 统一社会信用代码, upper case as typed through app/domain/uscc.ts
    uscc: text('uscc').notNull(),
    orgKind: text('org_kind', { enum: ORG_KINDS }).notNull(),
    officeDistrictCode: text('office_district_code', { enum: DISTRICT_CODES }),
    officeDepartmentId: integer('office_department_id').references(() => cityDepartments.id),
    contactName: text('contact_name').notNull().default(''),
    contactPhone: text('contact_phone').notNull().default(''),
    contactEmail: text('contact_email').notNull().default(''),
    status: text('status', { enum: APPLICANT_STATUSES }).notNull().default('pending'),
    // the office's reason when it refuses a registration
    statusReason: text('status_reason').notNull().default(''),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: text('decided_at'),
    rowVersion: rowVersion(),
    ...timestamps(),
    updatedBy: integer('updated_by').references(() => users.id),
  },
  (t) => [
    // one live registration per credit code; a refused one may register again
    uniqueIndex('applicants_uscc_live_uq')
      .on(t.uscc)
      .where(sql`${t.status} <> 'refused'`),
    // a district office's applicants by status (its confirmation queue)
    index('applicants_district_idx')
      .on(t.officeDistrictCode, t.status)
      .where(sql`${t.officeDistrictCode} IS NOT NULL`),
    // a city department's applicants by status
    index('applicants_department_idx')
      .on(t.officeDepartmentId, t.status)
      .where(sql`${t.officeDepartmentId} IS NOT NULL`),
    check('applicants_office_ck', sql`(${t.officeDistrictCode} IS NULL) <> (${t.officeDepartmentId} IS NULL)`),
  ],
)

export type Applicant = typeof applicants.$inferSelect
