import { desc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { action, loader } from '~/routes/account'
import { getSessionUser } from '~/utils/session.server'
import { verifyPassword } from '~/utils/password.server'
import type { Db } from '~db/client.server'
import { auditLog, inboxItems, mailOutbox, sessions, users, type User } from '~db/schema'
import { sendWeeklySummaries } from '~/models/weekly-summary.server'
import { errorsOf, formRequest, getRequest, makeLab, makeUser, outcome, setupTestDb, signIn, TEST_CONTEXT, TEST_PASSWORD } from '../helpers'

const NEW_PASSWORD = 'brand-new-secret-7'

let db: Db
let user: User
let labId: number

beforeEach(async () => {
  db = setupTestDb()
  labId = makeLab(db, { name: '吴中数据实验室' }).id
  user = await makeUser(db, { role: 'lab', labId, username: 'wuzhong_lab' })
})

function changePassword(fields: Record<string, string>, cookie: string) {
  return outcome(() => action({ request: formRequest('/account', fields, cookie), params: {}, context: TEST_CONTEXT }))
}

const sessionIds = (userId: number) => db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId)).all()

describe('the account page', () => {
  test('a lab user sees its username, role and lab', async () => {
    const result = await outcome(() => loader({ request: getRequest('/account', signIn(user)), params: {}, context: TEST_CONTEXT }))
    expect(result.status).toBe(200)
    expect(result.body.user).toMatchObject({ username: 'wuzhong_lab', role: 'lab', labId, labName: '吴中数据实验室' })
    expect(JSON.stringify(result.body)).not.toContain('passwordHash')
  })

  test('a district user sees its district as its scope', async () => {
    const officer = await makeUser(db, { role: 'district', districtCode: '320506' })
    const result = await outcome(() => loader({ request: getRequest('/account', signIn(officer)), params: {}, context: TEST_CONTEXT }))
    expect(result.body.user).toMatchObject({ role: 'district', districtCode: '320506', labName: null })
  })

  test('an anonymous visitor is sent to sign in', async () => {
    const result = await outcome(() => loader({ request: getRequest('/account'), params: {}, context: TEST_CONTEXT }))
    expect(result).toMatchObject({ status: 302, location: '/login?redirectTo=%2Faccount' })
  })
})

describe('changing one’s password', () => {
  test('a user changes its password, other sessions end and this one stays', async () => {
    const here = signIn(user)
    signIn(user)
    signIn(user)
    expect(sessionIds(user.id)).toHaveLength(3)
    const result = await changePassword({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }, here)
    expect(result).toMatchObject({ status: 302, location: '/account?changed=1' })
    const row = db.select().from(users).where(eq(users.id, user.id)).get()!
    expect(await verifyPassword(NEW_PASSWORD, row.passwordHash)).toBe(true)
    expect(sessionIds(user.id)).toHaveLength(1)
    expect(getSessionUser(getRequest('/', here))?.user.id).toBe(user.id)
    const audit = db.select().from(auditLog).orderBy(desc(auditLog.id)).get()!
    expect(audit).toMatchObject({
      action: 'password_changed',
      entityType: 'user',
      entityId: String(user.id),
      actorUserId: user.id,
      after: { otherSessionsEnded: 2 },
    })
    expect(JSON.stringify(audit)).not.toContain(row.passwordHash)
    expect(JSON.stringify(audit)).not.toContain(user.passwordHash)
  })

  test('a wrong current password is refused with 400 and nothing changes', async () => {
    const here = signIn(user)
    signIn(user)
    const result = await changePassword(
      { currentPassword: 'not-my-password', newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
      here,
    )
    expect(result.status).toBe(400)
    expect(errorsOf(result).currentPassword.key).toBe('account.wrongPassword')
    expect(db.select().from(users).where(eq(users.id, user.id)).get()!.passwordHash).toBe(user.passwordHash)
    expect(sessionIds(user.id)).toHaveLength(2)
    expect(db.select().from(auditLog).where(eq(auditLog.action, 'password_changed')).all()).toHaveLength(0)
  })

  test('a new password shorter than 10 characters is refused', async () => {
    const result = await changePassword({ currentPassword: TEST_PASSWORD, newPassword: 'short', confirmPassword: 'short' }, signIn(user))
    expect(result.status).toBe(400)
    expect(errorsOf(result).newPassword).toEqual({ key: 'account.passwordTooShort', vars: { min: 10 } })
  })

  test('a confirmation that does not match is refused', async () => {
    const result = await changePassword(
      { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: `${NEW_PASSWORD}x` },
      signIn(user),
    )
    expect(result.status).toBe(400)
    expect(errorsOf(result).confirmPassword.key).toBe('account.passwordMismatch')
  })

  test('an anonymous request cannot change a password', async () => {
    const result = await changePassword({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }, '')
    expect(result.status).toBe(302)
    expect(result.location).toMatch(/^\/login/)
  })
})

describe('the weekly summary switch (issue 15)', () => {
  test("an office account's weekly-summary switch says it stops the inbox item too, and unticked, the summary does not arrive at all", async () => {
    const officer = await makeUser(db, { role: 'district', districtCode: '320508' })
    db.update(users).set({ email: 'gusu@example.org' }).where(eq(users.id, officer.id)).run()
    const cookie = signIn(officer)
    const page = await outcome(() => loader({ request: getRequest('/account', cookie), params: {}, context: TEST_CONTEXT }))
    const prefs = page.body.mailPrefs as { source: string; mail: boolean; wholly: boolean }[]
    expect(prefs.filter((p) => p.wholly).map((p) => p.source)).toEqual(['weekly_summary'])
    const kept = prefs.map((p) => p.source).filter((s) => s !== 'weekly_summary')
    const saved = await outcome(() =>
      action({ request: formRequest('/account', { intent: 'mailPrefs', mail: kept }, cookie), params: {}, context: TEST_CONTEXT }),
    )
    expect(saved.status).toBe(302)
    sendWeeklySummaries({ now: new Date('2026-12-07T00:00:00Z') })
    expect(db.select().from(inboxItems).where(eq(inboxItems.userId, officer.id)).all()).toEqual([])
    expect(db.select().from(mailOutbox).where(eq(mailOutbox.userId, officer.id)).all()).toEqual([])
  })

  test('a lab account is not offered the weekly summary', async () => {
    const page = await outcome(() => loader({ request: getRequest('/account', signIn(user)), params: {}, context: TEST_CONTEXT }))
    expect((page.body.mailPrefs as { source: string }[]).map((p) => p.source)).not.toContain('weekly_summary')
  })
})
