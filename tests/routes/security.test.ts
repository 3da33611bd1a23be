import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import { labChecksOf } from '~/models/compliance.server'
import { action as reportAction } from '~/routes/labs.$labId.reports.$reportId'
import { action as reportsAction } from '~/routes/labs.$labId.reports._index'
import { action, loader } from '~/routes/labs.$labId.security'
import type { Db } from '~db/client.server'
import { annualReports, attachments, auditLog, drills, securityPlans, validityPeriods } from '~db/schema'
import {
  errorsOf,
  formRequest,
  getRequest,
  makeLab,
  outcome,
  setupTestDb,
  signInAs,
  signInChief,
  TEST_CONTEXT,
  TEST_ORIGIN,
  valuesOf,
  withVersion,
} from '../helpers'
import { pinClock } from '../clock'
import { insertDrill, insertIncident } from '~db/factories'

// Plans with their documents go through the real upload path, so the store needs a directory.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-security-'))
process.env.DATA_DIR = dataDir
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')
const PDF2 = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Lang (zh) >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')

// A lab of 姑苏区 certified on 2025-06-01: its year 1 ended on 2026-05-31. Today is 2026-06-10
// in Shanghai, so the year-1 report may be started, and with no drill since certification the
// drill check already warns (due 2026-06-01).
let db: Db
let labId: number
let lab: string
let bureau: string
let district: string

pinClock(new Date('2026-06-10T04:00:00Z'))
beforeEach(async () => {
  db = setupTestDb()
  labId = makeLab(db, { districtCode: '320508', startDate: '2025-06-01', teamSize: 15 }).id
  lab = await signInAs(db, { role: 'lab', labId })
  bureau = await signInChief(db)
  district = await signInAs(db, { role: 'district', districtCode: '320508' })
})

const PLAN = {
  intent: 'addPlan',
  version: 'V1.0',
  approvedOn: '2026-05-01',
  scope: '实验室全部数据资源及合作接口',
  responsiblePerson: '张三',
  contact24h: '13800000000',
  nextReviewOn: '',
}

type File = { name: string; bytes: Buffer }

function multipart(url: string, fields: Record<string, string>, files: File[], cookie: string) {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  for (const f of files) form.append('attachments', new File([new Uint8Array(f.bytes)], f.name))
  return new Request(new URL(url, TEST_ORIGIN), { method: 'POST', body: form, headers: { Origin: TEST_ORIGIN, Cookie: cookie } })
}

const url = (id = labId) => `/labs/${id}/security`
// what the page posts: a plan's or drill's form carries the row version the page shows
const versioned = (fields: Record<string, string>) =>
  'rowVersion' in fields
    ? fields
    : fields.planId && fields.intent !== 'removeAttachment'
      ? withVersion(securityPlans, Number(fields.planId), fields)
      : fields.drillId
        ? withVersion(drills, Number(fields.drillId), fields)
        : fields
const post = (plain: Record<string, string>, cookie: string, files?: File[], id = labId) => {
  const fields = versioned(plain)
  return outcome(() =>
    action({
      request: files ? multipart(url(id), fields, files, cookie) : formRequest(url(id), fields, cookie),
      params: { labId: String(id) },
      context: TEST_CONTEXT,
    }),
  )
}
const page = (cookie: string, id = labId) =>
  outcome(() => loader({ request: getRequest(url(id), cookie), params: { labId: String(id) }, context: TEST_CONTEXT }))
const addPlan = (fields: Record<string, string> = {}, files: File[] = [{ name: '应急预案V1.pdf', bytes: PDF }]) =>
  post({ ...PLAN, ...fields }, lab, files)

const check = (checkId: string) => labChecksOf({ labId, today: '2026-06-10' }).find((c) => c.checkId === checkId)!
const plans = () => db.select().from(securityPlans).where(eq(securityPlans.labId, labId)).all()
const planByVersion = (version: string) => plans().find((p) => p.version === version)!
const auditOf = (entityType: string) => db.select().from(auditLog).where(eq(auditLog.entityType, entityType)).all()
const stagedUploads = () => (fs.existsSync(path.join(dataDir, 'tmp')) ? fs.readdirSync(path.join(dataDir, 'tmp')) : [])

