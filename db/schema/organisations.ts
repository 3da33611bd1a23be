import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { DISTRICT_CODES, ORG_KINDS } from './enums'
import { timestamps } from './columns'

// A host or partner organisation (申报主体 / 联合申报单位).
export const organisations = sqliteTable(
  'organisations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    // 统一社会信用代码, validated by app/domain/uscc.ts before it is stored.
    creditCode: text('credit_code').notNull().unique(),
    kind: text('kind', { enum: ORG_KINDS }).notNull(),
    districtCode: text('district_code', { enum: DISTRICT_CODES }).notNull(),
    ...timestamps(),
  },
  (t) => [
    // the organisation picker and list sort by name
    index('organisations_name_idx').on(t.name),
  ],
)

export type Organisation = typeof organisations.$inferSelect
