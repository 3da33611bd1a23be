import type { Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { baseUrl, dbQuery, hydrated, signInAs, browserForFile } from './browser'

// The city outcomes dashboard (issue 16) walked as a person does: read a bar, click it, find the
// register listing that many outcomes; the district office's figures are its own district's.

const { freshPage } = browserForFile()

async function registerTotal(page: Page): Promise<number> {
  const info = await page.getByTestId('register-count').innerText()
  const match = /共 (\d+) 项|(\d+) in all/.exec(info)
  expect(match, info).not.toBeNull()
  return Number(match![1] ?? match![2])
}

async function openOutcomes(page: Page, username: string) {
  await signInAs(page, username)
  await Promise.all([page.waitForURL(/\/outcomes$/), page.getByRole('link', { name: '成果看板' }).click()])
  await hydrated(page)
}

describe('the city outcomes dashboard', () => {
  test('a kind bar opens the register filtered to it, with the bar’s count', async () => {
    const page = await freshPage()
    await openOutcomes(page, 'bureau')
    const bar = page.locator('[data-testid=chart-outcomes-by-kind] [data-testid=bar]').first()
    const kind = (await bar.getAttribute('data-bar'))!
    const value = Number(await bar.getAttribute('data-value'))
    expect(value).toBeGreaterThan(0)
    await Promise.all([page.waitForURL(new RegExp(`/outcomes/register\\?kind=${kind}$`)), bar.click()])
    expect(await registerTotal(page)).toBe(value)
    await page.close()
  })

  test('the total tile is the whole register: outcomes and accepted deliverables', async () => {
    const page = await freshPage()
    await openOutcomes(page, 'bureau')
    const tile = page.getByTestId('tile-total')
    const value = Number(await tile.getByTestId('tile-value').innerText())
    const [{ n }] = dbQuery<{ n: number }>(
      `SELECT (SELECT count(*) FROM outcomes) + (SELECT count(*) FROM deliverables WHERE status = 'accepted') AS n`,
    )
    expect(value).toBe(n)
    await Promise.all([page.waitForURL(/\/outcomes\/register$/), tile.click()])
    expect(await registerTotal(page)).toBe(n)
    // accepted deliverables are listed as outcomes, marked, and open their deliverable page
    await page.goto(`${baseUrl()}/outcomes/register?source=deliverable`)
    const marked = page.locator('[data-testid=row] [data-source=deliverable]')
    expect(await marked.count()).toBe(await page.getByTestId('row').count())
    expect(await marked.count()).toBeGreaterThan(0)
    expect(await page.getByTestId('register-link').first().getAttribute('href')).toMatch(/^\/labs\/\d+\/deliverables\/\d+$/)
    await page.close()
  })

  test("a district office's figures are its district's only", async () => {
    const page = await freshPage()
    await openOutcomes(page, 'gusu')
    const value = Number(await page.getByTestId('tile-total').getByTestId('tile-value').innerText())
    const [{ n }] = dbQuery<{ n: number }>(
      `SELECT (SELECT count(*) FROM outcomes o JOIN labs l ON l.id = o.lab_id WHERE l.district_code = '320508')
        + (SELECT count(*) FROM deliverables d JOIN labs l ON l.id = d.lab_id WHERE l.district_code = '320508' AND d.status = 'accepted') AS n`,
    )
    expect(value).toBe(n)
    expect(await page.getByTestId('chart-outcomes-by-district').count()).toBe(0)
    const res = await page.goto(`${baseUrl()}/outcomes?district=320506`)
    expect(res?.status()).toBe(404)
    await page.close()
  })
})
