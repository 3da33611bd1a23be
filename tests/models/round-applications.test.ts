import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, asc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import type { ActingUser } from '~/models/result.server'
import {
  applicationPage,
  editApplication,
  officeQuota,
  recordOfficeCheck,
  startApplication,
  takeApplicationStep,
  type StepArgs,
} from '~/models/round-applications.server'
import { openDb, type Db } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { auditLog, inboxItems, notices, roundApplications, roundOfficeQuotas } from '~db/schema'
import { setDb } from '~/utils/db.server'
import { pinClock } from '../clock'
import { setupTestDb } from '../helpers'
import {
  APPLICATIONS_DUE,
  IN_ROUND,
  RECOMMENDATIONS_DUE,
  attachLetter,
  completeApplication,
  makeApplicant,
  makeDepartment,
  makeOffice,
  makeRound,
  statusOf,
  versionOf,
} from '../round-application-fixtures'

// Certification applications (issue 21) on a migrated SQLite: each step of the table through the
// model, its audit row and notice, and what is refused (role, scope, input, deadline, quota, stale).
pinClock(IN_ROUND)
const at = new Date(IN_ROUND)

let db: Db
let round: ReturnType<typeof makeRound>
let applicant: Awaited<ReturnType<typeof makeApplicant>>
let gusu: ActingUser
let wuzhong: ActingUser
let bureau: ActingUser

beforeEach(async () => {
  db = setupTestDb()
  round = makeRound(db)
  applicant = await makeApplicant(db)
  gusu = await makeOffice(db, { districtCode: '320508' })
  wuzhong = await makeOffice(db, { districtCode: '320506' })
  bureau = { ...(await makeOffice(db, { districtCode: '320508' })), role: 'bureau', districtCode: null }
})

function draft(by = applicant.user) {
  const r = startApplication({ by, roundId: round.id, at })
  if (!r.ok) throw new Error(`draft refused: ${r.error}`)
  return r.id
}
const step = (args: Omit<StepArgs, 'version'> & { version?: string }) => takeApplicationStep({ version: versionOf(db, args.id), ...args })
function submitted(by = applicant.user) {
  const id = draft(by)
  completeApplication(db, id)
  expect(step({ by, id, step: 'submit', at }).ok).toBe(true)
  return id
}
const audits = (id: number) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'round_application'), eq(auditLog.entityId, String(id))))
    .orderBy(asc(auditLog.id))
    .all()
const inboxOf = (userId: number) =>
  db
    .select({ title: notices.title })
    .from(inboxItems)
    .innerJoin(notices, eq(notices.id, inboxItems.noticeId))
    .where(eq(inboxItems.userId, userId))
    .all()

