import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { resetRateLimits } from '~/api/serve.server'
import { loader as filingsLoader } from '~/routes/api.v1.labs.$labId.filings'
import type { Db } from '~db/client.server'
import { validityPeriods, type User } from '~db/schema'
import { insertAnnualReport, insertDeliverable } from '~db/factories'
import { makeLab, makeUser, setupTestDb } from '../helpers'
import { callApi, tokenOf } from './api-helpers'

// The read API's second batch (issue 20): a lab's filings, the resource requests and a lab's
// incidents, each with exactly the pages' scope, and the problem documents for what is refused.

let db: Db
let gusuA: number
let gusuB: number
let tokens: Record<'bureau' | 'gusu' | 'wuzhongOffice' | 'lab' | 'otherLab' | 'expert', string>

beforeEach(async () => {
  db = setupTestDb()
  resetRateLimits()
  gusuA = makeLab(db, { districtCode: '320508', name: '姑苏甲实验室', startDate: '2025-06-01' }).id
  gusuB = makeLab(db, { districtCode: '320508', name: '姑苏乙实验室', startDate: '2024-01-10' }).id
  const users: Record<keyof typeof tokens, User> = {
    bureau: await makeUser(db, { role: 'bureau' }),
    gusu: await makeUser(db, { role: 'district', districtCode: '320508' }),
    wuzhongOffice: await makeUser(db, { role: 'district', districtCode: '320506' }),
    lab: await makeUser(db, { role: 'lab', labId: gusuA }),
    otherLab: await makeUser(db, { role: 'lab', labId: gusuB }),
    expert: await makeUser(db, { role: 'expert' }),
  }
  tokens = Object.fromEntries(Object.entries(users).map(([k, u]) => [k, tokenOf(u)])) as typeof tokens
})

const periodOf = (labId: number) => db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).get()!

// 404 as a problem document that names nothing of the lab
async function expectNotFound(answer: Promise<{ status: number; body: Record<string, unknown> }>) {
  const { status, body } = await answer
  expect(status).toBe(404)
  expect(body).toMatchObject({ status: 404, type: '/api/v1/docs#problem-not_found' })
  expect(JSON.stringify(body)).not.toContain('姑苏')
}

describe('GET /api/v1/labs/{labId}/filings', () => {
  function seedFilings() {
    const onTime = insertDeliverable(db, {
      labId: gusuA,
      title: '城市数据融合算法',
      completedOn: '2025-09-01',
      status: 'submitted',
      submittedAt: '2025-10-01T02:00:00.000Z',
      districtOpinion: 'support',
      districtOpinionAt: '2025-10-05T03:00:00.000Z',
    })
    const late = insertDeliverable(db, {
      labId: gusuA,
      title: '迟交的成果',
      completedOn: '2026-03-01',
      status: 'accepted',
      grade: 'good',
      submittedAt: '2026-11-20T02:00:00.000Z',
      decidedAt: '2026-11-25T02:00:00.000Z',
    })
    const report = insertAnnualReport(db, {
      labId: gusuA,
      periodId: periodOf(gusuA).id,
      validityYear: 1,
      status: 'accepted',
      grade: 'excellent',
      submittedAt: '2026-06-10T01:00:00.000Z',
      decidedAt: '2026-06-20T01:00:00.000Z',
      content: { secret: '报告正文不出现在接口中' },
    })
    const draft = insertDeliverable(db, { labId: gusuA, title: '草稿成果', completedOn: '2026-04-01' })
    insertDeliverable(db, {
      labId: gusuB,
      title: '乙的成果',
      completedOn: '2024-05-01',
      status: 'submitted',
      submittedAt: '2024-06-01T00:00:00.000Z',
    })
    return { onTime, late, report, draft }
  }

  const call = (who: keyof typeof tokens, labId: number, query = '', headers: Record<string, string> = {}) =>
    callApi(filingsLoader, `/api/v1/labs/${labId}/filings${query}`, { token: tokens[who], params: { labId: String(labId) }, headers })

  test('the bureau, the district and the lab itself read its deliverables and reports, with state and no content', async () => {
    const { onTime, late, report, draft } = seedFilings()
    for (const who of ['bureau', 'gusu', 'lab'] as const) {
      const { status, body } = await call(who, gusuA)
      expect(status, who).toBe(200)
      const rows = body.data as Record<string, unknown>[]
      expect(rows.map((r) => `${String(r.kind)}:${String(r.id)}`).sort()).toEqual(
        [`annual_report:${report.id}`, ...[onTime, late, draft].map((d) => `deliverable:${d.id}`)].sort(),
      )
      expect(rows.find((r) => r.id === onTime.id && r.kind === 'deliverable')).toMatchObject({
        title: '城市数据融合算法',
        period_sequence: 1,
        validity_year: 1,
        status: 'submitted',
        submitted_at: '2025-10-01T02:00:00.000Z',
        decided_at: null,
        district_opinion: 'support',
        district_opinion_at: '2025-10-05T03:00:00.000Z',
        filed_late_days: null,
      })
      expect(rows.find((r) => r.id === report.id && r.kind === 'annual_report')).toMatchObject({
        title: '年度报告 · 第1期第1年',
        validity_year: 1,
        status: 'accepted',
        grade: 'excellent',
        decided_at: '2026-06-20T01:00:00.000Z',
      })
      expect(JSON.stringify(body)).not.toContain('报告正文')
      expect(JSON.stringify(body)).not.toContain('乙的成果')
    }
  })

  test('a deliverable first filed after its year was due says how many days late (逾期提交)', async () => {
    const { late, draft } = seedFilings()
    const rows = (await call('lab', gusuA)).body.data as { id: number; kind: string; filed_late_days: number | null }[]
    expect(rows.find((r) => r.id === late.id && r.kind === 'deliverable')?.filed_late_days).toBeGreaterThan(0)
    expect(rows.find((r) => r.id === draft.id && r.kind === 'deliverable')?.filed_late_days).toBeNull()
  })

  test('the report title speaks English when asked to', async () => {
    seedFilings()
    const rows = (await call('bureau', gusuA, '', { 'Accept-Language': 'en' })).body.data as { kind: string; title: string }[]
    expect(rows.find((r) => r.kind === 'annual_report')?.title).toBe('Annual report · period 1, year 1')
  })

  test('another district, another lab and an expert get a 404 problem', async () => {
    seedFilings()
    await expectNotFound(call('wuzhongOffice', gusuA))
    await expectNotFound(call('otherLab', gusuA))
    await expectNotFound(call('expert', gusuA))
    await expectNotFound(call('bureau', 99999))
  })

  test('it takes no parameters: 400 problem', async () => {
    const { status, body } = await call('bureau', gusuA, '?status=accepted')
    expect(status).toBe(400)
    expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ parameter: 'status' })]))
  })
})
