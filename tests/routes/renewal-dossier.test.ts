import ExcelJS from 'exceljs'
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { Outlet, type RouteObject } from 'react-router-dom'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import type { RenewalDossier } from '~/domain/renewal-dossier'
import { findRenewal } from '~/models/renewal-access.server'
import { renewalDossier } from '~/models/renewal-dossier.server'
import PrintPage, { loader as printLoader } from '~/routes/labs.$labId.renewals.$renewalId_.dossier'
import { loader as xlsxLoader } from '~/routes/labs.$labId.renewals.$renewalId_.dossier[.xlsx]'
import { loader as docxLoader } from '~/routes/labs.$labId.renewals.$renewalId_.dossier[.docx]'
import type { Db } from '~db/client.server'
import {
  annualReports,
  complianceHistory,
  deliverables,
  drills,
  labChecks,
  renewals,
  type resourceRequests,
  reviewAssignments,
  securityPlans,
  validityPeriods,
} from '~db/schema'
import { getRequest, makeLab, makeOrg, makeUser, outcome, setupTestDb, signIn, signInAs, statusOf, TEST_CONTEXT } from '../helpers'
import { pinClock } from '../clock'
import { headingsOf, readDocx, tableRows } from '../docx'
import { insertDeliverable, insertIncident, insertRenewal, insertRequest, insertTeamMember, insertViolation } from '~db/factories'

// A lab of 姑苏区 certified on 2024-03-15: year 1 2024-03-15..2025-03-14, year 2
// 2025-03-15..2026-03-14. Today is 2026-02-10 in Shanghai, inside the renewal window, and the
// lab has applied.
const TODAY = '2026-02-10'
let db: Db
let labId: number
let periodId: number
let renewalId: number
let hostOrgId: number
const users: Record<string, string> = {}
const ids: Record<string, number> = {}

const at = (day: string, time = '02:00:00') => `${day}T${time}.000Z`

