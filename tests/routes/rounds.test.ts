import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { action as roundAction, loader as roundLoader } from '~/routes/rounds.$roundId'
import { loader as listLoader } from '~/routes/rounds._index'
import { action as newAction, loader as newLoader } from '~/routes/rounds.new'
import { action as departmentsAction, loader as departmentsLoader } from '~/routes/departments'
import type { Db } from '~db/client.server'
import { certificationRounds, cityDepartments } from '~db/schema'
import { pinClock } from '../clock'
import {
  errorsOf,
  formRequest,
  type RouteFunction,
  getRequest,
  makeLab,
  makeUser,
  outcome,
  setupTestDb,
  signIn,
  TEST_CONTEXT,
  valuesOf,
} from '../helpers'

// The rounds pages and the city departments page (issue 21): the bureau's alone; bad input is a
// 400 that keeps what was typed; a stale page a 409.
pinClock('2027-03-01T02:00:00.000Z')

let db: Db
let bureau: string
beforeEach(async () => {
  db = setupTestDb()
  bureau = signIn(await makeUser(db, { role: 'bureau' }))
})

const SETTINGS = {
  intent: 'saveSettings',
  nameZh: '2027年度申报',
  nameEn: '2027 call',
  year: '2027',
  applicationsDueAt: '2027-03-31T17:00',
  recommendationsDueAt: '2027-04-15T17:00',
  districtQuota: '3',
  departmentQuota: '2',
}
const get = (loader: RouteFunction, url: string, cookie: string, params = {}) =>
  outcome(async () => loader({ request: getRequest(url, cookie), params, context: TEST_CONTEXT }))
const post = (run: RouteFunction, url: string, fields: Record<string, string>, cookie: string, params = {}) =>
  outcome(async () => run({ request: formRequest(url, fields, cookie), params, context: TEST_CONTEXT }))
const version = (id: number) => String(db.select().from(certificationRounds).where(eq(certificationRounds.id, id)).get()!.rowVersion)

async function created() {
  const r = await post(newAction, '/rounds/new', SETTINGS, bureau)
  expect(r.status).toBe(302)
  return Number(/\/rounds\/(\d+)\?saved=created$/.exec(r.location!)![1])
}

