import type { Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { baseUrl, dbQuery, labIdOf, openPage, signInAs, browserForFile } from './browser'

// Expected answers come straight from the server's database file, read-only, so the browser's
// view is checked against the data rather than against numbers copied into the test.

const { freshPage, context } = browserForFile()

describe('each demo role sees exactly the labs it may see', () => {
  test('the bureau sees every lab in the registry', async () => {
    const page = await freshPage()
    await signInAs(page, 'bureau')
    await page.goto(`${baseUrl()}/labs?size=100`)
    const total = dbQuery<{ n: number }>('SELECT count(*) AS n FROM labs')[0].n
    await expect(page.locator('[data-testid=row]').count()).resolves.toBe(total)
    await page.close()
  })

  test('the Gusu district office sees only the labs of 姑苏区', async () => {
    const page = await freshPage()
    await signInAs(page, 'gusu')
    await page.goto(`${baseUrl()}/labs?size=100`)
    const expected = dbQuery<{ name: string }>("SELECT name FROM labs WHERE district_code = '320508' ORDER BY name").map((r) => r.name)
    const shown = await page.locator('[data-testid=row] td:first-child').allInnerTexts()
    expect(shown.sort()).toEqual(expected.sort())
    expect(expected.length).toBeGreaterThan(0)
    // another district's lab by URL is not found
    const other = dbQuery<{ id: number }>("SELECT id FROM labs WHERE district_code <> '320508' LIMIT 1")[0].id
    const res = await page.goto(`${baseUrl()}/labs/${other}`)
    expect(res?.status()).toBe(404)
    await page.close()
  })

  test('a lab user lands on its own lab and gets 404 for lab2’s lab', async () => {
    const page = await freshPage()
    await signInAs(page, 'lab')
    await page.goto(`${baseUrl()}/labs`)
    expect(new URL(page.url()).pathname).toBe(`/labs/${labIdOf('lab')}`)
    const res = await page.goto(`${baseUrl()}/labs/${labIdOf('lab2')}`)
    expect(res?.status()).toBe(404)
    await expect(page.getByTestId('error-message').innerText()).resolves.toContain('无权查看')
    const exported = await page.request.get(`${baseUrl()}/labs/export`)
    expect(exported.status()).toBe(404)
    await page.close()
  })

  test('lab2 sees its Kunshan lab and not the Gusu one', async () => {
    const page = await freshPage()
    await signInAs(page, 'lab2')
    const own = await page.goto(`${baseUrl()}/labs/${labIdOf('lab2')}`)
    expect(own?.status()).toBe(200)
    const other = await page.goto(`${baseUrl()}/labs/${labIdOf('lab')}`)
    expect(other?.status()).toBe(404)
    await page.close()
  })

  test('the expert sees no lab yet', async () => {
    const page = await freshPage()
    await signInAs(page, 'expert')
    const res = await page.goto(`${baseUrl()}/labs`)
    expect(res?.status()).toBe(404)
    const lab = await page.goto(`${baseUrl()}/labs/${labIdOf('lab')}`)
    expect(lab?.status()).toBe(404)
    await page.close()
  })
})

describe('the main navigation', () => {
  // What each demo account sees in the header, link by link and in order, so the header's markup
  // can change shape without changing who sees which link.
  const entries = (page: Page) =>
    page.$$eval('nav[aria-label=main] a', (links) =>
      links.map((a) => `${new URL((a as HTMLAnchorElement).href).pathname} ${a.childNodes[0]?.textContent ?? ''}`),
    )
  const offices = [
    '/reviews 待审核',
    '/requests 资源申请',
    '/renewals 续期',
    '/outcomes 成果看板',
    '/security 数据安全',
    '/evaluations 年度评估',
    '/calendar 工作日历',
  ]
  const expected: Record<string, () => string[]> = {
    bureau: () => [
      '/ 仪表盘',
      '/labs 实验室',
      '/organisations 单位',
      '/users 用户',
      '/imports 导入',
      '/rounds 申报批次',
      '/applicants 申报单位',
      ...offices,
      '/settings 规则设置',
      '/jobs 定时任务',
      '/outbox 邮件发件箱',
      '/audit 审计日志',
    ],
    // a district office's settings are its chat robots (issue 15)
    gusu: () => ['/ 仪表盘', '/labs 实验室', '/applicants 申报单位', ...offices, '/settings/robots 规则设置'],
    lab: () => [
      '/ 仪表盘',
      `/labs/${labIdOf('lab')} 实验室`,
      `/labs/${labIdOf('lab')}/requests 资源申请`,
      '/outcomes 成果看板',
      '/calendar 工作日历',
    ],
    lab2: () => [
      '/ 仪表盘',
      `/labs/${labIdOf('lab2')} 实验室`,
      `/labs/${labIdOf('lab2')}/requests 资源申请`,
      '/outcomes 成果看板',
      '/calendar 工作日历',
    ],
    expert: () => ['/ 仪表盘', '/assignments 评审任务'],
    // the certification round's accounts (issue 21) have no dashboard: their applications first,
    // then an applicant its registration, a city department the applicants naming it
    applicant: () => ['/applications 认定申报', '/registration 注册状态'],
    edu: () => ['/applications 认定申报', '/applicants 申报单位'],
  }

  test.each(Object.keys(expected))('%s sees its entries in order', async (username) => {
    const page = await freshPage()
    await signInAs(page, username)
    await openPage(page, '/account')
    await expect(entries(page)).resolves.toEqual(expected[username]())
    await page.close()
  })
})

describe('the registry', () => {
  test('the CSV export holds exactly the rows of the filtered table', async () => {
    const page = await freshPage()
    await signInAs(page, 'bureau')
    await page.goto(`${baseUrl()}/labs?status=expiring&size=100&sort=endDate`)
    const tableNames = await page.locator('[data-testid=row] td:first-child').allInnerTexts()
    expect(tableNames.length).toBeGreaterThan(0)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()])
    const file = await download.path()
    const fs = await import('node:fs')
    const csv = fs.readFileSync(file!, 'utf8').replace(/^\uFEFF/, '')
    const lines = csv.trim().split('\r\n')
    expect(lines[0].split(',')[0]).toBe('实验室名称')
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(tableNames)
    await page.close()
  })

  test('the Excel export beside it holds the same rows, end dates as dates', async () => {
    const page = await freshPage()
    await signInAs(page, 'gusu')
    await page.goto(`${baseUrl()}/labs?size=100&sort=endDate`)
    const tableNames = await page.locator('[data-testid=row] td:first-child').allInnerTexts()
    expect(tableNames.length).toBeGreaterThan(0)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()])
    expect(download.suggestedFilename()).toMatch(/^实验室名录-\d{4}-\d{2}-\d{2}\.xlsx$/)
    const ExcelJS = (await import('exceljs')).default
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile((await download.path())!)
    const sheet = book.worksheets[0]!
    const header = (sheet.getRow(1).values as unknown[]).slice(1)
    expect(header[0]).toBe('实验室名称')
    const names: string[] = []
    sheet.eachRow((row, n) => n > 1 && names.push(String(row.getCell(1).value)))
    expect(names).toEqual(tableNames)
    const end = header.indexOf('有效期止') + 1
    expect(sheet.getRow(2).getCell(end).value).toBeInstanceOf(Date)
    await page.close()
  })

  test('the dashboard tile for expiring labs opens the registry filtered to them', async () => {
    const page = await freshPage()
    await signInAs(page, 'bureau')
    const tile = page.getByTestId('tile').filter({ hasText: '天内到期' })
    const count = Number(await tile.locator('div').nth(1).innerText())
    await tile.click()
    await page.waitForURL(/status=expiring/)
    await expect(page.getByTestId('page-info').innerText()).resolves.toContain(`共 ${count} 条`)
    await page.close()
  })
})

