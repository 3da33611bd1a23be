import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { applicationPageMessages } from '~/i18n/messages-asset.server'
import { publishShortlist } from '~/models/application-notice-step.server'
import { certifyRound } from '~/models/round-certify.server'
import { loader as applicationLoader } from '~/routes/applications.$applicationId'
import { loader as labLoader } from '~/routes/labs.$labId._index'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { applicants, roundApplications } from '~db/schema'
import { getRequest, makeUser, outcome, setupTestDb, signIn, TEST_CONTEXT } from '../helpers'
import { acting, completeApplication, makeApplicant, makeDepartment, makeOffice, makeRound } from '../round-application-fixtures'

// A certified application and its lab link to each other (migration 0046) only for a viewer the
// other page admits: the bureau both ways, the lab's district office to the lab and its
// certificate, the recommending office back to the application; the applicant sees the lab's name
// and number with no link (it opens no lab page), the lab's account no link to the application.
afterEach(() => setClock(undefined))

const AFTER = new Date('2026-10-14T02:00:00Z')

let db: Db
let cookies: Record<'bureau' | 'district' | 'otherDistrict' | 'department' | 'applicant' | 'lab', string>
// a district office's application, and a city department's (its lab in 320508 by its credit code)
let fromDistrict: { applicationId: number; labId: number; certificateNo: string }
let fromDepartment: { applicationId: number; labId: number }

async function shortlisted(roundId: number, name: string, departmentId?: number) {
  const { applicant, user } = await makeApplicant(db, departmentId ? { departmentId } : {})
  db.update(applicants)
    .set({ contactName: `${name}联系人`, contactPhone: '13800000000', contactEmail: `${name.length}${applicant.id}@lab.example.cn` })
    .where(eq(applicants.id, applicant.id))
    .run()
  const id = db
    .insert(roundApplications)
    .values({
      roundId,
      applicantId: applicant.id,
      officeDistrictCode: departmentId ? null : '320508',
      officeDepartmentId: departmentId ?? null,
      status: 'shortlisted',
      submittedAt: '2026-09-01T02:00:00.000Z',
    })
    .returning()
    .get().id
  completeApplication(db, id)
  db.update(roundApplications).set({ labName: name }).where(eq(roundApplications.id, id)).run()
  return { id, user }
}

beforeEach(async () => {
  setClock(new Date('2026-09-29T02:00:00Z'))
  db = setupTestDb()
  const bureauUser = await makeUser(db, { role: 'bureau' })
  const round = makeRound(db)
  const dept = makeDepartment(db)
  const a = await shortlisted(round.id, '苏州数据要素实验室甲')
  const b = await shortlisted(round.id, '苏州数据要素实验室乙', dept.id)
  publishShortlist({ by: acting(bureauUser), roundId: round.id, at: new Date('2026-09-29T02:00:00Z') })
  setClock(AFTER)
  const r = await certifyRound({ by: acting(bureauUser), roundId: round.id, at: AFTER })
  if (!r.ok || !('labs' in r)) throw new Error(JSON.stringify(r))
  fromDistrict = { applicationId: a.id, labId: r.labs[0].labId, certificateNo: r.labs[0].certificateNo }
  fromDepartment = { applicationId: b.id, labId: r.labs[1].labId }
  cookies = {
    bureau: signIn(bureauUser),
    district: signIn(await makeUser(db, { role: 'district', districtCode: '320508' })),
    otherDistrict: signIn(await makeUser(db, { role: 'district', districtCode: '320505' })),
    department: signIn(await makeOffice(db, { departmentId: dept.id })),
    applicant: signIn(a.user),
    lab: signIn(await makeUser(db, { role: 'lab', labId: fromDistrict.labId })),
  }
})

