import type { Locator, Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { baseUrl, dbQuery, hydrated, signInAs, browserForFile, chartsDrawn } from './browser'

// The dashboard walked as a person does: read a number on a chart or tile, click it, and find
// the registry listing exactly that many labs. Expected scope comes from the server's database.

const { freshPage } = browserForFile()

async function signInToDashboard(page: Page, username: string) {
  await signInAs(page, username)
  await page.getByTestId('tile').first().waitFor()
  await chartsDrawn(page)
}

async function registryTotal(page: Page): Promise<number> {
  const info = await page.getByTestId('page-info').innerText()
  const match = /共 (\d+) 条|(\d+) rows/.exec(info)
  expect(match, info).not.toBeNull()
  return Number(match![1] ?? match![2])
}

// Clicks a bar segment and waits for the registry it opens.
async function openBar(page: Page, bar: Locator, url: RegExp) {
  await Promise.all([page.waitForURL(url), bar.click()])
  await page.getByTestId('page-info').waitFor()
}

describe('the bureau dashboard', () => {
  test('a district/status segment opens the registry filtered to it, with the segment’s count', async () => {
    const page = await freshPage()
    await signInToDashboard(page, 'bureau')
    await hydrated(page)
    const bar = page.locator('[data-testid=chart-by-district] [data-testid=bar]').first()
    const id = await bar.getAttribute('data-bar')
    const value = Number(await bar.getAttribute('data-value'))
    expect(value).toBeGreaterThan(0)
    const [district, status] = id!.split('-')
    await openBar(page, bar, new RegExp(`/labs\\?district=${district}&status=${status}$`))
    expect(await registryTotal(page)).toBe(value)
    const statuses = await page
      .locator('[data-testid=row] [data-status]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))
    expect(new Set(statuses)).toEqual(new Set([status]))
    await page.close()
  })

  test('an expiry month opens the registry of labs ending that month, with the bar’s count', async () => {
    const page = await freshPage()
    await signInToDashboard(page, 'bureau')
    await hydrated(page)
    const bars = page.locator('[data-testid=chart-expiries] [data-testid=bar]')
    expect(await bars.count()).toBeGreaterThan(0)
    const bar = bars.first()
    const month = (await bar.getAttribute('data-bar'))!
    const value = Number(await bar.getAttribute('data-value'))
    await openBar(page, bar, new RegExp(`/labs\\?expires=${month}$`))
    expect(await registryTotal(page)).toBe(value)
    const expected = dbQuery<{ n: number }>(
      `SELECT count(*) AS n FROM validity_periods p
        WHERE p.sequence = (SELECT max(q.sequence) FROM validity_periods q WHERE q.lab_id = p.lab_id)
          AND p.outcome IS NULL AND substr(p.end_date, 1, 7) = ?`,
      month,
    )[0].n
    expect(value).toBe(expected)
    await page.close()
  })

  test('a direction/status segment opens the registry filtered to it', async () => {
    const page = await freshPage()
    await signInToDashboard(page, 'bureau')
    await hydrated(page)
    const bar = page.locator('[data-testid=chart-by-direction] [data-testid=bar]').last()
    const [direction, status] = (await bar.getAttribute('data-bar'))!.split('-')
    const value = Number(await bar.getAttribute('data-value'))
    await openBar(page, bar, new RegExp(`/labs\\?direction=${direction}&status=${status}$`))
    expect(await registryTotal(page)).toBe(value)
    await page.close()
  })

  test('every tile’s number is the total of the registry view it opens', async () => {
    const page = await freshPage()
    await signInToDashboard(page, 'bureau')
    const links = await page.locator('[data-testid=tile], [data-testid=tile-part]').evaluateAll((els) =>
      els.map((e) => ({
        href: e.getAttribute('href')!,
        value: Number(e.getAttribute('data-value') ?? e.querySelector('[data-testid=tile-value]')?.textContent),
      })),
    )
    expect(links.length).toBe(6)
    const inForce = Number(await page.getByTestId('tile-in-force').getByTestId('tile-value').innerText())
    const parts = links.filter((l) => /status=(active|renewed)$/.test(l.href))
    expect(parts.reduce((s, l) => s + l.value, 0)).toBe(inForce)
    for (const { href, value } of links) {
      await page.goto(`${baseUrl()}${href}`)
      expect(await registryTotal(page), href).toBe(value)
    }
    await page.close()
  })

  test('the needs-attention table pages through the URL and each row offers a way to fix it', async () => {
    const page = await freshPage()
    await signInToDashboard(page, 'bureau')
    const table = page.getByTestId('needs-attention')
    await expect(table.locator('[data-testid=row]').count()).resolves.toBe(10)
    await expect(table.getByTestId('fix-link').count()).resolves.toBe(10)
    const firstPage = await table.locator('[data-testid=row] td:first-child').allInnerTexts()
    await hydrated(page)
    await Promise.all([page.waitForURL(/[?&]attention=2/), table.getByRole('link', { name: '下一页' }).click()])
    // the URL changes as the new data arrives; React renders it a moment later
    await table
      .getByTestId('attention-page-info')
      .filter({ hasText: /^第 2 \// })
      .waitFor()
    const secondPage = await table.locator('[data-testid=row] td:first-child').allInnerTexts()
    expect(secondPage).not.toEqual(firstPage)
    await page.selectOption('#attention-result', 'failing')
    await page.waitForURL(/result=failing/)
    const failing = dbQuery<{ n: number }>("SELECT count(*) AS n FROM lab_checks WHERE result = 'failing'")[0].n
    await table
      .getByTestId('attention-page-info')
      .filter({ hasText: `共 ${failing} 项` })
      .waitFor()
    const results = await table
      .locator('[data-testid=row] [data-result]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-result')))
    expect(new Set(results)).toEqual(new Set(['failing']))
    // a new filter starts again at page 1, and empty filters stay out of the URL
    expect(new URL(page.url()).search).toBe('?result=failing')
    await page.close()
  })
})

describe('the charts', () => {
  test('the server sends each chart’s data table and no SVG; the browser draws the chart from the same numbers', async () => {
    const page = await freshPage()
    await signInToDashboard(page, 'bureau')
    // the page as the server sends it (a no-JavaScript reader, a screen reader before hydration)
    const html = await (await page.request.get(`${baseUrl()}/`)).text()
    expect(html).not.toContain('recharts-surface')
    expect(html).not.toContain('<svg')
    const figure = /data-testid="chart-by-district"[\s\S]*?<\/figure>/.exec(html)?.[0] ?? ''
    expect(figure).toContain('data-chart-pending')
    const gusu = dbQuery<{ n: number }>("SELECT count(*) AS n FROM labs WHERE district_code = '320508'")[0].n
    // the table's row for 姑苏区 ends with its total, a link to the district's registry
    expect(figure).toMatch(new RegExp(`姑苏区</th>[\\s\\S]*?href="/labs\\?district=320508"[^>]*>${gusu}</a>`))
    // after hydration the chart is drawn, its segments adding up to the same total
    await hydrated(page)
    const chart = page.getByTestId('chart-by-district')
    await expect(chart.locator('.recharts-wrapper svg').count()).resolves.toBeGreaterThan(0)
    await expect(chart.locator('[data-chart-pending]').count()).resolves.toBe(0)
    const values = await chart
      .locator('[data-testid=bar][data-bar^="320508-"]')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))))
    expect(values.reduce((a, b) => a + b, 0)).toBe(gusu)
    await page.close()
  })

  // issue 19: drawn at a fixed 900 px in a narrower card, /renewals lost its legend and the
  // districts after 常熟; every chart now takes its card's width
  test.each([
    ['/', 1280],
    ['/', 390],
    ['/renewals', 1280],
    ['/renewals', 390],
  ])('on %s at %i px every chart fits its card, its legend and every category inside it', async (path, width) => {
    const page = await freshPage()
    await page.setViewportSize({ width, height: 900 })
    await signInAs(page, 'bureau')
    await page.goto(`${baseUrl()}${path}`)
    await hydrated(page)
    await chartsDrawn(page)
    const charts = await page.locator('figure[data-testid^=chart]').evaluateAll((figures) =>
      figures.map((figure) => {
        const box = figure.getBoundingClientRect()
        const svg = figure.querySelector('.recharts-wrapper svg')
        const outside = [...figure.querySelectorAll('.recharts-legend-item, .recharts-cartesian-axis-tick text')]
          .map((e) => ({ text: e.textContent, rect: e.getBoundingClientRect() }))
          .filter(({ rect }) => rect.left < box.left - 1 || rect.right > box.right + 1)
          .map(({ text }) => text)
        return {
          chart: figure.getAttribute('data-testid'),
          svgWidth: svg?.getBoundingClientRect().width ?? null,
          cardWidth: box.width,
          legend: figure.querySelectorAll('.recharts-legend-item').length,
          outside,
        }
      }),
    )
    const drawn = charts.filter((c) => c.svgWidth !== null)
    expect(drawn.length).toBeGreaterThan(1)
    for (const c of drawn) {
      expect(c.svgWidth, c.chart!).toBeLessThanOrEqual(c.cardWidth)
      expect(c.outside, c.chart!).toEqual([])
    }
    await page.close()
  })

  test('a count in a chart’s data table opens its registry inside the app, without reloading the page', async () => {
    const page = await freshPage()
    await signInToDashboard(page, 'bureau')
    await hydrated(page)
    const figure = page.getByTestId('chart-by-district')
    await figure.locator('summary').click()
    const gusu = dbQuery<{ n: number }>("SELECT count(*) AS n FROM labs WHERE district_code = '320508'")[0].n
    // a document load would forget this
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true))
    const link = figure.locator('table a[href="/labs?district=320508"]')
    await expect(link.innerText()).resolves.toBe(String(gusu))
    await Promise.all([page.waitForURL(/\/labs\?district=320508$/), link.click()])
    await page.getByTestId('page-info').waitFor()
    expect(await registryTotal(page)).toBe(gusu)
    await expect(page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).resolves.toBe(true)
    await page.close()
  })
})

