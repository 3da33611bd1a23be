import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { DEFAULT_REMINDER_RULES } from '~/domain/reminders'
import { readReminderRules } from '~/models/reminders.server'
import { action as accountAction, loader as accountLoader } from '~/routes/account'
import { action as inboxAction, loader as inboxLoader } from '~/routes/inbox'
import { action as outboxAction, loader as outboxLoader } from '~/routes/outbox'
import { loader as rootLoader } from '~/root'
import { action as rulesAction, loader as rulesLoader } from '~/routes/settings_.reminders'
import type { Db } from '~db/client.server'
import { auditLog, inboxItems, mailOutbox, mailPreferences, users } from '~db/schema'
import { runSendReminders } from '../../jobs/reminders'
import {
  errorsOf,
  formRequest,
  getRequest,
  makeLab,
  makeUser,
  outcome,
  type RouteFunction,
  setupTestDb,
  signIn,
  TEST_CONTEXT,
} from '../helpers'
import { pinClock } from '../clock'

const NOW = new Date('2026-07-02T00:30:00Z')
let db: Db
let lab: { id: number }
let cookies: { lab: string; otherLab: string; district: string; bureau: string }
let ids: { lab: number; otherLab: number; bureau: number }

pinClock(NOW)
beforeEach(async () => {
  db = setupTestDb()
  lab = makeLab(db, { startDate: '2025-06-01' })
  const other = makeLab(db, { startDate: '2025-06-01', districtCode: '320583' })
  const labUser = await makeUser(db, { role: 'lab', labId: lab.id })
  const otherLabUser = await makeUser(db, { role: 'lab', labId: other.id })
  const district = await makeUser(db, { role: 'district', districtCode: '320508' })
  const bureau = await makeUser(db, { role: 'bureau' })
  for (const u of [labUser, otherLabUser, district, bureau])
    db.update(users)
      .set({ email: `${u.username}@example.org` })
      .where(eq(users.id, u.id))
      .run()
  cookies = { lab: signIn(labUser), otherLab: signIn(otherLabUser), district: signIn(district), bureau: signIn(bureau) }
  ids = { lab: labUser.id, otherLab: otherLabUser.id, bureau: bureau.id }
})

const get = (loader: RouteFunction, url: string, cookie: string) =>
  outcome(async () => loader({ request: getRequest(url, cookie), params: {}, context: TEST_CONTEXT }))
const post = (action: RouteFunction, url: string, fields: Record<string, string | string[]>, cookie: string) =>
  outcome(async () => action({ request: formRequest(url, fields, cookie), params: {}, context: TEST_CONTEXT }))

type InboxPage = {
  items: { id: number; readAt: string | null; link: string; labId: number; audience: string; source: string }[]
  unread: number
  total: number
}
// the root loader's header data: the main links shown and the unread count
type NavBody = { nav: { links: { id: string }[]; inbox: number } }

