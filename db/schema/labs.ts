import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { DISTRICT_CODES } from './enums'
import { organisations } from './organisations'
import { timestamps } from './columns'

// A certified Big Data Innovation Application Laboratory.
export const labs = sqliteTable(
  'labs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    // 申报方向 1..14 (db/schema/enums.ts DIRECTIONS)
    direction: integer('direction').notNull(),
    districtCode: text('district_code', { enum: DISTRICT_CODES }).notNull(),
    hostOrgId: integer('host_org_id')
      .notNull()
      .references(() => organisations.id),
    directorName: text('director_name').notNull(),
    contactName: text('contact_name').notNull(),
    contactPhone: text('contact_phone').notNull(),
    contactEmail: text('contact_email').notNull().default(''),
    focus: text('focus').notNull().default(''),
    address: text('address').notNull().default(''),
    planSummary: text('plan_summary').notNull().default(''),
    // The active roster's size and its qualified researchers (app/domain/team.ts), kept by the
    // team_members triggers of migration 0029 so the registry can sort by them without counting
    // every roster (issue 18); tests/models/lab-registry-agreement.test.ts recounts them.
    headcount: integer('headcount').notNull().default(0),
    qualified: integer('qualified').notNull().default(0),
    ...timestamps(),
  },
  (t) => [
    // a district officer's registry and counts filter on district; the registry's page of one
    // district in name order reads the first rows of this index instead of sorting the district
    index('labs_district_name_idx').on(t.districtCode, t.name),
    // registry filter by direction
    index('labs_direction_idx').on(t.direction),
    // joint-application counts and the organisation page look labs up by host
    index('labs_host_org_idx').on(t.hostOrgId),
    // default registry sort
    index('labs_name_idx').on(t.name),
    // the registry sorted by team size or qualified researchers, either way (ties by id ascending)
    index('labs_headcount_idx').on(t.headcount, t.id),
    index('labs_headcount_desc_idx').on(sql`${t.headcount} DESC`, t.id),
    index('labs_qualified_idx').on(t.qualified, t.id),
    index('labs_qualified_desc_idx').on(sql`${t.qualified} DESC`, t.id),
  ],
)

// Partner organisations of a joint application (联合申报).
export const labPartners = sqliteTable(
  'lab_partners',
  {
    labId: integer('lab_id')
      .notNull()
      .references(() => labs.id, { onDelete: 'cascade' }),
    orgId: integer('org_id')
      .notNull()
      .references(() => organisations.id),
  },
  (t) => [
    primaryKey({ columns: [t.labId, t.orgId] }),
    // joint-application counts per organisation
    index('lab_partners_org_idx').on(t.orgId),
  ],
)

export type Lab = typeof labs.$inferSelect
