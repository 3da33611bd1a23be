import { sql, type Column, type SQL } from 'drizzle-orm'

// `column IN (…ids)` with the ids bound as one JSON array instead of one variable each. SQLite
// allows at most 32,766 bound variables in a statement, and the reminders run asks about every
// lab (or period) in force: at 50,000 labs `inArray` failed the whole run with "too many SQL
// variables" (issue 18's growth run). SQLite reads `IN (SELECT value FROM json_each(?))` as an
// IN over a subquery, which it looks up through a temporary index.
export function inIds(column: Column | SQL, ids: Iterable<number>): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify([...ids])}))`
}
