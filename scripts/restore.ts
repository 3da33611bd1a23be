import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { DB_FILE_NAME } from '~db/client.server'

// Stored content a database refers to: attachments, and the files kept by imports (issue 17;
// a backup from before them has no import_batches table).
const storedFilesSql = (d: Database.Database) =>
  d.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'import_batches'").get()
    ? 'SELECT sha256 FROM attachments UNION SELECT sha256 FROM import_batches'
    : 'SELECT DISTINCT sha256 FROM attachments'

// `npm run restore -- <backup directory> [--force]`: puts a backup made by `npm run backup` in
// place as the installation in DATA_DIR. The server must be stopped. Restoring by hand is easy to
// get wrong: a labcycle.db-wal left from the old database would be replayed onto the restored one.

const HELP = `usage: npm run restore -- <backup directory> [--force]

Stop the server first. Replaces the database and the attachment files in DATA_DIR (default
./data) with those of a backup made by npm run backup, after checking the backup (integrity and
every attachment file present). Refuses a DATA_DIR that already holds a database unless --force;
the old database and attachments are then kept beside it as labcycle.db.replaced-<time> and
attachments.replaced-<time>. Exit 0 done, 1 failed, 2 usage.`

const args = process.argv.slice(2)
if (args.includes('--help') || args.includes('-h')) {
  console.log(HELP)
  process.exit(0)
}
const force = args.includes('--force')
const rest = args.filter((a) => a !== '--force')
if (rest.length !== 1 || rest[0].startsWith('-')) {
  console.error(HELP)
  process.exit(2)
}
const from = path.resolve(rest[0])
const dataDir = path.resolve(process.env.DATA_DIR ?? './data')
const backupDb = path.join(from, DB_FILE_NAME)
if (!fs.existsSync(backupDb)) {
  console.error(`restore: ${backupDb} not found`)
  process.exit(2)
}

const copy = new Database(backupDb, { readonly: true })
const integrity = copy.pragma('integrity_check', { simple: true })
const hashes = (copy.prepare(storedFilesSql(copy)).all() as { sha256: string }[]).map((r) => r.sha256)
copy.close()
if (integrity !== 'ok') throw new Error(`the backup fails its integrity check: ${String(integrity)}`)
const storedPath = (root: string, sha256: string) => path.join(root, sha256.slice(0, 2), sha256)
const missing = hashes.filter((h) => !fs.existsSync(storedPath(path.join(from, 'attachments'), h)))
if (missing.length) throw new Error(`the backup lacks ${missing.length} attachment file(s), e.g. ${missing[0]}`)

const liveDb = path.join(dataDir, DB_FILE_NAME)
if (fs.existsSync(liveDb) && !force) {
  console.error(`restore: ${liveDb} exists; stop the server and pass --force to replace it`)
  process.exit(2)
}
fs.mkdirSync(dataDir, { recursive: true })
const stamp = new Date().toISOString().replace(/[:.]/g, '-')
if (fs.existsSync(liveDb)) {
  // the old database folded into one file first, so nothing of it is left in a -wal beside the new one
  const old = new Database(liveDb)
  old.pragma('wal_checkpoint(TRUNCATE)')
  old.close()
  fs.renameSync(liveDb, `${liveDb}.replaced-${stamp}`)
}
for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(`${liveDb}${suffix}`, { force: true })
const store = path.join(dataDir, 'attachments')
if (fs.existsSync(store)) fs.renameSync(store, `${store}.replaced-${stamp}`)
if (fs.existsSync(path.join(from, 'attachments')))
  fs.cpSync(path.join(from, 'attachments'), store, { recursive: true, errorOnExist: true, force: false })
else fs.mkdirSync(store)
fs.rmSync(path.join(dataDir, 'tmp'), { recursive: true, force: true })
fs.copyFileSync(backupDb, `${liveDb}.restoring`)
fs.renameSync(`${liveDb}.restoring`, liveDb)
console.log(JSON.stringify({ restored: from, dataDir, attachmentFiles: hashes.length }))