describe('the draft', () => {
  test('a confirmed applicant starts one draft per round, its office copied from its registration', () => {
    const id = draft()
    const row = db.select().from(roundApplications).where(eq(roundApplications.id, id)).get()!
    expect(row).toMatchObject({
      status: 'draft',
      officeDistrictCode: '320508',
      officeDepartmentId: null,
      applicantId: applicant.applicant.id,
    })
    expect(draft()).toBe(id)
    expect(audits(id).map((a) => a.action)).toEqual(['create'])
  })

  test('a pending registration and an office cannot start one', async () => {
    const pending = await makeApplicant(db, { status: 'pending' })
    expect(startApplication({ by: pending.user, roundId: round.id, at })).toMatchObject({ ok: false, error: 'forbidden' })
    expect(startApplication({ by: gusu, roundId: round.id, at })).toMatchObject({ ok: false, error: 'forbidden' })
  })

  test('no draft is started after the applicants’ deadline', () => {
    const late = new Date(new Date(APPLICATIONS_DUE).getTime() + 1)
    expect(startApplication({ by: applicant.user, roundId: round.id, at: late })).toMatchObject({ ok: false, error: 'conflict' })
  })

  test('a section saves with the version the page showed; an older version is 409', () => {
    const id = draft()
    const v = versionOf(db, id)
    const saved = editApplication({
      by: applicant.user,
      id,
      version: v,
      at,
      plan: () => ({ set: { labName: '新名称' }, detail: 'basics' }),
    })
    expect(saved.ok).toBe(true)
    const again = editApplication({
      by: applicant.user,
      id,
      version: v,
      at,
      plan: () => ({ set: { labName: '旧页面' }, detail: 'basics' }),
    })
    expect(again).toMatchObject({ ok: false, error: 'conflict' })
    expect(db.select().from(roundApplications).where(eq(roundApplications.id, id)).get()!.labName).toBe('新名称')
    expect(audits(id).at(-1)).toMatchObject({ action: 'update' })
  })

  test('another applicant and the office do not find a draft (404)', async () => {
    const id = draft()
    const other = await makeApplicant(db)
    const edit = (by: ActingUser) =>
      editApplication({ by, id, version: versionOf(db, id), at, plan: () => ({ set: { labName: 'x' }, detail: '' }) })
    expect(edit(other.user)).toMatchObject({ ok: false, error: 'not_found' })
    expect(edit(gusu)).toMatchObject({ ok: false, error: 'not_found' })
    expect(applicationPage({ actor: gusu, id, at })).toBeNull()
    expect(applicationPage({ actor: other.user, id, at })).toBeNull()
  })
})

describe('submitting', () => {
  test('an incomplete draft is refused with the failing conditions on its page', () => {
    const id = draft()
    expect(step({ by: applicant.user, id, step: 'submit', at })).toMatchObject({
      ok: false,
      error: 'conflict',
      errors: { _form: { key: 'certification.refusal.conditions_unmet' } },
    })
    const page = applicationPage({ actor: applicant.user, id, at })!
    expect(page.findings.filter((f) => f.result === 'failing').map((f) => f.id)).toContain('team_size')
  })

  test('a complete draft is submitted, audited before/after, and its district office is told', () => {
    const id = submitted()
    expect(statusOf(db, id)).toBe('submitted')
    const last = audits(id).at(-1)!
    expect(last.before).toMatchObject({ status: 'draft' })
    expect(last.after).toMatchObject({ status: 'submitted', step: 'submit' })
    expect(inboxOf(gusu.id)).toHaveLength(1)
    expect(inboxOf(wuzhong.id)).toHaveLength(0)
  })

  test('a department applicant’s submission tells that department’s accounts', async () => {
    const dept = makeDepartment(db)
    const edu = await makeOffice(db, { departmentId: dept.id })
    const other = await makeOffice(db, { departmentId: makeDepartment(db, 'sci').id })
    const school = await makeApplicant(db, { departmentId: dept.id })
    submitted(school.user)
    expect(inboxOf(edu.id)).toHaveLength(1)
    expect(inboxOf(other.id)).toHaveLength(0)
  })

  test.each([
    ['exactly at 17:00 is on time', 0, true],
    ['a millisecond after 17:00 is late', 1, false],
  ])('%s', (_name, ms, accepted) => {
    const id = draft()
    completeApplication(db, id)
    const r = step({ by: applicant.user, id, step: 'submit', at: new Date(new Date(APPLICATIONS_DUE).getTime() + ms) })
    if (accepted) expect(r.ok).toBe(true)
    else expect(r).toMatchObject({ ok: false, error: 'conflict', errors: { _form: { key: 'certification.refusal.applications_closed' } } })
  })

  test('an office cannot submit the applicant’s application', () => {
    const id = submitted()
    expect(step({ by: gusu, id, step: 'resubmit', at })).toMatchObject({ ok: false, error: 'forbidden' })
  })
})

