import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { count, eq, sql } from 'drizzle-orm'
import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import { auditLog, complianceStale, importBatches, labPartners, labs, organisations, teamMembers, users, validityPeriods } from '~db/schema'
import type { Db } from '~db/client.server'
import type { ImportKind } from '~db/schema/enums'
import { makeUscc } from '~/domain/uscc'
import { storedPathOf } from '~/models/attachments.server'
import { staleMarks } from '~/models/compliance-freshness.server'
import { applyImport, previewImport, stageImport, takePasswords } from '~/models/imports/imports.server'
import type { ActingUser } from '~/models/result.server'
import { verifyPassword } from '~/utils/password.server'
import { makeLab, makeOrg, makeUser, setupTestDb } from '../helpers'
import { pinClock } from '../clock'

// The spreadsheet import's rules (issue 17), per kind: what the preview says of each row (new,
// updated, unchanged, refused with the row and the column), and that the apply writes the
// accepted rows with their audit in one transaction.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-imports-'))
process.env.DATA_DIR = dataDir
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))
pinClock(new Date('2026-03-02T02:00:00Z'))

let db: Db
let bureau: ActingUser
beforeEach(async () => {
  db = setupTestDb()
  const u = await makeUser(db, { role: 'bureau', username: 'chief' })
  bureau = actingOf(u)
})

function actingOf(u: {
  id: number
  role: ActingUser['role']
  districtCode: ActingUser['districtCode']
  labId: number | null
  displayName: string
}): ActingUser {
  return { id: u.id, role: u.role, districtCode: u.districtCode, labId: u.labId, displayName: u.displayName, ip: '127.0.0.1' }
}

