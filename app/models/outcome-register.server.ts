import { sql, type SQL } from 'drizzle-orm'
import type { DeliverableForm } from '~db/schema/enums'
import type { Actor } from '~/domain/permissions'
import { db } from '~/utils/db.server'
import { outcomeTotals, registerItems } from './outcome-dashboard.server'
import type { OutcomeFilter, RegisterRow, RegisterSort } from './outcome-dashboard-params'

// The city-wide outcome register (/outcomes/register): every item the dashboard counts, filtered,
// sorted and paged in SQL, scoped like the dashboard (registerItems applies labScope). The page,
// the CSV and the xlsx read it, so an export is the register row for row.

// The compound SELECT is ordered by its result columns, so SQLite merges the two parts (each read
// in date order from its index) when sorting by date. Ties by source and id keep pages stable.
const SORT_SQL: Record<RegisterSort, SQL> = {
  date: sql`date`,
  lab: sql`labName`,
  value: sql`valueYuan`,
}

export type RegisterRaw = Omit<RegisterRow, 'forms'> & { forms: string }

/** A row as SQL gives it (forms as JSON) as the register shows it. */
export const registerRowOf = (r: RegisterRaw): RegisterRow => ({ ...r, forms: JSON.parse(r.forms) as DeliverableForm[] })

/** The register's query in its order, every row or one page of them; null when nothing is in scope. */
export function registerQuery({
  actor,
  filter,
  sort = 'date',
  dir = 'desc',
  page = 1,
  pageSize,
}: {
  actor: Actor
  filter: OutcomeFilter
  sort?: RegisterSort
  dir?: 'asc' | 'desc'
  page?: number
  pageSize: number | null // null: every row (the exports)
}): SQL | null {
  const items = registerItems(actor, filter)
  if (!items) return null
  const direction = dir === 'asc' ? sql`ASC` : sql`DESC`
  const limit = pageSize === null ? sql`` : sql`LIMIT ${pageSize} OFFSET ${(Math.max(1, page) - 1) * pageSize}`
  const ties = sql`source ${direction}, id ${direction}`
  // a compound SELECT orders only by its columns: other sorts read it as a derived table, a value
  // sort putting the items without one last either way
  return sort === 'date'
    ? sql`${items} ORDER BY date ${direction}, ${ties} ${limit}`
    : sql`SELECT * FROM (${items}) ORDER BY ${sort === 'value' ? sql`valueYuan IS NULL, ` : sql``}${SORT_SQL[sort]} ${direction}, date DESC, ${ties} ${limit}`
}

export function listRegister(args: {
  actor: Actor
  filter: OutcomeFilter
  sort?: RegisterSort
  dir?: 'asc' | 'desc'
  page?: number
  pageSize: number | null // null: every row
}): { rows: RegisterRow[]; total: number } {
  const query = registerQuery(args)
  if (!query) return { rows: [], total: 0 }
  const rows = db().all<RegisterRaw>(query).map(registerRowOf)
  const total = args.pageSize === null ? rows.length : countRegister(args)
  return { rows, total }
}

/**
 * The register's row count under the filters: outcomeTotals, which sums outcome_tallies (kept on
 * write per district, direction, year, source, forms, kind and verification) for the bureau's and
 * a district's register and counts one lab's few items from its rows, rather than counting the
 * city's 1.9 million items at 50,000 labs for a page of 50 (issue 18). Held to the rows by
 * tests/models/outcome-dashboard-agreement.test.ts and tests/models/list-paging-agreement.test.ts.
 */
export function countRegister({ actor, filter }: { actor: Actor; filter: OutcomeFilter }): number {
  return outcomeTotals({ actor, filter }).n
}
