import { and, asc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { periodEndDate } from '~/domain/validity'
import { action as labAction, loader as labLoader } from '~/routes/labs.$labId._index'
import { action as editAction } from '~/routes/labs.$labId.edit'
import { action as teamAction } from '~/routes/labs.$labId.team'
import { loader as registryLoader } from '~/routes/labs._index'
import { loader as exportLoader } from '~/routes/labs.export'
import { action as newAction } from '~/routes/labs.new'
import { csvField } from '~/utils/csv'
import type { Db } from '~db/client.server'
import { auditLog, labs, teamMembers, validityPeriods } from '~db/schema'
import type { DistrictCode } from '~db/schema/enums'
import {
  errorsOf,
  formRequest,
  getRequest,
  makeLab,
  makeOrg,
  makeUser,
  outcome,
  setupTestDb,
  signIn,
  signInAs,
  signInChief,
  statusOf,
  TEST_CONTEXT,
  valuesOf,
} from '../helpers'
import { pinClock } from '../clock'
import { fetchCsv, scanCsv } from '../csv'

type RegistryBody = { rows: { id: number; name: string; districtCode: string; endDate: string | null; status: string }[]; total: number }

let db: Db
let bureauCookie: string

pinClock(new Date('2025-06-15T04:00:00Z'))
beforeEach(async () => {
  db = setupTestDb()
  bureauCookie = await signInChief(db)
})

const registry = async (query: string, cookie = bureauCookie) => {
  const r = await outcome(() => registryLoader({ request: getRequest(`/labs${query}`, cookie), params: {}, context: TEST_CONTEXT }))
  return { ...r, body: r.body as unknown as RegistryBody }
}

async function districtCookie(districtCode: DistrictCode = '320508') {
  return await signInAs(db, { role: 'district', districtCode })
}

async function labCookie(labId: number) {
  return await signInAs(db, { role: 'lab', labId })
}

const ids = (rows: { id: number }[]) => rows.map((r) => r.id)
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b)

// The export's rows, checking the file is well formed: a byte-order mark, then whole CRLF rows.
function parseCsv(text: string): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true)
  const { rows, row, field } = scanCsv(text.slice(1))
  expect(field).toBe('')
  expect(row).toEqual([])
  return rows
}

async function exportCsv(query: string, cookie = bureauCookie) {
  const { response, bytes, text } = await fetchCsv(exportLoader, `/labs/export${query}`, cookie)
  expect(response.status).toBe(200)
  expect(response.headers.get('Content-Type')).toContain('text/csv')
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  return { text, rows: parseCsv(text) }
}

