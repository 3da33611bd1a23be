import { and, asc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { DEFAULT_GRADES, gradeLabel, type Grade } from '~/domain/grades'
import { translator } from '~/i18n'
import { activeGrades, allGrades } from '~/models/grades.server'
import { action as deliverableAction, loader as deliverableLoader } from '~/routes/labs.$labId.deliverables.$deliverableId'
import { action as newDeliverableAction } from '~/routes/labs.$labId.deliverables.new'
import { action as reportAction, loader as reportLoader } from '~/routes/labs.$labId.reports.$reportId'
import { loader as printLoader } from '~/routes/labs.$labId.reports.$reportId_.print'
import { loader as reportsLoader } from '~/routes/labs.$labId.reports._index'
import { action as settingsAction, loader as settingsLoader } from '~/routes/settings'
import type { Db } from '~db/client.server'
import { annualReports, auditLog, deliverables, filingEvents, grades, validityPeriods } from '~db/schema'
import {
  errorsOf,
  formRequest,
  getRequest,
  makeLab,
  makeUser,
  outcome,
  setupTestDb,
  signIn,
  TEST_CONTEXT,
  valuesOf,
  settingVersionFields,
  withVersion,
} from '../helpers'
import { pinClock } from '../clock'
import { insertAnnualReport } from '~db/factories'

// The bureau's grade scale (issue 4: "accept with a grade from a configurable set"), edited on
// /settings and used by the accept step of deliverables and annual reports.
const zh = translator('zh')
const en = translator('en')
const AT = '2025-06-15T04:00:00.000Z'

let db: Db
let bureau: { id: number }
let bureauCookie: string

pinClock(new Date(AT))
beforeEach(async () => {
  db = setupTestDb()
  bureau = await makeUser(db, { role: 'bureau', username: 'chief' })
  bureauCookie = signIn(bureau)
})

type SettingsPage = { grades: (Grade & { updatedAt: string; updatedBy: string | null })[] }
type FilingPage = { grades: Grade[]; thread: { action: string; grade: string | null }[] }

const settingsPage = async (cookie = bureauCookie) => {
  const r = await outcome(() => settingsLoader({ request: getRequest('/settings', cookie), params: {}, context: TEST_CONTEXT }))
  return { ...r, page: r.body as unknown as SettingsPage }
}
const change = (fields: Record<string, string>, cookie = bureauCookie) =>
  outcome(() =>
    settingsAction({
      request: formRequest('/settings', { ...settingVersionFields(), ...fields }, cookie),
      params: {},
      context: TEST_CONTEXT,
    }),
  )

const scale = () => allGrades().map((g) => [g.code, g.labelZh, g.labelEn, g.active])
const gradeAudits = () => db.select().from(auditLog).where(eq(auditLog.entityType, 'grade')).orderBy(asc(auditLog.id)).all()

const params = (p: Record<string, number>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]))
const labCookie = async (labId: number) => signIn(await makeUser(db, { role: 'lab', labId }))

// A deliverable of a new lab, filed by the lab and awaiting the bureau's decision.
async function submittedDeliverable() {
  const lab = makeLab(db)
  const own = await labCookie(lab.id)
  const fields = {
    type: 'project',
    forms: ['scenario'],
    title: '城市运行数据中台',
    summary: '多源数据融合平台。',
    completedOn: '2025-06-10',
    transferStatus: 'none',
  }
  const created = await outcome(() =>
    newDeliverableAction({
      request: formRequest(`/labs/${lab.id}/deliverables/new`, fields, own),
      params: params({ labId: lab.id }),
      context: TEST_CONTEXT,
    }),
  )
  expect(created.status, JSON.stringify(created.body)).toBe(302)
  const id = Number(/\/deliverables\/(\d+)/.exec(created.location ?? '')?.[1])
  expect((await actOnDeliverable(lab.id, id, { intent: 'submit' }, own)).status).toBe(302)
  return { lab, id, own }
}
const actOnDeliverable = (labId: number, deliverableId: number, fields: Record<string, string>, cookie = bureauCookie) =>
  outcome(() =>
    deliverableAction({
      request: formRequest(`/labs/${labId}/deliverables/${deliverableId}`, withVersion(deliverables, deliverableId, fields), cookie),
      params: params({ labId, deliverableId }),
      context: TEST_CONTEXT,
    }),
  )
