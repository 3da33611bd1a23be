import { and, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { publishShortlist, storedNoticeWarning } from '~/models/application-notice-step.server'
import { decideObjection, listPublicNotices, recordObjection } from '~/models/public-notices.server'
import type { ActingUser } from '~/models/result.server'
import { certifyRound } from '~/models/round-certify.server'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import {
  applicants,
  auditLog,
  inboxItems,
  labs,
  noticeObjections,
  notices,
  publicNotices,
  roundApplications,
  users,
  validityPeriods,
} from '~db/schema'
import { makeUser, setupTestDb } from '../helpers'
import { acting, completeApplication, makeApplicant, makeDepartment, makeRound, statusOf } from '../round-application-fixtures'

// The shortlist's 公示 and 授牌 on a round (issue 21 items 6 and 7) on a migrated SQLite.
// 29 September 2026 is a Tuesday before National Day (1–7 October off, Saturday 10 October worked):
// a notice published that day counts 29, 30 September, 8, 9, 10, 12 and 13 October.
afterEach(() => setClock(undefined))

const PUBLISHED = new Date('2026-09-29T02:00:00Z')
const LAST_DAY = '2026-10-13'
const AFTER = new Date('2026-10-14T02:00:00Z')

let db: Db
let round: ReturnType<typeof makeRound>
let bureau: ActingUser
let serial = 0

beforeEach(async () => {
  db = setupTestDb()
  setClock(PUBLISHED)
  round = makeRound(db)
  bureau = acting(await makeUser(db, { role: 'bureau' }))
})

/** A complete application the bureau shortlisted, its applicant with a contact person. */
async function shortlisted(
  { departmentId, status = 'shortlisted' as const, email = 'auto' } = {} as {
    departmentId?: number
    status?: 'shortlisted' | 'under_review'
    email?: string
  },
) {
  const n = ++serial
  const { applicant, user } = await makeApplicant(db, departmentId ? { departmentId } : {})
  db.update(applicants)
    .set({ contactName: `联系人${n}`, contactPhone: '13800000000', contactEmail: email === 'auto' ? `contact${n}@lab.example.cn` : email })
    .where(eq(applicants.id, applicant.id))
    .run()
  const row = db
    .insert(roundApplications)
    .values({
      roundId: round.id,
      applicantId: applicant.id,
      officeDistrictCode: departmentId ? null : '320508',
      officeDepartmentId: departmentId ?? null,
      status,
      submittedAt: '2027-03-10T02:00:00.000Z',
    })
    .returning()
    .get()
  completeApplication(db, row.id)
  db.update(roundApplications)
    .set({ labName: `苏州数据要素实验室${n}` })
    .where(eq(roundApplications.id, row.id))
    .run()
  return { id: row.id, applicant, user }
}

const publish = (by = bureau, at = PUBLISHED) => publishShortlist({ by, roundId: round.id, at })
const noticeOf = (applicationId: number) =>
  db
    .select()
    .from(publicNotices)
    .where(and(eq(publicNotices.subjectKind, 'application'), eq(publicNotices.subjectId, applicationId)))
    .get()!
function object(noticeId: number, receivedOn = '2026-09-30') {
  setClock(new Date('2026-10-09T02:00:00Z'))
  const r = recordObjection({ by: bureau, noticeId, raw: { receivedOn, content: '申报材料中的专利并非本单位所有。' } })
  expect(r.ok).toBe(true)
  return db.select().from(noticeObjections).where(eq(noticeObjections.noticeId, noticeId)).get()!
}
function decide(noticeId: number, decision: 'sustained' | 'dismissed') {
  const o = db.select().from(noticeObjections).where(eq(noticeObjections.noticeId, noticeId)).get()!
  return decideObjection({
    by: bureau,
    noticeId,
    objectionId: o.id,
    raw: { decision, reason: '经核查属实。' },
    version: String(o.rowVersion),
  })
}
const publicApplications = (day = '2026-10-09') => listPublicNotices(day).applications.map((r) => r.labName)
const labIdOf = (applicationId: number) =>
  db.select({ labId: roundApplications.labId }).from(roundApplications).where(eq(roundApplications.id, applicationId)).get()!.labId
const certify = (at = AFTER) => certifyRound({ by: bureau, roundId: round.id, at })

describe('publishing the shortlist', () => {
  test('puts every shortlisted application in notice for 7 working days around National Day', async () => {
    const a = await shortlisted()
    const b = await shortlisted()
    const other = await shortlisted({ status: 'under_review' })
    const r = publish()
    expect(r).toMatchObject({ ok: true, changed: [a.id, b.id] })
    expect([statusOf(db, a.id), statusOf(db, b.id), statusOf(db, other.id)]).toEqual(['in_notice', 'in_notice', 'under_review'])
    expect(noticeOf(a.id)).toMatchObject({ startsOn: '2026-09-29', endsOn: LAST_DAY, estimated: false, withdrawnAt: null })
    expect(storedNoticeWarning(noticeOf(a.id))).toBeNull()
    // audited per application and per notice, and the applicant is told
    const audits = db.select().from(auditLog).all()
    expect(audits.filter((x) => x.entityType === 'round_application' && x.action === 'decide')).toHaveLength(2)
    expect(audits.filter((x) => x.entityType === 'public_notice' && x.action === 'publish')).toHaveLength(2)
    const inbox = db
      .select({ title: notices.title })
      .from(inboxItems)
      .innerJoin(notices, eq(notices.id, inboxItems.noticeId))
      .where(eq(inboxItems.userId, a.user.id))
      .all()
    expect(inbox).toHaveLength(1)
    expect(publicApplications()).toEqual([`苏州数据要素实验室${serial - 2}`, `苏州数据要素实验室${serial - 1}`])
  })

  test('a second publication and a round without a shortlist are refused; nothing else moves', async () => {
    const a = await shortlisted()
    expect(publish().ok).toBe(true)
    expect(publish()).toMatchObject({ ok: false, error: 'conflict', errors: { _form: { key: 'rounds.notice.error.nothingToPublish' } } })
    expect(db.select().from(publicNotices).all()).toHaveLength(1)
    expect(statusOf(db, a.id)).toBe('in_notice')
  })

  test('only the bureau publishes: an office, an applicant and an expert are refused', async () => {
    const a = await shortlisted()
    for (const role of ['district', 'expert', 'applicant', 'department'] as const) {
      const who = acting(await makeUser(db, { role, districtCode: role === 'district' ? '320508' : null }))
      expect(publish(who)).toMatchObject({ ok: false, error: 'forbidden' })
    }
    expect(statusOf(db, a.id)).toBe('shortlisted')
  })

  test('a notice reaching a year the calendar lacks is marked estimated, with its warning', async () => {
    const a = await shortlisted()
    expect(publish(bureau, new Date('2027-06-01T02:00:00Z')).ok).toBe(true)
    const n = noticeOf(a.id)
    expect(n.estimated).toBe(true)
    expect(storedNoticeWarning(n)).toMatchObject({ key: 'certification.notice.estimated', params: { years: '2027' } })
  })
})

describe('objections on an application’s notice', () => {
  test('a sustained objection takes the application off the list and out of certification', async () => {
    const a = await shortlisted()
    const b = await shortlisted()
    publish()
    object(noticeOf(a.id).id)
    expect(decide(noticeOf(a.id).id, 'sustained').ok).toBe(true)
    expect(statusOf(db, a.id)).toBe('objection_sustained')
    expect(db.select().from(publicNotices).where(eq(publicNotices.subjectId, a.id)).get()!.withdrawnAt).not.toBeNull()
    expect(publicApplications()).toEqual([`苏州数据要素实验室${serial}`])
    const step = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'round_application'), eq(auditLog.entityId, String(a.id))))
      .all()
      .at(-1)!
    expect(step.after).toMatchObject({ step: 'sustain_objection', reasons: '经核查属实。', status: 'objection_sustained' })
    const r = await certify()
    expect(r).toMatchObject({ ok: true, labs: [{ applicationId: b.id }] })
    expect(statusOf(db, a.id)).toBe('objection_sustained')
  })

  test('a dismissed objection keeps it listed and in notice, and certifiable once the notice ends', async () => {
    const a = await shortlisted()
    publish()
    object(noticeOf(a.id).id)
    expect(decide(noticeOf(a.id).id, 'dismissed').ok).toBe(true)
    expect(statusOf(db, a.id)).toBe('in_notice')
    expect(publicApplications()).toHaveLength(1)
    expect(await certify()).toMatchObject({ ok: true, labs: [{ applicationId: a.id }] })
  })
})

