import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { count, eq } from 'drizzle-orm'
import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import type { Db } from '~db/client.server'
import { auditLog, importBatches, organisations, teamMembers, validityPeriods } from '~db/schema'
import { makeUscc } from '~/domain/uscc'
import { loader as batchLoader } from '~/routes/imports.$batchId'
import { loader as fileLoader } from '~/routes/imports.$batchId.file'
import { loader as passwordsLoader } from '~/routes/imports.$batchId.passwords[.xlsx]'
import { loader as exportLoader } from '~/routes/imports.export.$file'
import { loader as indexLoader } from '~/routes/imports._index'
import { loader as listXlsxLoader } from '~/routes/imports[.xlsx]'
import { action as newAction, loader as newLoader } from '~/routes/imports.new'
import { action as previewAction, loader as previewLoader } from '~/routes/imports.preview.$token'
import { loader as templateLoader } from '~/routes/imports.templates.$file'
import { formRequest, getRequest, makeCast, makeLab, outcome, setupTestDb, statusOf, TEST_CONTEXT, TEST_ORIGIN } from '../helpers'
import { pinClock } from '../clock'
import { fetchXlsx } from '../xlsx'

// The import's pages (issue 17): upload, preview, apply, the batch and its file, the one-time
// password sheet, templates and exports, each for the roles that may use them.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-import-routes-'))
process.env.DATA_DIR = dataDir
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))
pinClock(new Date('2026-03-02T02:00:00Z'))

let db: Db
let labId: number
let otherLabId: number
let cookies: Record<'bureau' | 'gusu' | 'kunshan' | 'lab' | 'expert', string>
let userIds: Record<'bureau' | 'lab', number>
beforeEach(async () => {
  db = setupTestDb()
  labId = makeLab(db, { districtCode: '320508' }).id
  otherLabId = makeLab(db, { districtCode: '320583' }).id
  const cast = await makeCast(db, {
    bureau: { role: 'bureau', username: 'chief' },
    gusu: { role: 'district', districtCode: '320508' },
    kunshan: { role: 'district', districtCode: '320583' },
    lab: { role: 'lab', labId },
    expert: { role: 'expert' },
  })
  cookies = cast.cookies
  userIds = { bureau: cast.users.bureau.id, lab: cast.users.lab.id }
})

const certOf = (id: number) => db.select().from(validityPeriods).where(eq(validityPeriods.labId, id)).get()!.certificateNo
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: TEST_CONTEXT })

function uploadRequest(kind: string, cookie: string, text: string, name = `${kind}.csv`) {
  const form = new FormData()
  form.append('file', new File([text], name, { type: 'text/csv' }))
  return new Request(new URL(`/imports/new?kind=${kind}`, TEST_ORIGIN), {
    method: 'POST',
    body: form,
    headers: { Origin: TEST_ORIGIN, Cookie: cookie },
  })
}

async function upload(kind: string, cookie: string, text: string) {
  const sent = await outcome(() => newAction(args(uploadRequest(kind, cookie, text))))
  expect(sent.status).toBe(302)
  return sent.location!.split('/').pop()!
}

const ROSTER = (cert: string) =>
  `实验室证书编号,姓名,职称,学历学位,团队角色\n${cert},王五,副高级,硕士,科研人员\n${cert},赵六,中级,学士,技术人员\n`