describe('language', () => {
  // huqiu, not bureau: the choice is stored on the account and would follow it into later tests
  test('the English switch is remembered across pages and sign-ins', async () => {
    const page = await freshPage()
    await signInAs(page, 'huqiu')
    await expect(page.locator('nav[aria-label=main]').innerText()).resolves.toContain('实验室')
    await page.getByRole('button', { name: '切换语言' }).click()
    await page.waitForLoadState('networkidle')
    await page.goto(`${baseUrl()}/labs`)
    await expect(page.locator('nav[aria-label=main]').innerText()).resolves.toContain('Labs')
    await expect(page.locator('h1').innerText()).resolves.toBe('Lab registry')
    await expect(page.title()).resolves.toBe('Labcycle · Lab registry')
    await context().clearCookies()
    await signInAs(page, 'huqiu')
    await expect(page.locator('nav[aria-label=main]').innerText()).resolves.toContain('Labs')
    await page.close()
  })
})

describe('sessions and mutations', () => {
  test('signing out ends the session on the server', async () => {
    const page = await freshPage()
    await signInAs(page, 'bureau')
    const cookies = await context().cookies()
    const session = cookies.find((c) => c.name === 'lc_session')!
    await page.getByRole('button', { name: '退出登录' }).click()
    await page.waitForURL(/\/login/)
    const replay = await fetch(`${baseUrl()}/labs`, { headers: { Cookie: `lc_session=${session.value}` }, redirect: 'manual' })
    expect(replay.status).toBe(302)
    expect(replay.headers.get('location')).toContain('/login')
    await page.close()
  })

  test('a mutation from another origin is refused', async () => {
    const res = await fetch(`${baseUrl()}/login`, {
      method: 'POST',
      headers: { Origin: 'http://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'username=bureau&password=labcycle-demo',
      redirect: 'manual',
    })
    expect(res.status).toBe(403)
    expect(res.headers.get('set-cookie')).toBeNull()
  })

  test('the session cookie is httpOnly and SameSite=Lax', async () => {
    const page = await freshPage()
    await signInAs(page, 'bureau')
    const session = (await context().cookies()).find((c) => c.name === 'lc_session')!
    expect(session.httpOnly).toBe(true)
    expect(session.sameSite).toBe('Lax')
    await page.close()
  })
})

describe('organisation form', () => {
  test('a bad credit code is refused with a clear message and the form keeps what was typed', async () => {
    const page = await freshPage()
    await signInAs(page, 'bureau')
    await page.goto(`${baseUrl()}/organisations/new`)
    await page.fill('#field-name', '苏州测试数据科技有限公司')
    // a valid Suzhou code with its check character changed
    await page.fill('#field-creditCode', '91320505MA1MX8KK6Y')
    await page.selectOption('#field-kind', 'enterprise')
    await page.selectOption('#field-districtCode', '320505')
    await page.click('main button[type=submit]')
    await expect(page.getByTestId('error-creditCode').innerText()).resolves.toContain('校验位不正确')
    await expect(page.inputValue('#field-name')).resolves.toBe('苏州测试数据科技有限公司')
    await expect(page.inputValue('#field-creditCode')).resolves.toBe('91320505MA1MX8KK6Y')
    const stored = dbQuery<{ n: number }>("SELECT count(*) AS n FROM organisations WHERE name = '苏州测试数据科技有限公司'")[0].n
    expect(stored).toBe(0)
    await page.close()
  })
})