describe('授牌 on the round', () => {
  test('is refused while the notice runs: listed as not yet, nothing created', async () => {
    const a = await shortlisted()
    publish()
    const r = await certify(new Date(`${LAST_DAY}T15:59:59Z`))
    expect(r).toMatchObject({
      ok: false,
      problems: [{ key: 'rounds.notice.error.nothingReady' }],
      notYet: [{ applicationId: a.id, reason: 'notice_running', lastDay: LAST_DAY }],
    })
    expect(db.select().from(labs).all()).toHaveLength(0)
    expect(statusOf(db, a.id)).toBe('in_notice')
  })

  test('an open objection holds its application back; the others are certified', async () => {
    const a = await shortlisted()
    const b = await shortlisted()
    publish()
    object(noticeOf(a.id).id)
    const r = await certify()
    expect(r).toMatchObject({ ok: true, labs: [{ applicationId: b.id }], notYet: [{ applicationId: a.id, reason: 'objections_open' }] })
    expect(statusOf(db, a.id)).toBe('in_notice')
    expect(noticeOf(a.id).confirmedAt).toBeNull()
    expect([labIdOf(a.id), labIdOf(b.id)]).toEqual([null, r.ok && 'labs' in r ? r.labs[0].labId : -1])
  })

  test('creates each lab with its first period of two years, certifies the application and confirms its notice', async () => {
    const dept = makeDepartment(db)
    const a = await shortlisted()
    const b = await shortlisted({ departmentId: dept.id })
    publish()
    const r = await certify()
    if (!r.ok || !('labs' in r)) throw new Error(JSON.stringify(r))
    expect(r.labs.map((l) => l.applicationId)).toEqual([a.id, b.id])
    expect(r.labs.map((l) => l.certificateNo)).toEqual(['苏数创〔2026〕001号', '苏数创〔2026〕002号'])
    for (const lab of r.labs) {
      expect(db.select().from(validityPeriods).where(eq(validityPeriods.labId, lab.labId)).get()).toMatchObject({
        sequence: 1,
        startDate: '2026-10-14',
        endDate: '2028-10-13',
      })
      expect(lab.accounts).toHaveLength(1)
      expect(db.select().from(users).where(eq(users.username, lab.accounts[0].username)).get()).toMatchObject({
        role: 'lab',
        labId: lab.labId,
      })
    }
    // a city department's applicant is registered in its credit code's district (320508 in the fixtures)
    expect(db.select().from(labs).where(eq(labs.id, r.labs[1].labId)).get()).toMatchObject({ districtCode: '320508' })
    expect([statusOf(db, a.id), statusOf(db, b.id)]).toEqual(['certified', 'certified'])
    // each application names the lab it became (0046), and its audit row says so
    expect([labIdOf(a.id), labIdOf(b.id)]).toEqual(r.labs.map((l) => l.labId))
    const decided = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'round_application'), eq(auditLog.entityId, String(a.id)), eq(auditLog.action, 'decide')))
      .all()
      .at(-1)!
    expect(decided.before).toMatchObject({ labId: null })
    expect(decided.after).toMatchObject({ step: 'certify', labId: r.labs[0].labId })
    expect(noticeOf(a.id).confirmedAt).not.toBeNull()
    // certified notices stay on the public list, ended
    expect(listPublicNotices('2026-10-14').applications.map((x) => x.state)).toEqual(['ended', 'ended'])
    expect(await certify()).toMatchObject({ ok: false, problems: [{ key: 'certification.certify.nothing' }] })
  })

  test('an application whose data the engine refuses refuses the whole step, each problem named', async () => {
    const a = await shortlisted()
    const b = await shortlisted({ email: '' })
    publish()
    const r = await certify()
    expect(r).toMatchObject({ ok: false, problems: [{ applicationId: b.id, field: 'accounts.0.email' }] })
    expect(db.select().from(labs).all()).toHaveLength(0)
    expect([statusOf(db, a.id), statusOf(db, b.id)]).toEqual(['in_notice', 'in_notice'])
    expect([labIdOf(a.id), labIdOf(b.id)]).toEqual([null, null])
  })

  test('only the bureau certifies, and only a round that exists', async () => {
    await shortlisted()
    publish()
    const office = acting(await makeUser(db, { role: 'district', districtCode: '320508' }))
    expect(await certifyRound({ by: office, roundId: round.id, at: AFTER })).toEqual({ ok: false, error: 'forbidden' })
    expect(await certifyRound({ by: bureau, roundId: round.id + 1, at: AFTER })).toEqual({ ok: false, error: 'not_found' })
    expect(publishShortlist({ by: bureau, roundId: round.id + 1, at: AFTER })).toMatchObject({ ok: false, error: 'not_found' })
    expect(db.select().from(labs).all()).toHaveLength(0)
  })
})
