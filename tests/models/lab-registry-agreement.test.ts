import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { desc, eq, sql } from 'drizzle-orm'
import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import type { IsoDate } from '~/domain/dates'
import type { Actor } from '~/domain/permissions'
import { teamThresholds } from '~/domain/team'
import { DEFAULT_EXPIRY_WINDOW_DAYS, labStatus } from '~/domain/validity'
import { applyImport, stageImport } from '~/models/imports/imports.server'
import { addPeriod, updateLab } from '~/models/lab-mutations.server'
import type { LabFilter, LabSort } from '~/models/lab-registry'
import { LAB_SORTS } from '~/models/lab-registry'
import { listLabs, teamCounts } from '~/models/labs.server'
import { updateOrganisation } from '~/models/organisations.server'
import type { AuditActor } from '~/models/audit.server'
import type { ActingUser } from '~/models/result.server'
import { addMember, removeMember, updateMember } from '~/models/team.server'
import type { Db } from '~db/client.server'
import { insertPeriod, insertTeamMember } from '~db/factories'
import { labs, organisations, teamMembers, validityPeriods } from '~db/schema'
import { LAB_STATUSES, type DistrictCode, type PeriodOutcome } from '~db/schema/enums'
import { pinClock } from '../clock'
import { makeLab, makeOrg, makeUser, setupTestDb } from '../helpers'

// Issue 18 made the registry's sort by team size, its search and its status filter cheap at
// province scale: labs.headcount and labs.qualified are kept by triggers on team_members, the
// search first looks terms of 3+ characters up in a trigram index kept by triggers (lab_search),
// the 'expiring' and month filters take their candidates from validity_periods_end_idx, and a
// page reads its ids before its columns. Each is held here to what it replaced: the counts and
// the index to a recount after every kind of write, the pages to the whole list sorted and
// filtered by the pure rules.

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-registry-'))
process.env.DATA_DIR = dataDir
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

const TODAY: IsoDate = '2026-03-02'
pinClock(new Date('2026-03-02T02:00:00Z'))

let db: Db
let bureau: Actor
let acting: ActingUser
let audit: AuditActor

beforeEach(async () => {
  db = setupTestDb()
  const u = await makeUser(db, { role: 'bureau', username: 'chief' })
  bureau = { id: u.id, role: 'bureau', districtCode: null, labId: null }
  acting = { id: u.id, role: 'bureau', districtCode: null, labId: null, displayName: u.displayName, ip: '127.0.0.1' }
  audit = { id: u.id, displayName: u.displayName, ip: '127.0.0.1' }
})