function fileRecords() {
  const filed = { submittedAt: at('2025-01-01'), decidedAt: at('2025-01-10') }
  const deliverable = (over: Partial<typeof deliverables.$inferInsert> & { title: string; completedOn: string }) =>
    insertDeliverable(db, { labId, type: 'project', forms: ['data', 'algorithm'], status: 'accepted', grade: 'good', ...filed, ...over })
  // year 1: a first version superseded by its accepted revision, and a case transferred for 12.5 万元
  const v1 = deliverable({ title: '城市数据治理平台', completedOn: '2024-06-01', status: 'superseded' })
  deliverable({ title: '城市数据治理平台（修订）', completedOn: '2024-06-01', rootId: v1.id, version: 2 })
  db.update(deliverables).set({ rootId: v1.id }).where(eq(deliverables.id, v1.id)).run()
  deliverable({
    title: '交通算法案例',
    type: 'case',
    completedOn: '2025-03-14',
    transferStatus: 'transferred',
    transferPartner: '某公司',
    transferValueYuan: 125_000,
  })
  // year 2: one accepted, one still under review; a draft and one before the period never count
  deliverable({ title: '公共信用数据集', completedOn: '2025-03-15', grade: 'excellent' })
  deliverable({ title: '在审报告', type: 'report', completedOn: '2025-10-01', status: 'submitted', grade: null, decidedAt: null })
  deliverable({ title: '草稿成果', completedOn: '2025-11-01', status: 'draft', grade: null })
  deliverable({ title: '认定前成果', completedOn: '2024-03-01' })

  const snapshot = (names: string[]) => ({
    takenOn: '2025-04-01',
    members: names.map((name, i) => ({ id: 1000 + i, name, titleLevel: 'senior', degree: 'doctorate', role: 'researcher', active: true })),
  })
  db.insert(annualReports)
    .values([
      {
        labId,
        periodId,
        validityYear: 1,
        content: {},
        rosterSnapshot: snapshot(['旧成员甲']),
        status: 'accepted',
        grade: 'pass',
        submittedAt: at('2025-04-01'),
        decidedAt: at('2025-04-20'),
      },
      { labId, periodId, validityYear: 2, content: {}, status: 'submitted', submittedAt: at('2026-01-20') },
    ])
    .run()

  db.insert(securityPlans)
    .values([
      {
        labId,
        version: 'V1.0',
        approvedOn: '2024-04-01',
        scope: '全部',
        responsiblePerson: '张三',
        contact24h: '1',
        nextReviewOn: '2025-04-01',
        acknowledgedAt: at('2024-04-03'),
      },
      {
        labId,
        version: 'V2.0',
        approvedOn: '2025-03-20',
        scope: '全部',
        responsiblePerson: '张三',
        contact24h: '1',
        nextReviewOn: '2026-03-20',
        acknowledgedAt: at('2025-03-25'),
      },
    ])
    .run()
  db.insert(drills)
    .values([
      {
        labId,
        heldOn: '2024-09-01',
        scenario: '勒索软件',
        participants: '全体',
        findings: '备份恢复慢',
        followUp: '优化备份',
        followUpClosedOn: '2024-10-01',
      },
      { labId, heldOn: '2023-09-01', scenario: '认定前演练', participants: '全体' },
    ])
    .run()
  const incident = (title: string, grade: 'II' | 'IV', discoveredAt: string, reportedAt: string | null, hours: number) =>
    insertIncident(db, {
      labId,
      grade,
      title,
      discoveredAt,
      reportedAt,
      reportDeadline: new Date(Date.parse(discoveredAt) + hours * 3_600_000).toISOString(),
      description: '说明',
      status: 'closed',
    })
  incident('接口数据泄露', 'II', at('2025-05-01'), at('2025-05-01', '05:00:00'), 1) // three hours for one: late
  incident('误删日志', 'IV', at('2025-08-01'), at('2025-08-01', '03:00:00'), 24)
  incident('认定前事件', 'IV', at('2024-03-14', '10:00:00'), null, 24) // 2024-03-14 18:00 in Shanghai: before the period

  const request = (over: Partial<typeof resourceRequests.$inferInsert> & { title: string }) =>
    insertRequest(db, {
      labId,
      type: 'computing',
      description: '说明',
      quantity: 100,
      unit: 'gpu_hours',
      neededBy: '2025-12-31',
      justification: '理由',
      status: 'approved',
      submittedOn: '2025-06-01',
      decidedOn: '2025-06-10',
      decidedInTime: true,
      ...over,
    })
  request({ title: '模型训练算力' })
  request({
    title: '第二批算力',
    status: 'partly_approved',
    grantedQuantity: 40,
    submittedOn: '2025-07-01',
    decidedOn: '2025-07-30',
    decidedInTime: false,
  })
  request({ title: '场景开放申请', type: 'scenario', unit: 'scenarios', quantity: 2, status: 'rejected', submittedOn: '2025-08-01' })
  request({ title: '草稿申请', status: 'draft', submittedOn: null, decidedOn: null, decidedInTime: null })

  insertViolation(db, { orgId: hostOrgId, category: 'credit', occurredOn: '2023-06-01', source: '信用中国', description: '逾期' })

  db.insert(complianceHistory)
    .values([
      { month: '2024-03', labId, severity: 0, failing: 0, warnings: 0 },
      { month: '2025-05', labId, severity: 2, failing: 1, warnings: 0 },
      { month: '2026-01', labId, severity: 1, failing: 0, warnings: 2 },
    ])
    .run()
  const check = { labId, subject: '', reasonParams: {}, fixPath: '/', evaluatedOn: TODAY }
  db.insert(labChecks)
    .values([
      { ...check, checkId: 'team_qualified', result: 'failing', severity: 2, reasonKey: 'compliance.result.failing', owner: 'lab' },
      { ...check, checkId: 'team_size', result: 'ok', severity: 0, reasonKey: 'compliance.result.ok', owner: 'lab' },
      { ...check, checkId: 'request_deadline', result: 'failing', severity: 2, reasonKey: 'compliance.result.failing', owner: 'bureau' },
    ])
    .run()
}

