import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { baseUrl, dbQuery, hydrated, labIdOf, openPage, savedNotice, shanghaiDay, browserForFile, confirmInDialog } from './browser'

// Issue 4 walked end to end: the lab files a deliverable with a PDF, the district gives its
// opinion, the bureau returns it, the lab fixes it and resubmits, the bureau accepts it. Other
// browser tests share this server and database, so this one finds its filing by a title of its
// own and compares counts before and after instead of expecting fixed numbers. An accepted
// deliverable cannot be deleted; it stays in the shared database, as a real one would.

const statusOf = (id: number) => dbQuery<{ status: string }>('SELECT status FROM deliverables WHERE id = ?', id)[0].status
const eventsOf = (id: number) =>
  dbQuery<{ action: string }>("SELECT action FROM filing_events WHERE filing_kind = 'deliverable' AND filing_id = ? ORDER BY id", id).map(
    (e) => e.action,
  )

// A small but real PDF: the server decides the type from the content, not from the name.
const PDF = Buffer.from(
  [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj',
    'trailer << /Root 1 0 R >>',
    '%%EOF',
    '',
  ].join('\n'),
  'latin1',
)
const PDF_NAME = '成果验收证明.pdf'

const { pageAs } = browserForFile()
let tempDir: string
let pdfPath: string

beforeAll(() => {
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-filing-'))
  pdfPath = path.join(tempDir, PDF_NAME)
  fs.writeFileSync(pdfPath, PDF)
})
afterAll(() => {
  fs.rmSync(tempDir, { recursive: true, force: true })
})

// The menu shows the count only when something waits.
async function navReviewsCount(page: Page) {
  const badge = page.getByTestId('nav-reviews-count')
  return (await badge.count()) === 0 ? 0 : Number(await badge.innerText())
}

const headingStatus = (page: Page) =>
  page.locator('[data-testid=deliverable-title] ~ [data-filing-status]').getAttribute('data-filing-status')
const threadEntry = (page: Page, action: string) => page.locator(`[data-testid=filing-thread] li[data-action=${action}]`)
const stepButton = (page: Page, step: string) => page.locator(`form[data-step=${step}] button[type=submit]`)

// The validity year today falls in, of the lab's latest period, from the form's hint
// ('第2期第1年 2025-03-01 至 2026-02-28；…').
function currentYear(hint: string, today: string) {
  const years = [...hint.matchAll(/第(\d+)期第(\d+)年 (\d{4}-\d{2}-\d{2}) 至 (\d{4}-\d{2}-\d{2})/g)].map((m) => ({
    sequence: Number(m[1]),
    year: Number(m[2]),
    start: m[3],
    end: m[4],
  }))
  expect(years.length, hint).toBeGreaterThan(0)
  const latest = Math.max(...years.map((y) => y.sequence))
  const current = years.find((y) => y.sequence === latest && y.start <= today && today <= y.end)
  expect(current, `no year of period ${latest} holds ${today}: ${hint}`).toBeDefined()
  return current!
}

// The current year's row of the deliverable check on the lab page (its reason names the year).
async function deliverableCheck(page: Page, labId: number, year: number) {
  await openPage(page, `/labs/${labId}`)
  const rows = page.locator('[data-testid=checks] tr[data-check=deliverable]').filter({ hasText: `第${year}年` })
  await expect(rows.count()).resolves.toBe(1)
  return { result: await rows.getAttribute('data-result'), reason: await rows.locator('td').nth(2).innerText() }
}

