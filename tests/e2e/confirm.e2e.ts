import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { browserForFile, confirmInDialog, dbQuery, hydrated, labIdOf, openPage, savedNotice, shanghaiDay } from './browser'

// Issue 19, item 5: every irreversible step asks first, in a real dialog that says what will
// happen; cancelling (or Esc) changes nothing in the database, confirming takes the step. The
// renewal decision has no preselected outcome and is taken beside the lab's failing checks.
// The demo database is shared with the other browser tests: each test picks records of its own.

const { pageAs } = browserForFile()

const PDF = Buffer.from(
  [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj',
    'trailer << /Root 1 0 R >>',
    '%%EOF',
    '',
  ].join('\n'),
  'latin1',
)
const PDF_NAME = '待删除的附件.pdf'
let tempDir: string
let pdfPath: string
beforeAll(() => {
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-confirm-'))
  pdfPath = path.join(tempDir, PDF_NAME)
  fs.writeFileSync(pdfPath, PDF)
})
afterAll(() => fs.rmSync(tempDir, { recursive: true, force: true }))

const openDialog = (page: Page) => page.locator('dialog[open]')
const dialogClosed = (page: Page) => page.waitForFunction(() => document.querySelector('dialog[open]') === null)
const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '')

const renewalRow = (id: number) =>
  dbQuery<{ status: string; decision: string | null }>('SELECT status, decision FROM renewals WHERE id = ?', id)[0]
const periodOutcome = (labId: number) =>
  dbQuery<{ outcome: string | null }>('SELECT outcome FROM validity_periods WHERE lab_id = ? ORDER BY sequence DESC LIMIT 1', labId)[0]
    .outcome