describe('the office’s check', () => {
  test('returns with reasons, and the applicant corrects and resubmits before the deadline', () => {
    const id = submitted()
    expect(step({ by: gusu, id, step: 'return', reasons: '  请补充团队名单  ', at })).toMatchObject({ ok: true, status: 'returned' })
    expect(db.select().from(roundApplications).where(eq(roundApplications.id, id)).get()!.returnReasons).toBe('请补充团队名单')
    expect(inboxOf(applicant.user.id)).toHaveLength(1)
    expect(applicationPage({ actor: applicant.user, id, at })!.editable).toBe(true)
    expect(step({ by: applicant.user, id, step: 'resubmit', at })).toMatchObject({ ok: true, status: 'submitted' })
  })

  test('a return without reasons is 400 and changes nothing', () => {
    const id = submitted()
    expect(step({ by: gusu, id, step: 'return', reasons: ' ', at })).toMatchObject({ ok: false, error: 'invalid', errors: { reasons: {} } })
    expect(statusOf(db, id)).toBe('submitted')
  })

  test('another district’s office does not find the application (404)', () => {
    const id = submitted()
    expect(step({ by: wuzhong, id, step: 'return', reasons: 'x', at })).toMatchObject({ ok: false, error: 'not_found' })
  })

  test('after the applicants’ deadline a return is refused but a rejection with grounds is not', () => {
    const id = submitted()
    const late = new Date(new Date(APPLICATIONS_DUE).getTime() + 1)
    expect(step({ by: gusu, id, step: 'return', reasons: 'x', at: late })).toMatchObject({
      ok: false,
      errors: { _form: { key: 'certification.refusal.applications_closed' } },
    })
    expect(step({ by: gusu, id, step: 'reject', reasons: '材料不实', at: late })).toMatchObject({
      ok: false,
      error: 'invalid',
      errors: { grounds: {} },
    })
    expect(step({ by: gusu, id, step: 'reject', reasons: '材料不实', grounds: ['not_authentic'], at: late })).toMatchObject({
      ok: true,
      status: 'rejected',
    })
  })

  test('records complete / authentic / valid with reasons; the applicant cannot', () => {
    const id = submitted()
    const values = { complete: true, completeReason: '齐全', authentic: false, authenticReason: '印章存疑', valid: true, validReason: '' }
    expect(recordOfficeCheck({ by: gusu, id, version: versionOf(db, id), values, at }).ok).toBe(true)
    expect(db.select().from(roundApplications).where(eq(roundApplications.id, id)).get()).toMatchObject({
      checkComplete: true,
      checkAuthentic: false,
      checkAuthenticReason: '印章存疑',
    })
    expect(recordOfficeCheck({ by: applicant.user, id, version: versionOf(db, id), values, at })).toMatchObject({
      ok: false,
      error: 'forbidden',
    })
  })

  test('the check is on time at 17:00:00 of the offices’ deadline and refused at 17:00:01', () => {
    const values = { complete: true, completeReason: '', authentic: true, authenticReason: '', valid: true, validReason: '' }
    const due = new Date(RECOMMENDATIONS_DUE)
    const id = submitted()
    expect(recordOfficeCheck({ by: gusu, id, version: versionOf(db, id), values, at: due }).ok).toBe(true)
    const late = new Date(due.getTime() + 1000)
    expect(recordOfficeCheck({ by: gusu, id, version: versionOf(db, id), values, at: late })).toMatchObject({
      ok: false,
      error: 'conflict',
      errors: { _form: { key: 'certification.refusal.recommendations_closed' } },
    })
  })
})

