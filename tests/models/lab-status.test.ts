import { asc, desc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { addDays, type IsoDate } from '~/domain/dates'
import type { Actor } from '~/domain/permissions'
import { teamThresholds } from '~/domain/team'
import { DEFAULT_EXPIRY_WINDOW_DAYS, labStatus, periodEndDate } from '~/domain/validity'
import { countLabsByStatus, listLabs } from '~/models/labs.server'
import type { LabFilter } from '~/models/lab-registry'
import type { Db } from '~db/client.server'
import { teamMembers, validityPeriods } from '~db/schema'
import { LAB_STATUSES, type Degree, type LabStatus, type PeriodOutcome, type TeamRole, type TitleLevel } from '~db/schema/enums'
import { makeLab, makeUser, setupTestDb } from '../helpers'
import { insertPeriod, insertTeamMember } from '~db/factories'

const TODAY: IsoDate = '2025-06-15'

type PeriodSpec = { startDate: IsoDate; endDate: IsoDate; outcome?: PeriodOutcome | null }

let db: Db
let bureau: Actor

beforeEach(async () => {
  db = setupTestDb()
  const user = await makeUser(db, { role: 'bureau' })
  bureau = { id: user.id, role: 'bureau', districtCode: null, labId: null }
})

// A lab whose validity periods are exactly `periods`, in sequence order 1, 2, …
// Inserted highest sequence first, so "latest" cannot be read off the row id.
function labWithPeriods(name: string, periods: PeriodSpec[]) {
  const lab = makeLab(db, { name })
  db.delete(validityPeriods).where(eq(validityPeriods.labId, lab.id)).run()
  periods
    .map((p, i) => ({ ...p, sequence: i + 1 }))
    .reverse()
    .forEach((p) =>
      insertPeriod(db, {
        labId: lab.id,
        sequence: p.sequence,
        startDate: p.startDate,
        endDate: p.endDate,
        outcome: p.outcome ?? null,
        certificateNo: `${name}-${p.sequence}`,
      }),
    )
  return lab
}

// The pure rule applied to what is in the database: the lab's period with the highest sequence.
function expectedStatus(labId: number, today: IsoDate, windowDays = DEFAULT_EXPIRY_WINDOW_DAYS): LabStatus {
  const latest = db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).orderBy(desc(validityPeriods.sequence)).get()
  return labStatus({ latest: latest ?? null, today, windowDays })
}

const filterAll: LabFilter = { sort: 'name', dir: 'asc' }

function registry(today: IsoDate, filter: Partial<LabFilter> = {}, windowDays = DEFAULT_EXPIRY_WINDOW_DAYS) {
  return listLabs({ actor: bureau, filter: { ...filterAll, ...filter }, today, windowDays, page: 1, pageSize: null }).rows
}

// The edge grid, relative to TODAY, with the status labStatus gives on TODAY.
function buildGrid() {
  const cases: [string, PeriodSpec[], LabStatus][] = [
    ['last valid day', [{ startDate: addDays(TODAY, -729), endDate: TODAY }], 'expiring'],
    ['first expired day', [{ startDate: addDays(TODAY, -730), endDate: addDays(TODAY, -1) }], 'expired'],
    ['end exactly at the window', [{ startDate: addDays(TODAY, -639), endDate: addDays(TODAY, DEFAULT_EXPIRY_WINDOW_DAYS) }], 'expiring'],
    [
      'end one day beyond the window',
      [{ startDate: addDays(TODAY, -638), endDate: addDays(TODAY, DEFAULT_EXPIRY_WINDOW_DAYS + 1) }],
      'active',
    ],
    ['starts today', [{ startDate: TODAY, endDate: periodEndDate(TODAY) }], 'active'],
    ['starts tomorrow', [{ startDate: addDays(TODAY, 1), endDate: periodEndDate(addDays(TODAY, 1)) }], 'renewed'],
    ['revoked while in date', [{ startDate: '2025-01-01', endDate: periodEndDate('2025-01-01'), outcome: 'revoked' }], 'revoked'],
    ['revoked after its end', [{ startDate: '2022-01-01', endDate: periodEndDate('2022-01-01'), outcome: 'revoked' }], 'revoked'],
    [
      'not renewed after its end',
      [{ startDate: '2023-01-01', endDate: periodEndDate('2023-01-01'), outcome: 'not_renewed' }],
      'not_renewed',
    ],
    [
      'not renewed but still in date',
      [{ startDate: '2025-01-01', endDate: periodEndDate('2025-01-01'), outcome: 'not_renewed' }],
      'active',
    ],
    ['not renewed on its last day', [{ startDate: addDays(TODAY, -729), endDate: TODAY, outcome: 'not_renewed' }], 'expiring'],
    [
      'renewed outcome on an ended period',
      [{ startDate: '2023-01-01', endDate: periodEndDate('2023-01-01'), outcome: 'renewed' }],
      'renewed',
    ],
    [
      'expired first period, active second',
      [
        { startDate: '2023-01-01', endDate: periodEndDate('2023-01-01'), outcome: 'renewed' },
        { startDate: '2025-01-01', endDate: periodEndDate('2025-01-01') },
      ],
      'active',
    ],
    [
      'active first period, revoked second',
      [
        { startDate: '2025-01-01', endDate: periodEndDate('2025-01-01') },
        { startDate: '2025-03-01', endDate: periodEndDate('2025-03-01'), outcome: 'revoked' },
      ],
      'revoked',
    ],
    [
      'ended first period, future second',
      [
        { startDate: '2023-06-01', endDate: periodEndDate('2023-06-01') },
        { startDate: '2025-07-01', endDate: periodEndDate('2025-07-01') },
      ],
      'renewed',
    ],
    ['29 February start', [{ startDate: '2024-02-29', endDate: periodEndDate('2024-02-29') }], 'active'],
    ['no period at all', [], 'uncertified'],
  ]
  return cases.map(([name, periods, onToday]) => ({ name, onToday, lab: labWithPeriods(name, periods) }))
}

