import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { loader as homeLoader } from '~/routes/_index'
import { loader as dashboardXlsx } from '~/routes/dashboard[.xlsx]'
import { loader as outcomesPage } from '~/routes/outcomes._index'
import { loader as outcomesXlsx } from '~/routes/outcomes[.xlsx]'
import type { DashboardData } from '~/models/dashboard.server'
import type { OutcomeDashboardData } from '~/models/outcome-dashboard.server'
import type { Db } from '~db/client.server'
import { validityPeriods } from '~db/schema'
import { insertDeliverable, insertOutcome } from '~db/factories'
import { getRequest, makeCast, makeLab, setupTestDb, TEST_CONTEXT } from '../helpers'
import { pinClock } from '../clock'
import { fetchXlsx, type Sheet } from '../xlsx'

// The dashboards as workbooks (issue 17, part 3): one sheet per panel, the page's own figures; a
// district office gets its own district only.
let db: Db
let cookies: Record<'bureau' | 'gusu' | 'wuzhong' | 'lab' | 'expert', string>
let gusuLab: { id: number; name: string }

pinClock(new Date('2025-12-15T04:00:00Z'))
beforeEach(async () => {
  db = setupTestDb()
  gusuLab = makeLab(db, { districtCode: '320508', direction: 3, name: '姑苏实验室', startDate: '2024-03-01' })
  makeLab(db, { districtCode: '320508', direction: 5, name: '姑苏二号', startDate: '2025-06-01' })
  const wuzhong = makeLab(db, { districtCode: '320506', direction: 3, name: '吴中实验室', startDate: '2025-06-01' })
  const periodOf = (labId: number) => db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).get()!
  insertOutcome(db, { labId: gusuLab.id, periodId: periodOf(gusuLab.id).id, occurredOn: '2025-07-01', kind: 'transfer', valueYuan: 1_000 })
  insertOutcome(db, {
    labId: wuzhong.id,
    periodId: periodOf(wuzhong.id).id,
    occurredOn: '2025-07-01',
    kind: 'transfer',
    valueYuan: 5_000_000,
  })
  insertDeliverable(db, {
    labId: gusuLab.id,
    forms: ['data'],
    completedOn: '2025-08-01',
    status: 'accepted',
    transferStatus: 'transferred',
    transferValueYuan: 123_456,
  })
  ;({ cookies } = await makeCast(db, {
    bureau: { role: 'bureau' },
    gusu: { role: 'district', districtCode: '320508' },
    wuzhong: { role: 'district', districtCode: '320506' },
    lab: { role: 'lab', labId: gusuLab.id },
    expert: { role: 'expert' },
  }))
})

const byName = (sheets: Sheet[], name: string) => {
  const found = sheets.find((s) => s.name === name)
  expect(found, `${name} in ${sheets.map((s) => s.name).join(', ')}`).toBeDefined()
  return found!
}
const item = (sheet: Sheet, label: string) => sheet.cells.find((r) => r[0]!.text === label)![1]!.value

async function home(cookie: string) {
  return ((await homeLoader({ request: getRequest('/', cookie), params: {}, context: TEST_CONTEXT })) as { overview: DashboardData })
    .overview
}

