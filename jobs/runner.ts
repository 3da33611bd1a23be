import { randomBytes } from 'node:crypto'
import os from 'node:os'
import { and, eq } from 'drizzle-orm'
import { recordAudit, type AuditActor } from '~/models/audit.server'
import { db } from '~/utils/db.server'
import { jobLocks, jobRuns } from '~db/schema'
import type { JobRunStatus, JobTrigger } from '~db/schema/enums'
import type { Job, JobSummary } from './job'
import { HEARTBEAT_MS, isProcessAlive, judgeLock, type LockVerdict } from './lock'
import { findJob, JOBS } from './registry'

export class UnknownJobError extends Error {
  constructor(readonly job: string) {
    super(`unknown job "${job}"; known jobs: ${JOBS.map((j) => j.name).join(', ')}`)
  }
}

export type JobRunResult = {
  runId: number
  job: string
  status: Exclude<JobRunStatus, 'running'>
  trigger: JobTrigger
  dryRun: boolean
  now: string
  startedAt: string
  finishedAt: string
  summary: JobSummary | null
  error: string | null
}

/**
 * Runs one job once and records the run. The job's lock is taken in the same immediate
 * transaction that inserts the run row, so two processes (the server and a CLI run, or two
 * servers on one database) never run the same job at once: the second records skipped_locked.
 * While it runs, the holder refreshes the lock's heartbeat every `heartbeatMs`. A lock left by a
 * crashed process is taken over at once when its holder is dead (its process gone on this host,
 * or its heartbeat stale; jobs/lock.ts), else once it expires. `clock` is the wall clock for the
 * run's start, end, heartbeat and lock expiry; `now` is the instant the job evaluates.
 */
export async function runJob({
  name,
  now,
  dryRun = false,
  trigger,
  userId = null,
  actor,
  jobs = JOBS,
  clock = () => new Date(),
  heartbeatMs = HEARTBEAT_MS,
  host = os.hostname(),
}: {
  name: string
  now: Date
  dryRun?: boolean
  trigger: JobTrigger
  userId?: number | null
  // when set, the request is audited (entity 'job', action 'run') with the run row
  actor?: AuditActor
  jobs?: readonly Job[]
  clock?: () => Date
  heartbeatMs?: number
  // the host name the lock records (a test may pose as another host)
  host?: string
}): Promise<JobRunResult> {
  const job = findJob(name, jobs)
  if (!job) throw new UnknownJobError(name)
  const holder = `${process.pid}:${randomBytes(6).toString('hex')}`
  const startedAt = clock()
  const at = startedAt.toISOString()
  const base = { job: name, trigger, dryRun, now: now.toISOString(), startedAt: at }

  const { runId, acquired } = db().transaction(
    (tx) => {
      const held = tx.select().from(jobLocks).where(eq(jobLocks.job, name)).get()
      const verdict = judgeLock({ held, at, host, isProcessAlive })
      const acquired = verdict.free
      if (acquired) {
        const expiresAt = new Date(startedAt.getTime() + job.lockTtlMs).toISOString()
        const lock = { holder, acquiredAt: at, expiresAt, host, heartbeatAt: at }
        tx.insert(jobLocks)
          .values({ job: name, ...lock })
          .onConflictDoUpdate({ target: jobLocks.job, set: lock })
          .run()
        // a run still 'running' under a lock taken over belonged to a process that died mid-run
        if (held) {
          tx.update(jobRuns)
            .set({ status: 'failed', finishedAt: at, error: interruptedError(held.holder, verdict) })
            .where(and(eq(jobRuns.job, name), eq(jobRuns.status, 'running')))
            .run()
        }
      }
      const run = tx
        .insert(jobRuns)
        .values({
          job: name,
          startedAt: at,
          finishedAt: acquired ? null : at,
          status: acquired ? 'running' : 'skipped_locked',
          trigger,
          dryRun,
          nowUsed: base.now,
          triggeredBy: userId,
          error: acquired ? null : `locked by ${held!.holder} until ${held!.expiresAt}`,
        })
        .returning({ id: jobRuns.id })
        .get()
      if (actor) {
        recordAudit(tx, {
          actor,
          action: 'run',
          entityType: 'job',
          entityId: name,
          after: { runId: run.id, dryRun, status: acquired ? 'running' : 'skipped_locked' },
          at: startedAt,
        })
      }
      return { runId: run.id, acquired }
    },
    { behavior: 'immediate' },
  )

  if (!acquired) {
    const error = db().select({ error: jobRuns.error }).from(jobRuns).where(eq(jobRuns.id, runId)).get()?.error ?? null
    return { runId, ...base, status: 'skipped_locked', finishedAt: at, summary: null, error }
  }

  // Only our own lock: a holder that lost it (taken over as dead) must not revive it.
  const heartbeat = setInterval(() => {
    try {
      db()
        .update(jobLocks)
        .set({ heartbeatAt: clock().toISOString() })
        .where(and(eq(jobLocks.job, name), eq(jobLocks.holder, holder)))
        .run()
    } catch (thrown) {
      // a busy database skips one beat; the next one comes soon, and staleness allows several
      console.error(`job ${name} (run ${runId}): heartbeat not written:`, thrown)
    }
  }, heartbeatMs)
  heartbeat.unref()

  let status: 'ok' | 'failed' = 'ok'
  let summary: JobSummary | null = null
  let error: string | null = null
  try {
    summary = await job.run({ now, dryRun })
  } catch (thrown) {
    status = 'failed'
    error = thrown instanceof Error ? thrown.message || thrown.name : String(thrown)
    console.error(`job ${name} (run ${runId}) failed:`, thrown)
  } finally {
    clearInterval(heartbeat)
  }
  const finishedAt = clock().toISOString()
  db().transaction((tx) => {
    tx.update(jobRuns).set({ status, finishedAt, summary, error }).where(eq(jobRuns.id, runId)).run()
    // only our own lock: after an expiry another process may hold it now
    tx.delete(jobLocks)
      .where(and(eq(jobLocks.job, name), eq(jobLocks.holder, holder)))
      .run()
  })
  return { runId, ...base, status, finishedAt, summary, error }
}

function interruptedError(holder: string, verdict: LockVerdict) {
  const why =
    verdict.free && verdict.reason === 'process-gone'
      ? 'its process has ended'
      : verdict.free && verdict.reason === 'no-heartbeat'
        ? 'its heartbeat stopped'
        : 'its lock expired'
  return `interrupted: ${why} (${holder}) before the run finished`
}