describe('the stored roster counts', () => {
  // every lab's stored counts, its recount in SQL (teamCounts) and the pure rule on its roster
  function expectCountsAgree() {
    const team = teamCounts()
    const stored = db
      .select({
        id: labs.id,
        headcount: labs.headcount,
        qualified: labs.qualified,
        recounted: team.headcount,
        recountedQualified: team.qualified,
      })
      .from(labs)
      .all()
    for (const lab of stored) {
      const roster = db.select().from(teamMembers).where(eq(teamMembers.labId, lab.id)).all()
      const rule = teamThresholds(roster)
      expect({ id: lab.id, headcount: lab.headcount, qualified: lab.qualified }).toEqual({
        id: lab.id,
        headcount: rule.headcount,
        qualified: rule.qualifiedCount,
      })
      expect([lab.recounted, lab.recountedQualified]).toEqual([lab.headcount, lab.qualified])
    }
    return new Map(stored.map((l) => [l.id, [l.headcount, l.qualified]]))
  }

  test('agree with a recount of the roster after every kind of roster write', async () => {
    const a = makeLab(db, { teamSize: 5 }) // 3 of them associate_senior: qualified
    const b = makeLab(db, { districtCode: '320583', teamSize: 2 })
    expect(expectCountsAgree().get(a.id)).toEqual([5, 3])

    const added = addMember({
      labId: a.id,
      input: { name: '新博士', titleLevel: 'junior', degree: 'doctorate', role: 'researcher', active: true },
      actor: audit,
    })
    expect(expectCountsAgree().get(a.id)).toEqual([6, 4])
    // support staff count in the headcount, never as qualified researchers
    const admin = addMember({
      labId: a.id,
      input: { name: '行政', titleLevel: 'senior', degree: 'doctorate', role: 'administrator', active: true },
      actor: audit,
    })
    expect(expectCountsAgree().get(a.id)).toEqual([7, 4])
    updateMember({ labId: a.id, memberId: admin.id, input: { role: 'researcher' }, actor: audit })
    expect(expectCountsAgree().get(a.id)).toEqual([7, 5])
    updateMember({ labId: a.id, memberId: added.id, input: { degree: 'bachelor' }, actor: audit })
    expect(expectCountsAgree().get(a.id)).toEqual([7, 4])
    updateMember({ labId: a.id, memberId: added.id, input: { titleLevel: 'senior' }, actor: audit })
    expect(expectCountsAgree().get(a.id)).toEqual([7, 5])
    updateMember({ labId: a.id, memberId: added.id, input: { active: false }, actor: audit })
    expect(expectCountsAgree().get(a.id)).toEqual([6, 4])
    removeMember({ labId: a.id, memberId: admin.id, actor: audit })
    expect(expectCountsAgree().get(a.id)).toEqual([5, 3])

    // a member moved to another lab leaves one count and joins the other
    const moved = db.select().from(teamMembers).where(eq(teamMembers.labId, a.id)).orderBy(teamMembers.id).get()!
    db.update(teamMembers).set({ labId: b.id }).where(eq(teamMembers.id, moved.id)).run()
    const afterMove = expectCountsAgree()
    expect([afterMove.get(a.id), afterMove.get(b.id)]).toEqual([
      [4, 2],
      [3, 3],
    ])

    // a roster import adds and updates members in one transaction
    const cert = db.select().from(validityPeriods).where(eq(validityPeriods.labId, b.id)).get()!.certificateNo
    const csv = [
      ['实验室证书编号', '姓名', '职称', '学历学位', '团队角色'],
      [cert, '王五', '副高级', '硕士', '科研人员'],
      [cert, '赵六', '中级', '学士', '技术人员'],
      [cert, '成员0', '正高级', '博士', '科研人员'],
    ]
      .map((r) => r.join(','))
      .join('\n')
    const token = stageImport({ kind: 'rosters', fileName: 'r.csv', bytes: new TextEncoder().encode(csv), actor: acting })
    const applied = await applyImport({ token, actor: acting })
    expect(applied?.ok).toBe(true)
    expect(expectCountsAgree().get(b.id)).toEqual([5, 4])

    // a whole roster deleted at once, and a member written around the models
    db.delete(teamMembers).where(eq(teamMembers.labId, b.id)).run()
    insertTeamMember(db, { labId: b.id, name: '独苗', titleLevel: 'senior' })
    expect(expectCountsAgree().get(b.id)).toEqual([1, 1])
  })

  test('sorting the registry by team size reads the stored counts, ties by id', () => {
    const small = makeLab(db, { name: '甲', teamSize: 2 })
    const big = makeLab(db, { name: '乙', teamSize: 6 })
    const tie = makeLab(db, { name: '丙', teamSize: 2 })
    const ids = (dir: 'asc' | 'desc', sort: LabSort) =>
      listLabs({ actor: bureau, filter: { sort, dir }, today: TODAY, windowDays: 90, page: 1, pageSize: 50 }).rows.map((r) => r.id)
    expect(ids('desc', 'headcount')).toEqual([big.id, small.id, tie.id])
    expect(ids('asc', 'headcount')).toEqual([small.id, tie.id, big.id])
    addMember({
      labId: tie.id,
      input: { name: '加一', titleLevel: 'senior', degree: 'doctorate', role: 'researcher', active: true },
      actor: audit,
    })
    expect(ids('desc', 'headcount')).toEqual([big.id, tie.id, small.id])
    expect(ids('desc', 'qualified')).toEqual([big.id, tie.id, small.id])
  })
})