describe('the lab registry', () => {
  test('the bureau sees every lab in every district', async () => {
    const a = makeLab(db, { districtCode: '320508' })
    const b = makeLab(db, { districtCode: '320571' })
    const c = makeLab(db, { districtCode: '320583' })
    const r = await registry('')
    expect(r.status).toBe(200)
    expect(sorted(ids(r.body.rows))).toEqual(sorted([a.id, b.id, c.id]))
    expect(r.body.total).toBe(3)
  })

  test('a district user sees only its own district, in the rows and in the total', async () => {
    const own = [makeLab(db, { districtCode: '320508' }), makeLab(db, { districtCode: '320508' })]
    for (let i = 0; i < 3; i++) makeLab(db, { districtCode: '320571' })
    const cookie = await districtCookie('320508')
    const r = await registry('', cookie)
    expect(r.status).toBe(200)
    expect(sorted(ids(r.body.rows))).toEqual(sorted(own.map((l) => l.id)))
    expect(r.body.total).toBe(2)
    // asking for another district by URL yields nothing rather than that district's labs
    const other = await registry('?district=320571', cookie)
    expect(other.body).toMatchObject({ rows: [], total: 0 })
  })

  test('a lab user is redirected to its own lab page', async () => {
    const lab = makeLab(db)
    const r = await registry('', await labCookie(lab.id))
    expect(r).toMatchObject({ status: 302, location: `/labs/${lab.id}` })
  })

  test('an expert gets 404 from the registry', async () => {
    makeLab(db)
    const cookie = await signInAs(db, { role: 'expert' })
    expect((await registry('', cookie)).status).toBe(404)
  })

  test('an anonymous visitor is sent to sign in', async () => {
    const r = await registry('?status=active', '')
    expect(r.status).toBe(302)
    expect(r.location).toBe(`/login?${new URLSearchParams({ redirectTo: '/labs?status=active' })}`)
  })

  test('the district and direction filters narrow the rows and the total', async () => {
    const gusu1 = makeLab(db, { districtCode: '320508', direction: 1 })
    const gusu3 = makeLab(db, { districtCode: '320508', direction: 3 })
    const park3 = makeLab(db, { districtCode: '320571', direction: 3 })
    expect(ids((await registry('?district=320508')).body.rows).sort()).toEqual(sorted([gusu1.id, gusu3.id]))
    expect(sorted(ids((await registry('?direction=3')).body.rows))).toEqual(sorted([gusu3.id, park3.id]))
    const both = await registry('?district=320571&direction=3')
    expect(both.body).toMatchObject({ total: 1, rows: [expect.objectContaining({ id: park3.id })] })
  })

  test('the status filter uses the pinned day', async () => {
    const expiring = makeLab(db, { startDate: '2023-07-01' }) // ends 2025-06-30
    const expired = makeLab(db, { startDate: '2023-06-01' }) // ended 2025-05-31
    makeLab(db, { startDate: '2025-01-01' })
    expect(ids((await registry('?status=expiring')).body.rows)).toEqual([expiring.id])
    expect(ids((await registry('?status=expired')).body.rows)).toEqual([expired.id])
    expect((await registry('?status=active')).body.total).toBe(1)
  })

  test('the search matches the host organisation’s name and the certificate number', async () => {
    const host = makeOrg(db, { name: '苏州纳米材料研究院' })
    const byHost = makeLab(db, { hostOrgId: host.id, name: '甲实验室' })
    const byCert = makeLab(db, { name: '乙实验室' })
    db.update(validityPeriods).set({ certificateNo: 'SZKJ-2025-0042' }).where(eq(validityPeriods.labId, byCert.id)).run()
    makeLab(db, { name: '丙实验室' })
    expect(ids((await registry(`?q=${encodeURIComponent('纳米材料')}`)).body.rows)).toEqual([byHost.id])
    expect(ids((await registry('?q=0042')).body.rows)).toEqual([byCert.id])
    expect((await registry('?q=0042')).body.total).toBe(1)
    // LIKE wildcards typed by the user are literal
    expect((await registry('?q=%25')).body.total).toBe(0)
  })

  test('sorting by end date descending puts the latest end first', async () => {
    const mid = makeLab(db, { startDate: '2024-03-01' })
    const late = makeLab(db, { startDate: '2025-05-01' })
    const early = makeLab(db, { startDate: '2023-09-01' })
    const r = await registry('?sort=endDate&dir=desc')
    expect(ids(r.body.rows)).toEqual([late.id, mid.id, early.id])
    expect(r.body.rows.map((row) => row.endDate)).toEqual([
      periodEndDate('2025-05-01'),
      periodEndDate('2024-03-01'),
      periodEndDate('2023-09-01'),
    ])
  })

  test('page 2 of size 20 holds the rows after the first 20 and the full total', async () => {
    const made = Array.from({ length: 25 }, (_, i) => makeLab(db, { name: `实验室${String(i).padStart(2, '0')}` }))
    const page1 = await registry('?size=20&page=1&sort=name')
    const page2 = await registry('?size=20&page=2&sort=name')
    expect(page1.body.rows).toHaveLength(20)
    expect(page2.body.total).toBe(25)
    expect(ids(page2.body.rows)).toEqual(made.slice(20).map((l) => l.id))
    expect(new Set([...ids(page1.body.rows), ...ids(page2.body.rows)]).size).toBe(25)
  })
})

