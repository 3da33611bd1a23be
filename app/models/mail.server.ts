import { and, count, desc, eq, inArray, isNotNull, lte, or, sql, type SQL } from 'drizzle-orm'
import nodemailer from 'nodemailer'
import { chatRobots, mailOutbox, notices } from '~db/schema'
import type { MailStatus, OutboxChannel } from '~db/schema/enums'
import { nextAttemptAfterFailure, outboxMessageId } from '~/domain/mail'
import type { Db } from '~/utils/db.server'
import { recordAudit, type AuditActor } from './audit.server'
import { deliverRobots } from './robot-delivery.server'

// What delivery needs of nodemailer, so a test can hand in its own transport.
export type MailTransport = {
  sendMail: (message: { from: string; to: string; subject: string; text: string; messageId: string }) => Promise<{ messageId?: string }>
  close?: () => void
}

export function smtpTransport(smtpUrl: string): MailTransport {
  // short timeouts: a dead server fails the attempt quickly and the message waits for its next one
  return nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 })
}

// queued or failed mail whose (next) attempt has come; a failed one given up has no next attempt
function deliverable(now: Date): SQL {
  return and(
    eq(mailOutbox.channel, 'email'),
    inArray(mailOutbox.status, ['queued', 'failed']),
    isNotNull(mailOutbox.nextAttemptAt),
    lte(mailOutbox.nextAttemptAt, now.toISOString()),
  )!
}

// `mailed` counts what went out on either channel: mail the SMTP server took, robot messages the robot took
export type DeliveryResult = { attempted: number; mailed: number; failed: number; pending: number }

export function pendingMail(db: Db): number {
  return db
    .select({ n: count() })
    .from(mailOutbox)
    .where(inArray(mailOutbox.status, ['queued', 'failed']))
    .get()!.n
}

/**
 * Sends what is due in the outbox. Each message is first claimed by one UPDATE … WHERE status is
 * still queued/failed (atomic in SQLite): only the deliverer whose UPDATE changed the row sends it,
 * so two runs never send one message twice. A failure keeps the message, counts the attempt and
 * sets the next one by back-off. Without a transport (no SMTP_URL) no mail is sent. Chat robots'
 * messages (channel 'robot') go to their webhooks the same way, with or without SMTP
 * (app/models/robot-delivery.server.ts), so the mail job, the reminders job and deliverSoon all
 * deliver them.
 */
export async function deliverMail({
  db,
  now,
  transport,
  from,
  limit = 200,
  only,
}: {
  db: Db
  now: Date
  transport: MailTransport | null
  from: string
  limit?: number
  // just these messages (an urgent alert sent at once), when they are due
  only?: readonly number[]
}): Promise<DeliveryResult> {
  const robots = await deliverRobots({ db, now, limit, only })
  if (!transport) return { attempted: robots.attempted, mailed: robots.posted, failed: robots.failed, pending: pendingMail(db) }
  const ids = db
    .select({ id: mailOutbox.id })
    .from(mailOutbox)
    .where(and(deliverable(now), only ? inArray(mailOutbox.id, [...only]) : undefined))
    .orderBy(mailOutbox.id)
    .limit(limit)
    .all()
  let mailed = robots.posted
  let failed = robots.failed
  let attempted = robots.attempted
  for (const { id } of ids) {
    const claimed = db
      .update(mailOutbox)
      .set({ status: 'sending', attempts: sql`${mailOutbox.attempts} + 1` })
      .where(and(eq(mailOutbox.id, id), deliverable(now)))
      .returning()
      .get()
    if (!claimed) continue
    attempted++
    try {
      const info = await transport.sendMail({
        from,
        to: claimed.toAddress,
        subject: claimed.subject,
        text: claimed.body,
        messageId: outboxMessageId({ id: claimed.id, createdAt: claimed.createdAt, from }),
      })
      db.update(mailOutbox)
        .set({ status: 'sent', sentAt: now.toISOString(), messageId: info.messageId ?? null, lastError: null, nextAttemptAt: null })
        .where(eq(mailOutbox.id, id))
        .run()
      mailed++
    } catch (error) {
      const next = nextAttemptAfterFailure(claimed.attempts, now)
      db.update(mailOutbox)
        .set({
          status: 'failed',
          lastError: error instanceof Error ? error.message : String(error),
          nextAttemptAt: next?.toISOString() ?? null,
        })
        .where(eq(mailOutbox.id, id))
        .run()
      failed++
    }
  }
  return { attempted, mailed, failed, pending: pendingMail(db) }
}

// ---------------------------------------------------------------- the bureau's outbox page

export function listOutbox({
  db,
  status,
  channel,
  page,
  pageSize,
}: {
  db: Db
  status?: MailStatus
  channel?: OutboxChannel
  page: number
  pageSize: number
}) {
  const where = and(status ? eq(mailOutbox.status, status) : undefined, channel ? eq(mailOutbox.channel, channel) : undefined)
  const rows = db
    .select({ message: mailOutbox, robotName: chatRobots.name, robotDistrict: chatRobots.districtCode })
    .from(mailOutbox)
    // a robot message's robot, for its name and office (none once the robot was deleted)
    .leftJoin(chatRobots, eq(chatRobots.id, mailOutbox.robotId))
    .where(where)
    .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all()
    .map(({ message, robotName, robotDistrict }) => ({
      ...message,
      robot: robotName === null ? null : { name: robotName, districtCode: robotDistrict },
    }))
  const total = db.select({ n: count() }).from(mailOutbox).where(where).get()!.n
  const byStatus = Object.fromEntries(
    db
      .select({ status: mailOutbox.status, n: count() })
      .from(mailOutbox)
      .where(channel ? eq(mailOutbox.channel, channel) : undefined)
      .groupBy(mailOutbox.status)
      .all()
      .map((r) => [r.status, r.n]),
  ) as Partial<Record<MailStatus, number>>
  return { rows, total, byStatus }
}

export function noticeCountOf(db: Db, outboxId: number): number {
  return db.select({ n: count() }).from(notices).where(eq(notices.outboxId, outboxId)).get()!.n
}

/**
 * The bureau queues a message again: a failed one (given up or waiting), or one stuck in
 * 'sending' by a process that died mid-send (the bureau accepts that it may arrive twice). A sent
 * message is never queued again. Audited.
 */
export function retryMail({ db, id, actor, now }: { db: Db; id: number; actor: AuditActor; now: Date }): 'retried' | 'not_found' | 'sent' {
  return db.transaction((tx) => {
    const before = tx.select().from(mailOutbox).where(eq(mailOutbox.id, id)).get()
    if (!before) return 'not_found'
    if (before.status === 'sent') return 'sent'
    tx.update(mailOutbox)
      .set({ status: 'queued', nextAttemptAt: now.toISOString() })
      .where(
        and(eq(mailOutbox.id, id), or(eq(mailOutbox.status, 'failed'), eq(mailOutbox.status, 'sending'), eq(mailOutbox.status, 'queued'))),
      )
      .run()
    recordAudit(tx, {
      actor,
      action: 'retry',
      entityType: 'mail',
      entityId: id,
      before: { status: before.status, attempts: before.attempts, lastError: before.lastError },
      after: { status: 'queued' },
      at: now,
    })
    return 'retried'
  })
}
