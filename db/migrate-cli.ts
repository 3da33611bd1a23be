import { dbFileIn, openDb } from './client.server'
import { runMigrations, schemaVersion } from './migrate'

const db = openDb(dbFileIn(process.env.DATA_DIR ?? './data'), { busyTimeoutMs: 10_000 })
runMigrations(db)
console.log(JSON.stringify(schemaVersion(db)))
db.$client.close()