describe('upload, preview and apply', () => {
  test('the bureau uploads organisations, reads the preview, applies, and downloads the kept file', async () => {
    const good = makeUscc({ authority: '9', kind: '1', region: '320508', serial: '000000077' })
    const text = `统一社会信用代码,单位名称,单位类型,所在区县\n${good},苏州丙公司,企业,姑苏区\nBAD,坏,企业,姑苏区\n`
    const token = await upload('organisations', cookies.bureau, text)
    const shown = await outcome(() => previewLoader(args(getRequest(`/imports/preview/${token}`, cookies.bureau), { token })))
    const preview = shown.body.preview as {
      counts: Record<string, number>
      rows: { rowNumber: number; outcome: string; errors: { column: string }[] }[]
    }
    expect(preview.counts).toEqual({ new: 1, updated: 0, unchanged: 0, refused: 1 })
    expect(preview.rows[1]).toMatchObject({ rowNumber: 3, outcome: 'refused', errors: [{ column: '统一社会信用代码' }] })
    // the preview wrote nothing
    expect(db.select({ n: count() }).from(organisations).where(eq(organisations.creditCode, good)).get()!.n).toBe(0)
    // someone else's token is no page at all
    expect(await statusOf(() => previewLoader(args(getRequest(`/imports/preview/${token}`, cookies.gusu), { token })))).toBe(404)
    const applied = await outcome(() =>
      previewAction(args(formRequest(`/imports/preview/${token}`, { intent: 'apply' }, cookies.bureau), { token })),
    )
    expect(applied.status).toBe(302)
    const batchId = applied.location!.split('/').pop()!
    expect(db.select({ n: count() }).from(organisations).where(eq(organisations.creditCode, good)).get()!.n).toBe(1)
    const page = await outcome(() => batchLoader(args(getRequest(`/imports/${batchId}`, cookies.bureau), { batchId })))
    expect(page.body.batch).toMatchObject({ kind: 'organisations', newCount: 1, refusedCount: 1 })
    const file = await fileLoader(args(getRequest(`/imports/${batchId}/file`, cookies.bureau), { batchId }))
    expect(await (file as Response).text()).toBe(text)
    // the kept file is the bureau's only
    expect(await statusOf(() => fileLoader(args(getRequest(`/imports/${batchId}/file`, cookies.gusu), { batchId })))).toBe(404)
    // the staged file is gone after the apply
    expect(await statusOf(() => previewLoader(args(getRequest(`/imports/preview/${token}`, cookies.bureau), { token })))).toBe(404)
    // one batch, one audit row for the import and one per record
    expect(db.select({ n: count() }).from(importBatches).get()!.n).toBe(1)
    expect(db.select({ n: count() }).from(auditLog).where(eq(auditLog.entityType, 'import_batch')).get()!.n).toBe(1)
  })

  test('a file without the required columns is refused with their names, nothing staged as a batch', async () => {
    const token = await upload('organisations', cookies.bureau, '名字,类型\n甲,企业\n')
    const shown = await outcome(() => previewLoader(args(getRequest(`/imports/preview/${token}`, cookies.bureau), { token })))
    expect(shown.status).toBe(400)
    expect(shown.body.refusal).toEqual({ key: 'imports.error.missingColumns', vars: { columns: '统一社会信用代码、单位名称、所在区县' } })
  })

  test('an upload without a file, or a file that is no spreadsheet, is refused with a message', async () => {
    const none = await outcome(() => newAction(args(formRequest('/imports/new?kind=organisations', {}, cookies.bureau))))
    expect(none.status).toBe(400)
    expect(none.body.errors).toEqual({ file: { key: 'imports.error.file' } })
    // the bytes decide what a file is: a PDF named .csv is refused at the preview, with what it is
    const token = await upload('organisations', cookies.bureau, '%PDF-1.7\n1 0 obj\n<< >>\nendobj\n%%EOF\n')
    const shown = await outcome(() => previewLoader(args(getRequest(`/imports/preview/${token}`, cookies.bureau), { token })))
    expect(shown.status).toBe(400)
    expect((shown.body.refusal as { key: string }).key).toBe('importFile.notSpreadsheet')
  })

  test('new accounts: the initial passwords download once, for the bureau user who applied', async () => {
    const token = await upload('users', cookies.bureau, '用户名,姓名,角色,所属区县\nnew.one,新用户,区县,姑苏区\n')
    const applied = await outcome(() =>
      previewAction(args(formRequest(`/imports/preview/${token}`, { intent: 'apply' }, cookies.bureau), { token })),
    )
    const url = new URL(applied.location!, TEST_ORIGIN)
    const batchId = url.pathname.split('/').pop()!
    const sheetUrl = `/imports/${batchId}/passwords.xlsx?token=${url.searchParams.get('passwords')}`
    const sheet = (await passwordsLoader(args(getRequest(sheetUrl, cookies.bureau), { batchId }))) as Response
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await sheet.arrayBuffer())
    expect(book.worksheets[0].getRow(2).getCell(1).text).toBe('new.one')
    expect(book.worksheets[0].getRow(2).getCell(2).text).toMatch(/^[A-Za-z2-9]{12}$/)
    expect(await statusOf(() => passwordsLoader(args(getRequest(sheetUrl, cookies.bureau), { batchId })))).toBe(404)
  })
})

