import { spawnSync } from 'node:child_process'
import os from 'node:os'
import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { jobLocks, jobRuns, labChecks } from '~db/schema'
import type { Job } from '../../jobs/job'
import { JOBS } from '../../jobs/registry'
import { HEARTBEAT_STALE_MS } from '../../jobs/lock'
import { runJob, UnknownJobError } from '../../jobs/runner'
import { makeLab, setupTestDb } from '../helpers'

let db: Db

beforeEach(() => {
  setClock(new Date('2026-11-30T04:00:00Z'))
  db = setupTestDb()
})
afterEach(() => setClock(undefined))

const at = (iso: string) => new Date(iso)
const runs = () => db.select().from(jobRuns).orderBy(jobRuns.id).all()
const locks = () => db.select().from(jobLocks).all()

// A job whose run waits until the test lets it finish, so two runs can overlap in one process.
function gatedJob(name = 'gated') {
  let open: () => void = () => {}
  const gate = new Promise<void>((resolve) => (open = resolve))
  const job: Job = {
    name,
    cron: '0 1 * * *',
    description: 'test',
    lockTtlMs: 60_000,
    run: async () => {
      await gate
      return { checked: 1 }
    },
  }
  return { job, open }
}

// Every table's rows except the run records: what a dry run must leave as it found it.
function snapshot() {
  const tables = db.$client
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('job_runs', 'job_locks') ORDER BY name")
    .all() as { name: string }[]
  const rows = (name: string) =>
    db.$client
      .prepare(name === 'sqlite_sequence' ? "SELECT * FROM sqlite_sequence WHERE name <> 'job_runs'" : `SELECT * FROM "${name}"`)
      .all()
  return Object.fromEntries(tables.map(({ name }) => [name, rows(name)]))
}

