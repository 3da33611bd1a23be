import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { titleText } from '~/domain/mail'
import { translator } from '~/i18n'
import { listInbox } from '~/models/inbox.server'
import { setClock } from '~/utils/clock.server'
import { setDb } from '~/utils/db.server'
import { openDb, type Db } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { mailOutbox, notices, users } from '~db/schema'
import { seedDemo } from '~db/seed'
import { seedRequestNotices } from '~db/seed-notices-requests'

// The demo's request notices (issue 15) come from the seeded story through the request page's
// own notify function: each demo account finds what its side would have been told.
const NOW = new Date('2026-11-28T02:00:00Z')
let db: Db
let firstRun: number

beforeAll(async () => {
  setClock(NOW)
  db = openDb(':memory:')
  runMigrations(db)
  await seedDemo(db, { now: NOW })
  setDb(db)
  firstRun = seedRequestNotices({ now: NOW })
}, 60_000)

afterAll(() => setClock(undefined))

const idOf = (username: string) => db.select({ id: users.id }).from(users).where(eq(users.username, username)).get()!.id
const requestInbox = (username: string) =>
  listInbox({ db, userId: idOf(username), page: 1, pageSize: 200 })
    .rows.filter((r) => r.source === 'request')
    .map((r) => ({ text: titleText(translator('zh'), r.title), unread: r.readAt === null, link: r.link, key: r.title.key }))

describe('the demo inboxes', () => {
  test("lab2 finds its returned request, unread, with the bureau's reason and a link to it", () => {
    const unread = requestInbox('lab2').filter((n) => n.unread)
    expect(unread).toHaveLength(1)
    expect(unread[0].text).toMatch(/^.+：资源申请“.+”被退回补正，原因：请补充场地使用计划和安全管理措施。$/)
    expect(unread[0].link).toMatch(/^\/labs\/\d+\/requests\/\d+$/)
  })

  test('lab finds its decided and delivered requests with what was granted', () => {
    const keys = new Set(requestInbox('lab').map((n) => n.key))
    expect(keys).toContain('notices.request.accepted')
    expect([...keys].some((k) => k === 'notices.request.approved' || k === 'notices.request.partlyApproved')).toBe(true)
    const delivered = requestInbox('lab').filter((n) => n.key === 'notices.request.fulfilledQuantity')
    expect(delivered.length).toBeGreaterThan(0)
    expect(delivered[0].text).toMatch(/已交付 [\d,.]+ \S+（已按批准数量协调到位。），请确认收到$/)
  })

  test('the bureau finds the request awaiting its acceptance unread; what it has handled since is read', () => {
    const bureau = requestInbox('bureau')
    const unread = bureau.filter((n) => n.unread)
    expect(unread.length).toBeGreaterThan(0)
    expect(unread.every((n) => n.key === 'notices.request.submitted.bureau')).toBe(true)
    expect(bureau.some((n) => !n.unread)).toBe(true)
  })

  test("gusu finds the request awaiting its opinion; lab2's district office and the expert hear nothing", () => {
    const gusu = requestInbox('gusu')
    expect(gusu.map((n) => [n.key, n.unread])).toEqual([['notices.request.submitted.district', true]])
    expect(gusu[0].text).toMatch(/^.+：资源申请“.+”已提交，请出具区级意见$/)
    expect(requestInbox('kunshan')).toEqual([])
    expect(requestInbox('expert')).toEqual([])
  })

  test('the mails of those notices went out when the steps were taken, not at the demo’s start', () => {
    const mails = db
      .select({ status: mailOutbox.status, sentAt: mailOutbox.sentAt, createdAt: mailOutbox.createdAt })
      .from(notices)
      .innerJoin(mailOutbox, eq(mailOutbox.id, notices.outboxId))
      .where(and(eq(notices.source, 'request'), eq(notices.channel, 'email')))
      .all()
    expect(mails.length).toBe(firstRun)
    for (const m of mails) expect(m).toMatchObject({ status: 'sent', sentAt: m.createdAt })
  })

  test('running it again tells nobody twice', () => {
    expect(firstRun).toBeGreaterThan(0)
    expect(seedRequestNotices({ now: NOW })).toBe(0)
  })
})
