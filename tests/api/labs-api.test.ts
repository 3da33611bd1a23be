import { beforeEach, describe, expect, onTestFinished, test } from 'vitest'
import { setClock } from '~/utils/clock.server'
import { resetRateLimits } from '~/api/serve.server'
import { encodeCursor } from '~/api/cursor'
import { RATE_BURST } from '~/domain/api-tokens'
import { loader as labsLoader } from '~/routes/api.v1.labs._index'
import { loader as labLoader } from '~/routes/api.v1.labs.$labId._index'
import { loader as periodsLoader } from '~/routes/api.v1.labs.$labId.periods'
import { loader as checksLoader } from '~/routes/api.v1.labs.$labId.checks'
import { loader as obligationsLoader } from '~/routes/api.v1.labs.$labId.obligations'
import { loader as unknownLoader } from '~/routes/api.v1.$'
import { loader as dashboardLoader } from '~/routes/api.v1.dashboard'
import type { Db } from '~db/client.server'
import { makeLab, setupTestDb } from '../helpers'
import { callApi, readerTokens, type ApiReader } from './api-helpers'

// The read API's lab endpoints (issue 20): scope exactly as the pages', paging, and the problem
// documents for everything refused.

let db: Db
let gusuA: number
let gusuB: number
let wuzhong: number
let tokens: Record<ApiReader, string>

beforeEach(async () => {
  db = setupTestDb()
  resetRateLimits()
  gusuA = makeLab(db, { districtCode: '320508', name: '姑苏甲实验室', startDate: '2025-06-01' }).id
  gusuB = makeLab(db, { districtCode: '320508', name: '姑苏乙实验室', startDate: '2024-01-10' }).id
  wuzhong = makeLab(db, { districtCode: '320506', name: '吴中实验室', startDate: '2025-02-01' }).id
  tokens = await readerTokens(db, { lab: gusuA, otherLab: gusuB })
})

const idsOf = (body: { data?: unknown[] }) => (body.data as { id: number }[]).map((r) => r.id).sort((a, b) => a - b)

describe('GET /api/v1/labs sees what the registry sees', () => {
  test('the bureau sees every lab, with its period in force, host and worst check', async () => {
    const { status, body, headers } = await callApi(labsLoader, '/api/v1/labs', { token: tokens.bureau })
    expect(status).toBe(200)
    expect(headers.get('Content-Type')).toContain('application/json')
    expect(body.total).toBe(3)
    expect(idsOf(body)).toEqual([gusuA, gusuB, wuzhong].sort((a, b) => a - b))
    const lab = (body.data as Record<string, unknown>[]).find((r) => r.id === gusuA)
    expect(lab).toMatchObject({
      name: '姑苏甲实验室',
      district: '320508',
      direction: 1,
      period_in_force: { start: '2025-06-01', end: '2027-05-31' },
    })
    expect(lab?.host_organisation).toMatchObject({ id: expect.any(Number), name: expect.any(String) })
  })

  test('a district token sees its district only, in the rows and in the total', async () => {
    const { body } = await callApi(labsLoader, '/api/v1/labs', { token: tokens.gusu })
    expect(idsOf(body)).toEqual([gusuA, gusuB].sort((a, b) => a - b))
    expect(body.total).toBe(2)
    const other = await callApi(labsLoader, '/api/v1/labs?district=320506', { token: tokens.gusu })
    expect(other.body).toMatchObject({ data: [], total: 0, next_cursor: null })
  })

  test('a lab token sees its own lab only; an expert token sees no lab', async () => {
    expect((await callApi(labsLoader, '/api/v1/labs', { token: tokens.lab })).body).toMatchObject({ total: 1, data: [{ id: gusuA }] })
    expect((await callApi(labsLoader, '/api/v1/labs', { token: tokens.expert })).body).toMatchObject({ total: 0, data: [] })
  })

  test('the certification round’s accounts (an applicant, a city department) see no lab, by list or by id', async () => {
    for (const who of ['applicant', 'department'] as const) {
      expect((await callApi(labsLoader, '/api/v1/labs', { token: tokens[who] })).body).toMatchObject({ total: 0, data: [] })
      expect((await callApi(labLoader, `/api/v1/labs/${gusuA}`, { token: tokens[who], params: { labId: String(gusuA) } })).status).toBe(404)
    }
  })

  test('filters and search narrow the list as on the page', async () => {
    expect(idsOf((await callApi(labsLoader, '/api/v1/labs?district=320506', { token: tokens.bureau })).body)).toEqual([wuzhong])
    expect(idsOf((await callApi(labsLoader, '/api/v1/labs?q=%E5%90%B4%E4%B8%AD', { token: tokens.bureau })).body)).toEqual([wuzhong])
    expect((await callApi(labsLoader, '/api/v1/labs?direction=2', { token: tokens.bureau })).body.total).toBe(0)
  })

  test('pages follow next_cursor to the end without repeating or skipping a lab, in both orders', async () => {
    for (const sort of ['name', '-name', 'end_date', '-end_date']) {
      const seen: number[] = []
      let url = `/api/v1/labs?limit=1&sort=${sort}`
      for (let i = 0; i < 5; i++) {
        const { status, body } = await callApi(labsLoader, url, { token: tokens.bureau })
        expect(status).toBe(200)
        expect(body.total).toBe(3)
        seen.push(...idsOf(body))
        if (!body.next_cursor) break
        url = `/api/v1/labs?limit=1&sort=${sort}&cursor=${String(body.next_cursor)}`
      }
      expect(seen.sort((a, b) => a - b)).toEqual([gusuA, gusuB, wuzhong].sort((a, b) => a - b))
    }
    const byEnd = await callApi(labsLoader, '/api/v1/labs?sort=end_date', { token: tokens.bureau })
    expect((byEnd.body.data as { id: number }[]).map((r) => r.id)).toEqual([gusuB, wuzhong, gusuA])
  })

  test('a page ending on a lab with the longest Chinese name (100 characters) still has a cursor that works', async () => {
    // a name of 100 CJK characters is 300 bytes of UTF-8: its cursor is longer than 400 characters
    const long = makeLab(db, { districtCode: '320508', name: '长'.repeat(100) }).id
    const first = await callApi(labsLoader, '/api/v1/labs?limit=1&sort=-name', { token: tokens.bureau })
    expect(idsOf(first.body)).toEqual([long])
    const next = await callApi(labsLoader, `/api/v1/labs?limit=1&sort=-name&cursor=${String(first.body.next_cursor)}`, {
      token: tokens.bureau,
    })
    expect(next.status).toBe(200)
    expect(idsOf(next.body)).not.toContain(long)
  })

  test('a cursor does not widen the scope: a district walking pages never meets another district’s lab', async () => {
    const cursor = encodeCursor({ key: '', id: 1 })
    const { body } = await callApi(labsLoader, `/api/v1/labs?cursor=${cursor}`, { token: tokens.gusu })
    expect(idsOf(body).every((id) => id === gusuA || id === gusuB)).toBe(true)
  })
})

