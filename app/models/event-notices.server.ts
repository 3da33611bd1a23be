import { and, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm'
import { chatRobots, inboxItems, mailOutbox, notices, users } from '~db/schema'
import type { ReminderAudience, ReminderSource } from '~db/schema/enums'
import type { IsoDate } from '~/domain/dates'
import { composeEventMail, composeRobotText, type EventDetails } from '~/domain/mail'
import { isWhollyOptional } from '~/domain/notice-kinds'
import type { Translate } from '~/i18n'
import type { Db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { mailOptOuts } from './reminders.server'

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

export type EventRecipients = {
  userIds?: readonly number[]
  bureau?: boolean
  // a lab's own accounts; with `district`, its district office's too
  lab?: { id: number; districtCode: string; district?: boolean }
  // district offices told of something that is not one lab's (a summary of their district)
  districtCodes?: readonly string[]
}

// The offices whose chat robots (钉钉 / 企业微信) are told too: the bureau's and named districts'.
export type RobotRecipients = { bureau?: boolean; districtCodes?: readonly string[] }

export type EventNotice = {
  source: ReminderSource
  // with `day` and `step`, names the event: one notice per event, recipient and channel, ever
  sourceId: number
  day: IsoDate
  step: number
  // the lab it is about (none for an office's summary)
  labId: number | null
  title: { key: string; params: Record<string, string | number> }
  // where the recipient acts on it, a path in the app
  link: string
  to: EventRecipients
  robots?: RobotRecipients
  at: Date
  // the mail's body below the title (a weekly summary's sections), in each reader's language
  details?: (t: Translate) => EventDetails
}

// What a call wrote: inbox notices, and the outbox messages it queued (mail and robots), which a
// caller with something urgent hands to deliverSoon after its transaction commits.
export type EventDelivery = { sent: number; outboxIds: number[] }

const audienceOf = (role: string): ReminderAudience => (role === 'lab' ? 'lab' : role === 'district' ? 'district' : 'bureau')

/**
 * Tells people something happened (a filing returned, a request decided, an incident reported …),
 * in the caller's transaction, on every channel under one unique key per event, recipient and
 * channel (the notices ledger): an inbox item for each recipient; a mail for each who has an
 * address and has not turned the kind off under 我的账户; a message to each office robot named.
 * A second call for the same event adds nothing, so a retried action never tells anyone twice.
 * Recipients are chosen by scope here, never by the caller's list of people: the lab's own
 * accounts, its district office, the bureau, or named users (experts on their assignment).
 */
export function notifyEvent(tx: Tx, event: EventNotice): EventDelivery {
  const { to, at } = event
  const conditions: SQL[] = [
    ...(to.bureau ? [sql`${users.role} = 'bureau'`] : []),
    ...(to.lab ? [sql`(${users.role} = 'lab' AND ${users.labId} = ${to.lab.id})`] : []),
    ...(to.lab?.district ? [sql`(${users.role} = 'district' AND ${users.districtCode} = ${to.lab.districtCode})`] : []),
    ...(to.districtCodes?.length ? [sql`(${users.role} = 'district' AND ${users.districtCode} IN ${to.districtCodes})`] : []),
    ...(to.userIds?.length ? [sql`${users.id} IN ${to.userIds}`] : []),
  ]
  const outboxIds: number[] = []
  let sent = 0
  const key = { source: event.source, sourceId: event.sourceId, dueDate: event.day, offsetDays: event.step }
  const shared = { ...key, labId: event.labId, title: event.title, link: event.link, createdAt: at.toISOString() }
  const baseUrl = env().APP_URL
  const recipients = conditions.length
    ? tx
        .select({ id: users.id, role: users.role, email: users.email, locale: users.locale, displayName: users.displayName })
        .from(users)
        .where(and(eq(users.active, true), sql`(${sql.join(conditions, sql` OR `)})`))
        .all()
    : []
  // a kind a person may turn off altogether (the weekly summary) reaches them on no channel then
  const optional = isWhollyOptional(event.source)
  for (const r of recipients) {
    const audience = audienceOf(r.role)
    if (optional && mailOptOuts(tx as unknown as Db, r.id).has(event.source)) continue
    const inbox = tx
      .insert(notices)
      .values({ ...shared, recipientId: r.id, channel: 'inbox', audience })
      .onConflictDoNothing()
      .returning({ id: notices.id })
      .get()
    if (!inbox) continue
    tx.insert(inboxItems).values({ noticeId: inbox.id, userId: r.id, createdAt: at.toISOString() }).run()
    sent++
    if (!r.email || mailOptOuts(tx as unknown as Db, r.id).has(event.source)) continue
    const email = tx
      .insert(notices)
      .values({ ...shared, recipientId: r.id, channel: 'email', audience })
      .onConflictDoNothing()
      .returning({ id: notices.id })
      .get()
    if (!email) continue
    const { subject, body } = composeEventMail({
      locale: r.locale,
      name: r.displayName,
      title: event.title,
      link: event.link,
      at,
      baseUrl,
      details: event.details,
    })
    const message = tx
      .insert(mailOutbox)
      .values({
        channel: 'email',
        userId: r.id,
        toAddress: r.email,
        locale: r.locale,
        subject,
        body,
        nextAttemptAt: at.toISOString(),
        createdAt: at.toISOString(),
      })
      .returning({ id: mailOutbox.id })
      .get()
    tx.update(notices).set({ outboxId: message.id }).where(eq(notices.id, email.id)).run()
    outboxIds.push(message.id)
  }
  outboxIds.push(...notifyRobots(tx, event, baseUrl))
  return { sent, outboxIds }
}

// The named offices' active robots each get one message per event (their own unique key).
function notifyRobots(tx: Tx, event: EventNotice, baseUrl: string): number[] {
  const { robots, at } = event
  const offices: SQL[] = [
    ...(robots?.bureau ? [isNull(chatRobots.districtCode)] : []),
    ...(robots?.districtCodes?.length ? [inArray(chatRobots.districtCode, [...robots.districtCodes] as never[])] : []),
  ]
  if (!offices.length) return []
  const ids: number[] = []
  const list = tx
    .select({ id: chatRobots.id, name: chatRobots.name, districtCode: chatRobots.districtCode })
    .from(chatRobots)
    .where(and(eq(chatRobots.active, true), or(...offices)))
    .all()
  for (const robot of list) {
    const notice = tx
      .insert(notices)
      .values({
        source: event.source,
        sourceId: event.sourceId,
        dueDate: event.day,
        offsetDays: event.step,
        robotId: robot.id,
        channel: 'robot',
        audience: robot.districtCode ? 'district' : 'bureau',
        labId: event.labId,
        title: event.title,
        link: event.link,
        createdAt: at.toISOString(),
      })
      .onConflictDoNothing()
      .returning({ id: notices.id })
      .get()
    if (!notice) continue
    // group chats read Chinese: the robot's message is in the interface's first language
    const { subject, body } = composeRobotText({ title: event.title, link: event.link, at, baseUrl })
    const messageId = queueRobotMessage(tx, robot, { subject, body, at })
    tx.update(notices).set({ outboxId: messageId }).where(eq(notices.id, notice.id)).run()
    ids.push(messageId)
  }
  return ids
}

/** One message for a robot in the outbox, due now; its id. Robot messages are in Chinese. */
export function queueRobotMessage(
  tx: Pick<Tx, 'insert'>,
  robot: { id: number; name: string },
  { subject, body, at }: { subject: string; body: string; at: Date },
): number {
  return tx
    .insert(mailOutbox)
    .values({
      channel: 'robot',
      robotId: robot.id,
      toAddress: robot.name,
      locale: 'zh',
      subject,
      body,
      nextAttemptAt: at.toISOString(),
      createdAt: at.toISOString(),
    })
    .returning({ id: mailOutbox.id })
    .get().id
}
