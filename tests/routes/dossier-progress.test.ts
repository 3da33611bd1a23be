import ExcelJS from 'exceljs'
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { Outlet, type RouteObject } from 'react-router-dom'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import type { RenewalDossier } from '~/domain/renewal-dossier'
import PrintPage, { loader as printLoader } from '~/routes/labs.$labId.renewals.$renewalId_.dossier'
import { loader as xlsxLoader } from '~/routes/labs.$labId.renewals.$renewalId_.dossier[.xlsx]'
import type { Db } from '~db/client.server'
import { indicatorPlans, validityPeriods } from '~db/schema'
import { insertAnnualReport, insertDeliverable, insertOutcome, insertRenewal } from '~db/factories'
import { getRequest, makeCast, makeLab, outcome, setupTestDb, statusOf, TEST_CONTEXT } from '../helpers'
import { pinClock } from '../clock'
import { insertPlan } from '../progress-fixtures'

// 任务指标完成情况 in the renewal dossier (issue 16, part 3). A 姑苏区 lab certified 2024-03-15
// (year 2 from 2025-03-15, the period to 2026-03-14) has applied; today is 2026-02-10.
pinClock(new Date('2026-02-10T04:00:00Z'))
let db: Db
let labId: number
let periodId: number
let renewalId: number
let cookies: Record<'bureau' | 'gusu' | 'lab' | 'otherLab' | 'wuzhong', string>

beforeEach(async () => {
  db = setupTestDb()
  labId = makeLab(db, { districtCode: '320508', startDate: '2024-03-15', name: '城市数据实验室' }).id
  const otherLabId = makeLab(db, { districtCode: '320508', startDate: '2024-03-15' }).id
  periodId = db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).get()!.id
  renewalId = insertRenewal(db, { labId, periodId, status: 'submitted', submittedAt: '2026-01-25T02:00:00.000Z' }).id
  insertPlan(db, { labId, periodId, targets: { papers: 4, transfer_value: 200_000, people_trained: 10 } })
  insertOutcome(db, {
    labId,
    periodId,
    occurredOn: '2024-06-01',
    validityYear: 1,
    form: 'scenario',
    kind: 'paper',
    verification: 'verified',
  })
  insertOutcome(db, { labId, periodId, occurredOn: '2025-06-01', validityYear: 2, form: 'scenario', kind: 'paper' })
  insertDeliverable(db, {
    labId,
    completedOn: '2025-01-10',
    status: 'accepted',
    forms: ['data'],
    transferStatus: 'transferred',
    transferValueYuan: 125_000,
  })
  insertAnnualReport(db, {
    labId,
    periodId,
    validityYear: 1,
    status: 'accepted',
    content: { progress: { declared: { people_trained: 7 } } },
  })
  cookies = (
    await makeCast(db, {
      bureau: { role: 'bureau' },
      gusu: { role: 'district', districtCode: '320508' },
      lab: { role: 'lab', labId },
      otherLab: { role: 'lab', labId: otherLabId },
      wuzhong: { role: 'district', districtCode: '320506' },
    })
  ).cookies
})

const params = {
  get labId() {
    return String(labId)
  },
  get renewalId() {
    return String(renewalId)
  },
}
const print = (cookie: string) =>
  printLoader({ request: getRequest(`/labs/${labId}/renewals/${renewalId}/dossier`, cookie), params: { ...params }, context: TEST_CONTEXT })
const xlsx = (cookie: string) =>
  xlsxLoader({
    request: getRequest(`/labs/${labId}/renewals/${renewalId}/dossier.xlsx`, cookie),
    params: { ...params },
    context: TEST_CONTEXT,
  })

async function renderPrintPage(data: object, locale: 'zh' | 'en') {
  const routes: RouteObject[] = [
    {
      id: 'root',
      path: '/',
      loader: () => ({ locale }),
      element: createElement(Outlet),
      children: [{ id: 'print', path: 'dossier', loader: () => data, element: createElement(PrintPage) }],
    },
  ]
  const handler = createStaticHandler(routes)
  const context = await handler.query(new Request('http://localhost/dossier'))
  if (context instanceof Response) throw new Error('unexpected response')
  return renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context }))
}

describe('the dossier’s plan progress', () => {
  test('holds target, achieved and verified per line and year, the fulfilment, and the time elapsed on the day compiled', async () => {
    const o = await outcome(() => print(cookies.bureau))
    expect(o.status).toBe(200)
    const { progress } = (o.body as { dossier: RenewalDossier }).dossier
    expect(progress!.plan?.status).toBe('approved')
    expect(progress!.lines.map((l) => [l.field, l.target, l.byYear[1], l.byYear[2], l.verified])).toEqual([
      ['papers', 4, { achieved: 1, verified: 1 }, { achieved: 1, verified: 0 }, 1],
      ['people_trained', 10, { achieved: 7, verified: 7 }, { achieved: 0, verified: 0 }, 7],
      ['transfer_value', 200_000, { achieved: 125_000, verified: 125_000 }, { achieved: 0, verified: 0 }, 125_000],
    ])
    // papers 50, people 70, transfer value 62: 182 / 3
    expect(progress!.fulfilment).toBe(60)
    // day 698 of 730
    expect(progress!.elapsed).toBe(95)
  })

  test('the print page has the section with its rows, in Chinese and in English', async () => {
    const body = (await outcome(() => print(cookies.gusu))).body
    const zh = await renderPrintPage(body, 'zh')
    expect(zh).toContain('data-section="progress"')
    expect(zh).toContain('任务指标完成情况')
    expect(zh).toContain('计划完成度 60%')
    expect(zh).toContain('成果转化金额')
    const en = await renderPrintPage(body, 'en')
    expect(en).toContain('Progress against the indicator plan')
    expect(en).toContain('People trained（stated in reports）')
  })

  test('the workbook has its own sheet, money in 万元 as numbers', async () => {
    const response = (await xlsx(cookies.lab)) as Response
    expect(response.status).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await response.arrayBuffer())
    const sheet = book.getWorksheet('任务指标完成情况')!
    const rows = Array.from({ length: sheet.rowCount }, (_, i) => {
      const values = sheet.getRow(i + 1).values
      return Array.isArray(values) ? Array.from(values.slice(1), (v) => v ?? null) : []
    })
    expect(rows.find((r) => r[0] === '计划状态' || r[0] === '状态')?.[1]).toBe('已批准')
    expect(rows.find((r) => r[0] === '成果转化金额')).toEqual(['成果转化金额', '万元', 20, 12.5, 12.5, 0, 0, 12.5, 12.5, '62%'])
    expect(rows.find((r) => r[0] === '论文')).toEqual(['论文', '项', 4, 1, 1, 1, 0, 2, 1, '50%'])
  })

  test('a period without a plan says so on every form of the dossier', async () => {
    db.delete(indicatorPlans).run()
    const body = (await outcome(() => print(cookies.bureau))).body as { dossier: RenewalDossier }
    expect(body.dossier.progress!.plan).toBeNull()
    expect(await renderPrintPage(body, 'zh')).toContain('本有效期尚未制定任务指标计划。')
  })

  test('who may not read the renewal sees no progress either', async () => {
    expect(await statusOf(() => print(cookies.otherLab))).toBe(404)
    expect(await statusOf(() => xlsx(cookies.wuzhong))).toBe(404)
  })
})