describe('the registry export', () => {
  test('the CSV holds exactly the filtered registry rows in the same order', async () => {
    for (let i = 0; i < 5; i++) makeLab(db, { districtCode: '320508', direction: (i % 2) + 1, startDate: `2024-0${i + 1}-10` })
    makeLab(db, { districtCode: '320571', direction: 1 })
    const query = '?district=320508&direction=1&sort=endDate&dir=desc'
    const table = await registry(`${query}&size=100`)
    const { rows } = await exportCsv(`${query}&cols=name,end`)
    expect(rows[0]).toEqual(['实验室名称', '有效期止'])
    expect(rows.slice(1)).toEqual(table.body.rows.map((r) => [r.name, r.endDate]))
    expect(rows.length - 1).toBe(table.body.total)
    expect(table.body.total).toBe(3)
  })

  test('the export has every row, not only the first page', async () => {
    for (let i = 0; i < 23; i++) makeLab(db)
    const { rows } = await exportCsv('?page=1&size=20')
    expect(rows).toHaveLength(24)
  })

  test('the header is Chinese by default and English with the lc_lang=en cookie', async () => {
    makeLab(db)
    const zh = await exportCsv('')
    expect(zh.rows[0]).toEqual(['实验室名称', '所属区县', '申报方向', '依托单位', '有效期止', '状态', '合规', '团队人数', '副高/硕士以上'])
    expect(zh.rows[1][1]).toBe('姑苏区')
    const en = await exportCsv('', `${bureauCookie}; lc_lang=en`)
    expect(en.rows[0]).toEqual([
      'Lab',
      'District',
      'Direction',
      'Host organisation',
      'Valid until',
      'Status',
      'Compliance',
      'Team size',
      'Senior / master+',
    ])
    expect(en.rows[1][1]).toBe('Gusu District')
  })

  test('a district user’s export holds only its district', async () => {
    const own = makeLab(db, { districtCode: '320508', name: '姑苏实验室' })
    makeLab(db, { districtCode: '320571', name: '园区实验室' })
    const { rows } = await exportCsv('?cols=name', await districtCookie('320508'))
    expect(rows).toEqual([['实验室名称'], [own.name]])
    const forced = await exportCsv('?cols=name&district=320571', await districtCookie('320508'))
    expect(forced.rows).toEqual([['实验室名称']])
  })

  test.each(['lab', 'expert'] as const)('a %s user gets 404 from the export', async (role) => {
    const lab = makeLab(db)
    const cookie = await signInAs(db, { role, labId: role === 'lab' ? lab.id : null })
    expect(await statusOf(() => exportLoader({ request: getRequest('/labs/export', cookie), params: {}, context: TEST_CONTEXT }))).toBe(404)
  })

  test('a cell starting with = is escaped so it cannot run as a formula', async () => {
    const name = '=HYPERLINK("http://evil.example","点我")'
    makeLab(db, { name })
    const { text, rows } = await exportCsv('?cols=name')
    expect(text).toContain(`\r\n${csvField(name)}\r\n`)
    expect(rows[1]).toEqual([`'${name}`])
    expect(text.split('\r\n').some((line) => line.startsWith('='))).toBe(false)
  })
})

