import { and, asc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { isConfirmedApplicant } from '~/domain/permissions'
import { makeUscc } from '~/domain/uscc'
import {
  createApplicantByOffice,
  decideApplicant,
  getApplicant,
  listApplicants,
  ownApplicant,
  pendingApplicantCount,
  registerApplicant,
  requireConfirmedApplicant,
} from '~/models/applicants.server'
import { contactsFor } from '~/models/help.server'
import { registrationThrottle } from '~/models/registration-throttle.server'
import type { ActingUser } from '~/models/result.server'
import { verifyPassword } from '~/utils/password.server'
import type { Db } from '~db/client.server'
import { applicants, auditLog, cityDepartments, inboxItems, notices, users } from '~db/schema'
import { pinClock } from '../clock'
import { makeUser, setupTestDb } from '../helpers'

// 申报单位 (issue 21) on a migrated SQLite: a registration and its account in one audited
// transaction, the office's confirm and refuse, and what each office may see.
const AT = new Date('2027-03-01T02:00:00.000Z')
pinClock(AT)

let db: Db
let bureau: ActingUser
let gusu: ActingUser
let huqiu: ActingUser
let education: ActingUser
let science: ActingUser
let educationId: number

const acting = (u: typeof users.$inferSelect): ActingUser => ({
  id: u.id,
  role: u.role,
  districtCode: u.districtCode,
  labId: u.labId,
  departmentId: u.departmentId ?? null,
  applicantId: u.applicantId ?? null,
  displayName: u.displayName,
})

function department(code: string) {
  return db
    .insert(cityDepartments)
    .values({ code, nameZh: `${code}局`, nameEn: code })
    .returning()
    .get().id
}
async function departmentUser(departmentId: number) {
  const u = await makeUser(db, { role: 'department' })
  return db.update(users).set({ departmentId }).where(eq(users.id, u.id)).returning().get()
}

beforeEach(async () => {
  db = setupTestDb()
  educationId = department('edu')
  const scienceId = department('sci')
  bureau = acting(await makeUser(db, { role: 'bureau' }))
  gusu = acting(await makeUser(db, { role: 'district', districtCode: '320508' }))
  huqiu = acting(await makeUser(db, { role: 'district', districtCode: '320505' }))
  education = acting(await departmentUser(educationId))
  science = acting(await departmentUser(scienceId))
})

let serial = 0
const code = (region = '320508') => makeUscc({ authority: '9', kind: '1', region, serial: `ABC${String(++serial).padStart(6, '0')}` })
const form = (over: Record<string, string> = {}) => ({
  name: '苏州某科技有限公司',
  uscc: code(),
  orgKind: 'enterprise',
  office: 'district:320508',
  contactName: '张三',
  contactPhone: '13800000000',
  contactEmail: 'zhang@example.cn',
  username: `applicant${++serial}`,
  password: 'a-long-password',
  ...over,
})
const open = () => ({ wait: () => 0, count: () => {} })

async function register(over: Record<string, string> = {}) {
  const r = await registerApplicant({ values: form(over), ip: '10.0.0.1', throttle: open(), now: AT })
  if (!r.ok) throw new Error(JSON.stringify(r))
  return r
}
const version = (id: number) => String(db.select().from(applicants).where(eq(applicants.id, id)).get()!.rowVersion)
const audits = (id: number) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'applicant'), eq(auditLog.entityId, String(id))))
    .orderBy(asc(auditLog.id))
    .all()
const inboxOf = (userId: number) =>
  db
    .select({ title: notices.title })
    .from(inboxItems)
    .innerJoin(notices, eq(notices.id, inboxItems.noticeId))
    .where(eq(inboxItems.userId, userId))
    .all()

