import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { Outlet, type RouteObject } from 'react-router-dom'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { beforeEach, describe, expect, test } from 'vitest'
import { loader as rootLoader } from '~/root'
import { loader as csvLoader } from '~/routes/renewals.csv'
import PipelinePage, { loader } from '~/routes/renewals._index'
import { PIPELINE_COLUMNS, PIPELINE_STAGES, type PipelineRow, type PipelineStage } from '~/models/renewal-pipeline-params'
import type { Db } from '~db/client.server'
import { getRequest, makeCast, outcome, setupTestDb, statusOf, TEST_CONTEXT } from '../helpers'
import { pinClock } from '../clock'
import { fetchCsv, parseCsv } from '../csv'
import { makePipeline, PIPELINE_NOW, type PipelineFixture } from '../renewal-pipeline-fixtures'

type Body = { rows: PipelineRow[]; total: number; counts: Record<PipelineStage, number>; aggregates: { byDistrict: unknown[] } }

let db: Db
let fx: PipelineFixture
let cookies: Record<'bureau' | 'gusu' | 'wuzhong' | 'kunshan' | 'expert' | 'lab', string>

pinClock(PIPELINE_NOW)
beforeEach(async () => {
  db = setupTestDb()
  fx = await makePipeline(db)
  ;({ cookies } = await makeCast(db, {
    bureau: { role: 'bureau' },
    gusu: { role: 'district', districtCode: '320508' },
    wuzhong: { role: 'district', districtCode: '320506' },
    kunshan: { role: 'district', districtCode: '320583' },
    expert: { role: 'expert' },
    lab: { role: 'lab', labId: fx.labs.applied },
  }))
})

const run =
  (cookie: string, query = '') =>
  () =>
    loader({ request: getRequest(`/renewals${query}`, cookie), params: {}, context: TEST_CONTEXT })
const page = async (cookie: string, query = '') => (await outcome(run(cookie, query))).body as unknown as Body
const names = (rows: { labName: string }[]) => rows.map((r) => r.labName.slice(0, 3))

const csv = (cookie: string, query = '') => fetchCsv(csvLoader, `/renewals/csv${query}`, cookie)

describe('the pipeline page', () => {
  test('the bureau sees every stage at the pinned clock, with the tiles’ counts', async () => {
    const body = await page(cookies.bureau)
    expect(body.total).toBe(11)
    expect(body.rows.map((r) => r.stage)).toEqual([
      'decided',
      'decided',
      'rectifying',
      'decided',
      'not_applied',
      'not_applied',
      'applied',
      'under_review',
      'applied',
      'upcoming',
      'upcoming',
    ])
    expect(body.counts).toEqual({ upcoming: 2, not_applied: 2, applied: 2, under_review: 1, rectifying: 1, decided: 3 })
  })

  test('each tile’s count is the total of the table it links to, under the other filters', async () => {
    for (const query of ['', '?direction=2', '?district=320506', '?q=P0']) {
      const { counts } = await page(cookies.bureau, query)
      for (const stage of PIPELINE_STAGES) {
        const sep = query ? '&' : '?'
        expect((await page(cookies.bureau, `${query}${sep}stage=${stage}`)).total).toBe(counts[stage])
      }
    }
  })

  test('filters, sort and paging come from the URL; malformed values fall back to defaults', async () => {
    expect(names((await page(cookies.bureau, '?stage=not_applied')).rows)).toEqual(['P04', 'P05'])
    expect(names((await page(cookies.bureau, '?direction=5')).rows)).toEqual(['P09', 'P08'])
    expect(names((await page(cookies.bureau, '?q=复查')).rows)).toEqual(['P12'])
    expect(names((await page(cookies.bureau, '?stage=decided&sort=decided&dir=desc')).rows)).toEqual(['P11', 'P10', 'P12'])
    expect(names((await page(cookies.bureau, '?sort=lab&size=20&page=1')).rows).slice(0, 2)).toEqual(['P02', 'P03'])
    const malformed = await page(cookies.bureau, '?stage=nope&direction=99&sort=evil&dir=sideways&size=7&page=-2')
    expect(malformed.total).toBe(11)
    expect(malformed.rows).toHaveLength(11)
    const second = await page(cookies.bureau, '?size=20&page=2')
    expect(second).toMatchObject({ total: 11, rows: [] })
  })

  test('a district sees its own labs only and cannot widen its scope with the district filter', async () => {
    expect(names((await page(cookies.gusu)).rows)).toEqual(['P12', 'P09', 'P10', 'P04', 'P08', 'P06', 'P02'])
    expect(names((await page(cookies.gusu, '?district=320506')).rows)).toEqual(['P12', 'P09', 'P10', 'P04', 'P08', 'P06', 'P02'])
    expect(names((await page(cookies.wuzhong)).rows)).toEqual(['P11', 'P05', 'P07', 'P03'])
    const other = await page(cookies.kunshan)
    expect(other.total).toBe(0)
    expect(other.aggregates.byDistrict).toEqual([])
  })

  test('the menu offers 续期 to the bureau and the districts only', async () => {
    const nav = async (cookie: string) =>
      (
        (await outcome(() => rootLoader({ request: getRequest('/', cookie), params: {}, context: TEST_CONTEXT }))).body as {
          nav: { links: { id: string }[] }
        }
      ).nav.links.some((l) => l.id === 'renewals')
    expect([await nav(cookies.bureau), await nav(cookies.gusu), await nav(cookies.lab), await nav(cookies.expert)]).toEqual([
      true,
      true,
      false,
      false,
    ])
  })

  test('labs and experts find no pipeline', async () => {
    expect(await statusOf(run(cookies.lab))).toBe(404)
    expect(await statusOf(run(cookies.expert))).toBe(404)
    expect((await outcome(run(''))).status).toBe(302)
  })
})

