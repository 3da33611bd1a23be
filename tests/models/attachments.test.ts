import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import {
  attachmentForDownload,
  attachmentsOf,
  attachmentsRoot,
  removeAttachment,
  saveAttachment,
  saveAttachments,
  storedPathOf,
  sweepAttachmentFiles,
  type AttachmentOwner,
} from '~/models/attachments.server'
import { updateSetting } from '~/models/settings.server'
import { loader as downloadLoader } from '~/routes/attachments.$attachmentId'
import { MB, parseUploadForm, uploadTempDir, type UploadResult } from '~/utils/upload.server'
import type { Db } from '~db/client.server'
import { attachments, auditLog } from '~db/schema'
import type { DistrictCode } from '~db/schema/enums'
import { getRequest, makeLab, makeUser, outcome, setupTestDb, signIn, TEST_CONTEXT, TEST_ORIGIN } from '../helpers'

// env() reads process.env once per module instance and nothing reads it while modules load, so
// pointing DATA_DIR at a temp dir here, before the first test, is enough (tests/setup/env.ts
// points it at a directory that does not exist). Each test file runs in its own fork.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-attachments-'))
process.env.DATA_DIR = dataDir

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from('This program cannot be run in DOS mode.')])
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

let db: Db
let labA: { id: number }
let labB: { id: number }
let bureau: { id: number; displayName: string }

beforeEach(async () => {
  db = setupTestDb()
  fs.rmSync(dataDir, { recursive: true, force: true })
  fs.mkdirSync(dataDir)
  labA = makeLab(db, { districtCode: '320508' })
  labB = makeLab(db, { districtCode: '320583' })
  bureau = await makeUser(db, { role: 'bureau' })
})

const ownerA = (): AttachmentOwner => ({ type: 'deliverable', id: 1, labId: labA.id })
const actor = () => ({ id: bureau.id, displayName: bureau.displayName, ip: '127.0.0.1' })

type Part = string | { name: string; bytes: Uint8Array }
function uploadRequest(parts: [string, Part][]) {
  const form = new FormData()
  for (const [field, value] of parts) {
    if (typeof value === 'string') form.append(field, value)
    else form.append(field, new File([Buffer.from(value.bytes)], value.name))
  }
  return new Request(new URL('/labs/1/deliverables/1', TEST_ORIGIN), { method: 'POST', body: form, headers: { Origin: TEST_ORIGIN } })
}

