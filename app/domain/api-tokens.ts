// Personal API tokens (issue 20): the rules, without a database or a clock.

/** The lifetimes the account page and the command line offer, in days. */
export const TOKEN_LIFETIMES = [30, 90, 365] as const
export type TokenLifetime = (typeof TOKEN_LIFETIMES)[number]

export const TOKEN_NAME_MAX = 60

const PREFIX = 'lc_'
// `lc_<id>_<secret>`: the id finds the row, the secret (32 random bytes, base64url: 43 characters)
// is what is checked. base64url may itself hold '_', so the id is read up to the first one.
const TOKEN_SHAPE = /^lc_([1-9][0-9]{0,15})_([A-Za-z0-9_-]{43})$/

export function composeToken(id: number, secret: string): string {
  return `${PREFIX}${id}_${secret}`
}

/** The id and secret of a token as shown once, or null for anything else (the caller answers 401). */
export function parseToken(raw: string): { id: number; secret: string } | null {
  const m = TOKEN_SHAPE.exec(raw)
  if (!m) return null
  const id = Number(m[1])
  return Number.isSafeInteger(id) ? { id, secret: m[2]! } : null
}

/** The bearer token of an Authorization header value, or null when there is none or it is not Bearer. */
export function bearerOf(header: string | null): string | null {
  if (!header) return null
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header)
  return m ? m[1]! : null
}

export function expiryOf(createdAt: Date, days: TokenLifetime | number): Date {
  return new Date(createdAt.getTime() + days * 24 * 3600_000)
}

export type TokenState = 'active' | 'expired' | 'revoked'

/** Revocation wins over expiry: a token revoked before it ran out says so. */
export function tokenState(token: { expiresAt: string; revokedAt: string | null }, now: Date): TokenState {
  if (token.revokedAt) return 'revoked'
  return Date.parse(token.expiresAt) <= now.getTime() ? 'expired' : 'active'
}

// Rate limit per token: a bucket of RATE_BURST calls refilled at RATE_PER_MINUTE a minute, so a
// client may burst a page walk but not keep up more than two calls a second.
export const RATE_PER_MINUTE = 120
export const RATE_BURST = 120

export type Bucket = { tokens: number; at: number }

/**
 * Takes one call from the bucket at `now` (ms). Returns the bucket after it and, when the bucket
 * was empty, how many whole seconds until one call is allowed again (Retry-After).
 */
export function takeCall(
  bucket: Bucket | undefined,
  now: number,
  { perMinute = RATE_PER_MINUTE, burst = RATE_BURST }: { perMinute?: number; burst?: number } = {},
): { bucket: Bucket; allowed: boolean; retryAfterSeconds: number } {
  const perMs = perMinute / 60_000
  const filled = bucket ? Math.min(burst, bucket.tokens + Math.max(0, now - bucket.at) * perMs) : burst
  if (filled >= 1) return { bucket: { tokens: filled - 1, at: now }, allowed: true, retryAfterSeconds: 0 }
  return { bucket: { tokens: filled, at: now }, allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - filled) / perMs / 1000)) }
}