type PageBody = {
  planState: string
  currentPlanId: number | null
  plans: { id: number; version: string; acknowledgedByName: string | null; documents: { originalName: string }[] }[]
  drills: { id: number; heldOn: string; followUpClosedOn: string | null }[]
  canEdit: boolean
  canAcknowledge: boolean
}

describe('the emergency plan', () => {
  test('the lab adds V1 with its PDF: stored with the default review date, listed, audited, and the plan check turns ok', async () => {
    expect(check('security_plan')).toMatchObject({ result: 'failing', reasonKey: 'compliance.plan.missing' })
    const o = await addPlan()
    expect(o).toMatchObject({ status: 302, location: `/labs/${labId}/security?saved=addPlan` })
    const [plan] = plans()
    // approval + planReviewMonths (12)
    expect(plan).toMatchObject({
      version: 'V1.0',
      approvedOn: '2026-05-01',
      nextReviewOn: '2027-05-01',
      contact24h: '13800000000',
      acknowledgedAt: null,
    })
    expect(db.select().from(attachments).all()).toMatchObject([
      { ownerType: 'security_plan', ownerId: plan.id, labId, originalName: '应急预案V1.pdf' },
    ])
    expect(auditOf('security_plan')).toMatchObject([
      { action: 'create', entityId: String(plan.id), labId, before: null, after: expect.objectContaining({ version: 'V1.0' }) },
    ])
    expect(auditOf('attachment')).toHaveLength(1)
    expect(check('security_plan')).toMatchObject({ result: 'ok', reasonKey: 'compliance.plan.ok' })
    for (const cookie of [lab, district, bureau]) {
      const body = (await page(cookie)).body as unknown as PageBody
      expect(body.planState).toBe('ok')
      expect(body.currentPlanId).toBe(plan.id)
      expect(body.plans[0].documents.map((d) => d.originalName)).toEqual(['应急预案V1.pdf'])
    }
  })

  test('a next review later than approval + 12 months is refused with the latest allowed date; an earlier one is kept', async () => {
    const late = await addPlan({ nextReviewOn: '2027-05-02' })
    expect(late.status).toBe(400)
    expect(errorsOf(late).nextReviewOn).toEqual({ key: 'security.error.reviewTooLate', vars: { max: '2027-05-01', months: 12 } })
    expect(valuesOf(late)).toMatchObject({ version: 'V1.0', scope: PLAN.scope, nextReviewOn: '2027-05-02' })
    expect(plans()).toHaveLength(0)
    expect(db.select().from(attachments).all()).toHaveLength(0)
    expect(stagedUploads()).toEqual([])
    expect((await addPlan({ nextReviewOn: '2026-11-01' })).status).toBe(302)
    expect(planByVersion('V1.0').nextReviewOn).toBe('2026-11-01')
  })

  test('a new version without its document is refused', async () => {
    const o = await addPlan({}, [])
    expect(o.status).toBe(400)
    expect(errorsOf(o).attachments?.key).toBe('security.error.documentRequired')
    expect(plans()).toHaveLength(0)
  })

  test.each([
    [{ approvedOn: '2026-06-11' }, 'approvedOn', 'security.error.future'],
    [{ approvedOn: '2026-02-30' }, 'approvedOn', 'form.invalidDate'],
    [{ nextReviewOn: '2026-05-01' }, 'nextReviewOn', 'security.error.reviewNotAfterApproval'],
    [{ contact24h: '联系张三' }, 'contact24h', 'form.invalidPhone'],
    [{ version: '  ' }, 'version', 'form.required'],
    [{ scope: '' }, 'scope', 'form.required'],
    [{ responsiblePerson: '张'.repeat(51) }, 'responsiblePerson', 'form.tooLong'],
  ])('bad input %o is refused on %s with %s, nothing stored', async (override, field, key) => {
    const o = await addPlan(override)
    expect(o.status).toBe(400)
    expect(errorsOf(o)[field]?.key).toBe(key)
    expect(plans()).toHaveLength(0)
    expect(db.select().from(attachments).all()).toHaveLength(0)
  })

  test('a version label is used once per lab', async () => {
    expect((await addPlan()).status).toBe(302)
    const again = await addPlan({ approvedOn: '2026-06-01' })
    expect(again.status).toBe(400)
    expect(errorsOf(again).version?.key).toBe('security.error.versionTaken')
    expect(plans()).toHaveLength(1)
  })

  test('the lab corrects a version until the bureau acknowledges it; then it is locked, and the bureau’s name and time are kept', async () => {
    await addPlan()
    const v1 = planByVersion('V1.0')
    const fixed = await post(
      { ...PLAN, intent: 'updatePlan', planId: String(v1.id), responsiblePerson: '李四', nextReviewOn: '2027-04-30' },
      lab,
    )
    expect(fixed.status).toBe(302)
    expect(planByVersion('V1.0')).toMatchObject({ responsiblePerson: '李四', nextReviewOn: '2027-04-30' })

    expect((await post({ intent: 'acknowledge', planId: String(v1.id) }, lab)).status).toBe(403)
    expect((await post({ intent: 'acknowledge', planId: String(v1.id) }, district)).status).toBe(403)
    expect(await post({ intent: 'acknowledge', planId: String(v1.id) }, bureau)).toMatchObject({
      status: 302,
      location: `/labs/${labId}/security?saved=acknowledge`,
    })
    const acknowledged = planByVersion('V1.0')
    expect(acknowledged.acknowledgedAt).toBe('2026-06-10T04:00:00.000Z')
    expect(acknowledged.acknowledgedBy).not.toBeNull()
    expect(((await page(lab)).body as unknown as PageBody).plans[0].acknowledgedByName).toBe('chief 用户')
    expect(auditOf('security_plan').map((a) => a.action)).toEqual(['create', 'update', 'acknowledge'])

    // acknowledged since the lab's page loaded: the page was stale, 409 as for every reviewed thing
    const locked = await post({ ...PLAN, intent: 'updatePlan', planId: String(v1.id), responsiblePerson: '王五' }, lab)
    expect(locked.status).toBe(409)
    expect(errorsOf(locked)._form?.key).toBe('security.error.acknowledged')
    expect(planByVersion('V1.0').responsiblePerson).toBe('李四')
    const twice = await post({ intent: 'acknowledge', planId: String(v1.id) }, bureau)
    expect(twice.status).toBe(409)
    expect(errorsOf(twice)._form?.key).toBe('security.error.alreadyAcknowledged')
    expect(auditOf('security_plan')).toHaveLength(3)
  })

  test('the current version is the latest by approval date; earlier versions stay listed', async () => {
    await addPlan({ version: 'V2.0', approvedOn: '2026-05-01' })
    await addPlan({ version: 'V1.0', approvedOn: '2025-06-15' }, [{ name: '旧版预案.pdf', bytes: PDF2 }])
    const body = (await page(district)).body as unknown as PageBody
    expect(body.plans.map((p) => p.version)).toEqual(['V2.0', 'V1.0'])
    expect(body.currentPlanId).toBe(planByVersion('V2.0').id)
    expect(body.plans[1].documents.map((d) => d.originalName)).toEqual(['旧版预案.pdf'])
    expect(body).toMatchObject({ canEdit: false, canAcknowledge: false })
  })

  test('documents: more can be added with a correction; one can be removed but not the last, and none once acknowledged', async () => {
    await addPlan({}, [{ name: 'a.pdf', bytes: PDF }])
    const v1 = planByVersion('V1.0')
    expect((await post({ ...PLAN, intent: 'updatePlan', planId: String(v1.id) }, lab, [{ name: 'b.pdf', bytes: PDF2 }])).status).toBe(302)
    const [a, b] = db.select().from(attachments).all()
    expect([a.originalName, b.originalName]).toEqual(['a.pdf', 'b.pdf'])
    expect((await post({ intent: 'removeAttachment', attachmentId: String(a.id) }, bureau)).status).toBe(403)
    expect((await post({ intent: 'removeAttachment', attachmentId: String(a.id) }, lab)).status).toBe(302)
    const last = await post({ intent: 'removeAttachment', attachmentId: String(b.id) }, lab)
    expect(errorsOf(last)._form?.key).toBe('security.error.lastDocument')
    expect(
      db
        .select()
        .from(attachments)
        .all()
        .map((r) => r.originalName),
    ).toEqual(['b.pdf'])
  })

  test('out of scope is not found; reading roles may not write', async () => {
    const other = makeLab(db, { districtCode: '320506', startDate: '2025-06-01' })
    const otherLab = await signInAs(db, { role: 'lab', labId: other.id })
    const wuzhong = await signInAs(db, { role: 'district', districtCode: '320506' })
    await addPlan()
    const v1 = planByVersion('V1.0')
    expect((await page(otherLab)).status).toBe(404)
    expect((await page(wuzhong)).status).toBe(404)
    expect((await post(PLAN, otherLab, [{ name: 'x.pdf', bytes: PDF }])).status).toBe(404)
    expect((await post({ intent: 'acknowledge', planId: String(v1.id) }, wuzhong)).status).toBe(404)
    const expert = await signInAs(db, { role: 'expert' })
    expect((await page(expert)).status).toBe(404)
    expect((await post({ intent: 'acknowledge', planId: String(v1.id) }, expert)).status).toBe(404)
    const [document] = db.select().from(attachments).all()
    expect((await post({ intent: 'removeAttachment', attachmentId: String(document.id) }, wuzhong)).status).toBe(404)
    expect((await post({ ...PLAN, version: 'V9' }, district, [{ name: 'x.pdf', bytes: PDF }])).status).toBe(403)
    expect((await post({ ...PLAN, version: 'V9' }, bureau, [{ name: 'x.pdf', bytes: PDF }])).status).toBe(403)
    // another lab's plan through this lab's URL, and this lab's plan through the other's
    expect((await post({ ...PLAN, intent: 'updatePlan', planId: String(v1.id) }, otherLab, undefined, other.id)).status).toBe(404)
    expect((await post({ intent: 'acknowledge', planId: String(v1.id) }, bureau, undefined, other.id)).status).toBe(404)
    expect(plans()).toHaveLength(1)
    expect(planByVersion('V1.0').acknowledgedAt).toBeNull()
    expect(stagedUploads()).toEqual([])
    expect(db.select().from(attachments).all()).toHaveLength(1)
  })

  test('the bureau, let in to acknowledge, and the district may not correct a plan or its documents; the lab may not acknowledge', async () => {
    await addPlan({}, [
      { name: 'a.pdf', bytes: PDF },
      { name: 'b.pdf', bytes: PDF2 },
    ])
    const v1 = planByVersion('V1.0')
    const [a] = db.select().from(attachments).all()
    const other = makeLab(db, { districtCode: '320508', startDate: '2025-06-01' })
    const otherLab = await signInAs(db, { role: 'lab', labId: other.id })
    for (const cookie of [bureau, district]) {
      expect((await post({ ...PLAN, intent: 'updatePlan', planId: String(v1.id), responsiblePerson: '王五' }, cookie)).status).toBe(403)
      expect((await post({ intent: 'removeAttachment', attachmentId: String(a.id) }, cookie)).status).toBe(403)
    }
    expect((await post({ intent: 'acknowledge', planId: String(v1.id) }, lab)).status).toBe(403)
    // this lab's document through another lab's URL
    expect((await post({ intent: 'removeAttachment', attachmentId: String(a.id) }, otherLab, undefined, other.id)).status).toBe(404)
    expect(planByVersion('V1.0')).toMatchObject({ responsiblePerson: PLAN.responsiblePerson, acknowledgedAt: null })
    expect(db.select().from(attachments).all()).toHaveLength(2)
    expect(auditOf('security_plan').map((a) => a.action)).toEqual(['create'])
  })
})

