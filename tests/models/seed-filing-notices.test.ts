import { and, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { setDb } from '~/utils/db.server'
import { openDb, type Db } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { deliverables, filingEvents, labs, mailOutbox, notices, users } from '~db/schema'
import { DEMO_LAB_ACCOUNTS, seedDemo } from '~db/seed'
import { seedDemoNotices } from '~db/seed-notices'
import { pinClock } from '../clock'

// The demo's inboxes show filing notices (issue 15), told by the workflow's own notifyFilingStep
// from the seeded threads: lab2's returned deliverable with its reason, the 姑苏区 office asked
// for its opinion on the 'lab' account's submitted deliverable, the bureau asked to decide.
const NOW = new Date('2026-11-28T02:00:00Z')
pinClock(NOW)

let db: Db
beforeAll(async () => {
  db = openDb(':memory:')
  runMigrations(db)
  await seedDemo(db, { now: NOW })
  setDb(db)
  await seedDemoNotices({ now: NOW })
}, 60_000)

type Told = { username: string; role: string; userLab: number | null; userDistrict: string | null; key: string; link: string }

function filingNoticesOf(username?: string): Told[] {
  return db
    .select({
      username: users.username,
      role: users.role,
      userLab: users.labId,
      userDistrict: users.districtCode,
      title: notices.title,
      link: notices.link,
      noticeLab: notices.labId,
    })
    .from(notices)
    .innerJoin(users, eq(users.id, notices.recipientId))
    .where(and(eq(notices.source, 'filing'), eq(notices.channel, 'inbox'), username ? eq(users.username, username) : undefined))
    .all()
    .map((r) => ({ ...r, key: r.title.key }))
}

const labIdOf = (name: string) => db.select({ id: labs.id }).from(labs).where(eq(labs.name, name)).get()!.id

describe('the demo inboxes show filing notices', () => {
  test("lab2's accounts see their deliverable returned, with the reason the bureau gave", () => {
    const lab2 = labIdOf(DEMO_LAB_ACCOUNTS.lab2)
    const returned = db
      .select()
      .from(deliverables)
      .where(and(eq(deliverables.labId, lab2), eq(deliverables.status, 'returned')))
      .get()!
    const reason = db
      .select({ comment: filingEvents.comment })
      .from(filingEvents)
      .where(and(eq(filingEvents.filingKind, 'deliverable'), eq(filingEvents.filingId, returned.id), eq(filingEvents.action, 'return')))
      .get()!.comment
    const told = db
      .select({ title: notices.title, link: notices.link })
      .from(notices)
      .innerJoin(users, eq(users.id, notices.recipientId))
      .where(and(eq(users.username, 'lab2'), eq(notices.source, 'filing'), eq(notices.channel, 'inbox')))
      .all()
    expect(told).toContainEqual({
      title: { key: 'filingNotice.deliverable.returned', params: { lab: DEMO_LAB_ACCOUNTS.lab2, title: returned.title, reason } },
      link: `/labs/${lab2}/deliverables/${returned.id}`,
    })
    const mail = db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, 'lab2@example.cn')).all()
    expect(mail.some((m) => m.subject.includes(reason))).toBe(true)
  })

  test("the 姑苏区 office is asked for its opinion on the 'lab' account's submitted deliverable", () => {
    const lab = labIdOf(DEMO_LAB_ACCOUNTS.lab)
    const submitted = db
      .select({ id: deliverables.id })
      .from(deliverables)
      .where(and(eq(deliverables.labId, lab), eq(deliverables.status, 'submitted')))
      .get()!
    expect(filingNoticesOf('gusu').map((n) => [n.key, n.link])).toContainEqual([
      'filingNotice.deliverable.submitted',
      `/labs/${lab}/deliverables/${submitted.id}`,
    ])
  })

  test('the bureau is asked to decide a filing its district has given an opinion on', () => {
    const bureau = filingNoticesOf('bureau')
    expect(bureau.map((n) => n.key).filter((k) => k.endsWith('.opinion')).length).toBeGreaterThan(0)
    const [, labId, kind, id] = /^\/labs\/(\d+)\/(deliverables|reports)\/(\d+)$/.exec(bureau[0].link)!
    const table = kind === 'deliverables' ? 'deliverables' : 'annual_reports'
    const filing = db.get<{ status: string; opinion: string | null; labId: number }>(
      sql.raw(`SELECT status, district_opinion_at AS opinion, lab_id AS labId FROM ${table} WHERE id = ${Number(id)}`),
    )
    expect(filing).toMatchObject({ status: 'submitted', labId: Number(labId) })
    expect(filing.opinion).not.toBeNull()
  })

  test('every filing notice stays in scope: a lab hears of its own filings, an office of its district’s, an expert of none', () => {
    const all = filingNoticesOf()
    expect(all.length).toBeGreaterThan(5)
    const districtOf = new Map(
      db
        .select({ id: labs.id, code: labs.districtCode })
        .from(labs)
        .all()
        .map((l) => [l.id, l.code]),
    )
    for (const n of all) {
      const labId = Number(/^\/labs\/(\d+)\//.exec(n.link)![1])
      if (n.role === 'lab') expect(n.userLab, n.username).toBe(labId)
      else if (n.role === 'district') expect(n.userDistrict, n.username).toBe(districtOf.get(labId))
      else expect(n.role, n.username).toBe('bureau')
    }
    expect(filingNoticesOf('expert')).toEqual([])
  })
})
