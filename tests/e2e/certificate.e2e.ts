import { describe, expect, test } from 'vitest'
import { baseUrl, browserForFile, dbQuery, hydrated, labIdOf, openPage, signInAs } from './browser'
import { axeViolations } from './page-checks'

// The A4 certificate (授牌, issue 21 item 7) in the browser: the lab finds it from its home where
// the current period shows its number, reads it in Chinese and in English, and on paper only the
// sheet is printed. The demo seed numbers every period, so the demo lab has one.

const { context, freshPage } = browserForFile()

describe('the lab certificate', () => {
  test('the lab opens its certificate from its home, in both languages, and prints only the sheet', { timeout: 120_000 }, async () => {
    const page = await freshPage()
    await signInAs(page, 'lab')
    const labId = labIdOf('lab')
    const [period] = dbQuery<{ certificate_no: string; start_date: string }>(
      'SELECT certificate_no, start_date FROM validity_periods WHERE lab_id = ? ORDER BY sequence DESC LIMIT 1',
      labId,
    )
    await openPage(page, `/labs/${labId}`)
    await page.getByTestId('certificate-link').click()
    await page.waitForURL(`**/labs/${labId}/certificate`)
    await hydrated(page)
    expect(await page.getByTestId('certificate-number').innerText()).toBe(period.certificate_no)
    const [y, m, d] = period.start_date.split('-').map(Number)
    expect(await page.getByTestId('certificate-issued').innerText()).toBe(`发证日期：${y}年${m}月${d}日`)
    expect(await page.getByTestId('certificate').innerText()).toContain('苏州市大数据管理局')
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('苏州市大数据创新应用实验室')
    expect(await axeViolations(page)).toEqual([])

    // on paper: the app's header and the toolbar are gone, the sheet stays
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('body > header').isVisible()).toBe(false)
    expect(await page.getByRole('button', { name: '打印证书' }).isVisible()).toBe(false)
    expect(await page.getByTestId('certificate').isVisible()).toBe(true)
    await page.emulateMedia({ media: 'screen' })

    const { hostname } = new URL(baseUrl())
    await context().addCookies([{ name: 'lc_lang', value: 'en', domain: hostname, path: '/' }])
    await page.reload()
    await hydrated(page)
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Suzhou Big Data Innovation Application Laboratory')
    expect(await page.getByTestId('certificate-issued').innerText()).toBe(`Issued on ${period.start_date}`)
    expect(await axeViolations(page)).toEqual([])
    await page.close()
  })

  test('another lab’s certificate does not exist for a lab account', async () => {
    const page = await freshPage()
    await signInAs(page, 'lab')
    const [other] = dbQuery<{ id: number }>('SELECT id FROM labs WHERE id <> ? ORDER BY id LIMIT 1', labIdOf('lab'))
    expect((await page.goto(`${baseUrl()}/labs/${other.id}/certificate`))?.status()).toBe(404)
    await page.close()
  })
})
