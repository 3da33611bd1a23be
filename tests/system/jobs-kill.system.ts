import Database from 'better-sqlite3'
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startAppServer } from '../app-server'
import { dbQuery } from './http'

// Standing test of issue 14: the reminders run (`npm run jobs -- reminders`, its own process next
// to the server) killed with SIGKILL at points of its run, recording and sending, then run again.
// The SMTP side is a real SMTP server in the test process that can stall in the middle of a
// message (DATA received, never answered), as a hung mail relay does.
//
// Delivery is at most once: a message is marked 'sending' before it goes to SMTP and 'sent'
// after; a run that dies between leaves it 'sending', which no run sends again (the relay may
// or may not have it), and the bureau decides under /outbox whether to retry it. A reminder
// twice is worse for the labs than one the bureau sees as unconfirmed.

type Smtp = { received: { to: string; subject: string }[]; stalled: Promise<void>; url: string; stop: () => Promise<void> }

/** An SMTP server that answers `answerFirst` messages and then stalls on the next one. */
async function startSmtp(answerFirst = Infinity): Promise<Smtp> {
  const received: { to: string; subject: string }[] = []
  let stalledNow: () => void = () => {}
  const stalled = new Promise<void>((resolve) => (stalledNow = resolve))
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        const subject = /^subject:(.*(?:\r?\n[ \t].*)*)/im.exec(raw)?.[1].trim() ?? ''
        received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), subject })
        if (received.length > answerFirst) return stalledNow() // never answered
        callback()
      })
    },
  })
  // A killed jobs process drops its connection mid-conversation (ECONNRESET): that is the test's
  // point, and without a listener smtp-server's 'error' event would be an uncaught exception.
  server.on('error', () => {})
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port
  return {
    received,
    stalled,
    url: `smtp://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

function runJobs(dataDir: string, smtpUrl: string, now: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/jobs.ts', 'reminders', '--now', now], {
    env: { ...process.env, DATA_DIR: dataDir, SMTP_URL: smtpUrl, APP_URL: 'http://labcycle.test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()))
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, exited, output: () => output }
}

async function kill(child: ChildProcess, exited: Promise<unknown>) {
  child.kill('SIGKILL')
  await exited
}

const count = (dataDir: string, sql: string) => dbQuery<{ n: number }>(dataDir, sql)[0].n

/** What may never be seen, whenever the run died. */
function halfStored(dataDir: string) {
  return {
    duplicateNotices: count(
      dataDir,
      `SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT source, source_id, due_date, offset_days, recipient_id, channel FROM notices)) AS n FROM notices`,
    ),
    inboxNoticesWithoutItem: count(
      dataDir,
      "SELECT count(*) AS n FROM notices n WHERE n.channel = 'inbox' AND NOT EXISTS (SELECT 1 FROM inbox_items i WHERE i.notice_id = n.id)",
    ),
    mailNoticesWithoutMessage: count(dataDir, "SELECT count(*) AS n FROM notices WHERE channel = 'email' AND outbox_id IS NULL"),
    messagesWithoutNotice: count(
      dataDir,
      'SELECT count(*) AS n FROM mail_outbox m WHERE NOT EXISTS (SELECT 1 FROM notices n WHERE n.outbox_id = m.id)',
    ),
  }
}
const NOTHING_HALF_STORED = { duplicateNotices: 0, inboxNoticesWithoutItem: 0, mailNoticesWithoutMessage: 0, messagesWithoutNotice: 0 }

type KillPoint = { name: string; afterStartMs?: number; stallAfter?: number }

describe('SIGKILL during a reminders run and its mail delivery', () => {
  let template: string
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-jobs-kill-'))
  const results: string[] = []
  // a fixed instant: the same reminders are due in every try
  const NOW = new Date().toISOString()

  beforeAll(async () => {
    // demo data, seeded by a real server start, then stopped so its database can be copied
    const seeded = await startAppServer()
    await seeded.stop()
    template = seeded.dataDir
    // the seed tells the demo inboxes what the daily run would have (db/seed-notices.ts): its
    // reminders and mail are forgotten here, so the killed run has this instant's digests still
    // to send; the renewal windows it announced stay told, so the run sends digests only
    const db = new Database(path.join(template, 'labcycle.db'))
    db.exec("DELETE FROM mail_outbox; DELETE FROM notices WHERE channel <> 'inbox' OR source <> 'renewal_window';")
    db.close()
  })
  afterAll(() => {
    console.log(`reminders/mail kills:\n${results.join('\n')}`)
    fs.rmSync(template, { recursive: true, force: true })
    fs.rmSync(scratch, { recursive: true, force: true })
  })

  const points: KillPoint[] = [
    { name: 'the run just recorded as started', afterStartMs: 0 },
    { name: '40 ms into the run', afterStartMs: 40 },
    { name: '150 ms into the run', afterStartMs: 150 },
    { name: '300 ms into the run', afterStartMs: 300 },
    { name: '450 ms into the run', afterStartMs: 450 },
    { name: 'the first mail stalled at the relay', stallAfter: 0 },
    { name: 'the fourth mail stalled at the relay', stallAfter: 3 },
  ]

  test.each(points.map((p, i) => [p.name, p, i] as const))('killed at %s: a rerun duplicates nothing', async (_name, point, i) => {
    const dataDir = path.join(scratch, `try-${i}`)
    fs.cpSync(template, dataDir, { recursive: true })
    const hanging = await startSmtp(point.stallAfter ?? Infinity)
    const first = runJobs(dataDir, hanging.url, NOW)
    if (point.stallAfter !== undefined) {
      await hanging.stalled
    } else {
      const deadline = Date.now() + 30_000
      while (Date.now() < deadline) {
        try {
          if (count(dataDir, "SELECT count(*) AS n FROM job_runs WHERE status = 'running'") > 0) break
        } catch {
          // the database is being created or migrated
        }
        await new Promise((r) => setTimeout(r, 2))
      }
      if (point.afterStartMs) await new Promise((r) => setTimeout(r, point.afterStartMs))
    }
    await kill(first.child, first.exited)
    await hanging.stop()
    const atKill = {
      notices: count(dataDir, 'SELECT count(*) AS n FROM notices'),
      messages: count(dataDir, 'SELECT count(*) AS n FROM mail_outbox'),
      sending: count(dataDir, "SELECT count(*) AS n FROM mail_outbox WHERE status = 'sending'"),
    }
    expect(halfStored(dataDir)).toEqual(NOTHING_HALF_STORED)

    // the killed run's lock is taken over at once: its process is gone (jobs/lock.ts)
    const relay = await startSmtp()
    const rerun = runJobs(dataDir, relay.url, NOW)
    expect(await rerun.exited, rerun.output()).toBe(0)
    // a third run at the same instant: nothing new at all
    const third = runJobs(dataDir, relay.url, NOW)
    expect(await third.exited, third.output()).toBe(0)
    await relay.stop()

    expect(halfStored(dataDir)).toEqual(NOTHING_HALF_STORED)
    const digests = dbQuery<{ n: number; recipients: number }>(
      dataDir,
      'SELECT count(*) AS n, count(DISTINCT to_address) AS recipients FROM mail_outbox',
    )[0]
    // one digest per recipient for this instant, however many runs it took
    expect(digests.n).toBe(digests.recipients)
    // each message reached the relay at most once over all runs
    const all = [...hanging.received, ...relay.received]
    const perRecipient = new Map<string, number>()
    for (const m of all) perRecipient.set(m.to, (perRecipient.get(m.to) ?? 0) + 1)
    expect([...perRecipient.values()].filter((n) => n > 1)).toEqual([])
    // everything was sent but what a killed run left 'sending' (at most the one it was sending)
    const byStatus = Object.fromEntries(
      dbQuery<{ status: string; n: number }>(dataDir, 'SELECT status, count(*) AS n FROM mail_outbox GROUP BY status').map((r) => [
        r.status,
        r.n,
      ]),
    )
    expect(byStatus.sending ?? 0).toBeLessThanOrEqual(1)
    expect((byStatus.sent ?? 0) + (byStatus.sending ?? 0)).toBe(digests.n)
    // every 'sent' message reached a relay; the one left 'sending' may or may not have (killed
    // mid-DATA, or after the relay took it but before the run could mark it)
    expect(all.length).toBeGreaterThanOrEqual(byStatus.sent)
    expect(all.length).toBeLessThanOrEqual(byStatus.sent + (byStatus.sending ?? 0))
    results.push(
      `  ${point.name}: at the kill ${atKill.notices} notices, ${atKill.messages} messages (${atKill.sending} sending); after the rerun ${digests.n} messages, ${byStatus.sent ?? 0} sent, ${byStatus.sending ?? 0} left unconfirmed, relay got ${all.length}`,
    )
  })
})
