import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import { action as reportAction, loader as reportLoader } from '~/routes/labs.$labId.reports.$reportId'
import { loader as printLoader } from '~/routes/labs.$labId.reports.$reportId_.print'
import { action as indexAction } from '~/routes/labs.$labId.reports._index'
import type { Db } from '~db/client.server'
import { annualReports, attachments, validityPeriods } from '~db/schema'
import { formRequest, getRequest, makeLab, makeUser, outcome, setupTestDb, signIn, signInAs, TEST_CONTEXT, TEST_ORIGIN } from '../helpers'
import { pinClock } from '../clock'

// Files on an annual report: their own upload form, the lab only, only while it may edit; the
// print view lists them.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-report-files-'))
process.env.DATA_DIR = dataDir
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex')

let db: Db
let labId: number
let reportId: number
let labCookie: string
let bureauCookie: string

pinClock(new Date('2026-06-10T04:00:00Z'))
beforeEach(async () => {
  db = setupTestDb()
  labId = makeLab(db, { districtCode: '320508', startDate: '2025-06-01' }).id
  labCookie = await signInAs(db, { role: 'lab', labId })
  bureauCookie = await signInAs(db, { role: 'bureau' })
  const periodId = db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).get()!.id
  const started = await outcome(() =>
    indexAction({
      request: formRequest(`/labs/${labId}/reports?index`, { intent: 'start', periodId: String(periodId), validityYear: '1' }, labCookie),
      params: { labId: String(labId) },
      context: TEST_CONTEXT,
    }),
  )
  expect(started.status).toBe(302)
  reportId = db.select().from(annualReports).get()!.id
})

const params = () => ({ labId: String(labId), reportId: String(reportId) })
function upload(cookie: string, files: { name: string; bytes: Buffer }[]) {
  const form = new FormData()
  form.append('intent', 'addAttachments')
  for (const f of files) form.append('attachments', new File([new Uint8Array(f.bytes)], f.name))
  const request = new Request(new URL(`/labs/${labId}/reports/${reportId}`, TEST_ORIGIN), {
    method: 'POST',
    body: form,
    headers: { Origin: TEST_ORIGIN, Cookie: cookie },
  })
  return outcome(() => reportAction({ request, params: params(), context: TEST_CONTEXT }))
}
const names = async () =>
  (
    (
      await outcome(() =>
        reportLoader({ request: getRequest(`/labs/${labId}/reports/${reportId}`, labCookie), params: params(), context: TEST_CONTEXT }),
      )
    ).body.attachments as { originalName: string }[]
  ).map((a) => a.originalName)

describe('attachments on an annual report', () => {
  test('the lab adds a file to its draft; it is listed on the page and in the print view', async () => {
    expect((await upload(labCookie, [{ name: '资金使用明细.png', bytes: PNG }])).status).toBe(302)
    expect(await names()).toEqual(['资金使用明细.png'])
    const print = await outcome(() =>
      printLoader({
        request: getRequest(`/labs/${labId}/reports/${reportId}/print`, bureauCookie),
        params: params(),
        context: TEST_CONTEXT,
      }),
    )
    expect((print.body.attachments as { originalName: string }[]).map((a) => a.originalName)).toEqual(['资金使用明细.png'])
  })

  test('uploading with no file chosen asks for one', async () => {
    const o = await upload(labCookie, [])
    expect(o.status).toBe(400)
    expect((o.body.errors as Record<string, { key: string }>).attachments.key).toBe('attachments.error.required')
  })

  test('the bureau cannot add files to a lab’s report, nor the lab once it is submitted', async () => {
    expect((await upload(bureauCookie, [{ name: 'x.png', bytes: PNG }])).status).toBe(403)
    db.update(annualReports).set({ status: 'submitted' }).where(eq(annualReports.id, reportId)).run()
    expect((await upload(labCookie, [{ name: 'x.png', bytes: PNG }])).status).toBe(403)
    expect(db.select().from(attachments).all()).toHaveLength(0)
  })

  test('the lab’s district cannot add files (403), another district or lab cannot (404); nobody but the lab removes one', async () => {
    const gusu = await signInAs(db, { role: 'district', districtCode: '320508' })
    const kunshan = await signInAs(db, { role: 'district', districtCode: '320583' })
    const stranger = signIn(await makeUser(db, { role: 'lab', labId: makeLab(db, { districtCode: '320508' }).id }))
    expect((await upload(gusu, [{ name: 'x.png', bytes: PNG }])).status).toBe(403)
    expect((await upload(kunshan, [{ name: 'x.png', bytes: PNG }])).status).toBe(404)
    expect((await upload(stranger, [{ name: 'x.png', bytes: PNG }])).status).toBe(404)
    expect(db.select().from(attachments).all()).toHaveLength(0)

    expect((await upload(labCookie, [{ name: '资金使用明细.png', bytes: PNG }])).status).toBe(302)
    const [file] = db.select().from(attachments).all()
    const remove = (cookie: string) =>
      outcome(() =>
        reportAction({
          request: formRequest(`/labs/${labId}/reports/${reportId}`, { intent: 'removeAttachment', attachmentId: String(file.id) }, cookie),
          params: params(),
          context: TEST_CONTEXT,
        }),
      )
    expect((await remove(bureauCookie)).status).toBe(403)
    expect((await remove(gusu)).status).toBe(403)
    expect((await remove(kunshan)).status).toBe(404)
    expect((await remove(stranger)).status).toBe(404)
    expect(await names()).toEqual(['资金使用明细.png'])
  })
})