describe('the lab page', () => {
  const load = (id: string, cookie: string) =>
    outcome(() => labLoader({ request: getRequest(`/labs/${id}`, cookie), params: { labId: id }, context: TEST_CONTEXT }))

  test('the bureau sees any lab with its status for the pinned day', async () => {
    const lab = makeLab(db, { startDate: '2023-07-01', teamSize: 4 })
    const r = await load(String(lab.id), bureauCookie)
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ today: '2025-06-15', status: 'expiring', daysLeft: 15, canEdit: true, canManagePeriods: true })
    expect(r.body.thresholds).toMatchObject({ headcount: 4, qualifiedCount: 3 })
  })

  test('a district user sees labs of its district and gets 404 for another', async () => {
    const own = makeLab(db, { districtCode: '320508' })
    const other = makeLab(db, { districtCode: '320571' })
    const cookie = await districtCookie('320508')
    const r = await load(String(own.id), cookie)
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ canEdit: false, canManagePeriods: false, canEditTeam: false })
    expect((await load(String(other.id), cookie)).status).toBe(404)
  })

  test('a lab user sees its own lab and gets 404 for another lab', async () => {
    const own = makeLab(db)
    const other = makeLab(db)
    const cookie = await labCookie(own.id)
    const r = await load(String(own.id), cookie)
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ canEdit: false, canEditTeam: true })
    expect((await load(String(other.id), cookie)).status).toBe(404)
  })

  test.each(['abc', '0', '-1', '1.5', '999'])('the lab id %j is 404', async (id) => {
    makeLab(db)
    expect((await load(id, bureauCookie)).status).toBe(404)
  })
})

const labFields = (over: Record<string, string | string[]> = {}): Record<string, string | string[]> => ({
  name: '苏州智能传感实验室',
  direction: '3',
  districtCode: '320571',
  hostOrgId: String(makeOrg(db, { districtCode: '320571', name: '园区传感科技有限公司' }).id),
  directorName: '王五',
  contactName: '赵六',
  contactPhone: '0512-68615713',
  contactEmail: 'lab@example.cn',
  focus: '',
  address: '',
  planSummary: '',
  startDate: '2025-07-01',
  endDate: '',
  certificateNo: 'SZ-2025-001',
  ...over,
})

function createLab(fields: Record<string, string | string[]>, cookie = bureauCookie) {
  return outcome(() => newAction({ request: formRequest('/labs/new', fields, cookie), params: {}, context: TEST_CONTEXT }))
}

describe('creating a lab', () => {
  test('the bureau creates a lab with a first period of two years less a day, both audited', async () => {
    const r = await createLab(labFields())
    const lab = db.select().from(labs).where(eq(labs.name, '苏州智能传感实验室')).get()!
    expect(r).toMatchObject({ status: 302, location: `/labs/${lab.id}` })
    expect(lab).toMatchObject({ direction: 3, districtCode: '320571', contactPhone: '0512-68615713' })
    const periods = db.select().from(validityPeriods).where(eq(validityPeriods.labId, lab.id)).all()
    expect(periods).toEqual([
      expect.objectContaining({ sequence: 1, startDate: '2025-07-01', endDate: '2027-06-30', certificateNo: 'SZ-2025-001', outcome: null }),
    ])
    const audits = db.select().from(auditLog).where(eq(auditLog.labId, lab.id)).orderBy(asc(auditLog.id)).all()
    expect(audits.map((a) => [a.action, a.entityType, a.entityId])).toEqual([
      ['create', 'lab', String(lab.id)],
      ['create', 'validity_period', String(periods[0].id)],
    ])
    expect(audits[0]).toMatchObject({ actorName: 'chief 用户', ip: '127.0.0.1' })
  })

  test.each(['district', 'lab'] as const)('a %s user gets 404 and nothing is created', async (role) => {
    const existing = makeLab(db, { districtCode: '320571' })
    const cookie = signIn(
      await makeUser(db, { role, districtCode: role === 'district' ? '320571' : null, labId: role === 'lab' ? existing.id : null }),
    )
    expect((await createLab(labFields(), cookie)).status).toBe(404)
    expect(db.select().from(labs).all()).toHaveLength(1)
  })

  test('bad input is refused with a message key per field and the typed values returned', async () => {
    const r = await createLab(labFields({ name: '', direction: '15', contactPhone: 'abc', startDate: '2025-02-30' }))
    expect(r.status).toBe(400)
    const errors = errorsOf(r)
    expect(errors.name.key).toBe('form.required')
    expect(errors.direction.key).toBe('labs.error.direction')
    expect(errors.contactPhone.key).toBe('form.invalidPhone')
    expect(errors.startDate.key).toBe('form.invalidDate')
    expect(valuesOf(r)).toMatchObject({
      name: '',
      direction: '15',
      contactPhone: 'abc',
      startDate: '2025-02-30',
      directorName: '王五',
      certificateNo: 'SZ-2025-001',
    })
    expect(db.select().from(labs).all()).toHaveLength(0)
  })

  test('a fourth joint application for an organisation already in three is refused on partnerOrgIds', async () => {
    const busy = makeOrg(db, { name: '忙碌的大学学院' })
    for (let i = 0; i < 3; i++) makeLab(db, { partnerOrgIds: [busy.id] })
    const r = await createLab(labFields({ partnerOrgIds: [String(busy.id)] }))
    expect(r.status).toBe(400)
    expect(errorsOf(r).partnerOrgIds).toEqual({ key: 'labs.error.jointLimit', vars: { orgs: '忙碌的大学学院' } })
    expect(valuesOf(r).partnerOrgIds).toEqual([String(busy.id)])
    expect(db.select().from(labs).where(eq(labs.name, '苏州智能传感实验室')).get()).toBeUndefined()
  })

  test('an organisation in two joint applications may join a third', async () => {
    const org = makeOrg(db)
    for (let i = 0; i < 2; i++) makeLab(db, { partnerOrgIds: [org.id] })
    expect((await createLab(labFields({ partnerOrgIds: [String(org.id)] }))).status).toBe(302)
  })

  test('a host also listed as a partner is refused', async () => {
    const fields = labFields()
    const r = await createLab({ ...fields, partnerOrgIds: [fields.hostOrgId as string] })
    expect(r.status).toBe(400)
    expect(errorsOf(r).partnerOrgIds.key).toBe('labs.error.partnerIsHost')
    expect(db.select().from(labs).all()).toHaveLength(0)
  })
})