describe('the search index', () => {
  // lab_search against the texts the registry's LIKE test reads: name, host, director, latest certificate
  function expectIndexAgrees() {
    const indexed = db.all<{ id: number; name: string; host: string; director: string; certificate: string }>(
      sql`SELECT rowid AS id, name, host, director, certificate FROM lab_search ORDER BY rowid`,
    )
    const expected = db
      .select({ id: labs.id, name: labs.name, host: organisations.name, director: labs.directorName })
      .from(labs)
      .innerJoin(organisations, eq(organisations.id, labs.hostOrgId))
      .orderBy(labs.id)
      .all()
      .map((l) => ({
        ...l,
        certificate:
          db.select().from(validityPeriods).where(eq(validityPeriods.labId, l.id)).orderBy(desc(validityPeriods.sequence)).get()
            ?.certificateNo ?? '',
      }))
    expect(indexed).toEqual(expected)
  }
  const found = (q: string) =>
    listLabs({ actor: bureau, filter: { q, sort: 'name', dir: 'asc' }, today: TODAY, windowDays: 90, page: 1, pageSize: 50 }).rows.map(
      (r) => r.id,
    )

  test('agrees with the labs, hosts and latest certificates after every kind of write', () => {
    const host = makeOrg(db, { name: '苏州云算科技有限公司' })
    const lab = makeLab(db, { name: '智慧交通实验室', hostOrgId: host.id })
    const other = makeLab(db, { name: '医疗影像实验室' })
    expectIndexAgrees()
    expect(found('智慧交通')).toEqual([lab.id])

    const input = {
      name: '城市交通大脑实验室',
      direction: 2,
      districtCode: '320508' as DistrictCode,
      hostOrgId: other.hostOrgId,
      directorName: '欧阳明',
      contactName: '李四',
      contactPhone: '0512-12345678',
      contactEmail: '',
      focus: '',
      address: '',
      planSummary: '',
      partnerOrgIds: [],
    }
    updateLab({ id: lab.id, input, actor: audit })
    expectIndexAgrees()
    expect(found('智慧交通')).toEqual([])
    expect(found('交通大脑')).toEqual([lab.id])
    expect(found('欧阳明')).toEqual([lab.id])

    // the host renamed: every lab it hosts is found by the new name
    const hostRow = db.select().from(organisations).where(eq(organisations.id, other.hostOrgId)).get()!
    const renamed = updateOrganisation({
      id: hostRow.id,
      input: { name: '姑苏数港集团', kind: hostRow.kind, districtCode: hostRow.districtCode, creditCode: hostRow.creditCode },
      actor: audit,
    })
    expect(renamed.ok).toBe(true)
    expectIndexAgrees()
    expect(found('姑苏数港')).toEqual([other.id, lab.id]) // 医 sorts before 城
    expect(found('云算科技')).toEqual([])

    // a new period: its certificate is searched, the earlier one no longer (the registry shows the latest)
    const first = db.select().from(validityPeriods).where(eq(validityPeriods.labId, lab.id)).get()!
    addPeriod({ labId: lab.id, period: { startDate: '2027-06-01', endDate: '2029-05-31', certificateNo: 'SZBD-2027-0099' }, actor: audit })
    expectIndexAgrees()
    expect(found('2027-0099')).toEqual([lab.id])
    expect(found(first.certificateNo)).toEqual([])
    db.update(validityPeriods).set({ certificateNo: 'SZBD-2027-0100' }).where(eq(validityPeriods.certificateNo, 'SZBD-2027-0099')).run()
    expectIndexAgrees()
    expect(found('2027-0100')).toEqual([lab.id])
    db.delete(validityPeriods).where(eq(validityPeriods.certificateNo, 'SZBD-2027-0100')).run()
    expectIndexAgrees()
    expect(found(first.certificateNo)).toEqual([lab.id])

    // periods written around the models, highest sequence first
    insertPeriod(db, { labId: other.id, sequence: 3, startDate: '2030-01-01', certificateNo: 'LATE-3' })
    insertPeriod(db, { labId: other.id, sequence: 2, startDate: '2028-01-01', certificateNo: 'MID-2' })
    expectIndexAgrees()
    expect(found('LATE-3')).toEqual([other.id])
    expect(found('MID-2')).toEqual([])
  })
})

