import { Document, Packer, Paragraph } from 'docx'
import type { Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { baseUrl, browserForFile, dbQuery, openPage, savedNotice, signInAs } from './browser'
import { axeViolations } from './page-checks'

// Certification applications (issue 21) in the browser: the demo applicant fills its draft
// section by section and submits it; 姑苏区 returns it with reasons; the applicant sees them and
// resubmits; the office uploads its sealed letter and recommends. Other browser tests share the
// server and database: this file alone touches the demo applicant's application.

const { freshPage, context } = browserForFile()

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

const statusOf = () =>
  dbQuery<{ id: number; status: string }>(
    "SELECT a.id, a.status FROM round_applications a JOIN users u ON u.applicant_id = a.applicant_id WHERE u.username = 'applicant'",
  )[0]

// The saved notice stays from the previous save (same address), so each save waits for its own
// post and the page data loaded after it.
async function settled(page: Page, click: () => Promise<void>) {
  const posted = page.waitForResponse((r) => r.request().method() === 'POST')
  await click()
  await posted
  await page.waitForLoadState('networkidle')
  await savedNotice(page, '已保存')
}
const save = (page: Page, section: string, button = '保存') =>
  settled(page, () => page.getByTestId(`section-${section}`).getByRole('button', { name: button }).click())

describe('a certification application', () => {
  test('is filled and submitted, returned, resubmitted and recommended', { timeout: 240_000 }, async () => {
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('申报书')] }] }))
    const applicant = await freshPage()
    await signInAs(applicant, 'applicant')
    await openPage(applicant, '/applications')
    await applicant.getByTestId('own-applications').getByRole('link').first().click()
    await applicant.getByTestId('findings').waitFor()
    expect(await applicant.locator('[data-finding="team_size"]').getAttribute('data-result')).toBe('failing')

    const basics = applicant.getByTestId('section-basics')
    await basics.getByLabel('实验室名称').fill('苏州姑苏数智融合实验室')
    await basics.getByLabel('申报方向').selectOption('5')
    await save(applicant, 'basics')
    const roster = applicant.getByTestId('section-roster')
    for (let i = 1; i <= 15; i++) {
      await roster.getByLabel('姓名').fill(`成员${i}`)
      await roster.getByLabel('学位').selectOption(i <= 3 ? 'master' : 'bachelor')
      await save(applicant, 'roster', '添加')
      await roster
        .locator('li')
        .nth(i - 1)
        .waitFor()
    }
    // the roster import (issue 21 item 3): a refused file lists its rows and changes nothing; a
    // good one replaces the 15 typed members with its 16
    const header = '姓名,职称,学历学位,团队角色'
    const csv = (lines: string[]) => ({
      name: '名单.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${[header, ...lines].join('\r\n')}\r\n`),
    })
    const importing = applicant.getByTestId('section-roster-import')
    await importing.locator('input[type=file]').setInputFiles(csv(['甲,教授级,硕士,科研人员']))
    const refusedPost = applicant.waitForResponse((r) => r.request().method() === 'POST')
    await importing.getByRole('button', { name: '导入并替换名单' }).click()
    expect((await refusedPost).status()).toBe(400)
    await importing.getByTestId('roster-import-rows').waitFor()
    expect(await importing.getByTestId('roster-import-rows').innerText()).toContain('职称')
    await expect.poll(() => roster.locator('li').count()).toBe(15)
    await importing
      .locator('input[type=file]')
      .setInputFiles(csv(Array.from({ length: 16 }, (_, i) => `导入成员${i + 1},${i < 3 ? '副高级' : '中级'},硕士,科研人员`)))
    const imported = applicant.waitForResponse((r) => r.request().method() === 'POST')
    await importing.getByRole('button', { name: '导入并替换名单' }).click()
    await imported
    await savedNotice(applicant, '已导入 16 名成员')
    await expect.poll(() => roster.locator('li').count()).toBe(16)
    const plan = applicant.getByTestId('section-plan')
    for (const label of ['技术攻关', '知识产权', '资金投入方式', '成果场景化应用'])
      await plan.getByLabel(label, { exact: true }).fill(`${label}的计划`)
    await plan.getByLabel('落地应用场景').fill('2')
    await save(applicant, 'plan')
    await applicant.getByTestId('section-security').getByLabel('数据安全管理制度、应急机制和预案').fill('已建立应急预案')
    await save(applicant, 'security')
    // the commitments form remounts with the version the security save wrote: check its boxes only
    // once that page data is in (Remix moves the address when the loaders have answered)
    await applicant.waitForURL(/saved=security/)
    for (const box of await applicant.getByTestId('section-commitments').getByRole('checkbox').all()) await box.check()
    await save(applicant, 'commitments')
    for (const [kind, file] of [
      ['application_pdf', { name: '申报书.pdf', mimeType: 'application/pdf', buffer: PDF }],
      [
        'application_docx',
        { name: '申报书.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: docx },
      ],
    ] as const) {
      const item = applicant.locator(`[data-file-kind="${kind}"]`)
      await item.locator('input[type=file]').setInputFiles(file)
      await settled(applicant, () => item.getByRole('button', { name: '上传' }).click())
    }
    await applicant.reload()
    const failing = await applicant
      .locator('[data-result="failing"]')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-finding')} ${e.textContent}`))
    expect(failing.join('; ')).toBe('')
    expect(await axeViolations(applicant)).toEqual([])
    await settled(applicant, () => applicant.getByRole('button', { name: '提交申报' }).click())
    expect(statusOf().status).toBe('submitted')

    const office = await freshPage()
    await signInAs(office, 'gusu')
    await openPage(office, '/applications')
    await office.getByTestId('applications-table').getByRole('link', { name: '苏州姑苏数智科技有限公司' }).click()
    await office.getByLabel('退回理由').fill('请补充团队成员的学位证明。')
    await office.getByRole('button', { name: '退回修改' }).click()
    await savedNotice(office, '已保存')
    expect(statusOf().status).toBe('returned')

    // the pages share one browser context (one cookie jar): each role signs in again before acting
    const url = applicant.url().replace(/\?.*$/, '')
    await context().clearCookies()
    await signInAs(applicant, 'applicant')
    await openPage(applicant, new URL(url).pathname)
    expect(await applicant.getByTestId('return-reasons').innerText()).toContain('请补充团队成员的学位证明。')
    await settled(applicant, () => applicant.getByRole('button', { name: '重新提交' }).click())
    expect(statusOf().status).toBe('submitted')

    await context().clearCookies()
    await signInAs(office, 'gusu')
    await openPage(office, new URL(url).pathname)
    const letter = office.locator('[data-file-kind="recommendation_letter"]')
    await letter.locator('input[type=file]').setInputFiles({ name: '推荐意见.pdf', mimeType: 'application/pdf', buffer: PDF })
    await settled(office, () => letter.getByRole('button', { name: '上传' }).click())
    await settled(office, () => office.getByRole('button', { name: '推荐', exact: true }).click())
    expect(statusOf().status).toBe('recommended')
    expect(await axeViolations(office)).toEqual([])
    await applicant.close()
    await office.close()
  })

  test('another district’s office does not find it', async () => {
    const page = await freshPage()
    await signInAs(page, 'wuzhong')
    const { id } = statusOf()
    const res = await page.goto(`${baseUrl()}/applications/${id}`)
    expect(res?.status()).toBe(404)
    await page.close()
  })
})
