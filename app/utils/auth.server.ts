import { redirect } from '@remix-run/node'
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm'
import { loginThrottle, users } from '~db/schema'
import type { Db } from '~db/client.server'
import {
  afterFailedSignIn,
  afterRightPassword,
  signInWait,
  throttleForgetBefore,
  type SignInCounters,
  type ThrottleScope,
  type ThrottleState,
} from '~/domain/throttle'
import { can, type Actor, type Capability } from '~/domain/permissions'
import { recordAudit } from '~/models/audit.server'
import type { ActingUser } from '~/models/result.server'
import { now as clockNow } from './clock.server'
import { db } from './db.server'
import { dummyPasswordHash, verifyPassword } from './password.server'
import { clientIpOf } from './request.server'
import { createSession, getSessionUser, purgeExpiredSessions, sessionUserOf, type SessionUser } from './session.server'

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
  return {
    id: user.id,
    role: user.role,
    districtCode: user.districtCode,
    labId: user.labId,
    departmentId: user.departmentId,
    applicantId: user.applicantId,
  }
}

/** The signed-in user as a model's write takes them (ActingUser): the actor, with the name and address the audit rows record. */
export function actingUserOf(user: SessionUser, context: unknown): ActingUser {
  return { ...actorOf(user), displayName: user.displayName, ip: clientIpOf(context) }
}

// The three counters of app/domain/throttle.ts. An address cannot hold a space, so the pair
// key splits one way only; without an address (no socket) only the username's counters apply.
function throttleKeys(username: string, ip: string) {
  const name = username.toLowerCase()
  return { pair: `pair:${ip} ${name}`, account: `user:${name}`, address: ip ? `ip:${ip}` : null }
}

function readThrottle(key: string | null): ThrottleState | undefined {
  return key ? db().select().from(loginThrottle).where(eq(loginThrottle.key, key)).get() : undefined
}

export type LoginResult =
  | { ok: true; cookie: string; user: SessionUser }
  | { ok: false; reason: 'failed' | 'inactive' }
  | { ok: false; reason: 'throttled'; minutes: number; scope: ThrottleScope }

export async function login({
  username,
  password,
  request,
  ip,
  now = clockNow(),
}: {
  username: string
  password: string
  request: Request
  ip: string
  now?: Date
}): Promise<LoginResult> {
  const keys = throttleKeys(username, ip)
  const counters = () => ({ pair: readThrottle(keys.pair), account: readThrottle(keys.account), address: readThrottle(keys.address) })
  const store = (tx: Pick<Db, 'insert' | 'delete'>, next: SignInCounters) => {
    for (const scope of ['pair', 'account', 'address'] as const) {
      const key = keys[scope]
      const state = next[scope]
      if (!key || !state) continue
      // a count taken back to nothing leaves no row
      if (state.failures === 0) tx.delete(loginThrottle).where(eq(loginThrottle.key, key)).run()
      else
        tx.insert(loginThrottle)
          .values({ key, ...state })
          .onConflictDoUpdate({ target: loginThrottle.key, set: state })
          .run()
    }
  }

  // Every attempt is counted as a failure before its password is checked, in one immediate
  // transaction with the check of the wait. Counting only after scrypt (tens of milliseconds)
  // let a burst of parallel guesses all pass the check before the first failure was stored:
  // all 40 of 40 guesses sent at once were checked against a limit of 5. A right password
  // takes its count back below.
  const wait = db().transaction(
    (tx) => {
      const before = counters()
      const wait = signInWait(before, now)
      if (!wait) store(tx, afterFailedSignIn(before, now))
      return wait
    },
    { behavior: 'immediate' },
  )
  if (wait) return { ok: false, reason: 'throttled', ...wait }

  const user = db()
    .select()
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`)
    .get()
  const valid = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()))

  if (!user || !valid) {
    recordAudit(db(), {
      actor: { id: null, displayName: username.slice(0, 64), ip },
      action: 'login_failed',
      entityType: 'session',
      at: now,
    })
    return { ok: false, reason: 'failed' }
  }
  // The password was right: this was no failure. Only this address's count for this user ends
  // here; the username's count stays, as its owner signing in from their desk says nothing about
  // whoever keeps guessing from elsewhere.
  db().transaction((tx) => {
    tx.delete(loginThrottle).where(eq(loginThrottle.key, keys.pair)).run()
    store(tx, afterRightPassword(counters()))
  })
  if (!user.active) return { ok: false, reason: 'inactive' }

  let cookie = ''
  db().transaction((tx) => {
    tx.update(users).set({ lastLoginAt: now.toISOString() }).where(eq(users.id, user.id)).run()
    recordAudit(tx, {
      actor: { id: user.id, displayName: user.displayName, ip },
      action: 'login',
      // the actor is the user; the log has no id for a session
      entityType: 'session',
      at: now,
    })
  })
  // Sign-ins are rare enough to carry the housekeeping of expired sessions, and of failure
  // counts no window looks at any more (guessed usernames would otherwise pile up).
  purgeExpiredSessions(now)
  const forgetBefore = throttleForgetBefore(now)
  db()
    .delete(loginThrottle)
    .where(
      and(
        lt(sql`coalesce(${loginThrottle.lastFailureAt}, ${loginThrottle.firstFailureAt})`, forgetBefore),
        or(isNull(loginThrottle.lockedUntil), lt(loginThrottle.lockedUntil, now.toISOString())),
      ),
    )
    .run()
  cookie = createSession({ userId: user.id, request, ip, now }).cookie
  return { ok: true, cookie, user: sessionUserOf(user) }
}
