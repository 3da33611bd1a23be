import { and, eq, sql } from 'drizzle-orm'
import { inboxItems, notices, users } from '~db/schema'
import type { ReminderSource } from '~db/schema/enums'
import type { IsoDate } from '~/domain/dates'
import type { Db } from '~/utils/db.server'

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

export type EventRecipients = {
  userIds?: readonly number[]
  bureau?: boolean
  lab?: { id: number; districtCode: string; district?: boolean }
}

/**
 * Puts a notice of something that happened (a renewal decided, an expert assigned, a review in)
 * in the inbox of each recipient, in the caller's transaction: the bureau's accounts, a lab's
 * accounts (and its district office), or named users. The notices' unique key (source, id, day,
 * step, recipient, channel) keeps one per recipient if the same step were written twice. Not
 * mailed: the reminders' digests carry what falls due.
 */
export function notifyEvent(
  tx: Tx,
  {
    source,
    sourceId,
    day,
    step,
    labId,
    title,
    link,
    to,
    at,
  }: {
    source: ReminderSource
    sourceId: number
    day: IsoDate
    step: number
    labId: number
    title: { key: string; params: Record<string, string | number> }
    link: string
    to: EventRecipients
    at: Date
  },
): number {
  const conditions = [
    ...(to.bureau ? [sql`${users.role} = 'bureau'`] : []),
    ...(to.lab ? [sql`(${users.role} = 'lab' AND ${users.labId} = ${to.lab.id})`] : []),
    ...(to.lab?.district ? [sql`(${users.role} = 'district' AND ${users.districtCode} = ${to.lab.districtCode})`] : []),
    ...(to.userIds?.length ? [sql`${users.id} IN ${to.userIds}`] : []),
  ]
  if (!conditions.length) return 0
  const recipients = tx
    .select({ id: users.id, role: users.role })
    .from(users)
    .where(and(eq(users.active, true), sql`(${sql.join(conditions, sql` OR `)})`))
    .all()
  let sent = 0
  for (const r of recipients) {
    const notice = tx
      .insert(notices)
      .values({
        source,
        sourceId,
        dueDate: day,
        offsetDays: step,
        recipientId: r.id,
        channel: 'inbox',
        audience: r.role === 'lab' ? 'lab' : r.role === 'district' ? 'district' : 'bureau',
        labId,
        title,
        link,
        createdAt: at.toISOString(),
      })
      .onConflictDoNothing()
      .returning({ id: notices.id })
      .get()
    if (!notice) continue
    tx.insert(inboxItems).values({ noticeId: notice.id, userId: r.id, createdAt: at.toISOString() }).run()
    sent++
  }
  return sent
}
