import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { verifyPassword } from '~/utils/password.server'

// `npm run seed:scale` (issue 18) at a tiny size, run as a person runs it: the command in its own
// process, into a temporary DATA_DIR, then the database read back.
const dirs: string[] = []
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })))

function seedScale(args: string[], dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-scale-'))) {
  dirs.push(dataDir)
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed-scale.ts', ...args], {
    env: { ...process.env, DATA_DIR: dataDir },
    encoding: 'utf8',
  })
  return { ...run, dataDir }
}
function query<T>(dataDir: string, sql: string): T[] {
  const db = new Database(path.join(dataDir, 'labcycle.db'), { readonly: true })
  try {
    return db.prepare(sql).all() as T[]
  } finally {
    db.close()
  }
}

describe('npm run seed:scale', () => {
  const first = seedScale(['--labs', '12', '--today', '2026-12-05'])

  it('writes the labs with a host and a period each, and says so', () => {
    expect(first.status, first.stderr).toBe(0)
    expect(first.stdout).toMatch(/labs, hosts, periods, teams: 12\/12/)
    expect(first.stdout).toMatch(/done in/)
    const labs = query<{ id: number; host: string | null; periods: number; inForce: number }>(
      first.dataDir,
      `SELECT l.id, o.credit_code AS host,
         (SELECT count(*) FROM validity_periods p WHERE p.lab_id = l.id) AS periods,
         (SELECT count(*) FROM validity_periods p WHERE p.lab_id = l.id AND p.start_date <= '2026-12-05') AS inForce
       FROM labs l LEFT JOIN organisations o ON o.id = l.host_org_id`,
    )
    expect(labs).toHaveLength(12)
    for (const lab of labs) {
      expect(lab.host).toMatch(/^[0-9A-Z]{18}$/)
      expect(lab.periods).toBeGreaterThanOrEqual(1)
      expect(lab.inForce).toBeGreaterThanOrEqual(1)
    }
    // renewed history: some labs have earlier periods (up to ten years)
    expect(Math.max(...labs.map((l) => l.periods))).toBeGreaterThanOrEqual(5)
    // warm like an installation: obligations and today's compliance results exist
    expect(query<{ n: number }>(first.dataDir, 'SELECT count(*) AS n FROM obligations')[0].n).toBeGreaterThan(0)
    expect(query<{ n: number }>(first.dataDir, 'SELECT count(*) AS n FROM lab_checks')[0].n).toBeGreaterThan(0)
    expect(query<{ n: number }>(first.dataDir, 'SELECT count(*) AS n FROM compliance_history')[0].n).toBeGreaterThan(0)
  })

  it('makes the demo accounts, each signing in with the demo password, and two accounts per lab', async () => {
    const users = query<{ username: string; password_hash: string; role: string; lab_id: number | null }>(
      first.dataDir,
      'SELECT username, password_hash, role, lab_id FROM users',
    )
    for (const name of ['bureau', 'gusu', 'lab', 'lab2', 'expert', 'huqiu']) {
      const user = users.find((u) => u.username === name)
      expect(user, name).toBeDefined()
      expect(await verifyPassword('labcycle-demo', user!.password_hash), name).toBe(true)
      expect(await verifyPassword('wrong-password', user!.password_hash), name).toBe(false)
    }
    expect(users.find((u) => u.username === 'lab')!.lab_id).not.toBeNull()
    expect(users.filter((u) => u.role === 'lab' && u.username.startsWith('bench-lab'))).toHaveLength(24)
  })

  it('is deterministic: a second run writes the same labs, hosts and periods', () => {
    const second = seedScale(['--labs', '12', '--today', '2026-12-05'])
    expect(second.status, second.stderr).toBe(0)
    const shape = (dir: string) =>
      query(
        dir,
        `SELECT l.name, o.credit_code, group_concat(p.start_date || '/' || p.end_date) AS periods
         FROM labs l JOIN organisations o ON o.id = l.host_org_id JOIN validity_periods p ON p.lab_id = l.id
         GROUP BY l.id ORDER BY l.id`,
      )
    expect(shape(second.dataDir)).toEqual(shape(first.dataDir))
  })

  it('refuses to overwrite a database that has data unless --force', () => {
    const again = seedScale(['--labs', '3'], first.dataDir)
    expect(again.status).toBe(2)
    expect(again.stderr).toMatch(/already exists; pass --force/)
    expect(query<{ n: number }>(first.dataDir, 'SELECT count(*) AS n FROM labs')[0].n).toBe(12)
  })

  it('refuses a bad --labs with a usage line', () => {
    const bad = seedScale(['--labs', 'many'])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/--labs must be a whole number/)
  })
})

// the bench reads lab 42 by id, so it needs at least 42 labs
describe('npm run bench on the shared generator', () => {
  it('still generates its registry and times its queries', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench.ts', '--labs', '50'], { encoding: 'utf8' })
    expect(run.status, run.stderr).toBe(0)
    const report = JSON.parse(run.stdout) as { labs: number; results: { query: string; medianMs: number }[] }
    expect(report.labs).toBe(50)
    expect(report.results.length).toBeGreaterThan(40)
    expect(report.results.every((r) => Number.isFinite(r.medianMs))).toBe(true)
  }, 180_000)
})