export function csv(rows: string[][]): Uint8Array {
  return new TextEncoder().encode(rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n'))
}

async function preview(kind: ImportKind, rows: string[][], actor: ActingUser = bureau) {
  const result = await previewImport({ kind, bytes: csv(rows), fileName: `${kind}.csv`, actor })
  if (!result.ok) throw new Error(`refused: ${result.refusal.key}`)
  return result.preview
}

async function apply(kind: ImportKind, rows: string[][], actor: ActingUser = bureau) {
  const token = stageImport({ kind, fileName: `${kind}.csv`, bytes: csv(rows), actor })
  const result = await applyImport({ token, actor })
  if (!result?.ok) throw new Error(`apply refused: ${JSON.stringify(result)}`)
  return result
}

const code = (serial: string, region = '320508') => makeUscc({ authority: '9', kind: '1', region, serial })
const ORG_HEADER = ['统一社会信用代码', '单位名称', '单位类型', '所在区县']
const LAB_HEADER = [
  '证书编号',
  '实验室名称',
  '申报方向',
  '所属区县',
  '依托单位',
  '联合申报单位',
  '实验室主任',
  '联系人',
  '联系电话',
  '有效期起',
  '有效期止',
]
const labRow = (over: Partial<Record<string, string>> & { host: string }) => {
  const v: Record<string, string> = {
    cert: 'C-1',
    name: '新实验室',
    direction: '3',
    district: '姑苏区',
    partners: '',
    director: '张三',
    contact: '李四',
    phone: '0512-68001234',
    start: '2025-06-01',
    end: '',
    ...over,
  }
  return [v.cert, v.name, v.direction, v.district, v.host, v.partners, v.director, v.contact, v.phone, v.start, v.end]
}
const ROSTER_HEADER = ['实验室证书编号', '姓名', '职称', '学历学位', '团队角色']

const errorOf = (p: Awaited<ReturnType<typeof preview>>, rowNumber: number) => {
  const row = p.rows.find((r) => r.rowNumber === rowNumber)!
  expect(row.outcome).toBe('refused')
  return row.errors.map((e) => ({ column: e.column, key: e.key }))
}

describe('organisations', () => {
  test('new, then unchanged on the same file, updated when a name changes', async () => {
    const rows = [
      ORG_HEADER,
      [code('000000001'), '苏州甲公司', '企业', '姑苏区'],
      [code('000000002').toLowerCase(), '苏州乙学院', '高校二级学院', '园区'],
    ]
    const first = await preview('organisations', rows)
    expect(first.counts).toEqual({ new: 2, updated: 0, unchanged: 0, refused: 0 })
    await apply('organisations', rows)
    const stored = db.select().from(organisations).orderBy(organisations.creditCode).all()
    expect(stored.map((o) => [o.creditCode, o.name, o.kind, o.districtCode])).toEqual([
      [code('000000001'), '苏州甲公司', 'enterprise', '320508'],
      [code('000000002'), '苏州乙学院', 'university_college', '320571'],
    ])
    expect((await preview('organisations', rows)).counts).toEqual({ new: 0, updated: 0, unchanged: 2, refused: 0 })
    const again = await apply('organisations', rows)
    expect(again.batch.id).toBe(0) // nothing written, no batch recorded
    expect(db.select({ n: count() }).from(importBatches).get()!.n).toBe(1)
    const renamed = await preview('organisations', [ORG_HEADER, [code('000000001'), '苏州甲科技公司', '企业', '姑苏区']])
    expect(renamed.rows[0].outcome).toBe('updated')
    expect(renamed.rows[0].changes).toEqual([{ column: '单位名称', before: '苏州甲公司', after: '苏州甲科技公司' }])
  })

  test('a bad checksum is refused on its row and column; a code outside Suzhou is only a warning', async () => {
    const bad = code('000000003').slice(0, 17) + (code('000000003').endsWith('0') ? '1' : '0')
    const p = await preview('organisations', [
      ORG_HEADER,
      [bad, '坏代码', '企业', '姑苏区'],
      [code('000000004', '110105'), '北京公司', '企业', '姑苏区'],
    ])
    expect(errorOf(p, 2)).toEqual([{ column: '统一社会信用代码', key: 'orgs.error.uscc.checksum' }])
    expect(p.rows[1].outcome).toBe('new')
    expect(p.rows[1].warnings).toEqual([{ column: '统一社会信用代码', key: 'orgs.warning.region', vars: { region: '110105' } }])
  })

  test('the same code twice in one file refuses the later row, naming the first', async () => {
    const p = await preview('organisations', [
      ORG_HEADER,
      [code('000000005'), '甲', '企业', '姑苏区'],
      [code('000000005'), '甲二', '企业', '姑苏区'],
    ])
    expect(p.rows[0].outcome).toBe('new')
    expect(errorOf(p, 3)).toEqual([{ column: '统一社会信用代码', key: 'imports.error.duplicateInFile' }])
    expect(p.rows[1].errors[0].vars).toEqual({ row: 2 })
  })

  test('a title row above the header is skipped: the header is the row naming the required columns', async () => {
    const p = await preview('organisations', [['苏州市依托单位名单', '2025 年'], ORG_HEADER, [code('000000008'), '甲', '企业', '姑苏区']])
    expect(p.rows.map((r) => [r.rowNumber, r.outcome])).toEqual([[3, 'new']])
  })

  test('an unknown district or kind is refused on its column', async () => {
    const p = await preview('organisations', [ORG_HEADER, [code('000000006'), '甲', '公司', '上海']])
    expect(errorOf(p, 2)).toEqual([
      { column: '单位类型', key: 'imports.error.choice' },
      { column: '所在区县', key: 'imports.error.choice' },
    ])
  })
})

describe('labs', () => {
  test('a lab with partners is created with its period, audited, and reads back unchanged', async () => {
    const host = makeOrg(db)
    const partner = makeOrg(db, { name: '合作单位甲' })
    const rows = [LAB_HEADER, labRow({ host: host.creditCode, partners: '合作单位甲' })]
    const result = await apply('labs', rows)
    const lab = db.select().from(labs).get()!
    expect([lab.name, lab.direction, lab.districtCode, lab.hostOrgId]).toEqual(['新实验室', 3, '320508', host.id])
    expect(db.select().from(labPartners).all()).toEqual([{ labId: lab.id, orgId: partner.id }])
    const period = db.select().from(validityPeriods).get()!
    expect([period.certificateNo, period.startDate, period.endDate]).toEqual(['C-1', '2025-06-01', '2027-05-31'])
    const audits = db.select().from(auditLog).where(eq(auditLog.labId, lab.id)).all()
    expect(audits.map((a) => [a.action, a.entityType])).toEqual([
      ['create', 'lab'],
      ['create', 'validity_period'],
    ])
    expect((audits[0].after as { importBatchId: number }).importBatchId).toBe(result.batch.id)
    expect(
      (await preview('labs', [LAB_HEADER, labRow({ host: host.creditCode, partners: partner.creditCode, end: '2027-05-31' })])).counts
        .unchanged,
    ).toBe(1)
  })

  test('directions 0, 15 and abc are refused on 申报方向', async () => {
    const host = makeOrg(db)
    const p = await preview('labs', [
      LAB_HEADER,
      labRow({ host: host.creditCode, cert: 'A', direction: '0' }),
      labRow({ host: host.creditCode, cert: 'B', direction: '15' }),
      labRow({ host: host.creditCode, cert: 'C', direction: 'abc' }),
      labRow({ host: host.creditCode, cert: 'D', direction: '14 公共信用服务应用创新' }),
    ])
    for (const n of [2, 3, 4]) expect(errorOf(p, n)).toEqual([{ column: '申报方向', key: 'labs.error.direction' }])
    expect(p.rows[3].outcome).toBe('new')
  })

  test('an unknown district, dates that do not parse and an end before the start are refused on their columns', async () => {
    const host = makeOrg(db)
    const p = await preview('labs', [
      LAB_HEADER,
      labRow({ host: host.creditCode, cert: 'A', district: '浦东新区' }),
      labRow({ host: host.creditCode, cert: 'B', start: '2025-13-01' }),
      labRow({ host: host.creditCode, cert: 'C', end: '明年' }),
      labRow({ host: host.creditCode, cert: 'D', start: '2025/6/1', end: '2025年5月1日' }),
    ])
    expect(errorOf(p, 2)).toEqual([{ column: '所属区县', key: 'imports.error.choice' }])
    expect(errorOf(p, 3)).toEqual([{ column: '有效期起', key: 'form.invalidDate' }])
    expect(errorOf(p, 4)).toEqual([{ column: '有效期止', key: 'form.invalidDate' }])
    expect(errorOf(p, 5)).toEqual([{ column: '有效期止', key: 'labs.error.period.end_not_after_start' }])
  })

  test('an unknown host is refused, saying organisations come first', async () => {
    const p = await preview('labs', [LAB_HEADER, labRow({ host: '不存在的单位' })])
    expect(errorOf(p, 2)).toEqual([{ column: '依托单位', key: 'imports.error.unknownOrg' }])
  })

  test("the joint-application limit counts the file's own rows", async () => {
    const host = makeOrg(db)
    const partner = makeOrg(db)
    // two joint labs in the database already
    makeLab(db, { hostOrgId: makeOrg(db).id, partnerOrgIds: [partner.id] })
    makeLab(db, { hostOrgId: makeOrg(db).id, partnerOrgIds: [partner.id] })
    const p = await preview('labs', [
      LAB_HEADER,
      labRow({ host: host.creditCode, cert: 'J1', partners: partner.creditCode }),
      labRow({ host: makeOrg(db).creditCode, cert: 'J2', partners: partner.creditCode }),
    ])
    expect(p.rows[0].outcome).toBe('new')
    expect(errorOf(p, 3)).toEqual([{ column: '联合申报单位', key: 'labs.error.jointLimit' }])
  })

  test("a certificate number of another lab's earlier period conflicts; the same number twice in the file is refused", async () => {
    const lab = makeLab(db)
    db.update(validityPeriods).set({ certificateNo: 'OLD-1' }).where(eq(validityPeriods.labId, lab.id)).run()
    db.insert(validityPeriods)
      .values({ labId: lab.id, sequence: 2, startDate: '2027-06-01', endDate: '2029-05-31', certificateNo: 'NEW-1' })
      .run()
    const host = makeOrg(db)
    const p = await preview('labs', [
      LAB_HEADER,
      labRow({ host: host.creditCode, cert: 'OLD-1' }),
      labRow({ host: host.creditCode, cert: 'X' }),
      labRow({ host: host.creditCode, cert: 'X' }),
    ])
    expect(errorOf(p, 2)).toEqual([{ column: '证书编号', key: 'imports.error.certificateOfEarlierPeriod' }])
    expect(errorOf(p, 4)).toEqual([{ column: '证书编号', key: 'imports.error.duplicateInFile' }])
  })
})

describe('rosters', () => {
  let labId: number
  let otherDistrictLabId: number
  beforeEach(() => {
    labId = makeLab(db, { districtCode: '320508' }).id
    otherDistrictLabId = makeLab(db, { districtCode: '320583' }).id
  })
  const certOf = (id: number) => db.select().from(validityPeriods).where(eq(validityPeriods.labId, id)).get()!.certificateNo

  test('members are added by lab and name, updated by name, others left alone; thresholds warn', async () => {
    db.insert(teamMembers).values({ labId, name: '老成员', titleLevel: 'senior', degree: 'doctorate', role: 'researcher' }).run()
    const rows = [ROSTER_HEADER, [certOf(labId), '王五', '副高级', '硕士', '科研人员'], [certOf(labId), '赵六', '中级', '学士', '技术人员']]
    const p = await preview('rosters', rows)
    expect(p.counts).toEqual({ new: 2, updated: 0, unchanged: 0, refused: 0 })
    expect(p.rows[1].warnings.map((w) => w.key)).toEqual(['imports.warning.headcount', 'imports.warning.qualified'])
    await apply('rosters', rows)
    expect(
      db
        .select({ name: teamMembers.name })
        .from(teamMembers)
        .where(eq(teamMembers.labId, labId))
        .all()
        .map((m) => m.name),
    ).toEqual(['老成员', '王五', '赵六'])
    const changed = await preview('rosters', [ROSTER_HEADER, [certOf(labId), '王五', '正高级', '博士', '科研人员']])
    expect(changed.rows[0].outcome).toBe('updated')
  })

  test('a roster import marks its labs for re-evaluation, once for the batch', async () => {
    db.delete(complianceStale).run()
    await apply('rosters', [
      ROSTER_HEADER,
      [certOf(labId), '甲', '中级', '学士', '科研人员'],
      [certOf(labId), '乙', '中级', '学士', '科研人员'],
    ])
    expect(staleMarks()).toMatchObject({ all: false, labIds: [labId] })
  })

  test('an unknown lab certificate, a bad title, degree or role, and a name twice are refused on their columns', async () => {
    const p = await preview('rosters', [
      ROSTER_HEADER,
      ['NO-SUCH', '甲', '中级', '学士', '科研人员'],
      [certOf(labId), '乙', '教授', '学士', '科研人员'],
      [certOf(labId), '丙', '中级', '大学', '科研人员'],
      [certOf(labId), '丁', '中级', '学士', '组长'],
      [certOf(labId), '戊', '中级', '学士', '科研人员'],
      [certOf(labId), '戊', '中级', '学士', '科研人员'],
    ])
    expect(errorOf(p, 2)).toEqual([{ column: '实验室证书编号', key: 'imports.error.unknownLab' }])
    expect(errorOf(p, 3)).toEqual([{ column: '职称', key: 'imports.error.choice' }])
    expect(errorOf(p, 4)).toEqual([{ column: '学历学位', key: 'imports.error.choice' }])
    expect(errorOf(p, 5)).toEqual([{ column: '团队角色', key: 'imports.error.choice' }])
    expect(errorOf(p, 7)).toEqual([{ column: '姓名', key: 'imports.error.duplicateInFile' }])
  })

  test("a lab account imports its own roster only; another lab's row reads as unknown", async () => {
    const labUser = actingOf(await makeUser(db, { role: 'lab', labId }))
    const p = await preview(
      'rosters',
      [ROSTER_HEADER, ['', '甲', '中级', '学士', '科研人员'], [certOf(otherDistrictLabId), '乙', '中级', '学士', '科研人员']],
      labUser,
    )
    expect(p.rows[0].outcome).toBe('new')
    expect(errorOf(p, 3)).toEqual([{ column: '实验室证书编号', key: 'imports.error.unknownLab' }])
  })

  test("a district's row for another district's lab reads as unknown", async () => {
    const gusu = actingOf(await makeUser(db, { role: 'district', districtCode: '320508' }))
    const p = await preview(
      'rosters',
      [ROSTER_HEADER, [certOf(labId), '甲', '中级', '学士', '科研人员'], [certOf(otherDistrictLabId), '乙', '中级', '学士', '科研人员']],
      gusu,
    )
    expect(p.rows[0].outcome).toBe('new')
    expect(errorOf(p, 3)).toEqual([{ column: '实验室证书编号', key: 'imports.error.unknownLab' }])
  })

  test('the apply is one transaction: a failure half-way leaves nothing written', async () => {
    db.run(sql`CREATE TRIGGER boom BEFORE INSERT ON team_members WHEN NEW.name = '爆' BEGIN SELECT RAISE(ABORT, 'boom'); END`)
    const before = db.select({ n: count() }).from(auditLog).get()!.n
    const rows = [ROSTER_HEADER, [certOf(labId), '甲', '中级', '学士', '科研人员'], [certOf(labId), '爆', '中级', '学士', '科研人员']]
    const token = stageImport({ kind: 'rosters', fileName: 'r.csv', bytes: csv(rows), actor: bureau })
    await expect(applyImport({ token, actor: bureau })).rejects.toThrow(/boom/)
    expect(db.select({ n: count() }).from(teamMembers).get()!.n).toBe(0)
    expect(db.select({ n: count() }).from(importBatches).get()!.n).toBe(0)
    expect(db.select({ n: count() }).from(auditLog).get()!.n).toBe(before)
  })
})

describe('users', () => {
  const USER_HEADER = ['用户名', '姓名', '角色', '所属区县', '所属实验室证书编号']

  test('a new account gets an initial password shown once, and it signs in with it', async () => {
    const result = await apply('users', [USER_HEADER, ['wu.officer', '吴中区管理员', '区县大数据主管部门', '吴中区', '']])
    const sheet = takePasswords({ token: result.passwordsToken!, batchId: result.batch.id, actor: bureau })!
    expect(sheet.map((s) => s.username)).toEqual(['wu.officer'])
    const stored = db.select().from(users).where(eq(users.username, 'wu.officer')).get()!
    expect([stored.role, stored.districtCode]).toEqual(['district', '320506'])
    expect(stored.passwordHash).not.toContain(sheet[0].password)
    expect(await verifyPassword(sheet[0].password, stored.passwordHash)).toBe(true)
    expect(takePasswords({ token: result.passwordsToken!, batchId: result.batch.id, actor: bureau })).toBeNull()
  })

  test('a bad username, a username of another role and a district account without a district are refused', async () => {
    await makeUser(db, { role: 'expert', username: 'taken' })
    const p = await preview('users', [
      USER_HEADER,
      ['A!', '甲', '实验室', '', ''],
      ['taken', '乙', '区县大数据主管部门', '姑苏区', ''],
      ['newdistrict', '丙', '区县', '', ''],
    ])
    expect(errorOf(p, 2)).toContainEqual({ column: '用户名', key: 'users.error.usernameLength' })
    expect(errorOf(p, 3)).toEqual([{ column: '用户名', key: 'imports.error.usernameOtherRole' }])
    expect(errorOf(p, 4)).toEqual([{ column: '所属区县', key: 'users.error.districtRequired' }])
  })
})

describe('the importing user', () => {
  test('cannot disable their own account through a file', async () => {
    const p = await preview('users', [
      ['用户名', '姓名', '角色', '启用'],
      ['chief', '局长', '市大数据管理局', '否'],
    ])
    expect(errorOf(p, 2)).toEqual([{ column: '启用', key: 'users.error.selfDeactivate' }])
  })
})

describe('the batch', () => {
  test('one batch row per applied import, its file kept in the attachments store', async () => {
    const rows = [ORG_HEADER, [code('000000011'), '甲', '企业', '姑苏区'], ['bad', '乙', '企业', '姑苏区']]
    const result = await apply('organisations', rows)
    const batch = db.select().from(importBatches).get()!
    expect([batch.kind, batch.newCount, batch.refusedCount, batch.actorName]).toEqual(['organisations', 1, 1, bureau.displayName])
    expect(result.batch.id).toBe(batch.id)
    expect(fs.readFileSync(storedPathOf(batch.sha256))).toEqual(Buffer.from(csv(rows)))
    const audits = db.select().from(auditLog).where(eq(auditLog.entityType, 'organisation')).all()
    expect(audits).toHaveLength(1)
  })
})
