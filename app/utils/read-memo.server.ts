import type Database from 'better-sqlite3'
import { db } from './db.server'

// Answers kept until the database changes (issue 18). The dashboards show the same city-wide
// figures to everyone in a scope, and between two writes they cannot differ; at 5,000 labs
// reading them again (the request tallies alone some 1,500 rows) was a fifth of each view.
// So a figure is read once per state of the database and scope, and any write drops them all:
// - another connection's commit (a job, a command-line import, a restore) changes SQLite's
//   data_version as this connection sees it;
// - this connection's own writes (every insert, update and delete, those of triggers
//   included) raise its total_changes(), also when they are rolled back afterwards.
// Inside a transaction nothing is kept or reused: what it has written may still roll back.
// Answers are shared between requests: callers treat them as read-only.

type Memo = { stamp: string; answers: Map<string, unknown> }

// per connection (tests switch databases; two connections' counters are unrelated)
const memos = new WeakMap<Database.Database, Memo>()
const stampStatements = new WeakMap<Database.Database, Database.Statement<[], { version: number; changes: number }>>()

/** The state of the database as `client` sees it: changes with any write, from any connection. */
export function databaseStamp(client: Database.Database): string {
  let statement = stampStatements.get(client)
  if (!statement) {
    statement = client.prepare('SELECT data_version AS version, total_changes() AS changes FROM pragma_data_version')
    stampStatements.set(client, statement)
  }
  const { version, changes } = statement.get()!
  return `${version}:${changes}`
}

/**
 * `compute()`'s answer for `key`, computed once per state of the database: the same key asked
 * again before any write returns the first answer. `key` must name everything else the answer
 * depends on (the scope, the day).
 */
export function untilDataChanges<T>(key: string, compute: () => T): T {
  const client = db().$client
  if (client.inTransaction) return compute()
  const stamp = databaseStamp(client)
  let memo = memos.get(client)
  if (!memo || memo.stamp !== stamp) memos.set(client, (memo = { stamp, answers: new Map() }))
  if (memo.answers.has(key)) return memo.answers.get(key) as T
  const answer = compute()
  // a computation that wrote (none should) saw another state: its answer is not kept
  if (databaseStamp(client) === stamp) memo.answers.set(key, answer)
  return answer
}