describe('the inbox', () => {
  test('shows a lab user its own reminders, unread first, and the header counts them', async () => {
    runSendReminders({ now: NOW })
    const page = (await get(inboxLoader, '/inbox', cookies.lab)).body as InboxPage
    expect(page.total).toBe(3)
    expect(page.unread).toBe(3)
    expect(page.items.every((i) => i.labId === lab.id && i.audience === 'lab')).toBe(true)
    const root = (await get(rootLoader, '/', cookies.lab)).body as NavBody
    expect(root.nav.inbox).toBe(3)
    expect(root.nav.links.map((l) => l.id)).not.toContain('outbox')
  })

  test('opening an item marks it read and goes to it; read items sort after unread ones', async () => {
    runSendReminders({ now: NOW })
    const before = (await get(inboxLoader, '/inbox', cookies.lab)).body as InboxPage
    const first = before.items[0]
    const opened = await post(inboxAction, '/inbox', { intent: 'open', id: String(first.id) }, cookies.lab)
    expect(opened).toMatchObject({ status: 302, location: first.link })
    const after = (await get(inboxLoader, '/inbox', cookies.lab)).body as InboxPage
    expect(after.unread).toBe(2)
    expect(after.items.at(-1)).toMatchObject({ id: first.id, readAt: expect.any(String) })
    expect(after.items.slice(0, 2).every((i) => i.readAt === null)).toBe(true)
  })

  test('mark one read, then mark all read', async () => {
    runSendReminders({ now: NOW })
    const page = (await get(inboxLoader, '/inbox', cookies.lab)).body as InboxPage
    expect(await post(inboxAction, '/inbox', { intent: 'read', id: String(page.items[1].id) }, cookies.lab)).toMatchObject({
      status: 302,
      location: '/inbox',
    })
    expect(await post(inboxAction, '/inbox', { intent: 'readAll' }, cookies.lab)).toMatchObject({
      status: 302,
      location: '/inbox?marked=2',
    })
    expect(((await get(rootLoader, '/', cookies.lab)).body as NavBody).nav.inbox).toBe(0)
  })

  test('mark the ticked items read at once, back to the same filters, saying how many', async () => {
    runSendReminders({ now: NOW })
    const page = (await get(inboxLoader, '/inbox', cookies.lab)).body as InboxPage
    const ticked = [page.items[0].id, page.items[2].id].map(String)
    expect(await post(inboxAction, '/inbox?unread=1&page=1', { intent: 'readSelected', ids: ticked }, cookies.lab)).toMatchObject({
      status: 302,
      location: '/inbox?unread=1&page=1&marked=2',
    })
    const after = (await get(inboxLoader, '/inbox', cookies.lab)).body as InboxPage
    expect(after.unread).toBe(1)
    expect(after.items.filter((i) => i.readAt === null).map((i) => i.id)).toEqual([page.items[1].id])
    // already read: nothing more to mark
    expect(await post(inboxAction, '/inbox', { intent: 'readSelected', ids: ticked }, cookies.lab)).toMatchObject({
      location: '/inbox?marked=0',
    })
  })

  test('ticking another person’s items marks nothing of theirs; none ticked or not a number is a 400', async () => {
    runSendReminders({ now: NOW })
    const mine = (await get(inboxLoader, '/inbox', cookies.lab)).body as InboxPage
    const theirs = mine.items.map((i) => String(i.id))
    expect(await post(inboxAction, '/inbox', { intent: 'readSelected', ids: theirs }, cookies.otherLab)).toMatchObject({
      location: '/inbox?marked=0',
    })
    expect(((await get(inboxLoader, '/inbox', cookies.lab)).body as InboxPage).unread).toBe(3)
    const none = await post(inboxAction, '/inbox', { intent: 'readSelected' }, cookies.lab)
    expect(none.status).toBe(400)
    expect(none.body).toEqual({ errors: { _form: { key: 'inbox.noneSelected' } } })
    for (const ids of [['x'], ['-1'], Array.from({ length: 101 }, (_, i) => String(i + 1))])
      expect((await post(inboxAction, '/inbox', { intent: 'readSelected', ids }, cookies.lab)).status).toBe(400)
    expect(((await get(inboxLoader, '/inbox', cookies.lab)).body as InboxPage).unread).toBe(3)
  })

  test('another lab’s user cannot read or mark this lab’s items: 404 and nothing changes', async () => {
    runSendReminders({ now: NOW })
    const mine = (await get(inboxLoader, '/inbox', cookies.lab)).body as InboxPage
    const theirs = (await get(inboxLoader, '/inbox', cookies.otherLab)).body as InboxPage
    expect(theirs.items.some((i) => i.labId === lab.id)).toBe(false)
    for (const intent of ['open', 'read'])
      expect((await post(inboxAction, '/inbox', { intent, id: String(mine.items[0].id) }, cookies.otherLab)).status).toBe(404)
    expect(db.select().from(inboxItems).where(eq(inboxItems.id, mine.items[0].id)).get()?.readAt).toBeNull()
  })

  test('filters by kind and unread; a kind the page does not know is ignored, not an error', async () => {
    runSendReminders({ now: NOW })
    const all = (await get(inboxLoader, '/inbox', cookies.lab)).body as InboxPage & { kinds: string[] }
    expect(all.kinds).toContain('filing')
    expect(all.kinds).not.toContain('weekly_summary')
    const source = all.items[0].source
    const one = (await get(inboxLoader, `/inbox?kind=${source}`, cookies.lab)).body as typeof all
    expect(one.total).toBe(all.items.filter((i) => i.source === source).length)
    expect(one.items.every((i) => i.source === source)).toBe(true)
    expect(((await get(inboxLoader, '/inbox?kind=request', cookies.lab)).body as InboxPage).total).toBe(0)
    await post(inboxAction, '/inbox', { intent: 'read', id: String(all.items[0].id) }, cookies.lab)
    const unread = (await get(inboxLoader, '/inbox?unread=1', cookies.lab)).body as InboxPage
    expect(unread.total).toBe(all.total - 1)
    expect(unread.items.every((i) => i.readAt === null)).toBe(true)
    const odd = await get(inboxLoader, '/inbox?kind=%3Cscript%3E&unread=yes', cookies.lab)
    expect(odd.status).toBe(200)
    expect((odd.body as InboxPage).total).toBe(all.total)
  })

  test('a bad intent or id is refused with 400 and a localised message key', async () => {
    const bad = await post(inboxAction, '/inbox', { intent: 'read', id: 'x' }, cookies.lab)
    expect(bad.status).toBe(400)
    expect(errorsOf(bad)._form.key).toBe('form.invalidChoice')
    expect((await post(inboxAction, '/inbox', { intent: 'delete' }, cookies.lab)).status).toBe(400)
  })

  test('signed out, the inbox sends you to sign in', async () => {
    expect((await get(inboxLoader, '/inbox', '')).status).toBe(302)
  })
})