describe('registering', () => {
  test('creates a pending applicant and its applicant account in one audited step, and tells the office it named', async () => {
    const r = await register({ uscc: ` ${code().toLowerCase()} ` })
    const row = db.select().from(applicants).where(eq(applicants.id, r.applicantId)).get()!
    expect(row).toMatchObject({ status: 'pending', officeDistrictCode: '320508', officeDepartmentId: null })
    expect(row.uscc).toMatch(/^[0-9A-Z]{18}$/)
    const account = db.select().from(users).where(eq(users.id, r.userId)).get()!
    expect(account).toMatchObject({ role: 'applicant', applicantId: r.applicantId, displayName: '张三', email: 'zhang@example.cn' })
    expect(await verifyPassword('a-long-password', account.passwordHash)).toBe(true)
    const [audit] = audits(r.applicantId)
    expect(audit).toMatchObject({ action: 'create', actorUserId: r.userId })
    expect(audit.after).toMatchObject({ status: 'pending', uscc: row.uscc })
    expect(inboxOf(gusu.id).map((n) => n.title)).toEqual([{ key: 'notices.applicant.registered', params: { name: row.name } }])
    expect(inboxOf(huqiu.id)).toEqual([])
    expect(inboxOf(education.id)).toEqual([])
  })

  test('a registration naming a city department tells that department, not a district', async () => {
    await register({ office: `department:${educationId}` })
    expect(inboxOf(education.id)).toHaveLength(1)
    expect(inboxOf(science.id)).toHaveLength(0)
    expect(inboxOf(gusu.id)).toHaveLength(0)
  })

  test('a bad check character is refused; a code registered outside Suzhou is accepted and flagged', async () => {
    const good = code()
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0')
    const refused = await registerApplicant({ values: form({ uscc: bad }), ip: '', throttle: open(), now: AT })
    expect(refused).toMatchObject({ ok: false, error: 'invalid', errors: { uscc: { key: 'applicants.error.uscc.checksum' } } })
    const outside = await register({ uscc: code('310115') })
    expect(outside.inSuzhou).toBe(false)
    expect(db.select().from(applicants).all()).toHaveLength(1)
  })

  test('a second live registration of the same credit code is refused with its own message; after a refusal it may register again', async () => {
    const uscc = code()
    const first = await register({ uscc })
    const again = await registerApplicant({ values: form({ uscc }), ip: '', throttle: open(), now: AT })
    expect(again).toMatchObject({ ok: false, errors: { uscc: { key: 'applicants.error.usccTaken' } } })
    decideApplicant({ by: gusu, id: first.applicantId, decision: 'refuse', reason: '非本区注册', version: version(first.applicantId) })
    expect((await registerApplicant({ values: form({ uscc }), ip: '', throttle: open(), now: AT })).ok).toBe(true)
  })

  test('an inactive department, a missing phone and a taken username are refused, and nothing is written', async () => {
    db.update(cityDepartments).set({ active: false }).where(eq(cityDepartments.id, educationId)).run()
    const r = await registerApplicant({
      values: form({ office: `department:${educationId}`, contactPhone: '12', password: 'short' }),
      ip: '',
      throttle: open(),
      now: AT,
    })
    expect(r).toMatchObject({
      ok: false,
      errors: {
        office: { key: 'applicants.error.office' },
        contactPhone: { key: 'form.invalidPhone' },
        password: { key: 'account.passwordTooShort' },
      },
    })
    const taken = await registerApplicant({ values: form({ username: 'chief' }), ip: '', throttle: open(), now: AT })
    expect(taken.ok).toBe(true)
    const twice = await registerApplicant({ values: form({ username: 'chief' }), ip: '', throttle: open(), now: AT })
    expect(twice).toMatchObject({ ok: false, errors: { username: { key: 'users.error.usernameTaken' } } })
  })

  test('an address that registered five times in the hour waits, and its sixth writes nothing', async () => {
    for (let i = 0; i < 5; i++)
      expect(
        (await registerApplicant({ values: form(), ip: '10.9.9.9', throttle: registrationThrottle('10.9.9.9', AT), now: AT })).ok,
      ).toBe(true)
    const sixth = await registerApplicant({ values: form(), ip: '10.9.9.9', throttle: registrationThrottle('10.9.9.9', AT), now: AT })
    expect(sixth).toEqual({ ok: false, error: 'throttled', minutes: 60 })
    expect((await registerApplicant({ values: form(), ip: '10.8.8.8', throttle: registrationThrottle('10.8.8.8', AT), now: AT })).ok).toBe(
      true,
    )
    expect(db.select().from(applicants).all()).toHaveLength(6)
  })
})

