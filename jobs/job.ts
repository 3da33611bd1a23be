import type { JobSummary } from '~db/schema/jobs'

export type { JobSummary }

// A job reads the clock only through `now`, so a run can be replayed for any instant
// (`npm run jobs -- <job> --now …`), and `dryRun` computes the summary without keeping changes.
export type Job = {
  name: string
  // node-cron expression, evaluated in Asia/Shanghai (jobs/scheduler.ts)
  cron: string
  description: string
  // how long a run may hold its lock before another process may take the job over
  lockTtlMs: number
  run: (args: { now: Date; dryRun: boolean }) => JobSummary | Promise<JobSummary>
}
