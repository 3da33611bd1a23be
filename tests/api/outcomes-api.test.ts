import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { resetRateLimits } from '~/api/serve.server'
import { loader as outcomesLoader } from '~/routes/api.v1.labs.$labId.outcomes'
import type { Db } from '~db/client.server'
import { insertDeliverable, insertOutcome } from '~db/factories'
import { validityPeriods } from '~db/schema'
import { makeLab, setupTestDb } from '../helpers'
import { callApi, readerTokens, type ApiReader } from './api-helpers'

// GET /api/v1/labs/{labId}/outcomes (issue 20): one lab's items of the outcome register (成果登记),
// its recorded outcomes and accepted deliverables, with the pages' scope and the register's filters.

let db: Db
let gusuA: number
let gusuB: number
let tokens: Record<ApiReader, string>

beforeEach(async () => {
  db = setupTestDb()
  resetRateLimits()
  gusuA = makeLab(db, { districtCode: '320508', name: '姑苏甲实验室', startDate: '2025-06-01' }).id
  gusuB = makeLab(db, { districtCode: '320508', name: '姑苏乙实验室', startDate: '2024-01-10' }).id
  tokens = await readerTokens(db, { lab: gusuA, otherLab: gusuB })
})

const periodOf = (labId: number) => db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).get()!

function seedOutcomes() {
  const period = periodOf(gusuA)
  const patent = insertOutcome(db, {
    labId: gusuA,
    periodId: period.id,
    validityYear: 1,
    kind: 'patent',
    form: 'algorithm',
    title: '一种数据融合方法',
    occurredOn: '2025-09-01',
    description: '成果说明不出现在接口中',
    verification: 'checked',
  })
  const transfer = insertOutcome(db, {
    labId: gusuA,
    periodId: period.id,
    validityYear: 2,
    kind: 'transfer',
    form: 'product',
    title: '平台转让',
    occurredOn: '2026-07-01',
    valueYuan: 1_250_000,
    verification: 'verified',
  })
  // an accepted deliverable counts as an outcome (transferred: a transfer with its value)
  const deliverable = insertDeliverable(db, {
    labId: gusuA,
    title: '城市交通数据集',
    forms: ['data', 'scenario'],
    completedOn: '2026-03-01',
    status: 'accepted',
    transferStatus: 'transferred',
    transferValueYuan: 300_000,
  })
  // not accepted, or another lab's: not in the register of this lab
  insertDeliverable(db, { labId: gusuA, title: '待审的成果', completedOn: '2026-04-01', status: 'submitted' })
  insertOutcome(db, { labId: gusuB, periodId: periodOf(gusuB).id, title: '乙的成果', occurredOn: '2024-05-01' })
  return { period, patent, transfer, deliverable }
}

const call = (who: keyof typeof tokens, labId: number, query = '') =>
  callApi(outcomesLoader, `/api/v1/labs/${labId}/outcomes${query}`, { token: tokens[who], params: { labId: String(labId) } })
const keys = (body: { data?: unknown[] }) => (body.data as { source: string; id: number }[]).map((r) => `${r.source}:${r.id}`)

describe('GET /api/v1/labs/{labId}/outcomes', () => {
  test('the bureau, the district and the lab read its register newest first, deliverables included, no free text', async () => {
    const { period, patent, transfer, deliverable } = seedOutcomes()
    for (const who of ['bureau', 'gusu', 'lab'] as const) {
      const { status, body } = await call(who, gusuA)
      expect(status, who).toBe(200)
      expect(keys(body)).toEqual([`outcome:${transfer.id}`, `deliverable:${deliverable.id}`, `outcome:${patent.id}`])
      expect(body.data![0]).toEqual({
        id: transfer.id,
        source: 'outcome',
        period_id: period.id,
        period_sequence: 1,
        validity_year: 2,
        title: '平台转让',
        forms: ['product'],
        kind: 'transfer',
        date: '2026-07-01',
        value_yuan: 1_250_000,
        verification: 'verified',
      })
      expect(body.data![1]).toEqual({
        id: deliverable.id,
        source: 'deliverable',
        period_id: period.id,
        period_sequence: 1,
        validity_year: 1,
        title: '城市交通数据集',
        forms: ['data', 'scenario'],
        kind: 'transfer',
        date: '2026-03-01',
        value_yuan: 300_000,
        verification: 'verified',
      })
      expect(JSON.stringify(body)).not.toContain('成果说明')
      expect(JSON.stringify(body)).not.toContain('乙的成果')
      expect(JSON.stringify(body)).not.toContain('待审')
    }
  })

  test('source, kind, form, verification and year narrow the list as in the register', async () => {
    const { patent, transfer, deliverable } = seedOutcomes()
    expect(keys((await call('bureau', gusuA, '?source=deliverable')).body)).toEqual([`deliverable:${deliverable.id}`])
    expect(keys((await call('bureau', gusuA, '?kind=transfer')).body)).toEqual([`outcome:${transfer.id}`, `deliverable:${deliverable.id}`])
    expect(keys((await call('bureau', gusuA, '?form=algorithm')).body)).toEqual([`outcome:${patent.id}`])
    expect(keys((await call('bureau', gusuA, '?verification=checked')).body)).toEqual([`outcome:${patent.id}`])
    expect(keys((await call('bureau', gusuA, '?year=2026')).body)).toEqual([`outcome:${transfer.id}`, `deliverable:${deliverable.id}`])
    expect((await call('bureau', gusuA, '?kind=none')).body.data).toEqual([])
  })

  test('a lab without outcomes answers an empty list', async () => {
    const { status, body } = await call('otherLab', gusuB, '?source=deliverable')
    expect(status).toBe(200)
    expect(body.data).toEqual([])
  })

  test('another district, another lab and an expert get a 404 problem', async () => {
    seedOutcomes()
    for (const who of ['wuzhongOffice', 'otherLab', 'expert'] as const) {
      const { status, body } = await call(who, gusuA)
      expect(status, who).toBe(404)
      expect(body).toMatchObject({ status: 404, type: '/api/v1/docs#problem-not_found' })
      expect(JSON.stringify(body)).not.toContain('姑苏')
    }
    expect((await call('bureau', 99999)).status).toBe(404)
  })

  test.each([
    ['an unknown parameter', '?limit=10', 'limit'],
    ['an unknown kind', '?kind=gold', 'kind'],
    ['a year out of range', '?year=1999', 'year'],
    ['a year that is no number', '?year=abc', 'year'],
    ['a district (the lab has one)', '?district=320508', 'district'],
  ])('%s: 400 problem', async (_name, query, parameter) => {
    const { status, body, headers } = await call('bureau', gusuA, query)
    expect(status).toBe(400)
    expect(headers.get('Content-Type')).toContain('application/problem+json')
    expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ parameter })]))
  })
})