const stagedFiles = () => (fs.existsSync(uploadTempDir()) ? fs.readdirSync(uploadTempDir()) : [])
const storedFiles = () =>
  fs.existsSync(attachmentsRoot())
    ? fs.readdirSync(attachmentsRoot(), { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    : []

function expectFailure(result: UploadResult) {
  if (result.ok) throw new Error('expected the upload to be refused')
  return result
}

function expectOk(result: UploadResult) {
  if (!result.ok) throw new Error(`expected the upload to be accepted: ${JSON.stringify(result.errors)}`)
  return result
}

test('the store lives in the temp DATA_DIR of this file, outside public/', () => {
  expect(attachmentsRoot()).toBe(path.join(dataDir, 'attachments'))
  expect(uploadTempDir()).toBe(path.join(dataDir, 'tmp'))
})

describe('parseUploadForm and saveAttachment', () => {
  test('an accepted PDF is stored under its hash with a row and an audit entry', async () => {
    const result = expectOk(
      await parseUploadForm(
        uploadRequest([
          ['title', '年度成果'],
          ['attachments', { name: '成果报告.pdf', bytes: PDF }],
          ['note', '见附件'],
        ]),
        { maxBytes: MB },
      ),
    )
    expect(result.values).toEqual({ title: '年度成果', note: '见附件' })
    expect(result.form.get('title')).toBe('年度成果')
    expect(result.form.has('attachments')).toBe(false)
    expect(result.files).toEqual([
      expect.objectContaining({ originalName: '成果报告.pdf', size: PDF.length, sha256: sha256(PDF), mediaType: 'application/pdf' }),
    ])
    expect(fs.readFileSync(result.files[0].tempPath)).toEqual(PDF)

    const row = saveAttachment({ owner: ownerA(), file: result.files[0], actor: actor() })
    const hash = sha256(PDF)
    const stored = path.join(dataDir, 'attachments', hash.slice(0, 2), hash)
    expect(storedPathOf(hash)).toBe(stored)
    expect(fs.readFileSync(stored)).toEqual(PDF)
    expect(stagedFiles()).toEqual([])
    expect(row).toMatchObject({
      labId: labA.id,
      ownerType: 'deliverable',
      ownerId: 1,
      sha256: hash,
      originalName: '成果报告.pdf',
      uploadedBy: bureau.id,
    })
    const audit = db.select().from(auditLog).where(eq(auditLog.entityType, 'attachment')).all()
    expect(audit).toEqual([expect.objectContaining({ action: 'create', entityId: String(row.id), labId: labA.id, actorUserId: bureau.id })])
    expect(attachmentsOf(ownerA())).toEqual([
      expect.objectContaining({
        id: row.id,
        originalName: '成果报告.pdf',
        size: PDF.length,
        mediaType: 'application/pdf',
        uploadedByName: bureau.displayName,
      }),
    ])
  })

  test('several files in one form are staged, text fields before and after them kept', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])
    const result = expectOk(
      await parseUploadForm(
        uploadRequest([
          ['intent', 'create'],
          ['attachments', { name: 'a.pdf', bytes: PDF }],
          ['attachments', { name: '照片.png', bytes: png }],
          ['title', '成果'],
        ]),
        { maxBytes: MB },
      ),
    )
    expect(result.files.map((f) => f.mediaType)).toEqual(['application/pdf', 'image/png'])
    expect(result.values).toEqual({ intent: 'create', title: '成果' })
    const rows = saveAttachments({ owner: ownerA(), files: result.files, actor: actor() })
    expect(rows).toHaveLength(2)
    expect(attachmentsOf(ownerA()).map((a) => a.originalName)).toEqual(['a.pdf', '照片.png'])
  })

  test('a body arriving in tiny pieces (delimiters and headers split across chunks) parses the same', async () => {
    const form = new FormData()
    form.append('title', '年度成果')
    form.append('attachments', new File([PDF], '成果;报告.pdf'))
    form.append('attachments', new File([EXE.subarray(0, 2), PDF], 'b.pdf'))
    const encoded = new Response(form)
    const bytes = Buffer.from(await encoded.arrayBuffer())
    let offset = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= bytes.length) return controller.close()
        const size = 1 + (offset % 7)
        controller.enqueue(bytes.subarray(offset, offset + size))
        offset += size
      },
    })
    const request = new Request(new URL('/x', TEST_ORIGIN), {
      method: 'POST',
      body,
      headers: { 'Content-Type': encoded.headers.get('Content-Type')! },
      duplex: 'half',
    } as RequestInit)
    const result = expectFailure(await parseUploadForm(request, { maxBytes: MB }))
    // the second file starts with "MZ": refused by content, which proves its bytes arrived intact
    expect(result.errors.attachments).toEqual({ key: 'attachments.error.type', vars: { name: 'b.pdf' } })
    expect(result.values).toEqual({ title: '年度成果' })

    const single = new FormData()
    single.append('title', '年度成果')
    single.append('attachments', new File([PDF], '成果;报告.pdf'))
    const singleEncoded = new Response(single)
    const singleBytes = Buffer.from(await singleEncoded.arrayBuffer())
    let at = 0
    const ok = expectOk(
      await parseUploadForm(
        new Request(new URL('/x', TEST_ORIGIN), {
          method: 'POST',
          body: new ReadableStream<Uint8Array>({
            pull(controller) {
              if (at >= singleBytes.length) return controller.close()
              controller.enqueue(singleBytes.subarray(at, at + 3))
              at += 3
            },
          }),
          headers: { 'Content-Type': singleEncoded.headers.get('Content-Type')! },
          duplex: 'half',
        } as RequestInit),
        { maxBytes: MB },
      ),
    )
    expect(ok.files).toEqual([expect.objectContaining({ originalName: '成果;报告.pdf', sha256: sha256(PDF), size: PDF.length })])
    expect(fs.readFileSync(ok.files[0].tempPath)).toEqual(PDF)
  })

  test('the size limit comes from the bureau setting: one byte over is refused with 413, nothing kept, the typed fields returned', async () => {
    updateSetting({ key: 'attachmentMaxMb', value: 1, actor: actor(), at: new Date() })
    const exact = expectOk(
      await parseUploadForm(
        uploadRequest([['attachments', { name: 'ok.pdf', bytes: Buffer.concat([PDF, Buffer.alloc(MB - PDF.length)]) }]]),
      ),
    )
    expect(exact.files[0].size).toBe(MB)

    const result = expectFailure(
      await parseUploadForm(
        uploadRequest([
          ['title', '年度成果'],
          ['attachments', { name: '大文件.pdf', bytes: Buffer.concat([PDF, Buffer.alloc(MB + 1 - PDF.length)]) }],
          ['note', '写在文件之后的说明'],
        ]),
      ),
    )
    expect(result.status).toBe(413)
    expect(result.errors.attachments).toEqual({ key: 'attachments.error.tooLarge', vars: { name: '大文件.pdf', max: 1 } })
    expect(result.values).toEqual({ title: '年度成果', note: '写在文件之后的说明' })
    expect(stagedFiles()).toEqual([exact.files[0].tempPath].map((p) => path.basename(p)))
    expect(storedFiles()).toEqual([])
  })

  test('a declared Content-Length past what the form may carry is refused before the body is read', async () => {
    let pulled = false
    const body = new ReadableStream(
      {
        pull() {
          pulled = true
          throw new Error('the body must not be read')
        },
      },
      { highWaterMark: 0 },
    )
    const request = new Request(new URL('/x', TEST_ORIGIN), {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'multipart/form-data; boundary=xyz', 'Content-Length': String(500 * MB) },
      duplex: 'half',
    } as RequestInit)
    const result = expectFailure(await parseUploadForm(request, { maxBytes: MB }))
    expect(result.status).toBe(413)
    expect(result.errors.attachments?.key).toBe('attachments.error.requestTooLarge')
    expect(pulled).toBe(false)
  })

  test('a body without Content-Length is read only up to what the form may carry', async () => {
    const head = Buffer.from(
      '--xyz\r\nContent-Disposition: form-data; name="title"\r\n\r\n成果\r\n' +
        '--xyz\r\nContent-Disposition: form-data; name="attachments"; filename="huge.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n',
    )
    let sent = 0
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          // an endless file part
          const chunk = sent === 0 ? head : Buffer.alloc(64 * 1024, 0x20)
          sent += chunk.length
          controller.enqueue(chunk)
        },
      },
      { highWaterMark: 0 },
    )
    const request = new Request(new URL('/x', TEST_ORIGIN), {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'multipart/form-data; boundary=xyz' },
      duplex: 'half',
    } as RequestInit)
    const result = expectFailure(await parseUploadForm(request, { maxBytes: 1024, maxFiles: 1 }))
    expect(result.status).toBe(413)
    expect(result.errors.attachments?.key).toBe('attachments.error.requestTooLarge')
    expect(result.values).toEqual({ title: '成果' })
    expect(sent).toBeLessThan(3 * MB)
    expect(stagedFiles()).toEqual([])
  })

  test('a Windows executable renamed report.pdf is refused by its content', async () => {
    const result = expectFailure(
      await parseUploadForm(
        uploadRequest([
          ['title', '成果'],
          ['attachments', { name: 'report.pdf', bytes: EXE }],
        ]),
        { maxBytes: MB },
      ),
    )
    expect(result.status).toBe(400)
    expect(result.errors.attachments).toEqual({ key: 'attachments.error.type', vars: { name: 'report.pdf' } })
    expect(result.values).toEqual({ title: '成果' })
    expect(stagedFiles()).toEqual([])
    expect(storedFiles()).toEqual([])
  })

  test('a refused file fails the whole form: files staged before it are discarded too', async () => {
    const result = expectFailure(
      await parseUploadForm(
        uploadRequest([
          ['attachments', { name: 'good.pdf', bytes: PDF }],
          ['attachments', { name: 'setup.docx', bytes: EXE }],
        ]),
        { maxBytes: MB },
      ),
    )
    expect(result.errors.attachments?.key).toBe('attachments.error.type')
    expect(stagedFiles()).toEqual([])
  })

  test.each(['../../etc/report.pdf', 'C:\\Users\\张三\\Desktop\\report.pdf', '/tmp/report.pdf'])(
    'a file name with a path (%s) is refused with a message, not silently shortened',
    async (name) => {
      const result = expectFailure(
        await parseUploadForm(
          uploadRequest([
            ['attachments', { name, bytes: PDF }],
            ['title', '成果'],
          ]),
          { maxBytes: MB },
        ),
      )
      expect(result.status).toBe(400)
      expect(result.errors.attachments).toEqual({ key: 'attachments.error.path', vars: { name } })
      expect(result.values).toEqual({ title: '成果' })
      expect(stagedFiles()).toEqual([])
    },
  )

  test('a file name with ";" and "=" (which trip Remix\'s own header reader) is accepted as sent', async () => {
    const result = expectOk(
      await parseUploadForm(uploadRequest([['attachments', { name: '报告;终稿=v2 "定稿".pdf', bytes: PDF }]]), { maxBytes: MB }),
    )
    expect(result.files[0].originalName).toBe('报告;终稿=v2 _定稿_.pdf')
  })

  test('a name with nothing usable is refused', async () => {
    const result = expectFailure(await parseUploadForm(uploadRequest([['attachments', { name: '...', bytes: PDF }]]), { maxBytes: MB }))
    expect(result.errors.attachments?.key).toBe('attachments.error.name')
  })

  test('an empty file input is ignored, an empty file is refused', async () => {
    // what a browser sends for a file input left empty (undici's FormData leaves out filename="")
    const body = [
      '--xyz',
      'Content-Disposition: form-data; name="title"',
      '',
      '成果',
      '--xyz',
      'Content-Disposition: form-data; name="attachments"; filename=""',
      'Content-Type: application/octet-stream',
      '',
      '',
      '--xyz--',
      '',
    ].join('\r\n')
    const request = new Request(new URL('/x', TEST_ORIGIN), {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'multipart/form-data; boundary=xyz' },
    })
    const none = expectOk(await parseUploadForm(request, { maxBytes: MB }))
    expect(none.files).toEqual([])
    expect(none.values).toEqual({ title: '成果' })
    const undici = expectOk(
      await parseUploadForm(
        uploadRequest([
          ['title', '成果'],
          ['attachments', { name: '', bytes: new Uint8Array() }],
        ]),
        { maxBytes: MB },
      ),
    )
    expect(undici.files).toEqual([])
    expect(undici.values).toEqual({ title: '成果' })
    const empty = expectFailure(
      await parseUploadForm(uploadRequest([['attachments', { name: 'blank.pdf', bytes: new Uint8Array() }]]), { maxBytes: MB }),
    )
    expect(empty.errors.attachments).toEqual({ key: 'attachments.error.empty', vars: { name: 'blank.pdf' } })
  })

  test('more files than allowed are refused', async () => {
    const files: [string, Part][] = ['a.pdf', 'b.pdf', 'c.pdf'].map((name) => ['attachments', { name, bytes: PDF }])
    const result = expectFailure(await parseUploadForm(uploadRequest(files), { maxBytes: MB, maxFiles: 2 }))
    expect(result.errors.attachments).toEqual({ key: 'attachments.error.tooMany', vars: { max: 2 } })
    expect(stagedFiles()).toEqual([])
  })

  test('a body that breaks off is refused as malformed', async () => {
    const request = new Request(new URL('/x', TEST_ORIGIN), {
      method: 'POST',
      body: '--xyz\r\nContent-Disposition: form-data; name="title"\r\n\r\n成果',
      headers: { 'Content-Type': 'multipart/form-data; boundary=xyz' },
    })
    const result = expectFailure(await parseUploadForm(request, { maxBytes: MB }))
    expect(result).toMatchObject({ status: 400, errors: { attachments: { key: 'attachments.error.malformed' } } })
  })

  test('a quoted boundary after another parameter is understood', async () => {
    const body = [
      '--a:b',
      'Content-Disposition: form-data; name="attachments"; filename="a.pdf"',
      '',
      PDF.toString('latin1'),
      '--a:b--',
      '',
    ].join('\r\n')
    const request = new Request(new URL('/x', TEST_ORIGIN), {
      method: 'POST',
      body: Buffer.from(body, 'latin1'),
      headers: { 'Content-Type': 'multipart/form-data; charset=utf-8; boundary="a:b"' },
    })
    const result = expectOk(await parseUploadForm(request, { maxBytes: MB }))
    expect(result.files).toEqual([expect.objectContaining({ originalName: 'a.pdf', sha256: sha256(PDF) })])
  })

  test('a plain form post (a remove button) passes through with its fields and no files', async () => {
    const request = new Request(new URL('/x', TEST_ORIGIN), {
      method: 'POST',
      body: new URLSearchParams({ intent: 'removeAttachment', attachmentId: '3' }),
    })
    const result = expectOk(await parseUploadForm(request, { maxBytes: MB }))
    expect(result.values).toEqual({ intent: 'removeAttachment', attachmentId: '3' })
    expect(result.files).toEqual([])
  })

  test('saveAttachment takes bytes the server holds, and refuses an executable among them', () => {
    const row = saveAttachment({ owner: ownerA(), file: { name: '导出.pdf', bytes: PDF }, actor: actor() })
    expect(fs.existsSync(storedPathOf(row.sha256))).toBe(true)
    expect(() => saveAttachment({ owner: ownerA(), file: { name: 'x.pdf', bytes: EXE }, actor: actor() })).toThrow(/attachments.error.type/)
    expect(attachmentsOf(ownerA())).toHaveLength(1)
  })
})

