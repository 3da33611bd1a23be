import path from 'node:path'
import { dbFileIn, openDb } from '~db/client.server'

// `npm run backup -- <target file>`: a consistent copy of the live database through SQLite's
// online backup API, safe while the server is writing.
const target = process.argv[2]
if (!target) {
  console.error('usage: npm run backup -- <target file>')
  process.exit(2)
}
const db = openDb(dbFileIn(process.env.DATA_DIR ?? './data'), { busyTimeoutMs: 10_000 })
await db.$client.backup(path.resolve(target))
db.$client.close()
console.log(`backed up to ${path.resolve(target)}`)