describe('a district officer’s dashboard', () => {
  test('the Gusu office sees only 姑苏区: its tile, its bars and its rows', async () => {
    const page = await freshPage()
    await signInToDashboard(page, 'gusu')
    await expect(page.getByTestId('dashboard-scope').innerText()).resolves.toBe('姑苏区')
    const own = dbQuery<{ n: number }>("SELECT count(*) AS n FROM labs WHERE district_code = '320508'")[0].n
    await expect(page.getByTestId('tile').first().getByTestId('tile-value').innerText()).resolves.toBe(String(own))
    // no chart of one district's single bar (issue 19); the directions' bars add up to its labs
    await expect(page.getByTestId('chart-by-district').count()).resolves.toBe(0)
    const bars = await page
      .locator('[data-testid=chart-by-direction] [data-testid=bar]')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))))
    expect(bars.reduce((a, b) => a + b, 0)).toBe(own)
    const districtCells = await page.locator('[data-testid=needs-attention] [data-testid=row] td:nth-child(2)').allInnerTexts()
    expect(districtCells.length).toBeGreaterThan(0)
    expect(new Set(districtCells)).toEqual(new Set(['姑苏区']))
    // no other district is named anywhere on the page (none of Gusu's labs carries one in its name)
    const others = ['虎丘区', '吴中区', '相城区', '吴江区', '苏州工业园区', '常熟市', '张家港市', '昆山市', '太仓市']
    const names = dbQuery<{ name: string }>("SELECT name FROM labs WHERE district_code = '320508'").map((r) => r.name)
    const main = await page.locator('main').innerText()
    for (const other of others) if (!names.some((n) => n.includes(other))) expect(main).not.toContain(other)
    await page.close()
  })

  test('the renewals page shows the city’s decisions by district to the bureau, not Gusu’s single bar to Gusu', async () => {
    const page = await freshPage()
    await signInAs(page, 'bureau')
    await page.goto(`${baseUrl()}/renewals`)
    await expect(page.getByTestId('chart-renewals-by-district').count()).resolves.toBe(1)
    await page.close()
    const gusu = await freshPage()
    await signInAs(gusu, 'gusu')
    await gusu.goto(`${baseUrl()}/renewals`)
    await gusu.getByTestId('chart-renewals-by-grade').waitFor()
    await expect(gusu.getByTestId('chart-renewals-by-district').count()).resolves.toBe(0)
    await gusu.close()
  })

  test('a Gusu bar opens a registry that lists Gusu labs only, as many as the bar says', async () => {
    const page = await freshPage()
    await signInToDashboard(page, 'gusu')
    await hydrated(page)
    const bar = page.locator('[data-testid=chart-by-direction] [data-testid=bar]').first()
    const value = Number(await bar.getAttribute('data-value'))
    await openBar(page, bar, /\/labs\?direction=\d+&status=\w+$/)
    expect(await registryTotal(page)).toBe(value)
    const districts = await page.locator('[data-testid=row] td:nth-child(2)').allInnerTexts()
    expect(new Set(districts)).toEqual(new Set(['姑苏区']))
    await page.close()
  })
})

describe('in English', () => {
  // wuzhong, not bureau: the language is stored on the account and would follow it into other tests
  test('the charts’ titles, axes and months read in English', async () => {
    const page = await freshPage()
    await signInAs(page, 'wuzhong')
    await page.getByRole('button', { name: '切换语言' }).click()
    await page.waitForLoadState('networkidle')
    await page.goto(`${baseUrl()}/`)
    await hydrated(page)
    // a district office has no chart of its own district's single bar: its directions' chart
    await expect(page.getByTestId('chart-by-direction').locator('figcaption').innerText()).resolves.toBe(
      'Labs by research direction and status',
    )
    const expiries = (await page.getByTestId('chart-expiries').textContent()) ?? ''
    expect(expiries).toContain('Month the validity period ends')
    expect(expiries).toMatch(/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20\d\d/)
    await expect(page.getByTestId('chart-compliance-share').textContent()).resolves.toContain('Share (%)')
    await page.close()
  })
})
