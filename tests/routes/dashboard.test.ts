import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { DashboardData } from '~/models/dashboard.server'
import { loader as homeLoader } from '~/routes/_index'
import { setClock } from '~/utils/clock.server'
import { setDb } from '~/utils/db.server'
import { openDb, type Db } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { DISTRICT_CODES } from '~db/schema/enums'
import { seedDemo } from '~db/seed'
import { getRequest, outcome, signIn, TEST_CONTEXT } from '../helpers'

const NOW = new Date('2026-11-28T02:00:00Z')
const GUSU = '320508'

let db: Db

beforeAll(async () => {
  db = openDb(':memory:')
  runMigrations(db)
  await seedDemo(db, { now: NOW })
  setDb(db)
  setClock(NOW)
})
afterAll(() => setClock(undefined))

function cookieOf(username: string) {
  const user = db.$client.prepare('SELECT id FROM users WHERE username = ?').get(username) as { id: number }
  return signIn(user)
}

async function home(username: string | null, query = '') {
  const request = getRequest(`/${query}`, username ? cookieOf(username) : undefined)
  return outcome(() => homeLoader({ request, params: {}, context: TEST_CONTEXT }))
}

const overviewOf = (body: Record<string, unknown>) => body.overview as DashboardData

describe('the home page loader', () => {
  test('without a session it redirects to the sign-in page', async () => {
    const r = await home(null)
    expect(r.status).toBe(302)
    expect(r.location).toMatch(/^\/login/)
  })

  test('the bureau gets the city-wide dashboard', async () => {
    const r = await home('bureau')
    expect(r.status).toBe(200)
    expect(r.body.kind).toBe('overview')
    const data = overviewOf(r.body)
    const labCount = (db.$client.prepare('SELECT count(*) AS n FROM labs').get() as { n: number }).n
    expect(data.scope).toBeNull()
    expect(data.tiles.total).toBe(labCount)
    expect(data.districts).toEqual([...DISTRICT_CODES])
    expect(new Set(data.byDistrict.map((r) => r.districtCode)).size).toBeGreaterThan(1)
    expect(data.expiries).toHaveLength(24)
    expect(data.complianceShare).toHaveLength(24)
    expect(data.attention.total).toBeGreaterThan(0)
  })

  test('a district officer gets its own district’s dashboard and nothing of another district', async () => {
    const r = await home('gusu')
    expect(r.body.kind).toBe('overview')
    const data = overviewOf(r.body)
    expect(data.scope).toBe(GUSU)
    expect(data.districts).toEqual([GUSU])
    expect(data.byDistrict.length).toBeGreaterThan(0)
    expect(data.byDistrict.every((row) => row.districtCode === GUSU)).toBe(true)
    expect(data.attention.rows.length).toBeGreaterThan(0)
    expect(data.attention.rows.every((row) => row.districtCode === GUSU)).toBe(true)
    const own = (db.$client.prepare('SELECT count(*) AS n FROM labs WHERE district_code = ?').get(GUSU) as { n: number }).n
    expect(data.tiles.total).toBe(own)
    // nothing in what is sent to the browser names another district or another district's lab
    const sent = JSON.stringify(r.body)
    for (const code of DISTRICT_CODES.filter((c) => c !== GUSU)) expect(sent).not.toContain(`"${code}"`)
    const others = db.$client.prepare('SELECT name FROM labs WHERE district_code <> ?').all(GUSU) as { name: string }[]
    expect(others.length).toBeGreaterThan(0)
    for (const { name } of others) expect(sent).not.toContain(name)
  })

  test('a lab user gets the lab home, not the dashboard', async () => {
    const r = await home('lab')
    expect(r.status).toBe(200)
    expect(r.body.kind).toBe('lab')
    expect(r.body.overview).toBeUndefined()
  })

  test('an expert gets no dashboard data: its home is its review tasks', async () => {
    const r = await home('expert')
    expect(r).toMatchObject({ status: 302, location: '/assignments' })
    expect(r.body.overview).toBeUndefined()
  })
})

describe('the needs-attention table’s state in the URL', () => {
  test('the page and the filters come from the query string', async () => {
    const first = overviewOf((await home('bureau')).body).attention
    const second = overviewOf((await home('bureau', '?attention=2')).body).attention
    expect(second.page).toBe(2)
    expect(second.rows.map((r) => `${r.labId}/${r.checkId}/${r.subject}`)).not.toEqual(
      first.rows.map((r) => `${r.labId}/${r.checkId}/${r.subject}`),
    )
    const failing = overviewOf((await home('bureau', '?result=failing&check=validity')).body).attention
    expect(failing.filter).toMatchObject({ result: 'failing', check: 'validity' })
    expect(failing.rows.every((r) => r.result === 'failing' && r.checkId === 'validity')).toBe(true)
  })
})