describe('the office decides', () => {
  test('its district office confirms: the applicant may apply now, is told, and the step is audited with before and after', async () => {
    const r = await register()
    const applicantActor = { id: r.userId, role: 'applicant' as const, districtCode: null, labId: null, applicantId: r.applicantId }
    expect(isConfirmedApplicant(applicantActor, ownApplicant(applicantActor))).toBe(false)
    expect(() => requireConfirmedApplicant(applicantActor)).toThrow()
    expect(decideApplicant({ by: gusu, id: r.applicantId, decision: 'confirm', version: version(r.applicantId) })).toEqual({
      ok: true,
      id: r.applicantId,
    })
    expect(requireConfirmedApplicant(applicantActor)).toMatchObject({ status: 'confirmed' })
    const [, decided] = audits(r.applicantId)
    expect(decided).toMatchObject({ action: 'decide', actorUserId: gusu.id })
    expect(decided.before).toMatchObject({ status: 'pending' })
    expect(decided.after).toMatchObject({ status: 'confirmed', decidedBy: gusu.id })
    expect(inboxOf(r.userId).map((n) => (n.title as { key: string }).key)).toEqual(['notices.applicant.confirmed'])
  })

  test('a refusal needs its reason, which the applicant is told', async () => {
    const r = await register()
    expect(
      decideApplicant({ by: gusu, id: r.applicantId, decision: 'refuse', reason: '  ', version: version(r.applicantId) }),
    ).toMatchObject({
      ok: false,
      error: 'invalid',
      errors: { reason: { key: 'applicants.error.reasonRequired' } },
    })
    decideApplicant({ by: gusu, id: r.applicantId, decision: 'refuse', reason: '信用代码与营业执照不符', version: version(r.applicantId) })
    expect(db.select().from(applicants).where(eq(applicants.id, r.applicantId)).get()).toMatchObject({
      status: 'refused',
      statusReason: '信用代码与营业执照不符',
    })
    expect(inboxOf(r.userId)[0].title).toMatchObject({ key: 'notices.applicant.refused', params: { reason: '信用代码与营业执照不符' } })
  })

  test('a decision on a page that was stale is refused with 409 and what the row is now; a decided one cannot be decided again', async () => {
    const r = await register()
    const seen = version(r.applicantId)
    decideApplicant({ by: bureau, id: r.applicantId, decision: 'confirm', version: seen })
    expect(decideApplicant({ by: gusu, id: r.applicantId, decision: 'refuse', reason: 'x', version: seen })).toMatchObject({
      ok: false,
      error: 'conflict',
      stale: { status: 'confirmed', by: bureau.displayName },
    })
    expect(
      decideApplicant({ by: gusu, id: r.applicantId, decision: 'refuse', reason: 'x', version: version(r.applicantId) }),
    ).toMatchObject({
      ok: false,
      error: 'conflict',
      errors: { _form: { key: 'applicants.error.decided' } },
    })
  })

  test('another district office and another department cannot decide: the applicant does not exist for them', async () => {
    const r = await register()
    expect(decideApplicant({ by: huqiu, id: r.applicantId, decision: 'confirm', version: version(r.applicantId) })).toEqual({
      ok: false,
      error: 'not_found',
    })
    expect(decideApplicant({ by: education, id: r.applicantId, decision: 'confirm', version: version(r.applicantId) })).toEqual({
      ok: false,
      error: 'not_found',
    })
    expect(db.select().from(applicants).where(eq(applicants.id, r.applicantId)).get()!.status).toBe('pending')
  })
})

