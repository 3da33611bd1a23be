import Database from 'better-sqlite3'
import type { SQL } from 'drizzle-orm'
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core'
import { BUSY_TIMEOUT_MS } from '~db/client.server'
import { db } from './db.server'

// The rows of an export of every row (issue 18), read one at a time as the download is written
// instead of all at once (the outcome register: some 190,000 rows at 5,000 labs, 200 MB as objects).
// A statement being stepped keeps its connection busy: nothing else may run on it until it is done.
// So the rows are read on a read-only connection of the export's own, in one read transaction (a
// consistent snapshot, WAL never blocks it nor it a writer), and the writer may pause between rows
// for other requests on the shared connection. An in-memory database (the tests') has no second
// connection: its rows are read at once on the shared one, and the writer must not pause (exportPausable).

const dialect = new SQLiteSyncDialect({ casing: 'snake_case' })

/** Whether rows read by exportRows leave the shared connection free between them. */
export function exportPausable(): boolean {
  return !db().$client.memory
}

/**
 * The rows of `query`, read as they are asked for. The connection opens at the first row and
 * closes after the last, or when the reader stops early (a generator's return, a failed download).
 */
export function* exportRows<T>(query: SQL): Generator<T> {
  const shared = db().$client
  const own = shared.memory ? null : new Database(shared.name, { readonly: true, fileMustExist: true })
  try {
    own?.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    const { sql: text, params } = dialect.sqlToQuery(query)
    // on the shared connection the rows are taken at once: a statement left part-stepped (a
    // download not read to its end) would refuse every other query on it
    if (own) yield* own.prepare(text).iterate(...params) as IterableIterator<T>
    else yield* shared.prepare(text).all(...params) as T[]
  } finally {
    own?.close()
  }
}