pinClock(new Date(`${TODAY}T02:00:00Z`))
beforeEach(async () => {
  db = setupTestDb()
  hostOrgId = makeOrg(db, { name: '苏州某科技有限公司' }).id
  const partner = makeOrg(db, { name: '苏州大学某学院' }).id
  const lab = makeLab(db, {
    districtCode: '320508',
    name: '城市数据实验室',
    startDate: '2024-03-15',
    hostOrgId,
    partnerOrgIds: [partner],
    teamSize: 15,
  })
  labId = lab.id
  periodId = db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).get()!.id
  renewalId = insertRenewal(db, {
    labId,
    periodId,
    status: 'submitted',
    summary: '两年来完成了三项成果。',
    planTargets: '建设城市数据底座',
    submittedAt: at('2026-01-25'),
  }).id
  const other = makeLab(db, { districtCode: '320583', startDate: '2024-03-15' })
  ids.otherLab = other.id

  users.bureau = await signInAs(db, { role: 'bureau' })
  users.district = await signInAs(db, { role: 'district', districtCode: '320508' })
  users.otherDistrict = await signInAs(db, { role: 'district', districtCode: '320583' })
  users.lab = await signInAs(db, { role: 'lab', labId })
  users.otherLab = await signInAs(db, { role: 'lab', labId: other.id })
  const assigned = await makeUser(db, { role: 'expert' })
  const conflicted = await makeUser(db, { role: 'expert' })
  users.expert = signIn(assigned)
  users.conflicted = signIn(conflicted)
  users.unassigned = await signInAs(db, { role: 'expert' })
  db.insert(reviewAssignments)
    .values([
      { renewalId, expertId: assigned.id, status: 'assigned', assignedAt: at('2026-02-01') },
      { renewalId, expertId: conflicted.id, status: 'conflict', conflictNote: '曾参与该实验室建设', assignedAt: at('2026-02-01') },
    ])
    .run()
  fileRecords()
})

const params = (lab = labId, renewal = renewalId) => ({ labId: String(lab), renewalId: String(renewal) })
const print = (cookie: string, lab = labId, renewal = renewalId) =>
  printLoader({
    request: getRequest(`/labs/${lab}/renewals/${renewal}/dossier`, cookie),
    params: params(lab, renewal),
    context: TEST_CONTEXT,
  })
const xlsx = (cookie: string, lab = labId, renewal = renewalId) =>
  xlsxLoader({
    request: getRequest(`/labs/${lab}/renewals/${renewal}/dossier.xlsx`, cookie),
    params: params(lab, renewal),
    context: TEST_CONTEXT,
  })

const docx = (cookie: string, lab = labId, renewal = renewalId) =>
  docxLoader({
    request: getRequest(`/labs/${lab}/renewals/${renewal}/dossier.docx`, cookie),
    params: params(lab, renewal),
    context: TEST_CONTEXT,
  }) as Promise<Response>

function compile(): RenewalDossier {
  return renewalDossier({ labId, periodId, today: TODAY })!
}

