import { describe, expect, test } from 'vitest'
import { baseUrl, browserForFile, dbQuery, hydrated, openPage, savedNotice, signInAs } from './browser'
import { axeViolations } from './page-checks'

// 申报批次 (issue 21) in the browser: the bureau opens a round from the list, a deadline order
// mistake is refused with what was typed kept, the round's quotas and criteria are saved, and a
// district office finds no such page. Other browser tests share the server and database, so the
// round is found by its name.

const { freshPage } = browserForFile()

describe('certification rounds', () => {
  test('the bureau opens a round, is told when the deadlines are out of order, and sets a quota', { timeout: 120_000 }, async () => {
    const page = await freshPage()
    await signInAs(page, 'bureau')
    await openPage(page, '/rounds')
    await page.locator('[data-round-stage]').first().waitFor()
    await page.getByRole('link', { name: '新建申报批次' }).click()
    await page.getByLabel('批次名称（中文）').fill('端到端测试批次')
    await page.getByLabel('推荐截止时间').fill('2020-01-01T08:00')
    await page.getByRole('button', { name: '创建批次' }).click()
    await page.getByTestId('error-recommendationsDueAt').waitFor()
    expect(await page.getByTestId('error-recommendationsDueAt').innerText()).toContain('推荐截止时间须晚于申报截止时间')
    await expect(page.getByLabel('批次名称（中文）').inputValue()).resolves.toBe('端到端测试批次')

    const applications = await page.getByLabel('申报截止时间').inputValue()
    const day = applications.slice(0, 10)
    await page.getByLabel('推荐截止时间').fill(`${day}T23:30`)
    await page.getByRole('button', { name: '创建批次' }).click()
    await savedNotice(page, '申报批次已创建')
    const [round] = dbQuery<{ id: number; recommendations_due_at: string }>(
      "SELECT id, recommendations_due_at FROM certification_rounds WHERE name_zh = '端到端测试批次'",
    )
    // 23:30 in Beijing is 15:30 UTC the same day
    expect(round.recommendations_due_at).toBe(`${day}T15:30:00.000Z`)
    expect(await axeViolations(page)).toEqual([])

    await page.getByLabel('昆山市').fill('5')
    await page.getByRole('button', { name: '保存名额' }).click()
    await savedNotice(page, '推荐名额已保存')
    expect(dbQuery('SELECT district_code, quota FROM round_office_quotas WHERE round_id = ?', round.id)).toEqual([
      { district_code: '320583', quota: 5 },
    ])
    // the saved page settles (network idle) before the next form is typed into: one CI run under
    // load waited 30 s for the criteria button to become clickable after typing straight away
    await hydrated(page)

    await page.getByRole('textbox', { name: '标准（中文） 1' }).fill('')
    await page.getByRole('textbox', { name: '标准（英文） 1' }).fill('')
    await page.getByRole('spinbutton', { name: '权重（%） 1' }).fill('')
    await page.getByRole('button', { name: '保存评审标准' }).click()
    await page.getByTestId('form-alert').first().waitFor()
    expect(await page.locator('[role=alert]').allInnerTexts()).toContainEqual(expect.stringContaining('权重合计为 70'))
    await page.close()
  })

  test('a district office finds neither the rounds nor the departments', async () => {
    const page = await freshPage()
    await signInAs(page, 'gusu')
    expect((await page.goto(`${baseUrl()}/rounds`))?.status()).toBe(404)
    expect((await page.goto(`${baseUrl()}/departments`))?.status()).toBe(404)
    await page.close()
  })
})
