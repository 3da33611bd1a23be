import { describe, expect, test } from 'vitest'
import { makeUscc, USCC_CHARSET } from '~/domain/uscc'
import { baseUrl, browserForFile, dbQuery, openPage, savedNotice, signInAs } from './browser'
import { axeViolations } from './page-checks'

// 申报单位 (issue 21) in the browser: an organisation registers itself from the sign-in page (the
// credit code checked as it is typed), its district office confirms it, and the applicant's status
// page says so. Other browser tests share the server and database, so names are made unique.

const { freshPage } = browserForFile()

// nine characters of the code's charset from the clock: a credit code no other run has registered
const serial = () => {
  let n = Date.now()
  let s = ''
  for (let i = 0; i < 9; i++, n = Math.floor(n / 31)) s += USCC_CHARSET[n % 31]
  return s
}

describe('an applicant registers and its office confirms it', () => {
  test('register on /register, confirm as 姑苏区, see the status as the applicant', { timeout: 120_000 }, async () => {
    const uscc = makeUscc({ authority: '9', kind: '1', region: '320508', serial: serial() })
    const wrongCheck = uscc.slice(0, 17) + (uscc[17] === '0' ? '1' : '0')
    const username = `e2e-reg-${Date.now().toString(36)}`
    const name = `端到端注册单位${username.slice(-5)}`

    const page = await freshPage()
    await openPage(page, '/login')
    await page.getByTestId('register-link').click()
    await page.getByRole('heading', { name: '申报单位注册' }).waitFor()
    await page.getByLabel('单位名称').fill(name)
    await page.getByLabel('统一社会信用代码').fill(wrongCheck)
    // told at once, before sending
    await expect(page.getByTestId('warning-uscc').innerText()).resolves.toContain('校验位不正确')
    await page.getByLabel('统一社会信用代码').fill(uscc)
    await expect(page.getByTestId('warning-uscc').count()).resolves.toBe(0)
    await page.getByLabel('单位类型').selectOption('enterprise')
    await page.getByLabel('推荐单位').selectOption('district:320508')
    await page.locator('#field-contactName').fill('端到端联系人')
    await page.getByLabel('联系电话').fill('13912345678')
    await page.getByLabel('联系邮箱').fill('e2e@example.cn')
    await page.getByLabel('登录用户名').fill(username)
    await page.getByLabel('密码').fill('short')
    await page.getByRole('button', { name: '提交注册' }).click()
    await page.getByTestId('error-password').waitFor()
    // what was typed is kept (the server never sends the password back: tests/routes/applicants.test.ts)
    await expect(page.getByLabel('单位名称').inputValue()).resolves.toBe(name)
    await expect(page.getByLabel('统一社会信用代码').inputValue()).resolves.toBe(uscc)
    expect(await axeViolations(page)).toEqual([])
    await page.getByLabel('密码').fill('e2e-long-password')
    await page.getByRole('button', { name: '提交注册' }).click()
    await page.getByText('注册已提交').waitFor()
    const [row] = dbQuery<{ id: number; status: string }>('SELECT id, status FROM applicants WHERE uscc = ?', uscc)
    expect(row.status).toBe('pending')

    await signInAs(page, username, 'e2e-long-password')
    await openPage(page, '/registration')
    await expect(page.getByTestId('registration-status').innerText()).resolves.toContain('等待 姑苏区 确认')
    // a pending applicant has no office pages
    expect((await page.goto(`${baseUrl()}/applicants`))?.status()).toBe(404)

    await page.context().clearCookies()
    await signInAs(page, 'gusu')
    await openPage(page, `/applicants?q=${encodeURIComponent(name)}`)
    expect(await axeViolations(page)).toEqual([])
    await page.getByRole('link', { name }).click()
    await page.getByRole('button', { name: '确认注册' }).waitFor()
    expect(await axeViolations(page)).toEqual([])
    await page.getByRole('button', { name: '确认注册' }).click()
    await savedNotice(page, '已确认该申报单位的注册')
    expect(dbQuery<{ status: string }>('SELECT status FROM applicants WHERE id = ?', row.id)[0].status).toBe('confirmed')

    await page.context().clearCookies()
    await signInAs(page, username, 'e2e-long-password')
    await openPage(page, '/registration')
    await expect(page.getByTestId('registration-status').innerText()).resolves.toContain('已由 姑苏区 确认')
    await page.close()
  })

  test('市教育局’s office does not find 姑苏区’s applicant', async () => {
    const page = await freshPage()
    await signInAs(page, 'edu')
    const [own] = dbQuery<{ id: number }>("SELECT applicant_id AS id FROM users WHERE username = 'applicant'")
    expect((await page.goto(`${baseUrl()}/applicants/${own.id}`))?.status()).toBe(404)
    await page.close()
  })
})