describe('the bureau', () => {
  test('creates a round and finds it listed with its Shanghai deadlines and stage', async () => {
    const id = await created()
    const list = await get(listLoader, '/rounds', bureau)
    expect(list.body.rounds).toMatchObject([{ id, applicationsDueAt: '2027-03-31T09:00:00.000Z', stage: 'open' }])
    const page = await get(roundLoader, `/rounds/${id}`, bureau, { roundId: String(id) })
    expect(page.status).toBe(200)
    expect(page.body).toMatchObject({ stage: 'open', criteriaEditable: true })
  })

  test('the new-round form offers 17:00 deadlines', async () => {
    const page = await get(newLoader, '/rounds/new', bureau)
    const defaults = page.body.defaults as Record<string, string>
    expect(defaults.applicationsDueAt).toMatch(/T17:00$/)
    expect(defaults.recommendationsDueAt > defaults.applicationsDueAt).toBe(true)
  })

  test('a deadline typed wrong is a 400 naming the field and keeping what was typed', async () => {
    const r = await post(newAction, '/rounds/new', { ...SETTINGS, applicationsDueAt: '2027-02-30T17:00' }, bureau)
    expect(r.status).toBe(400)
    expect(errorsOf(r).applicationsDueAt.key).toBe('rounds.error.deadline')
    expect(valuesOf(r).applicationsDueAt).toBe('2027-02-30T17:00')
    expect(db.select().from(certificationRounds).all()).toEqual([])
  })

  test('each section saves by its intent; an unknown intent is 400, a stale page 409', async () => {
    const id = await created()
    const params = { roundId: String(id) }
    const send = (fields: Record<string, string>) => post(roundAction, `/rounds/${id}`, fields, bureau, params)
    const saved = await send({ intent: 'saveQuotas', rowVersion: version(id), 'quota-district-320583': '4' })
    expect(saved).toMatchObject({ status: 302, location: `/rounds/${id}?saved=saveQuotas` })
    const stale = await send({ ...SETTINGS, rowVersion: '1', nameZh: '改名' })
    expect(stale.status).toBe(409)
    expect(valuesOf(stale).nameZh).toBe('改名')
    expect((await send({ intent: 'dropRound', rowVersion: version(id) })).status).toBe(400)
    const quota = await send({ intent: 'saveQuotas', rowVersion: version(id), 'quota-district-320583': 'many' })
    expect(quota.status).toBe(400)
    expect(valuesOf(quota)['quota-district-320583']).toBe('many')
  })

  test('an unknown or malformed round id is 404', async () => {
    expect((await get(roundLoader, '/rounds/99', bureau, { roundId: '99' })).status).toBe(404)
    expect((await get(roundLoader, '/rounds/x', bureau, { roundId: 'x' })).status).toBe(404)
    expect((await post(roundAction, '/rounds/99', { ...SETTINGS, rowVersion: '1' }, bureau, { roundId: '99' })).status).toBe(404)
  })

  test('adds a city department; a taken code is a 400 keeping the names typed', async () => {
    const add = (code: string) =>
      post(departmentsAction, '/departments', { intent: 'addDepartment', code, nameZh: '市工信局', nameEn: 'MIIT' }, bureau)
    expect((await add('gxj')).location).toBe('/departments?saved=addDepartment')
    const again = await add('gxj')
    expect(again.status).toBe(400)
    expect(errorsOf(again).code.key).toBe('departments.error.codeTaken')
    expect(valuesOf(again).nameZh).toBe('市工信局')
    expect((await get(departmentsLoader, '/departments', bureau)).body.departments).toHaveLength(1)
  })
})

describe('everyone else', () => {
  test('a district, a lab and an expert find none of the pages nor their actions, and nothing changes', async () => {
    const id = await created()
    const dept = db.insert(cityDepartments).values({ code: 'edu', nameZh: '市教育局', nameEn: 'Education' }).returning().get()
    const lab = makeLab(db)
    const params = { roundId: String(id) }
    for (const user of [
      await makeUser(db, { role: 'district', districtCode: '320508' }),
      await makeUser(db, { role: 'lab', labId: lab.id }),
      await makeUser(db, { role: 'expert' }),
    ]) {
      const cookie = signIn(user)
      expect((await get(listLoader, '/rounds', cookie)).status).toBe(404)
      expect((await get(newLoader, '/rounds/new', cookie)).status).toBe(404)
      expect((await get(roundLoader, `/rounds/${id}`, cookie, params)).status).toBe(404)
      expect((await get(departmentsLoader, '/departments', cookie)).status).toBe(404)
      expect((await post(newAction, '/rounds/new', SETTINGS, cookie)).status).toBe(404)
      expect(
        (await post(roundAction, `/rounds/${id}`, { ...SETTINGS, nameZh: '篡改', rowVersion: version(id) }, cookie, params)).status,
      ).toBe(404)
      expect(
        (await post(departmentsAction, '/departments', { intent: 'deactivateDepartment', id: String(dept.id), rowVersion: '1' }, cookie))
          .status,
      ).toBe(404)
    }
    expect(
      db
        .select()
        .from(certificationRounds)
        .all()
        .map((r) => r.nameZh),
    ).toEqual(['2027年度申报'])
    expect(db.select().from(cityDepartments).get()!.active).toBe(true)
  })

  test('signed out, every page sends to the sign-in page', async () => {
    const r = await outcome(() => listLoader({ request: getRequest('/rounds'), params: {}, context: TEST_CONTEXT }))
    expect(r.status).toBe(302)
    expect(r.location).toMatch(/^\/login/)
  })
})
