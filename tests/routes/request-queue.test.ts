import { beforeEach, describe, expect, test } from 'vitest'
import { SERVICE_TILE_LINKS } from '~/components/requests/service-tiles'
import type { RequestServiceStats } from '~/models/request-stats.server'
import { loader as homeLoader } from '~/routes/_index'
import { loader as csvLoader } from '~/routes/requests.csv'
import { loader } from '~/routes/requests._index'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { getRequest, makeLab, outcome, setupTestDb, signInAs, statusOf, TEST_CONTEXT } from '../helpers'
import { pinClock } from '../clock'
import { requestQueueHref } from '~/models/request-queue-params'
import { fetchCsv, parseCsv } from '../csv'
import { decidedFacts, makeRequest } from '../request-service-fixtures'

type Row = { id: number; title: string; labName: string; overdue: boolean; status: string }
type Body = { rows: Row[]; total: number }

let db: Db
let bureau: string
let gusu: string
let kunshan: string
let expert: string
let labUser: string
let gusuLabId: number

// 2026-03-20 10:00 in Shanghai
const NOW = new Date('2026-03-20T02:00:00Z')

pinClock(NOW)
beforeEach(async () => {
  db = setupTestDb()
  const gusuLab = makeLab(db, { districtCode: '320508', name: '姑苏甲实验室' })
  const wzLab = makeLab(db, { districtCode: '320506', name: '吴中甲实验室' })
  gusuLabId = gusuLab.id
  makeRequest(db, { labId: gusuLab.id, title: '算力草稿', status: 'draft' })
  makeRequest(db, { labId: gusuLab.id, title: '=算力超时', status: 'submitted', submittedOn: '2026-03-02', deadline: '2026-03-16' })
  makeRequest(db, {
    labId: gusuLab.id,
    title: '场地, "待区级"',
    type: 'site',
    status: 'submitted',
    districtOpinionRequired: true,
    deadline: '2026-03-27',
  })
  makeRequest(db, {
    labId: wzLab.id,
    title: '资金已批',
    type: 'funding',
    status: 'approved',
    quantity: 12.5,
    deadline: '2026-03-05',
    decidedOn: '2026-03-04',
  })
  makeRequest(db, {
    labId: wzLab.id,
    title: '数据部分批准',
    type: 'data',
    unit: 'tb',
    status: 'partly_approved',
    quantity: 10,
    grantedQuantity: 4,
    deadline: '2026-03-06',
    decidedOn: '2026-03-05',
  })
  makeRequest(db, { labId: wzLab.id, title: '吴中待受理', status: 'accepted', deadline: '2026-03-19' })
  bureau = await signInAs(db, { role: 'bureau' })
  gusu = await signInAs(db, { role: 'district', districtCode: '320508' })
  kunshan = await signInAs(db, { role: 'district', districtCode: '320583' })
  expert = await signInAs(db, { role: 'expert' })
  labUser = await signInAs(db, { role: 'lab', labId: gusuLab.id })
})

const page = async (cookie: string, query = '') =>
  (await outcome(() => loader({ request: getRequest(`/requests${query}`, cookie), params: {}, context: TEST_CONTEXT })))
    .body as unknown as Body

const csv = (cookie: string, query = '') => fetchCsv(csvLoader, `/requests/csv${query}`, cookie)