describe('runJob', () => {
  test('a run records its start, end, trigger, the instant used and the summary, and releases its lock', async () => {
    makeLab(db)
    makeLab(db)
    const times = [at('2026-11-30T16:10:00.000Z'), at('2026-11-30T16:10:02.500Z')]
    const result = await runJob({ name: 'compliance', now: at('2026-11-30T16:10:00Z'), trigger: 'schedule', clock: () => times.shift()! })
    expect(result).toMatchObject({ status: 'ok', summary: { checked: 2, failing: expect.any(Number), today: '2026-12-01' }, error: null })
    const [run] = runs()
    expect(run).toMatchObject({
      id: result.runId,
      job: 'compliance',
      status: 'ok',
      trigger: 'schedule',
      dryRun: false,
      startedAt: '2026-11-30T16:10:00.000Z',
      finishedAt: '2026-11-30T16:10:02.500Z',
      nowUsed: '2026-11-30T16:10:00.000Z',
      summary: { checked: 2, today: '2026-12-01' },
      error: null,
    })
    expect(locks()).toEqual([])
    // the real run stored results for the Shanghai day of `now`
    expect(
      new Set(
        db
          .select()
          .from(labChecks)
          .all()
          .map((c) => c.evaluatedOn),
      ),
    ).toEqual(new Set(['2026-12-01']))
  })

  test('a second run of a job that is still running is recorded as skipped_locked and does not run', async () => {
    const { job, open } = gatedJob()
    const first = runJob({ name: 'gated', now: new Date(), trigger: 'schedule', jobs: [job] })
    const second = await runJob({ name: 'gated', now: new Date(), trigger: 'manual', jobs: [job] })
    expect(second.status).toBe('skipped_locked')
    expect(second.error).toMatch(/^locked by \d+:/)
    expect(runs().map((r) => r.status)).toEqual(['running', 'skipped_locked'])
    open()
    expect((await first).status).toBe('ok')
    expect(runs().map((r) => r.status)).toEqual(['ok', 'skipped_locked'])
    expect(locks()).toEqual([])
  })

  test('a lock another process holds and that has not expired makes the run skip', async () => {
    db.insert(jobLocks)
      .values({ job: 'compliance', holder: '999:other', acquiredAt: '2026-11-30T03:59:00.000Z', expiresAt: '2026-11-30T04:29:00.000Z' })
      .run()
    const result = await runJob({ name: 'compliance', now: new Date(), trigger: 'cli', clock: () => at('2026-11-30T04:00:00Z') })
    expect(result.status).toBe('skipped_locked')
    expect(locks()).toEqual([expect.objectContaining({ holder: '999:other' })])
    expect(db.select().from(labChecks).all()).toEqual([])
  })

  test('an expired lock left by a crashed process is taken over, and its unfinished run is closed as failed', async () => {
    db.insert(jobLocks)
      .values({ job: 'compliance', holder: '999:crashed', acquiredAt: '2026-11-29T16:10:00.000Z', expiresAt: '2026-11-29T16:40:00.000Z' })
      .run()
    db.insert(jobRuns)
      .values({
        job: 'compliance',
        startedAt: '2026-11-29T16:10:00.000Z',
        status: 'running',
        trigger: 'schedule',
        nowUsed: '2026-11-29T16:10:00.000Z',
      })
      .run()
    const result = await runJob({ name: 'compliance', now: new Date(), trigger: 'cli', clock: () => at('2026-11-30T04:00:00Z') })
    expect(result.status).toBe('ok')
    const [crashed, current] = runs()
    expect(crashed).toMatchObject({
      status: 'failed',
      finishedAt: '2026-11-30T04:00:00.000Z',
      error: expect.stringContaining('999:crashed'),
    })
    expect(current).toMatchObject({ id: result.runId, status: 'ok' })
    expect(locks()).toEqual([])
  })

  // Issue 14, finding 10: a run killed part-way kept its lock for the whole TTL (30 minutes).
  describe('a lock whose holder died is taken over at once', () => {
    const NOW = '2026-11-30T04:00:00.000Z'
    const clock = () => at(NOW)
    const secondsBefore = (s: number) => new Date(Date.parse(NOW) - s * 1000).toISOString()
    // the id of a process that has just ended
    const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid
    function leaveLock(lock: { holder: string; host: string | null; heartbeatAt: string | null }) {
      db.insert(jobLocks)
        .values({ job: 'compliance', acquiredAt: secondsBefore(60), expiresAt: '2026-11-30T04:29:00.000Z', ...lock })
        .run()
      db.insert(jobRuns)
        .values({ job: 'compliance', startedAt: secondsBefore(60), status: 'running', trigger: 'schedule', nowUsed: secondsBefore(60) })
        .run()
    }
    const rerun = () => runJob({ name: 'compliance', now: new Date(), trigger: 'cli', clock })

    test('on this host, a holder whose process is gone: the rerun goes ahead and the killed run is failed', async () => {
      const pid = deadPid()
      leaveLock({ holder: `${pid}:killed`, host: os.hostname(), heartbeatAt: secondsBefore(1) })
      const result = await rerun()
      expect(result.status).toBe('ok')
      const [killed, current] = runs()
      expect(killed).toMatchObject({
        status: 'failed',
        finishedAt: NOW,
        error: `interrupted: its process has ended (${pid}:killed) before the run finished`,
      })
      expect(current).toMatchObject({ id: result.runId, status: 'ok' })
      expect(locks()).toEqual([])
    })

    test('on this host, a holder whose process lives is refused, even with an old heartbeat (a synchronous job blocks it)', async () => {
      leaveLock({ holder: `${process.pid}:busy`, host: os.hostname(), heartbeatAt: secondsBefore(600) })
      const result = await rerun()
      expect(result.status).toBe('skipped_locked')
      expect(runs().map((r) => r.status)).toEqual(['running', 'skipped_locked'])
      expect(locks()).toEqual([expect.objectContaining({ holder: `${process.pid}:busy` })])
    })

    test('on another host, a fresh heartbeat is refused, whatever process has that id here', async () => {
      leaveLock({ holder: `${deadPid()}:elsewhere`, host: 'other-host', heartbeatAt: secondsBefore(HEARTBEAT_STALE_MS / 1000 - 1) })
      expect((await rerun()).status).toBe('skipped_locked')
      expect(runs()[0].status).toBe('running')
    })

    test('on another host, a heartbeat older than the stale limit is a dead holder', async () => {
      leaveLock({ holder: '4242:elsewhere', host: 'other-host', heartbeatAt: secondsBefore(HEARTBEAT_STALE_MS / 1000) })
      const result = await rerun()
      expect(result.status).toBe('ok')
      expect(runs()[0]).toMatchObject({
        status: 'failed',
        error: 'interrupted: its heartbeat stopped (4242:elsewhere) before the run finished',
      })
    })

    test('a lock from before heartbeats (no host, no heartbeat) keeps waiting for its expiry', async () => {
      leaveLock({ holder: `${deadPid()}:old`, host: null, heartbeatAt: null })
      expect((await rerun()).status).toBe('skipped_locked')
    })

    test('a running holder records its host and refreshes its heartbeat, and a dead one’s beat cannot revive a lost lock', async () => {
      const { job, open } = gatedJob()
      const first = runJob({ name: 'gated', now: new Date(), trigger: 'schedule', jobs: [job], heartbeatMs: 20 })
      const [taken] = locks()
      expect(taken).toMatchObject({ host: os.hostname(), heartbeatAt: taken.acquiredAt })
      await new Promise((r) => setTimeout(r, 120))
      const [beating] = locks()
      expect(beating.heartbeatAt! > taken.acquiredAt).toBe(true)
      // another process takes the lock over (as if this one had been declared dead): the beats
      // of the old holder must not touch the new holder's row
      db.update(jobLocks).set({ holder: '4242:new', heartbeatAt: NOW }).where(eq(jobLocks.job, 'gated')).run()
      await new Promise((r) => setTimeout(r, 60))
      expect(locks()).toEqual([expect.objectContaining({ holder: '4242:new', heartbeatAt: NOW })])
      open()
      await first
      expect(locks()).toEqual([expect.objectContaining({ holder: '4242:new' })])
    })
  })

  test('a failing job records failed with its error, releases the lock, and the next run goes ahead', async () => {
    let fail = true
    const flaky: Job = {
      name: 'flaky',
      cron: '0 2 * * *',
      description: 'test',
      lockTtlMs: 60_000,
      run: () => {
        if (fail) throw new Error('disk full')
        return { checked: 3 }
      },
    }
    const failed = await runJob({ name: 'flaky', now: new Date(), trigger: 'schedule', jobs: [flaky] })
    expect(failed).toMatchObject({ status: 'failed', error: 'disk full', summary: null })
    expect(runs()[0]).toMatchObject({ status: 'failed', error: 'disk full', finishedAt: expect.any(String) })
    expect(locks()).toEqual([])
    fail = false
    expect((await runJob({ name: 'flaky', now: new Date(), trigger: 'schedule', jobs: [flaky] })).status).toBe('ok')
  })

  test('a dry run of compliance evaluates every lab but leaves every table as it was', async () => {
    makeLab(db)
    await runJob({ name: 'compliance', now: at('2026-11-30T16:10:00Z'), trigger: 'schedule' })
    // a lab the stored results do not know yet: the dry run counts it, and stores nothing for it
    const added = makeLab(db)
    const before = snapshot()
    const dry = await runJob({ name: 'compliance', now: at('2026-12-31T16:10:00Z'), dryRun: true, trigger: 'cli' })
    expect(dry).toMatchObject({ status: 'ok', dryRun: true, summary: { checked: 2, today: '2027-01-01' } })
    expect(snapshot()).toEqual(before)
    expect(db.select().from(labChecks).where(eq(labChecks.labId, added.id)).all()).toEqual([])
    expect(runs().at(-1)).toMatchObject({ dryRun: true, status: 'ok', nowUsed: '2026-12-31T16:10:00.000Z' })
  })

  test('an unknown job is refused before anything is recorded', async () => {
    await expect(runJob({ name: 'no-such-job', now: new Date(), trigger: 'cli' })).rejects.toBeInstanceOf(UnknownJobError)
    expect(runs()).toEqual([])
  })

  test('every registered job has a valid daily (or, for mail retries, hourly; for the summary, Monday) schedule and a lock that outlives a normal run', () => {
    const schedules: Record<string, RegExp> = { mail: /^\d{1,2} \* \* \* \*$/, 'weekly-summary': /^\d{1,2} \d{1,2} \* \* 1$/ }
    for (const job of JOBS) {
      expect(job.cron).toMatch(schedules[job.name] ?? /^\d{1,2} \d{1,2} \* \* \*$/)
      expect(job.lockTtlMs).toBeGreaterThanOrEqual(10 * 60 * 1000)
    }
  })
})