describe('the renewal decision', () => {
  test('no outcome is preselected; the dialog names the decision and the lab’s failing checks; cancel and Esc change nothing', async () => {
    // a submitted application of a lab no demo account belongs to, with failing checks of its own
    const [target] = dbQuery<{ id: number; lab_id: number }>(
      `SELECT r.id, r.lab_id FROM renewals r WHERE r.status = 'submitted'
         AND r.lab_id NOT IN (SELECT lab_id FROM users WHERE lab_id IS NOT NULL)
         AND NOT EXISTS (SELECT 1 FROM review_assignments a WHERE a.renewal_id = r.id)
         -- the demo's renewal under 公示 is decided already, awaiting its confirmation
         AND NOT EXISTS (SELECT 1 FROM public_notices n WHERE n.subject_kind = 'renewal' AND n.subject_id = r.id)
       ORDER BY (SELECT count(*) FROM lab_checks c WHERE c.lab_id = r.lab_id AND c.result = 'failing' AND c.owner = 'lab') DESC, r.id
       LIMIT 1`,
    )
    expect(target).toBeDefined()
    const page = await pageAs('bureau')
    await openPage(page, `/labs/${target.lab_id}/renewals/${target.id}`)
    const failing = dbQuery<{ n: number }>(
      `SELECT count(*) AS n FROM lab_checks WHERE lab_id = ? AND result = 'failing' AND owner = 'lab'`,
      target.lab_id,
    )[0].n
    expect(failing).toBeGreaterThan(0)
    // the lab's failing checks are beside the form
    const facts = page.getByTestId('decision-facts')
    await expect(facts.locator('[data-testid=decision-checks] tr[data-result=failing]').count()).resolves.toBe(failing)
    await expect(facts.innerText()).resolves.toContain('资格记录')

    const form = page.getByTestId('form-decide')
    await expect(form.getByRole('radio').count()).resolves.toBe(4)
    await expect(form.getByRole('radio', { checked: true }).count()).resolves.toBe(0)
    // posted without a decision: refused with the reason, what was typed kept, no dialog needed
    await form.locator('#field-reasons').fill('成果齐全，但团队或成果检查未通过，请核对。')
    await form.getByRole('button', { name: '作出决定' }).click()
    await expect(page.getByTestId('error-decision').innerText()).resolves.toBe('请选择决定：续期、整改后续期、不予续期或撤销认定')
    await expect(form.locator('#field-reasons').inputValue()).resolves.toBe('成果齐全，但团队或成果检查未通过，请核对。')
    expect(renewalRow(target.id).status).toBe('submitted')

    await hydrated(page)
    await form.getByRole('radio', { name: '续期', exact: true }).check()
    await form.locator('#field-grade').selectOption({ index: 1 })
    const submit = form.getByRole('button', { name: '作出决定' })
    await submit.click()
    const dialog = openDialog(page)
    await expect(dialog.getByRole('heading').innerText()).resolves.toBe('确认续期该实验室？')
    const text = await dialog.innerText()
    expect(text).toContain(`该实验室有 ${failing} 项不合规检查。`)
    expect(text).toContain('确认续期？')
    expect(text).toContain('不能撤回')
    // the buttons say what they do; focus is inside, on the safe one
    await expect(dialog.getByRole('button').allInnerTexts()).resolves.toEqual(['取消', '续期'])
    await expect(focusedText(page)).resolves.toBe('取消')

    await dialog.getByRole('button', { name: '取消' }).click()
    await dialogClosed(page)
    await expect(focusedText(page)).resolves.toBe('作出决定')
    expect(renewalRow(target.id)).toEqual({ status: 'submitted', decision: null })
    await expect(form.locator('#field-reasons').inputValue()).resolves.toBe('成果齐全，但团队或成果检查未通过，请核对。')

    await submit.click()
    await openDialog(page).waitFor()
    await page.keyboard.press('Escape')
    await dialogClosed(page)
    expect(renewalRow(target.id)).toEqual({ status: 'submitted', decision: null })

    // the outcome chosen last is the one the dialog names and the server records
    await form.getByRole('radio', { name: '不予续期' }).check()
    await submit.click()
    await expect(openDialog(page).getByRole('heading').innerText()).resolves.toBe('确认不予续期？')
    await confirmInDialog(page)
    await savedNotice(page, '决定已记录')
    expect(renewalRow(target.id)).toMatchObject({ decision: 'not_renew' })
    await page.close()
  })

  test('revoking asks “确认撤销该实验室的认定？”: cancel keeps the certification, confirm revokes it', async () => {
    // a lab in force outside 姑苏区 that no demo account belongs to and no renewal has begun for
    const [lab] = dbQuery<{ id: number }>(
      `SELECT l.id FROM labs l JOIN validity_periods p ON p.lab_id = l.id
        WHERE p.sequence = (SELECT max(sequence) FROM validity_periods WHERE lab_id = l.id)
          AND p.outcome IS NULL AND p.start_date <= ? AND p.end_date > date(?, '+30 days') AND l.district_code <> '320508'
          AND l.id NOT IN (SELECT lab_id FROM users WHERE lab_id IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM renewals r WHERE r.lab_id = l.id)
        ORDER BY l.id DESC LIMIT 1`,
      shanghaiDay(),
      shanghaiDay(),
    )
    expect(lab).toBeDefined()
    const page = await pageAs('bureau')
    await openPage(page, `/labs/${lab.id}/renewal`)
    await page.getByTestId('decision-facts').waitFor()
    const form = page.getByTestId('form-decideWithout')
    await expect(form.getByRole('radio', { checked: true }).count()).resolves.toBe(0)
    await form.getByRole('radio', { name: '撤销认定' }).check()
    await form.locator('#field-reasons').fill('依托单位被列入严重失信主体名单。')
    const submit = form.getByRole('button', { name: '撤销认定' })
    await submit.click()
    const dialog = openDialog(page)
    await expect(dialog.getByRole('heading').innerText()).resolves.toBe('确认撤销该实验室的认定？')
    await expect(dialog.innerText()).resolves.toContain('撤销后不能恢复')
    await expect(dialog.getByRole('button').allInnerTexts()).resolves.toEqual(['取消', '撤销认定'])
    await dialog.getByRole('button', { name: '取消' }).click()
    await dialogClosed(page)
    expect(periodOutcome(lab.id)).toBeNull()

    await submit.click()
    await confirmInDialog(page)
    await savedNotice(page, '决定已记录')
    expect(periodOutcome(lab.id)).toBe('revoked')
    await page.close()
  })
})