describe('the request queue page', () => {
  test('the bureau sees every submitted request, what awaits a decision first, overdue ones first and flagged at the pinned clock', async () => {
    const body = await page(bureau)
    expect(body.rows.map((r) => [r.title, r.overdue])).toEqual([
      ['=算力超时', true],
      ['吴中待受理', true],
      ['场地, "待区级"', false],
      ['资金已批', false],
      ['数据部分批准', false],
    ])
    expect((await page(bureau, '?sort=deadline')).rows.map((r) => r.title)).toEqual([
      '资金已批',
      '数据部分批准',
      '=算力超时',
      '吴中待受理',
      '场地, "待区级"',
    ])
    expect(body.total).toBe(5)
    expect((await page(bureau, '?stage=overdue')).rows.map((r) => r.title)).toEqual(['=算力超时', '吴中待受理'])
    // a day earlier the accepted request was due that day, not yet overdue
    setClock(new Date('2026-03-19T02:00:00Z'))
    expect((await page(bureau, '?stage=overdue')).rows.map((r) => r.title)).toEqual(['=算力超时'])
  })

  test('filters, sort and paging come from the URL; malformed values fall back to defaults', async () => {
    expect((await page(bureau, '?stage=decided&sort=decidedOn&dir=desc')).rows.map((r) => r.title)).toEqual(['数据部分批准', '资金已批'])
    expect((await page(bureau, '?type=site')).rows.map((r) => r.title)).toEqual(['场地, "待区级"'])
    expect((await page(bureau, '?district=320506&status=accepted')).rows.map((r) => r.title)).toEqual(['吴中待受理'])
    expect((await page(bureau, '?q=吴中')).total).toBe(3)
    // what awaits a decision (overdue) before what the bureau delivers
    expect((await page(bureau, '?stage=awaiting_me')).rows.map((r) => r.title)).toEqual([
      '=算力超时',
      '吴中待受理',
      '资金已批',
      '数据部分批准',
    ])
    const second = await page(bureau, '?size=20&page=2')
    expect([second.rows.length, second.total]).toEqual([0, 5])
    expect((await page(bureau, '?stage=nonsense&sort=evil&status=draft')).rows.length).toBe(5)
  })

  test('a district sees only its own labs, whatever district the URL names; its stage “awaiting me” is the opinions asked of it', async () => {
    expect((await page(gusu)).rows.map((r) => r.title)).toEqual(['=算力超时', '场地, "待区级"'])
    expect((await page(gusu, '?district=320506')).rows.map((r) => r.title)).toEqual(['=算力超时', '场地, "待区级"'])
    expect((await page(gusu, '?stage=awaiting_me')).rows.map((r) => r.title)).toEqual(['场地, "待区级"'])
    expect(await page(kunshan)).toMatchObject({ rows: [], total: 0 })
  })

  test('drafts never appear in the queue, not even when searched for', async () => {
    for (const cookie of [bureau, gusu]) expect((await page(cookie, '?q=草稿')).rows).toEqual([])
  })

  test('a lab account is sent to its own lab’s requests; an expert finds no queue (404); nobody signed in goes to sign in', async () => {
    const lab = await outcome(() => loader({ request: getRequest('/requests', labUser), params: {}, context: TEST_CONTEXT }))
    expect([lab.status, lab.location]).toEqual([302, `/labs/${gusuLabId}/requests`])
    expect(await statusOf(() => loader({ request: getRequest('/requests', expert), params: {}, context: TEST_CONTEXT }))).toBe(404)
    const anonymous = await outcome(() => loader({ request: getRequest('/requests'), params: {}, context: TEST_CONTEXT }))
    expect(anonymous.location).toMatch(/^\/login\?redirectTo=/)
  })
})