describe('editing a lab', () => {
  const edit = (id: number, fields: Record<string, string | string[]>, cookie = bureauCookie) =>
    outcome(() =>
      editAction({ request: formRequest(`/labs/${id}/edit`, fields, cookie), params: { labId: String(id) }, context: TEST_CONTEXT }),
    )

  test('the bureau updates a lab and the audit row holds before and after', async () => {
    const lab = makeLab(db, { name: '旧实验室名', districtCode: '320508' })
    const partner = makeOrg(db)
    const {
      startDate: _s,
      endDate: _e,
      certificateNo: _c,
      ...fields
    } = labFields({
      name: '新实验室名',
      districtCode: '320508',
      hostOrgId: String(lab.hostOrgId),
      partnerOrgIds: [String(partner.id)],
    })
    const r = await edit(lab.id, fields)
    expect(r).toMatchObject({ status: 302, location: `/labs/${lab.id}` })
    expect(db.select().from(labs).where(eq(labs.id, lab.id)).get()).toMatchObject({ name: '新实验室名', direction: 3 })
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'lab'), eq(auditLog.action, 'update')))
      .get()!
    expect(audit).toMatchObject({ entityId: String(lab.id), labId: lab.id, actorName: 'chief 用户' })
    expect(audit.before).toMatchObject({ name: '旧实验室名', direction: 1, partnerOrgIds: [] })
    expect(audit.after).toMatchObject({ name: '新实验室名', direction: 3, partnerOrgIds: [partner.id] })
  })

  test('a district user gets 404 and the lab is unchanged', async () => {
    const lab = makeLab(db, { name: '不可改', districtCode: '320508' })
    const r = await edit(
      lab.id,
      labFields({ name: '被改了', hostOrgId: String(lab.hostOrgId), districtCode: '320508' }),
      await districtCookie('320508'),
    )
    expect(r.status).toBe(404)
    expect(db.select().from(labs).where(eq(labs.id, lab.id)).get()!.name).toBe('不可改')
  })
})

