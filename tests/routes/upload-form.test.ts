import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { data } from '@remix-run/node'
import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import { attachmentsOf, saveAttachments, storedPathOf } from '~/models/attachments.server'
import { action as deliverableAction } from '~/routes/labs.$labId.deliverables.$deliverableId'
import { action as newDeliverableAction } from '~/routes/labs.$labId.deliverables.new'
import { uploadTempDir, withUploadForm, type StagedFile } from '~/utils/upload.server'
import type { Db } from '~db/client.server'
import { attachments } from '~db/schema'
import { makeLab, makeUser, outcome, setupTestDb, signIn, TEST_CONTEXT, TEST_ORIGIN } from '../helpers'
import { pinClock } from '../clock'

// withUploadForm (app/utils/upload.server.ts): whatever an action does with an upload form, the
// files it did not save are gone from the staging directory afterwards, and the saved ones kept.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-upload-form-'))
process.env.DATA_DIR = dataDir
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')
const OTHER_PDF = Buffer.concat([PDF, Buffer.from('% another\n')])

let db: Db
let labId: number
let lab: { id: number; displayName: string }
let labCookie: string

pinClock(new Date('2026-03-02T02:00:00Z'))
beforeEach(async () => {
  db = setupTestDb()
  fs.rmSync(dataDir, { recursive: true, force: true })
  fs.mkdirSync(dataDir)
  labId = makeLab(db, { districtCode: '320508', startDate: '2025-06-01' }).id
  lab = await makeUser(db, { role: 'lab', labId })
  labCookie = signIn(lab)
})

function multipart(url: string, fields: Record<string, string>, files: { name: string; bytes: Buffer }[], cookie = labCookie) {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  for (const f of files) form.append('attachments', new File([new Uint8Array(f.bytes)], f.name))
  return new Request(new URL(url, TEST_ORIGIN), { method: 'POST', body: form, headers: { Origin: TEST_ORIGIN, Cookie: cookie } })
}

const TWO_FILES = [
  { name: '报告.pdf', bytes: PDF },
  { name: '附件.pdf', bytes: OTHER_PDF },
]
const stagedNow = () => (fs.existsSync(uploadTempDir()) ? fs.readdirSync(uploadTempDir()) : [])
const upload = () => multipart('/upload', { intent: 'save' }, TWO_FILES)

describe('the wrapper', () => {
  test('a handler that refuses the form (400) leaves no staged file behind', async () => {
    let seen: StagedFile[] = []
    const answer = await outcome(() =>
      withUploadForm(upload(), (form) => {
        if (!form.ok) throw new Error('expected the upload to be accepted')
        seen = form.files
        expect(stagedNow()).toHaveLength(2)
        return data({ errors: { title: { key: 'form.required' } } }, { status: 400 })
      }),
    )
    expect(answer.status).toBe(400)
    expect(seen).toHaveLength(2)
    expect(stagedNow()).toEqual([])
  })

  test('a handler that throws leaves no staged file behind, and the error goes on', async () => {
    await expect(
      withUploadForm(upload(), () => {
        expect(stagedNow()).toHaveLength(2)
        throw new Error('disk full')
      }),
    ).rejects.toThrow('disk full')
    expect(stagedNow()).toEqual([])
  })

  test('a handler that throws a Response (403) leaves no staged file behind', async () => {
    const answer = await outcome(() =>
      withUploadForm(upload(), () => {
        throw new Response('Forbidden', { status: 403 })
      }),
    )
    expect(answer.status).toBe(403)
    expect(stagedNow()).toEqual([])
  })

  test('a saved file is kept in the store and the one not saved is discarded', async () => {
    const owner = { type: 'deliverable', id: 1, labId }
    await withUploadForm(upload(), (form) => {
      if (!form.ok) throw new Error('expected the upload to be accepted')
      saveAttachments({ owner, files: form.files.slice(0, 1), actor: { id: lab.id, displayName: lab.displayName, ip: '' } })
    })
    expect(stagedNow()).toEqual([])
    const saved = db.select().from(attachments).all()
    expect(saved.map((a) => a.originalName)).toEqual(['报告.pdf'])
    expect(fs.existsSync(storedPathOf(saved[0].sha256))).toBe(true)
  })
})

describe('through the routes', () => {
  const FIELDS = {
    type: 'report',
    forms: 'data',
    title: '城市更新数据分析报告',
    summary: '摘要',
    completedOn: '2025-12-01',
    transferStatus: 'none',
  }
  const create = (fields: Record<string, string>, files = TWO_FILES) =>
    outcome(() =>
      newDeliverableAction({
        request: multipart(`/labs/${labId}/deliverables/new`, fields, files),
        params: { labId: String(labId) },
        context: TEST_CONTEXT,
      } as never),
    )

  test('a new deliverable refused for its fields keeps none of its files', async () => {
    const answer = await create({ ...FIELDS, title: '' })
    expect(answer.status).toBe(400)
    expect(stagedNow()).toEqual([])
  })

  test('a new deliverable keeps its files in the store and none staged', async () => {
    const answer = await create(FIELDS)
    expect(answer.status).toBe(302)
    expect(stagedNow()).toEqual([])
    const id = Number(/deliverables\/(\d+)/.exec(answer.location ?? '')?.[1])
    expect(attachmentsOf({ type: 'deliverable', id, labId })).toHaveLength(2)
  })

  test('files sent with a step that carries none are not kept', async () => {
    const created = await create(FIELDS, [])
    const id = /deliverables\/(\d+)/.exec(created.location ?? '')![1]
    const answer = await outcome(() =>
      deliverableAction({
        request: multipart(`/labs/${labId}/deliverables/${id}`, { intent: 'removeAttachment', attachmentId: '999' }, TWO_FILES),
        params: { labId: String(labId), deliverableId: id },
        context: TEST_CONTEXT,
      } as never),
    )
    expect(answer.status).toBe(404)
    expect(stagedNow()).toEqual([])
  })
})