const deliverablePage = async (labId: number, deliverableId: number, cookie = bureauCookie) =>
  (
    await outcome(() =>
      deliverableLoader({
        request: getRequest(`/labs/${labId}/deliverables/${deliverableId}`, cookie),
        params: params({ labId, deliverableId }),
        context: TEST_CONTEXT,
      }),
    )
  ).body as unknown as FilingPage & { deliverable: { grade: string | null } }

// An annual report of a new lab, started and (written around the models) submitted.
function submittedReport() {
  const lab = makeLab(db)
  const period = db.select().from(validityPeriods).where(eq(validityPeriods.labId, lab.id)).get()!
  const report = insertAnnualReport(db, {
    labId: lab.id,
    periodId: period.id,
    validityYear: 1,
    content: {},
    status: 'submitted',
    submittedAt: AT,
  })
  return { lab, report }
}
const actOnReport = (labId: number, reportId: number, fields: Record<string, string>) =>
  outcome(() =>
    reportAction({
      request: formRequest(`/labs/${labId}/reports/${reportId}`, withVersion(annualReports, reportId, fields), bureauCookie),
      params: params({ labId, reportId }),
      context: TEST_CONTEXT,
    }),
  )

describe('the default scale', () => {
  test('every database starts with 优秀, 良好, 合格, 不合格 in that order, all active, from the migration', () => {
    expect(allGrades()).toEqual(DEFAULT_GRADES.map((g, i) => ({ ...g, position: i + 1, active: true })))
    expect(
      db
        .select()
        .from(grades)
        .all()
        .every((g) => g.updatedBy === null && /^\d{4}-\d\d-\d\dT.*Z$/.test(g.updatedAt)),
    ).toBe(true)
  })

  test('the settings page lists them for the bureau', async () => {
    const { status, page } = await settingsPage()
    expect(status).toBe(200)
    expect(page.grades.map((g) => [g.code, g.labelZh, g.active, g.updatedBy])).toEqual([
      ['excellent', '优秀', true, null],
      ['good', '良好', true, null],
      ['pass', '合格', true, null],
      ['fail', '不合格', true, null],
    ])
  })

  test('a filing graded before the scale was configurable keeps its code and shows its label', async () => {
    const { lab, report } = submittedReport()
    db.update(annualReports).set({ status: 'accepted', grade: 'good' }).where(eq(annualReports.id, report.id)).run()
    const r = await outcome(() =>
      reportsLoader({
        request: getRequest(`/labs/${lab.id}/reports`, bureauCookie),
        params: params({ labId: lab.id }),
        context: TEST_CONTEXT,
      }),
    )
    const page = r.body as unknown as { grades: Grade[]; rows: { report: { grade: string | null } | null }[] }
    expect(page.rows[0].report?.grade).toBe('good')
    expect(gradeLabel(page.grades, 'good', 'zh')).toBe('良好')
    expect(gradeLabel(page.grades, 'good', 'en')).toBe('Good')
  })
})

