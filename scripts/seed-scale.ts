import fs from 'node:fs'
import { parseArgs } from 'node:util'
import { dbFileIn, openDb } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { shanghaiDate, type IsoDate } from '~/domain/dates'
import { setClock } from '~/utils/clock.server'
import { setDb } from '~/utils/db.server'
import { hashPassword } from '~/utils/password.server'
import { DEMO_PASSWORD } from '~db/seed'
import { seedScale } from './scale-data'

// `npm run seed:scale -- --labs 5000 [--force] [--today YYYY-MM-DD]`: a province-sized registry
// in $DATA_DIR (issue 18) to serve and measure with `npm run bench:http`. Deterministic for a
// given --labs and --today. Refuses to overwrite a database that has data unless --force.
const USAGE = 'usage: npm run seed:scale -- --labs N [--force] [--today YYYY-MM-DD]'
function fail(message: string): never {
  console.error(`${message}\n${USAGE}`)
  process.exit(2)
}
let parsed
try {
  parsed = parseArgs({
    options: { labs: { type: 'string', default: '5000' }, force: { type: 'boolean', default: false }, today: { type: 'string' } },
  })
} catch (error) {
  fail((error as Error).message)
}
const { values } = parsed
const count = Number(values.labs)
if (!Number.isInteger(count) || count < 1 || count > 200_000) fail(`--labs must be a whole number from 1 to 200000, got "${values.labs}"`)
if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today)) fail(`--today must be YYYY-MM-DD, got "${values.today}"`)
const today = (values.today ?? shanghaiDate(new Date())) as IsoDate

const dataDir = process.env.DATA_DIR ?? './data'
const file = dbFileIn(dataDir)
if (fs.existsSync(file) && fs.statSync(file).size > 0) {
  if (!values.force) fail(`${file} already exists; pass --force to replace it`)
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true })
}
fs.mkdirSync(dataDir, { recursive: true })
const started = Date.now()
const db = openDb(file)
runMigrations(db)
setDb(db)
if (values.today !== undefined) setClock(new Date(`${today}T02:00:00Z`))
console.log(`seed:scale: ${count} labs into ${file}, today ${today}`)
const summary = seedScale(db, {
  labs: count,
  today,
  passwordHash: await hashPassword(DEMO_PASSWORD),
  log: (line) => console.log(`  ${line}`),
})
db.$client.pragma('wal_checkpoint(TRUNCATE)')
db.$client.close()
console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(summary)}`)
console.log(`sign in as bureau, gusu, lab, lab2 or expert with password ${DEMO_PASSWORD}: DATA_DIR=${dataDir} npm start`)
