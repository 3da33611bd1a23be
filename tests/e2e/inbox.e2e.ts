import type {} from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { baseUrl, dbQuery, hydrated, signInAs, browserForFile } from './browser'

// Reminders walked as people meet them: the bureau runs the reminders job now, the lab finds the
// reminders in its inbox (count in the header), opens one, ticks the rest and marks them read; the bureau reads
// the queued mail in the outbox (no SMTP server in this suite).

const unreadOf = (username: string) =>
  dbQuery<{ n: number }>(
    'SELECT count(*) AS n FROM inbox_items i JOIN users u ON u.id = i.user_id WHERE u.username = ? AND i.read_at IS NULL',
    username,
  )[0].n

const { freshPage } = browserForFile()

describe('the inbox', () => {
  test('the bureau runs the reminders; the lab opens one from its inbox and marks the rest read; the outbox holds the digests', async () => {
    const bureau = await freshPage()
    await signInAs(bureau, 'bureau')
    await bureau.goto(`${baseUrl()}/jobs`)
    await hydrated(bureau)
    await bureau.click('tr[data-job="reminders"] button[type=submit]')
    await bureau.waitForSelector('p[role=status]')
    expect(await bureau.textContent('p[role=status]')).toContain('到期提醒')

    const unread = unreadOf('lab2')
    expect(unread).toBeGreaterThan(1)
    const lab = await freshPage()
    await signInAs(lab, 'lab2')
    expect(await lab.textContent('[data-testid=nav-inbox-count]')).toBe(String(unread))
    await lab.click('header a[href="/inbox"]')
    await lab.waitForSelector('[data-testid=inbox]')
    await hydrated(lab)
    expect(await lab.locator('tr[data-unread=true]').count()).toBe(unread)

    // opening an item goes to it and marks it read
    const first = lab.locator('tr[data-unread=true] form button.link').first()
    await first.click()
    await lab.waitForURL((url) => url.pathname.startsWith('/labs/'))
    await lab.waitForFunction((n) => document.querySelector('[data-testid=nav-inbox-count]')?.textContent === String(n), unread - 1)
    expect(unreadOf('lab2')).toBe(unread - 1)

    await lab.goto(`${baseUrl()}/inbox`)
    await hydrated(lab)
    // the rest ticked at once (issue 19, item 9) and marked read together
    await lab.getByTestId('inbox-select-all').check()
    await expect(lab.locator('[data-testid=inbox-select]:checked').count()).resolves.toBe(unread - 1)
    await lab.getByTestId('inbox-mark-selected').click()
    await lab.waitForSelector('p[role=status]')
    expect(await lab.textContent('p[role=status]')).toContain(String(unread - 1))
    expect(await lab.locator('[data-testid=nav-inbox-count]').count()).toBe(0)
    expect(unreadOf('lab2')).toBe(0)

    // one browser context: signing the lab in replaced the bureau's cookie
    const official = await freshPage()
    await signInAs(official, 'bureau')
    await official.goto(`${baseUrl()}/outbox`)
    await official.waitForSelector('[data-testid=outbox]')
    expect(await official.textContent('[data-testid=smtp-state]')).toContain('SMTP_URL')
    expect(await official.locator('[data-testid=outbox] tbody tr').count()).toBeGreaterThan(0)
    expect(await official.textContent('[data-testid=outbox]')).toContain('【Labcycle】')
  })
})
