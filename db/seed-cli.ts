// npm run seed [-- --force]: replaces DATA_DIR/labcycle.db with a fresh demo database.
// A database that was not seeded as a demo holds real records, so it is only replaced with
// --force; the check reads app_meta rather than guessing from the file's size or age.
import fs from 'node:fs'
import Database from 'better-sqlite3'
import { dbFileIn, openDb } from './client.server'
import { runMigrations } from './migrate'
import { setDb } from '~/utils/db.server'
import { seedComplianceHistory, seedDemo } from './seed'
import { seedDemoEvaluations } from './seed-evaluations'
import { seedDemoNotices } from './seed-notices'

function isDemoDatabase(file: string): boolean {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const row = sqlite.prepare("SELECT value FROM app_meta WHERE key = 'demo'").get() as { value: string } | undefined
    return row?.value === 'true'
  } catch {
    // no app_meta table: not a database this seeder made
    return false
  } finally {
    sqlite.close()
  }
}

async function main() {
  const force = process.argv.slice(2).includes('--force')
  // read directly rather than through env(): an unrelated bad variable should not block a reseed
  const file = dbFileIn(process.env.DATA_DIR ?? './data')

  if (fs.existsSync(file) && !isDemoDatabase(file) && !force) {
    console.error(
      `Refusing to reseed ${file}: it is not a demo database and may hold real data.\n` +
        'Stop the server, back the file up if needed, and run `npm run seed -- --force` to replace it.',
    )
    process.exitCode = 1
    return
  }

  // WAL mode leaves -wal and -shm files next to the database; a stale -wal would be replayed
  // into the new file, so all three go.
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })

  const db = openDb(file)
  try {
    runMigrations(db)
    const now = new Date()
    const summary = await seedDemo(db, { now })
    setDb(db)
    seedComplianceHistory({ now })
    seedDemoEvaluations({ now })
    await seedDemoNotices({ now })
    console.log(JSON.stringify({ database: file, ...summary }, null, 2))
  } finally {
    db.$client.close()
  }
}

await main()