describe('the dossier compiled for a period', () => {
  test('holds the lab, its host and partners, and the period', () => {
    const d = compile()
    expect(d.lab).toMatchObject({
      name: '城市数据实验室',
      hostName: '苏州某科技有限公司',
      partners: ['苏州大学某学院'],
      districtCode: '320508',
    })
    expect(d.period).toMatchObject({ startDate: '2024-03-15', endDate: '2026-03-14', outcome: null })
    expect(d.compiledOn).toBe(TODAY)
  })

  test('puts each deliverable in the year of its completion, once, leaving out drafts and work before the period', () => {
    const d = compile()
    expect(d.years.map((y) => y.deliverables.map((x) => x.title))).toEqual([
      ['城市数据治理平台（修订）', '交通算法案例'],
      ['公共信用数据集', '在审报告'],
    ])
    expect(d.years[0].deliverables[1]).toMatchObject({
      type: 'case',
      transferStatus: 'transferred',
      transferValueYuan: 125_000,
      grade: 'good',
    })
    expect(d.summary.deliverablesPerYear).toEqual([2, 1])
  })

  test('has each year’s annual report with its grade and dates', () => {
    const d = compile()
    expect(d.years.map((y) => y.report && [y.report.status, y.report.grade, y.report.submittedOn, y.report.decidedOn])).toEqual([
      ['accepted', 'pass', '2025-04-01', '2025-04-20'],
      ['submitted', null, '2026-01-20', null],
    ])
    expect([d.summary.reportsAccepted, d.summary.reportsExpected]).toEqual([1, 2])
  })

  test('measures the team now against the thresholds, with changes since the year-1 snapshot', () => {
    insertTeamMember(db, { labId, name: '离职成员', titleLevel: 'senior', degree: 'doctorate', role: 'researcher', active: false })
    const d = compile()
    expect(d.team).toMatchObject({ headcount: 15, qualifiedCount: 3, meetsHeadcount: true, meetsQualified: true })
    expect(d.team.changes?.since).toBe('2025-04-01')
    expect(d.team.changes?.left).toEqual(['旧成员甲'])
    expect(d.team.changes?.joined).toHaveLength(15)
  })

  test('lists security plans, the period’s drills and incidents, late or not', () => {
    const d = compile()
    expect(d.security.plans.map((p) => [p.version, p.acknowledgedOn])).toEqual([
      ['V2.0', '2025-03-25'],
      ['V1.0', '2024-04-03'],
    ])
    expect(d.security.planInForce?.version).toBe('V2.0')
    expect(d.summary.planCurrent).toBe(true)
    expect(d.security.drills.map((x) => x.heldOn)).toEqual(['2024-09-01'])
    expect(d.security.incidents.map((i) => [i.title, i.grade, i.late])).toEqual([
      ['接口数据泄露', 'II', true],
      ['误删日志', 'IV', false],
    ])
    expect(d.summary).toMatchObject({ incidents: 2, seriousIncidents: 1, lateIncidents: 1 })
  })

  test('lists the period’s requests with what was granted, totalled per type and unit', () => {
    const d = compile()
    expect(d.requests.rows.map((r) => [r.title, r.granted, r.decidedInTime])).toEqual([
      ['模型训练算力', 100, true],
      ['第二批算力', 40, false],
      ['场景开放申请', null, true],
    ])
    expect(d.requests.granted).toEqual([{ type: 'computing', unit: 'gpu_hours', requests: 2, granted: 140 }])
    expect(d.summary).toMatchObject({ requests: 3, requestsDecided: 3, requestsDecidedInTime: 2 })
  })

  test('has the eligibility record, each month’s worst result and today’s open checks of the lab', () => {
    const d = compile()
    expect(d.violations).toMatchObject([{ subject: 'host', category: 'credit', clearsOn: '2026-06-01', counting: true }])
    expect(d.compliance.months).toHaveLength(24) // 2024-03 .. 2026-02
    expect(d.compliance.months.filter((m) => m.severity !== null).map((m) => [m.month, m.severity])).toEqual([
      ['2024-03', 0],
      ['2025-05', 2],
      ['2026-01', 1],
    ])
    // the bureau's own overdue decision is not the lab's record, and ok checks are no finding
    expect(d.compliance.checks.map((c) => c.checkId)).toEqual(['team_qualified'])
    expect(d.summary).toMatchObject({ monthsOk: 1, monthsFailing: 1, monthsWarning: 1, monthsUnrecorded: 21, checksFailing: 1 })
  })

  test('another lab’s period compiles nothing', () => {
    expect(renewalDossier({ labId: ids.otherLab, periodId, today: TODAY })).toBeNull()
  })
})

