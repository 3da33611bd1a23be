import { and, desc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { translator } from '~/i18n'
import { action as editAction, loader as editLoader } from '~/routes/users.$userId'
import { loader as listLoader } from '~/routes/users._index'
import { action as newAction, loader as newLoader } from '~/routes/users.new'
import { verifyPassword } from '~/utils/password.server'
import type { Db } from '~db/client.server'
import { auditLog, sessions, users, type User } from '~db/schema'
import {
  CHIEF,
  errorsOf,
  formRequest,
  getRequest,
  makeLab,
  makeUser,
  outcome,
  setupTestDb,
  signIn,
  signInAs,
  TEST_CONTEXT,
  TEST_PASSWORD,
  valuesOf,
} from '../helpers'

const NEW_PASSWORD = 'a-fresh-secret-42'

let db: Db
let bureau: User
let bureauCookie: string

beforeEach(async () => {
  db = setupTestDb()
  bureau = await makeUser(db, CHIEF)
  bureauCookie = signIn(bureau)
})

function createUser(fields: Record<string, string>, cookie = bureauCookie) {
  return outcome(() => newAction({ request: formRequest('/users/new', fields, cookie), params: {}, context: TEST_CONTEXT }))
}

function editUser(id: number, fields: Record<string, string>, cookie = bureauCookie) {
  return outcome(() =>
    editAction({ request: formRequest(`/users/${id}`, fields, cookie), params: { userId: String(id) }, context: TEST_CONTEXT }),
  )
}

const sessionCount = (userId: number) => db.select().from(sessions).where(eq(sessions.userId, userId)).all().length
const userRow = (id: number) => db.select().from(users).where(eq(users.id, id)).get()!

const newUserFields = (over: Record<string, string> = {}) => ({
  username: 'wang.li',
  displayName: '王丽',
  email: 'wang.li@example.cn',
  role: 'district',
  districtCode: '320571',
  labId: '',
  password: 'long-enough-pw',
  active: 'on',
  ...over,
})

function editFields(user: User, over: Record<string, string> = {}) {
  return {
    intent: 'update',
    displayName: user.displayName,
    email: user.email,
    role: user.role,
    districtCode: user.districtCode ?? '',
    labId: user.labId === null ? '' : String(user.labId),
    ...(user.active ? { active: 'on' } : {}),
    ...over,
  }
}

describe('creating a user', () => {
  test('the bureau creates a district user, and the audit row carries no password hash', async () => {
    const result = await createUser(newUserFields())
    const created = db.select().from(users).where(eq(users.username, 'wang.li')).get()!
    expect(result).toMatchObject({ status: 302, location: `/users/${created.id}?saved=created` })
    expect(created).toMatchObject({ displayName: '王丽', role: 'district', districtCode: '320571', labId: null, active: true })
    expect(await verifyPassword('long-enough-pw', created.passwordHash)).toBe(true)
    const audit = db.select().from(auditLog).where(eq(auditLog.entityType, 'user')).get()!
    expect(audit).toMatchObject({ action: 'create', entityId: String(created.id), actorUserId: bureau.id })
    expect(JSON.stringify(audit)).not.toContain('passwordHash')
    expect(JSON.stringify(audit)).not.toContain(created.passwordHash)
  })

  test('a lab user gets its lab and no district, whatever else was sent', async () => {
    const lab = makeLab(db, { name: '园区数据实验室' })
    const result = await createUser(newUserFields({ username: 'lab_a', role: 'lab', labId: String(lab.id), districtCode: '320508' }))
    expect(result.status).toBe(302)
    expect(db.select().from(users).where(eq(users.username, 'lab_a')).get()).toMatchObject({ labId: lab.id, districtCode: null })
  })

  test.each([
    ['ab', 'users.error.usernameLength'],
    ['a'.repeat(33), 'users.error.usernameLength'],
    ['Wang', 'users.error.usernameCharset'],
    ['王丽', 'users.error.usernameLength'],
    ['wang li', 'users.error.usernameCharset'],
    ['', 'form.required'],
  ])('the username %j is refused with %s, and the other typed values are kept', async (username, key) => {
    const result = await createUser(newUserFields({ username }))
    expect(result.status).toBe(400)
    expect(errorsOf(result).username.key).toBe(key)
    expect(valuesOf(result)).toMatchObject({ username, displayName: '王丽', email: 'wang.li@example.cn', districtCode: '320571' })
    expect(valuesOf(result).password).toBe('')
  })

  test('a username taken in another case is refused', async () => {
    await makeUser(db, { role: 'expert', username: 'Zhang.Wei' })
    const result = await createUser(newUserFields({ username: 'zhang.wei' }))
    expect(result.status).toBe(400)
    expect(errorsOf(result).username.key).toBe('users.error.usernameTaken')
    expect(translator('zh')(errorsOf(result).username.key)).toBe('该用户名已被使用')
  })

  test('a password shorter than 10 characters is refused with the minimum in the message', async () => {
    const result = await createUser(newUserFields({ password: 'short-pw1' }))
    expect(result.status).toBe(400)
    expect(errorsOf(result).password).toEqual({ key: 'account.passwordTooShort', vars: { min: 10 } })
    expect(translator('zh')('account.passwordTooShort', errorsOf(result).password.vars)).toBe('密码至少 10 个字符')
  })

  test('a district user needs a district and a lab user needs an existing lab', async () => {
    const noDistrict = await createUser(newUserFields({ districtCode: '' }))
    expect(noDistrict.status).toBe(400)
    expect(errorsOf(noDistrict).districtCode.key).toBe('users.error.districtRequired')
    const noLab = await createUser(newUserFields({ role: 'lab', districtCode: '' }))
    expect(errorsOf(noLab).labId.key).toBe('users.error.labRequired')
    const unknownLab = await createUser(newUserFields({ role: 'lab', labId: '999' }))
    expect(errorsOf(unknownLab).labId.key).toBe('form.invalidChoice')
    const badEmail = await createUser(newUserFields({ email: 'not-an-email' }))
    expect(errorsOf(badEmail).email.key).toBe('form.invalidEmail')
    expect(db.select().from(users).all()).toHaveLength(1)
  })

  test.each(['district', 'lab', 'expert'] as const)('a %s user gets 404 from the new-user page and its action', async (role) => {
    const lab = makeLab(db)
    const cookie = signIn(
      await makeUser(db, { role, districtCode: role === 'district' ? '320508' : null, labId: role === 'lab' ? lab.id : null }),
    )
    expect((await outcome(() => newLoader({ request: getRequest('/users/new', cookie), params: {}, context: TEST_CONTEXT }))).status).toBe(
      404,
    )
    expect((await createUser(newUserFields(), cookie)).status).toBe(404)
    expect(db.select().from(users).where(eq(users.username, 'wang.li')).get()).toBeUndefined()
  })
})

describe('editing a user', () => {
  test('the bureau changes a user’s role and scope, audited without the password hash', async () => {
    const lab = makeLab(db)
    const target = await makeUser(db, { role: 'district', districtCode: '320508', username: 'officer' })
    const result = await editUser(target.id, editFields(target, { displayName: '新名字', role: 'lab', labId: String(lab.id) }))
    expect(result).toMatchObject({ status: 302, location: `/users/${target.id}?saved=updated` })
    expect(userRow(target.id)).toMatchObject({ displayName: '新名字', role: 'lab', labId: lab.id, districtCode: null })
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'user'), eq(auditLog.action, 'update')))
      .get()!
    expect(audit.before).toMatchObject({ role: 'district', districtCode: '320508' })
    expect(audit.after).toMatchObject({ role: 'lab', labId: lab.id })
    expect(audit.labId).toBe(lab.id)
    expect(JSON.stringify([audit.before, audit.after])).not.toContain('passwordHash')
  })

  test('deactivating a user ends all its sessions', async () => {
    const target = await makeUser(db, { role: 'expert' })
    signIn(target)
    signIn(target)
    expect(sessionCount(target.id)).toBe(2)
    const fields = editFields(target)
    delete (fields as Record<string, string>).active
    const result = await editUser(target.id, fields)
    expect(result.status).toBe(302)
    expect(userRow(target.id).active).toBe(false)
    expect(sessionCount(target.id)).toBe(0)
  })

  test('the bureau cannot deactivate itself', async () => {
    const fields = editFields(bureau)
    delete (fields as Record<string, string>).active
    const result = await editUser(bureau.id, fields)
    expect(result.status).toBe(400)
    expect(errorsOf(result).active.key).toBe('users.error.selfDeactivate')
    expect(userRow(bureau.id).active).toBe(true)
    expect(sessionCount(bureau.id)).toBe(1)
  })

  test('the bureau cannot demote itself, and what it typed is kept', async () => {
    const result = await editUser(bureau.id, editFields(bureau, { role: 'expert', displayName: '想改的名字' }))
    expect(result.status).toBe(400)
    expect(errorsOf(result).role.key).toBe('users.error.selfDemote')
    expect(valuesOf(result)).toMatchObject({ role: 'expert', displayName: '想改的名字' })
    expect(userRow(bureau.id).role).toBe('bureau')
  })

  test('an empty display name is refused with 400', async () => {
    const target = await makeUser(db, { role: 'expert' })
    const result = await editUser(target.id, editFields(target, { displayName: ' ', email: 'kept@example.cn' }))
    expect(result.status).toBe(400)
    expect(result.body.intent).toBe('update')
    expect(errorsOf(result).displayName.key).toBe('form.required')
    expect(valuesOf(result).email).toBe('kept@example.cn')
  })

  test('resetting a password ends every session of that user and is audited without hashes', async () => {
    const target = await makeUser(db, { role: 'expert' })
    signIn(target)
    const result = await editUser(target.id, { intent: 'resetPassword', password: NEW_PASSWORD })
    expect(result).toMatchObject({ status: 302, location: `/users/${target.id}?saved=password` })
    const row = userRow(target.id)
    expect(await verifyPassword(NEW_PASSWORD, row.passwordHash)).toBe(true)
    expect(await verifyPassword(TEST_PASSWORD, row.passwordHash)).toBe(false)
    expect(sessionCount(target.id)).toBe(0)
    const audit = db.select().from(auditLog).orderBy(desc(auditLog.id)).get()!
    expect(audit).toMatchObject({ action: 'password_reset', entityType: 'user', entityId: String(target.id) })
    expect(JSON.stringify(audit)).not.toContain(row.passwordHash)
    expect(JSON.stringify(audit)).not.toContain('passwordHash')
  })

  test('a reset password shorter than the minimum is refused', async () => {
    const target = await makeUser(db, { role: 'expert' })
    const result = await editUser(target.id, { intent: 'resetPassword', password: 'tiny' })
    expect(result.status).toBe(400)
    expect(result.body.intent).toBe('resetPassword')
    expect(errorsOf(result).password).toEqual({ key: 'account.passwordTooShort', vars: { min: 10 } })
  })

  test('an unknown intent is a bad request', async () => {
    const target = await makeUser(db, { role: 'expert' })
    expect((await editUser(target.id, { intent: 'delete' })).status).toBe(400)
  })

  test.each(['district', 'lab', 'expert'] as const)('a %s user gets 404 from the user page and its actions', async (role) => {
    const lab = makeLab(db)
    const target = await makeUser(db, { role: 'expert', username: 'target' })
    const cookie = signIn(
      await makeUser(db, { role, districtCode: role === 'district' ? '320508' : null, labId: role === 'lab' ? lab.id : null }),
    )
    const loaded = await outcome(() =>
      editLoader({ request: getRequest(`/users/${target.id}`, cookie), params: { userId: String(target.id) }, context: TEST_CONTEXT }),
    )
    expect(loaded.status).toBe(404)
    expect((await editUser(target.id, editFields(target, { displayName: '入侵' }), cookie)).status).toBe(404)
    expect((await editUser(target.id, { intent: 'resetPassword', password: NEW_PASSWORD }, cookie)).status).toBe(404)
    expect(userRow(target.id)).toMatchObject({ displayName: target.displayName, passwordHash: target.passwordHash })
  })

  test('an unknown user is 404', async () => {
    expect((await editUser(999, { intent: 'resetPassword', password: NEW_PASSWORD })).status).toBe(404)
  })
})