describe('the bureau edits the scale', () => {
  test('adds 基本合格, renames it, moves it, deactivates 不合格: accepting with 不合格 is refused, with the new grade it works', async () => {
    // add: a fresh code, last in the scale
    expect(await change({ intent: 'addGrade', labelZh: ' 基本合格 ', labelEn: 'Basically passing' })).toMatchObject({
      status: 302,
      location: '/settings?grade=added#grades',
    })
    expect(scale().at(-1)).toEqual(['g5', '基本合格', 'Basically passing', true])

    // rename: the code stays
    expect(await change({ intent: 'renameGrade', code: 'g5', labelZh: '基本合格', labelEn: 'Basic pass' })).toMatchObject({
      status: 302,
      location: '/settings?grade=renamed#grades',
    })
    // move it above 不合格
    expect(await change({ intent: 'moveGradeUp', code: 'g5' })).toMatchObject({ status: 302, location: '/settings?grade=moved#grades' })
    // deactivate 不合格
    expect(await change({ intent: 'deactivateGrade', code: 'fail' })).toMatchObject({
      status: 302,
      location: '/settings?grade=deactivated#grades',
    })
    expect(scale()).toEqual([
      ['excellent', '优秀', 'Excellent', true],
      ['good', '良好', 'Good', true],
      ['pass', '合格', 'Pass', true],
      ['g5', '基本合格', 'Basic pass', true],
      ['fail', '不合格', 'Fail', false],
    ])
    expect(activeGrades().map((g) => g.code)).toEqual(['excellent', 'good', 'pass', 'g5'])
    // the page says who changed what
    expect((await settingsPage()).page.grades.find((g) => g.code === 'fail')).toMatchObject({
      active: false,
      updatedBy: 'chief 用户',
      updatedAt: AT,
    })

    // a deliverable: the accept form offers the active grades in order; 不合格 is refused now
    const { lab, id, own } = await submittedDeliverable()
    const before = await deliverablePage(lab.id, id)
    expect(before.grades.filter((g) => g.active).map((g) => g.code)).toEqual(['excellent', 'good', 'pass', 'g5'])
    const refused = await actOnDeliverable(lab.id, id, { intent: 'accept', grade: 'fail', comment: '同意。' })
    expect(refused.status).toBe(400)
    expect(errorsOf(refused).grade).toEqual({ key: 'form.invalidChoice' })
    expect(valuesOf(refused)).toMatchObject({ grade: 'fail', comment: '同意。' })
    expect(db.select().from(deliverables).where(eq(deliverables.id, id)).get()).toMatchObject({ status: 'submitted', grade: null })

    expect(await actOnDeliverable(lab.id, id, { intent: 'accept', grade: 'g5' })).toMatchObject({ status: 302 })
    expect(db.select().from(deliverables).where(eq(deliverables.id, id)).get()).toMatchObject({ status: 'accepted', grade: 'g5' })
    // the lab's page shows the stored labels in the reader's language
    const after = await deliverablePage(lab.id, id, own)
    expect(after.deliverable.grade).toBe('g5')
    expect(after.thread.at(-1)).toMatchObject({ action: 'accept', grade: 'g5' })
    expect(zh('deliverables.thread.grade', { grade: gradeLabel(after.grades, 'g5', 'zh') })).toBe('评定等级：基本合格')
    expect(en('deliverables.thread.grade', { grade: gradeLabel(after.grades, 'g5', 'en') })).toBe('Grade: Basic pass')

    // an annual report: same rule, and its pages (thread, header, print view) carry the scale
    const { lab: reportLab, report } = submittedReport()
    const noLonger = await actOnReport(reportLab.id, report.id, { intent: 'accept', grade: 'fail' })
    expect(noLonger.status).toBe(400)
    expect(errorsOf(noLonger).grade).toEqual({ key: 'form.invalidChoice' })
    expect(await actOnReport(reportLab.id, report.id, { intent: 'accept', grade: 'g5' })).toMatchObject({ status: 302 })
    expect(db.select().from(annualReports).where(eq(annualReports.id, report.id)).get()).toMatchObject({ status: 'accepted', grade: 'g5' })
    const thread = db
      .select()
      .from(filingEvents)
      .where(and(eq(filingEvents.filingKind, 'annual_report'), eq(filingEvents.filingId, report.id)))
      .all()
    expect(thread.at(-1)).toMatchObject({ action: 'accept', grade: 'g5' })
    const reportParams = params({ labId: reportLab.id, reportId: report.id })
    const reportPage = (
      await outcome(() =>
        reportLoader({
          request: getRequest(`/labs/${reportLab.id}/reports/${report.id}`, bureauCookie),
          params: reportParams,
          context: TEST_CONTEXT,
        }),
      )
    ).body as unknown as FilingPage
    const printPage = (
      await outcome(() =>
        printLoader({
          request: getRequest(`/labs/${reportLab.id}/reports/${report.id}/print`, bureauCookie),
          params: reportParams,
          context: TEST_CONTEXT,
        }),
      )
    ).body as unknown as FilingPage
    for (const page of [reportPage, printPage]) expect(gradeLabel(page.grades, 'g5', 'zh')).toBe('基本合格')
    // a deactivated grade keeps its label on filings that have it
    expect(gradeLabel(reportPage.grades, 'fail', 'zh')).toBe('不合格')
  })

  test('a reactivated grade can be given again', async () => {
    await change({ intent: 'deactivateGrade', code: 'fail' })
    const { lab, id } = await submittedDeliverable()
    expect((await actOnDeliverable(lab.id, id, { intent: 'accept', grade: 'fail' })).status).toBe(400)
    expect(await change({ intent: 'reactivateGrade', code: 'fail' })).toMatchObject({
      status: 302,
      location: '/settings?grade=reactivated#grades',
    })
    expect(activeGrades().map((g) => g.code)).toEqual(['excellent', 'good', 'pass', 'fail'])
    expect(await actOnDeliverable(lab.id, id, { intent: 'accept', grade: 'fail' })).toMatchObject({ status: 302 })
  })

  test('the last active grade cannot be deactivated', async () => {
    for (const code of ['excellent', 'good', 'pass']) expect((await change({ intent: 'deactivateGrade', code })).status).toBe(302)
    const r = await change({ intent: 'deactivateGrade', code: 'fail' })
    expect(r.status).toBe(400)
    expect(r.body).toMatchObject({ intent: 'deactivateGrade', code: 'fail', errors: { _form: { key: 'grades.error.lastActive' } } })
    expect(zh(errorsOf(r)._form.key)).toBe('至少要保留一个启用中的等级')
    expect(activeGrades().map((g) => g.code)).toEqual(['fail'])
    expect(gradeAudits()).toHaveLength(3)
  })

  test('bad names come back with localised messages and what was typed; nothing is written', async () => {
    const empty = await change({ intent: 'addGrade', labelZh: ' ', labelEn: 'x'.repeat(21) })
    expect(empty.status).toBe(400)
    expect(empty.body).toMatchObject({ intent: 'addGrade', values: { labelZh: ' ', labelEn: 'x'.repeat(21) } })
    expect(errorsOf(empty)).toEqual({ labelZh: { key: 'grades.error.labelRequired' }, labelEn: { key: 'form.tooLong', vars: { max: 20 } } })
    expect(zh(errorsOf(empty).labelZh.key)).toBe('请填写等级名称')
    expect(en(errorsOf(empty).labelEn.key, errorsOf(empty).labelEn.vars)).toBe('At most 20 characters')

    const taken = await change({ intent: 'renameGrade', code: 'good', labelZh: '优秀', labelEn: 'Good' })
    expect(taken.status).toBe(400)
    expect(taken.body).toMatchObject({ intent: 'renameGrade', code: 'good', values: { labelZh: '优秀', labelEn: 'Good' } })
    expect(errorsOf(taken)).toEqual({ labelZh: { key: 'grades.error.duplicate' } })
    expect(zh(errorsOf(taken).labelZh.key)).toBe('启用中的等级已有这个名称')

    await change({ intent: 'deactivateGrade', code: 'fail' })
    await change({ intent: 'addGrade', labelZh: '不合格', labelEn: 'Failed' })
    const clash = await change({ intent: 'reactivateGrade', code: 'fail' })
    expect(clash.status).toBe(400)
    expect(en(errorsOf(clash)._form.key, errorsOf(clash)._form.vars)).toBe(
      'An active grade has the same name; rename “Fail” before reactivating it',
    )
    expect(scale().find(([code]) => code === 'fail')).toEqual(['fail', '不合格', 'Fail', false])
    expect(gradeAudits().map((a) => a.entityId)).toEqual(['fail', 'g5'])
  })

  test('an unknown grade is not found, an unknown intent is refused, an unchanged rename writes nothing', async () => {
    expect((await change({ intent: 'deactivateGrade', code: 'nope' })).status).toBe(404)
    expect((await change({ intent: 'renameGrade', code: 'nope', labelZh: '甲', labelEn: 'A' })).status).toBe(404)
    const unknown = await change({ intent: 'deleteGrade', code: 'fail' })
    expect(unknown.status).toBe(400)
    expect(errorsOf(unknown)._form.key).toBe('form.invalidChoice')
    expect(await change({ intent: 'renameGrade', code: 'good', labelZh: '良好', labelEn: 'Good' })).toMatchObject({
      status: 302,
      location: '/settings?grade=unchanged#grades',
    })
    expect(await change({ intent: 'moveGradeUp', code: 'excellent' })).toMatchObject({ location: '/settings?grade=unchanged#grades' })
    expect(gradeAudits()).toEqual([])
    expect(scale()).toEqual(DEFAULT_GRADES.map((g) => [g.code, g.labelZh, g.labelEn, true]))
  })

  test('the rule settings form still saves without an intent', async () => {
    expect(await change({ expiryWindowDays: '60' })).toMatchObject({ status: 302, location: '/settings?saved=1' })
    expect(await change({ intent: 'settings', expiryWindowDays: '61' })).toMatchObject({ status: 302, location: '/settings?saved=1' })
  })
})

