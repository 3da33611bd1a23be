import { and, desc, eq, isNull } from 'drizzle-orm'
import { withoutWaiting } from '~db/client.server'
import { calendarFeeds, users } from '~db/schema'
import { composeFeedToken, parseFeedSegment } from '~/domain/calendar-feed'
import { newSecret, secretMatches } from '~/utils/bearer-secret.server'
import { db } from '~/utils/db.server'
import { sessionUserOf, type SessionUser } from '~/utils/session.server'
import { recordAudit, type AuditActor } from './audit.server'
import { notFound, ok, type NotFound, type Result } from './result.server'

// A user's calendar feed address (issue 20 item 4, docs/decisions/023-calendar-feed.md), in the
// API tokens' shape: the secret is shown once and kept only as its SHA-256 (32 random bytes, so a
// fast hash is enough), creation, replacement and revocation are audited.

export type LiveFeed = { id: number; createdAt: string; lastFetchedAt: string | null }

/** The user's live address (not revoked), or null. */
export function liveFeedOf(userId: number): LiveFeed | null {
  return (
    db()
      .select({ id: calendarFeeds.id, createdAt: calendarFeeds.createdAt, lastFetchedAt: calendarFeeds.lastFetchedAt })
      .from(calendarFeeds)
      .where(and(eq(calendarFeeds.userId, userId), isNull(calendarFeeds.revokedAt)))
      .orderBy(desc(calendarFeeds.id))
      .get() ?? null
  )
}

/**
 * A new address for `userId`. A live one is revoked in the same transaction, so the old address
 * stops answering the moment the new one exists: one audit row says which replaced which.
 */
export function issueCalendarFeed({ userId, actor, now }: { userId: number; actor: AuditActor; now: Date }): {
  token: string
  id: number
  replaced: boolean
} {
  const { secret, hash } = newSecret()
  const at = now.toISOString()
  const { id, replaced } = db().transaction((tx) => {
    const live = tx
      .select({ id: calendarFeeds.id })
      .from(calendarFeeds)
      .where(and(eq(calendarFeeds.userId, userId), isNull(calendarFeeds.revokedAt)))
      .all()
    if (live.length)
      tx.update(calendarFeeds)
        .set({ revokedAt: at })
        .where(and(eq(calendarFeeds.userId, userId), isNull(calendarFeeds.revokedAt)))
        .run()
    const row = tx.insert(calendarFeeds).values({ userId, tokenHash: hash, createdAt: at }).returning({ id: calendarFeeds.id }).get()
    const previous = live.map((r) => r.id)
    recordAudit(tx, {
      actor,
      action: previous.length ? 'replace' : 'create',
      entityType: 'calendar_feed',
      entityId: row.id,
      before: previous.length ? { feedIds: previous, revokedAt: null } : undefined,
      after: previous.length ? { userId, feedId: row.id, revokedFeedIds: previous, revokedAt: at } : { userId, feedId: row.id },
      at: now,
    })
    return { id: row.id, replaced: previous.length > 0 }
  })
  return { token: composeFeedToken(id, secret), id, replaced }
}

/** Revokes the user's live address; none live is not found. */
export function revokeCalendarFeed({
  userId,
  actor,
  now,
}: {
  userId: number
  actor: AuditActor
  now: Date
}): Result<{ id: number }, NotFound> {
  return db().transaction((tx) => {
    const live = tx
      .select({ id: calendarFeeds.id })
      .from(calendarFeeds)
      .where(and(eq(calendarFeeds.userId, userId), isNull(calendarFeeds.revokedAt)))
      .all()
    if (live.length === 0) return notFound()
    const revokedAt = now.toISOString()
    tx.update(calendarFeeds)
      .set({ revokedAt })
      .where(and(eq(calendarFeeds.userId, userId), isNull(calendarFeeds.revokedAt)))
      .run()
    for (const { id } of live)
      recordAudit(tx, {
        actor,
        action: 'revoke',
        entityType: 'calendar_feed',
        entityId: id,
        before: { revokedAt: null },
        after: { revokedAt },
        at: now,
      })
    return ok({ id: live[0]!.id })
  })
}

/**
 * The user behind a feed address's last segment, or null for every refusal alike (malformed,
 * unknown, wrong secret, revoked, inactive user): the feed answers all of them with the same 404.
 */
export function authenticateFeed(segment: string): { feedId: number; user: SessionUser } | null {
  const parsed = parseFeedSegment(segment)
  if (!parsed) return null
  const row = db()
    .select({ feed: calendarFeeds, user: users })
    .from(calendarFeeds)
    .innerJoin(users, eq(users.id, calendarFeeds.userId))
    .where(eq(calendarFeeds.id, parsed.id))
    .get()
  const matches = secretMatches(parsed.secret, row?.feed.tokenHash)
  if (!row || !matches || row.feed.revokedAt || !row.user.active) return null
  return { feedId: row.feed.id, user: sessionUserOf(row.user) }
}

/** When the address was last fetched (the account page shows it); skipped while another process writes. */
export function recordFeedFetch(feedId: number, now: Date) {
  withoutWaiting(
    db().$client,
    () => db().update(calendarFeeds).set({ lastFetchedAt: now.toISOString() }).where(eq(calendarFeeds.id, feedId)).run(),
    null,
  )
}
