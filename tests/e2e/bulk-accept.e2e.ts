import { describe, expect, test } from 'vitest'
import { browserForFile, dbQuery, hydrated, openPage } from './browser'

// Issue 19 item 9: the bureau ticks filings on /reviews and accepts them behind a dialog that says
// how many. Filings still awaiting their district's opinion offer no checkbox. The demo database
// is shared with the other browser tests, so this one cancels: the server side (each filing
// through the single-accept step, per-filing results, 403/404/400) is tests/routes/reviews-bulk.test.ts.

const { pageAs } = browserForFile()

const submittedCount = () =>
  dbQuery<{ n: number }>(
    "SELECT (SELECT count(*) FROM deliverables WHERE status = 'submitted') + (SELECT count(*) FROM annual_reports WHERE status = 'submitted') AS n",
  )[0].n

describe('bulk accept on the review queue', () => {
  test('the dialog names how many are ticked; awaited opinions cannot be ticked; cancelling changes nothing', async () => {
    const page = await pageAs('bureau')
    await openPage(page, '/reviews?size=100')
    await hydrated(page)
    const rows = page.locator('[data-testid=row]')
    const boxes = page.locator('input[type=checkbox][name=selected]')
    const awaited = await rows.filter({ hasText: '待区县意见，不能批量通过' }).count()
    expect(await boxes.count()).toBe((await rows.count()) - awaited)
    // the demo has an opinion given on at least one submitted filing (db/seed-notices-filings.ts)
    const ticked = Math.min(2, await boxes.count())
    expect(ticked).toBeGreaterThan(0)
    const submit = page.getByTestId('bulk-accept-submit')
    await expect(submit.isDisabled()).resolves.toBe(true)

    const before = submittedCount()
    for (let i = 0; i < ticked; i++) await boxes.nth(i).check()
    await expect(submit.isDisabled()).resolves.toBe(false)
    await submit.click()
    const dialog = page.locator('dialog[open]')
    await expect(dialog.innerText()).resolves.toContain(`审核通过所选的 ${ticked} 项？`)
    await dialog.getByRole('button', { name: '取消' }).click()
    await page.waitForFunction(() => document.querySelector('dialog[open]') === null)
    expect(submittedCount()).toBe(before)
  })
})
