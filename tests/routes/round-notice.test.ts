import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { loader as applicationLoader } from '~/routes/applications.$applicationId'
import { action as loginAction } from '~/routes/login'
import { loader as labLoader } from '~/routes/labs.$labId._index'
import { loader as registryLoader } from '~/routes/labs._index'
import { action as noticeAction, loader as noticeLoader } from '~/routes/notices.$noticeId'
import { loader as publicLoader } from '~/routes/public.notices'
import { action, loader } from '~/routes/rounds.$roundId_.review'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { applicants, certificationRounds, noticeObjections, publicNotices, roundApplications } from '~db/schema'
import { formRequest, getRequest, makeLab, makeUser, outcome, setupTestDb, signIn, TEST_CONTEXT } from '../helpers'
import { completeApplication, makeApplicant, makeDepartment, makeOffice, makeRound, statusOf } from '../round-application-fixtures'

// The review page's 公示 and 授牌 forms and the notice pages for an application (issue 21 items 6
// and 7): the bureau's alone; the public page shows the shortlist without sign-in. 29 September
// 2026 is a Tuesday: the notice runs across National Day to 13 October.
afterEach(() => setClock(undefined))

const PUBLISHED = '2026-09-29T02:00:00Z'
const AFTER = '2026-10-14T02:00:00Z'

let db: Db
let bureau: string
let round: ReturnType<typeof makeRound>
let applicationId: number
let applicantCookie: string

beforeEach(async () => {
  setClock(new Date(PUBLISHED))
  db = setupTestDb()
  bureau = signIn(await makeUser(db, { role: 'bureau' }))
  round = makeRound(db)
  const { applicant, user } = await makeApplicant(db)
  applicantCookie = signIn(user)
  db.update(applicants)
    .set({ contactName: '王联系', contactPhone: '13800000000', contactEmail: 'wang.lx@lab.example.cn' })
    .where(eq(applicants.id, applicant.id))
    .run()
  applicationId = db
    .insert(roundApplications)
    .values({ roundId: round.id, applicantId: applicant.id, officeDistrictCode: '320508', status: 'shortlisted', submittedAt: PUBLISHED })
    .returning()
    .get().id
  completeApplication(db, applicationId)
})

const url = () => `/rounds/${round.id}/review`
const params = () => ({ roundId: String(round.id) })
const page = (cookie = bureau) =>
  outcome(async () => loader({ request: getRequest(url(), cookie), params: params(), context: TEST_CONTEXT }))
const post = (fields: Record<string, string>, cookie = bureau) =>
  outcome(async () => action({ request: formRequest(url(), fields, cookie), params: params(), context: TEST_CONTEXT }))
const roundVersion = () => String(db.select().from(certificationRounds).where(eq(certificationRounds.id, round.id)).get()!.rowVersion)
const publish = (cookie = bureau) => post({ intent: 'publishShortlist', rowVersion: roundVersion() }, cookie)
const noticeId = () => db.select().from(publicNotices).where(eq(publicNotices.subjectId, applicationId)).get()!.id
const noticePage = (cookie = bureau) =>
  outcome(async () =>
    noticeLoader({
      request: getRequest(`/notices/${noticeId()}`, cookie),
      params: { noticeId: String(noticeId()) },
      context: TEST_CONTEXT,
    }),
  )
const noticePost = (fields: Record<string, string>, cookie = bureau) =>
  outcome(async () =>
    noticeAction({
      request: formRequest(`/notices/${noticeId()}`, fields, cookie),
      params: { noticeId: String(noticeId()) },
      context: TEST_CONTEXT,
    }),
  )
const publicRows = async () =>
  ((await outcome(async () => publicLoader({ request: getRequest('/public/notices'), params: {}, context: TEST_CONTEXT }))).body
    .applications as { labName: string; decision: string; districtCode: string }[]) ?? []

async function others() {
  const department = await makeOffice(db, { departmentId: makeDepartment(db).id })
  const { user: otherApplicant } = await makeApplicant(db)
  return {
    district: signIn(await makeUser(db, { role: 'district', districtCode: '320508' })),
    otherDistrict: signIn(await makeUser(db, { role: 'district', districtCode: '320505' })),
    expert: signIn(await makeUser(db, { role: 'expert' })),
    lab: signIn(await makeUser(db, { role: 'lab', labId: makeLab(db).id })),
    otherApplicant: signIn(otherApplicant),
    applicant: applicantCookie,
    department: signIn(department),
  }
}

describe('publishing the shortlist from the review page', () => {
  test('the bureau publishes; the page then lists the application in notice and the public page shows it', async () => {
    const before = (await page()).body as { stage: { preview: { from: string; to: string; warning: string | null } } }
    expect(before.stage.preview).toEqual({ from: '2026-09-29', to: '2026-10-13', warning: null })
    expect((await publish()).status).toBe(302)
    expect(statusOf(db, applicationId)).toBe('in_notice')
    const body = (await page()).body as { stage: { shortlisted: number; applications: { id: number; notice: { endsOn: string } }[] } }
    expect(body.stage.shortlisted).toBe(0)
    expect(body.stage.applications).toMatchObject([
      { id: applicationId, notice: { endsOn: '2026-10-13' }, notYet: 'certification.refusal.notice_running' },
    ])
    expect(await publicRows()).toMatchObject([{ labName: '苏州数据要素实验室', decision: 'certify', districtCode: '320508' }])
  })

  test('twice is 409, a stale page 409, and no other role finds the form (404)', async () => {
    const stale = String(Number(roundVersion()) - 1)
    expect((await post({ intent: 'publishShortlist', rowVersion: stale })).status).toBe(409)
    const who = await others()
    for (const cookie of [who.district, who.expert, who.lab, who.applicant, who.department])
      expect((await publish(cookie)).status).toBe(404)
    expect(statusOf(db, applicationId)).toBe('shortlisted')
    expect((await publish()).status).toBe(302)
    expect((await publish()).status).toBe(409)
  })
})

