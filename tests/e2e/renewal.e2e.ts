import fs from 'node:fs'
import type {} from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { dbQuery, hydrated, labIdOf, openPage, savedNotice, browserForFile, confirmInDialog } from './browser'

// Issue 8 walked end to end: lab2 (昆山, its period ending within the renewal window) writes and
// submits its renewal application; the bureau reads it with the dossier, decides to renew with a
// grade and reasons; the new period, from the day after the old one ends, is on the lab page and
// the lab's status reads 已续期. The next period's indicator plan, proposed with the application
// and approved while the renewal is reviewed, is then the new period's plan.

const periodsOf = (labId: number) =>
  dbQuery<{ sequence: number; start_date: string; end_date: string; outcome: string | null }>(
    'SELECT sequence, start_date, end_date, outcome FROM validity_periods WHERE lab_id = ? ORDER BY sequence',
    labId,
  )
const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)

const { pageAs } = browserForFile()

describe('a renewal from the lab’s application to the bureau’s decision', () => {
  test('lab2 applies, the bureau renews it, and the new period is on the lab page', { timeout: 180_000 }, async () => {
    const labId = labIdOf('lab2')
    const [before] = periodsOf(labId)
    expect(before.outcome).toBeNull()

    // — the lab starts its application from its renewal page and submits it
    let page = await pageAs('lab2')
    await openPage(page, `/labs/${labId}`)
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/labs/${labId}/renewal`),
      page.getByRole('link', { name: '续期', exact: true }).click(),
    ])
    await hydrated(page)
    await Promise.all([page.waitForURL(/\/renewals\/\d+\?saved=created$/), page.getByRole('button', { name: '开始填写续期申请' }).click()])
    await savedNotice(page, '续期申请草稿已创建')
    const renewalPath = new URL(page.url()).pathname
    await hydrated(page)
    // submitting with a part missing keeps what was typed and says what is missing
    await page.fill('#field-summary', '两年完成工业互联网标识解析等 3 项年度成果，均已通过审核。')
    // The refused submit still saves the draft, so the page reloads its data behind the message.
    // Held here until the rest is typed: what the user types meanwhile must survive the reload.
    let releaseReload!: () => void
    const reloadHeld = new Promise<void>((resolve) => (releaseReload = resolve))
    await page.route(
      (url) => url.pathname.endsWith('.data'),
      async (route) => {
        if (route.request().method() === 'GET') await reloadHeld
        await route.continue()
      },
    )
    await page.getByRole('button', { name: '提交续期申请' }).click()
    await expect(page.locator('dialog[open] h2').innerText()).resolves.toBe('确认提交续期申请？')
    await confirmInDialog(page)
    await expect(page.locator('#field-planTargets-error').innerText()).resolves.toBe('提交前请填写此项')
    await expect(page.locator('#field-summary').inputValue()).resolves.toContain('工业互联网标识解析')
    await page.fill('#field-selfAssessment', '目标基本完成，成果转化有待加强。')
    await page.fill('#field-planTargets', '下一期形成 5 项可复用成果。')
    await page.fill('#field-planIp', '申请发明专利 3 项。')
    await page.fill('#field-planFunding', '两年投入 600 万元。')
    await page.fill('#field-planScenarios', '制造业数字化转型场景。')
    // the reload must land before the next submission, which then carries the draft's new version
    const reloaded = page.waitForResponse((r) => r.request().method() === 'GET' && new URL(r.url()).pathname.endsWith('.data'))
    releaseReload()
    await reloaded
    await page.waitForLoadState('networkidle')
    await page.unroute((url) => url.pathname.endsWith('.data'))
    await expect(page.locator('#field-planTargets').inputValue()).resolves.toBe('下一期形成 5 项可复用成果。')
    await page.getByRole('button', { name: '提交续期申请' }).click()
    await confirmInDialog(page)
    await savedNotice(page, '续期申请已提交')
    await expect(page.locator('[data-testid=renewal-title] ~ [data-renewal-status]').getAttribute('data-renewal-status')).resolves.toBe(
      'submitted',
    )
    // with the application submitted, the lab proposes the next period's plan (issue 16): money in 万元
    await hydrated(page)
    const plan = page.getByTestId('proposed-plan-form')
    await plan.locator('[name="target.papers"]').fill('8')
    await plan.locator('[name="target.transfer_value"]').fill('0.3')
    await plan.getByRole('button', { name: '提交指标计划' }).click()
    await savedNotice(page, '指标计划已提交，等待市局审核')
    await page.close()

    // — the bureau reads the application and the dossier, and renews with a grade and reasons
    page = await pageAs('bureau')
    // the demo announces a renewal first (公示, issue 21: tests/e2e/public-notice.e2e.ts walks that);
    // this walk decides at once, as an installation with the switch off does
    await openPage(page, '/settings')
    await page.locator('#field-renewalNoticeStep').selectOption('0')
    await page.getByRole('button', { name: '保存设置' }).click()
    await savedNotice(page, '已保存 1 项修改')
    await openPage(page, renewalPath)
    await expect(page.getByTestId('application').innerText()).resolves.toContain('工业互联网标识解析')
    await expect(page.getByTestId('renewal-dossier').count()).resolves.toBe(1)
    // the dossier's editable Word copy (issue 17) downloads under the lab's name, a real .docx (a zip)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dossier-docx').click()])
    expect(download.suggestedFilename()).toMatch(/^续期材料-.+-\d{4}-\d{2}-\d{2}\.docx$/)
    expect(
      fs
        .readFileSync((await download.path())!)
        .subarray(0, 2)
        .toString(),
    ).toBe('PK')
    // the proposed plan, read and approved while the renewal is reviewed
    await expect(page.getByTestId('proposed-plan-targets').innerText()).resolves.toContain('0.3')
    await page.getByTestId('proposed-plan-decide').getByRole('button', { name: '批准指标计划' }).click()
    await savedNotice(page, '已批准该指标计划')
    await expect(page.getByTestId('proposed-plan-status').innerText()).resolves.toContain('已批准')
    const form = page.getByTestId('form-decide')
    // no outcome is preselected (issue 19): the bureau picks one
    await expect(form.getByRole('radio', { checked: true }).count()).resolves.toBe(0)
    await form.getByRole('radio', { name: '续期', exact: true }).check()
    await form.locator('#field-grade').selectOption('good')
    await form.locator('#field-reasons').fill('两个年度成果与年度报告齐全，准予续期。')
    await form.getByRole('button', { name: '作出决定' }).click()
    await expect(page.locator('dialog[open] h2').innerText()).resolves.toBe('确认续期该实验室？')
    await confirmInDialog(page)
    await savedNotice(page, '决定已记录')
    const newStart = dayAfter(before.end_date)
    await expect(page.getByTestId('renewal-new-period').innerText()).resolves.toContain(newStart)
    await page.close()

    // — the lab sees the new period on its page, and its status is renewed
    page = await pageAs('lab2')
    await openPage(page, `/labs/${labId}`)
    const periods = await page.getByTestId('periods').innerText()
    expect(periods).toContain(newStart)
    await expect(page.locator('[data-status]').first().getAttribute('data-status')).resolves.toBe('renewed')
    await page.close()

    const after = periodsOf(labId)
    expect(after.map((p) => [p.sequence, p.outcome])).toEqual([
      [1, 'renewed'],
      [2, null],
    ])
    expect(after[1].start_date).toBe(newStart)
    // the approved plan is the new period's plan
    expect(
      dbQuery<{ status: string; sequence: number }>(
        `SELECT p.status, v.sequence FROM indicator_plans p JOIN renewals r ON r.id = p.renewal_id
           JOIN validity_periods v ON v.id = p.period_id WHERE r.lab_id = ?`,
        labId,
      ),
    ).toEqual([{ status: 'approved', sequence: 2 }])
  })
})
