import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { makeUscc } from '~/domain/uscc'
import { action as decideAction, loader as applicantLoader } from '~/routes/applicants.$applicantId'
import { loader as listLoader } from '~/routes/applicants._index'
import { action as newAction, loader as newLoader } from '~/routes/applicants.new'
import { action as registerAction, loader as registerLoader } from '~/routes/register'
import { loader as registrationLoader } from '~/routes/registration'
import { action as newUserAction } from '~/routes/users.new'
import { roleScopeProblems } from '~/models/users.server'
import type { Db } from '~db/client.server'
import { applicants, cityDepartments, users } from '~db/schema'
import { pinClock } from '../clock'
import {
  errorsOf,
  formRequest,
  getRequest,
  makeUser,
  outcome,
  type RouteFunction,
  setupTestDb,
  signIn,
  TEST_CONTEXT,
  valuesOf,
} from '../helpers'

// The applicants' pages (issue 21): /register is public and throttled; /applicants and its rows
// belong to the offices, each its own; /registration to an applicant account. Out of role or
// scope is 404; bad input 400 keeping what was typed (not the password); a stale page 409.
pinClock('2027-03-01T02:00:00.000Z')

let db: Db
let bureau: string
let gusu: string
let huqiu: string
let edu: string
let lab: string
let educationId: number

beforeEach(async () => {
  db = setupTestDb()
  educationId = db.insert(cityDepartments).values({ code: 'edu', nameZh: '市教育局', nameEn: 'Education' }).returning().get().id
  bureau = signIn(await makeUser(db, { role: 'bureau' }))
  gusu = signIn(await makeUser(db, { role: 'district', districtCode: '320508' }))
  huqiu = signIn(await makeUser(db, { role: 'district', districtCode: '320505' }))
  const eduUser = await makeUser(db, { role: 'department' })
  db.update(users).set({ departmentId: educationId }).where(eq(users.id, eduUser.id)).run()
  edu = signIn(eduUser)
  lab = signIn(await makeUser(db, { role: 'lab' }))
})

const get = (loader: RouteFunction, url: string, cookie?: string, params = {}) =>
  outcome(async () => loader({ request: getRequest(url, cookie), params, context: TEST_CONTEXT }))
const post = (run: RouteFunction, url: string, fields: Record<string, string>, cookie?: string, params = {}) =>
  outcome(async () => run({ request: formRequest(url, fields, cookie), params, context: TEST_CONTEXT }))

let serial = 0
const registration = (over: Record<string, string> = {}) => ({
  name: '苏州某科技有限公司',
  uscc: makeUscc({ authority: '9', kind: '1', region: '320508', serial: `QWE${String(++serial).padStart(6, '0')}` }),
  orgKind: 'enterprise',
  office: 'district:320508',
  contactName: '张三',
  contactPhone: '0512-68615713',
  contactEmail: 'zhang@example.cn',
  username: `reg${++serial}`,
  password: 'a-long-password',
  ...over,
})
async function registered(over: Record<string, string> = {}) {
  const r = await post(registerAction, '/register', registration(over))
  expect(r.status).toBe(302)
  expect(r.location).toBe('/login?registered=1')
  return db.select().from(applicants).orderBy(applicants.id).all().at(-1)!
}
const version = (id: number) => String(db.select().from(applicants).where(eq(applicants.id, id)).get()!.rowVersion)
const applicantCookie = (applicantId: number) => signIn(db.select().from(users).where(eq(users.applicantId, applicantId)).get()!)

