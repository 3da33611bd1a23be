import { and, asc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { action as entryAction, loader as entryLoader } from '~/routes/labs.$labId.renewal'
import { action as pageAction, loader as pageLoader } from '~/routes/labs.$labId.renewals.$renewalId'
import { action as noticeAction, loader as noticeLoader } from '~/routes/notices.$noticeId'
import { loader as publicLoader } from '~/routes/public.notices'
import { addDays } from '~/domain/dates'
import { recordUnappliedNotRenewed } from '~/models/renewals.server'
import { updateSetting } from '~/models/settings.server'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { publicNotices, renewals, validityPeriods } from '~db/schema'
import { errorsOf, formRequest, getRequest, makeLab, makeUser, outcome, setupTestDb, signIn, TEST_CONTEXT, withVersion } from '../helpers'
import { pinClock } from '../clock'

// 公示 of a renewal decided without an application (issue 21 item 6, ADR 025): once a lab's period
// has ended unapplied the bureau may renew it from the lab's renewal entry; with the switch on that
// renewal is announced like any other. The lab was certified from 1 November 2024; its period
// ended 31 October 2026; it is Tuesday 1 December 2026.
let db: Db
let bureau: string
let bureauId: number

pinClock(new Date('2026-12-01T02:00:00Z'))
beforeEach(async () => {
  db = setupTestDb()
  const chief = await makeUser(db, { role: 'bureau', username: 'chief' })
  bureauId = chief.id
  bureau = signIn(chief)
})

const at = (iso: string) => setClock(new Date(iso))
const params = (p: Record<string, number>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]))
const setting = (key: 'renewalNoticeStep' | 'unappliedNotRenewedAfterDays', value: number) =>
  updateSetting({ key, value, actor: { id: bureauId, displayName: 'chief' }, at: new Date() })

const renewalOf = (labId: number) => db.select().from(renewals).where(eq(renewals.labId, labId)).get()
const entryAct = (labId: number, fields: Record<string, string>, cookie: string) =>
  outcome(() =>
    entryAction({
      request: formRequest(`/labs/${labId}/renewal`, { rowVersion: String(renewalOf(labId)?.rowVersion ?? 0), ...fields }, cookie),
      params: params({ labId }),
      context: TEST_CONTEXT,
    }),
  )
const entry = (labId: number, cookie: string) =>
  outcome(() => entryLoader({ request: getRequest(`/labs/${labId}/renewal`, cookie), params: params({ labId }), context: TEST_CONTEXT }))
const pageAct = (labId: number, renewalId: number, fields: Record<string, string>, cookie: string) =>
  outcome(() =>
    pageAction({
      request: formRequest(`/labs/${labId}/renewals/${renewalId}`, withVersion(renewals, renewalId, fields), cookie),
      params: params({ labId, renewalId }),
      context: TEST_CONTEXT,
    }),
  )
const page = (labId: number, renewalId: number, cookie: string) =>
  outcome(() =>
    pageLoader({
      request: getRequest(`/labs/${labId}/renewals/${renewalId}`, cookie),
      params: params({ labId, renewalId }),
      context: TEST_CONTEXT,
    }),
  )
const noticeVersion = (id: number) => String(db.select().from(publicNotices).where(eq(publicNotices.id, id)).get()!.rowVersion)
const confirm = (noticeId: number) =>
  outcome(() =>
    noticeAction({
      request: formRequest(`/notices/${noticeId}`, { intent: 'confirm', rowVersion: noticeVersion(noticeId) }, bureau),
      params: params({ noticeId }),
      context: TEST_CONTEXT,
    }),
  )
const noticeOf = (renewalId: number) =>
  db
    .select()
    .from(publicNotices)
    .where(and(eq(publicNotices.subjectKind, 'renewal'), eq(publicNotices.subjectId, renewalId)))
    .get()
const periodsOf = (labId: number) =>
  db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).orderBy(asc(validityPeriods.sequence)).all()

const renew = { intent: 'decideWithout', decision: 'renew', grade: 'good', reasons: '未按期申请，但年度考核优秀（内部意见）' }
const endedLab = () => makeLab(db, { startDate: '2024-11-01' })

