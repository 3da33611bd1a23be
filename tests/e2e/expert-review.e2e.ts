import type {} from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { dbQuery, hydrated, openPage, savedNotice, browserForFile, confirmInDialog } from './browser'

// Issue 8's expert review walked: the demo expert, assigned to a renewal under review, finds it
// on its home page (评审任务), is refused a score out of range with what it typed kept, submits
// weighted scores and an opinion; the bureau's panel on the renewal page shows the total, and
// the bureau's inbox says a review is in.
const waiting = () =>
  dbQuery<{ id: number; renewal_id: number; lab_id: number }>(
    `SELECT a.id, a.renewal_id, r.lab_id FROM review_assignments a JOIN renewals r ON r.id = a.renewal_id
     JOIN users u ON u.id = a.expert_id WHERE u.username = 'expert' AND a.status = 'assigned' ORDER BY a.id LIMIT 1`,
  )[0]
const assignment = (id: number) =>
  dbQuery<{ status: string; total_score: number | null }>('SELECT status, total_score FROM review_assignments WHERE id = ?', id)[0]
const bureauInbox = () =>
  dbQuery<{ n: number }>(
    `SELECT count(*) AS n FROM inbox_items i JOIN notices n ON n.id = i.notice_id JOIN users u ON u.id = i.user_id
     WHERE u.username = 'bureau' AND n.source = 'review_submitted'`,
  )[0].n

const { pageAs } = browserForFile()

describe('an expert reviews a renewal assigned to it', () => {
  test('the expert scores the renewal; the bureau reads the weighted total', { timeout: 120_000 }, async () => {
    const task = waiting()
    expect(task).toBeDefined()
    const inboxBefore = bureauInbox()

    // — the expert lands on its review tasks and opens the one waiting
    let page = await pageAs('expert')
    await hydrated(page)
    expect(new URL(page.url()).pathname).toBe('/assignments')
    const row = page.locator(`tr[data-assignment="${task.id}"]`)
    await Promise.all([page.waitForURL((u) => u.pathname.endsWith('/review')), row.getByRole('link', { name: '评审' }).click()])
    await hydrated(page)

    // a score out of range is refused, and what was typed stays
    const form = page.getByTestId('review-form')
    const scores = ['80', '75', '70', '85', '90']
    for (const [i, score] of scores.entries()) await form.locator(`#field-score-${i + 1}`).fill(score)
    await form.locator('#field-score-1').fill('101')
    await form.locator('#field-opinion').fill('成果扎实，转化成效明显。')
    await form.getByRole('button', { name: '提交评审' }).click()
    await confirmInDialog(page)
    await page.locator('#field-score-1-error').waitFor()
    await expect(page.locator('#field-opinion').inputValue()).resolves.toBe('成果扎实，转化成效明显。')
    expect(assignment(task.id).status).toBe('assigned')

    await page.locator('#field-score-1').fill('80')
    await page.getByTestId('review-form').getByRole('button', { name: '提交评审' }).click()
    await confirmInDialog(page)
    await savedNotice(page, '评审已提交')
    await page.close()

    // 80×30 + 75×20 + 70×15 + 85×15 + 90×20 over 100 = 80.25, kept to one decimal
    expect(assignment(task.id)).toEqual({ status: 'submitted', total_score: 80.3 })
    expect(bureauInbox()).toBe(inboxBefore + 1)

    // — the bureau's panel on the renewal page shows it
    page = await pageAs('bureau')
    await openPage(page, `/labs/${task.lab_id}/renewals/${task.renewal_id}`)
    await expect(page.getByTestId('review-assignments').innerText()).resolves.toContain('80.3')
    await expect(page.getByTestId('review-mean').innerText()).resolves.toContain('80.3')
    await page.close()
  })
})
