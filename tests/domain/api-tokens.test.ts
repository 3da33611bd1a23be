import { describe, expect, test } from 'vitest'
import { bearerOf, composeToken, parseToken, takeCall, tokenState } from '~/domain/api-tokens'

const SECRET = 'K1ZA57YbmqaBFvHGPb82IPbNA_4X9s3wDVh8sSSyfCw'

describe('the token as shown once', () => {
  test('reads back the id and the secret, even when the secret holds underscores', () => {
    expect(parseToken(composeToken(12, SECRET))).toEqual({ id: 12, secret: SECRET })
  })

  test.each([
    ['no prefix', `12_${SECRET}`],
    ['a short secret', `lc_12_${SECRET.slice(1)}`],
    ['a long secret', `lc_12_${SECRET}x`],
    ['a zero id', `lc_0_${SECRET}`],
    ['a leading-zero id', `lc_012_${SECRET}`],
    ['an id past a safe integer', `lc_99999999999999999_${SECRET.slice(0, 43)}`],
    ['a character outside base64url', `lc_1_${SECRET.slice(0, 42)}=`],
    ['nothing', ''],
  ])('refuses %s', (_name, raw) => {
    expect(parseToken(raw)).toBeNull()
  })

  test('the bearer token is read from its header, other schemes are not', () => {
    expect(bearerOf('Bearer abc')).toBe('abc')
    expect(bearerOf('bearer   abc ')).toBe('abc')
    expect(bearerOf('Basic abc')).toBeNull()
    expect(bearerOf('Bearer a b')).toBeNull()
    expect(bearerOf(null)).toBeNull()
  })
})

describe('a token’s state', () => {
  const now = new Date('2026-12-05T10:00:00Z')
  test('active until the instant it expires, expired from then on', () => {
    expect(tokenState({ expiresAt: '2026-12-05T10:00:00.001Z', revokedAt: null }, now)).toBe('active')
    expect(tokenState({ expiresAt: '2026-12-05T10:00:00.000Z', revokedAt: null }, now)).toBe('expired')
  })
  test('revoked wins over expired', () => {
    expect(tokenState({ expiresAt: '2026-01-01T00:00:00Z', revokedAt: '2025-12-01T00:00:00Z' }, now)).toBe('revoked')
  })
})

describe('the rate limit', () => {
  test('a full bucket lets the burst through, refuses the next and says when to retry', () => {
    let bucket
    for (let i = 0; i < 3; i++) {
      const r = takeCall(bucket, 1000, { perMinute: 60, burst: 3 })
      expect(r.allowed).toBe(true)
      bucket = r.bucket
    }
    const refused = takeCall(bucket, 1000, { perMinute: 60, burst: 3 })
    expect(refused).toMatchObject({ allowed: false, retryAfterSeconds: 1 })
    // one call a second comes back
    expect(takeCall(refused.bucket, 2000, { perMinute: 60, burst: 3 }).allowed).toBe(true)
  })

  test('a refused call does not push the retry further away', () => {
    const empty = { tokens: 0, at: 0 }
    const first = takeCall(empty, 0, { perMinute: 6, burst: 1 })
    expect(first.retryAfterSeconds).toBe(10)
    expect(takeCall(first.bucket, 5000, { perMinute: 6, burst: 1 }).retryAfterSeconds).toBe(5)
  })
})