describe('who may edit the scale', () => {
  test.each(['district', 'lab', 'expert'] as const)('a %s user gets 404 from the page and from every change', async (role) => {
    const lab = makeLab(db)
    const cookie = signIn(
      await makeUser(db, { role, districtCode: role === 'district' ? '320508' : null, labId: role === 'lab' ? lab.id : null }),
    )
    expect((await settingsPage(cookie)).status).toBe(404)
    const changes: Record<string, string>[] = [
      { intent: 'addGrade', labelZh: '基本合格', labelEn: 'Basic pass' },
      { intent: 'renameGrade', code: 'good', labelZh: '良', labelEn: 'Fine' },
      { intent: 'moveGradeUp', code: 'good' },
      { intent: 'moveGradeDown', code: 'excellent' },
      { intent: 'deactivateGrade', code: 'fail' },
      { intent: 'reactivateGrade', code: 'fail' },
    ]
    for (const fields of changes) expect((await change(fields, cookie)).status).toBe(404)
    expect(scale()).toEqual(DEFAULT_GRADES.map((g) => [g.code, g.labelZh, g.labelEn, true]))
    expect(gradeAudits()).toEqual([])
  })
})

describe('the audit log', () => {
  test('records each change to a grade with who, before and after', async () => {
    await change({ intent: 'addGrade', labelZh: '基本合格', labelEn: 'Basic pass' })
    await change({ intent: 'renameGrade', code: 'g5', labelZh: '基本合格', labelEn: 'Satisfactory' })
    await change({ intent: 'moveGradeUp', code: 'g5' })
    await change({ intent: 'deactivateGrade', code: 'fail' })
    await change({ intent: 'reactivateGrade', code: 'fail' })
    const rows = gradeAudits()
    expect(rows.map((a) => [a.action, a.entityId])).toEqual([
      ['create', 'g5'],
      ['update', 'g5'],
      // a move swaps two positions: both grades are recorded
      ['update', 'g5'],
      ['update', 'fail'],
      ['update', 'fail'],
      ['update', 'fail'],
    ])
    expect(rows.every((a) => a.actorUserId === bureau.id && a.actorName === 'chief 用户' && a.ip === '127.0.0.1' && a.at === AT)).toBe(true)
    expect(rows[0]).toMatchObject({
      before: null,
      after: { code: 'g5', labelZh: '基本合格', labelEn: 'Basic pass', position: 5, active: true },
    })
    expect(rows[1]).toMatchObject({ before: { labelEn: 'Basic pass' }, after: { labelEn: 'Satisfactory' } })
    expect(rows[2]).toMatchObject({ before: { position: 5 }, after: { position: 4 } })
    expect(rows[3]).toMatchObject({ before: { position: 4 }, after: { position: 5 } })
    expect(rows[4]).toMatchObject({ before: { active: true }, after: { active: false } })
    expect(rows[5]).toMatchObject({ before: { active: false }, after: { active: true } })
  })
})