describe('adding a validity period', () => {
  const addPeriod = (id: number, fields: Record<string, string>, cookie = bureauCookie) =>
    outcome(() => labAction({ request: formRequest(`/labs/${id}`, fields, cookie), params: { labId: String(id) }, context: TEST_CONTEXT }))
  const periodsOf = (id: number) =>
    db.select().from(validityPeriods).where(eq(validityPeriods.labId, id)).orderBy(asc(validityPeriods.sequence)).all()

  test('the bureau adds period 2 starting the day after period 1 ends', async () => {
    const lab = makeLab(db, { startDate: '2023-07-01' }) // ends 2025-06-30
    const r = await addPeriod(lab.id, { startDate: '2025-07-01', endDate: '', certificateNo: 'SZ-R-1' })
    expect(r).toMatchObject({ status: 302, location: `/labs/${lab.id}#periods` })
    expect(periodsOf(lab.id).map((p) => [p.sequence, p.startDate, p.endDate])).toEqual([
      [1, '2023-07-01', '2025-06-30'],
      [2, '2025-07-01', '2027-06-30'],
    ])
    const audit = db.select().from(auditLog).where(eq(auditLog.entityType, 'validity_period')).get()!
    expect(audit).toMatchObject({ action: 'create', labId: lab.id })
    // the lab now reads as renewed: its latest period starts in the future
    const page = await outcome(() =>
      labLoader({ request: getRequest(`/labs/${lab.id}`, bureauCookie), params: { labId: String(lab.id) }, context: TEST_CONTEXT }),
    )
    expect(page.body.status).toBe('renewed')
  })

  test('a start on or before the previous end is refused as an overlap', async () => {
    const lab = makeLab(db, { startDate: '2023-07-01' })
    const r = await addPeriod(lab.id, { startDate: '2025-06-30', endDate: '', certificateNo: '' })
    expect(r.status).toBe(400)
    expect(errorsOf(r).startDate.key).toBe('labs.period.overlap')
    expect(valuesOf(r)).toMatchObject({ startDate: '2025-06-30' })
    expect(periodsOf(lab.id)).toHaveLength(1)
  })

  test('a lab user cannot add a period to its own lab', async () => {
    const lab = makeLab(db, { startDate: '2023-07-01' })
    const r = await addPeriod(lab.id, { startDate: '2025-07-01', endDate: '', certificateNo: '' }, await labCookie(lab.id))
    expect(r.status).toBeGreaterThanOrEqual(400)
    expect(r.status).toBe(403)
    expect(periodsOf(lab.id)).toHaveLength(1)
    expect(db.select().from(auditLog).where(eq(auditLog.entityType, 'validity_period')).all()).toHaveLength(0)
  })

  test('the lab’s district gets 403 and another district 404; no period is added', async () => {
    const lab = makeLab(db, { startDate: '2023-07-01', districtCode: '320508' })
    const fields = { startDate: '2025-07-01', endDate: '', certificateNo: '' }
    expect((await addPeriod(lab.id, fields, await districtCookie('320508'))).status).toBe(403)
    expect((await addPeriod(lab.id, fields, await districtCookie('320583'))).status).toBe(404)
    expect(periodsOf(lab.id)).toHaveLength(1)
  })
})

