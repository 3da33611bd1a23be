import { and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { inboxItems, notices } from '~db/schema'
import type { ReminderSource } from '~db/schema/enums'
import type { Db } from '~/utils/db.server'

// A user's own inbox: every query is scoped by user_id (inbox_items_user_read_idx), so nobody
// reads or marks another person's items.

export function unreadCount(db: Db, userId: number): number {
  return db
    .select({ n: count() })
    .from(inboxItems)
    .where(and(eq(inboxItems.userId, userId), isNull(inboxItems.readAt)))
    .get()!.n
}

/** Unread first, then newest first; optionally one kind of notice, or only the unread. */
export function listInbox({
  db,
  userId,
  page,
  pageSize,
  kind,
  unreadOnly = false,
}: {
  db: Db
  userId: number
  page: number
  pageSize: number
  kind?: ReminderSource
  unreadOnly?: boolean
}) {
  const where = and(
    eq(inboxItems.userId, userId),
    unreadOnly ? isNull(inboxItems.readAt) : undefined,
    kind ? eq(notices.source, kind) : undefined,
  )
  const rows = db
    .select({
      id: inboxItems.id,
      createdAt: inboxItems.createdAt,
      readAt: inboxItems.readAt,
      source: notices.source,
      title: notices.title,
      link: notices.link,
      dueDate: notices.dueDate,
      audience: notices.audience,
      labId: notices.labId,
    })
    .from(inboxItems)
    .innerJoin(notices, eq(notices.id, inboxItems.noticeId))
    .where(where)
    .orderBy(sql`${inboxItems.readAt} IS NOT NULL`, desc(inboxItems.createdAt), asc(inboxItems.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all()
  const total = db.select({ n: count() }).from(inboxItems).innerJoin(notices, eq(notices.id, inboxItems.noticeId)).where(where).get()!.n
  return { rows, total, unread: unreadCount(db, userId) }
}

/** Marks one of the user's own items read; the item's link, or null when it is not theirs. */
export function markRead({ db, userId, itemId, at }: { db: Db; userId: number; itemId: number; at: Date }): string | null {
  const item = db
    .select({ id: inboxItems.id, readAt: inboxItems.readAt, link: notices.link })
    .from(inboxItems)
    .innerJoin(notices, eq(notices.id, inboxItems.noticeId))
    .where(and(eq(inboxItems.id, itemId), eq(inboxItems.userId, userId)))
    .get()
  if (!item) return null
  if (!item.readAt) db.update(inboxItems).set({ readAt: at.toISOString() }).where(eq(inboxItems.id, itemId)).run()
  return item.link
}

/**
 * Marks the chosen items read (the inbox's selection): only this user's own unread ones, the
 * rest are not theirs or already read. How many it marked.
 */
export function markSelectedRead({ db, userId, itemIds, at }: { db: Db; userId: number; itemIds: number[]; at: Date }): number {
  if (itemIds.length === 0) return 0
  return db
    .update(inboxItems)
    .set({ readAt: at.toISOString() })
    .where(and(eq(inboxItems.userId, userId), isNull(inboxItems.readAt), inArray(inboxItems.id, itemIds)))
    .run().changes
}

export function markAllRead({ db, userId, at }: { db: Db; userId: number; at: Date }): number {
  return db
    .update(inboxItems)
    .set({ readAt: at.toISOString() })
    .where(and(eq(inboxItems.userId, userId), isNull(inboxItems.readAt)))
    .run().changes
}
