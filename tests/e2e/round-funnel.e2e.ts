import { describe, expect, test } from 'vitest'
import { browserForFile, chartsDrawn, dbQuery, openPage, signInAs } from './browser'
import { axeViolations } from './page-checks'

// The round at a glance (issue 21 item 8) in the browser: the bureau follows the link from the
// round, sees the chart drawn and every office, sorts by a stage; 姑苏区's office follows its own
// link from its list and finds its row alone. The demo round is the first (db/seed-rounds.ts).

const { freshPage } = browserForFile()
const demoRound = () => dbQuery<{ id: number }>('SELECT id FROM certification_rounds ORDER BY id LIMIT 1')[0].id

describe('the round at a glance', () => {
  test('the bureau opens it from the round, sees every office and sorts by a stage', { timeout: 120_000 }, async () => {
    const page = await freshPage()
    await signInAs(page, 'bureau')
    await openPage(page, `/rounds/${demoRound()}`)
    await page.getByTestId('funnel-link').click()
    await page.getByTestId('chart-funnel').waitFor()
    await chartsDrawn(page)
    expect(page.url()).toContain(`/rounds/${demoRound()}/funnel`)
    const [{ n: departments }] = dbQuery<{ n: number }>('SELECT count(*) AS n FROM city_departments WHERE active = 1')
    const officeRows = page.getByTestId('funnel-by-office').locator('tbody tr')
    expect(await officeRows.count()).toBe(10 + departments)
    expect(await page.locator('[data-chart-drawn] svg').count()).toBe(1)
    expect(await axeViolations(page)).toEqual([])

    await page
      .getByTestId('funnel-by-office')
      .getByRole('link', { name: /已申报/ })
      .click()
    await page.waitForURL(/sort=applied&dir=asc/)
    await page
      .getByTestId('funnel-by-office')
      .getByRole('link', { name: /已申报/ })
      .click()
    await page.waitForURL(/sort=applied&dir=desc/)
    // the address changes a moment before the table it sorts is drawn: read until it is
    const applied = async () => (await officeRows.locator('td:nth-child(2)').allInnerTexts()).map(Number)
    await expect
      .poll(async () => {
        const column = await applied()
        return column.join() === [...column].sort((a, b) => b - a).join()
      })
      .toBe(true)
    await page.close()
  })

  test("姑苏区's office reaches it from its list and sees its own row alone", async () => {
    const page = await freshPage()
    await signInAs(page, 'gusu')
    await openPage(page, '/applications')
    await page.getByTestId('funnel-link').click()
    await page.getByTestId('chart-funnel').waitFor()
    const rows = await page.getByTestId('funnel-by-office').locator('tbody tr td:first-child').allInnerTexts()
    expect(rows).toEqual(['姑苏区'])
    await page.close()
  })
})