describe('the CSV export', () => {
  test('is the filtered table row for row, UTF-8 with a byte-order mark, Chinese headers by default', async () => {
    const query = '?stage=open&sort=deadline&dir=desc'
    const table = await page(bureau, `${query}&size=20`)
    const { response, bytes, text } = await csv(bureau, `${query}&page=2&size=20`)
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('Content-Disposition')).toContain('attachment')
    expect(text.startsWith('\uFEFF')).toBe(true)
    const [header, ...rows] = parseCsv(text.slice(1))
    expect(header).toEqual([
      '申请编号',
      '申请事项',
      '实验室',
      '所属区',
      '类型',
      '申请数量',
      '批准数量',
      '状态',
      '提交日期',
      '决定时限',
      '决定日期',
      '超时',
      '决定用时（工作日）',
      '按时决定',
    ])
    expect(rows.map((r) => Number(r[0]))).toEqual(table.rows.map((r) => r.id))
    // a title starting with = is kept from running as a formula
    expect(rows.map((r) => r[1])).toEqual(['场地, "待区级"', '吴中待受理', "'=算力超时"])
    expect(rows.map((r) => r[11])).toEqual(['', '是', '是'])
  })

  test('carries quantities with their units, the granted part, and English headers in English', async () => {
    const { text } = await csv(`${bureau}; lc_lang=en`, '?stage=decided&sort=decidedOn')
    const [header, ...rows] = parseCsv(text.slice(1))
    expect(header).toEqual([
      'No.',
      'Title',
      'Lab',
      'District',
      'Type',
      'Asked',
      'Granted',
      'Status',
      'Submitted',
      'Decide by',
      'Decided',
      'Overdue',
      'Working days taken',
      'Decided in time',
    ])
    expect(rows.map((r) => r.slice(4, 8))).toEqual([
      ['Funding', '12.5 ×10,000 yuan', '12.5 ×10,000 yuan', 'Approved'],
      ['Data', '10 TB', '4 TB', 'Partly approved'],
    ])
  })

  test('a request decided late shows its decision date, the working days it took and that it was not in time', async () => {
    // deadline 2026-03-16 (10 working days after 2026-03-02); decided two working days later
    makeRequest(db, {
      labId: gusuLabId,
      title: '迟到的决定',
      status: 'rejected',
      deadline: '2026-03-16',
      decidedOn: '2026-03-18',
      decisionWorkingDays: 12,
      decidedInTime: false,
    })
    makeRequest(db, {
      labId: gusuLabId,
      title: '按时的决定',
      status: 'approved',
      deadline: '2026-03-16',
      decidedOn: '2026-03-13',
      decisionWorkingDays: 9,
      decidedInTime: true,
    })
    const [header, ...rows] = parseCsv((await csv(bureau, '?stage=decided&sort=decidedOn')).text.slice(1))
    expect(header.slice(10)).toEqual(['决定日期', '超时', '决定用时（工作日）', '按时决定'])
    const late = rows.find((r) => r[1] === '迟到的决定')!
    const onTime = rows.find((r) => r[1] === '按时的决定')!
    // decided, so not overdue in the waiting sense, but late all the same
    expect(late.slice(10)).toEqual(['2026-03-18', '', '12', '否'])
    expect(onTime.slice(10)).toEqual(['2026-03-13', '', '9', '是'])
    const [enHeader, ...enRows] = parseCsv((await csv(`${bureau}; lc_lang=en`, '?stage=decided&sort=decidedOn')).text.slice(1))
    expect(enHeader.slice(12)).toEqual(['Working days taken', 'Decided in time'])
    expect(enRows.find((r) => r[1] === '迟到的决定')!.slice(12)).toEqual(['12', 'No'])
  })

  test('a district exports only its own labs; labs and experts are refused', async () => {
    const { text } = await csv(gusu, '?district=320506')
    expect(
      parseCsv(text.slice(1))
        .slice(1)
        .map((r) => r[1]),
    ).toEqual(["'=算力超时", '场地, "待区级"'])
    expect(parseCsv((await csv(kunshan)).text.slice(1))).toHaveLength(1)
    for (const cookie of [labUser, expert]) {
      expect(await statusOf(() => csvLoader({ request: getRequest('/requests/csv', cookie), params: {}, context: TEST_CONTEXT }))).toBe(404)
    }
  })
})

describe('the dashboard section on how the bureau serves labs', () => {
  const home = async (cookie: string) =>
    (await outcome(() => homeLoader({ request: getRequest('/', cookie), params: {}, context: TEST_CONTEXT }))).body as {
      kind: string
      requestService?: RequestServiceStats
    }

  test('each tile counts exactly the requests of the queue view it links to, for the bureau and for a district', async () => {
    for (const cookie of [bureau, gusu, kunshan]) {
      const stats = (await home(cookie)).requestService!
      for (const stage of ['open', 'overdue', 'decided'] as const) {
        const link = SERVICE_TILE_LINKS[stage]
        expect((await page(cookie, link.slice('/requests'.length))).total).toBe(stats.stages[stage])
      }
      // and each count by type and status is the queue filtered to that type and status
      for (const c of stats.byTypeStatus) {
        expect((await page(cookie, requestQueueHref({ type: c.type, status: c.status }).slice('/requests'.length))).total).toBe(c.n)
      }
    }
    expect((await home(bureau)).requestService!.stages).toEqual({ open: 3, overdue: 2, decided: 2 })
    expect((await home(gusu)).requestService!.stages).toEqual({ open: 2, overdue: 1, decided: 0 })
  })

  test('a district’s section counts its own labs only; a lab and an expert get none', async () => {
    makeRequest(db, { labId: gusuLabId, status: 'rejected', ...decidedFacts(4) })
    const own = (await home(gusu)).requestService!
    expect(own.speed).toEqual({ n: 1, inTime: 1, median: 4, p90: 4 })
    expect(own.granted).toEqual([])
    expect((await home(bureau)).requestService!.granted.map((g) => [g.districtCode, g.type, g.unit, g.total])).toEqual([
      ['320506', 'data', 'tb', 4],
      ['320506', 'funding', 'wan_yuan', 12.5],
    ])
    expect((await home(labUser)).requestService).toBeUndefined()
    expect((await home(expert)).requestService).toBeUndefined()
  })
})