describe('the dashboard workbook', () => {
  test("has a sheet per panel with the page's figures, counts as numbers", async () => {
    const page = await home(cookies.bureau)
    const got = await fetchXlsx(dashboardXlsx, '/dashboard.xlsx', cookies.bureau)
    expect(got.status).toBe(200)
    const names = got.sheets.map((s) => s.name)
    expect(names.slice(0, 6)).toEqual([
      '概况',
      '各区县实验室（按状态）',
      '各申报方向实验室（按状态）',
      '未来 24 个月每月到期的实验室',
      '近 24 个月全部合规的实验室占比',
      '需要关注',
    ])
    expect(names).toContain('资源支持服务')
    const overview = byName(got.sheets, '概况')
    expect(item(overview, '范围')).toBe('全市')
    expect(item(overview, '实验室总数')).toBe(page.tiles.total)
    expect(item(overview, '在有效期内')).toBe(page.tiles.active)
    const districts = byName(got.sheets, '各区县实验室（按状态）')
    const total = districts.text[0]!.indexOf('合计')
    expect(districts.cells.slice(1).reduce((n, r) => n + (r[total]!.value as number), 0)).toBe(page.tiles.total)
    expect(districts.cells.find((r) => r[0]!.text === '姑苏区')![total]!.value).toBe(2)
    const expiries = byName(got.sheets, '未来 24 个月每月到期的实验室')
    expect(expiries.text.slice(1)).toEqual(page.expiries.map((e) => [e.month, String(e.n)]))
    const attention = byName(got.sheets, '需要关注')
    expect(attention.text.length - 1).toBe(page.attention.total)
    for (const s of got.sheets) expect(s.ws.views[0], s.name).toMatchObject({ state: 'frozen', ySplit: 1 })
  })

  test("a district's workbook is its own district's: its labs, its row, no other district", async () => {
    const page = await home(cookies.gusu)
    const got = await fetchXlsx(dashboardXlsx, '/dashboard.xlsx?district=320506', cookies.gusu)
    const overview = byName(got.sheets, '概况')
    expect(item(overview, '范围')).toBe('姑苏区')
    expect(item(overview, '实验室总数')).toBe(2)
    expect(item(overview, '实验室总数')).toBe(page.tiles.total)
    expect(
      byName(got.sheets, '各区县实验室（按状态）')
        .text.slice(1)
        .map((r) => r[0]),
    ).toEqual(['姑苏区'])
    const everything = got.sheets.flatMap((s) => s.text.flat()).join('\n')
    expect(everything).not.toContain('吴中')
    expect(got.response!.headers.get('content-disposition')).toContain('dashboard-320508-2025-12-15.xlsx')
  })

  test('a lab, an expert and the signed-out have no dashboard workbook', async () => {
    expect((await fetchXlsx(dashboardXlsx, '/dashboard.xlsx', cookies.lab)).status).toBe(404)
    expect((await fetchXlsx(dashboardXlsx, '/dashboard.xlsx', cookies.expert)).status).toBe(404)
    expect((await fetchXlsx(dashboardXlsx, '/dashboard.xlsx')).status).toBe(302)
  })
})

describe('the outcomes dashboard workbook', () => {
  async function page(url: string, cookie: string) {
    return ((await outcomesPage({ request: getRequest(url, cookie), params: {}, context: TEST_CONTEXT })) as { data: OutcomeDashboardData })
      .data
  }

  test("has the page's totals and charts under the same filters, 万元 exactly", async () => {
    const data = await page('/outcomes?year=2025', cookies.bureau)
    const got = await fetchXlsx(outcomesXlsx, '/outcomes.xlsx?year=2025', cookies.bureau)
    expect(got.status).toBe(200)
    const overview = byName(got.sheets, '概况')
    expect(item(overview, '成果总数')).toBe(data.totals.n)
    expect(item(overview, '成果转化（项）')).toBe(3)
    // 1,000 + 5,000,000 + 123,456 yuan
    expect(item(overview, '转化金额（万元）')).toBe(512.4456)
    const years = byName(got.sheets, '年份')
    expect(years.cells[1]!.map((c) => c.value)).toEqual([2025, 3, 3, 512.4456])
    expect(years.cells[1]![3]!.numFmt).toBe('#,##0.00')
    expect(byName(got.sheets, '按区').text.slice(1)).toEqual(
      data.byDistrict.map((r) => [r.key === '320508' ? '姑苏区' : '吴中区', String(r.n)]),
    )
  })

  test("a district's workbook counts its own district; another district's filter is 404; a lab gets its own lab", async () => {
    const gusu = await fetchXlsx(outcomesXlsx, '/outcomes.xlsx', cookies.gusu)
    expect(item(byName(gusu.sheets, '概况'), '转化金额（万元）')).toBe(12.4456)
    expect(gusu.sheets.flatMap((s) => s.text.flat()).join('\n')).not.toContain('吴中')
    expect((await fetchXlsx(outcomesXlsx, '/outcomes.xlsx?district=320506', cookies.gusu)).status).toBe(404)
    const lab = await fetchXlsx(outcomesXlsx, '/outcomes.xlsx', cookies.lab)
    expect(item(byName(lab.sheets, '概况'), '成果总数')).toBe(2)
    expect((await fetchXlsx(outcomesXlsx, '/outcomes.xlsx', cookies.expert)).status).toBe(404)
  })
})