describe('who reads the dossier', () => {
  test.each(['bureau', 'district', 'lab', 'expert'])('the print view renders for %s', async (who) => {
    const o = await outcome(() => print(users[who]))
    expect(o.status).toBe(200)
    const body = o.body as { dossier: RenewalDossier; renewal: { summary: string } }
    expect(body.dossier.lab.name).toBe('城市数据实验室')
    expect(body.renewal.summary).toBe('两年来完成了三项成果。')
  })

  test.each(['otherLab', 'otherDistrict', 'unassigned', 'conflicted'])(
    'the print view and the export are not found for %s',
    async (who) => {
      expect(await statusOf(() => print(users[who]))).toBe(404)
      expect(await statusOf(() => xlsx(users[who]))).toBe(404)
      expect(await statusOf(() => docx(users[who]))).toBe(404)
    },
  )

  test('a renewal addressed through another lab’s URL is not found', async () => {
    expect(await statusOf(() => print(users.bureau, ids.otherLab))).toBe(404)
    expect(await statusOf(() => docx(users.bureau, ids.otherLab))).toBe(404)
  })

  test('without a session the reader is sent to sign in', async () => {
    expect(await statusOf(() => print(''))).toBe(302)
  })

  test('a draft renewal is the lab’s own: the bureau, the district and an expert do not see it', async () => {
    db.update(renewals).set({ status: 'draft' }).where(eq(renewals.id, renewalId)).run()
    const bureau = { id: 1, role: 'bureau' as const, districtCode: null, labId: null }
    expect(findRenewal(bureau, labId, renewalId)).toBeNull()
    expect(await statusOf(() => print(users.bureau))).toBe(404)
    expect(await statusOf(() => print(users.district))).toBe(404)
    expect(await statusOf(() => print(users.expert))).toBe(404)
    expect(await statusOf(() => print(users.lab))).toBe(200)
  })
})

// The print page as the server renders it, with the loader's data and the root's locale.
async function renderPrintPage(data: object, locale: 'zh' | 'en') {
  const routes: RouteObject[] = [
    {
      id: 'root',
      path: '/',
      loader: () => ({ locale }),
      element: createElement(Outlet),
      children: [{ id: 'print', path: 'dossier', loader: () => data, element: createElement(PrintPage) }],
    },
  ]
  const handler = createStaticHandler(routes)
  const context = await handler.query(new Request('http://localhost/dossier'))
  if (context instanceof Response) throw new Error('unexpected response')
  return renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context }))
}

describe('the print page', () => {
  test('shows the header, every section with its rows, and the application', async () => {
    const html = await renderPrintPage((await outcome(() => print(users.district))).body, 'zh')
    expect(html).toContain('苏州市大数据创新应用实验室续期评审材料')
    expect(html).toContain('汇编日期：2026-02-10')
    for (const section of ['overview', 'deliverables', 'reports', 'team', 'security', 'requests', 'compliance', 'application'])
      expect(html).toContain(`data-section="${section}"`)
    expect(html).toContain('交通算法案例')
    expect(html).toContain('接口数据泄露')
    expect(html).toContain('第二批算力')
    expect(html).toContain('两年来完成了三项成果。')
    expect(html).toContain('break-before: page')
    // beside the print button and the .xlsx, the editable Word copy
    expect(html).toContain(`href="/labs/${labId}/renewals/${renewalId}/dossier.docx"`)
    expect(html).toContain('下载 Word')
  })

  test('reads in English', async () => {
    const html = await renderPrintPage((await outcome(() => print(users.district))).body, 'en')
    expect(html).toContain('renewal dossier')
    expect(html).toContain('Compiled on 2026-02-10')
    expect(html).toContain('Accepted deliverables per year')
  })
})