type Lab = { labId: number; labName: string; certificateNo: string; canOpenLab: boolean; canOpenCertificate: boolean } | null
const applicationPage = async (who: keyof typeof cookies, id = fromDistrict.applicationId) =>
  outcome(async () =>
    applicationLoader({
      request: getRequest(`/applications/${id}`, cookies[who]),
      params: { applicationId: String(id) },
      context: TEST_CONTEXT,
    }),
  )
const labOf = async (who: keyof typeof cookies, id = fromDistrict.applicationId) => (await applicationPage(who, id)).body.lab as Lab
const labPage = async (who: keyof typeof cookies, labId = fromDistrict.labId) =>
  outcome(async () =>
    labLoader({ request: getRequest(`/labs/${labId}`, cookies[who]), params: { labId: String(labId) }, context: TEST_CONTEXT }),
  )
const backLink = async (who: keyof typeof cookies, labId = fromDistrict.labId) => (await labPage(who, labId)).body.application

test('the bureau and the lab’s district office get the lab and its certificate from the application', async () => {
  const linked = { labId: fromDistrict.labId, labName: '苏州数据要素实验室甲', certificateNo: fromDistrict.certificateNo }
  expect(await labOf('bureau')).toEqual({ ...linked, canOpenLab: true, canOpenCertificate: true })
  expect(await labOf('district')).toEqual({ ...linked, canOpenLab: true, canOpenCertificate: true })
  // and the pages linked open for them
  for (const who of ['bureau', 'district'] as const) expect((await labPage(who)).status).toBe(200)
})

test('the applicant sees the lab’s name and certificate number, with no link to a page it cannot open', async () => {
  expect(await labOf('applicant')).toEqual({
    labId: fromDistrict.labId,
    labName: '苏州数据要素实验室甲',
    certificateNo: fromDistrict.certificateNo,
    canOpenLab: false,
    canOpenCertificate: false,
  })
  expect((await labPage('applicant')).status).toBe(404)
})

test('a city department reads its application’s lab without a link; another district does not read the application', async () => {
  expect(await labOf('department', fromDepartment.applicationId)).toMatchObject({
    labId: fromDepartment.labId,
    canOpenLab: false,
    canOpenCertificate: false,
  })
  expect((await labPage('department', fromDepartment.labId)).status).toBe(404)
  expect((await applicationPage('otherDistrict')).status).toBe(404)
})

test('an application not yet certified shows no lab', async () => {
  db.update(roundApplications).set({ status: 'in_notice' }).where(eq(roundApplications.id, fromDistrict.applicationId)).run()
  expect(await labOf('bureau')).toBeNull()
})

test('the lab page links back to the application for whoever may open it, the round named', async () => {
  const back = { applicationId: fromDistrict.applicationId, roundNameZh: '2027年度认定', roundNameEn: '2027 round' }
  expect(await backLink('bureau')).toEqual(back)
  expect(await backLink('district')).toEqual(back)
  expect((await applicationPage('district')).status).toBe(200)
  // the lab's own account opens no application page; the lab's district did not recommend the
  // department's application, so it gets no link to it either
  expect(await backLink('lab')).toBeNull()
  expect((await applicationPage('lab')).status).toBe(404)
  expect(await backLink('district', fromDepartment.labId)).toBeNull()
  expect((await applicationPage('district', fromDepartment.applicationId)).status).toBe(404)
  expect(await backLink('bureau', fromDepartment.labId)).toEqual({ ...back, applicationId: fromDepartment.applicationId })
})

test('the words are in both languages, on the application page’s own messages', () => {
  expect(applicationPageMessages('zh')).toMatchObject({
    'applications.certifiedLab.title': '授牌',
    'applications.certifiedLab.number': '证书编号',
    'applications.certifiedLab.certificate': '查看证书',
  })
  expect(applicationPageMessages('en')).toMatchObject({
    'applications.certifiedLab.title': 'Certification',
    'applications.certifiedLab.number': 'Certificate no.',
    'applications.certifiedLab.certificate': 'View the certificate',
  })
})