describe('drills', () => {
  const DRILL = {
    intent: 'addDrill',
    heldOn: '2026-06-05',
    scenario: '数据库遭勒索软件加密',
    participants: '实验室成员 12 人',
    findings: '通讯录未更新',
    followUp: '更新通讯录',
    followUpClosedOn: '',
  }
  const drillRows = () => db.select().from(drills).where(eq(drills.labId, labId)).all()

  test('a drill recorded turns the drill check ok; the lab edits it and closes its follow-up; each step audited', async () => {
    expect(check('drill')).toMatchObject({ result: 'failing', reasonKey: 'compliance.drill.none' })
    expect(await post(DRILL, lab)).toMatchObject({ status: 302, location: `/labs/${labId}/security?saved=addDrill#drills` })
    const [drill] = drillRows()
    expect(drill).toMatchObject({ heldOn: '2026-06-05', followUp: '更新通讯录', followUpClosedOn: null })
    expect(check('drill')).toMatchObject({ result: 'ok', reasonKey: 'compliance.drill.ok' })

    const edited = await post({ ...DRILL, intent: 'updateDrill', drillId: String(drill.id), findings: '通讯录未更新；备份恢复超时' }, lab)
    expect(edited.status).toBe(302)
    expect(drillRows()[0].findings).toBe('通讯录未更新；备份恢复超时')

    const early = await post({ intent: 'closeFollowUp', drillId: String(drill.id), followUpClosedOn: '2026-06-04' }, lab)
    expect(early.status).toBe(400)
    expect(errorsOf(early).followUpClosedOn).toEqual({ key: 'security.error.closedBeforeDrill', vars: { heldOn: '2026-06-05' } })
    expect(await post({ intent: 'closeFollowUp', drillId: String(drill.id), followUpClosedOn: '2026-06-09' }, lab)).toMatchObject({
      status: 302,
    })
    expect(drillRows()[0].followUpClosedOn).toBe('2026-06-09')
    const again = await post({ intent: 'closeFollowUp', drillId: String(drill.id), followUpClosedOn: '2026-06-10' }, lab)
    expect(errorsOf(again)._form).toEqual({ key: 'security.error.alreadyClosed', vars: { date: '2026-06-09' } })

    const audit = auditOf('drill')
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'close_follow_up'])
    expect(audit[2]).toMatchObject({
      labId,
      entityId: String(drill.id),
      before: expect.objectContaining({ followUpClosedOn: null }),
      after: expect.objectContaining({ followUpClosedOn: '2026-06-09' }),
    })
    for (const cookie of [district, bureau])
      expect(((await page(cookie)).body as unknown as PageBody).drills.map((d) => d.followUpClosedOn)).toEqual(['2026-06-09'])
  })

  test.each([
    [{ heldOn: '2026-06-11' }, 'heldOn', 'security.error.future'],
    [{ heldOn: '' }, 'heldOn', 'form.required'],
    [{ scenario: '' }, 'scenario', 'form.required'],
    [{ participants: '' }, 'participants', 'form.required'],
    [{ followUp: '', followUpClosedOn: '2026-06-06' }, 'followUpClosedOn', 'security.error.nothingToClose'],
    [{ followUpClosedOn: '2026-06-01' }, 'followUpClosedOn', 'security.error.closedBeforeDrill'],
  ])('a drill with %o is refused on %s with %s, values kept', async (override, field, key) => {
    const o = await post({ ...DRILL, ...override }, lab)
    expect(o.status).toBe(400)
    expect(errorsOf(o)[field]?.key).toBe(key)
    expect(valuesOf(o).scenario).toBe((override as Record<string, string>).scenario ?? DRILL.scenario)
    expect(drillRows()).toHaveLength(0)
  })

  test('the bureau and the district read drills but do not record them; another lab’s drill is not found here', async () => {
    expect((await post(DRILL, district)).status).toBe(403)
    expect((await post(DRILL, bureau)).status).toBe(403)
    expect(drillRows()).toHaveLength(0)
    const other = makeLab(db, { districtCode: '320508', startDate: '2025-06-01' })
    const foreign = insertDrill(db, { labId: other.id, heldOn: '2026-01-01', scenario: '断电', participants: '5 人', followUp: '整改' })
    expect((await post({ ...DRILL, intent: 'updateDrill', drillId: String(foreign.id) }, lab)).status).toBe(404)
    expect((await post({ intent: 'closeFollowUp', drillId: String(foreign.id), followUpClosedOn: '2026-06-01' }, lab)).status).toBe(404)
    expect(db.select().from(drills).where(eq(drills.id, foreign.id)).get()!.followUpClosedOn).toBeNull()
  })

  test('the bureau and the district may not correct a drill nor close its follow-up (403); nothing changes', async () => {
    expect((await post(DRILL, lab)).status).toBe(302)
    const [drill] = drillRows()
    for (const cookie of [bureau, district]) {
      expect((await post({ ...DRILL, intent: 'updateDrill', drillId: String(drill.id), findings: '改写' }, cookie)).status).toBe(403)
      expect((await post({ intent: 'closeFollowUp', drillId: String(drill.id), followUpClosedOn: '2026-06-09' }, cookie)).status).toBe(403)
    }
    expect(drillRows()).toEqual([expect.objectContaining({ findings: DRILL.findings, followUpClosedOn: null })])
    expect(auditOf('drill').map((a) => a.action)).toEqual(['create'])
  })

  test('another lab, another district and an expert get 404 for every drill intent on this lab; nothing changes', async () => {
    expect((await post(DRILL, lab)).status).toBe(302)
    const [drill] = drillRows()
    const other = makeLab(db, { districtCode: '320506', startDate: '2025-06-01' })
    const otherLab = await signInAs(db, { role: 'lab', labId: other.id })
    const wuzhong = await signInAs(db, { role: 'district', districtCode: '320506' })
    const expert = await signInAs(db, { role: 'expert' })
    for (const cookie of [otherLab, wuzhong, expert]) {
      expect((await page(cookie)).status).toBe(404)
      expect((await post(DRILL, cookie)).status).toBe(404)
      expect((await post({ ...DRILL, intent: 'updateDrill', drillId: String(drill.id), findings: '改写' }, cookie)).status).toBe(404)
      const close = { intent: 'closeFollowUp', drillId: String(drill.id), followUpClosedOn: '2026-06-09' }
      expect((await post(close, cookie)).status).toBe(404)
    }
    // this lab's drill through the other lab's URL, by the other lab's own user
    const close = { intent: 'closeFollowUp', drillId: String(drill.id), followUpClosedOn: '2026-06-09' }
    expect((await post(close, otherLab, undefined, other.id)).status).toBe(404)
    expect(drillRows()).toEqual([expect.objectContaining({ findings: DRILL.findings, followUpClosedOn: null })])
    expect(auditOf('drill').map((a) => a.action)).toEqual(['create'])
  })
})

