import { describe, expect, test } from 'vitest'
import { baseUrl, dbQuery, hydrated, signInAs, browserForFile } from './browser'

// Chat robots walked as an office meets them (issue 15): the bureau finds 群机器人 under its settings,
// sees the demo's placeholder robot, is refused a host off the allow-list with what it typed kept
// (but not the address or secret), registers a robot and sees its address and secret masked. The
// suite's server has no network: no robot is switched on and no test message is sent here.
const SECRET = 'SECabcdef0123456789abcdef0123456789abcdef0123456789abcdef01234567'

const { freshPage } = browserForFile()

describe('group robot settings', () => {
  test('the bureau registers a DingTalk robot from its settings; a wrong host is refused in Chinese', async () => {
    const page = await freshPage()
    await signInAs(page, 'bureau')
    await page.goto(`${baseUrl()}/settings`)
    await page.click('[data-testid=robots-link]')
    await page.waitForURL((url) => url.pathname === '/settings/robots')
    await hydrated(page)
    expect(await page.textContent('main')).toContain('市局值班群（示例，未启用）')
    expect(await page.textContent('[data-testid=robots-help]')).toContain('SSRF')

    const form = page.locator('[data-robot=new]')
    await form.locator('select[name=provider]').selectOption('dingtalk')
    await form.locator('input[name=name]').fill('市局应急值班群')
    await form.locator('input[name=webhookUrl]').fill('http://10.0.0.5/robot/send?access_token=x')
    await form.locator('input[name=secret]').fill(SECRET)
    await form.locator('button[type=submit]').click()
    await page.waitForSelector('[data-robot=new] [data-testid=error-webhookUrl]')
    expect(await page.textContent('[data-robot=new] [data-testid=error-webhookUrl]')).toContain('不允许的主机')
    expect(await form.locator('input[name=name]').inputValue()).toBe('市局应急值班群')
    // the server sends neither back (tests/routes/robots.test.ts); what the browser's inputs hold is the person's own typing
    expect(await page.content()).not.toContain(SECRET)

    await form
      .locator('input[name=webhookUrl]')
      .fill('https://oapi.dingtalk.com/robot/send?access_token=e2e0000000000000000000000000token9876')
    await form.locator('input[name=secret]').fill(SECRET)
    await form.locator('input[name=active]').uncheck()
    await form.locator('button[type=submit]').click()
    await page.waitForSelector('p[role=status]')
    expect(await page.textContent('p[role=status]')).toContain('市局应急值班群')
    const [robot] = dbQuery<{ id: number }>("SELECT id FROM chat_robots WHERE name = '市局应急值班群'")
    const card = page.locator(`[data-robot="${robot.id}"]`)
    expect(await card.locator('[data-testid=masked-webhook]').textContent()).toBe('••••9876')
    expect(await card.locator('[data-testid=masked-secret]').textContent()).toBe('••••4567')
    expect(await page.content()).not.toContain(SECRET)
    await page.close()
  })

  test('a district office finds its robots under 规则设置 and sees none of the bureau’s', async () => {
    const page = await freshPage()
    await signInAs(page, 'gusu')
    await page.click('nav[aria-label=main] a[href="/settings/robots"]')
    await page.waitForURL((url) => url.pathname === '/settings/robots')
    await page.waitForSelector('#robots-mine')
    expect(await page.textContent('main')).toContain('尚未登记机器人')
    expect(await page.textContent('main')).not.toContain('市局')
    await page.close()
  })
})