describe('renewing a lab that never applied', () => {
  test('with the step off a renewal without an application takes effect at once, announcing nothing', async () => {
    const lab = endedLab()
    const sent = await entryAct(lab.id, renew, bureau)
    expect(sent.status).toBe(302)
    expect(sent.location).toMatch(/\?saved=decided$/)
    expect(periodsOf(lab.id).map((p) => p.outcome)).toEqual(['renewed', null])
    expect(noticeOf(renewalOf(lab.id)!.id)).toBeUndefined()
  })

  test('with it on, it is announced: nothing renewed yet, only a revocation possible meanwhile, listed publicly', async () => {
    setting('renewalNoticeStep', 1)
    const lab = endedLab()
    const sent = await entryAct(lab.id, renew, bureau)
    expect(sent).toMatchObject({ status: 302, location: `/labs/${lab.id}/renewal?saved=announced` })
    const renewal = renewalOf(lab.id)!
    const notice = noticeOf(renewal.id)!
    expect(JSON.parse(notice.proposal)).toMatchObject({ decision: 'renew', grade: 'good' })
    expect(renewal).toMatchObject({ status: 'draft', decision: null })
    expect(periodsOf(lab.id).map((p) => p.outcome)).toEqual([null])
    expect((await entry(lab.id, bureau)).body).toMatchObject({
      bureauDecisions: ['revoke'],
      notice: { id: notice.id, recheck: false, confirmed: false },
      canManageNotice: true,
    })
    expect(
      (await outcome(() => publicLoader({ request: getRequest('/public/notices'), params: {}, context: TEST_CONTEXT }))).body,
    ).toMatchObject({
      renewals: [{ id: notice.id, decision: 'renew' }],
    })
    // the bureau's notice page leads back to the lab's renewal entry: the draft itself is the lab's
    const detail = await outcome(() =>
      noticeLoader({
        request: getRequest(`/notices/${notice.id}`, bureau),
        params: params({ noticeId: notice.id }),
        context: TEST_CONTEXT,
      }),
    )
    expect(detail.body).toMatchObject({ subject: { status: 'draft', labId: lab.id } })
    const other = await entryAct(lab.id, { ...renew, decision: 'not_renew', grade: 'fail' }, bureau)
    expect(other.status).toBe(409)
    expect(errorsOf(other)._form.key).toBe('notice.error.inNotice')
    expect(periodsOf(lab.id).map((p) => p.outcome)).toEqual([null])
  })

  test('the lab cannot apply over the announced renewal, and sees the notice on its draft', async () => {
    setting('renewalNoticeStep', 1)
    const lab = endedLab()
    const own = signIn(await makeUser(db, { role: 'lab', labId: lab.id }))
    expect((await entryAct(lab.id, { intent: 'start' }, own)).status).toBe(302)
    const id = renewalOf(lab.id)!.id
    expect((await entryAct(lab.id, renew, bureau)).status).toBe(302)
    expect((await page(lab.id, id, own)).body).toMatchObject({ canEdit: false, notice: { id: noticeOf(id)!.id } })
    const save = await pageAct(lab.id, id, { intent: 'save', summary: '补交申请' }, own)
    expect(save.status).toBe(409)
    expect(errorsOf(save)._form.key).toBe('notice.error.inNotice')
    expect(renewalOf(lab.id)).toMatchObject({ status: 'draft', summary: '' })
  })

  test('the daily run does not record an announced lab as not renewed; another unapplied lab it does', async () => {
    setting('renewalNoticeStep', 1)
    setting('unappliedNotRenewedAfterDays', 1)
    const announced = endedLab()
    const unapplied = endedLab()
    expect((await entryAct(announced.id, renew, bureau)).status).toBe(302)
    expect(recordUnappliedNotRenewed({ day: '2026-12-01' })).toBe(1)
    expect(periodsOf(announced.id).map((p) => p.outcome)).toEqual([null])
    expect(periodsOf(unapplied.id).map((p) => p.outcome)).toEqual(['not_renewed'])
  })

  test('confirmed after the notice, the lab is renewed from the old end as deciding at once did', async () => {
    setting('renewalNoticeStep', 1)
    const lab = endedLab()
    await entryAct(lab.id, renew, bureau)
    const notice = noticeOf(renewalOf(lab.id)!.id)!
    expect((await confirm(notice.id)).status).toBe(409)
    const day = addDays(notice.endsOn, 1)
    at(`${day}T02:00:00Z`)
    expect((await confirm(notice.id)).status).toBe(302)
    expect(periodsOf(lab.id).map((p) => [p.sequence, p.startDate, p.endDate, p.outcome, p.outcomeDate])).toEqual([
      [1, '2024-11-01', '2026-10-31', 'renewed', day],
      [2, '2026-11-01', '2028-10-31', null, null],
    ])
    expect(renewalOf(lab.id)).toMatchObject({ status: 'decided', decision: 'renew', grade: 'good', decidedOn: day })
  })

  test('a district may not decide without an application (404 for another district, 403 for its own)', async () => {
    setting('renewalNoticeStep', 1)
    const lab = makeLab(db, { startDate: '2024-11-01', districtCode: '320508' })
    const gusu = signIn(await makeUser(db, { role: 'district', districtCode: '320508' }))
    const wuzhong = signIn(await makeUser(db, { role: 'district', districtCode: '320505' }))
    expect((await entryAct(lab.id, renew, gusu)).status).toBe(403)
    expect((await entryAct(lab.id, renew, wuzhong)).status).toBe(404)
    expect(db.select().from(publicNotices).all()).toEqual([])
  })
})