describe('a page of the registry', () => {
  type Spec = {
    name: string
    district?: DistrictCode
    host?: string
    director?: string
    team?: number
    periods?: { startDate: IsoDate; endDate: IsoDate; outcome?: PeriodOutcome | null; cert: string }[]
  }
  const period = (startDate: IsoDate, endDate: IsoDate, cert: string, outcome: PeriodOutcome | null = null) => ({
    startDate,
    endDate,
    cert,
    outcome,
  })
  // every status, ties in name and team size, ASCII case, LIKE's wildcards, short and long terms
  const SPECS: Spec[] = [
    { name: 'ABC数据实验室', team: 4, periods: [period('2025-01-01', '2026-12-31', 'SZ-001')] },
    { name: 'abc数据实验室', district: '320583', team: 4, periods: [period('2024-06-01', '2026-04-30', 'SZ-002')] },
    { name: '50%算力实验室', team: 0, periods: [period('2024-03-01', '2026-03-20', 'SZ-003')] },
    { name: 'a_b智能实验室', team: 7, host: '苏州大学', periods: [period('2023-01-01', '2025-12-31', 'SZ-004')] },
    { name: 'axb智能实验室', team: 7, director: '欧阳ABC', periods: [period('2023-01-01', '2025-12-31', 'SZ-005', 'not_renewed')] },
    { name: '撤销实验室', team: 3, periods: [period('2025-01-01', '2026-12-31', 'SZ-006', 'revoked')] },
    {
      name: '续期实验室',
      district: '320583',
      team: 16,
      periods: [period('2022-01-01', '2023-12-31', 'OLD-777', 'renewed'), period('2024-01-01', '2026-05-15', 'NEW-778')],
    },
    { name: '未来实验室', team: 1, periods: [period('2026-06-01', '2028-05-31', 'SZ-009')] },
    { name: '未认定实验室', team: 2, periods: [] },
    { name: 'ABC数据实验室', team: 9, host: 'Abc Holdings', periods: [period('2025-05-01', '2027-04-30', 'SZ-010')] },
    { name: '实验室"引号', district: '320583', team: 4, periods: [period('2025-03-01', '2026-05-31', 'SZ-011')] },
    { name: 'Z实验室', team: 15, periods: [period('2024-12-01', '2026-11-30', 'SZ-012', 'renewed')] },
  ]

  type Ref = {
    id: number
    name: string
    districtCode: string
    hostName: string
    directorName: string
    certificate: string
    endDate: string | null
    status: string
    headcount: number
    qualified: number
    undecidedEnd: string | null
  }

  function build(): Ref[] {
    return SPECS.map((s, i) => {
      const districtCode = s.district ?? '320508'
      const host = makeOrg(db, { districtCode, name: s.host ?? `依托单位${i}` })
      const lab = makeLab(db, { name: s.name, districtCode, hostOrgId: host.id, teamSize: s.team ?? 0, direction: (i % 3) + 1 })
      if (s.director) db.update(labs).set({ directorName: s.director }).where(eq(labs.id, lab.id)).run()
      db.delete(validityPeriods).where(eq(validityPeriods.labId, lab.id)).run()
      ;(s.periods ?? []).forEach((p, k) =>
        insertPeriod(db, {
          labId: lab.id,
          sequence: k + 1,
          startDate: p.startDate,
          endDate: p.endDate,
          outcome: p.outcome ?? null,
          certificateNo: p.cert,
        }),
      )
      const latest =
        db.select().from(validityPeriods).where(eq(validityPeriods.labId, lab.id)).orderBy(desc(validityPeriods.sequence)).get() ?? null
      const row = db.select().from(labs).where(eq(labs.id, lab.id)).get()!
      const roster = teamThresholds(db.select().from(teamMembers).where(eq(teamMembers.labId, lab.id)).all())
      return {
        id: lab.id,
        name: s.name,
        districtCode,
        hostName: s.host ?? `依托单位${i}`,
        directorName: row.directorName,
        certificate: latest?.certificateNo ?? '',
        endDate: latest?.endDate ?? null,
        status: labStatus({ latest, today: TODAY, windowDays: DEFAULT_EXPIRY_WINDOW_DAYS }),
        headcount: roster.headcount,
        qualified: roster.qualifiedCount,
        undecidedEnd: latest && latest.outcome === null ? latest.endDate : null,
      }
    })
  }

  // LIKE's test: a substring, ASCII letters in either case
  const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase())
  const contains = (text: string, q: string) => asciiLower(text).includes(asciiLower(q))
  // SQLite's order: NULL first, then by code point; ties by id
  function compare(a: Ref, b: Ref, sort: 'name' | 'headcount' | 'qualified' | 'endDate', dir: 'asc' | 'desc') {
    const va = a[sort]
    const vb = b[sort]
    let c = 0
    if (va !== vb) c = va === null ? -1 : vb === null ? 1 : va < vb ? -1 : 1
    return (dir === 'desc' ? -c : c) || a.id - b.id
  }
  function reference(all: Ref[], actor: Actor, filter: LabFilter) {
    return all
      .filter((r) => actor.role !== 'district' || r.districtCode === actor.districtCode)
      .filter((r) => !filter.districtCode || r.districtCode === filter.districtCode)
      .filter((r) => !filter.status || r.status === filter.status)
      .filter((r) => !filter.expires || (r.undecidedEnd?.startsWith(filter.expires) ?? false))
      .filter((r) => {
        const q = filter.q?.trim()
        return !q || [r.name, r.hostName, r.directorName, r.certificate].some((t) => contains(t, q))
      })
      .sort((a, b) => compare(a, b, filter.sort as 'name', filter.dir))
      .map((r) => r.id)
  }

  const gusu: Actor = { id: 99, role: 'district', districtCode: '320583', labId: null }
  const FILTERS: [string, Partial<LabFilter>][] = [
    ['everything', {}],
    ...LAB_STATUSES.map((status): [string, Partial<LabFilter>] => [`status ${status}`, { status }]),
    ['one district', { districtCode: '320583' }],
    ['expiring in one district', { status: 'expiring', districtCode: '320508' }],
    ['ending in a month', { expires: '2026-05' }],
    ['a 1-character term', { q: 'a' }],
    ['a 2-character term', { q: '智能' }],
    ['a 3-character term in another case', { q: 'abc' }],
    ['a long term', { q: 'ABC数据实验室' }],
    ['a term with %', { q: '50%' }],
    ['a term with _', { q: 'a_b' }],
    ['a term with a double quote', { q: '室"引' }],
    ['a host name', { q: '苏州大学' }],
    ['a director', { q: '欧阳' }],
    ['the latest certificate', { q: 'NEW-778' }],
    ['an earlier certificate', { q: 'OLD-777' }],
    ['FTS syntax', { q: 'abc OR *' }],
    ['a term and a status', { q: '实验室', status: 'expiring' }],
  ]

  test.each(FILTERS)('%s: every page of 5 is the slice of the whole list the rules give, the total its length', (_, f) => {
    const all = build()
    for (const actor of [bureau, gusu]) {
      for (const [sort, dir] of [
        ['name', 'asc'],
        ['name', 'desc'],
        ['headcount', 'desc'],
        ['headcount', 'asc'],
        ['qualified', 'desc'],
        ['endDate', 'asc'],
      ] as const) {
        const filter: LabFilter = { sort, dir, ...f }
        const expected = reference(all, actor, filter)
        const args = { actor, filter, today: TODAY, windowDays: DEFAULT_EXPIRY_WINDOW_DAYS }
        const whole = listLabs({ ...args, page: 1, pageSize: null }).rows
        expect(whole.map((r) => r.id)).toEqual(expected)
        // both plans of a search: from the matches, and walking the sort order
        for (const walkFrom of [1000, 0]) {
          const paged = [1, 2, 3].map((page) => listLabs({ ...args, page, pageSize: 5, walkFrom }))
          for (const p of paged) expect(p.total).toBe(expected.length)
          expect(paged.flatMap((p) => p.rows)).toEqual(whole)
        }
      }
    }
  })

  test.each(LAB_SORTS.map((s) => [s]))('sorted by %s: the pages together are the whole list, both ways', (sort) => {
    build()
    for (const dir of ['asc', 'desc'] as const) {
      const args = { actor: bureau, filter: { sort, dir } as LabFilter, today: TODAY, windowDays: DEFAULT_EXPIRY_WINDOW_DAYS }
      const whole = listLabs({ ...args, page: 1, pageSize: null }).rows
      const paged = [1, 2, 3].flatMap((page) => listLabs({ ...args, page, pageSize: 5 }).rows)
      expect(paged).toEqual(whole)
      expect(whole).toHaveLength(SPECS.length)
    }
  })

  test('the expiry window moves the expiring candidates with it', () => {
    const all = build()
    const wide = listLabs({
      actor: bureau,
      filter: { sort: 'name', dir: 'asc', status: 'expiring' },
      today: TODAY,
      windowDays: 365,
      page: 1,
      pageSize: 50,
    })
    const expected = all.filter((r) => labStatusFor(r, 365) === 'expiring').map((r) => r.id)
    expect(wide.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b))
    expect(wide.total).toBeGreaterThan(
      listLabs({
        actor: bureau,
        filter: { sort: 'name', dir: 'asc', status: 'expiring' },
        today: TODAY,
        windowDays: 7,
        page: 1,
        pageSize: 50,
      }).total,
    )
  })

  function labStatusFor(r: Ref, windowDays: number) {
    const latest =
      db.select().from(validityPeriods).where(eq(validityPeriods.labId, r.id)).orderBy(desc(validityPeriods.sequence)).get() ?? null
    return labStatus({ latest, today: TODAY, windowDays })
  }
})