describe('the notice page of an application', () => {
  test('shows the applicant and its office to the bureau only; confirming there is refused', async () => {
    await publish()
    const body = (await noticePage()).body as { subject: { kind: string; applicationId: number }; office: string }
    expect(body.subject).toMatchObject({ kind: 'application', applicationId })
    expect(body.office).toBe('姑苏区')
    const who = await others()
    for (const cookie of [who.district, who.otherDistrict, who.expert, who.lab, who.applicant, who.otherApplicant, who.department])
      expect((await noticePage(cookie)).status).toBe(404)
    setClock(new Date(AFTER))
    const notice = db.select().from(publicNotices).where(eq(publicNotices.id, noticeId())).get()!
    expect((await noticePost({ intent: 'confirm', rowVersion: String(notice.rowVersion) })).status).toBe(409)
  })

  test('a sustained objection takes it off the public page and out of 授牌', async () => {
    await publish()
    setClock(new Date('2026-10-09T02:00:00Z'))
    expect((await noticePost({ intent: 'recordObjection', receivedOn: '2026-10-08', content: '团队名单与事实不符。' })).status).toBe(302)
    const objection = db.select().from(noticeObjections).get()!
    const who = await others()
    const decide = (cookie = bureau, reason = '经核查属实。') =>
      noticePost(
        { intent: 'decideObjection', id: String(objection.id), rowVersion: String(objection.rowVersion), decision: 'sustained', reason },
        cookie,
      )
    expect((await decide(who.applicant)).status).toBe(404)
    expect((await decide(bureau, '  ')).status).toBe(400)
    expect((await decide()).status).toBe(302)
    expect(statusOf(db, applicationId)).toBe('objection_sustained')
    expect(await publicRows()).toEqual([])
    // the applicant reads why on its application's page; its objections stay the bureau's
    const own = (cookie: string) =>
      outcome(async () =>
        applicationLoader({
          request: getRequest(`/applications/${applicationId}`, cookie),
          params: { applicationId: String(applicationId) },
          context: TEST_CONTEXT,
        }),
      )
    const mine = await own(who.applicant)
    expect(mine.body).toMatchObject({ notice: { withdrawnReason: '经核查属实。' }, bureau: false })
    expect(JSON.stringify(mine.body)).not.toContain('团队名单与事实不符')
    expect((await own(who.otherApplicant)).status).toBe(404)
    setClock(new Date(AFTER))
    const r = await post({ intent: 'certify', on: '2026-10-14' })
    expect(r.status).toBe(409)
    expect(statusOf(db, applicationId)).toBe('objection_sustained')
  })
})

describe('授牌 from the review page', () => {
  test('while the notice runs it is refused with the reason in words; a bad day is 400', async () => {
    await publish()
    expect((await post({ intent: 'certify', on: 'soon' })).status).toBe(400)
    const r = await post({ intent: 'certify', on: '2026-10-09' })
    expect(r.status).toBe(409)
    expect(r.body.certified).toMatchObject({ ok: false, notYet: [{ applicationId, reason: expect.stringContaining('公示') }] })
  })

  test('after the notice the lab is created, shown once with its password, and its account sees its lab home', async () => {
    await publish()
    setClock(new Date(AFTER))
    const who = await others()
    for (const cookie of [who.district, who.expert, who.applicant, who.department])
      expect((await post({ intent: 'certify', on: '2026-10-14' }, cookie)).status).toBe(404)
    const r = await post({ intent: 'certify', on: '2026-10-14' })
    expect(r.status).toBe(200)
    const answer = r.body.certified as {
      ok: true
      on: string
      labs: { labId: number; certificateNo: string; accounts: { username: string; password: string }[] }[]
    }
    expect(answer).toMatchObject({ ok: true, on: '2026-10-14', labs: [{ certificateNo: '苏数创〔2026〕001号' }] })
    const [lab] = answer.labs
    expect(statusOf(db, applicationId)).toBe('certified')
    // the review page's certified row links to the lab it became
    const stage = ((await page()).body as { stage: { applications: { id: number; status: string; labId: number | null }[] } }).stage
    expect(stage.applications).toMatchObject([{ id: applicationId, status: 'certified', labId: lab.labId }])
    // the registry lists it, as every lab
    const registry = await outcome(async () =>
      registryLoader({ request: getRequest('/labs?size=100', bureau), params: {}, context: TEST_CONTEXT }),
    )
    expect((registry.body.rows as { id: number }[]).map((row) => row.id)).toContain(lab.labId)
    // the new account signs in with the one-time password and reaches its lab home, not another lab's
    // (on the real clock: sessions expire against it)
    setClock(undefined)
    const login = await outcome(() =>
      loginAction({
        request: formRequest('/login', { username: lab.accounts[0].username, password: lab.accounts[0].password }),
        params: {},
        context: TEST_CONTEXT,
      }),
    )
    expect(login.status).toBe(302)
    const cookie = /^(lc_session=[^;]*)/.exec(login.setCookie ?? '')![1]
    const home = (labId: number) =>
      outcome(async () =>
        labLoader({ request: getRequest(`/labs/${labId}`, cookie), params: { labId: String(labId) }, context: TEST_CONTEXT }),
      )
    expect((await home(lab.labId)).status).toBe(200)
    expect((await home(makeLab(db).id)).status).toBe(404)
    // the page no longer offers anything to certify
    expect((await post({ intent: 'certify', on: '2026-10-14' })).status).toBe(409)
  })
})
