import { describe, expect, test } from 'vitest'
import { baseUrl, dbQuery, hydrated, labIdOf, signInAs, browserForFile } from './browser'

// A lab brings its roster in from a spreadsheet (issue 17): from its team page to the upload,
// which goes up with progress, to the preview (nothing written yet, a bad row refused with its
// column), to the apply and its result.
const { freshPage } = browserForFile()

describe('roster import', () => {
  test('a lab uploads its roster, reads the preview, applies the accepted rows', async () => {
    const page = await freshPage()
    await signInAs(page, 'lab')
    const labId = labIdOf('lab')
    await page.goto(`${baseUrl()}/labs/${labId}/team`)
    await page.click('[data-testid=import-roster-link]')
    await page.waitForURL((url) => url.pathname === '/imports/new')
    await hydrated(page)
    const csv = '实验室证书编号,姓名,职称,学历学位,团队角色\n,导入测试甲,副高级,硕士,科研人员\n,导入测试乙,教授,学士,科研人员\n'
    await page.setInputFiles('#import-file', { name: '名单.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await page.click('[data-testid=import-upload]')
    await page.waitForURL((url) => url.pathname.startsWith('/imports/preview/'))
    expect(await page.textContent('[data-testid=import-counts]')).toContain('新增 1')
    expect(await page.textContent('[data-testid=import-counts]')).toContain('拒绝 1')
    expect(await page.textContent('tr[data-row="3"]')).toContain('职称')
    expect(dbQuery("SELECT id FROM team_members WHERE name = '导入测试甲'")).toEqual([])
    await hydrated(page)
    await page.click('[data-testid=import-apply]')
    await page.waitForURL((url) => /^\/imports\/\d+$/.test(url.pathname))
    expect(await page.textContent('[data-testid=import-result]')).toContain('新增 1')
    expect(dbQuery<{ lab_id: number }>("SELECT lab_id FROM team_members WHERE name = '导入测试甲'")).toEqual([{ lab_id: labId }])
    await page.close()
  })
})
