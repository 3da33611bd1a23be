import type { Page } from 'playwright-core'
import { afterEach, describe, expect, test } from 'vitest'
import { baseUrl, browserForFile, dbQuery, hydrated, labIdOf } from './browser'

// 使用说明 (issue 19 item 10) as people reach it: the header's help link, by its accessible name,
// opens the guide of the signed-in role, in Chinese and after the language switch in English.

const { pageAs } = browserForFile()

const HELP_ZH = '使用说明：本角色的操作步骤、时限和联系人'
const HELP_EN = 'Help: what to do, deadlines and whom to ask in your role'

// the language is stored on the account: every test switches its user back to Chinese
const open: Page[] = []
afterEach(async () => {
  for (const page of open.splice(0)) {
    if ((await page.locator('html').getAttribute('lang')) === 'en') {
      await page.getByRole('button', { name: 'Switch language' }).click()
      await page.waitForFunction(() => document.documentElement.lang === 'zh-CN')
    }
    await page.close()
  }
})

async function openHelp(page: Page, name: string) {
  await hydrated(page)
  await page.locator('header').getByRole('link', { name }).click()
  await page.waitForURL((url) => url.pathname === '/help')
  await page.getByTestId('help').waitFor()
}

async function toEnglish(page: Page) {
  await page.getByRole('button', { name: '切换语言' }).click()
  await page.waitForFunction(() => document.documentElement.lang === 'en')
  await page.goto(`${baseUrl()}/`)
}

const reportDays = () => dbQuery<{ value: number }>("SELECT value FROM settings WHERE key = 'reportDueDaysAfterYearEnd'")[0]?.value ?? 30

describe('the help link in the header', () => {
  test('a lab user opens its guide: its own pages, the report deadline in force and its district office; then in English', async () => {
    const page = await pageAs('lab')
    open.push(page)
    const labId = labIdOf('lab')
    await openHelp(page, HELP_ZH)
    await expect(page.locator('h1').innerText()).resolves.toBe('使用说明')
    await expect(page.title()).resolves.toBe('Labcycle · 使用说明')
    expect(await page.getByTestId('help').getAttribute('data-role')).toBe('lab')
    expect(await page.locator(`[data-testid=help-steps] a[href="/labs/${labId}/reports"]`).count()).toBe(1)
    await expect(page.getByTestId('help-deadlines').innerText()).resolves.toContain(`有效期年度结束后 ${reportDays()} 天内提交`)
    await expect(page.getByTestId('help-contacts').innerText()).resolves.toContain('姑苏区')
    // the link shows as current on its own page
    expect(await page.locator('header a[href="/help"]').getAttribute('aria-current')).toBe('page')

    await toEnglish(page)
    await openHelp(page, HELP_EN)
    await expect(page.locator('h1').innerText()).resolves.toBe('Help')
    await expect(page.getByTestId('help-deadlines').innerText()).resolves.toContain(`due ${reportDays()} days after the validity year ends`)
    await expect(page.getByTestId('help-contacts').innerText()).resolves.toContain('Gusu District')
  })

  test("the bureau opens its guide with the first-run checklist, reads the lab's guide; then in English", async () => {
    const page = await pageAs('bureau')
    open.push(page)
    await openHelp(page, HELP_ZH)
    expect(await page.getByTestId('help').getAttribute('data-role')).toBe('bureau')
    await expect(page.getByTestId('first-run').innerText()).resolves.toContain('新系统启用清单')
    // the demo has an office account in each of the ten districts
    expect(await page.locator('[data-item=districts]').getAttribute('data-done')).toBe('true')
    expect(await page.locator('[data-testid=first-run] li').count()).toBe(8)

    await page.getByTestId('help-roles').getByRole('link', { name: '实验室' }).click()
    await page.waitForURL((url) => url.search === '?role=lab')
    await page.waitForFunction(() => document.querySelector('[data-testid=help]')?.getAttribute('data-role') === 'lab')
    expect(await page.getByTestId('first-run').count()).toBe(0)

    await toEnglish(page)
    await openHelp(page, HELP_EN)
    await expect(page.getByTestId('first-run').innerText()).resolves.toContain('First-run checklist')
    await expect(page.locator('[data-item=districts]').innerText()).resolves.toContain('10 of 10 districts have an account.')
  })
})
