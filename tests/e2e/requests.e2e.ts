import type { Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { dbQuery, hydrated, openPage, savedNotice, shanghaiDay, browserForFile, confirmInDialog } from './browser'

// Issue 6 walked end to end: the lab asks for computing power and submits, the bureau finds it
// in its queue, accepts it, is refused a grant larger than asked, grants part of it and records
// the delivery; the lab sees every step and closes it. The shared demo database has other
// requests, so this one is found by a title of its own.

const requestRow = (id: number) =>
  dbQuery<{ status: string; granted_quantity: number | null; deadline: string | null; decided_in_time: number | null }>(
    'SELECT status, granted_quantity, deadline, decided_in_time FROM resource_requests WHERE id = ?',
    id,
  )[0]
const eventsOf = (id: number) =>
  dbQuery<{ action: string }>('SELECT action FROM request_events WHERE request_id = ? ORDER BY id', id).map((e) => e.action)

const { pageAs } = browserForFile()

const stepButton = (page: Page, step: string) => page.locator(`form[data-step=${step}] button[type=submit]`)
const headingStatus = (page: Page) =>
  page.locator('[data-testid=request-title] ~ [data-request-status]').getAttribute('data-request-status')

describe('a resource request from the lab to fulfilment', () => {
  test(
    'asked and submitted by the lab, accepted, partly approved and delivered by the bureau, closed by the lab',
    { timeout: 180_000 },
    async () => {
      const title = `端到端算力申请 ${Date.now()}`

      // — the lab opens its requests from the menu and drafts one; the units follow the type
      let page = await pageAs('lab')
      await hydrated(page)
      await Promise.all([
        page.waitForURL(/\/labs\/\d+\/requests$/),
        page.getByRole('navigation').getByRole('link', { name: '资源申请' }).click(),
      ])
      const labId = Number(/\/labs\/(\d+)\//.exec(page.url())![1])
      await hydrated(page)
      await Promise.all([page.waitForURL(/\/requests\/new$/), page.getByRole('link', { name: '新建申请' }).click()])
      await hydrated(page)
      await page.selectOption('#field-type', 'site')
      await expect(page.locator('#field-unit option').allInnerTexts()).resolves.toEqual(['平方米'])
      await page.selectOption('#field-type', 'computing')
      await expect(page.locator('#field-unit option').allInnerTexts()).resolves.toEqual(['GPU卡时', 'CPU核时'])
      await page.fill('#field-title', title)
      await page.fill('#field-description', '城市治理大模型微调训练。')
      await page.fill('#field-quantity', '2000')
      await page.selectOption('#field-unit', 'gpu_hours')
      await page.fill('#field-neededBy', shanghaiDay(60))
      await page.fill('#field-justification', '支撑本年度成果“城市治理大模型”。')
      await Promise.all([page.waitForURL(/\/requests\/\d+\?saved=created$/), page.getByRole('button', { name: '保存草稿' }).click()])
      await savedNotice(page, '草稿已保存')
      const requestId = Number(/\/requests\/(\d+)\?/.exec(page.url())![1])
      const detailPath = `/labs/${labId}/requests/${requestId}`
      await expect(headingStatus(page)).resolves.toBe('draft')
      await expect(page.getByTestId('request-quantity').innerText()).resolves.toBe('2000 GPU卡时')
      await hydrated(page)
      await stepButton(page, 'submit').click()
      await savedNotice(page, '申请已提交')
      await expect(headingStatus(page)).resolves.toBe('submitted')
      const { deadline } = requestRow(requestId)
      await expect(page.getByTestId('request-deadline').innerText()).resolves.toContain(`应于 ${deadline} 前作出决定（10 个工作日）`)
      await page.close()

      // — the bureau finds it in its queue, still within its deadline
      page = await pageAs('bureau')
      await openPage(page, `/requests?q=${encodeURIComponent(title)}`)
      const row = page.locator('tbody tr').filter({ hasText: title })
      await expect(row.count()).resolves.toBe(1)
      await expect(row.getByTestId('overdue-badge').count()).resolves.toBe(0)
      await Promise.all([page.waitForURL((u) => u.pathname === detailPath), row.getByRole('link', { name: title }).click()])
      await page.getByTestId('request-title').filter({ hasText: title }).waitFor()
      await hydrated(page)
      await stepButton(page, 'accept').click()
      await savedNotice(page, '已受理')
      await expect(headingStatus(page)).resolves.toBe('accepted')

      // more than asked is refused with the reason, and nothing is decided
      await hydrated(page)
      await page.fill('#partly_approve-grantedQuantity', '2500')
      await stepButton(page, 'partly_approve').click()
      await confirmInDialog(page)
      await expect(page.locator('form[data-step=partly_approve] [role=alert]').innerText()).resolves.toContain(
        '部分批准的数量须小于申请数量 2000',
      )
      await expect(page.locator('#partly_approve-grantedQuantity').inputValue()).resolves.toBe('2500')
      expect(requestRow(requestId).status).toBe('accepted')

      await page.fill('#partly_approve-grantedQuantity', '1200')
      await page.fill('#partly_approve-comment', '本季度算力紧张，先批 1200 卡时。')
      await stepButton(page, 'partly_approve').click()
      await confirmInDialog(page)
      await savedNotice(page, '已部分批准')
      await expect(page.getByTestId('request-granted').innerText()).resolves.toBe('批准 1200 GPU卡时')
      await expect(page.getByTestId('request-decision').innerText()).resolves.toContain('在时限内')

      await hydrated(page)
      await page.fill('#fulfil-deliveredQuantity', '1200')
      await page.fill('#fulfil-deliveryNote', '已在市算力调度平台开通账号')
      await stepButton(page, 'fulfil').click()
      await savedNotice(page, '兑现情况已登记')
      await expect(headingStatus(page)).resolves.toBe('fulfilled')
      await page.close()

      // — the lab sees every step with the bureau's comment, and closes the request
      page = await pageAs('lab')
      await openPage(page, detailPath)
      await expect(page.getByTestId('request-fulfilled').innerText()).resolves.toContain('已在市算力调度平台开通账号')
      const thread = page.getByTestId('request-thread')
      await expect(thread.locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))).resolves.toEqual([
        'create',
        'submit',
        'accept',
        'partly_approve',
        'fulfil',
      ])
      await expect(thread.locator('li[data-action=partly_approve]').innerText()).resolves.toContain('本季度算力紧张')
      await stepButton(page, 'close').click()
      await savedNotice(page, '已办结')
      await expect(headingStatus(page)).resolves.toBe('closed')
      await page.close()

      expect(requestRow(requestId)).toMatchObject({ status: 'closed', granted_quantity: 1200, decided_in_time: 1 })
      expect(eventsOf(requestId)).toEqual(['create', 'submit', 'accept', 'partly_approve', 'fulfil', 'close'])
    },
  )
})