describe('who imports what', () => {
  test('experts have no imports; offices and labs import rosters only', async () => {
    expect(await statusOf(() => indexLoader(args(getRequest('/imports', cookies.expert))))).toBe(404)
    for (const who of ['gusu', 'lab'] as const) {
      expect(await statusOf(() => newLoader(args(getRequest('/imports/new?kind=rosters', cookies[who]))))).toBe(200)
      for (const kind of ['organisations', 'labs', 'users'])
        expect(await statusOf(() => newLoader(args(getRequest(`/imports/new?kind=${kind}`, cookies[who]))))).toBe(404)
    }
    expect(await statusOf(() => newLoader(args(getRequest('/imports/new?kind=whatever', cookies.bureau))))).toBe(404)
  })

  test("a lab imports its own roster; another lab's rows are refused as unknown", async () => {
    const token = await upload('rosters', cookies.lab, `${ROSTER(certOf(labId))}${certOf(otherLabId)},外人,中级,学士,科研人员\n`)
    const applied = await outcome(() =>
      previewAction(args(formRequest(`/imports/preview/${token}`, { intent: 'apply' }, cookies.lab), { token })),
    )
    expect(applied.status).toBe(302)
    expect(db.select({ n: count() }).from(teamMembers).where(eq(teamMembers.labId, labId)).get()!.n).toBe(2)
    expect(db.select({ n: count() }).from(teamMembers).where(eq(teamMembers.labId, otherLabId)).get()!.n).toBe(0)
    const batchId = applied.location!.split('/').pop()!
    // the lab reads its own batch but never the kept file
    expect(await statusOf(() => batchLoader(args(getRequest(`/imports/${batchId}`, cookies.lab), { batchId })))).toBe(200)
    expect(await statusOf(() => fileLoader(args(getRequest(`/imports/${batchId}/file`, cookies.lab), { batchId })))).toBe(404)
    expect(await statusOf(() => batchLoader(args(getRequest(`/imports/${batchId}`, cookies.gusu), { batchId })))).toBe(404)
  })

  test('a district exports and imports only its own labs’ rosters', async () => {
    db.insert(teamMembers)
      .values({ labId: otherLabId, name: '昆山成员', titleLevel: 'senior', degree: 'doctorate', role: 'researcher' })
      .run()
    db.insert(teamMembers).values({ labId, name: '姑苏成员', titleLevel: 'senior', degree: 'doctorate', role: 'researcher' }).run()
    const exported = (await exportLoader(
      args(getRequest('/imports/export/rosters.csv', cookies.gusu), { file: 'rosters.csv' }),
    )) as Response
    const text = await exported.text()
    expect(text).toContain('姑苏成员')
    expect(text).not.toContain('昆山成员')
    const token = await upload('rosters', cookies.gusu, ROSTER(certOf(otherLabId)))
    const shown = await outcome(() => previewLoader(args(getRequest(`/imports/preview/${token}`, cookies.gusu), { token })))
    expect((shown.body.preview as { counts: Record<string, number> }).counts.refused).toBe(2)
    expect(
      await statusOf(() =>
        exportLoader(args(getRequest('/imports/export/organisations.xlsx', cookies.gusu), { file: 'organisations.xlsx' })),
      ),
    ).toBe(404)
  })
})