describe('bad questions are 400 problem documents, never a 500', () => {
  test.each([
    ['an unknown parameter', '/api/v1/labs?colour=red', 'colour'],
    ['a huge page size', '/api/v1/labs?limit=10000', 'limit'],
    ['a zero page size', '/api/v1/labs?limit=0', 'limit'],
    ['a page size that is no number', '/api/v1/labs?limit=ten', 'limit'],
    ['a bad cursor', '/api/v1/labs?cursor=not-a-cursor', 'cursor'],
    ['a cursor of the wrong shape', `/api/v1/labs?cursor=${Buffer.from('{"a":1}').toString('base64url')}`, 'cursor'],
    ['an unknown district', '/api/v1/labs?district=110000', 'district'],
    ['an unknown sort', '/api/v1/labs?sort=budget', 'sort'],
    ['a parameter given twice', '/api/v1/labs?limit=5&limit=6', 'limit'],
  ])('%s', async (_name, url, parameter) => {
    const { status, body, headers } = await callApi(labsLoader, url, { token: tokens.bureau })
    expect(status).toBe(400)
    expect(headers.get('Content-Type')).toContain('application/problem+json')
    expect(body).toMatchObject({
      status: 400,
      type: '/api/v1/docs#problem-bad_request',
      title: expect.any(String),
      detail: expect.any(String),
    })
    expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ parameter })]))
  })

  test('a lab’s sub-resource takes no parameters', async () => {
    const { status } = await callApi(periodsLoader, `/api/v1/labs/${gusuA}/periods?since=2020-01-01`, {
      token: tokens.bureau,
      params: { labId: String(gusuA) },
    })
    expect(status).toBe(400)
  })

  test('the problem speaks English when asked to', async () => {
    const { body } = await callApi(labsLoader, '/api/v1/labs?limit=0', { token: tokens.bureau, headers: { 'Accept-Language': 'en-GB' } })
    expect(body.title).toBe('Bad request')
  })
})