describe('filing a deliverable through its review', () => {
  test(
    'filed with a PDF, opinion from the district, returned, fixed, resubmitted and accepted by the bureau',
    { timeout: 180_000 },
    async () => {
      const title = `端到端测试成果 ${Date.now()}`
      const revisedTitle = `${title}（修订）`
      const opinion = '经核实，该成果已在辖区内试点应用，建议通过。'
      const returnComment = '请补充成果应用成效的量化数据。'

      // — the lab files a draft with an attachment and submits it
      let page = await pageAs('lab')
      await hydrated(page)
      await Promise.all([page.waitForURL(/\/labs\/\d+\/deliverables\/new$/), page.getByRole('link', { name: '填报年度成果' }).click()])
      const labId = Number(/\/labs\/(\d+)\//.exec(page.url())![1])
      expect(labId).toBe(labIdOf('lab'))
      await hydrated(page)
      const today = shanghaiDay()
      const year = currentYear(await page.locator('#field-completedOn-hint').innerText(), today)
      const completedOn = year.start <= shanghaiDay(-1) ? shanghaiDay(-1) : today

      await page.fill('#field-title', title)
      await page.selectOption('#field-type', 'report')
      await page.check('input[name=forms][value=scenario]')
      await page.check('input[name=forms][value=data]')
      await page.fill('#field-completedOn', completedOn)
      await page.fill('#field-summary', '面向城市治理场景，汇聚多源数据，形成可复用的分析模型，已在合作单位试运行。')
      await page.setInputFiles('#field-attachments', pdfPath)
      await Promise.all([page.waitForURL(/\/deliverables\/\d+\?saved=created$/), page.getByRole('button', { name: '保存草稿' }).click()])
      await savedNotice(page, '草稿已保存')
      const deliverableId = Number(/\/deliverables\/(\d+)\?/.exec(page.url())![1])
      const detailPath = `/labs/${labId}/deliverables/${deliverableId}`
      await expect(page.getByTestId('deliverable-title').innerText()).resolves.toBe(title)
      await expect(headingStatus(page)).resolves.toBe('draft')
      const attachmentLink = (p: Page) => p.getByTestId('attachment-list').getByRole('link', { name: PDF_NAME })
      const attachmentPath = await attachmentLink(page).getAttribute('href')
      expect(attachmentPath).toMatch(/^\/attachments\/\d+$/)
      await hydrated(page)
      await stepButton(page, 'submit').click()
      await savedNotice(page, '已提交审核')
      await expect(headingStatus(page)).resolves.toBe('submitted')
      expect(statusOf(deliverableId)).toBe('submitted')
      await page.close()

      // — the Gusu district office finds it in its queue and gives its opinion; it leaves the queue
      page = await pageAs('gusu')
      await openPage(page, `/reviews?q=${encodeURIComponent(title)}`)
      const gusuBefore = await navReviewsCount(page)
      expect(gusuBefore).toBeGreaterThan(0)
      const gusuRow = page.locator('[data-testid=row]').filter({ hasText: title })
      await expect(gusuRow.count()).resolves.toBe(1)
      await Promise.all([page.waitForURL((u) => u.pathname === detailPath), gusuRow.getByRole('link', { name: title }).click()])
      await page.getByTestId('deliverable-title').filter({ hasText: title }).waitFor()
      await hydrated(page)
      await expect(page.locator('form[data-step]').evaluateAll((els) => els.map((e) => e.getAttribute('data-step')))).resolves.toEqual([
        'district_opinion',
      ])
      // 不推荐 without reasons is refused and keeps the choice
      await page.check('input[name=opinion][value=oppose]')
      await stepButton(page, 'district_opinion').click()
      await expect(page.getByTestId('error-comment').innerText()).resolves.toBe('不推荐须写明理由')
      await expect(page.locator('input[name=opinion][value=oppose]').isChecked()).resolves.toBe(true)
      await page.fill('#district_opinion-comment', opinion)
      await stepButton(page, 'district_opinion').click()
      await savedNotice(page, '区县意见已提交')
      await expect(threadEntry(page, 'district_opinion').innerText()).resolves.toContain(opinion)
      await expect(headingStatus(page)).resolves.toBe('submitted')
      await openPage(page, `/reviews?q=${encodeURIComponent(title)}`)
      await expect(page.getByTestId('queue-empty').count()).resolves.toBe(1)
      expect(await navReviewsCount(page)).toBe(gusuBefore - 1)
      await page.close()

      // — the bureau finds it with the district's opinion; a return needs a comment
      page = await pageAs('bureau')
      await openPage(page, `/reviews?q=${encodeURIComponent(title)}`)
      const bureauRow = page.locator('[data-testid=row]').filter({ hasText: title })
      await expect(bureauRow.count()).resolves.toBe(1)
      await expect(bureauRow.locator('[data-opinion]').innerText()).resolves.toBe('不推荐')
      await Promise.all([page.waitForURL((u) => u.pathname === detailPath), bureauRow.getByRole('link', { name: title }).click()])
      await page.getByTestId('deliverable-title').filter({ hasText: title }).waitFor()
      await hydrated(page)
      // the district's 不推荐 and its reasons beside the decision
      await expect(page.getByTestId('district-opinion').innerText()).resolves.toContain('区县意见：不推荐')
      await expect(page.getByTestId('district-opinion').innerText()).resolves.toContain(opinion)
      const eventsBefore = eventsOf(deliverableId)
      await stepButton(page, 'return').click()
      await expect(page.locator('#return-comment-error').innerText()).resolves.toBe('请填写意见')
      await expect(headingStatus(page)).resolves.toBe('submitted')
      await expect(threadEntry(page, 'return').count()).resolves.toBe(0)
      expect(statusOf(deliverableId)).toBe('submitted')
      expect(eventsOf(deliverableId)).toEqual(eventsBefore)
      await page.fill('#return-comment', returnComment)
      await stepButton(page, 'return').click()
      await savedNotice(page, '已退回实验室修改')
      await expect(headingStatus(page)).resolves.toBe('returned')
      await page.close()

      // — the lab reads the comment, fixes the title and resubmits
      page = await pageAs('lab')
      await openPage(page, detailPath)
      await expect(threadEntry(page, 'return').innerText()).resolves.toContain(returnComment)
      await expect(threadEntry(page, 'district_opinion').innerText()).resolves.toContain(opinion)
      await page.getByTestId('edit-section').locator('summary').click()
      await page.fill('#field-title', revisedTitle)
      await page.getByRole('button', { name: '保存修改' }).click()
      await savedNotice(page, '修改已保存')
      await expect(page.getByTestId('deliverable-title').innerText()).resolves.toBe(revisedTitle)
      await expect(headingStatus(page)).resolves.toBe('returned')
      await stepButton(page, 'resubmit').click()
      await savedNotice(page, '已重新提交')
      await expect(headingStatus(page)).resolves.toBe('submitted')
      await page.close()

      // — the bureau accepts it with the grade 优秀
      page = await pageAs('bureau')
      await page.getByTestId('tile-reviews').waitFor()
      const tileBefore = Number(await page.getByTestId('tile-reviews').getByTestId('tile-value').innerText())
      const navBefore = await navReviewsCount(page)
      expect(navBefore).toBe(tileBefore)
      const checkBefore = await deliverableCheck(page, labId, year.year)
      await openPage(page, `/reviews?q=${encodeURIComponent(revisedTitle)}`)
      const resubmittedRow = page.locator('[data-testid=row]').filter({ hasText: revisedTitle })
      await expect(resubmittedRow.count()).resolves.toBe(1)
      await Promise.all([
        page.waitForURL((u) => u.pathname === detailPath),
        resubmittedRow.getByRole('link', { name: revisedTitle }).click(),
      ])
      await page.getByTestId('deliverable-title').filter({ hasText: revisedTitle }).waitFor()
      await hydrated(page)
      await page.selectOption('#accept-grade', 'excellent')
      await stepButton(page, 'accept').click()
      await confirmInDialog(page)
      await savedNotice(page, '已审核通过')
      await expect(headingStatus(page)).resolves.toBe('accepted')
      await expect(threadEntry(page, 'accept').innerText()).resolves.toContain('评定等级：优秀')
      expect(eventsOf(deliverableId)).toEqual(['create', 'submit', 'district_opinion', 'return', 'resubmit', 'accept'])
      expect(statusOf(deliverableId)).toBe('accepted')

      // gone from the queue, and the menu and the dashboard count one fewer
      await openPage(page, `/reviews?q=${encodeURIComponent(title)}`)
      await expect(page.getByTestId('queue-empty').count()).resolves.toBe(1)
      expect(await navReviewsCount(page)).toBe(navBefore - 1)
      await openPage(page, '/')
      await expect(page.getByTestId('tile-reviews').getByTestId('tile-value').innerText()).resolves.toBe(String(tileBefore - 1))

      // the current year's check now counts an accepted deliverable
      const checkAfter = await deliverableCheck(page, labId, year.year)
      expect(checkAfter.result).toBe('ok')
      expect(checkAfter.reason).toMatch(new RegExp(`^第${year.year}年已有通过验收的成果：`))
      // unless another accepted deliverable already counted for the year, it names this one
      if (!checkBefore.reason.includes('已有通过验收的成果'))
        expect(checkAfter.reason).toBe(`第${year.year}年已有通过验收的成果：${revisedTitle}`)

      // the bureau downloads the attachment: always as a download, the bytes as uploaded
      const response = await page.request.get(`${baseUrl()}${attachmentPath}`)
      expect(response.status()).toBe(200)
      expect(response.headers()['content-disposition']).toMatch(/^attachment;/)
      expect(response.headers()['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(PDF_NAME)}`)
      expect(response.headers()['content-type']).toBe('application/pdf')
      expect(Buffer.from(await response.body()).equals(PDF)).toBe(true)
      await openPage(page, detailPath)
      const [download] = await Promise.all([page.waitForEvent('download'), attachmentLink(page).click()])
      expect(download.suggestedFilename()).toBe(PDF_NAME)
      expect(fs.readFileSync((await download.path())!).equals(PDF)).toBe(true)
      await page.close()

      // — another lab's user does not get the file: 404, as for any page outside its scope
      page = await pageAs('lab2')
      const refused = await page.request.get(`${baseUrl()}${attachmentPath}`)
      expect(refused.status()).toBe(404)
      expect(refused.headers()['content-disposition']).toBeUndefined()
      await page.close()
    },
  )

  test('another lab’s user gets a 404 page for filing on this lab', async () => {
    const page = await pageAs('lab2')
    const res = await page.goto(`${baseUrl()}/labs/${labIdOf('lab')}/deliverables/new`)
    expect(res?.status()).toBe(404)
    await expect(page.getByTestId('error-message').count()).resolves.toBe(1)
    await expect(page.locator('#field-title').count()).resolves.toBe(0)
    await page.close()
  })
})
