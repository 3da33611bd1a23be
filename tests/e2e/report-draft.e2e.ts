import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { browserForFile, dbQuery, hydrated, openPage, savedNotice, signInAs } from './browser'

// Nothing typed is lost (issue 19 item 6): on the long annual report form a lab types, chooses a
// file and uploads; the upload saves what was typed as the draft, so a reload finds both.

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex')
const FILE_NAME = '经费支出明细.png'
const { freshPage } = browserForFile()
let tempDir: string
let filePath: string

beforeAll(() => {
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-report-draft-'))
  filePath = path.join(tempDir, FILE_NAME)
  fs.writeFileSync(filePath, PNG)
})
afterAll(() => fs.rmSync(tempDir, { recursive: true, force: true }))

describe('the annual report form keeps what was typed through an upload', () => {
  test('type, upload, reload: the text and the file are both there', async () => {
    // a lab user starts a report for a year its reports list offers (the demo data has some)
    const labUsers = dbQuery<{ labId: number; username: string }>(
      "SELECT lab_id AS labId, username FROM users WHERE role = 'lab' AND active = 1 ORDER BY id",
    )
    const page = await freshPage()
    let started = false
    for (const user of labUsers) {
      await page.context().clearCookies()
      await signInAs(page, user.username)
      await openPage(page, `/labs/${user.labId}/reports`)
      const start = page.getByRole('button', { name: '开始填报' })
      if ((await start.count()) === 0) continue
      await Promise.all([page.waitForURL(/\/reports\/\d+\?saved=start$/), start.first().click()])
      await hydrated(page)
      started = true
      break
    }
    expect(started, 'some lab of the demo data may start a report').toBe(true)

    const typed = `本年度新增数据工程师两名（${Date.now()}）`
    await page.fill('#field-teamChanges', typed)
    await page.setInputFiles('#field-attachments', filePath)
    await Promise.all([page.waitForURL(/\?saved=saveDraftAndUpload/), page.getByRole('button', { name: '保存草稿并上传附件' }).click()])
    await savedNotice(page, '草稿已保存，附件已上传')

    await page.reload()
    await hydrated(page)
    await expect(page.inputValue('#field-teamChanges')).resolves.toBe(typed)
    await expect(page.getByTestId('attachment-list').getByRole('link', { name: FILE_NAME }).count()).resolves.toBe(1)
    await page.close()
  })
})
