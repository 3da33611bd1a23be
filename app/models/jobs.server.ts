import { count, desc, eq } from 'drizzle-orm'
import { jobRuns } from '~db/schema'
import { JOB_TIMEZONE, JOBS, findJob } from '../../jobs/registry'
import { runJob } from '../../jobs/runner'
import type { AuditActor } from './audit.server'
import { db } from '~/utils/db.server'

// The jobs page's reads and its 立即运行 button. The runner and the registry live in jobs/; routes
// reach them through this .server module so nothing of them reaches the browser bundle.

export function isJobName(name: string) {
  return findJob(name) !== undefined
}

/** Every registered job with its schedule and its latest run (any trigger), if any. */
export function listJobsWithLastRun() {
  return JOBS.map((job) => ({
    name: job.name,
    cron: job.cron,
    timezone: JOB_TIMEZONE,
    lastRun:
      db().select().from(jobRuns).where(eq(jobRuns.job, job.name)).orderBy(desc(jobRuns.startedAt), desc(jobRuns.id)).limit(1).get() ??
      null,
  }))
}

export function listJobRuns({ page, pageSize }: { page: number; pageSize: number }) {
  const rows = db()
    .select()
    .from(jobRuns)
    .orderBy(desc(jobRuns.startedAt), desc(jobRuns.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all()
  const total = db().select({ n: count() }).from(jobRuns).get()?.n ?? 0
  return { rows, total }
}

export function getJobRun(id: number) {
  return db().select().from(jobRuns).where(eq(jobRuns.id, id)).get() ?? null
}

/** A bureau user's 立即运行: a real run now, recorded and audited like any other. */
export function runJobNow({ name, actor, now }: { name: string; actor: AuditActor & { id: number }; now: Date }) {
  return runJob({ name, now, trigger: 'manual', userId: actor.id, actor })
}
