import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import * as schema from './schema'

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database }

export const DB_FILE_NAME = 'labcycle.db'

// How long a statement waits for another process's write lock (a CLI job, a backup) before it
// gives up with SQLITE_BUSY. better-sqlite3 waits synchronously, so in the server the whole
// process (every other request, /healthz) stands still for as long as one write waits: the
// server keeps this short and does its real waiting before an action starts, asynchronously
// (waitUntilWritable, app/utils/busy.server.ts). Command-line tools pass a longer one.
export const BUSY_TIMEOUT_MS = 500

// Opens (and creates) the SQLite database with the pragmas every connection needs:
// WAL so readers never block the writer, foreign keys enforced, and a busy timeout so a
// second process (a CLI job next to the server) waits for the lock instead of failing at once.
export function openDb(file: string, { busyTimeoutMs = BUSY_TIMEOUT_MS }: { busyTimeoutMs?: number } = {}): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true })
  return withPragmas(new Database(file), busyTimeoutMs)
}

/**
 * An in-memory database copied from `image` (a serialized database, `$client.serialize()`), with
 * the pragmas of openDb. Tests migrate once per process and copy the result for each test: the
 * migrations take about 100 ms a run, the copy well under one.
 */
export function openDbImage(image: Buffer): Db {
  return withPragmas(new Database(image), BUSY_TIMEOUT_MS)
}

function withPragmas(sqlite: Database.Database, busyTimeoutMs: number): Db {
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`)
  sqlite.pragma('synchronous = NORMAL')
  return drizzle(sqlite, { schema, casing: 'snake_case' }) as Db
}

export function dbFileIn(dataDir: string) {
  return path.join(path.resolve(dataDir), DB_FILE_NAME)
}

/** SQLITE_BUSY or SQLITE_LOCKED (and their extended codes), also when drizzle wraps it (`cause`). */
export function isBusyError(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code)) return true
  }
  return false
}

/**
 * Runs `work` without waiting for another process's lock: busy, it returns `fallback` at once
 * (the work rolled back). For writes a read merely piggybacks on (compliance catching up, a
 * session's sliding expiry): a page must not wait for, or fail on, a lock it does not need.
 * The connection is used by one synchronous call at a time, so the timeout is restored before
 * anything else runs on it.
 */
export function withoutWaiting<T, F>(client: Database.Database, work: () => T, fallback: F): T | F {
  if (client.inTransaction) return work() // the caller already holds the lock, or will wait for it
  const previous = client.pragma('busy_timeout', { simple: true }) as number
  client.pragma('busy_timeout = 0')
  try {
    return work()
  } catch (error) {
    if (isBusyError(error)) return fallback
    throw error
  } finally {
    client.pragma(`busy_timeout = ${previous}`)
  }
}

/**
 * Runs `work` with this connection's page cache allowed to grow to `kib` KiB, then puts the
 * previous size back (SQLite frees the pages beyond it). For a run that writes hundreds of
 * thousands of rows in one transaction: with the default 2 MiB the indexes it inserts into are
 * evicted, spilled and read back over and over.
 */
export function withCacheSize<T>(client: Database.Database, kib: number, work: () => T): T {
  const previous = client.pragma('cache_size', { simple: true }) as number
  client.pragma(`cache_size = ${-Math.abs(Math.floor(kib))}`)
  try {
    return work()
  } finally {
    client.pragma(`cache_size = ${previous}`)
  }
}

/** Whether this connection could take the write lock right now (BEGIN IMMEDIATE, rolled back). */
export function isWritableNow(client: Database.Database): boolean {
  if (client.inTransaction) return true
  return withoutWaiting(
    client,
    () => {
      client.prepare('BEGIN IMMEDIATE').run()
      client.prepare('ROLLBACK').run()
      return true
    },
    false,
  )
}

/**
 * Waits, without blocking the process, until this connection could take the write lock (another
 * process holds it: a CLI job, a backup), polling with BEGIN IMMEDIATE at no busy timeout.
 * False when it is still held after `timeoutMs`. A probe, not a reservation: the write that
 * follows takes the lock itself (and waits at most the connection's short busy timeout).
 */
export async function waitUntilWritable(client: Database.Database, { timeoutMs, pollMs = 50 }: { timeoutMs: number; pollMs?: number }) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const free = isWritableNow(client)
    if (free || Date.now() >= deadline) return free
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, Math.max(1, deadline - Date.now()))))
  }
}
