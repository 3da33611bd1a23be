import { parseArgs } from 'node:util'
import { dbFileIn, openDb } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { setDb } from '~/utils/db.server'
import { findJob, JOB_TIMEZONE, JOBS } from '../jobs/registry'
import { runJob } from '../jobs/runner'

// `npm run jobs -- list` names the jobs; `npm run jobs -- <job> [--now <ISO date-time>] [--dry-run]`
// runs one job once against $DATA_DIR, records the run (trigger 'cli') and prints it as JSON.
// Exit codes: 0 ok, 1 the job failed, 2 usage (unknown job, bad --now), 3 another process holds
// the job's lock (recorded as skipped_locked).
const USAGE = 'usage: npm run jobs -- list | npm run jobs -- <job> [--now <ISO date-time with offset>] [--dry-run]'

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`)
  process.exit(2)
}

function parseCommandLine() {
  try {
    return parseArgs({ allowPositionals: true, options: { now: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } } })
  } catch (error) {
    return fail((error as Error).message)
  }
}
const { positionals, values } = parseCommandLine()
const name = positionals[0]
if (!name || positionals.length > 1) fail(positionals.length > 1 ? `one job at a time, got: ${positionals.join(' ')}` : 'no job given')

if (name === 'list') {
  console.log(JSON.stringify(JOBS.map((job) => ({ name: job.name, cron: job.cron, timezone: JOB_TIMEZONE, description: job.description }))))
  process.exit(0)
}
if (!findJob(name)) fail(`unknown job "${name}"; known jobs: ${JOBS.map((job) => job.name).join(', ')}`)

// an instant needs its offset: "2026-12-01T00:10" alone would mean the machine's zone
let now = new Date()
if (values.now !== undefined) {
  const hasOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(values.now)
  if (!hasOffset || Number.isNaN(Date.parse(values.now)))
    fail(`--now must be an ISO date-time with an offset, e.g. 2026-12-01T00:10:00+08:00; got "${values.now}"`)
  now = new Date(values.now)
}

const db = openDb(dbFileIn(process.env.DATA_DIR ?? './data'), { busyTimeoutMs: 10_000 })
runMigrations(db)
setDb(db)
const result = await runJob({ name, now, dryRun: values['dry-run'], trigger: 'cli' })
db.$client.close()
console.log(JSON.stringify(result, null, 2))
process.exit(result.status === 'ok' ? 0 : result.status === 'failed' ? 1 : 3)