describe('the user list', () => {
  test('the bureau filters by role and text, without password hashes', async () => {
    const lab = makeLab(db, { name: '昆山实验室' })
    await makeUser(db, { role: 'lab', labId: lab.id, username: 'ks_lab' })
    await makeUser(db, { role: 'district', districtCode: '320583', username: 'kunshan' })
    await makeUser(db, { role: 'expert', username: 'reviewer' })
    const list = async (query: string) => {
      const r = await outcome(() => listLoader({ request: getRequest(`/users${query}`, bureauCookie), params: {}, context: TEST_CONTEXT }))
      return r.body as { rows: Record<string, unknown>[]; total: number }
    }
    const all = await list('')
    expect(all.total).toBe(4)
    expect(JSON.stringify(all)).not.toContain('passwordHash')
    expect((await list('?role=district')).rows.map((r) => r.username)).toEqual(['kunshan'])
    const labs = await list('?role=lab')
    expect(labs.rows).toEqual([expect.objectContaining({ username: 'ks_lab', labName: '昆山实验室' })])
    expect((await list('?q=REVIEW')).rows.map((r) => r.username)).toEqual(['reviewer'])
    expect(await list('?size=20&page=2')).toMatchObject({ rows: [], total: 4 })
  })

  test('a district user gets 404 from the user list', async () => {
    const cookie = await signInAs(db, { role: 'district', districtCode: '320508' })
    expect((await outcome(() => listLoader({ request: getRequest('/users', cookie), params: {}, context: TEST_CONTEXT }))).status).toBe(404)
  })
})
