import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import { loader as downloadLoader } from '~/routes/attachments.$attachmentId'
import { action as detailAction, loader as detailLoader } from '~/routes/labs.$labId.outcomes.$outcomeId'
import { action as newAction } from '~/routes/labs.$labId.outcomes.new'
import type { Db } from '~db/client.server'
import { attachments, outcomes } from '~db/schema'
import {
  formRequest,
  getRequest,
  makeLab,
  outcome as answer,
  setupTestDb,
  signInAs,
  TEST_CONTEXT,
  TEST_ORIGIN,
  withVersion,
} from '../helpers'
import { pinClock } from '../clock'

// 佐证材料 (issue 16): an outcome's evidence, uploaded with the form through the attachments
// every filing uses, read by whoever sees the lab, removable by the lab only until verified.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-outcome-evidence-'))
process.env.DATA_DIR = dataDir
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from('This program cannot be run in DOS mode.')])

let db: Db
let labId: number
let labCookie: string
let bureauCookie: string
let districtCookie: string
let otherDistrictCookie: string

pinClock(new Date('2026-03-02T02:00:00Z'))
beforeEach(async () => {
  db = setupTestDb()
  labId = makeLab(db, { districtCode: '320508', startDate: '2025-06-01' }).id
  labCookie = await signInAs(db, { role: 'lab', labId })
  bureauCookie = await signInAs(db, { role: 'bureau' })
  districtCookie = await signInAs(db, { role: 'district', districtCode: '320508' })
  otherDistrictCookie = await signInAs(db, { role: 'district', districtCode: '320509' })
})

const FIELDS = {
  form: 'algorithm',
  kind: 'patent',
  title: '一种数据脱敏方法',
  occurredOn: '2025-12-01',
  patentNumber: 'ZL2025X',
  patentStatus: 'applied',
}

function multipart(url: string, fields: Record<string, string>, files: { name: string; bytes: Buffer }[], cookie: string) {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  for (const f of files) form.append('attachments', new File([new Uint8Array(f.bytes)], f.name))
  return new Request(new URL(url, TEST_ORIGIN), { method: 'POST', body: form, headers: { Origin: TEST_ORIGIN, Cookie: cookie } })
}

const create = (files: { name: string; bytes: Buffer }[]) =>
  answer(() =>
    newAction({
      request: multipart(`/labs/${labId}/outcomes/new`, FIELDS, files, labCookie),
      params: { labId: String(labId) },
      context: TEST_CONTEXT,
    }),
  )
const detail = (id: number, cookie: string) =>
  answer(() =>
    detailLoader({
      request: getRequest(`/labs/${labId}/outcomes/${id}`, cookie),
      params: { labId: String(labId), outcomeId: String(id) },
      context: TEST_CONTEXT,
    }),
  )
const act = (id: number, fields: Record<string, string>, cookie: string) =>
  answer(() =>
    detailAction({
      request: formRequest(`/labs/${labId}/outcomes/${id}`, withVersion(outcomes, id, fields), cookie),
      params: { labId: String(labId), outcomeId: String(id) },
      context: TEST_CONTEXT,
    }),
  )
const download = (attachmentId: number, cookie: string) =>
  answer(() =>
    downloadLoader({
      request: getRequest(`/attachments/${attachmentId}`, cookie),
      params: { attachmentId: String(attachmentId) },
      context: TEST_CONTEXT,
    }),
  )
const evidenceOf = (id: number) =>
  db
    .select()
    .from(attachments)
    .where(and(eq(attachments.ownerType, 'outcome'), eq(attachments.ownerId, id)))
    .all()

describe('evidence on an outcome', () => {
  test('uploaded with the form, listed on the outcome, downloadable by the offices in scope and no one else', async () => {
    const r = await create([{ name: '专利受理通知书.pdf', bytes: PDF }])
    expect(r.status).toBe(302)
    const id = Number(/\/outcomes\/(\d+)/.exec(r.location ?? '')?.[1])
    const [file] = evidenceOf(id)
    expect(file).toMatchObject({ labId, originalName: '专利受理通知书.pdf', size: PDF.length })
    for (const cookie of [labCookie, districtCookie, bureauCookie]) {
      expect((await detail(id, cookie)).body).toMatchObject({ attachments: [{ id: file.id }] })
      expect((await download(file.id, cookie)).status).toBe(200)
    }
    expect((await download(file.id, otherDistrictCookie)).status).toBe(404)
  })

  test('a file that is not an accepted type is refused with 400 and no outcome is recorded', async () => {
    const r = await create([{ name: '证书.pdf', bytes: EXE }])
    expect(r.status).toBe(400)
    expect(db.select().from(outcomes).all()).toHaveLength(0)
    expect(db.select().from(attachments).all()).toHaveLength(0)
  })

  test('the lab removes evidence while the outcome is unverified; once verified, nobody can (403)', async () => {
    const r = await create([
      { name: 'a.pdf', bytes: PDF },
      { name: 'b.pdf', bytes: Buffer.concat([PDF, Buffer.from('%b')]) },
    ])
    const id = Number(/\/outcomes\/(\d+)/.exec(r.location ?? '')?.[1])
    const [first, second] = evidenceOf(id)
    expect((await act(id, { intent: 'removeAttachment', attachmentId: String(first.id) }, districtCookie)).status).toBe(403)
    expect((await act(id, { intent: 'removeAttachment', attachmentId: String(first.id) }, otherDistrictCookie)).status).toBe(404)
    expect((await act(id, { intent: 'removeAttachment', attachmentId: String(first.id) }, labCookie)).status).toBe(302)
    expect(evidenceOf(id).map((a) => a.id)).toEqual([second.id])

    expect((await act(id, { intent: 'verify' }, bureauCookie)).status).toBe(302)
    expect((await act(id, { intent: 'removeAttachment', attachmentId: String(second.id) }, labCookie)).status).toBe(403)
    expect(evidenceOf(id).map((a) => a.id)).toEqual([second.id])
  })
})
