import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { JOB_RUN_STATUSES, JOB_TRIGGERS } from './enums'
import { users } from './users'

export type JobSummary = { checked: number } & Record<string, number | string | boolean>

// Every run of a scheduled job (jobs/runner.ts), whatever started it, including the ones that
// found the job locked by another process. Instants are UTC ISO strings.
export const jobRuns = sqliteTable(
  'job_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    job: text('job').notNull(),
    startedAt: text('started_at').notNull(),
    // NULL while running (or when the process died mid-run; the next lock takeover closes it)
    finishedAt: text('finished_at'),
    status: text('status', { enum: JOB_RUN_STATUSES }).notNull(),
    trigger: text('trigger', { enum: JOB_TRIGGERS }).notNull(),
    dryRun: integer('dry_run', { mode: 'boolean' }).notNull().default(false),
    // the instant the job evaluated as "now" (the CLI's --now; otherwise the start time)
    nowUsed: text('now_used').notNull(),
    summary: text('summary', { mode: 'json' }).$type<JobSummary>(),
    error: text('error'),
    triggeredBy: integer('triggered_by').references(() => users.id),
  },
  (t) => [
    // the jobs page: run history newest first, and each job's last run
    index('job_runs_started_idx').on(t.startedAt),
    index('job_runs_job_started_idx').on(t.job, t.startedAt),
  ],
)

// One row per job while a process runs it. A crashed holder's row stays until the next run sees
// the holder is dead (its process gone on this host, or no heartbeat) or until expires_at, and
// takes it over (jobs/lock.ts).
export const jobLocks = sqliteTable('job_locks', {
  job: text('job').primaryKey(),
  // process id and a random part, so a release never removes another holder's lock
  holder: text('holder').notNull(),
  acquiredAt: text('acquired_at').notNull(),
  expiresAt: text('expires_at').notNull(),
  // os.hostname() of the holder: its process id means something only on that host (NULL in
  // locks from before issue 14)
  host: text('host'),
  // refreshed every few seconds while the holder runs (NULL in locks from before issue 14)
  heartbeatAt: text('heartbeat_at'),
})

export type JobRun = typeof jobRuns.$inferSelect
export type JobLock = typeof jobLocks.$inferSelect