describe('what each office sees', () => {
  test('a district never sees another district’s applicants, a department only its own, the bureau all', async () => {
    const inGusu = await register()
    const inHuqiu = await register({ office: 'district:320505' })
    const atEducation = await register({ office: `department:${educationId}` })
    const list = (actor: ActingUser) =>
      listApplicants({ actor, filter: { sort: 'createdAt', dir: 'asc' }, page: 1, pageSize: 20 }).rows.map((r) => r.id)
    expect(list(gusu)).toEqual([inGusu.applicantId])
    expect(list(huqiu)).toEqual([inHuqiu.applicantId])
    expect(list(education)).toEqual([atEducation.applicantId])
    expect(list(science)).toEqual([])
    expect(list(bureau)).toEqual([inGusu.applicantId, inHuqiu.applicantId, atEducation.applicantId])
    expect(getApplicant({ actor: gusu, id: inHuqiu.applicantId })).toBeNull()
    expect(getApplicant({ actor: education, id: inGusu.applicantId })).toBeNull()
    expect(pendingApplicantCount(gusu)).toBe(1)
    expect(pendingApplicantCount(bureau)).toBe(3)
  })

  test('the list filters by status and searches name, code and contact', async () => {
    const a = await register({ name: '甲公司' })
    await register({ name: '乙公司' })
    decideApplicant({ by: gusu, id: a.applicantId, decision: 'confirm', version: version(a.applicantId) })
    const rows = (filter: Record<string, string>) =>
      listApplicants({ actor: gusu, filter: { sort: 'name', dir: 'asc', ...filter }, page: 1, pageSize: 20 }).rows.map((r) => r.name)
    expect(rows({ status: 'confirmed' })).toEqual(['甲公司'])
    expect(rows({ status: 'pending' })).toEqual(['乙公司'])
    expect(rows({ q: '乙' })).toEqual(['乙公司'])
  })
})

describe('an office creates an applicant', () => {
  const officeForm = (over: Record<string, string> = {}) => {
    const { password: _p, ...rest } = form(over)
    return rest
  }
  test('confirmed at once, with an initial password that signs in, audited', async () => {
    const r = await createApplicantByOffice({ by: gusu, values: officeForm(), now: AT })
    if (!r.ok) throw new Error(JSON.stringify(r))
    expect(db.select().from(applicants).where(eq(applicants.id, r.applicantId)).get()).toMatchObject({
      status: 'confirmed',
      decidedBy: gusu.id,
    })
    const account = db.select().from(users).where(eq(users.username, r.username)).get()!
    expect(await verifyPassword(r.password, account.passwordHash)).toBe(true)
    expect(audits(r.applicantId)[0]).toMatchObject({ action: 'create', actorUserId: gusu.id })
  })
  test('a district office cannot create one for another office, a lab account not at all', async () => {
    expect(await createApplicantByOffice({ by: gusu, values: officeForm({ office: 'district:320505' }), now: AT })).toMatchObject({
      ok: false,
      errors: { office: { key: 'applicants.error.officeNotYours' } },
    })
    const lab = acting(await makeUser(db, { role: 'lab' }))
    expect(await createApplicantByOffice({ by: lab, values: officeForm(), now: AT })).toEqual({ ok: false, error: 'forbidden' })
    expect(db.select().from(applicants).all()).toEqual([])
  })
})

describe('whom an applicant asks (the help page)', () => {
  test('its own office’s accounts: the district office it named, or the city department', async () => {
    const inGusu = await register()
    const atEducation = await register({ office: `department:${educationId}` })
    const asApplicant = (r: { userId: number; applicantId: number }) => ({
      id: r.userId,
      role: 'applicant' as const,
      districtCode: null,
      labId: null,
      applicantId: r.applicantId,
    })
    const gusuContacts = contactsFor(asApplicant(inGusu))
    expect(gusuContacts).toMatchObject({ kind: 'office', districtCode: '320508' })
    expect(gusuContacts.people.map((p) => p.displayName)).toEqual([gusu.displayName])
    const eduContacts = contactsFor(asApplicant(atEducation))
    expect(eduContacts).toMatchObject({ kind: 'office', districtCode: null, departmentNameZh: 'edu局' })
    expect(eduContacts.people.map((p) => p.displayName)).toEqual([education.displayName])
  })
})