describe('recommending', () => {
  test('needs the sealed letter, then recommends and tells the applicant', () => {
    const id = submitted()
    expect(step({ by: gusu, id, step: 'recommend', at })).toMatchObject({
      ok: false,
      errors: { _form: { key: 'certification.refusal.letter_missing' } },
    })
    attachLetter(db, id)
    expect(step({ by: gusu, id, step: 'recommend', at })).toMatchObject({ ok: true, status: 'recommended' })
    expect(officeQuota(db, round.id, { kind: 'district', districtCode: '320508' })).toEqual({ quota: 3, used: 1 })
  })

  test('the office’s quota is full: the next recommendation is refused; withdrawing one frees the place', async () => {
    db.insert(roundOfficeQuotas).values({ roundId: round.id, districtCode: '320508', quota: 1 }).run()
    const first = submitted()
    const second = submitted((await makeApplicant(db)).user)
    for (const id of [first, second]) attachLetter(db, id)
    expect(step({ by: gusu, id: first, step: 'recommend', at }).ok).toBe(true)
    expect(step({ by: gusu, id: second, step: 'recommend', at })).toMatchObject({
      ok: false,
      errors: { _form: { key: 'certification.refusal.quota_full' } },
    })
    expect(step({ by: gusu, id: first, step: 'withdraw_recommendation', at })).toMatchObject({ ok: true, status: 'submitted' })
    expect(step({ by: gusu, id: second, step: 'recommend', at })).toMatchObject({ ok: true })
  })

  test('refused a millisecond after the offices’ deadline', () => {
    const id = submitted()
    attachLetter(db, id)
    const late = new Date(new Date(RECOMMENDATIONS_DUE).getTime() + 1)
    expect(step({ by: gusu, id, step: 'recommend', at: late })).toMatchObject({
      ok: false,
      errors: { _form: { key: 'certification.refusal.recommendations_closed' } },
    })
    expect(step({ by: gusu, id, step: 'recommend', at: new Date(RECOMMENDATIONS_DUE) }).ok).toBe(true)
  })

  test('the bureau sees a submitted application but cannot recommend it', () => {
    const id = submitted()
    attachLetter(db, id)
    expect(applicationPage({ actor: bureau, id, at })).not.toBeNull()
    expect(step({ by: bureau, id, step: 'recommend', at })).toMatchObject({ ok: false, error: 'forbidden' })
  })

  test('a stale page’s recommendation is 409', () => {
    const id = submitted()
    attachLetter(db, id)
    const old = versionOf(db, id)
    expect(step({ by: gusu, id, step: 'return', reasons: 'x', at }).ok).toBe(true)
    expect(step({ by: gusu, id, step: 'recommend', version: old, at })).toMatchObject({ ok: false, error: 'conflict', stale: {} })
  })
})

// Two offices' pages (two connections to one database file) each showed one place left: the
// count is read in the IMMEDIATE transaction that writes, so the second recommendation sees the
// first one's commit and is refused, whichever connection takes it.
describe('two recommendations on two connections', () => {
  test('never exceed the quota', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-quota-'))
    const file = path.join(dir, 'db.sqlite')
    const one = openDb(file)
    runMigrations(one)
    setDb(one)
    db = one
    round = makeRound(db)
    db.insert(roundOfficeQuotas).values({ roundId: round.id, districtCode: '320508', quota: 1 }).run()
    const a = await makeApplicant(db)
    const b = await makeApplicant(db)
    const office = await makeOffice(db, { districtCode: '320508' })
    const ids = [submitted(a.user), submitted(b.user)]
    for (const id of ids) attachLetter(db, id)
    const versions = ids.map((id) => versionOf(db, id))
    const two = openDb(file)
    try {
      const results = ids.map((id, i) => {
        setDb(i === 0 ? one : two)
        return takeApplicationStep({ by: office, id, step: 'recommend', version: versions[i], at })
      })
      expect(results.map((r) => r.ok)).toEqual([true, false])
      expect(officeQuota(two, round.id, { kind: 'district', districtCode: '320508' })).toEqual({ quota: 1, used: 1 })
    } finally {
      one.$client.close()
      two.$client.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('withdrawing', () => {
  test('the applicant withdraws a draft without telling anyone, a submission telling its office', async () => {
    const id = draft()
    expect(step({ by: applicant.user, id, step: 'withdraw', at })).toMatchObject({ ok: true, status: 'withdrawn' })
    expect(inboxOf(gusu.id)).toHaveLength(0)
    const other = await makeApplicant(db)
    const sent = submitted(other.user)
    expect(step({ by: other.user, id: sent, step: 'withdraw', at }).ok).toBe(true)
    expect(inboxOf(gusu.id)).toHaveLength(2)
  })
})
