import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startAppServer, type AppServer } from '../app-server'
import { deliverableFields, labIdOf } from './filings'
import { dbQuery, signIn, type Client } from './http'

// Issue 14, finding 5: while another process holds the database's write lock (a CLI job, a
// backup, an administrator's sqlite3 shell), reads and /healthz stay responsive, and a write
// that cannot get the lock in time answers 503 "busy, try again" with nothing stored.
describe('another process holds the write lock', () => {
  let server: AppServer
  let lab: Client
  let bureau: Client
  let labId: number
  let holder: Database.Database

  beforeAll(async () => {
    server = await startAppServer()
    lab = await signIn(server.baseUrl, 'lab')
    bureau = await signIn(server.baseUrl, 'bureau')
    labId = labIdOf(server.dataDir, 'lab')
  })
  afterAll(async () => {
    if (holder?.inTransaction) holder.exec('ROLLBACK')
    holder?.close()
    await server.stop()
    fs.rmSync(server.dataDir, { recursive: true, force: true })
  })

  const timed = async (run: () => Promise<Response>) => {
    const started = Date.now()
    const res = await run()
    const body = await res.text()
    return { res, body, ms: Date.now() - started }
  }
  const deliverables = (title: string) =>
    dbQuery<{ n: number }>(server.dataDir, 'SELECT count(*) AS n FROM deliverables WHERE title = ?', title)[0].n

  test('health and pages answer at once, a save answers 503 busy and stores nothing; after release it saves', async () => {
    holder = new Database(path.join(server.dataDir, 'labcycle.db'))
    // what a read would write on the way: every session's expiry is due to slide, and every
    // lab's compliance is marked for re-evaluation; neither may make a page wait
    holder.prepare('UPDATE sessions SET last_seen_at = ?').run(new Date(Date.now() - 10 * 60_000).toISOString())
    holder.prepare('INSERT INTO compliance_stale (lab_id) VALUES (NULL)').run()
    holder.exec('BEGIN IMMEDIATE')
    // a write that counts: the lock is really held, with a change not yet committed
    holder.prepare("UPDATE app_meta SET value = value WHERE key = 'compliance_evaluated'").run()

    const title = `锁等待测试成果 ${Date.now()}`
    // the save starts first; while it waits for the lock, the others must still be answered
    const saving = timed(() => lab.post(`/labs/${labId}/deliverables/new`, deliverableFields(server.dataDir, labId, title)))
    await new Promise((r) => setTimeout(r, 200))
    const [health, labsPage, labPage, inbox] = await Promise.all([
      timed(() => fetch(`${server.baseUrl}/healthz`)),
      timed(() => bureau.get('/labs')),
      timed(() => lab.get(`/labs/${labId}`)),
      timed(() => lab.get('/inbox')),
    ])
    for (const read of [health, labsPage, labPage, inbox]) {
      expect(read.res.status).toBe(200)
      expect(read.ms).toBeLessThan(1000)
    }
    const saved = await saving
    expect(saved.res.status).toBe(503)
    expect(saved.res.headers.get('Retry-After')).toBe('3')
    expect(saved.body).toContain('系统繁忙，请稍后重试')
    expect(saved.ms).toBeLessThan(6000)
    expect(deliverables(title)).toBe(0)
    console.log(
      `busy: healthz ${health.ms} ms, /labs ${labsPage.ms} ms, lab page ${labPage.ms} ms, inbox ${inbox.ms} ms, save refused after ${saved.ms} ms`,
    )

    holder.exec('ROLLBACK')
    // what the reads skipped is caught up by the next request once the lock is free
    expect((await lab.get(`/labs/${labId}`)).status).toBe(200)
    expect(dbQuery<{ n: number }>(server.dataDir, 'SELECT count(*) AS n FROM compliance_stale')[0].n).toBe(0)
    const again = await lab.post(`/labs/${labId}/deliverables/new`, deliverableFields(server.dataDir, labId, title))
    expect(again.status).toBe(302)
    expect(deliverables(title)).toBe(1)
  })

  test('in English the busy page says so', async () => {
    const en = await signIn(server.baseUrl, 'lab2')
    const lab2 = labIdOf(server.dataDir, 'lab2')
    holder = new Database(path.join(server.dataDir, 'labcycle.db'))
    holder.exec('BEGIN IMMEDIATE')
    try {
      const res = await en.post(`/labs/${lab2}/deliverables/new`, deliverableFields(server.dataDir, lab2, 'busy in English'), {
        headers: { Cookie: `${en.cookie}; lc_lang=en` },
      })
      expect(res.status).toBe(503)
      expect(await res.text()).toContain('Busy, please try again')
    } finally {
      holder.exec('ROLLBACK')
    }
  })
})
