import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { dbFileIn, openDb } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { jobRuns, labChecks } from '~db/schema'
import { makeLab } from '../helpers'

// The command line as an operator runs it: a separate process against a database file in DATA_DIR.
const root = path.resolve(__dirname, '../..')
let dataDir = ''

function jobs(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/jobs.ts', ...args], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 30_000,
  })
  return { code: run.status, stdout: run.stdout, stderr: run.stderr }
}

function withDb<T>(read: (db: ReturnType<typeof openDb>) => T): T {
  const db = openDb(dbFileIn(dataDir))
  try {
    return read(db)
  } finally {
    db.$client.close()
  }
}

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-jobs-cli-'))
  withDb((db) => {
    runMigrations(db)
    makeLab(db)
    makeLab(db, { districtCode: '320583' })
  })
})
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

test('`jobs list` prints the jobs with their schedules as JSON', () => {
  const { code, stdout } = jobs('list')
  expect(code).toBe(0)
  const listed = JSON.parse(stdout) as { name: string; cron: string; timezone: string }[]
  expect(listed.map((j) => j.name)).toEqual(['compliance', 'sweep-attachments', 'reminders', 'mail', 'weekly-summary'])
  expect(listed[0]).toMatchObject({ cron: '10 0 * * *', timezone: 'Asia/Shanghai' })
})

test('a compliance dry run at a given instant prints its summary, records the run and stores no results', () => {
  const { code, stdout } = jobs('compliance', '--now', '2026-12-01T00:10:00+08:00', '--dry-run')
  expect(code).toBe(0)
  const result = JSON.parse(stdout) as Record<string, unknown>
  expect(result).toMatchObject({
    job: 'compliance',
    status: 'ok',
    trigger: 'cli',
    dryRun: true,
    now: '2026-11-30T16:10:00.000Z',
    summary: { checked: 2, today: '2026-12-01' },
  })
  withDb((db) => {
    expect(db.select().from(labChecks).all()).toEqual([])
    expect(db.select().from(jobRuns).all()).toEqual([expect.objectContaining({ id: result.runId, dryRun: true, trigger: 'cli' })])
  })
})

test('a real compliance run stores the results for the Shanghai day of --now', () => {
  const { code } = jobs('compliance', '--now', '2026-12-01T00:10:00+08:00')
  expect(code).toBe(0)
  withDb((db) =>
    expect(
      new Set(
        db
          .select()
          .from(labChecks)
          .all()
          .map((c) => c.evaluatedOn),
      ),
    ).toEqual(new Set(['2026-12-01'])),
  )
})

test('an unknown job or a --now without an offset exits with status 2 and says why', () => {
  const unknown = jobs('no-such-job')
  expect(unknown.code).toBe(2)
  expect(unknown.stderr).toContain('unknown job "no-such-job"; known jobs: compliance, sweep-attachments, reminders, mail')
  const noOffset = jobs('compliance', '--now', '2026-12-01T00:10:00')
  expect(noOffset.code).toBe(2)
  expect(noOffset.stderr).toContain('--now must be an ISO date-time with an offset')
})
