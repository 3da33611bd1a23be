import crypto from 'node:crypto'

// The secrets behind an API token and a calendar feed address (ADR 022, 023): 32 random bytes
// shown once, only their SHA-256 stored.

export function newSecret(): { secret: string; hash: string } {
  const secret = crypto.randomBytes(32).toString('base64url')
  return { secret, hash: hashSecret(secret) }
}

function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex')
}

/**
 * Whether `secret` is the one `storedHash` was made from. Compared in constant time, and compared
 * even when there is no stored hash (no such row), so an unknown id and a wrong secret take the
 * same time.
 */
export function secretMatches(secret: string, storedHash: string | undefined): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex')
  const stored = Buffer.from(storedHash ?? '0'.repeat(64), 'hex')
  return given.length === stored.length && crypto.timingSafeEqual(given, stored) && storedHash !== undefined
}
