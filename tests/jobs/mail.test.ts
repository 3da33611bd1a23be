import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { deliverMail, retryMail, smtpTransport } from '~/models/mail.server'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { mailOutbox, users } from '~db/schema'
import { runSendReminders } from '../../jobs/reminders'
import { makeLab, makeUser, setupTestDb } from '../helpers'
import { decodeSubject, rawSubject, startSmtp } from '../smtp'

const NOW = new Date('2026-07-02T00:30:00Z')
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000)
const FROM = 'Labcycle <labcycle@example.org>'
let db: Db
let servers: { stop: () => Promise<void> }[] = []

beforeEach(async () => {
  setClock(NOW)
  db = setupTestDb()
  const lab = makeLab(db, { startDate: '2025-06-01' })
  for (const [fields, email] of [
    [{ role: 'lab', labId: lab.id }, 'lab@example.org'],
    [{ role: 'district', districtCode: '320508' }, 'gusu@example.org'],
    [{ role: 'bureau' }, 'bureau@example.org'],
  ] as const) {
    const u = await makeUser(db, fields)
    db.update(users).set({ email }).where(eq(users.id, u.id)).run()
  }
  // queues three digests: the lab's, the district's and the bureau's
  expect(runSendReminders({ now: NOW }).queued).toBe(3)
})
afterEach(async () => {
  setClock(undefined)
  for (const s of servers) await s.stop().catch(() => {})
  servers = []
})

const outbox = () => db.select().from(mailOutbox).orderBy(mailOutbox.toAddress).all()

test('the digests arrive at their recipients with a correctly encoded Chinese subject', async () => {
  const smtp = await startSmtp()
  servers.push(smtp)
  const result = await deliverMail({ db, now: NOW, transport: smtpTransport(smtp.url), from: FROM })
  expect(result).toEqual({ attempted: 3, mailed: 3, failed: 0, pending: 0 })
  expect(smtp.received.map((m) => m.to).sort()).toEqual([['bureau@example.org'], ['gusu@example.org'], ['lab@example.org']])
  const labMail = smtp.received.find((m) => m.to[0] === 'lab@example.org')!
  expect(labMail.from).toBe('labcycle@example.org')
  // non-ASCII subjects travel as RFC 2047 encoded words and decode to the Chinese text
  expect(rawSubject(labMail.raw)).toMatch(/^=\?UTF-8\?[BQ]\?/i)
  expect(decodeSubject(labMail.raw)).toBe('【Labcycle】3 项到期提醒')
  expect(decodeSubject(smtp.received.find((m) => m.to[0] === 'gusu@example.org')!.raw)).toBe('【Labcycle】2 项到期提醒')
  expect(outbox().map((m) => [m.status, m.attempts, m.sentAt])).toEqual([
    ['sent', 1, NOW.toISOString()],
    ['sent', 1, NOW.toISOString()],
    ['sent', 1, NOW.toISOString()],
  ])
  // delivered once: a second delivery finds nothing to send
  expect(await deliverMail({ db, now: later(60), transport: smtpTransport(smtp.url), from: FROM })).toMatchObject({
    attempted: 0,
    mailed: 0,
  })
  expect(smtp.received).toHaveLength(3)
})

test('with the SMTP server down nothing is lost; once it is back every message is delivered exactly once', async () => {
  // a port with nothing listening: start a server to get a free port, then stop it
  const probe = await startSmtp()
  const port = probe.port
  await probe.stop()
  const url = `smtp://127.0.0.1:${port}`

  const down = await deliverMail({ db, now: NOW, transport: smtpTransport(url), from: FROM })
  expect(down).toEqual({ attempted: 3, mailed: 0, failed: 3, pending: 3 })
  for (const m of outbox()) {
    expect(m).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: later(15).toISOString(), sentAt: null })
    expect(m.lastError).toMatch(/ECONNREFUSED|connect/i)
  }
  // still down on the next due attempt: the back-off doubles
  await deliverMail({ db, now: later(15), transport: smtpTransport(url), from: FROM })
  expect(outbox().map((m) => [m.attempts, m.nextAttemptAt])).toEqual(Array(3).fill([2, later(45).toISOString()]))

  const smtp = await startSmtp(port)
  servers.push(smtp)
  // back, but before the next attempt is due: nothing is tried
  expect(await deliverMail({ db, now: later(30), transport: smtpTransport(url), from: FROM })).toMatchObject({ attempted: 0, pending: 3 })
  expect(smtp.received).toEqual([])
  // due: every message goes out, once
  expect(await deliverMail({ db, now: later(45), transport: smtpTransport(url), from: FROM })).toEqual({
    attempted: 3,
    mailed: 3,
    failed: 0,
    pending: 0,
  })
  await deliverMail({ db, now: later(120), transport: smtpTransport(url), from: FROM })
  expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(['bureau@example.org', 'gusu@example.org', 'lab@example.org'])
  expect(outbox().every((m) => m.status === 'sent' && m.attempts === 3 && m.lastError === null)).toBe(true)
})

test('two deliverers at once send each message once (each message is claimed before it is sent)', async () => {
  const smtp = await startSmtp()
  servers.push(smtp)
  const [a, b] = await Promise.all([
    deliverMail({ db, now: NOW, transport: smtpTransport(smtp.url), from: FROM }),
    deliverMail({ db, now: NOW, transport: smtpTransport(smtp.url), from: FROM }),
  ])
  expect(a.mailed + b.mailed).toBe(3)
  expect(smtp.received).toHaveLength(3)
  expect(new Set(smtp.received.map((m) => m.to[0])).size).toBe(3)
})

test('without an SMTP server configured the mail stays queued in the outbox', async () => {
  expect(await deliverMail({ db, now: NOW, transport: null, from: FROM })).toEqual({ attempted: 0, mailed: 0, failed: 0, pending: 3 })
  expect(outbox().every((m) => m.status === 'queued' && m.attempts === 0)).toBe(true)
})

// The Message-ID header as sent.
const messageIdOf = (raw: string) => /^message-id:\s*(\S+)/im.exec(raw.split(/\r?\n\r?\n/)[0])?.[1]

test('a message sent again after a lost answer carries the same Message-ID, so mail programs show it once', async () => {
  const smtp = await startSmtp()
  servers.push(smtp)
  await deliverMail({ db, now: NOW, transport: smtpTransport(smtp.url), from: FROM })
  const lab = outbox().find((m) => m.toAddress === 'lab@example.org')!
  // a run killed after the relay took the message leaves it 'sending'; the bureau retries it from the outbox
  db.update(mailOutbox).set({ status: 'sending', sentAt: null }).where(eq(mailOutbox.id, lab.id)).run()
  expect(retryMail({ db, id: lab.id, actor: { id: null, displayName: 'bureau', ip: '' }, now: later(60) })).toBe('retried')
  expect(await deliverMail({ db, now: later(60), transport: smtpTransport(smtp.url), from: FROM })).toMatchObject({ mailed: 1 })

  const toLab = smtp.received.filter((m) => m.to[0] === 'lab@example.org').map((m) => messageIdOf(m.raw))
  expect(toLab).toHaveLength(2)
  expect(toLab[0]).toBe(`<labcycle.outbox.${lab.id}.${Date.parse(lab.createdAt)}@example.org>`)
  expect(toLab[1]).toBe(toLab[0])
  // each message its own
  expect(new Set(smtp.received.map((m) => messageIdOf(m.raw))).size).toBe(3)
})
