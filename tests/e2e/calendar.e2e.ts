import type { Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { baseUrl, dbQuery, hydrated, signInAs, browserForFile } from './browser'

// The working-day calendar walked as the bureau and a lab do. 2027 is the first year
// chinese-days does not cover, so the demo database starts without data for it; every day the
// bureau enters here is removed again, as the other browser tests share this server.

const bureauDays = () => dbQuery<{ date: string; kind: string; name: string }>('SELECT date, kind, name FROM calendar_days ORDER BY date')

const { freshPage } = browserForFile()

async function openCalendar(page: Page, query: string) {
  await page.goto(`${baseUrl()}/calendar${query}`)
  await hydrated(page)
}

describe('the working-day calendar', () => {
  test('the bureau enters 元旦 2027, counts a deadline across it as an estimate, and removes it again', async () => {
    expect(bureauDays()).toEqual([])
    const page = await freshPage()
    try {
      await signInAs(page, 'bureau')
      await openCalendar(page, '?year=2027')
      const banner = page.getByTestId('unknown-year')
      await expect(banner.innerText()).resolves.toContain('2027 年的法定节假日安排尚未录入')
      await expect(page.getByTestId('special-days').count()).resolves.toBe(0)
      await expect(page.locator('td[data-date="2027-01-01"]').getAttribute('data-kind')).resolves.toBe('workday')

      await page.fill('#field-date', '2027-01-01')
      await page.selectOption('#field-kind', 'holiday')
      await page.fill('#field-name', '元旦')
      await Promise.all([page.waitForURL(/saved=day/), page.getByRole('button', { name: '保存该日' }).click()])
      expect(new URL(page.url()).searchParams.get('year')).toBe('2027')
      await page.getByRole('status').filter({ hasText: '已保存该日。' }).waitFor()
      expect(bureauDays()).toEqual([{ date: '2027-01-01', kind: 'holiday', name: '元旦' }])
      const row = page.locator('[data-testid=special-day][data-date="2027-01-01"]')
      await expect(row.innerText()).resolves.toMatch(/星期五\s+放假\s+元旦\s+市局录入/)
      const cell = page.locator('td[data-date="2027-01-01"]')
      await expect(cell.getAttribute('data-kind')).resolves.toBe('holiday')
      await expect(cell.getAttribute('data-bureau')).resolves.toBe('true')
      // one day entered, the year not confirmed: still an estimate
      await expect(banner.innerText()).resolves.toContain('已录入该年 1 天')

      // Friday 1 January is a holiday, then the weekend: the first working day after 31 December is Monday 4 January
      await page.fill('#field-from', '2026-12-31')
      await page.fill('#field-n', '1')
      await Promise.all([page.waitForURL(/from=2026-12-31/), page.getByRole('button', { name: '计算', exact: true }).click()])
      await expect(page.getByTestId('calc-result').locator('p').first().innerText()).resolves.toBe(
        '2026-12-31 之后的第 1 个工作日是 2027-01-04（星期一）。',
      )
      await expect(page.getByTestId('calc-estimated').innerText()).resolves.toContain('此结果为估算：2027 年')

      await Promise.all([page.waitForURL(/saved=removed/), page.getByRole('button', { name: '删除 2027-01-01 的市局记录' }).click()])
      await page.getByRole('status').filter({ hasText: '已删除该日的市局记录。' }).waitFor()
      expect(bureauDays()).toEqual([])
      await expect(page.getByTestId('special-days').count()).resolves.toBe(0)
      await expect(page.locator('td[data-date="2027-01-01"]').getAttribute('data-kind')).resolves.toBe('workday')

      // without the holiday the same count lands on Friday 1 January
      await openCalendar(page, '?year=2027&from=2026-12-31&n=1')
      await expect(page.getByTestId('calc-result').innerText()).resolves.toContain('2027-01-01（星期五）')
    } finally {
      // leave the shared server as found even when a step above failed
      if (bureauDays().length > 0) {
        await openCalendar(page, '?year=2027')
        for (const { date } of bureauDays()) {
          await Promise.all([page.waitForURL(/saved=removed/), page.getByRole('button', { name: `删除 ${date} 的市局记录` }).click()])
        }
      }
      await page.close()
    }
  })

  test('a lab user reads the calendar and uses the calculator but has no edit forms', async () => {
    const page = await freshPage()
    await signInAs(page, 'lab')
    await openCalendar(page, '?year=2027')
    await expect(page.locator('nav[aria-label=main]').getByRole('link', { name: '工作日历' }).count()).resolves.toBe(1)
    await expect(page.locator('h1').innerText()).resolves.toBe('工作日历 · 2027 年')
    await expect(page.getByTestId('unknown-year').innerText()).resolves.toContain('2027 年的法定节假日安排尚未录入')
    await expect(page.locator('main form[method=post]').count()).resolves.toBe(0)
    await expect(page.locator('#field-date, #field-kind, #field-source').count()).resolves.toBe(0)
    await expect(page.getByRole('button', { name: '保存该日' }).count()).resolves.toBe(0)

    await page.fill('#field-from', '2026-12-31')
    await page.fill('#field-n', '1')
    await Promise.all([page.waitForURL(/from=2026-12-31/), page.getByRole('button', { name: '计算', exact: true }).click()])
    await expect(page.getByTestId('calc-result').innerText()).resolves.toContain('2027-01-01（星期五）')
    await expect(page.getByTestId('calc-estimated').count()).resolves.toBe(1)
    await page.close()
  })

  test('the expert has no calendar in the menu and gets 404 for the page', async () => {
    const page = await freshPage()
    await signInAs(page, 'expert')
    const res = await page.goto(`${baseUrl()}/calendar?year=2027`)
    expect(res?.status()).toBe(404)
    // the menu is still drawn around the error page, without the calendar
    await expect(page.locator('nav[aria-label=main]').getByRole('link').count()).resolves.toBeGreaterThan(0)
    await expect(page.locator('nav[aria-label=main]').getByRole('link', { name: '工作日历' }).count()).resolves.toBe(0)
    await page.close()
  })
})