describe('/register', () => {
  test('opens without signing in and offers the districts and the active departments', async () => {
    const page = await get(registerLoader, '/register')
    expect(page.status).toBe(200)
    expect(page.body.offices).toMatchObject({ departments: [{ id: educationId, nameZh: '市教育局' }] })
    expect((page.body.offices as { districts: string[] }).districts).toHaveLength(10)
  })

  test('bad input is a 400 with the field messages, keeping what was typed but not the password', async () => {
    const r = await post(registerAction, '/register', registration({ uscc: '91320508ABC', contactEmail: 'nope' }))
    expect(r.status).toBe(400)
    expect(errorsOf(r)).toMatchObject({ uscc: { key: 'applicants.error.uscc.length' }, contactEmail: { key: 'form.invalidEmail' } })
    expect(valuesOf(r)).toMatchObject({ uscc: '91320508ABC', name: '苏州某科技有限公司', password: '' })
    expect(db.select().from(applicants).all()).toEqual([])
  })

  test('a credit code already registered is refused with its message', async () => {
    const first = await registered()
    const r = await post(registerAction, '/register', registration({ uscc: first.uscc }))
    expect(r.status).toBe(400)
    expect(errorsOf(r).uscc.key).toBe('applicants.error.usccTaken')
  })

  test('the sixth registration from one address within the hour is a 429 with its wait', async () => {
    for (let i = 0; i < 5; i++) await registered()
    const r = await post(registerAction, '/register', registration())
    expect(r.status).toBe(429)
    expect(errorsOf(r)._form).toEqual({ key: 'applicants.error.throttled', vars: { minutes: 60 } })
    expect(db.select().from(applicants).all()).toHaveLength(5)
  })
})

describe('/applicants', () => {
  test('lists each office its own: the district its district, the department its own, the bureau all', async () => {
    const inGusu = await registered()
    const atEdu = await registered({ office: `department:${educationId}` })
    const ids = async (cookie: string) => ((await get(listLoader, '/applicants', cookie)).body.rows as { id: number }[]).map((r) => r.id)
    expect(await ids(gusu)).toEqual([inGusu.id])
    expect(await ids(huqiu)).toEqual([])
    expect(await ids(edu)).toEqual([atEdu.id])
    expect((await ids(bureau)).sort()).toEqual([inGusu.id, atEdu.id].sort())
    expect((await get(listLoader, '/applicants', gusu)).body.pending).toBe(1)
  })

  test('a lab, an expert or an applicant account gets 404, an anonymous visitor the sign-in page', async () => {
    const a = await registered()
    expect((await get(listLoader, '/applicants', lab)).status).toBe(404)
    expect((await get(listLoader, '/applicants', signIn(await makeUser(db, { role: 'expert' })))).status).toBe(404)
    expect((await get(listLoader, '/applicants', applicantCookie(a.id))).status).toBe(404)
    expect((await get(newLoader, '/applicants/new', lab)).status).toBe(404)
    expect((await get(listLoader, '/applicants')).location).toMatch(/^\/login/)
  })

  test('another district’s or department’s applicant is 404, to read and to decide', async () => {
    const a = await registered()
    const params = { applicantId: String(a.id) }
    expect((await get(applicantLoader, `/applicants/${a.id}`, huqiu, params)).status).toBe(404)
    expect((await get(applicantLoader, `/applicants/${a.id}`, edu, params)).status).toBe(404)
    const r = await post(decideAction, `/applicants/${a.id}`, { intent: 'confirm', rowVersion: version(a.id) }, huqiu, params)
    expect(r.status).toBe(404)
    expect(db.select().from(applicants).where(eq(applicants.id, a.id)).get()!.status).toBe('pending')
  })

  test('the office confirms; the applicant’s status page then says so', async () => {
    const a = await registered()
    const params = { applicantId: String(a.id) }
    const mine = applicantCookie(a.id)
    expect((await get(registrationLoader, '/registration', mine)).body.applicant).toMatchObject({ status: 'pending' })
    const r = await post(decideAction, `/applicants/${a.id}`, { intent: 'confirm', rowVersion: version(a.id) }, gusu, params)
    expect(r.location).toBe(`/applicants/${a.id}?saved=confirm`)
    expect((await get(registrationLoader, '/registration', mine)).body.applicant).toMatchObject({ status: 'confirmed' })
    expect((await get(registrationLoader, '/registration', gusu)).status).toBe(404)
  })

  test('a refusal without a reason is a 400; on a stale page a 409 that keeps the reason typed', async () => {
    const a = await registered()
    const params = { applicantId: String(a.id) }
    const seen = version(a.id)
    const blank = await post(decideAction, `/applicants/${a.id}`, { intent: 'refuse', reason: '', rowVersion: seen }, gusu, params)
    expect(blank.status).toBe(400)
    expect(errorsOf(blank).reason.key).toBe('applicants.error.reasonRequired')
    await post(decideAction, `/applicants/${a.id}`, { intent: 'confirm', rowVersion: seen }, bureau, params)
    const stale = await post(decideAction, `/applicants/${a.id}`, { intent: 'refuse', reason: '材料不全', rowVersion: seen }, gusu, params)
    expect(stale.status).toBe(409)
    expect(valuesOf(stale).reason).toBe('材料不全')
    expect(db.select().from(applicants).where(eq(applicants.id, a.id)).get()!.status).toBe('confirmed')
  })

  test('an unknown intent is a 400, not a 500', async () => {
    const a = await registered()
    const r = await post(decideAction, `/applicants/${a.id}`, { intent: 'delete' }, gusu, { applicantId: String(a.id) })
    expect(r.status).toBe(400)
  })

  test('a department creates a confirmed applicant of its own and sees the initial password once; another office’s is a 400', async () => {
    const fields = { ...registration({ office: `department:${educationId}` }), password: '' }
    const r = await post(newAction, '/applicants/new', fields, edu)
    expect(r.status).toBe(200)
    expect(r.body.created).toMatchObject({ username: fields.username, password: expect.stringMatching(/^\w{12}$/) })
    const refused = await post(newAction, '/applicants/new', registration({ office: 'district:320508' }), edu)
    expect(refused.status).toBe(400)
    expect(errorsOf(refused).office.key).toBe('applicants.error.officeNotYours')
  })
})

