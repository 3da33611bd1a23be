import fs from 'node:fs'
import path from 'node:path'
import { MIGRATIONS_DIR } from '~db/migrate'

/**
 * A copy of the migrations whose journal stops at `idx`, in `dir`: a migration test builds the
 * old schema with it, writes rows as the old code did, then upgrades with every migration.
 */
export function migrationsUpTo(dir: string, idx: number): string {
  const folder = path.join(dir, `upto-${idx}`)
  fs.cpSync(MIGRATIONS_DIR, folder, { recursive: true })
  const journalFile = path.join(folder, 'meta', '_journal.json')
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { idx: number }[] }
  journal.entries = journal.entries.filter((e) => e.idx <= idx)
  fs.writeFileSync(journalFile, JSON.stringify(journal))
  return folder
}