describe('the team roster', () => {
  const team = (id: number, fields: Record<string, string>, cookie: string) =>
    outcome(() =>
      teamAction({ request: formRequest(`/labs/${id}/team`, fields, cookie), params: { labId: String(id) }, context: TEST_CONTEXT }),
    )
  const rosterOf = (id: number) => db.select().from(teamMembers).where(eq(teamMembers.labId, id)).orderBy(asc(teamMembers.id)).all()
  const newMember = { intent: 'add', name: '钱七', titleLevel: 'senior', degree: 'doctorate', role: 'researcher' }

  test('a lab user adds a member to its own lab and the addition is audited', async () => {
    const lab = makeLab(db)
    const r = await team(lab.id, newMember, await labCookie(lab.id))
    expect(r).toMatchObject({ status: 302, location: `/labs/${lab.id}/team` })
    const roster = rosterOf(lab.id)
    expect(roster).toEqual([
      expect.objectContaining({ name: '钱七', titleLevel: 'senior', degree: 'doctorate', role: 'researcher', active: true }),
    ])
    const audit = db.select().from(auditLog).where(eq(auditLog.entityType, 'team_member')).get()!
    expect(audit).toMatchObject({ action: 'create', entityId: String(roster[0].id), labId: lab.id })
  })

  test('a lab user gets 404 for another lab’s roster', async () => {
    const own = makeLab(db)
    const other = makeLab(db, { teamSize: 2 })
    const r = await team(other.id, newMember, await labCookie(own.id))
    expect(r.status).toBe(404)
    expect(rosterOf(other.id)).toHaveLength(2)
  })

  test.each([
    ['update', { intent: 'update', name: '篡改', titleLevel: 'none', degree: 'bachelor', role: 'engineer' }],
    ['setActive', { intent: 'setActive', active: 'false' }],
    ['remove', { intent: 'remove' }],
  ])('%s with another lab’s member id posted to the own lab’s URL is 404 and changes nothing', async (_intent, fields) => {
    const own = makeLab(db, { teamSize: 1 })
    const other = makeLab(db, { teamSize: 2 })
    const before = rosterOf(other.id)
    const r = await team(own.id, { ...fields, memberId: String(before[0].id) }, await labCookie(own.id))
    expect(r.status).toBe(404)
    expect(rosterOf(other.id)).toEqual(before)
    expect(db.select().from(auditLog).where(eq(auditLog.entityType, 'team_member')).all()).toHaveLength(0)
  })

  test('a district user cannot edit a roster of its district (403) or of another (404)', async () => {
    const own = makeLab(db, { districtCode: '320508' })
    const other = makeLab(db, { districtCode: '320571' })
    const cookie = await districtCookie('320508')
    expect((await team(own.id, newMember, cookie)).status).toBe(403)
    expect((await team(other.id, newMember, cookie)).status).toBe(404)
    expect(db.select().from(teamMembers).all()).toHaveLength(0)
  })

  test('an empty name and an unknown title level are refused with their message keys', async () => {
    const lab = makeLab(db)
    const r = await team(lab.id, { ...newMember, name: '  ', titleLevel: 'professor' }, await labCookie(lab.id))
    expect(r.status).toBe(400)
    expect(errorsOf(r).name.key).toBe('form.required')
    expect(errorsOf(r).titleLevel.key).toBe('form.invalidChoice')
    expect(valuesOf(r)).toMatchObject({ titleLevel: 'professor' })
    expect(rosterOf(lab.id)).toHaveLength(0)
  })

  test('marking a member as left removes them from the headcount but keeps them on the roster', async () => {
    const lab = makeLab(db, { teamSize: 4 })
    const cookie = await labCookie(lab.id)
    const first = rosterOf(lab.id)[0] // associate_senior: qualified
    const r = await team(lab.id, { intent: 'setActive', memberId: String(first.id), active: 'false' }, cookie)
    expect(r.status).toBe(302)
    expect(rosterOf(lab.id)).toHaveLength(4)
    const page = await outcome(() =>
      labLoader({ request: getRequest(`/labs/${lab.id}`, cookie), params: { labId: String(lab.id) }, context: TEST_CONTEXT }),
    )
    expect(page.body.thresholds).toMatchObject({ headcount: 3, qualifiedCount: 2 })
    const row = (await registry(`?q=${encodeURIComponent(lab.name)}`)).body.rows[0] as unknown as { headcount: number; qualified: number }
    expect(row).toMatchObject({ headcount: 3, qualified: 2 })
  })
})
