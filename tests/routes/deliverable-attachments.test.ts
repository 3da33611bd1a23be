import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import { action as detailAction, loader as detailLoader } from '~/routes/labs.$labId.deliverables.$deliverableId'
import { action as newAction } from '~/routes/labs.$labId.deliverables.new'
import type { Db } from '~db/client.server'
import { removeAttachment, storedPathOf } from '~/models/attachments.server'
import { atomically } from '~/utils/db.server'
import { attachments, deliverables } from '~db/schema'
import {
  formRequest,
  getRequest,
  makeLab,
  makeUser,
  outcome,
  setupTestDb,
  signIn,
  signInAs,
  TEST_CONTEXT,
  TEST_ORIGIN,
  withVersion,
} from '../helpers'
import { pinClock } from '../clock'

// Files on a deliverable, through its pages: uploaded with the form, listed, carried into a
// new version, removable by the lab only while it may edit.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-deliverable-files-'))
process.env.DATA_DIR = dataDir
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from('This program cannot be run in DOS mode.')])

let db: Db
let labId: number
let labCookie: string
let bureauCookie: string
let districtCookie: string

pinClock(new Date('2026-03-02T02:00:00Z'))
beforeEach(async () => {
  db = setupTestDb()
  labId = makeLab(db, { districtCode: '320508', startDate: '2025-06-01' }).id
  labCookie = await signInAs(db, { role: 'lab', labId })
  bureauCookie = await signInAs(db, { role: 'bureau' })
  districtCookie = await signInAs(db, { role: 'district', districtCode: '320508' })
})

const FIELDS = {
  type: 'report',
  forms: 'data',
  title: '城市更新数据分析报告',
  summary: '摘要',
  completedOn: '2025-12-01',
  transferStatus: 'none',
}

function multipart(url: string, fields: Record<string, string>, files: { name: string; bytes: Buffer }[], cookie: string) {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  for (const f of files) form.append('attachments', new File([new Uint8Array(f.bytes)], f.name))
  return new Request(new URL(url, TEST_ORIGIN), { method: 'POST', body: form, headers: { Origin: TEST_ORIGIN, Cookie: cookie } })
}

const create = (files: { name: string; bytes: Buffer }[], fields: Record<string, string> = FIELDS) =>
  outcome(() =>
    newAction({
      request: multipart(`/labs/${labId}/deliverables/new`, fields, files, labCookie),
      params: { labId: String(labId) },
      context: TEST_CONTEXT,
    }),
  )
const detail = (id: number, cookie = labCookie) =>
  outcome(() =>
    detailLoader({
      request: getRequest(`/labs/${labId}/deliverables/${id}`, cookie),
      params: { labId: String(labId), deliverableId: String(id) },
      context: TEST_CONTEXT,
    }),
  )
const step = (id: number, fields: Record<string, string>, cookie: string) =>
  outcome(() =>
    detailAction({
      request: formRequest(`/labs/${labId}/deliverables/${id}`, withVersion(deliverables, id, fields), cookie),
      params: { labId: String(labId), deliverableId: String(id) },
      context: TEST_CONTEXT,
    }),
  )
const idFrom = (location: string | null) => Number(location!.match(/deliverables\/(\d+)/)![1])
const listed = async (id: number, cookie = labCookie) =>
  ((await detail(id, cookie)).body.attachments as { id: number; originalName: string }[]).map((a) => a.originalName)

