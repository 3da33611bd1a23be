import { and, desc, eq, sql } from 'drizzle-orm'
import { withoutWaiting } from '~db/client.server'
import { apiTokens, users } from '~db/schema'
import { composeToken, expiryOf, parseToken, tokenState, type TokenState } from '~/domain/api-tokens'
import { newSecret, secretMatches } from '~/utils/bearer-secret.server'
import { db } from '~/utils/db.server'
import { sessionUserOf, type SessionUser } from '~/utils/session.server'
import { recordAudit, type AuditActor } from './audit.server'
import { notFound, ok, type NotFound, type Result } from './result.server'

// Personal API tokens (issue 20). The secret is shown once and kept only as its SHA-256: unlike a
// password it is 32 random bytes, so a fast hash is enough and the lookup stays one indexed read
// per API call.

/** What the account page lists: never the hash. */
const listed = {
  id: apiTokens.id,
  name: apiTokens.name,
  createdAt: apiTokens.createdAt,
  expiresAt: apiTokens.expiresAt,
  revokedAt: apiTokens.revokedAt,
  lastUsedAt: apiTokens.lastUsedAt,
  callCount: apiTokens.callCount,
}

export function createApiToken({
  userId,
  name,
  days,
  actor,
  now,
}: {
  userId: number
  name: string
  days: number
  actor: AuditActor
  now: Date
}): { token: string; id: number; expiresAt: string } {
  const { secret, hash } = newSecret()
  const expiresAt = expiryOf(now, days).toISOString()
  const id = db().transaction((tx) => {
    const row = tx
      .insert(apiTokens)
      .values({ userId, name, tokenHash: hash, createdAt: now.toISOString(), expiresAt })
      .returning({ id: apiTokens.id })
      .get()
    recordAudit(tx, {
      actor,
      action: 'create',
      entityType: 'api_token',
      entityId: row.id,
      after: { userId, name, expiresAt },
      at: now,
    })
    return row.id
  })
  return { token: composeToken(id, secret), id, expiresAt }
}

export function listApiTokens(userId: number, now: Date) {
  flushTokenCalls()
  return db()
    .select(listed)
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .all()
    .map((row) => ({ ...row, state: tokenState(row, now) }))
}

/**
 * Revokes one of `userId`'s tokens (the account page), or any user's token when userId is null
 * (the command line, run by whoever runs the server). Another user's token is not found.
 */
export function revokeApiToken({
  tokenId,
  userId,
  actor,
  now,
}: {
  tokenId: number
  userId: number | null
  actor: AuditActor
  now: Date
}): Result<{ alreadyRevoked: boolean }, NotFound> {
  return db().transaction((tx) => {
    const row = tx
      .select(listed)
      .from(apiTokens)
      .where(and(eq(apiTokens.id, tokenId), userId === null ? undefined : eq(apiTokens.userId, userId)))
      .get()
    if (!row) return notFound()
    if (row.revokedAt) return ok({ alreadyRevoked: true })
    const revokedAt = now.toISOString()
    tx.update(apiTokens).set({ revokedAt }).where(eq(apiTokens.id, tokenId)).run()
    recordAudit(tx, {
      actor,
      action: 'revoke',
      entityType: 'api_token',
      entityId: tokenId,
      before: { name: row.name, revokedAt: null },
      after: { name: row.name, revokedAt },
      at: now,
    })
    return ok({ alreadyRevoked: false })
  })
}

export type TokenRefusal = 'malformed' | 'unknown' | Exclude<TokenState, 'active'> | 'inactive'

export type Authenticated = { ok: true; tokenId: number; user: SessionUser } | { ok: false; reason: TokenRefusal }

/**
 * The user behind a bearer token, checked on every call: the secret (in constant time), expiry,
 * revocation and the user still being active, so a revoked or expired token or a deactivated
 * user is refused at once.
 */
export function authenticateApiToken(raw: string, now: Date): Authenticated {
  const parsed = parseToken(raw)
  if (!parsed) return { ok: false, reason: 'malformed' }
  const row = db()
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.id, parsed.id))
    .get()
  const matches = secretMatches(parsed.secret, row?.token.tokenHash)
  if (!row || !matches) return { ok: false, reason: 'unknown' }
  const state = tokenState(row.token, now)
  if (state !== 'active') return { ok: false, reason: state }
  if (!row.user.active) return { ok: false, reason: 'inactive' }
  return { ok: true, tokenId: row.token.id, user: sessionUserOf(row.user) }
}

// Calls are counted in memory and written in one statement per token at most every few seconds,
// so an API call does not wait on a write (the pages' session touch works the same way). What a
// process has not written yet when it stops is lost: the count is a usage figure, not a bill.
const FLUSH_AFTER_MS = 5_000
const pending = new Map<number, { calls: number; lastUsedAt: string }>()
let flushTimer: ReturnType<typeof setTimeout> | null = null

export function recordTokenCall(tokenId: number, now: Date) {
  const entry = pending.get(tokenId)
  pending.set(tokenId, { calls: (entry?.calls ?? 0) + 1, lastUsedAt: now.toISOString() })
  if (!flushTimer) {
    flushTimer = setTimeout(() => {
      flushTimer = null
      flushTokenCalls()
    }, FLUSH_AFTER_MS)
    flushTimer.unref?.()
  }
}

/** Writes the counted calls; while another process holds the write lock they wait for the next flush. */
export function flushTokenCalls() {
  if (!pending.size) return
  const entries = [...pending.entries()]
  pending.clear()
  const written = withoutWaiting(
    db().$client,
    () =>
      db().transaction((tx) => {
        for (const [id, { calls, lastUsedAt }] of entries)
          tx.update(apiTokens)
            .set({ callCount: sql`${apiTokens.callCount} + ${calls}`, lastUsedAt })
            .where(eq(apiTokens.id, id))
            .run()
        return true
      }),
    false,
  )
  if (!written)
    for (const [id, e] of entries) {
      const later = pending.get(id)
      pending.set(id, { calls: e.calls + (later?.calls ?? 0), lastUsedAt: later?.lastUsedAt ?? e.lastUsedAt })
    }
}
