import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { resetRateLimits } from '~/api/serve.server'
import { encodeCursor } from '~/api/cursor'
import { loader as filingsLoader } from '~/routes/api.v1.labs.$labId.filings'
import { loader as requestsLoader } from '~/routes/api.v1.requests'
import { loader as incidentsLoader } from '~/routes/api.v1.labs.$labId.incidents'
import type { Db } from '~db/client.server'
import { validityPeriods } from '~db/schema'
import { insertAnnualReport, insertDeliverable, insertIncident, insertRequest } from '~db/factories'
import { makeLab, setupTestDb } from '../helpers'
import { callApi, readerTokens, type ApiReader } from './api-helpers'

// The read API's second batch (issue 20): a lab's filings, the resource requests and a lab's
// incidents, each with exactly the pages' scope, and the problem documents for what is refused.

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

describe('GET /api/v1/requests', () => {
  function seedRequests() {
    const approved = insertRequest(db, {
      labId: gusuA,
      neededBy: '2026-09-01',
      type: 'computing',
      unit: 'gpu_hours',
      quantity: 500,
      grantedQuantity: 300,
      status: 'partly_approved',
      submittedAt: '2026-07-01T02:00:00.000Z',
      submittedOn: '2026-07-01',
      deadline: '2026-07-15',
      decidedOn: '2026-07-10',
    })
    const waiting = insertRequest(db, {
      labId: gusuA,
      neededBy: '2026-12-01',
      type: 'data',
      unit: 'datasets',
      quantity: 2,
      status: 'submitted',
      submittedAt: '2026-11-01T02:00:00.000Z',
      deadline: '2026-11-20',
    })
    const ofB = insertRequest(db, { labId: gusuB, neededBy: '2026-12-01', status: 'submitted', submittedAt: '2026-10-01T00:00:00.000Z' })
    const ofWuzhong = insertRequest(db, { labId: wuzhong, neededBy: '2026-12-01', status: 'rejected', title: '吴中的申请' })
    const draft = insertRequest(db, { labId: gusuA, neededBy: '2026-12-01', title: '尚未提交的草稿' })
    return { approved, waiting, ofB, ofWuzhong, draft }
  }

  const call = (who: keyof typeof tokens, query = '') => callApi(requestsLoader, `/api/v1/requests${query}`, { token: tokens[who] })
  const ids = (body: { data?: unknown[] }) => (body.data as { id: number }[]).map((r) => r.id)

  test('the bureau sees every submitted request, newest first, with lab, quantities and ISO dates; never a draft', async () => {
    const { approved, waiting, ofB, ofWuzhong } = seedRequests()
    const { status, body } = await call('bureau')
    expect(status).toBe(200)
    expect(ids(body)).toEqual([ofWuzhong.id, ofB.id, waiting.id, approved.id])
    expect(body.total).toBe(4)
    expect(body.next_cursor).toBeNull()
    expect((body.data as Record<string, unknown>[]).find((r) => r.id === approved.id)).toEqual({
      id: approved.id,
      lab: { id: gusuA, name: '姑苏甲实验室', district: '320508' },
      type: 'computing',
      title: approved.title,
      status: 'partly_approved',
      quantity: 500,
      unit: 'gpu_hours',
      granted_quantity: 300,
      submitted_at: '2026-07-01T02:00:00.000Z',
      deadline: '2026-07-15',
      decided_on: '2026-07-10',
    })
    expect(JSON.stringify(body)).not.toContain('草稿')
  })

  test('a district sees its labs’ requests only, in the rows and the total; another district’s code finds none', async () => {
    const { approved, waiting, ofB } = seedRequests()
    const { body } = await call('gusu')
    expect(ids(body).sort((a, b) => a - b)).toEqual([approved.id, waiting.id, ofB.id].sort((a, b) => a - b))
    expect(body.total).toBe(3)
    expect((await call('gusu', '?district=320506')).body).toMatchObject({ data: [], total: 0, next_cursor: null })
    expect((await call('gusu', `?lab=${wuzhong}`)).body).toMatchObject({ data: [], total: 0 })
  })

  test('a lab token sees its own lab’s requests; another lab’s are not there even when asked for; an expert sees none', async () => {
    const { approved, waiting } = seedRequests()
    const own = await call('lab')
    expect(ids(own.body).sort((a, b) => a - b)).toEqual([approved.id, waiting.id].sort((a, b) => a - b))
    expect(own.body.total).toBe(2)
    expect((await call('lab', `?lab=${gusuB}`)).body).toMatchObject({ data: [], total: 0 })
    expect((await call('otherLab', `?lab=${gusuA}`)).body).toMatchObject({ data: [], total: 0 })
    expect((await call('expert')).body).toMatchObject({ data: [], total: 0, next_cursor: null })
  })

  test('status, type, district and lab narrow the list as on the queue page', async () => {
    const { approved, waiting, ofB, ofWuzhong } = seedRequests()
    expect(ids((await call('bureau', '?status=submitted')).body)).toEqual([ofB.id, waiting.id])
    expect(ids((await call('bureau', '?type=data')).body)).toEqual([waiting.id])
    expect(ids((await call('bureau', '?district=320506')).body)).toEqual([ofWuzhong.id])
    const ofLab = await call('bureau', `?lab=${gusuA}`)
    expect(ids(ofLab.body)).toEqual([waiting.id, approved.id])
    expect(ofLab.body.total).toBe(2)
  })

  test('pages follow next_cursor to the end without repeating or skipping, the total on every page', async () => {
    const { approved, waiting, ofB, ofWuzhong } = seedRequests()
    const seen: number[] = []
    let query = '?limit=1'
    for (let i = 0; i < 6; i++) {
      const { status, body } = await call('bureau', query)
      expect(status).toBe(200)
      expect(body.total).toBe(4)
      seen.push(...ids(body))
      if (!body.next_cursor) break
      query = `?limit=1&cursor=${String(body.next_cursor)}`
    }
    expect(seen).toEqual([ofWuzhong.id, ofB.id, waiting.id, approved.id])
  })

  test('a cursor does not widen the scope', async () => {
    seedRequests()
    const { body } = await call('gusu', `?cursor=${encodeCursor({ key: null, id: 1_000_000 })}`)
    expect((body.data as { lab: { district: string } }[]).every((r) => r.lab.district === '320508')).toBe(true)
    expect(body.total).toBe(3)
  })

  test.each([
    ['an unknown parameter', '?q=算力', 'q'],
    ['a draft status', '?status=draft', 'status'],
    ['an unknown type', '?type=gold', 'type'],
    ['a lab that is no number', '?lab=abc', 'lab'],
    ['a huge page size', '?limit=10000', 'limit'],
    ['a bad cursor', '?cursor=not-a-cursor', 'cursor'],
  ])('%s: 400 problem', async (_name, query, parameter) => {
    const { status, body, headers } = await call('bureau', query)
    expect(status).toBe(400)
    expect(headers.get('Content-Type')).toContain('application/problem+json')
    expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ parameter })]))
  })
})

