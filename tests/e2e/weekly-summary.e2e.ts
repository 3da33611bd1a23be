import type {} from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { browserForFile, dbQuery, openPage, signInAs } from './browser'

// The weekly summary as an office meets it (issue 15 item 5): the demo's gusu account finds this
// week's summary in its inbox with the counts, opens it onto the dashboard, and reads on 我的账户 that
// turning it off stops it altogether; the bureau sees the job's Monday schedule.
const { freshPage } = browserForFile()

describe('the weekly summary', () => {
  test("gusu finds the week's summary in its inbox and opens it onto the dashboard", async () => {
    const page = await freshPage()
    await signInAs(page, 'gusu')
    await openPage(page, '/inbox')
    const row = page.locator('tr', { hasText: '周汇总' })
    expect(await row.count()).toBe(1)
    expect(await row.textContent()).toMatch(/\d{4}-\d{2}-\d{2} 周汇总：\d+ 家即将到期 · \d+ 家检查未通过/)
    await row.locator('form button.link').click()
    await page.waitForURL((url) => url.pathname === '/')
    const read = dbQuery<{ read_at: string | null }>(
      `SELECT i.read_at FROM inbox_items i JOIN notices n ON n.id = i.notice_id JOIN users u ON u.id = i.user_id
       WHERE u.username = 'gusu' AND n.source = 'weekly_summary'`,
    )
    expect(read).toHaveLength(1)
    expect(read[0].read_at).not.toBeNull()
    await openPage(page, '/account')
    expect(await page.textContent('[data-testid=wholly-weekly_summary]')).toBe('关闭后，站内消息和邮件都不再收到每周汇总。')
  })

  test('the bureau sees the job on the jobs page, every Monday at 08:00', async () => {
    const page = await freshPage()
    await signInAs(page, 'bureau')
    await openPage(page, '/jobs')
    expect(await page.textContent('tr[data-job="weekly-summary"]')).toContain('每周一 08:00（北京时间）')
  })
})
