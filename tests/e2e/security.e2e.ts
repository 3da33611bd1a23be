import type { Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { dbQuery, hydrated, openPage, signInAs, browserForFile } from './browser'

// Issue 5's incident walked end to end: the 昆山 lab (`lab2`) reports a grade III incident, the
// bureau's dashboard flags it in the needs-attention table (?check=incident), the lab moves it
// through contained and resolved to closed, and the flag clears. Other browser tests share this
// server and database, so the incident is found by its own title and id, and the dashboard rows
// by the link to it, never by fixed counts.

const labOf = (username: string) =>
  dbQuery<{ id: number; district: string }>(
    'SELECT l.id AS id, l.district_code AS district FROM users u JOIN labs l ON l.id = u.lab_id WHERE u.username = ?',
    username,
  )[0]
const incidentRow = (id: number) => dbQuery<{ status: string; grade: string }>('SELECT status, grade FROM incidents WHERE id = ?', id)[0]

const { freshPage } = browserForFile()

// What the browser reported going wrong: uncaught errors and React's own (a hydration mismatch
// shows only there), so a page that renders on the server but breaks in the browser fails the test.
const browserErrors: string[] = []

async function pageAs(username: string) {
  const page = await freshPage()
  page.on('pageerror', (e) => browserErrors.push(`${page.url()}: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error' && /React|Remix|Router/.test(m.text())) browserErrors.push(`${page.url()}: ${m.text()}`)
  })
  await signInAs(page, username)
  return page
}

// An instant as a datetime-local value in Beijing time ('2026-05-01T10:30').
const beijingInput = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16)

// The dashboard's needs-attention rows for the lab's open incidents, as the links they fix.
async function flaggedIncidentLinks(page: Page, district: string) {
  await openPage(page, `/?check=incident&district=${district}`)
  const table = page.getByTestId('needs-attention')
  await table.waitFor()
  return table.getByTestId('fix-link').evaluateAll((links) => links.map((a) => a.getAttribute('href')))
}

describe('a data-security incident', () => {
  test('a lab reports a grade III incident, the dashboard flags it, the lab closes it, the flag clears', { timeout: 180_000 }, async () => {
    const lab = labOf('lab2')
    const title = `端到端测试事件 ${Date.now()}`

    // — the lab reports it, discovered an hour ago: in time for grade III's 4 hours
    let page = await pageAs('lab2')
    await openPage(page, `/labs/${lab.id}/incidents`)
    await page.getByTestId('report-section').locator('summary').click()
    await page.selectOption('#field-grade', 'III')
    await page.fill('#field-title', title)
    const discovered = Date.now() - 3_600_000
    await page.fill('#field-discoveredAt', beijingInput(discovered))
    // the report time is left empty: the moment of submission, since recording it here is the report
    expect(await page.inputValue('#field-reportedAt')).toBe('')
    await page.fill('#field-description', '监测发现合作单位账号在非工作时间批量下载数据。')
    await page.fill('#field-dataAffected', '约 2 万条企业经营数据')
    await page.fill('#field-measures', '冻结账号，排查访问日志')
    await Promise.all([page.waitForURL(/\/incidents\/\d+\?saved=reported$/), page.getByRole('button', { name: '提交报告' }).click()])
    await page.getByRole('status').filter({ hasText: '事件已报告市大数据管理局' }).waitFor()
    const id = Number(/\/incidents\/(\d+)\?/.exec(page.url())![1])
    const incidentPath = `/labs/${lab.id}/incidents/${id}`
    await expect(page.getByTestId('incident-title').innerText()).resolves.toBe(title)
    await expect(page.getByTestId('incident-timing').locator('[data-timing]').getAttribute('data-timing')).resolves.toBe('on_time')
    await expect(page.getByTestId('incident-timing').innerText()).resolves.toContain('时限 4 小时')
    expect(incidentRow(id)).toEqual({ status: 'open', grade: 'III' })
    await page.close()

    // — the bureau's dashboard flags it; on the data-security page, the chart's segment for its
    // month and grade opens the table of that month's grade III incidents, which lists it
    page = await pageAs('bureau')
    expect(await flaggedIncidentLinks(page, lab.district)).toContain(incidentPath)
    const month = beijingInput(discovered).slice(0, 7)
    await openPage(page, '/security')
    const bar = page.locator(`[data-testid=chart-incidents] [data-bar="${month}-III"]`)
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/security' && u.searchParams.get('month') === month && u.searchParams.get('grade') === 'III'),
      bar.click(),
    ])
    // the router may change the URL before the page shows the new data: wait for the filters to show it
    await page.waitForFunction((m) => document.querySelector<HTMLSelectElement>('#month')?.value === m, month)
    await expect(page.inputValue('#grade')).resolves.toBe('III')
    await page.locator('[data-testid=row]').filter({ hasText: title }).waitFor()
    // only grade III incidents of that month are listed
    await expect(page.locator('[data-testid=row] [data-grade]:not([data-grade=III])').count()).resolves.toBe(0)
    await page.close()

    // — the lab moves it on one step at a time, each with a note, and closes it
    page = await pageAs('lab2')
    await openPage(page, incidentPath)
    for (const [to, button, note] of [
      ['contained', '标记为已控制', '已冻结相关账号并切断接口'],
      ['resolved', '标记为已处置', '已重置口令，完成溯源'],
      ['closed', '结案关闭', '完成整改并形成总结报告'],
    ] as const) {
      await page.fill('#advance-note', note)
      await Promise.all([page.waitForURL(/\?saved=advanced$/), page.getByRole('button', { name: button }).click()])
      await page.locator(`[data-testid=incident-timeline] li[data-kind=step][data-to=${to}]`).filter({ hasText: note }).waitFor()
      await hydrated(page)
      expect(incidentRow(id).status).toBe(to)
    }
    await expect(page.locator('h1 ~ [data-incident-status]').getAttribute('data-incident-status')).resolves.toBe('closed')
    await expect(page.locator('form[data-intent=advance]').count()).resolves.toBe(0)
    await page.close()

    // — the flag has cleared
    page = await pageAs('bureau')
    expect(await flaggedIncidentLinks(page, lab.district)).not.toContain(incidentPath)
    await page.close()
    expect(browserErrors).toEqual([])
  })
})
