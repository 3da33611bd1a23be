import { describe, expect, test } from 'vitest'
import { baseUrl, browserForFile, openPage, signInAs } from './browser'

// 我的账户 in the browser: a new API token and a new calendar feed address are each shown once,
// in a labelled read-only field the person can copy from, and the feed address works at once
// (a calendar app fetches it without a session) while the token reaches the API.

const { freshPage } = browserForFile()

describe('secrets shown once on the account page', () => {
  test('a token is shown once and answers the API', { timeout: 90_000 }, async () => {
    const page = await freshPage()
    await signInAs(page, 'lab2')
    await openPage(page, '/account')
    await page.getByLabel('令牌名称').fill('浏览器测试')
    await page.getByRole('button', { name: '创建令牌' }).click()
    const field = page.getByLabel('新令牌')
    await field.waitFor()
    const token = await field.inputValue()
    expect(token).toMatch(/^lc_\d+_[\w-]{20,}$/)
    expect(await field.getAttribute('readonly')).not.toBeNull()
    const answer = await page.request.get(`${baseUrl()}/api/v1/labs`, { headers: { Authorization: `Bearer ${token}` } })
    expect(answer.status()).toBe(200)
    // shown once: after a reload the value is nowhere on the page
    await page.reload()
    expect(await page.content()).not.toContain(token)
    await page.close()
  })

  test('a feed address is shown once with its webcal twin, and a calendar can read it', { timeout: 90_000 }, async () => {
    const page = await freshPage()
    await signInAs(page, 'lab2')
    await openPage(page, '/account')
    await page.getByRole('button', { name: '生成订阅地址' }).click()
    const field = page.getByLabel('订阅地址（https）')
    await field.waitFor()
    const url = await field.inputValue()
    expect(url).toMatch(/\/feeds\/cal_\d+_[\w-]+\.ics$/)
    const webcal = await page.getByRole('link', { name: '在日历应用中打开（webcal）' }).getAttribute('href')
    expect(webcal).toBe(url.replace(/^https?:/, 'webcal:'))
    // a calendar app sends no cookie: a fresh request context
    const feed = await page.context().browser()!.newContext()
    const answer = await feed.request.get(new URL(new URL(url).pathname, page.url()).toString())
    expect(answer.status()).toBe(200)
    expect(answer.headers()['content-type']).toContain('text/calendar')
    expect(await answer.text()).toContain('BEGIN:VCALENDAR')
    await feed.close()
    await page.close()
  })
})
