import { and, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { authenticateApiToken, flushTokenCalls, recordTokenCall } from '~/models/api-tokens.server'
import { action, loader } from '~/routes/account'
import type { Db } from '~db/client.server'
import { apiTokens, auditLog, users, type User } from '~db/schema'
import { errorsOf, formRequest, getRequest, makeLab, makeUser, outcome, setupTestDb, signIn, TEST_CONTEXT, valuesOf } from '../helpers'

let db: Db
let user: User
let other: User

beforeEach(async () => {
  db = setupTestDb()
  const labId = makeLab(db, { name: '吴中数据实验室' }).id
  user = await makeUser(db, { role: 'lab', labId, username: 'wuzhong_lab' })
  other = await makeUser(db, { role: 'district', districtCode: '320506' })
})

const post = (fields: Record<string, string>, who: User = user) =>
  outcome(() => action({ request: formRequest('/account', fields, signIn(who)), params: {}, context: TEST_CONTEXT }))
const listOf = async (who: User = user) =>
  (await outcome(() => loader({ request: getRequest('/account', signIn(who)), params: {}, context: TEST_CONTEXT }))).body.tokens as {
    id: number
    name: string
    state: string
    callCount: number
    lastUsedAt: string | null
  }[]

async function createToken(name = '区县系统同步', days = '90', who: User = user) {
  const result = await post({ intent: 'createToken', name, days }, who)
  expect(result.status).toBe(200)
  return (result.body.created as { token: string }).token
}

describe('creating a personal API token', () => {
  test('the token is shown once, stored only as a hash, listed without it and audited', async () => {
    const token = await createToken()
    expect(token).toMatch(/^lc_\d+_[A-Za-z0-9_-]{43}$/)
    const stored = db.select().from(apiTokens).get()!
    expect(stored.tokenHash).not.toContain(token.split('_').slice(2).join('_'))
    expect(JSON.stringify(stored)).not.toContain(token)
    const listed = await listOf()
    expect(listed).toMatchObject([{ name: '区县系统同步', state: 'active', callCount: 0, lastUsedAt: null }])
    expect(JSON.stringify(listed)).not.toContain(token.slice(-20))
    const audit = db.select().from(auditLog).where(eq(auditLog.entityType, 'api_token')).all()
    expect(audit).toMatchObject([{ action: 'create', actorUserId: user.id, entityId: String(stored.id) }])
    expect(JSON.stringify(audit)).not.toContain(token.slice(-20))
  })

  test('the chosen lifetime sets the expiry', async () => {
    await createToken('a year', '365')
    const stored = db.select().from(apiTokens).get()!
    const days = (Date.parse(stored.expiresAt) - Date.parse(stored.createdAt)) / 86_400_000
    expect(days).toBe(365)
  })

  test('a missing name or a lifetime not offered is refused with the typed values kept', async () => {
    const noName = await post({ intent: 'createToken', name: '  ', days: '90' })
    expect(noName.status).toBe(400)
    expect(errorsOf(noName).name?.key).toBe('form.required')
    const oddDays = await post({ intent: 'createToken', name: '同步', days: '7' })
    expect(oddDays.status).toBe(400)
    expect(errorsOf(oddDays).days?.key).toBe('form.invalidChoice')
    expect(valuesOf(oddDays)).toEqual({ name: '同步', days: '7' })
    expect(db.select().from(apiTokens).all()).toEqual([])
  })

  test('each user lists only their own tokens', async () => {
    await createToken('mine')
    await createToken('theirs', '30', other)
    expect((await listOf()).map((t) => t.name)).toEqual(['mine'])
    expect((await listOf(other)).map((t) => t.name)).toEqual(['theirs'])
  })
})

describe('revoking a token', () => {
  test('the owner revokes it: audited, listed as revoked, refused at once', async () => {
    const token = await createToken()
    expect(authenticateApiToken(token, new Date()).ok).toBe(true)
    const id = db.select().from(apiTokens).get()!.id
    const result = await post({ intent: 'revokeToken', tokenId: String(id) })
    expect(result).toMatchObject({ status: 302, location: '/account?tokenRevoked=1#tokens' })
    expect(authenticateApiToken(token, new Date())).toEqual({ ok: false, reason: 'revoked' })
    expect((await listOf())[0]?.state).toBe('revoked')
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'api_token'), eq(auditLog.action, 'revoke')))
      .all()
    expect(audit).toHaveLength(1)
  })

  test('another user cannot revoke it: not found, and it keeps working', async () => {
    const token = await createToken()
    const id = db.select().from(apiTokens).get()!.id
    expect((await post({ intent: 'revokeToken', tokenId: String(id) }, other)).status).toBe(404)
    expect(authenticateApiToken(token, new Date()).ok).toBe(true)
  })

  test('a token id that is not a number is a 400, not a 500', async () => {
    expect((await post({ intent: 'revokeToken', tokenId: 'x' })).status).toBe(400)
  })
})

describe('using a token', () => {
  test('an expired token is refused from the instant it expires', async () => {
    const token = await createToken('short', '30')
    const { expiresAt } = db.select().from(apiTokens).get()!
    expect(authenticateApiToken(token, new Date(Date.parse(expiresAt) - 1)).ok).toBe(true)
    expect(authenticateApiToken(token, new Date(expiresAt))).toEqual({ ok: false, reason: 'expired' })
  })

  test('a deactivated user’s tokens stop working', async () => {
    const token = await createToken()
    db.update(users).set({ active: false }).where(eq(users.id, user.id)).run()
    expect(authenticateApiToken(token, new Date())).toEqual({ ok: false, reason: 'inactive' })
  })

  test('a wrong secret for a real id, and an unknown id, are both unknown', async () => {
    const token = await createToken()
    const wrong = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')
    expect(authenticateApiToken(wrong, new Date())).toEqual({ ok: false, reason: 'unknown' })
    expect(authenticateApiToken(token.replace(/^lc_\d+_/, 'lc_999_'), new Date())).toEqual({ ok: false, reason: 'unknown' })
    expect(authenticateApiToken('lc_garbage', new Date())).toEqual({ ok: false, reason: 'malformed' })
  })

  test('calls are counted and the last use kept, written once per flush', async () => {
    await createToken()
    const id = db.select().from(apiTokens).get()!.id
    recordTokenCall(id, new Date('2026-12-05T01:00:00Z'))
    recordTokenCall(id, new Date('2026-12-05T01:00:05Z'))
    flushTokenCalls()
    expect(db.select().from(apiTokens).get()).toMatchObject({ callCount: 2, lastUsedAt: '2026-12-05T01:00:05.000Z' })
    recordTokenCall(id, new Date('2026-12-05T01:01:00Z'))
    // the account page shows the calls not yet written as well
    expect((await listOf())[0]?.callCount).toBe(3)
  })
})