describe('the .xlsx export', () => {
  async function workbook(cookie: string) {
    const response = (await xlsx(cookie)) as Response
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toContain('spreadsheetml')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await response.arrayBuffer())
    return { book, disposition: response.headers.get('Content-Disposition')! }
  }
  // each row's cell values from column A, blank rows included as []
  const rowsOf = (sheet: ExcelJS.Worksheet) =>
    Array.from({ length: sheet.rowCount }, (_, i) => {
      const values = sheet.getRow(i + 1).values
      return Array.isArray(values) ? Array.from(values.slice(1), (v) => v ?? null) : []
    })

  test('has one sheet per section in Chinese, bold headers, dates as text and a known row', async () => {
    const { book, disposition } = await workbook(users.bureau)
    expect(book.worksheets.map((s) => s.name)).toEqual([
      '概况',
      '年度成果',
      '任务指标完成情况',
      '年度报告',
      '团队',
      '数据安全',
      '资源申请',
      '合规记录',
      '下一有效期任务指标计划',
      '申请书',
      '年度评估',
    ])
    const deliverablesSheet = book.getWorksheet('年度成果')!
    expect(deliverablesSheet.getRow(1).font?.bold).toBe(true)
    expect(deliverablesSheet.getRow(1).getCell(1).value).toBe('年度')
    const rows = rowsOf(deliverablesSheet)
    const row = rows.find((r) => r[1] === '交通算法案例')!
    expect(row).toEqual(['第 1 年度', '交通算法案例', '案例', '数据、算法', '已通过', '良好', '2025-03-14', '已转化', '12.5'])
    expect(typeof row[6]).toBe('string')
    expect(rows.filter((r) => r.length > 0)).toHaveLength(5)
    const requests = rowsOf(book.getWorksheet('资源申请')!)
    expect(requests.find((r) => r[0] === '模型训练算力')?.slice(2, 4)).toEqual([100, 100])
    const overview = rowsOf(book.getWorksheet('概况')!)
    expect(overview.find((r) => r[0] === '实验室名称')?.[1]).toBe('城市数据实验室')
    expect(overview.find((r) => r[0] === '各年度通过审核的成果')?.[1]).toContain('2/1')
    expect(rowsOf(book.getWorksheet('申请书')!)[0]).toEqual(['两年工作总结', '两年来完成了三项成果。'])
    expect(deliverablesSheet.getColumn(2).width).toBeGreaterThan(10)
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('续期材料-城市数据实验室-2026-02-10.xlsx')}`)
    expect(disposition).toContain(`filename="renewal-dossier-${labId}-2026-02-10.xlsx"`)
  })

  test('reads in English for a reader who chose English', async () => {
    const { book } = await workbook(`${users.district}; lc_lang=en`)
    expect(book.worksheets.map((s) => s.name)).toEqual([
      'Overview',
      'Deliverables',
      'Indicator progress',
      'Annual reports',
      'Team',
      'Data security',
      'Resource requests',
      'Compliance record',
      'Next period’s indicator plan',
      'Application',
      'Annual evaluation',
    ])
    expect(rowsOf(book.getWorksheet('Annual reports')!)[0]).toEqual(['Year', 'Status', 'Grade', 'Submitted', 'Decided'])
  })
})

// The editable Word copy the guide asks for beside the sealed PDF (issue 17, part 3).
describe('the Word document', () => {
  test('holds the print view’s header, every section as a Heading 1 from a new page, its rows and the signature lines', async () => {
    const response = await docx(users.district)
    const doc = await readDocx(response)
    expect(doc.paragraphs.slice(0, 4)).toEqual([
      '苏州市大数据创新应用实验室续期评审材料',
      '城市数据实验室',
      '第 1 个有效期 · 2024-03-15 至 2026-03-14',
      '汇编日期：2026-02-10',
    ])
    expect(doc.text).not.toContain('申请尚未提交（草稿）')
    expect(headingsOf(doc.document, 'Heading1')).toEqual([
      '概况',
      '年度成果',
      '任务指标完成情况',
      '年度报告',
      '团队',
      '数据安全',
      '资源申请',
      '合规记录',
      '年度评估',
      '下一有效期任务指标计划',
      '申请书',
    ])
    // every section after the first begins a page, as on paper
    expect(doc.document.match(/<w:pageBreakBefore\/>/g)).toHaveLength(10)
    expect(headingsOf(doc.document, 'Heading2')).toEqual(
      expect.arrayContaining(['要点', '第 1 年度（2024-03-15 至 2025-03-14）', '应急预案版本', '安全事件', '违规记录（实验室及申报主体）']),
    )
    const rows = tableRows(doc.document)
    expect(rows).toContainEqual(['实验室名称', '城市数据实验室'])
    expect(rows).toContainEqual(['统一社会信用代码', expect.stringMatching(/^[0-9A-Z]{18}$/)])
    expect(rows).toContainEqual(['交通算法案例', '案例', '数据、算法', '已通过', '良好', '2025-03-14', '已转化', '12.5'])
    expect(rows.find((r) => r[0] === '接口数据泄露')).toEqual(['接口数据泄露', '重大（II级）', '已结案', '2025-05-01', '2025-05-01', '是'])
    expect(rows.find((r) => r[0] === '模型训练算力')?.slice(2, 4)).toEqual(['100', '100'])
    expect(rows).toContainEqual(['两年工作总结', '两年来完成了三项成果。'])
    expect(rows).toContainEqual(['下一期建设目标', '建设城市数据底座'])
    expect(doc.paragraphs.slice(-3)).toEqual(['实验室主任（签字）：', '依托单位（盖章）：', '日期：'])
    expect(doc.document.match(/<w:pgSz [^>]*>/)?.[0]).toBe('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>')
    expect(doc.styles).toContain('w:eastAsia="黑体"')
    expect(doc.document).toContain('<w:tblHeader/>')
    expect(doc.footer).toMatch(/PAGE[\s\S]*NUMPAGES/)
    const disposition = response.headers.get('Content-Disposition')!
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('续期材料-城市数据实验室-2026-02-10.docx')}`)
    expect(disposition).toContain(`filename="renewal-dossier-${labId}-2026-02-10.docx"`)
    expect(response.headers.get('Cache-Control')).toBe('no-store')
  })

  test('reads in English for a reader who chose English', async () => {
    const doc = await readDocx(await docx(`${users.bureau}; lc_lang=en`))
    expect(doc.paragraphs[0]).toBe('Suzhou Big Data Innovation Application Laboratory: renewal dossier')
    expect(headingsOf(doc.document, 'Heading1').slice(0, 2)).toEqual(['Overview', 'Deliverables'])
    expect(doc.paragraphs.at(-1)).toBe('Date:')
    expect(doc.footer).toContain('Page ')
  })

  test('the assigned expert downloads it; a draft application is the lab’s own, marked as a draft', async () => {
    expect((await docx(users.expert)).status).toBe(200)
    db.update(renewals).set({ status: 'draft' }).where(eq(renewals.id, renewalId)).run()
    for (const who of ['bureau', 'district', 'expert']) expect(await statusOf(() => docx(users[who]))).toBe(404)
    const doc = await readDocx(await docx(users.lab))
    expect(doc.paragraphs).toContain('申请尚未提交（草稿）')
    expect(doc.header).toContain('申请尚未提交（草稿）')
  })

  test('a period with no records still makes a whole document, each section saying it is empty', async () => {
    const bare = makeLab(db, { districtCode: '320508', name: '新实验室', startDate: '2024-03-15' })
    const period = db.select().from(validityPeriods).where(eq(validityPeriods.labId, bare.id)).get()!
    const id = insertRenewal(db, { labId: bare.id, periodId: period.id, status: 'submitted', submittedAt: at('2026-01-25') }).id
    const doc = await readDocx(await docx(users.bureau, bare.id, id))
    expect(headingsOf(doc.document, 'Heading1')).toHaveLength(11)
    for (const empty of ['本年度无已提交的成果。', '未备案应急预案。', '有效期内无安全事件。', '无违规记录。'])
      expect(doc.paragraphs).toContain(empty)
    expect(tableRows(doc.document)).toContainEqual(['两年工作总结', '（未填写）'])
  })

  test('without a session the reader is sent to sign in', async () => {
    expect(await statusOf(() => docx(''))).toBe(302)
  })
})
