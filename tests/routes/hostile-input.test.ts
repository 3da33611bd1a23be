import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { attachmentsOf, saveAttachment } from '~/models/attachments.server'
import { loader as rootLoader } from '~/root'
import { loader as downloadLoader } from '~/routes/attachments.$attachmentId'
import { action as newDeliverableAction } from '~/routes/labs.$labId.deliverables.new'
import { action as incidentsAction } from '~/routes/labs.$labId.incidents._index'
import { action as languageAction } from '~/routes/language'
import { action as loginAction, loader as loginLoader } from '~/routes/login'
import type { Db } from '~db/client.server'
import { attachments, incidents, sessions } from '~db/schema'
import { pinClock } from '../clock'
import {
  formRequest,
  getRequest,
  makeLab,
  makeUser,
  outcome,
  setupTestDb,
  signIn,
  TEST_CONTEXT,
  TEST_ORIGIN,
  TEST_PASSWORD,
} from '../helpers'

// Issue 14, findings 4 and 7: what is no form answers 4xx with a message (never 500), a cookie
// this app did not write reads as signed out, text is stored without control and bidirectional
// characters, and a file is offered under a name with the extension of what it is.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-hostile-'))
process.env.DATA_DIR = dataDir
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')
const RLO = '\u202e'

let db: Db
let labId: number
let labUser: { id: number; username: string }
let labCookie: string

pinClock(new Date('2026-05-01T04:00:00.000Z'))
beforeEach(async () => {
  db = setupTestDb()
  labId = makeLab(db, { districtCode: '320508', startDate: '2025-06-01' }).id
  labUser = await makeUser(db, { role: 'lab', labId })
  labCookie = signIn(labUser)
  vi.spyOn(console, 'warn').mockImplementation(() => {})
})

function rawPost(url: string, body: string, contentType: string, cookie = '') {
  return new Request(new URL(url, TEST_ORIGIN), {
    method: 'POST',
    body,
    headers: { Origin: TEST_ORIGIN, 'Content-Type': contentType, ...(cookie ? { Cookie: cookie } : {}) },
  })
}
const call = (fn: (args: never) => unknown, request: Request, params: Record<string, string> = {}) =>
  outcome(async () => fn({ request, params, context: TEST_CONTEXT } as never))
const bodyOf = async (request: Request, fn: (args: never) => unknown, params: Record<string, string> = {}) => {
  try {
    await fn({ request, params, context: TEST_CONTEXT } as never)
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.text()
    throw thrown
  }
  return null
}

describe('a malformed session cookie', () => {
  const BAD = 'lc_session=%E0%A4%A; lc_lang=%'

  test('reads as signed out: the sign-in page answers 200 and the layout has no user', async () => {
    expect((await call(loginLoader, getRequest('/login', BAD))).status).toBe(200)
    const root = (await call(rootLoader, getRequest('/login', BAD))).body
    expect(root).toMatchObject({ user: null, locale: 'zh' })
  })

  test('does not stop signing in, which replaces it', async () => {
    const answer = await call(loginAction, formRequest('/login', { username: labUser.username, password: TEST_PASSWORD }, BAD))
    expect(answer.status).toBe(302)
    expect(answer.setCookie).toMatch(/^lc_session=[\w-]{20,}/)
    expect(db.select().from(sessions).all()).toHaveLength(2)
  })
})

describe('a body that is no form', () => {
  test('text/plain to /login, signed out, is 415 with the message key, not 500', async () => {
    const request = () => rawPost('/login', 'username=bureau&password=x', 'text/plain')
    expect((await call(loginAction, request())).status).toBe(415)
    expect(await bodyOf(request(), loginAction)).toBe('error.unsupportedMediaType')
    expect(console.warn).toHaveBeenCalledWith('refused POST /login: 415 content type "text/plain"')
  })

  test('JSON to /language is 415 and sets no cookie', async () => {
    const answer = await call(languageAction, rawPost('/language', '{"locale":"en"}', 'application/json'))
    expect(answer).toMatchObject({ status: 415, setCookie: null })
  })

  test('a form in another charset, a bad escape or bytes that are not UTF-8 are 4xx', async () => {
    const latin1 = rawPost('/language', 'locale=en', 'application/x-www-form-urlencoded; charset=iso-8859-1')
    expect((await call(languageAction, latin1)).status).toBe(415)
    const badEscape = rawPost('/login', 'username=%E0%A4%A&password=x', 'application/x-www-form-urlencoded')
    expect((await call(loginAction, badEscape)).status).toBe(400)
    const gbk = rawPost('/login', 'username=%D6%D0%CE%C4&password=x', 'application/x-www-form-urlencoded')
    expect((await call(loginAction, gbk)).status).toBe(400)
  })

  test('a broken multipart body to a form without files is 400', async () => {
    const broken = rawPost(
      '/login',
      '--XX\r\nContent-Disposition: form-data; name="username"\r\n\r\nbureau',
      'multipart/form-data; boundary=XX',
    )
    expect(await bodyOf(broken, loginAction)).toBe('error.unreadableForm')
  })

  test('a broken multipart body to an upload form is 400 with the upload message, and nothing is stored', async () => {
    const body =
      '--XX\r\nContent-Disposition: form-data; name="title"\r\n\r\n报告\r\n--XX\r\nContent-Disposition: form-data; name="attachments"; filename="a.pdf"\r\n\r\n%PDF-1.7'
    const answer = await call(
      newDeliverableAction,
      rawPost(`/labs/${labId}/deliverables/new`, body, 'multipart/form-data; boundary=XX', labCookie),
      {
        labId: String(labId),
      },
    )
    expect(answer.status).toBe(400)
    expect(answer.body.errors).toEqual({ attachments: { key: 'attachments.error.malformed' } })
    expect(db.select().from(attachments).all()).toEqual([])
  })

  test('JSON to an upload form is 415', async () => {
    const answer = await call(
      newDeliverableAction,
      rawPost(`/labs/${labId}/deliverables/new`, '{"title":"x"}', 'application/json', labCookie),
      {
        labId: String(labId),
      },
    )
    expect(answer.status).toBe(415)
  })
})