describe('the outbox', () => {
  test('the bureau reads the queued mail (no SMTP_URL in tests) and the header links to it', async () => {
    runSendReminders({ now: NOW })
    const page = (await get(outboxLoader, '/outbox', cookies.bureau)).body as {
      messages: { toAddress: string; status: string; subject: string }[]
      smtp: string | null
      byStatus: Record<string, number>
    }
    expect(page.smtp).toBeNull()
    expect(page.byStatus).toEqual({ queued: 4 })
    expect(page.messages.map((m) => m.status)).toEqual(['queued', 'queued', 'queued', 'queued'])
    expect(page.messages[0].subject).toMatch(/^【Labcycle】\d 项到期提醒$/)
    expect(((await get(rootLoader, '/', cookies.bureau)).body as NavBody).nav.links.map((l) => l.id)).toContain('outbox')
  })

  test('the bureau retries a failed message (audited); a sent one cannot be queued again', async () => {
    runSendReminders({ now: NOW })
    const [m1, m2] = db.select().from(mailOutbox).orderBy(mailOutbox.id).all()
    db.update(mailOutbox)
      .set({ status: 'failed', attempts: 10, nextAttemptAt: null, lastError: 'ECONNREFUSED' })
      .where(eq(mailOutbox.id, m1.id))
      .run()
    db.update(mailOutbox).set({ status: 'sent', sentAt: NOW.toISOString() }).where(eq(mailOutbox.id, m2.id)).run()
    expect(await post(outboxAction, '/outbox', { intent: 'retry', id: String(m1.id) }, cookies.bureau)).toMatchObject({
      status: 302,
      location: `/outbox?retried=${m1.id}`,
    })
    expect(db.select().from(mailOutbox).where(eq(mailOutbox.id, m1.id)).get()).toMatchObject({
      status: 'queued',
      nextAttemptAt: NOW.toISOString(),
    })
    expect(db.select().from(auditLog).where(eq(auditLog.entityType, 'mail')).all()).toEqual([
      expect.objectContaining({ action: 'retry', entityId: String(m1.id), actorUserId: ids.bureau }),
    ])
    const refused = await post(outboxAction, '/outbox', { intent: 'retry', id: String(m2.id) }, cookies.bureau)
    expect(refused.status).toBe(400)
    expect(errorsOf(refused)._form.key).toBe('outbox.notRetriable')
    expect((await post(outboxAction, '/outbox', { intent: 'retry', id: '999' }, cookies.bureau)).status).toBe(404)
    expect((await post(outboxAction, '/outbox', { intent: 'retry', id: '-1' }, cookies.bureau)).status).toBe(400)
  })

  test('district and lab users get 404 for the outbox page and its retry; nothing changes', async () => {
    runSendReminders({ now: NOW })
    const m = db.select().from(mailOutbox).get()!
    db.update(mailOutbox).set({ status: 'failed' }).where(eq(mailOutbox.id, m.id)).run()
    for (const cookie of [cookies.district, cookies.lab]) {
      expect((await get(outboxLoader, '/outbox', cookie)).status).toBe(404)
      expect((await post(outboxAction, '/outbox', { intent: 'retry', id: String(m.id) }, cookie)).status).toBe(404)
    }
    expect(db.select().from(mailOutbox).where(eq(mailOutbox.id, m.id)).get()?.status).toBe('failed')
  })
})