describe('the annual report’s security section', () => {
  test('a report started after drills are recorded opens with the year’s plan, drills and incidents; the lab may rewrite it', async () => {
    await addPlan({ approvedOn: '2025-07-01', version: 'V1.0' })
    await post({ intent: 'acknowledge', planId: String(planByVersion('V1.0').id) }, bureau)
    await post(
      {
        intent: 'addDrill',
        heldOn: '2025-10-10',
        scenario: '云存储桶误设为公开访问',
        participants: '12 人',
        findings: '',
        followUp: '权限巡检',
        followUpClosedOn: '2025-10-30',
      },
      lab,
    )
    // after the year (2026-05-31): not in year 1's summary
    await post(
      {
        intent: 'addDrill',
        heldOn: '2026-06-05',
        scenario: '断电演练',
        participants: '8 人',
        findings: '',
        followUp: '',
        followUpClosedOn: '',
      },
      lab,
    )
    insertIncident(db, {
      labId,
      grade: 'IV',
      title: '接口限流失效',
      discoveredAt: '2026-01-05T02:00:00.000Z',
      reportDeadline: '2026-01-06T02:00:00.000Z',
      description: '—',
      status: 'closed',
    })

    const periodId = db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).get()!.id
    const started = await outcome(() =>
      reportsAction({
        request: formRequest(`/labs/${labId}/reports?index`, { intent: 'start', periodId: String(periodId), validityYear: '1' }, lab),
        params: { labId: String(labId) },
        context: TEST_CONTEXT,
      }),
    )
    expect(started.status).toBe(302)
    const report = db
      .select()
      .from(annualReports)
      .where(and(eq(annualReports.labId, labId), eq(annualReports.validityYear, 1)))
      .get()!
    const security = (report.content as { security: string }).security
    expect(security.split('\n')).toEqual([
      '应急预案：年度末现行版本为 V1.0（2025-07-01 批准，已经市大数据局确认），下次复审日期 2026-07-01。',
      '本年度批准的预案版本：V1.0（2025-07-01）。',
      '应急演练：本年度开展 1 次。',
      '1. 2025-10-10，场景“云存储桶误设为公开访问”，参与人员：12 人；整改措施：权限巡检；已于 2025-10-30 完成整改',
      '数据安全事件：本年度发现 1 起。',
      '1. 2026-01-05 一般（IV级）：接口限流失效（已结案）',
    ])

    const saved = await outcome(() =>
      reportAction({
        request: formRequest(
          `/labs/${labId}/reports/${report.id}`,
          withVersion(annualReports, report.id, { intent: 'save', security: '按预案开展演练一次，无重大事件。' }),
          lab,
        ),
        params: { labId: String(labId), reportId: String(report.id) },
        context: TEST_CONTEXT,
      }),
    )
    expect(saved.status).toBe(302)
    expect((db.select().from(annualReports).where(eq(annualReports.id, report.id)).get()!.content as { security: string }).security).toBe(
      '按预案开展演练一次，无重大事件。',
    )
  })
})
