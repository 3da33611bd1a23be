import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { addDays, type IsoDate } from '~/domain/dates'
import { setClock } from '~/utils/clock.server'
import { type Db } from '~db/client.server'
import { insertUser } from '~db/factories'
import { runJob } from '../../jobs/runner'
import { seedScale } from '../../scripts/scale-data'
import { setupTestDb } from '../helpers'

// The reminders run on a province-like registry (the scale generator at 60 labs) over several
// days, with everything that changes what is written: per-kind steps, a rule change, snoozes,
// mail opt-outs, English readers, accounts without an address, an inactive account and an
// expert. Every notice, inbox item and outbox message it writes (ids, links and digest texts
// included) must stay exactly what the straightforward one-row-at-a-time run wrote before the
// run was made fast (issue 18): `reminders-golden.json` was captured from that code.
//
// Regenerate the golden file (GOLDEN=update npx vitest run tests/jobs/reminders-golden.test.ts)
// only for a change that is meant to alter what reminders send, and say so in the commit.
const GOLDEN_FILE = path.join(__dirname, 'reminders-golden.json')
const TODAY = '2026-12-05' as IsoDate
// 08:30 in Suzhou, when the scheduler runs the job
const at = (day: IsoDate) => new Date(`${day}T00:30:00Z`)

let db: Db
const runs: unknown[] = []

function sql<T>(query: string, ...params: unknown[]): T[] {
  return db.$client.prepare(query).all(...params) as T[]
}

async function run(day: IsoDate) {
  const result = await runJob({ name: 'reminders', now: at(day), trigger: 'cli', clock: () => at(day) })
  expect(result.status, result.error ?? '').toBe('ok')
  runs.push({ day, ...result.summary })
  return result.summary as Record<string, number>
}

function digest(table: string) {
  const rows = sql<Record<string, unknown>>(`SELECT * FROM ${table} ORDER BY id`)
  return { count: rows.length, sha256: createHash('sha256').update(JSON.stringify(rows)).digest('hex') }
}

beforeAll(async () => {
  setClock(at(TODAY))
  db = setupTestDb()
  seedScale(db, { labs: 60, today: TODAY, passwordHash: 'not-a-real-hash' })

  // readers: some in English, some without an address, one gone inactive, an expert
  const labUsers = sql<{ id: number }>(`SELECT id FROM users WHERE role = 'lab' ORDER BY id`)
  labUsers.forEach((u, i) => {
    if (i % 7 === 3) db.$client.prepare(`UPDATE users SET locale = 'en' WHERE id = ?`).run(u.id)
    if (i % 11 === 5) db.$client.prepare(`UPDATE users SET email = '' WHERE id = ?`).run(u.id)
    if (i % 13 === 7) db.$client.prepare(`UPDATE users SET active = 0 WHERE id = ?`).run(u.id)
  })
  db.$client.prepare(`UPDATE users SET locale = 'en' WHERE username = 'huqiu'`).run()
  insertUser(db, { username: 'golden-expert', passwordHash: 'x', role: 'expert', email: 'e@example.cn' })
  insertUser(db, { username: 'golden-bureau2', passwordHash: 'x', role: 'bureau', email: 'b2@example.cn', locale: 'en' })

  // mail switched off for some kinds by some people (the inbox still gets them)
  const optOut = db.$client.prepare(`INSERT INTO mail_preferences (user_id, source, mail, updated_at) VALUES (?, ?, ?, ?)`)
  labUsers.forEach((u, i) => {
    if (i % 5 === 1) optOut.run(u.id, 'deliverable', 0, TODAY)
    if (i % 5 === 2) optOut.run(u.id, 'annual_report', 0, TODAY)
    if (i % 5 === 2) optOut.run(u.id, 'validity', 1, TODAY)
  })
  const gusu = sql<{ id: number }>(`SELECT id FROM users WHERE username = 'gusu'`)[0]
  optOut.run(gusu.id, 'drill', 0, TODAY)

  // the bureau's own steps for two kinds
  const kindRules = db.$client.prepare(
    `INSERT INTO reminder_kind_rules (kind, follows_default, before_days, on_due_date, after_days, repeat_every_days,
       escalate_district_after_days, escalate_bureau_after_days, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  kindRules.run('annual_report', 0, '[45,10]', 0, '[3]', 5, 5, 20, TODAY)
  kindRules.run('drill', 1, '[1]', 1, '[]', 0, 0, 0, TODAY)
}, 120_000)
afterAll(() => setClock(undefined))

describe('the reminders run on a 60-lab registry over two weeks', () => {
  test('writes exactly the notices, inbox items and digests the one-row-at-a-time run wrote', async () => {
    const first = await run(TODAY)
    expect(first.sent).toBeGreaterThan(500)
    expect(first.queued).toBeGreaterThan(50)

    // snoozes on a few lab-owed obligations the first run reminded of, ending on different days
    const snoozable = sql<{ source: string; sourceId: number; labId: number }>(
      `SELECT DISTINCT source, source_id AS sourceId, lab_id AS labId FROM notices
       WHERE audience = 'lab' AND source IN ('deliverable', 'annual_report', 'validity', 'drill') ORDER BY id LIMIT 6`,
    )
    snoozable.forEach((s, i) =>
      db.$client
        .prepare(`INSERT INTO reminder_snoozes (source, source_id, lab_id, until, created_at) VALUES (?, ?, ?, ?, ?)`)
        .run(s.source, s.sourceId, s.labId, addDays(TODAY, i % 2 ? 3 : 12), TODAY),
    )

    await run(addDays(TODAY, 1))
    // a week without runs: one catch-up step per recipient and item
    await run(addDays(TODAY, 9))
    // the bureau changes its default rules
    db.$client
      .prepare(
        `INSERT INTO reminder_rules (id, before_days, on_due_date, after_days, repeat_every_days, escalate_district_after_days,
           escalate_bureau_after_days, updated_at) VALUES (1, '[60,14,2]', 1, '[2,5]', 3, 4, 10, ?)`,
      )
      .run(TODAY)
    await run(addDays(TODAY, 10))
    await run(addDays(TODAY, 16))
    // six weeks on: renewal windows open, incidents' follow-ups repeat, new years' items fall due
    await run(addDays(TODAY, 60))

    // a second run at the same instant sends nothing new
    const again = await run(addDays(TODAY, 60))
    expect(again.sent).toBe(0)
    expect(again.queued).toBe(0)

    const actual = {
      runs,
      notices: digest('notices'),
      inboxItems: digest('inbox_items'),
      mailOutbox: digest('mail_outbox'),
      // readable shape, for a failure's first look
      bySource: sql(
        `SELECT source, channel, audience, count(*) AS n FROM notices GROUP BY source, channel, audience ORDER BY source, channel, audience`,
      ),
    }
    if (process.env.GOLDEN === 'update') fs.writeFileSync(GOLDEN_FILE, `${JSON.stringify(actual, null, 2)}\n`)
    const golden = JSON.parse(fs.readFileSync(GOLDEN_FILE, 'utf8')) as typeof actual
    expect(actual.runs).toEqual(golden.runs)
    expect(actual.bySource).toEqual(golden.bySource)
    expect(actual.notices).toEqual(golden.notices)
    expect(actual.inboxItems).toEqual(golden.inboxItems)
    expect(actual.mailOutbox).toEqual(golden.mailOutbox)
  }, 300_000)
})