describe('shared content and removal', () => {
  test('two uploads of the same bytes share one stored file; removing one keeps it for the other', async () => {
    const first = expectOk(await parseUploadForm(uploadRequest([['attachments', { name: '一.pdf', bytes: PDF }]]), { maxBytes: MB }))
    const a = saveAttachment({ owner: ownerA(), file: first.files[0], actor: actor() })
    const second = expectOk(await parseUploadForm(uploadRequest([['attachments', { name: '二.pdf', bytes: PDF }]]), { maxBytes: MB }))
    const ownerB: AttachmentOwner = { type: 'annual_report', id: 9, labId: labB.id }
    const b = saveAttachment({ owner: ownerB, file: second.files[0], actor: actor() })
    expect(a.sha256).toBe(b.sha256)
    expect(storedFiles()).toHaveLength(1)
    expect(stagedFiles()).toEqual([])

    // scoped to its owner: the id under another owner is "not found"
    expect(removeAttachment({ owner: ownerA(), attachmentId: b.id, actor: actor() })).toBe(false)
    expect(removeAttachment({ owner: { ...ownerB, labId: labA.id }, attachmentId: b.id, actor: actor() })).toBe(false)

    expect(removeAttachment({ owner: ownerA(), attachmentId: a.id, actor: actor() })).toBe(true)
    expect(attachmentsOf(ownerA())).toEqual([])
    expect(fs.existsSync(storedPathOf(b.sha256))).toBe(true)
    const deleted = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'attachment'), eq(auditLog.action, 'delete')))
      .all()
    expect(deleted).toEqual([expect.objectContaining({ entityId: String(a.id), labId: labA.id })])

    expect(removeAttachment({ owner: ownerB, attachmentId: b.id, actor: actor() })).toBe(true)
    expect(fs.existsSync(storedPathOf(b.sha256))).toBe(false)
    expect(db.select().from(attachments).all()).toEqual([])
  })

  test('a rolled-back transaction leaves no new content behind', () => {
    expect(() =>
      db.transaction((tx) => {
        saveAttachment({ owner: ownerA(), file: { name: 'a.pdf', bytes: PDF }, actor: actor(), tx })
        throw new Error('the caller fails after attaching')
      }),
    ).toThrow('the caller fails')
    expect(db.select().from(attachments).all()).toEqual([])
    // the bytes were placed before the caller's failure; the sweep removes them once old enough
    expect(storedFiles()).toHaveLength(1)
    // a dry run (the sweep job's --dry-run) counts the orphan and leaves it
    expect(sweepAttachmentFiles({ now: new Date(Date.now() + 2 * 24 * 3600 * 1000), dryRun: true })).toEqual({
      staleUploads: 0,
      orphans: 1,
    })
    expect(storedFiles()).toHaveLength(1)
    expect(sweepAttachmentFiles({ now: new Date(Date.now() + 2 * 24 * 3600 * 1000) })).toEqual({ staleUploads: 0, orphans: 1 })
    expect(storedFiles()).toEqual([])
  })

  test('the sweep removes abandoned staged uploads and unused content, and keeps what rows use', async () => {
    const kept = saveAttachment({ owner: ownerA(), file: { name: 'a.pdf', bytes: PDF }, actor: actor() })
    const abandoned = expectOk(
      await parseUploadForm(uploadRequest([['attachments', { name: 'b.pdf', bytes: Buffer.concat([PDF, Buffer.from('%x')]) }]]), {
        maxBytes: MB,
      }),
    )
    expect(sweepAttachmentFiles({ now: new Date() })).toEqual({ staleUploads: 0, orphans: 0 })
    expect(sweepAttachmentFiles({ now: new Date(Date.now() + 2 * 24 * 3600 * 1000) })).toEqual({ staleUploads: 1, orphans: 0 })
    expect(fs.existsSync(abandoned.files[0].tempPath)).toBe(false)
    expect(fs.existsSync(storedPathOf(kept.sha256))).toBe(true)
  })
})