describe('attachments on a deliverable', () => {
  test('files uploaded with a new draft are stored and listed to everyone who sees the lab', async () => {
    const o = await create([{ name: '验收报告.pdf', bytes: PDF }])
    expect(o.status).toBe(302)
    const id = idFrom(o.location)
    expect(await listed(id)).toEqual(['验收报告.pdf'])
    expect(await listed(id, districtCookie)).toEqual(['验收报告.pdf'])
  })

  test('a renamed executable is refused: 400, nothing saved, the typed fields come back', async () => {
    const o = await create([{ name: '报告.pdf', bytes: EXE }])
    expect(o.status).toBe(400)
    expect((o.body.errors as Record<string, { key: string }>).attachments.key).toBe('attachments.error.type')
    expect((o.body.values as Record<string, unknown>).title).toBe(FIELDS.title)
    expect(db.select().from(deliverables).all()).toHaveLength(0)
    expect(db.select().from(attachments).all()).toHaveLength(0)
  })

  test('invalid fields with a valid file: 400, the file is not kept', async () => {
    const o = await create([{ name: '验收报告.pdf', bytes: PDF }], { ...FIELDS, title: '' })
    expect(o.status).toBe(400)
    expect(db.select().from(attachments).all()).toHaveLength(0)
  })

  test('the lab removes a file from its draft; after submission nobody can, and other roles never could', async () => {
    const id = idFrom(
      (
        await create([
          { name: 'a.pdf', bytes: PDF },
          { name: 'b.pdf', bytes: PDF },
        ])
      ).location,
    )
    const [first, second] = db.select().from(attachments).all()
    expect((await step(id, { intent: 'removeAttachment', attachmentId: String(first.id) }, districtCookie)).status).toBe(403)
    expect((await step(id, { intent: 'removeAttachment', attachmentId: String(first.id) }, bureauCookie)).status).toBe(403)
    const stranger = signIn(await makeUser(db, { role: 'lab', labId: makeLab(db, { districtCode: '320508' }).id }))
    expect((await step(id, { intent: 'removeAttachment', attachmentId: String(first.id) }, stranger)).status).toBe(404)
    const otherDistrict = await signInAs(db, { role: 'district', districtCode: '320583' })
    expect((await step(id, { intent: 'removeAttachment', attachmentId: String(first.id) }, otherDistrict)).status).toBe(404)
    expect(await listed(id)).toEqual(['a.pdf', 'b.pdf'])
    expect((await step(id, { intent: 'removeAttachment', attachmentId: String(first.id) }, labCookie)).status).toBe(302)
    expect(await listed(id)).toEqual(['b.pdf'])
    expect((await step(id, { intent: 'submit' }, labCookie)).status).toBe(302)
    expect((await step(id, { intent: 'removeAttachment', attachmentId: String(second.id) }, labCookie)).status).toBe(403)
    expect(await listed(id)).toEqual(['b.pdf'])
  })

  test('a new version starts with the accepted version’s files, which stay on the accepted one too', async () => {
    const id = idFrom((await create([{ name: '验收报告.pdf', bytes: PDF }])).location)
    expect((await step(id, { intent: 'submit' }, labCookie)).status).toBe(302)
    expect((await step(id, { intent: 'accept' }, bureauCookie)).status).toBe(302)
    const revised = await step(id, { intent: 'revise' }, labCookie)
    expect(revised.status).toBe(302)
    const v2 = idFrom(revised.location)
    expect(v2).not.toBe(id)
    expect(await listed(v2)).toEqual(['验收报告.pdf'])
    expect(await listed(id)).toEqual(['验收报告.pdf'])
  })

  test('deleting a draft detaches its files', async () => {
    const id = idFrom((await create([{ name: '验收报告.pdf', bytes: PDF }])).location)
    expect((await step(id, { intent: 'delete' }, labCookie)).status).toBe(302)
    expect(db.select().from(attachments).where(eq(attachments.ownerId, id)).all()).toHaveLength(0)
  })

  // issue 14: a filing and its files commit together or not at all
  test('when its file cannot be stored, the new draft is not kept either', async () => {
    const store = path.join(dataDir, 'attachments')
    const aside = `${store}.aside`
    if (fs.existsSync(store)) fs.renameSync(store, aside)
    fs.writeFileSync(store, 'not a directory: placing a file fails')
    try {
      const before = db.select().from(deliverables).all().length
      await expect(
        newAction({
          request: multipart(`/labs/${labId}/deliverables/new`, FIELDS, [{ name: '验收报告.pdf', bytes: PDF }], labCookie),
          params: { labId: String(labId) },
          context: TEST_CONTEXT,
        }),
      ).rejects.toThrow()
      expect(db.select().from(deliverables).all()).toHaveLength(before)
      expect(db.select().from(attachments).all()).toHaveLength(0)
      expect(fs.readdirSync(path.join(dataDir, 'tmp'))).toEqual([])
    } finally {
      fs.rmSync(store, { force: true })
      if (fs.existsSync(aside)) fs.renameSync(aside, store)
    }
  })

  test('removing a file inside a transaction that rolls back keeps the file for the row restored', async () => {
    const id = idFrom((await create([{ name: '验收报告.pdf', bytes: PDF }])).location)
    const [row] = db.select().from(attachments).where(eq(attachments.ownerId, id)).all()
    const stored = storedPathOf(row.sha256)
    expect(() =>
      atomically(() => {
        removeAttachment({ owner: { type: 'deliverable', id, labId }, attachmentId: row.id, actor: { id: null, displayName: 'test' } })
        throw new Error('a later write in the same action fails')
      }),
    ).toThrow('a later write')
    expect(db.select().from(attachments).where(eq(attachments.id, row.id)).all()).toHaveLength(1)
    expect(fs.existsSync(stored)).toBe(true)
    atomically(() =>
      removeAttachment({ owner: { type: 'deliverable', id, labId }, attachmentId: row.id, actor: { id: null, displayName: 'test' } }),
    )
    expect(fs.existsSync(stored)).toBe(false)
  })
})
