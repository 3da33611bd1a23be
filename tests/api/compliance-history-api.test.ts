import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { resetRateLimits } from '~/api/serve.server'
import { loader as historyLoader } from '~/routes/api.v1.labs.$labId.compliance-history'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { complianceHistory } from '~db/schema'
import { makeLab, setupTestDb } from '../helpers'
import { callApi, readerTokens, type ApiReader } from './api-helpers'

// GET /api/v1/labs/{labId}/compliance-history (issue 20): a lab's compliance month by month, as
// compliance_history keeps it for the trend charts and the renewal dossier, with the pages' scope.

const NOW = new Date('2026-06-15T02:00:00Z')

let db: Db
let gusuA: number
let gusuB: number
let tokens: Record<ApiReader, string>

beforeEach(async () => {
  db = setupTestDb()
  resetRateLimits()
  setClock(NOW)
  gusuA = makeLab(db, { districtCode: '320508', name: '姑苏甲实验室', startDate: '2025-06-01' }).id
  gusuB = makeLab(db, { districtCode: '320508', name: '姑苏乙实验室', startDate: '2025-01-10' }).id
  const month = (labId: number, m: string, severity: number, failing: number, warnings: number) =>
    db
      .insert(complianceHistory)
      .values({ month: m, labId, severity, failing, warnings, recordedAt: `${m}-28T16:00:00.000Z` })
      .run()
  month(gusuA, '2026-03', 0, 0, 0)
  month(gusuA, '2026-04', 2, 2, 1)
  month(gusuA, '2026-05', 1, 0, 3)
  month(gusuB, '2026-05', 2, 5, 0)
  tokens = await readerTokens(db, { lab: gusuA, otherLab: gusuB, now: NOW })
})

afterEach(() => setClock(undefined))

const call = (who: keyof typeof tokens, labId: number, query = '') =>
  callApi(historyLoader, `/api/v1/labs/${labId}/compliance-history${query}`, { token: tokens[who], params: { labId: String(labId) } })
const months = (body: { data?: unknown[] }) => (body.data as { month: string }[]).map((m) => m.month)

describe('GET /api/v1/labs/{labId}/compliance-history', () => {
  test('the bureau, the district and the lab read its months oldest first, this month evaluated today', async () => {
    for (const who of ['bureau', 'gusu', 'lab'] as const) {
      const { status, body } = await call(who, gusuA)
      expect(status, who).toBe(200)
      expect(months(body)).toEqual(['2026-03', '2026-04', '2026-05', '2026-06'])
      expect(body.data!.slice(0, 3)).toEqual([
        { month: '2026-03', worst: 'ok', failing: 0, warnings: 0, recorded_at: '2026-03-28T16:00:00.000Z' },
        { month: '2026-04', worst: 'failing', failing: 2, warnings: 1, recorded_at: '2026-04-28T16:00:00.000Z' },
        { month: '2026-05', worst: 'warning', failing: 0, warnings: 3, recorded_at: '2026-05-28T16:00:00.000Z' },
      ])
    }
  })

  test('from and to (YYYY-MM, both included) narrow the months', async () => {
    expect(months((await call('bureau', gusuA, '?from=2026-04&to=2026-05')).body)).toEqual(['2026-04', '2026-05'])
    expect(months((await call('bureau', gusuA, '?from=2026-05')).body)).toEqual(['2026-05', '2026-06'])
    expect(months((await call('bureau', gusuA, '?to=2026-03')).body)).toEqual(['2026-03'])
    expect(months((await call('bureau', gusuA, '?from=2026-04&to=2026-04')).body)).toEqual(['2026-04'])
    expect((await call('bureau', gusuA, '?from=2025-01&to=2025-12')).body.data).toEqual([])
  })

  test('another lab’s months are its own', async () => {
    const { body } = await call('otherLab', gusuB, '?to=2026-05')
    expect(body.data).toEqual([{ month: '2026-05', worst: 'failing', failing: 5, warnings: 0, recorded_at: '2026-05-28T16:00:00.000Z' }])
  })

  test('another district, another lab and an expert get a 404 problem', async () => {
    for (const who of ['wuzhongOffice', 'otherLab', 'expert'] as const) {
      const { status, body } = await call(who, gusuA)
      expect(status, who).toBe(404)
      expect(body).toMatchObject({ status: 404, type: '/api/v1/docs#problem-not_found' })
    }
    expect((await call('bureau', 99999)).status).toBe(404)
  })

  test.each([
    ['a month 13', '?from=2026-13', 'from'],
    ['a month without its dash', '?from=202604', 'from'],
    ['a month of one digit', '?to=2026-4', 'to'],
    ['a day, not a month', '?to=2026-04-01', 'to'],
    ['to before from', '?from=2026-05&to=2026-04', 'to'],
    ['a parameter given twice', '?from=2026-01&from=2026-02', 'from'],
    ['an unknown parameter', '?month=2026-04', 'month'],
  ])('%s: 400 problem', async (_name, query, parameter) => {
    const { status, body, headers } = await call('bureau', gusuA, query)
    expect(status).toBe(400)
    expect(headers.get('Content-Type')).toContain('application/problem+json')
    expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ parameter })]))
  })
})