describe('the list of imports', () => {
  // one import each by the bureau and the lab, at 04:30 on 2 March in Suzhou (20:30 UTC the day before)
  const batch = (actorUserId: number, actorName: string, fileName: string) =>
    db
      .insert(importBatches)
      .values({
        kind: 'rosters',
        actorUserId,
        actorName,
        fileName,
        sha256: 'a'.repeat(64),
        size: 10,
        newCount: 3,
        updatedCount: 1,
        unchangedCount: 0,
        refusedCount: 2,
        createdAt: '2026-03-01T20:30:00.000Z',
      })
      .returning()
      .get()

  test('times read in Asia/Shanghai on the list, the batch page and the workbook', async () => {
    const made = batch(userIds.bureau, '局', '名单.csv')
    const page = await outcome(() => indexLoader(args(getRequest('/imports', cookies.bureau))))
    expect((page.body.rows as { when: string }[])[0].when).toBe('2026-03-02 04:30')
    const one = await outcome(() => batchLoader(args(getRequest(`/imports/${made.id}`, cookies.bureau), { batchId: String(made.id) })))
    expect(one.body.when).toBe('2026-03-02 04:30')
    const { status, sheets } = await fetchXlsx(listXlsxLoader, '/imports.xlsx', cookies.bureau)
    expect(status).toBe(200)
    expect(sheets[0].text[0]).toEqual(['时间', '类型', '操作人', '文件', '新增', '更新', '未变', '拒绝'])
    expect(sheets[0].text[1]).toEqual(['2026-03-02 04:30:00', '团队名单', '局', '名单.csv', '3', '1', '0', '2'])
    expect(sheets[0].cells[1][0].value).toBeInstanceOf(Date)
    expect(typeof sheets[0].cells[1][4].value).toBe('number')
  })

  test('the workbook holds what the page lists: the bureau every import, anyone else their own; experts 404', async () => {
    batch(userIds.bureau, '局', '局的.csv')
    batch(userIds.lab, '实验室', '实验室的.csv')
    const files = async (cookie: string) =>
      (await fetchXlsx(listXlsxLoader, '/imports.xlsx', cookie)).sheets[0].text.slice(1).map((r) => r[3])
    expect((await files(cookies.bureau)).sort()).toEqual(['实验室的.csv', '局的.csv'].sort())
    expect(await files(cookies.lab)).toEqual(['实验室的.csv'])
    expect(await files(cookies.gusu)).toEqual([])
    expect((await fetchXlsx(listXlsxLoader, '/imports.xlsx', cookies.expert)).status).toBe(404)
  })
})

describe('templates', () => {
  test('the xlsx template has the headers with * on required columns, 填表说明 second, and drop-down lists', async () => {
    const response = (await templateLoader(
      args(getRequest('/imports/templates/rosters.xlsx', cookies.lab), { file: 'rosters.xlsx' }),
    )) as Response
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await response.arrayBuffer())
    expect(book.worksheets.map((w) => w.name)).toEqual(['团队名单', '填表说明', 'lists'])
    expect(book.worksheets[2].state).toBe('hidden')
    const sheet = book.worksheets[0]
    expect((sheet.getRow(1).values as string[]).slice(1)).toEqual(['实验室证书编号', '姓名*', '职称*', '学历学位*', '团队角色*', '在岗'])
    expect(sheet.getCell('C2').dataValidation).toMatchObject({ type: 'list', formulae: ['lists!$C$1:$C$5'] })
    expect(book.worksheets[2].getCell('C1').text).toBe('无职称')
    expect(await statusOf(() => templateLoader(args(getRequest('/imports/templates/labs.xlsx', cookies.lab), { file: 'labs.xlsx' })))).toBe(
      404,
    )
  })
})

describe('files that cannot be read', () => {
  test('a damaged workbook is refused with a message, not a server error', async () => {
    const form = new FormData()
    form.append('file', new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5])], 'broken.xlsx'))
    const request = new Request(new URL('/imports/new?kind=organisations', TEST_ORIGIN), {
      method: 'POST',
      body: form,
      headers: { Origin: TEST_ORIGIN, Cookie: cookies.bureau },
    })
    const sent = await outcome(() => newAction(args(request)))
    const token = sent.location!.split('/').pop()!
    const shown = await outcome(() => previewLoader(args(getRequest(`/imports/preview/${token}`, cookies.bureau), { token })))
    expect(shown.status).toBe(400)
    // the hardened reader names it damaged; a reader that throws is caught as unreadable
    expect((shown.body.refusal as { key: string }).key).toMatch(/^(importFile\.corrupt|imports\.error\.unreadable)$/)
  })
})
