import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { dbFileIn, DB_FILE_NAME, openDb } from '~db/client.server'

// Stored content a database refers to: attachments, and the files kept by imports (issue 17;
// a backup from before them has no import_batches table).
const storedFilesSql = (d: Database.Database) =>
  d.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'import_batches'").get()
    ? 'SELECT sha256 FROM attachments UNION SELECT sha256 FROM import_batches'
    : 'SELECT DISTINCT sha256 FROM attachments'

// `npm run backup -- <target directory>`: a consistent copy of a live installation, safe while
// the server is writing (issue 14). The database is copied with SQLite's online backup API; then
// every attachment file its rows point at is copied from the content-addressed store (a file is
// never changed in place, only placed whole and removed) and checked against its SHA-256. A file
// removed between the two (its last row deleted after the copy was taken) makes the copy retake
// the database, which no longer points at it. `npm run restore` puts a backup in place.

const HELP = `usage: npm run backup -- <target directory>

Copies the installation in DATA_DIR (default ./data) into <target directory>, which must not
exist yet or be empty:
  <target>/labcycle.db        the database, consistent as of one instant (SQLite online backup)
  <target>/attachments/…      every attachment file the database refers to, checked by SHA-256
Safe while the server runs. Prints a JSON summary. Exit 0 done, 1 failed, 2 usage.
Restore (server stopped): npm run restore -- <target directory>`

const args = process.argv.slice(2)
if (args.includes('--help') || args.includes('-h')) {
  console.log(HELP)
  process.exit(0)
}
if (args.length !== 1 || args[0].startsWith('-')) {
  console.error(HELP)
  process.exit(2)
}
const target = path.resolve(args[0])
if (fs.existsSync(target) && (!fs.statSync(target).isDirectory() || fs.readdirSync(target).length > 0)) {
  console.error(`backup: ${target} exists and is not an empty directory`)
  process.exit(2)
}

const dataDir = path.resolve(process.env.DATA_DIR ?? './data')
const store = path.join(dataDir, 'attachments')
const started = Date.now()
const source = openDb(dbFileIn(dataDir), { busyTimeoutMs: 10_000 })
fs.mkdirSync(target, { recursive: true })
const copyFile = path.join(target, DB_FILE_NAME)
const partial = `${copyFile}.partial`

function recordBackup(d: Database.Database) {
  d.prepare("INSERT INTO app_meta (key, value) VALUES ('last_backup_at', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(
    new Date().toISOString(),
  )
}

const sha256Of = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex')
const storedPath = (root: string, sha256: string) => path.join(root, sha256.slice(0, 2), sha256)

let attempt = 0
let copied = { files: 0, bytes: 0 }
for (;;) {
  attempt++
  fs.rmSync(partial, { force: true })
  await source.$client.backup(partial)
  const copy = new Database(partial, { readonly: true })
  const hashes = (copy.prepare(storedFilesSql(copy)).all() as { sha256: string }[]).map((r) => r.sha256)
  copy.close()
  const missing: string[] = []
  copied = { files: 0, bytes: 0 }
  for (const sha256 of hashes) {
    const to = storedPath(path.join(target, 'attachments'), sha256)
    if (fs.existsSync(to) && sha256Of(to) === sha256) continue // copied by an earlier attempt
    fs.mkdirSync(path.dirname(to), { recursive: true })
    try {
      fs.copyFileSync(storedPath(store, sha256), to)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      missing.push(sha256)
      continue
    }
    if (sha256Of(to) !== sha256) throw new Error(`attachment ${sha256} in ${store} does not match its name`)
    copied.files++
    copied.bytes += fs.statSync(to).size
  }
  if (missing.length === 0) break
  if (attempt >= 5) throw new Error(`attachment files missing from ${store}: ${missing.join(', ')}`)
  // removed since the database was copied: the next copy no longer refers to them
}
const check = new Database(partial)
const integrity = check.pragma('integrity_check', { simple: true })
check.pragma('journal_mode = DELETE') // one self-contained file
check.close()
if (integrity !== 'ok') throw new Error(`the copy fails its integrity check: ${String(integrity)}`)
fs.renameSync(partial, copyFile)
// told to the installation for its first-run checklist (/help; LAST_BACKUP_KEY in
// app/models/meta.server.ts) once the copy is whole; the copy itself is as of before it
recordBackup(source.$client)
source.$client.close()
// files copied by an attempt whose database was retaken, and no longer referred to
const kept = new Database(copyFile, { readonly: true })
const referred = new Set((kept.prepare(storedFilesSql(kept)).all() as { sha256: string }[]).map((r) => r.sha256))
const files = kept.prepare('SELECT count(*) AS n FROM attachments').get() as { n: number }
kept.close()
const copiedRoot = path.join(target, 'attachments')
let total = 0
if (fs.existsSync(copiedRoot))
  for (const dir of fs.readdirSync(copiedRoot))
    for (const name of fs.readdirSync(path.join(copiedRoot, dir))) {
      if (referred.has(name)) total++
      else fs.rmSync(path.join(copiedRoot, dir, name))
    }
console.log(
  JSON.stringify({
    target,
    database: copyFile,
    integrity,
    attachmentRows: files.n,
    attachmentFiles: total,
    attempts: attempt,
    ms: Date.now() - started,
  }),
)