describe('the lab’s irreversible steps', () => {
  test('withdrawing a resource request asks first; Esc keeps it, confirming withdraws it', async () => {
    const labId = labIdOf('lab')
    const [request] = dbQuery<{ id: number }>(
      `SELECT id FROM resource_requests WHERE lab_id = ? AND status = 'submitted' ORDER BY id DESC LIMIT 1`,
      labId,
    )
    expect(request).toBeDefined()
    const status = () => dbQuery<{ status: string }>('SELECT status FROM resource_requests WHERE id = ?', request.id)[0].status
    const page = await pageAs('lab')
    await openPage(page, `/labs/${labId}/requests/${request.id}`)
    const withdraw = page.locator('form[data-step=withdraw] button[type=submit]')
    await withdraw.click()
    const dialog = openDialog(page)
    await expect(dialog.getByRole('heading').innerText()).resolves.toBe('确认撤回该资源申请？')
    await expect(dialog.innerText()).resolves.toContain('不能恢复')
    await page.keyboard.press('Escape')
    await dialogClosed(page)
    expect(status()).toBe('submitted')

    await withdraw.click()
    await confirmInDialog(page)
    await expect.poll(status).toBe('withdrawn')
    await page.getByTestId('request-title').waitFor()
    await page.close()
  })

  test('deleting an attachment and a draft deliverable each ask first; cancel keeps them, confirming deletes them', async () => {
    const labId = labIdOf('lab')
    const title = `确认对话框测试成果 ${Date.now()}`
    const page = await pageAs('lab')
    await openPage(page, `/labs/${labId}/deliverables/new`)
    await page.fill('#field-title', title)
    await page.selectOption('#field-type', 'report')
    await page.check('input[name=forms][value=data]')
    await page.fill('#field-completedOn', shanghaiDay())
    await page.fill('#field-summary', '用于检查删除前的确认对话框。')
    await page.setInputFiles('#field-attachments', pdfPath)
    await Promise.all([page.waitForURL(/\/deliverables\/\d+\?saved=created$/), page.getByRole('button', { name: '保存草稿' }).click()])
    const deliverableId = Number(/\/deliverables\/(\d+)\?/.exec(page.url())![1])
    const attachments = () =>
      dbQuery<{ n: number }>(`SELECT count(*) AS n FROM attachments WHERE owner_type = 'deliverable' AND owner_id = ?`, deliverableId)[0].n
    const exists = () => dbQuery('SELECT id FROM deliverables WHERE id = ?', deliverableId).length
    expect(attachments()).toBe(1)
    await hydrated(page)

    const remove = page.getByRole('button', { name: `删除附件“${PDF_NAME}”` })
    await remove.click()
    let dialog = openDialog(page)
    await expect(dialog.getByRole('heading').innerText()).resolves.toBe(`确认删除附件“${PDF_NAME}”？`)
    await expect(dialog.getByRole('button').allInnerTexts()).resolves.toEqual(['取消', '删除附件'])
    await dialog.getByRole('button', { name: '取消' }).click()
    await dialogClosed(page)
    expect(attachments()).toBe(1)
    await remove.click()
    await confirmInDialog(page)
    await expect.poll(attachments).toBe(0)
    await page.getByTestId('attachment-list').waitFor({ state: 'detached' })

    await hydrated(page)
    const del = page.getByRole('button', { name: '删除草稿' })
    await del.click()
    dialog = openDialog(page)
    // it asks, rather than stating a fact as the old window.confirm did
    await expect(dialog.getByRole('heading').innerText()).resolves.toBe('确认删除这份成果草稿？')
    await page.keyboard.press('Escape')
    await dialogClosed(page)
    expect(exists()).toBe(1)
    await del.click()
    await confirmInDialog(page)
    await savedNotice(page, '草稿已删除')
    expect(exists()).toBe(0)
    await page.close()
  })
})