// Nothing typed is lost (issue 19 item 6): the upload on the report form carries the typed fields.
describe('saving the draft with an upload', () => {
  const rowVersion = () => String(db.select().from(annualReports).where(eq(annualReports.id, reportId)).get()!.rowVersion)
  function saveAndUpload(cookie: string, fields: Record<string, string>, files: { name: string; bytes: Buffer }[]) {
    const form = new FormData()
    form.append('intent', 'saveDraftAndUpload')
    form.append('rowVersion', rowVersion())
    for (const [k, v] of Object.entries(fields)) form.append(k, v)
    for (const f of files) form.append('attachments', new File([new Uint8Array(f.bytes)], f.name))
    const request = new Request(new URL(`/labs/${labId}/reports/${reportId}`, TEST_ORIGIN), {
      method: 'POST',
      body: form,
      headers: { Origin: TEST_ORIGIN, Cookie: cookie },
    })
    return outcome(() => reportAction({ request, params: params(), context: TEST_CONTEXT }))
  }
  const content = () => db.select().from(annualReports).where(eq(annualReports.id, reportId)).get()!.content as Record<string, unknown>

  test('the typed sections are saved as the draft, then the file; the page reloads with both', async () => {
    const o = await saveAndUpload(labCookie, { 'progress.summary': '上半年完成数据集发布', teamChanges: '新增一名工程师' }, [
      { name: '资金使用明细.png', bytes: PNG },
    ])
    expect(o).toMatchObject({ status: 302, location: `/labs/${labId}/reports/${reportId}?saved=saveDraftAndUpload#attachments` })
    expect(content()).toMatchObject({ progress: { summary: '上半年完成数据集发布' }, teamChanges: '新增一名工程师' })
    expect(await names()).toEqual(['资金使用明细.png'])
    const page = await outcome(() =>
      reportLoader({ request: getRequest(`/labs/${labId}/reports/${reportId}`, labCookie), params: params(), context: TEST_CONTEXT }),
    )
    expect((page.body.formValues as Record<string, string>)['progress.summary']).toBe('上半年完成数据集发布')
  })

  test('a draft the checks refuse comes back with what was typed, and the file is not kept', async () => {
    const o = await saveAndUpload(labCookie, { teamChanges: '新增一名工程师', 'funding.income.0.amount': '十万' }, [
      { name: 'x.png', bytes: PNG },
    ])
    expect(o.status).toBe(400)
    expect(o.body).toMatchObject({ intent: 'save', values: { teamChanges: '新增一名工程师', 'funding.income.0.amount': '十万' } })
    expect(db.select().from(attachments).all()).toHaveLength(0)
    expect(content().teamChanges ?? '').toBe('')
  })

  test('a file refused for its type still gives back every field typed', async () => {
    const o = await saveAndUpload(labCookie, { teamChanges: '新增一名工程师' }, [{ name: 'run.exe', bytes: Buffer.from('MZ\x90\x00') }])
    expect(o.status).toBe(400)
    expect(o.body).toMatchObject({ intent: 'addAttachments', keptDraft: true, values: { teamChanges: '新增一名工程师' } })
  })

  test('only the lab may: the bureau and the district get 403, another lab 404, a submitted report 403', async () => {
    const gusu = await signInAs(db, { role: 'district', districtCode: '320508' })
    const stranger = signIn(await makeUser(db, { role: 'lab', labId: makeLab(db, { districtCode: '320508' }).id }))
    const typed = { teamChanges: '别人写的' }
    expect((await saveAndUpload(bureauCookie, typed, [{ name: 'x.png', bytes: PNG }])).status).toBe(403)
    expect((await saveAndUpload(gusu, typed, [{ name: 'x.png', bytes: PNG }])).status).toBe(403)
    expect((await saveAndUpload(stranger, typed, [{ name: 'x.png', bytes: PNG }])).status).toBe(404)
    db.update(annualReports).set({ status: 'submitted' }).where(eq(annualReports.id, reportId)).run()
    expect((await saveAndUpload(labCookie, typed, [{ name: 'x.png', bytes: PNG }])).status).toBe(403)
    expect(content().teamChanges ?? '').toBe('')
    expect(db.select().from(attachments).all()).toHaveLength(0)
  })
})