describe('text fields', () => {
  const report = {
    intent: 'report',
    grade: 'III',
    title: `账号\u0000被盗用${RLO}gnp.exe`,
    discoveredAt: '2026-05-01T10:30',
    reportedAt: '',
    description: '第一行\r\n第二行\u0007\u001b[31m\n\t缩进\u2066隔离\u2069',
    dataAffected: '约 2 万条',
    measures: '冻结账号',
  }

  test('lose NUL, other control and bidi characters; newlines and tabs are kept', async () => {
    const answer = await call(incidentsAction, formRequest(`/labs/${labId}/incidents`, report, labCookie), { labId: String(labId) })
    expect(answer.status, JSON.stringify(answer.body)).toBe(302)
    const row = db.select().from(incidents).where(eq(incidents.labId, labId)).get()!
    expect(row.title).toBe('账号被盗用gnp.exe')
    expect(row.description).toBe('第一行\n第二行[31m\n\t缩进隔离')
  })

  test('a field that is only control characters counts as empty', async () => {
    const answer = await call(
      incidentsAction,
      formRequest(`/labs/${labId}/incidents`, { ...report, title: '\u0000\u202e\u0001' }, labCookie),
      {
        labId: String(labId),
      },
    )
    expect(answer.status).toBe(400)
    expect(db.select().from(incidents).all()).toEqual([])
  })
})

describe('attachment names', () => {
  const owner = () => ({ type: 'deliverable', id: 1, labId })
  const actor = () => ({ id: labUser.id, role: 'lab' as const, labId, districtCode: null, displayName: 'lab', ip: '' })
  const download = async (id: number) => {
    const response = (await downloadLoader({
      request: getRequest(`/attachments/${id}`, labCookie),
      params: { attachmentId: String(id) },
      context: TEST_CONTEXT,
    })) as Response
    await response.body?.cancel()
    return response.headers.get('Content-Disposition')
  }

  test('a PDF uploaded as poly.html is stored, listed and downloaded as poly.pdf', async () => {
    const saved = saveAttachment({ owner: owner(), file: { name: 'poly.html', bytes: PDF }, actor: actor() })
    expect(saved.originalName).toBe('poly.pdf')
    expect(attachmentsOf(owner()).map((a) => a.originalName)).toEqual(['poly.pdf'])
    expect(await download(saved.id)).toBe(`attachment; filename="poly.pdf"; filename*=UTF-8''poly.pdf`)
  })

  test('a name that already says what the file is keeps its case; one with no extension gains it', async () => {
    expect(saveAttachment({ owner: owner(), file: { name: '年度报告.PDF', bytes: PDF }, actor: actor() }).originalName).toBe('年度报告.PDF')
    expect(saveAttachment({ owner: owner(), file: { name: '报告 2025.1', bytes: PDF }, actor: actor() }).originalName).toBe(
      '报告 2025.1.pdf',
    )
  })

  test('an older row with a right-to-left override and a lying extension downloads cleaned', async () => {
    const saved = saveAttachment({ owner: owner(), file: { name: 'invoice.pdf', bytes: PDF }, actor: actor() })
    db.update(attachments)
      .set({ originalName: `invoice${RLO}fdp.exe` })
      .where(eq(attachments.id, saved.id))
      .run()
    const disposition = await download(saved.id)
    expect(disposition).toBe(`attachment; filename="invoicefdp.pdf"; filename*=UTF-8''invoicefdp.pdf`)
    expect(attachmentsOf(owner()).map((a) => a.originalName)).toEqual(['invoicefdp.pdf'])
  })
})
