import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeEach, expect, test } from 'vitest'
import { attachmentForDownload } from '~/models/attachments.server'
import type { ActingUser } from '~/models/result.server'
import {
  applicationPage,
  attachApplicationFile,
  LETTER_KIND,
  startApplication,
  takeApplicationStep,
} from '~/models/round-applications.server'
import { stageBytes, type StagedFile } from '~/utils/upload.server'
import type { Db } from '~db/client.server'
import { attachments } from '~db/schema'
import { pinClock } from '../clock'
import { setupTestDb } from '../helpers'
import { completeApplication, IN_ROUND, makeApplicant, makeOffice, makeRound, versionOf } from '../round-application-fixtures'

// Guide 四(二): each office gives one written recommendation, sealed, for the round: the letter is
// the office's for the round, not one per application. Uploaded once, it serves every
// recommendation of that office in that round; a new upload replaces it; only the office and the
// bureau read it (it names every applicant the office recommends).
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-letter-'))
process.env.DATA_DIR = dataDir
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

const at = new Date(IN_ROUND)
pinClock(at)
const PDF = (n: number) =>
  Buffer.from(`%PDF-1.7\n% letter ${n}\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`)

let db: Db
let round: ReturnType<typeof makeRound>
let gusu: ActingUser
beforeEach(async () => {
  db = setupTestDb()
  fs.rmSync(dataDir, { recursive: true, force: true })
  round = makeRound(db)
  gusu = await makeOffice(db, { districtCode: '320508' })
})

async function submitted(districtCode: '320508' | '320506' = '320508', roundId = round.id) {
  const { user } = await makeApplicant(db, { districtCode })
  const r = startApplication({ by: user, roundId, at })
  if (!r.ok) throw new Error('draft refused')
  completeApplication(db, r.id)
  expect(takeApplicationStep({ by: user, id: r.id, step: 'submit', version: versionOf(db, r.id), at }).ok).toBe(true)
  return { id: r.id, user }
}
function staged(n: number): StagedFile {
  const file = stageBytes({ name: `推荐意见${n}.pdf`, bytes: PDF(n) })
  if (!('tempPath' in file)) throw new Error(file.key)
  return file
}
const upload = (id: number, n: number, by = gusu) => attachApplicationFile({ by, id, kind: LETTER_KIND, file: staged(n), at })
const recommend = (id: number, by = gusu) => takeApplicationStep({ by, id, step: 'recommend', version: versionOf(db, id), at })
const letters = () => db.select().from(attachments).where(eq(attachments.kind, LETTER_KIND)).all()

test('one letter serves every recommendation of the office in the round', async () => {
  const a = await submitted()
  const b = await submitted()
  expect(recommend(b.id)).toMatchObject({ ok: false, errors: { _form: { key: 'certification.refusal.letter_missing' } } })
  expect(upload(a.id, 1)).toMatchObject({ ok: true })
  expect(recommend(a.id)).toMatchObject({ ok: true, status: 'recommended' })
  expect(recommend(b.id)).toMatchObject({ ok: true, status: 'recommended' })
  // the office sees the one letter on each of its applications' pages
  for (const id of [a.id, b.id])
    expect(
      applicationPage({ actor: gusu, id, at })!
        .files.filter((f) => f.kind === LETTER_KIND)
        .map((f) => f.originalName),
    ).toEqual(['推荐意见1.pdf'])
})

test('a new upload, from any of its applications, replaces the office’s letter', async () => {
  const a = await submitted()
  const b = await submitted()
  upload(a.id, 1)
  expect(upload(b.id, 2)).toMatchObject({ ok: true })
  expect(letters().map((l) => [l.ownerId, l.originalName])).toEqual([[b.id, '推荐意见2.pdf']])
})

test('another office’s letter, or the office’s letter of another round, does not count', async () => {
  const wuzhong = await makeOffice(db, { districtCode: '320506' })
  const theirs = await submitted('320506')
  const ours = await submitted()
  upload(ours.id, 1)
  expect(recommend(theirs.id, wuzhong)).toMatchObject({ ok: false, errors: { _form: { key: 'certification.refusal.letter_missing' } } })
  const later = makeRound(db)
  const next = await submitted('320508', later.id)
  expect(recommend(next.id)).toMatchObject({ ok: false, errors: { _form: { key: 'certification.refusal.letter_missing' } } })
  // nor may another office upload on an application that is not its own
  expect(upload(ours.id, 3, wuzhong)).toMatchObject({ ok: false, error: 'not_found' })
})

test('only the office and the bureau read the letter; the applicants do not, not even the one it is filed on', async () => {
  const a = await submitted()
  upload(a.id, 1)
  const letter = db
    .select()
    .from(attachments)
    .where(and(eq(attachments.kind, LETTER_KIND), eq(attachments.ownerId, a.id)))
    .get()!
  expect(attachmentForDownload({ id: letter.id, actor: gusu })).not.toBeNull()
  const bureau = { ...gusu, role: 'bureau' as const, districtCode: null }
  expect(attachmentForDownload({ id: letter.id, actor: bureau })).not.toBeNull()
  expect(attachmentForDownload({ id: letter.id, actor: a.user })).toBeNull()
  expect(applicationPage({ actor: a.user, id: a.id, at })!.files.some((f) => f.kind === LETTER_KIND)).toBe(false)
  // the applicant still downloads its own files
  const own = db
    .select()
    .from(attachments)
    .where(and(eq(attachments.kind, 'application_pdf'), eq(attachments.ownerId, a.id)))
    .get()!
  expect(attachmentForDownload({ id: own.id, actor: a.user })).not.toBeNull()
})