describe('GET /api/v1/labs/{labId}/incidents', () => {
  function seedIncidents() {
    const onTime = insertIncident(db, {
      labId: gusuA,
      grade: 'II',
      title: '接口异常访问',
      description: '事件经过：内部细节不得外传',
      dataAffected: '受影响数据明细',
      discoveredAt: '2026-03-01T00:00:00.000Z',
      reportDeadline: '2026-03-01T04:00:00.000Z',
      reportedAt: '2026-03-01T00:30:00.000Z',
      status: 'closed',
      closedAt: '2026-03-05T00:00:00.000Z',
    })
    const unreported = insertIncident(db, {
      labId: gusuA,
      grade: 'I',
      title: '数据泄露',
      discoveredAt: '2026-04-01T00:00:00.000Z',
      reportDeadline: '2026-04-01T01:00:00.000Z',
    })
    insertIncident(db, {
      labId: gusuB,
      grade: 'IV',
      title: '乙的事件',
      discoveredAt: '2026-04-01T00:00:00.000Z',
      reportDeadline: '2026-04-02T00:00:00.000Z',
    })
    return { onTime, unreported }
  }

  const call = (who: keyof typeof tokens, labId: number, query = '') =>
    callApi(incidentsLoader, `/api/v1/labs/${labId}/incidents${query}`, { token: tokens[who], params: { labId: String(labId) } })

  test('the bureau, the district and the lab read its incidents, latest discovery first, in summary with report timing', async () => {
    const { onTime, unreported } = seedIncidents()
    for (const who of ['bureau', 'gusu', 'lab'] as const) {
      const { status, body } = await call(who, gusuA)
      expect(status, who).toBe(200)
      expect(body.data).toEqual([
        {
          id: unreported.id,
          level: 'I',
          title: '数据泄露',
          status: 'open',
          discovered_at: '2026-04-01T00:00:00.000Z',
          reported_at: null,
          report_deadline: '2026-04-01T01:00:00.000Z',
          closed_at: null,
          timing: { state: 'overdue', limit_hours: 1, minutes_taken: null, minutes_late: expect.any(Number), minutes_left: null },
        },
        {
          id: onTime.id,
          level: 'II',
          title: '接口异常访问',
          status: 'closed',
          discovered_at: '2026-03-01T00:00:00.000Z',
          reported_at: '2026-03-01T00:30:00.000Z',
          report_deadline: '2026-03-01T04:00:00.000Z',
          closed_at: '2026-03-05T00:00:00.000Z',
          timing: { state: 'on_time', limit_hours: 4, minutes_taken: 30, minutes_late: null, minutes_left: null },
        },
      ])
      // the free text beyond the title never leaves
      expect(JSON.stringify(body)).not.toContain('事件经过')
      expect(JSON.stringify(body)).not.toContain('受影响数据')
    }
  })

  test('another district, another lab and an expert get a 404 problem', async () => {
    seedIncidents()
    await expectNotFound(call('wuzhongOffice', gusuA))
    await expectNotFound(call('otherLab', gusuA))
    await expectNotFound(call('expert', gusuA))
    expect((await call('wuzhongOffice', wuzhong)).status).toBe(200)
  })

  test('it takes no parameters: 400 problem', async () => {
    const { status, body } = await call('bureau', gusuA, '?level=I')
    expect(status).toBe(400)
    expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ parameter: 'level' })]))
  })
})
