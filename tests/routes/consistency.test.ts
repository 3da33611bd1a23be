import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { translator } from '~/i18n'
import { loader as homeLoader } from '~/routes/_index'
import { loader as labLoader } from '~/routes/labs.$labId._index'
import { loader as registryLoader } from '~/routes/labs._index'
import { loader as exportLoader } from '~/routes/labs.export'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { users } from '~db/schema'
import { seedComplianceHistory, seedDemo } from '~db/seed'
import { getRequest, setupTestDb, signIn, TEST_CONTEXT, type RouteFunction } from '../helpers'

// "The same lab shows the same status on the dashboard, the table, its page and its CSV row":
// checked for every demo lab, through the loaders the pages use.
const NOW = new Date('2026-11-28T02:00:00Z')
const zh = translator('zh')
// the lab's own rows decide its result; the bureau's (a request it decided late) do not
const worstOf = (all: { result: string; owner: string }[]) => {
  const checks = all.filter((c) => c.owner === 'lab')
  return checks.some((c) => c.result === 'failing')
    ? 'failing'
    : checks.some((c) => c.result === 'warning')
      ? 'warning'
      : checks.length
        ? 'ok'
        : null
}

type Row = { id: number; name: string; status: string; compliance: string | null; districtCode: string }

let db: Db
let bureau: string
let rows: Row[]

const call = async <T>(loader: RouteFunction, url: string, cookie: string, params: Record<string, string> = {}) =>
  (await loader({ request: getRequest(url, cookie), params, context: TEST_CONTEXT })) as T

beforeAll(async () => {
  db = setupTestDb()
  setClock(NOW)
  await seedDemo(db, { now: NOW })
  seedComplianceHistory({ now: NOW })
  bureau = signIn(db.select().from(users).where(eq(users.username, 'bureau')).get()!)
  rows = (await call<{ rows: Row[] }>(registryLoader, '/labs?size=100', bureau)).rows
})

describe('one status per lab everywhere', () => {
  test('the registry lists every demo lab', () => {
    expect(rows).toHaveLength(40)
  })

  test('the lab page shows the registry’s status and the same worst compliance result', async () => {
    for (const row of rows) {
      const page = await call<{ status: string; checks: { result: string; owner: string }[] }>(labLoader, `/labs/${row.id}`, bureau, {
        labId: String(row.id),
      })
      expect(page.status, row.name).toBe(row.status)
      expect(worstOf(page.checks), row.name).toBe(row.compliance)
    }
  })

  test('the CSV row says the same, in words', async () => {
    const response = await call<Response>(exportLoader, '/labs/export?cols=name,status,compliance', bureau)
    const lines = (await response.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)
      .slice(1)
    const csv = new Map(
      lines
        .map((line) => line.split(',').map((f) => f.replace(/^"|"$/g, '')))
        .map(([name, status, compliance]) => [name, { status, compliance }]),
    )
    expect(csv.size).toBe(rows.length)
    for (const row of rows) {
      expect(csv.get(row.name), row.name).toEqual({
        status: zh(`status.${row.status}` as never),
        compliance: row.compliance ? zh(`compliance.result.${row.compliance}` as never) : '—',
      })
    }
  })

  test('the dashboard’s district chart counts each status as the registry does', async () => {
    const home = await call<{ overview: { byDistrict: { districtCode: string; status: string; n: number }[] } }>(homeLoader, '/', bureau)
    const counted = new Map<string, number>()
    for (const row of rows) counted.set(`${row.districtCode}:${row.status}`, (counted.get(`${row.districtCode}:${row.status}`) ?? 0) + 1)
    expect(new Map(home.overview.byDistrict.map((b) => [`${b.districtCode}:${b.status}`, b.n]))).toEqual(counted)
  })

  test('a lab user’s home shows its lab with the registry’s status', async () => {
    for (const username of ['lab', 'lab2']) {
      const user = db.select().from(users).where(eq(users.username, username)).get()!
      const home = await call<{ lab: { status: string; lab: { id: number } } }>(homeLoader, '/', signIn(user))
      expect(home.lab.status).toBe(rows.find((r) => r.id === user.labId)!.status)
    }
  })
})
