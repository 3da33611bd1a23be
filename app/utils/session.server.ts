import crypto from 'node:crypto'
import { and, eq, lt, ne } from 'drizzle-orm'
import { withoutWaiting } from '~db/client.server'
import { sessions, users, type User } from '~db/schema'
import { db } from './db.server'
import { env } from './env.server'

export const SESSION_COOKIE = 'lc_session'

function hashToken(token: string) {
  return crypto.createHash('sha256').update(token).digest('base64url')
}

const warned = new WeakSet<Request>()

// A cookie this app did not write (a bad % escape, a truncated value) reads as absent: the
// request goes on signed out instead of failing on every page until the cookie is cleared.
function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get('Cookie')
  if (!header) return null
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k !== name) continue
    try {
      return decodeURIComponent(v.join('='))
    } catch {
      // once per request, though every loader asks
      if (!warned.has(request)) console.warn(`ignored malformed cookie ${name} on ${request.method} ${new URL(request.url).pathname}`)
      warned.add(request)
      return null
    }
  }
  return null
}

function isSecure(request: Request) {
  const configured = env().COOKIE_SECURE
  if (configured !== undefined) return configured
  return new URL(request.url).protocol === 'https:'
}

export function sessionCookie(request: Request, token: string, maxAgeSeconds: number) {
  const parts = [
    `${SESSION_COOKIE}=${encodeURIComponent(token)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
  ]
  if (isSecure(request)) parts.push('Secure')
  return parts.join('; ')
}

export function clearSessionCookie(request: Request) {
  return sessionCookie(request, '', 0)
}

const HOUR = 3600_000

// A session lasts SESSION_IDLE_HOURS since its last use, and never more than
// SESSION_MAX_DAYS since sign-in.
function nextExpiry(createdAt: Date, now: Date) {
  const { SESSION_IDLE_HOURS, SESSION_MAX_DAYS } = env()
  const idle = now.getTime() + SESSION_IDLE_HOURS * HOUR
  const absolute = createdAt.getTime() + SESSION_MAX_DAYS * 24 * HOUR
  return new Date(Math.min(idle, absolute))
}

export function createSession({ userId, request, ip, now = new Date() }: { userId: number; request: Request; ip: string; now?: Date }) {
  const token = crypto.randomBytes(32).toString('base64url')
  const expiresAt = nextExpiry(now, now)
  db()
    .insert(sessions)
    .values({
      id: hashToken(token),
      userId,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      ip,
      userAgent: (request.headers.get('User-Agent') ?? '').slice(0, 300),
    })
    .run()
  return { token, cookie: sessionCookie(request, token, (expiresAt.getTime() - now.getTime()) / 1000) }
}

export type SessionUser = Pick<
  User,
  'id' | 'username' | 'displayName' | 'email' | 'role' | 'districtCode' | 'labId' | 'departmentId' | 'applicantId' | 'locale'
>

// The signed-in user behind the request's cookie, or null. Slides the expiry forward at most
// once a minute so reads do not turn every page view into a write.
export function getSessionUser(request: Request, now = new Date()): { user: SessionUser; sessionId: string } | null {
  const token = readCookie(request, SESSION_COOKIE)
  if (!token) return null
  const id = hashToken(token)
  const row = db()
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id))
    .get()
  if (!row) return null
  // Both writes below ride on a read: while another process holds the write lock they are
  // skipped rather than waited for (the ended session is refused all the same and removed on a
  // later request; the expiry slides on the next request), so a page never waits on them.
  const sqlite = db().$client
  if (row.session.expiresAt <= now.toISOString() || !row.user.active) {
    withoutWaiting(sqlite, () => db().delete(sessions).where(eq(sessions.id, id)).run(), null)
    return null
  }
  if (now.getTime() - Date.parse(row.session.lastSeenAt) > 60_000) {
    withoutWaiting(
      sqlite,
      () =>
        db()
          .update(sessions)
          .set({
            lastSeenAt: now.toISOString(),
            expiresAt: nextExpiry(new Date(row.session.createdAt), now).toISOString(),
          })
          .where(eq(sessions.id, id))
          .run(),
      null,
    )
  }
  return { user: sessionUserOf(row.user), sessionId: id }
}

/** What a request carries of its user, however it signed in (session, API token, feed address). */
export function sessionUserOf(user: User): SessionUser {
  const { id, username, displayName, email, role, districtCode, labId, departmentId, applicantId, locale } = user
  return { id, username, displayName, email, role, districtCode, labId, departmentId, applicantId, locale }
}

export function destroySessionOf(request: Request) {
  const token = readCookie(request, SESSION_COOKIE)
  if (token)
    db()
      .delete(sessions)
      .where(eq(sessions.id, hashToken(token)))
      .run()
}

export function destroyAllSessionsOfUser(userId: number) {
  db().delete(sessions).where(eq(sessions.userId, userId)).run()
}

// After a user changes their own password: every session but the one making the request ends.
// Returns how many ended.
export function destroyOtherSessionsOfUser({ userId, request }: { userId: number; request: Request }): number {
  const token = readCookie(request, SESSION_COOKIE)
  const keep = token ? hashToken(token) : ''
  return db()
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), ne(sessions.id, keep)))
    .run().changes
}

export function purgeExpiredSessions(now = new Date()) {
  return db().delete(sessions).where(lt(sessions.expiresAt, now.toISOString())).run().changes
}

export { readCookie }