describe('the reminder rules page', () => {
  const valid = {
    beforeDays: '60,30，7',
    onDueDate: 'on',
    afterDays: '3',
    repeatEveryDays: '14',
    escalateDistrictAfterDays: '10',
    escalateBureauAfterDays: '45',
    rowVersion: '0',
  }

  test('the bureau sees the defaults, saves new rules (audited), and the job uses them', async () => {
    const page = (await get(rulesLoader, '/settings/reminders', cookies.bureau)).body as {
      values: Record<string, string>
      updatedAt: string | null
    }
    expect(page.values).toMatchObject({ beforeDays: '90,60,30,7,1', afterDays: '1,7', repeatEveryDays: '7' })
    expect(page.updatedAt).toBeNull()
    expect(await post(rulesAction, '/settings/reminders', valid, cookies.bureau)).toMatchObject({
      status: 302,
      location: '/settings/reminders?saved=1',
    })
    expect(readReminderRules(db)).toMatchObject({
      beforeDays: [60, 30, 7],
      onDueDate: true,
      afterDays: [3],
      repeatEveryDays: 14,
      escalateDistrictAfterDays: 10,
      escalateBureauAfterDays: 45,
    })
    const [audit] = db.select().from(auditLog).where(eq(auditLog.entityType, 'reminder_rules')).all()
    expect(audit).toMatchObject({
      action: 'update',
      actorUserId: ids.bureau,
      before: expect.objectContaining({ beforeDays: DEFAULT_REMINDER_RULES.beforeDays }),
    })
    // saving the same again changes nothing and writes no audit row
    expect(await post(rulesAction, '/settings/reminders', { ...valid, rowVersion: '1' }, cookies.bureau)).toMatchObject({
      location: '/settings/reminders?saved=0',
    })
    expect(db.select().from(auditLog).where(eq(auditLog.entityType, 'reminder_rules')).all()).toHaveLength(1)
  })

  test('bad input comes back with 400, localised field messages and what was typed', async () => {
    const bad = await post(
      rulesAction,
      '/settings/reminders',
      { ...valid, beforeDays: '30,abc', afterDays: '7,7', repeatEveryDays: '200', escalateBureauAfterDays: '' },
      cookies.bureau,
    )
    expect(bad.status).toBe(400)
    expect(errorsOf(bad)).toMatchObject({
      beforeDays: { key: 'reminderRules.error.days', vars: { max: 366 } },
      afterDays: { key: 'reminderRules.error.duplicate' },
      repeatEveryDays: { key: 'reminderRules.error.integer', vars: { max: 90 } },
      escalateBureauAfterDays: { key: 'reminderRules.error.integer' },
    })
    expect((bad.body.values as Record<string, string>).beforeDays).toBe('30,abc')
    expect(db.select().from(auditLog).where(eq(auditLog.entityType, 'reminder_rules')).all()).toEqual([])
  })

  test('district and lab users get 404 for the page and the form; the rules stay', async () => {
    for (const cookie of [cookies.district, cookies.lab]) {
      expect((await get(rulesLoader, '/settings/reminders', cookie)).status).toBe(404)
      expect((await post(rulesAction, '/settings/reminders', valid, cookie)).status).toBe(404)
    }
    expect(readReminderRules(db)).toMatchObject({ beforeDays: DEFAULT_REMINDER_RULES.beforeDays, updatedAt: null })
  })
})

describe('mail preferences on the account page', () => {
  test('every source is mailed by default; unticking one keeps it out of the digest but not the inbox', async () => {
    const page = (await get(accountLoader, '/account', cookies.lab)).body as { mailPrefs: { source: string; mail: boolean }[] }
    expect(page.mailPrefs.every((p) => p.mail)).toBe(true)
    const saved = await post(accountAction, '/account', { intent: 'mailPrefs', mail: ['deliverable', 'annual_report'] }, cookies.lab)
    expect(saved).toMatchObject({ status: 302, location: '/account?mailSaved=1' })
    const after = (await get(accountLoader, '/account', cookies.lab)).body as { mailPrefs: { source: string; mail: boolean }[] }
    expect(after.mailPrefs.filter((p) => p.mail).map((p) => p.source)).toEqual(['deliverable', 'annual_report'])
    runSendReminders({ now: NOW })
    const labMail = db.select().from(mailOutbox).where(eq(mailOutbox.userId, ids.lab)).get()!
    expect(labMail.subject).toBe('【Labcycle】2 项到期提醒')
    expect(db.select().from(inboxItems).where(eq(inboxItems.userId, ids.lab)).all()).toHaveLength(3)
  })

  test('preferences are one’s own: they change only the signed-in user’s rows', async () => {
    await post(accountAction, '/account', { intent: 'mailPrefs', mail: [] }, cookies.otherLab)
    expect(db.select().from(mailPreferences).where(eq(mailPreferences.userId, ids.lab)).all()).toEqual([])
    expect(
      db
        .select()
        .from(mailPreferences)
        .where(eq(mailPreferences.userId, ids.otherLab))
        .all()
        .every((p) => !p.mail),
    ).toBe(true)
  })

  test('an unknown source is refused with 400 and nothing is saved', async () => {
    const bad = await post(accountAction, '/account', { intent: 'mailPrefs', mail: ['deliverable', 'gossip'] }, cookies.lab)
    expect(bad.status).toBe(400)
    expect(errorsOf(bad)._form.key).toBe('form.invalidChoice')
    expect(db.select().from(mailPreferences).all()).toEqual([])
  })
})