describe('/users/new (issue 21)', () => {
  const user = (over: Record<string, string>) => ({
    username: `u${++serial}`,
    displayName: 'X',
    password: 'a-long-password',
    active: 'on',
    ...over,
  })
  test('makes a department account bound to an active department', async () => {
    const r = await post(newUserAction, '/users/new', user({ role: 'department', departmentId: String(educationId) }), bureau)
    expect(r.status).toBe(302)
    expect(db.select().from(users).orderBy(users.id).all().at(-1)).toMatchObject({ role: 'department', departmentId: educationId })
  })
  test('a department account without a department, or with an inactive one, is refused', async () => {
    expect(errorsOf(await post(newUserAction, '/users/new', user({ role: 'department' }), bureau)).departmentId.key).toBe(
      'users.error.departmentRequired',
    )
    db.update(cityDepartments).set({ active: false }).where(eq(cityDepartments.id, educationId)).run()
    const r = await post(newUserAction, '/users/new', user({ role: 'department', departmentId: String(educationId) }), bureau)
    expect(r.status).toBe(400)
    expect(errorsOf(r).departmentId.key).toBe('form.invalidChoice')
  })
  test('an applicant account is refused with a message pointing to the applicants page', async () => {
    const r = await post(newUserAction, '/users/new', user({ role: 'applicant' }), bureau)
    expect(r.status).toBe(400)
    expect(errorsOf(r).role.key).toBe('users.error.applicantRole')
  })
  test('the user import refuses both new roles through the same rule (it names no department)', () => {
    expect(roleScopeProblems('department', {})).toEqual({ departmentId: { key: 'users.error.departmentRequired' } })
    expect(roleScopeProblems('applicant', {})).toEqual({ role: { key: 'users.error.applicantRole' } })
    expect(roleScopeProblems('applicant', {}, { keepsApplicant: true })).toEqual({})
  })
  test('a department given to another role is dropped', async () => {
    await post(newUserAction, '/users/new', user({ role: 'bureau', departmentId: String(educationId) }), bureau)
    expect(db.select().from(users).orderBy(users.id).all().at(-1)).toMatchObject({ role: 'bureau', departmentId: null })
  })
})
