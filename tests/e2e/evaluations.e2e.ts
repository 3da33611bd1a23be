import { describe, expect, test } from 'vitest'
import { baseUrl, browserForFile, dbQuery, hydrated, labIdOf, openPage, savedNotice, signInAs } from './browser'

// 年度评估 (issue 16, part 5) in the browser: the bureau adjusts a grade in the open round (a
// missing reason is refused with the message and what was chosen kept), the 姑苏区 office reads
// its own labs of the published round, and the demo lab reads its own result. Other browser tests
// share this server and database, so rows are found by lab and round ids read from it.

const { freshPage } = browserForFile()

const roundOf = (status: 'open' | 'published') =>
  dbQuery<{ id: number; year: number }>('SELECT id, year FROM evaluation_rounds WHERE status = ? ORDER BY year DESC', status)[0]

describe('the annual evaluation', () => {
  test('the bureau adjusts a lab’s grade with a reason; without one it is refused', { timeout: 120_000 }, async () => {
    const round = roundOf('open')
    const row = dbQuery<{ id: number; lab_id: number; final_grade: string | null }>(
      'SELECT id, lab_id, final_grade FROM evaluation_results WHERE round_id = ? AND adjusted_at IS NULL ORDER BY rank DESC LIMIT 1',
      round.id,
    )[0]
    const page = await freshPage()
    await signInAs(page, 'bureau')
    await openPage(page, `/evaluations/${round.id}?grade=${row.final_grade ?? 'none'}&sort=rank&dir=desc`)
    const tr = page.locator(`tr[data-result-lab="${row.lab_id}"]`)
    await tr.waitFor()
    const form = tr.locator('xpath=following-sibling::tr[1]')
    await form.locator('summary').click()
    await form.locator('select[name=grade]').selectOption('good')
    await form.getByRole('button', { name: '保存' }).click()
    await form.getByTestId('error-reason').waitFor()
    expect(await form.getByTestId('error-reason').innerText()).toContain('调整等级须填写理由')
    await expect(form.locator('select[name=grade]').inputValue()).resolves.toBe('good')

    await form.locator('input[name=reason]').fill('端到端测试：经复核上调')
    await form.getByRole('button', { name: '保存' }).click()
    await savedNotice(page, '已保存调整')
    const stored = dbQuery<{ final_grade: string; adjustment_reason: string }>(
      'SELECT final_grade, adjustment_reason FROM evaluation_results WHERE id = ?',
      row.id,
    )[0]
    expect(stored).toEqual({ final_grade: 'good', adjustment_reason: '端到端测试：经复核上调' })
    await page.close()
  })

  test('the 姑苏区 office reads only its own labs of the published round, and not the open one', async () => {
    const published = roundOf('published')
    const page = await freshPage()
    await signInAs(page, 'gusu')
    await openPage(page, '/evaluations')
    await page.getByRole('link', { name: `${published.year} 年度` }).waitFor()
    await expect(page.getByRole('link', { name: `${roundOf('open').year} 年度` }).count()).resolves.toBe(0)
    await openPage(page, `/evaluations/${published.id}`)
    const shown = await page
      .locator('tr[data-result-lab]')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-result-lab'))))
    const expected = dbQuery<{ lab_id: number }>(
      `SELECT r.lab_id FROM evaluation_results r JOIN labs l ON l.id = r.lab_id WHERE r.round_id = ? AND l.district_code = '320508'`,
      published.id,
    ).map((r) => r.lab_id)
    expect(shown.sort()).toEqual(expected.sort())
    expect(expected.length).toBeGreaterThan(0)
    const open = await page.goto(`${baseUrl()}/evaluations/${roundOf('open').id}`)
    expect(open?.status()).toBe(404)
    await page.close()
  })

  test('the demo lab is sent to its own published result', async () => {
    const page = await freshPage()
    await signInAs(page, 'lab')
    await page.goto(`${baseUrl()}/evaluations`)
    await hydrated(page)
    expect(new URL(page.url()).pathname).toBe(`/labs/${labIdOf('lab')}/evaluation`)
    const year = roundOf('published').year
    await page.locator(`[data-evaluation-year="${year}"]`).waitFor()
    const other = await page.goto(`${baseUrl()}/labs/${labIdOf('lab2')}/evaluation`)
    expect(other?.status()).toBe(404)
    await page.close()
  })
})