describe('the CSV export', () => {
  test('holds the table’s rows in the table’s order, every page, with zh headers and a BOM', async () => {
    const query = '?district=320508&sort=lab'
    const table = await page(cookies.bureau, `${query}&size=20`)
    const { response, text } = await csv(cookies.bureau, query)
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect(text.startsWith('\uFEFF')).toBe(true)
    const [header, ...rows] = parseCsv(text.slice(1))
    expect(header).toEqual([
      '续期编号',
      '实验室',
      '所属区',
      '方向',
      '有效期届满',
      '进度',
      '申请日期',
      '专家评审',
      '决定',
      '等级',
      '决定日期',
      '整改期限',
      '逾期',
    ])
    expect(rows.map((r) => r[1])).toEqual(table.rows.map((r) => r.labName))
    expect(rows).toHaveLength(table.total)
    const byLab = (prefix: string) => rows.find((r) => r[1].startsWith(prefix))!
    expect(byLab('P08')).toEqual([
      String(fx.renewalIds.underReview),
      'P08 评审中',
      '姑苏区',
      '赋能数字经济发展',
      '2026-06-30',
      '专家评审中',
      '2026-04-01',
      '1/2',
      '',
      '',
      '',
      '',
      '',
    ])
    expect(byLab('P09').slice(8)).toEqual(['整改后续期', '合格', '2026-02-10', '2026-05-10', '是'])
    expect(byLab('P12').slice(8)).toEqual(['整改后续期 · 复查通过，续期', '良好', '2026-01-20', '', ''])
    expect(byLab('P04')[0]).toBe('')
  })

  test('the same filters as the table, for a district too; English headers for an English reader', async () => {
    const { text } = await csv(cookies.gusu, '?stage=not_applied&district=320506')
    expect(
      parseCsv(text.slice(1))
        .slice(1)
        .map((r) => r[1]),
    ).toEqual(['P04 届满未申请'])
    const english = await csv(cookies.bureau.concat('; lc_lang=en'), '?stage=decided')
    const [header, ...rows] = parseCsv(english.text.slice(1))
    expect(header.slice(0, 3)).toEqual(['Renewal no.', 'Lab', 'District'])
    expect(rows).toHaveLength(3)
    expect(PIPELINE_COLUMNS).toHaveLength(header.length)
  })

  test('is refused to labs and experts', async () => {
    expect(await statusOf(() => csv(cookies.lab).then((r) => r.response))).toBe(404)
    expect(await statusOf(() => csv(cookies.expert).then((r) => r.response))).toBe(404)
  })
})

describe('the rendered page', () => {
  test('marks what is overdue, links each lab to its renewal or its renewal entry, and shows the charts', async () => {
    const html = await renderPage((await page(cookies.bureau)) as object)
    expect(html.match(/data-testid="overdue-badge"/g)).toHaveLength(4)
    expect(html).toContain(`href="/labs/${fx.labs.underReview}/renewals/${fx.renewalIds.underReview}"`)
    expect(html).toContain(`href="/labs/${fx.labs.draft}/renewal"`)
    expect(html).not.toContain(`/renewals/${fx.renewalIds.draft}"`)
    expect(html).toContain('data-testid="pipeline-tile-not_applied"')
    expect(html).toContain('href="/renewals?stage=decided&amp;sort=decided&amp;dir=desc"')
    for (const chart of ['grade', 'district', 'direction']) expect(html).toContain(`data-testid="chart-renewals-by-${chart}"`)
    expect(html).toContain('未评定等级')
  })

  test('says so when nothing matches, and the charts when nothing is decided', async () => {
    const html = await renderPage((await page(cookies.kunshan)) as object)
    expect(html).toContain('没有符合条件的实验室。')
    expect(html).toContain('尚无续期决定。')
  })
})

// The page as the server renders it, with the loader's data and the root's locale.
async function renderPage(data: object) {
  const routes: RouteObject[] = [
    {
      id: 'root',
      path: '/',
      loader: () => ({ locale: 'zh' }),
      element: createElement(Outlet),
      children: [{ id: 'pipeline', path: 'renewals', loader: () => data, element: createElement(PipelinePage) }],
    },
  ]
  const handler = createStaticHandler(routes)
  const context = await handler.query(new Request('http://localhost/renewals'))
  if (context instanceof Response) throw new Error('unexpected response')
  return renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context }))
}
