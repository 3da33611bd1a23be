import { describe, expect, test } from 'vitest'
import { baseUrl, browserForFile, dbQuery, hydrated, openPage, savedNotice } from './browser'
import { axeViolations } from './page-checks'

// 公示 (issue 21 item 6) in the browser: the public page read signed out in both languages (the
// demo's renewal in notice listed, nothing private on it, axe clean), and the bureau's objection
// form on the notice page: an empty objection refused with what was typed kept, then recorded.

const { freshPage, pageAs } = browserForFile()

const seeded = () =>
  dbQuery<{ id: number; lab: string }>(
    `SELECT n.id, l.name AS lab FROM public_notices n JOIN renewals r ON r.id = n.subject_id JOIN labs l ON l.id = r.lab_id
      WHERE n.subject_kind = 'renewal' AND n.withdrawn_at IS NULL ORDER BY n.id LIMIT 1`,
  )[0]

describe('public notices', () => {
  test('anyone reads the list without signing in, in Chinese and English, and sees nothing private', async () => {
    const notice = seeded()
    expect(notice).toBeDefined()
    const page = await freshPage()
    await openPage(page, '/public/notices')
    expect(new URL(page.url()).pathname).toBe('/public/notices')
    const renewals = page.getByTestId('notices-renewals')
    await expect(renewals.locator(`[data-notice="${notice.id}"]`).innerText()).resolves.toContain(notice.lab)
    const text = await page.locator('main').innerText()
    expect(text).toMatch(/公示期：\d+月\d+日至\d+月\d+日/)
    expect(text).toContain('公示中')
    // the demo's shortlist under 公示 (batch 2): its two applications, and not the one left off it
    const shortlist = page.getByTestId('notices-applications')
    const listed = await shortlist.innerText()
    for (const { lab } of dbQuery<{ lab: string }>("SELECT lab_name AS lab FROM round_applications WHERE status = 'in_notice'"))
      expect(listed).toContain(lab)
    for (const { lab } of dbQuery<{ lab: string }>("SELECT lab_name AS lab FROM round_applications WHERE status = 'not_shortlisted'"))
      expect(listed).not.toContain(lab)
    // the objection's words, its contact and the decision's reasons are the bureau's
    const [objection] = dbQuery<{ content: string }>('SELECT content FROM notice_objections WHERE notice_id = ? ORDER BY id', notice.id)
    expect(text).not.toContain(objection.content)
    expect(await axeViolations(page)).toEqual([])

    await page.getByRole('button', { name: /English/ }).click()
    await page.getByRole('heading', { name: 'Public notices', level: 1 }).waitFor()
    await expect(page.locator('main').innerText()).resolves.toContain('Notice period: ')
    expect(await axeViolations(page)).toEqual([])
    await page.close()
  })

  test('the bureau records an objection on the notice page; an empty one is refused with what was typed kept', async () => {
    const notice = seeded()
    const before = dbQuery<{ n: number }>('SELECT count(*) AS n FROM notice_objections WHERE notice_id = ?', notice.id)[0].n
    const page = await pageAs('bureau')
    await openPage(page, `/notices/${notice.id}`)
    expect(await axeViolations(page)).toEqual([])
    const form = page.getByTestId('objection-form')
    await form.getByLabel('提出人（单位或个人，可匿名）').fill('某科技有限公司')
    await form.getByRole('button', { name: '登记异议' }).click()
    await page.getByTestId('error-content').waitFor()
    await expect(page.getByTestId('error-content').innerText()).resolves.toContain('必填')
    await expect(page.getByTestId('objection-form').getByLabel('提出人（单位或个人，可匿名）').inputValue()).resolves.toBe('某科技有限公司')
    await hydrated(page)
    await page.getByTestId('objection-form').getByLabel('异议内容').fill('反映该实验室团队人数与名册不符。')
    await page.getByTestId('objection-form').getByRole('button', { name: '登记异议' }).click()
    await savedNotice(page, '已保存')
    expect(dbQuery<{ n: number }>('SELECT count(*) AS n FROM notice_objections WHERE notice_id = ?', notice.id)[0].n).toBe(before + 1)
    await expect(page.locator('[data-decision=pending]').count()).resolves.toBe(before + 1)
    expect(await axeViolations(page)).toEqual([])
    await page.close()
  })

  test('a district office finds no notice page', async () => {
    const page = await pageAs('gusu')
    expect((await page.goto(`${baseUrl()}/notices/${seeded().id}`))?.status()).toBe(404)
    await page.close()
  })
})
