import { redirect } from '@remix-run/node'
import { eq, sql } from 'drizzle-orm'
import { loginThrottle, users } from '~db/schema'
import { afterFailure, lockedMinutesLeft, type ThrottleState } from '~/domain/throttle'
import { can, type Actor, type Capability } from '~/domain/permissions'
import { recordAudit } from '~/models/audit.server'
import type { ActingUser } from '~/models/result.server'
import { db } from './db.server'
import { dummyPasswordHash, verifyPassword } from './password.server'
import { clientIpOf } from './request.server'
import { createSession, getSessionUser, purgeExpiredSessions, type SessionUser } from './session.server'

export type { SessionUser }

export function getUser(request: Request): SessionUser | null {
  return getSessionUser(request)?.user ?? null
}

// Throws a redirect to the sign-in page, remembering where the user wanted to go.
export function requireUser(request: Request): SessionUser {
  const user = getUser(request)
  if (!user) {
    const url = new URL(request.url)
    const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` })
    throw redirect(`/login?${params}`)
  }
  return user
}

// Users without the capability get 404 rather than 403: a page outside one's scope does not
// exist. The capability itself is decided in app/domain/permissions.ts.
export function requireCapability(request: Request, capability: Capability): SessionUser {
  const user = requireUser(request)
  if (!can(actorOf(user), capability)) throw new Response('Not found', { status: 404 })
  return user
}

export function actorOf(user: SessionUser): Actor {
  return { id: user.id, role: user.role, districtCode: user.districtCode, labId: user.labId }
}

/** The signed-in user as a model's write takes them (ActingUser): the actor, with the name and address the audit rows record. */
export function actingUserOf(user: SessionUser, context: unknown): ActingUser {
  return { ...actorOf(user), displayName: user.displayName, ip: clientIpOf(context) }
}

function throttleKeys(username: string, ip: string) {
  return [`user:${username.toLowerCase()}`, ...(ip ? [`ip:${ip}`] : [])]
}

function readThrottle(key: string): ThrottleState | undefined {
  return db().select().from(loginThrottle).where(eq(loginThrottle.key, key)).get()
}

export type LoginResult =
  | { ok: true; cookie: string; user: SessionUser }
  | { ok: false; reason: 'failed' | 'inactive' }
  | { ok: false; reason: 'throttled'; minutes: number }

export async function login({
  username,
  password,
  request,
  ip,
  now = new Date(),
}: {
  username: string
  password: string
  request: Request
  ip: string
  now?: Date
}): Promise<LoginResult> {
  const keys = throttleKeys(username, ip)
  const minutes = Math.max(...keys.map((k) => lockedMinutesLeft(readThrottle(k), now)))
  if (minutes > 0) return { ok: false, reason: 'throttled', minutes }

  const user = db()
    .select()
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`)
    .get()
  const valid = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()))

  if (!user || !valid) {
    db().transaction((tx) => {
      for (const key of keys) {
        const next = afterFailure(readThrottle(key), now)
        tx.insert(loginThrottle)
          .values({ key, ...next })
          .onConflictDoUpdate({ target: loginThrottle.key, set: next })
          .run()
      }
      recordAudit(tx, {
        actor: { id: null, displayName: username.slice(0, 64), ip },
        action: 'login_failed',
        entityType: 'session',
        at: now,
      })
    })
    return { ok: false, reason: 'failed' }
  }
  if (!user.active) return { ok: false, reason: 'inactive' }

  let cookie = ''
  db().transaction((tx) => {
    for (const key of keys) tx.delete(loginThrottle).where(eq(loginThrottle.key, key)).run()
    tx.update(users).set({ lastLoginAt: now.toISOString() }).where(eq(users.id, user.id)).run()
    recordAudit(tx, {
      actor: { id: user.id, displayName: user.displayName, ip },
      action: 'login',
      entityType: 'session',
      entityId: user.id,
      at: now,
    })
  })
  // Sign-ins are rare enough to carry the housekeeping of expired sessions.
  purgeExpiredSessions(now)
  cookie = createSession({ userId: user.id, request, ip, now }).cookie
  const { id, displayName, email, role, districtCode, labId, locale } = user
  return { ok: true, cookie, user: { id, username: user.username, displayName, email, role, districtCode, labId, locale } }
}