describe('tokens', () => {
  test.each([
    ['no token', undefined, {}],
    ['another scheme', undefined, { Authorization: 'Basic YWxhZGRpbjpvcGVuc2VzYW1l' }],
    ['a malformed token', 'lc_not-a-token', {}],
    ['a token of no one', 'lc_999_K1ZA57YbmqaBFvHGPb82IPbNA_4X9s3wDVh8sSSyfCw', {}],
  ])('%s: 401 problem with a Bearer challenge', async (_name, token, headers) => {
    const { status, body, headers: answer } = await callApi(labsLoader, '/api/v1/labs', { token, headers })
    expect(status).toBe(401)
    expect(answer.get('Content-Type')).toContain('application/problem+json')
    expect(answer.get('WWW-Authenticate')).toMatch(/^Bearer/)
    expect(body).toMatchObject({ status: 401, type: '/api/v1/docs#problem-unauthorized' })
    expect(body.data).toBeUndefined()
  })

  test('without any credentials the challenge names no error (RFC 6750)', async () => {
    const { headers } = await callApi(labsLoader, '/api/v1/labs')
    expect(headers.get('WWW-Authenticate')).toBe('Bearer realm="labcycle"')
    const malformed = await callApi(labsLoader, '/api/v1/labs', { headers: { Authorization: 'Bearer' } })
    expect(malformed.headers.get('WWW-Authenticate')).toContain('error="invalid_request"')
  })

  test('a session cookie is no way in', async () => {
    const { status } = await callApi(labsLoader, '/api/v1/labs', { headers: { Cookie: 'lc_session=whatever' } })
    expect(status).toBe(401)
  })

  test(`past ${RATE_BURST} calls at once the token is told to wait (429, Retry-After); another token is not`, async () => {
    // the clock stands still, so the bucket does not refill while the calls run
    setClock(new Date())
    onTestFinished(() => setClock(undefined))
    for (let i = 0; i < RATE_BURST; i++)
      expect((await callApi(labLoader, `/api/v1/labs/${gusuA}`, { token: tokens.bureau, params: { labId: String(gusuA) } })).status).toBe(
        200,
      )
    const refused = await callApi(labsLoader, '/api/v1/labs', { token: tokens.bureau })
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0)
    expect(refused.body).toMatchObject({ status: 429, type: '/api/v1/docs#problem-too_many_requests' })
    expect((await callApi(labsLoader, '/api/v1/labs', { token: tokens.gusu })).status).toBe(200)
  })
})

describe('one lab and its records', () => {
  const perLab = [
    ['the lab', labLoader, ''],
    ['its periods', periodsLoader, '/periods'],
    ['its checks', checksLoader, '/checks'],
    ['its obligations', obligationsLoader, '/obligations'],
  ] as const

  test.each(perLab)('%s: the bureau, its district and the lab itself read it', async (_name, loader, tail) => {
    for (const who of ['bureau', 'gusu', 'lab'] as const) {
      const { status } = await callApi(loader, `/api/v1/labs/${gusuA}${tail}`, { token: tokens[who], params: { labId: String(gusuA) } })
      expect(status, who).toBe(200)
    }
  })

  test.each(perLab)('%s: another district, another lab and an expert get a 404 problem', async (_name, loader, tail) => {
    const cases = [
      ['wuzhongOffice', gusuA],
      ['lab', gusuB],
      ['expert', gusuA],
    ] as const
    for (const [who, labId] of cases) {
      const { status, body } = await callApi(loader, `/api/v1/labs/${labId}${tail}`, {
        token: tokens[who],
        params: { labId: String(labId) },
      })
      expect(status, who).toBe(404)
      expect(body).toMatchObject({ status: 404, type: '/api/v1/docs#problem-not_found' })
      expect(JSON.stringify(body)).not.toContain('姑苏')
    }
  })

  test('an id that is no number, and one that does not exist, are 404 problems', async () => {
    expect((await callApi(labLoader, '/api/v1/labs/abc', { token: tokens.bureau, params: { labId: 'abc' } })).status).toBe(404)
    expect((await callApi(labLoader, '/api/v1/labs/99999', { token: tokens.bureau, params: { labId: '99999' } })).status).toBe(404)
  })

  test('the periods say which one is in force; the obligations carry due dates and a state', async () => {
    const periods = await callApi(periodsLoader, `/api/v1/labs/${gusuA}/periods`, { token: tokens.lab, params: { labId: String(gusuA) } })
    expect(periods.body.data).toMatchObject([{ sequence: 1, start: '2025-06-01', end: '2027-05-31', in_force: true, outcome: null }])
    const obligations = await callApi(obligationsLoader, `/api/v1/labs/${gusuA}/obligations`, {
      token: tokens.lab,
      params: { labId: String(gusuA) },
    })
    const rows = obligations.body.data as { kind: string; due_date: string; state: string }[]
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) expect(row.due_date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })

  test('an unknown address under /api/v1 is a 404 problem, not the HTML page', async () => {
    const { status, headers } = await callApi(unknownLoader, '/api/v1/nothing')
    expect(status).toBe(404)
    expect(headers.get('Content-Type')).toContain('application/problem+json')
  })
})

describe('GET /api/v1/dashboard counts only what the token may see', () => {
  test('the bureau counts the city, a district its own labs, a lab itself, an expert nothing', async () => {
    const counts = async (who: keyof typeof tokens) =>
      (await callApi(dashboardLoader, '/api/v1/dashboard', { token: tokens[who] })).body.labs as {
        total: number
        by_district: { district: string; total: number }[]
        by_worst_check: Record<string, number>
      }
    const city = await counts('bureau')
    expect(city.total).toBe(3)
    expect(city.by_district).toEqual([
      expect.objectContaining({ district: '320506', total: 1 }),
      expect.objectContaining({ district: '320508', total: 2 }),
    ])
    const gusu = await counts('gusu')
    expect(gusu.total).toBe(2)
    expect(gusu.by_district.map((d) => d.district)).toEqual(['320508'])
    expect((await counts('lab')).total).toBe(1)
    const expert = await counts('expert')
    expect(expert.total).toBe(0)
    expect(expert.by_district).toEqual([])
    expect(Object.values(expert.by_worst_check).every((n) => n === 0)).toBe(true)
  })
})