describe('the SQL status and labStatus()', () => {
  test('the grid’s statuses on the pinned day are the ones the edge cases are meant to hit', () => {
    const grid = buildGrid()
    for (const { lab, onToday } of grid) expect(expectedStatus(lab.id, TODAY)).toBe(onToday)
    // the grid covers every status, so a branch missing from the SQL cannot go unnoticed
    expect(new Set(grid.map((g) => g.onToday))).toEqual(new Set(LAB_STATUSES))
  })

  test('a 29 February start ends on 28 February two years later', () => {
    expect(periodEndDate('2024-02-29')).toBe('2026-02-28')
  })

  test.each([
    ['the pinned day', TODAY],
    ['the day before', addDays(TODAY, -1)],
    ['the day after', addDays(TODAY, 1)],
    ['the last day of a 29 February period', '2026-02-28'],
    ['the day after a 29 February period', '2026-03-01'],
    ['90 days before a 29 February period ends', addDays('2026-02-28', -90)],
    ['91 days before a 29 February period ends', addDays('2026-02-28', -91)],
    ['a leap day', '2028-02-29'],
  ])('listLabs gives every lab the status labStatus gives it on %s', (_label, today) => {
    const grid = buildGrid()
    const rows = registry(today)
    expect(rows).toHaveLength(grid.length)
    for (const { name, lab } of grid) {
      const row = rows.find((r) => r.id === lab.id)!
      expect({ name, status: row.status }).toEqual({ name, status: expectedStatus(lab.id, today) })
    }
  })

  test('the SQL honours a window other than 90 days at its edge', () => {
    const edge = labWithPeriods('30 天边界', [{ startDate: '2024-07-16', endDate: addDays(TODAY, 30) }])
    const beyond = labWithPeriods('31 天', [{ startDate: '2024-07-17', endDate: addDays(TODAY, 31) }])
    const rows = registry(TODAY, {}, 30)
    expect(rows.find((r) => r.id === edge.id)!.status).toBe('expiring')
    expect(rows.find((r) => r.id === beyond.id)!.status).toBe('active')
    expect(expectedStatus(edge.id, TODAY, 30)).toBe('expiring')
    expect(expectedStatus(beyond.id, TODAY, 30)).toBe('active')
  })

  test('countLabsByStatus counts the same statuses labStatus gives', () => {
    const grid = buildGrid()
    const expected: Partial<Record<LabStatus, number>> = {}
    for (const { lab } of grid) {
      const s = expectedStatus(lab.id, TODAY)
      expected[s] = (expected[s] ?? 0) + 1
    }
    const counted = Object.fromEntries(
      countLabsByStatus({ actor: bureau, today: TODAY, windowDays: DEFAULT_EXPIRY_WINDOW_DAYS }).map((c) => [c.status, c.n]),
    )
    expect(counted).toEqual(expected)
  })

  test.each(LAB_STATUSES)('the status filter %s returns exactly the labs with that status', (status) => {
    const grid = buildGrid()
    const wanted = grid
      .filter((g) => expectedStatus(g.lab.id, TODAY) === status)
      .map((g) => g.lab.id)
      .sort((a, b) => a - b)
    expect(wanted.length).toBeGreaterThan(0)
    const rows = registry(TODAY, { status })
    expect(rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(wanted)
    expect(rows.every((r) => r.status === status)).toBe(true)
    const paged = listLabs({
      actor: bureau,
      filter: { ...filterAll, status },
      today: TODAY,
      windowDays: DEFAULT_EXPIRY_WINDOW_DAYS,
      page: 1,
      pageSize: 20,
    })
    expect(paged.total).toBe(wanted.length)
  })

  test('sorting by status puts equal statuses together and keeps every lab', () => {
    const grid = buildGrid()
    const rows = registry(TODAY, { sort: 'status', dir: 'asc' })
    expect(rows).toHaveLength(grid.length)
    const statuses = rows.map((r) => r.status)
    expect(statuses).toEqual([...statuses].sort())
  })
})

describe('team counts in the registry', () => {
  type M = { name: string; titleLevel: TitleLevel; degree: Degree; role: TeamRole; active: boolean }
  const member = (over: Partial<M> = {}): M => ({
    name: '成员',
    titleLevel: 'intermediate',
    degree: 'bachelor',
    role: 'researcher',
    active: true,
    ...over,
  })

  function labWithRoster(name: string, roster: M[]) {
    const lab = makeLab(db, { name })
    for (const m of roster) insertTeamMember(db, { labId: lab.id, ...m })
    return lab
  }

  test('headcount and qualified in listLabs equal teamThresholds() for mixed rosters', () => {
    const rosters: [string, M[]][] = [
      ['空团队', []],
      [
        '离职与管理人员',
        [
          member({ titleLevel: 'senior' }),
          member({ degree: 'master' }),
          member({ degree: 'doctorate', role: 'administrator' }),
          member({ titleLevel: 'senior', role: 'administrator' }),
          member({ titleLevel: 'associate_senior', active: false }),
          member({ degree: 'doctorate', active: false }),
          member({ active: false }),
          member({ role: 'engineer', degree: 'doctorate' }),
          member({ role: 'director', titleLevel: 'associate_senior' }),
          member({ titleLevel: 'junior', degree: 'below_bachelor' }),
        ],
      ],
      [
        '只有管理人员',
        [member({ role: 'administrator', degree: 'doctorate' }), member({ role: 'administrator', titleLevel: 'senior', degree: 'master' })],
      ],
      ['全部离职', [member({ active: false, titleLevel: 'senior' }), member({ active: false })]],
      [
        '达标团队',
        Array.from({ length: 16 }, (_, i) => member({ name: `成员${i}`, degree: i < 4 ? 'master' : 'bachelor', active: i !== 15 })),
      ],
    ]
    const labs = rosters.map(([name, roster]) => ({ lab: labWithRoster(name, roster), roster }))
    const rows = registry(TODAY)
    for (const { lab } of labs) {
      const stored = db.select().from(teamMembers).where(eq(teamMembers.labId, lab.id)).orderBy(asc(teamMembers.id)).all()
      const expected = teamThresholds(stored)
      const row = rows.find((r) => r.id === lab.id)!
      expect({ lab: lab.name, headcount: row.headcount, qualified: row.qualified }).toEqual({
        lab: lab.name,
        headcount: expected.headcount,
        qualified: expected.qualifiedCount,
      })
    }
    // hand-checked: the mixed roster has 7 active members, of whom 4 are qualified researchers
    const mixed = rows.find((r) => r.name === '离职与管理人员')!
    expect(mixed).toMatchObject({ headcount: 7, qualified: 4 })
    expect(rows.find((r) => r.name === '只有管理人员')).toMatchObject({ headcount: 2, qualified: 0 })
    expect(rows.find((r) => r.name === '全部离职')).toMatchObject({ headcount: 0, qualified: 0 })
    expect(rows.find((r) => r.name === '空团队')).toMatchObject({ headcount: 0, qualified: 0 })
    expect(rows.find((r) => r.name === '达标团队')).toMatchObject({ headcount: 15, qualified: 4 })
  })

  test('sorting by headcount orders labs by their active roster', () => {
    labWithRoster('三人', [member(), member(), member()])
    labWithRoster('一人两离职', [member(), member({ active: false }), member({ active: false })])
    labWithRoster('无人', [])
    const rows = registry(TODAY, { sort: 'headcount', dir: 'desc' })
    expect(rows.map((r) => [r.name, r.headcount])).toEqual([
      ['三人', 3],
      ['一人两离职', 1],
      ['无人', 0],
    ])
  })
})
