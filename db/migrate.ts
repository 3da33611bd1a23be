import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import type { Db } from './client.server'

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')

export function runMigrations(db: Db) {
  migrate(db, { migrationsFolder: MIGRATIONS_DIR })
}

type Journal = { entries: { idx: number; tag: string; when: number }[] }

// The schema version is the tag of the newest migration applied; `expected` is the newest one
// shipped with this build, so /healthz shows a database that lags behind the code.
export function schemaVersion(db: Db) {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as Journal
  const applied = db.$client.prepare('SELECT created_at AS createdAt FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1').get() as
    | { createdAt: number }
    | undefined
  const count = (db.$client.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n
  const latest = journal.entries.find((e) => e.when === Number(applied?.createdAt)) ?? null
  const expected = journal.entries[journal.entries.length - 1]?.tag ?? null
  return { applied: count, current: latest?.tag ?? null, expected, upToDate: latest?.tag === expected }
}
