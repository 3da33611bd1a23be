import { eq } from 'drizzle-orm'
import { beforeEach, expect, test } from 'vitest'
import { importCsv } from '~/models/imports/workbook.server'
import { action, loader } from '~/routes/applications.$applicationId'
import { loader as templateLoader } from '~/routes/imports.templates.$file'
import type { Db } from '~db/client.server'
import { roundApplicationMembers, roundApplications } from '~db/schema'
import { pinClock } from '../clock'
import { errorsOf, formRequest, getRequest, makeUser, outcome, setupTestDb, signIn, TEST_CONTEXT, TEST_ORIGIN } from '../helpers'
import { completeApplication, IN_ROUND, makeApplicant, makeRound, versionOf } from '../round-application-fixtures'

// The roster import through the application page's action (issue 21 item 3): a multipart post
// with the file; refused rows come back with the page, the template downloads for the applicant.
pinClock(new Date(IN_ROUND))

let db: Db
let applicant: string
let id: number
beforeEach(async () => {
  db = setupTestDb()
  const round = makeRound(db)
  const a = await makeApplicant(db)
  applicant = signIn(a.user)
  id = db
    .insert(roundApplications)
    .values({ roundId: round.id, applicantId: a.applicant.id, officeDistrictCode: '320508', status: 'draft' })
    .returning()
    .get().id
  completeApplication(db, id)
})

const url = () => `/applications/${id}`
const csvOf = (names: string[], title = '副高级') =>
  importCsv({ kind: 'rosters', rows: names.map((name) => ({ name, titleLevel: title, degree: '硕士', role: '科研人员' })) })
function upload(csv: string, cookie: string, fields: Record<string, string> = {}) {
  const body = new FormData()
  body.set('intent', 'importRoster')
  body.set('rowVersion', versionOf(db, id))
  for (const [k, v] of Object.entries(fields)) body.set(k, v)
  body.set('file', new File([csv], 'roster.csv', { type: 'text/csv' }))
  const request = new Request(new URL(url(), TEST_ORIGIN), { method: 'POST', body, headers: { Cookie: cookie, Origin: TEST_ORIGIN } })
  return outcome(async () => action({ request, params: { applicationId: String(id) }, context: TEST_CONTEXT }))
}
const count = () => db.select().from(roundApplicationMembers).where(eq(roundApplicationMembers.applicationId, id)).all().length

test('the applicant imports the roster; the page says how many', async () => {
  const names = Array.from({ length: 17 }, (_, i) => `成员甲${i}`)
  const r = await upload(csvOf(names), applicant)
  expect(r).toMatchObject({ status: 302, location: `${url()}?saved=importRoster&imported=17` })
  expect(count()).toBe(17)
})

test('a refused row is 400 with the rows and what was sent kept; nothing written', async () => {
  const r = await upload(csvOf(['甲', '甲']), applicant)
  expect(r.status).toBe(400)
  expect(r.body).toMatchObject({ intent: 'importRoster', rows: [{ rowNumber: 3, column: '姓名' }], values: { intent: 'importRoster' } })
  expect(errorsOf(r).file.key).toBe('applications.rosterImport.rowsRefused')
  expect(count()).toBe(15)
})

test('the bureau and an office are refused, another applicant gets 404; a plain post without a file is 400', async () => {
  db.update(roundApplications).set({ status: 'submitted', submittedAt: IN_ROUND }).where(eq(roundApplications.id, id)).run()
  expect((await upload(csvOf(['甲']), signIn(await makeUser(db, { role: 'bureau' })))).status).toBe(403)
  expect((await upload(csvOf(['甲']), signIn(await makeUser(db, { role: 'district', districtCode: '320508' })))).status).toBe(403)
  expect((await upload(csvOf(['甲']), signIn((await makeApplicant(db)).user))).status).toBe(404)
  db.update(roundApplications).set({ status: 'draft' }).where(eq(roundApplications.id, id)).run()
  const plain = await outcome(async () =>
    action({
      request: formRequest(url(), { intent: 'importRoster', rowVersion: versionOf(db, id) }, applicant),
      params: { applicationId: String(id) },
      context: TEST_CONTEXT,
    }),
  )
  expect(plain.status).toBe(400)
  expect(errorsOf(plain).file.key).toBe('imports.error.file')
  expect(count()).toBe(15)
})

test('the page offers the import to its applicant; the template downloads for it, not for an expert', async () => {
  const page = await outcome(async () =>
    loader({ request: getRequest(url(), applicant), params: { applicationId: String(id) }, context: TEST_CONTEXT }),
  )
  expect(page.body).toMatchObject({ editable: true })
  const template = (cookie: string) =>
    outcome(async () =>
      templateLoader({
        request: getRequest('/imports/templates/rosters.csv', cookie),
        params: { file: 'rosters.csv' },
        context: TEST_CONTEXT,
      }),
    )
  expect((await template(applicant)).status).toBe(200)
  expect((await template(signIn(await makeUser(db, { role: 'expert' })))).status).toBe(404)
})