describe('download', () => {
  const download = (id: number, cookie?: string) =>
    outcome(() =>
      downloadLoader({
        request: getRequest(`/attachments/${id}`, cookie),
        params: { attachmentId: String(id) },
        context: TEST_CONTEXT,
      }),
    )

  async function fetchDownload(id: number, cookie: string) {
    const response = (await downloadLoader({
      request: getRequest(`/attachments/${id}`, cookie),
      params: { attachmentId: String(id) },
      context: TEST_CONTEXT,
    })) as Response
    return response
  }

  const districtCookie = async (districtCode: DistrictCode) => signIn(await makeUser(db, { role: 'district', districtCode }))
  const labCookie = async (labId: number) => signIn(await makeUser(db, { role: 'lab', labId }))

  test('the bureau downloads the bytes as an attachment under the original Chinese name', async () => {
    const row = saveAttachment({ owner: ownerA(), file: { name: '年度成果报告.pdf', bytes: PDF }, actor: actor() })
    const response = await fetchDownload(row.id, signIn(bureau))
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('application/pdf')
    expect(response.headers.get('Content-Length')).toBe(String(PDF.length))
    expect(response.headers.get('Content-Disposition')).toBe(
      `attachment; filename="attachment-${row.id}.pdf"; filename*=UTF-8''${encodeURIComponent('年度成果报告.pdf')}`,
    )
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect(response.headers.get('Cache-Control')).toBe('private, no-store, no-transform')
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PDF)
  })

  test('only users who may see the lab get it; everyone else gets 404', async () => {
    const row = saveAttachment({ owner: ownerA(), file: { name: 'a.pdf', bytes: PDF }, actor: actor() })
    expect((await download(row.id, await labCookie(labA.id))).status).toBe(200)
    expect((await download(row.id, await labCookie(labB.id))).status).toBe(404)
    expect((await download(row.id, await districtCookie('320508'))).status).toBe(200)
    expect((await download(row.id, await districtCookie('320583'))).status).toBe(404)
    expect((await download(row.id, signIn(await makeUser(db, { role: 'expert' })))).status).toBe(404)
    expect(attachmentForDownload({ id: row.id, actor: { id: 0, role: 'lab', districtCode: null, labId: labB.id } })).toBeNull()
  })

  test('an unknown id is 404 and a visitor is sent to sign in', async () => {
    expect((await download(999_999, signIn(bureau))).status).toBe(404)
    const anonymous = await download(1)
    expect(anonymous.status).toBe(302)
    expect(anonymous.location).toMatch(/^\/login\?redirectTo=/)
  })

  test('a row whose stored file has gone missing is 404, not a broken download', async () => {
    const row = saveAttachment({ owner: ownerA(), file: { name: 'a.pdf', bytes: PDF }, actor: actor() })
    fs.rmSync(storedPathOf(row.sha256))
    const errors: unknown[] = []
    const original = console.error
    console.error = (...args: unknown[]) => errors.push(args)
    try {
      expect((await download(row.id, signIn(bureau))).status).toBe(404)
    } finally {
      console.error = original
    }
    expect(errors).toHaveLength(1)
  })
})
