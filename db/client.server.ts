import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import * as schema from './schema'

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database }

export const DB_FILE_NAME = 'labcycle.db'

// Opens (and creates) the SQLite database with the pragmas every connection needs:
// WAL so readers never block the writer, foreign keys enforced, and a busy timeout so a
// second process (a CLI job next to the server) waits for the lock instead of failing.
export function openDb(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true })
  const sqlite = new Database(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('synchronous = NORMAL')
  return drizzle(sqlite, { schema, casing: 'snake_case' }) as Db
}

export function dbFileIn(dataDir: string) {
  return path.join(path.resolve(dataDir), DB_FILE_NAME)
}
