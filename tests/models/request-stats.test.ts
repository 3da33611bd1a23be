import { beforeEach, describe, expect, test } from 'vitest'
import type { Actor } from '~/domain/permissions'
import { decisionSpeed, grantedByDistrictAndType, requestServiceStats } from '~/models/request-stats.server'
import type { Db } from '~db/client.server'
import { makeLab, setupTestDb } from '../helpers'
import { decidedFacts, makeRequest } from '../request-service-fixtures'

const TODAY = '2026-03-20'
const bureau: Actor = { id: 1, role: 'bureau', districtCode: null, labId: null }
const gusu: Actor = { id: 2, role: 'district', districtCode: '320508', labId: null }
const kunshan: Actor = { id: 3, role: 'district', districtCode: '320583', labId: null }
const taicang: Actor = { id: 4, role: 'district', districtCode: '320585', labId: null }
const expert: Actor = { id: 5, role: 'expert', districtCode: null, labId: null }

let db: Db
let labs: { gusuA: number; gusuB: number; wz: number; ks: number }

beforeEach(() => {
  db = setupTestDb()
  labs = {
    gusuA: makeLab(db, { districtCode: '320508' }).id,
    gusuB: makeLab(db, { districtCode: '320508' }).id,
    wz: makeLab(db, { districtCode: '320506' }).id,
    ks: makeLab(db, { districtCode: '320583' }).id,
  }
})

// The decided requests of the known sets below (deadline: 10 working days):
//   姑苏 computing (GPU-hours): 3 approved 100, 7 partly 150 of 200, 12 rejected         odd n = 3
//   吴中 data: 2 approved 5 datasets, 4 fulfilled 8 of 10 TB, 9 closed with 2 TB granted,
//              10 closed after a rejection                                               even n = 4
//   昆山 funding (万元): 5 partly 60 of 100                                                n = 1
function seedKnownSets() {
  const { gusuA, gusuB, wz, ks } = labs
  makeRequest(db, { labId: gusuA, type: 'computing', status: 'approved', quantity: 100, ...decidedFacts(3, { decidedOn: '2026-01-10' }) })
  makeRequest(db, {
    labId: gusuB,
    type: 'computing',
    status: 'partly_approved',
    quantity: 200,
    grantedQuantity: 150,
    ...decidedFacts(7, { decidedOn: '2026-02-10' }),
  })
  makeRequest(db, { labId: gusuA, type: 'computing', status: 'rejected', ...decidedFacts(12, { decidedOn: '2026-03-10' }) })
  makeRequest(db, {
    labId: wz,
    type: 'data',
    unit: 'datasets',
    status: 'approved',
    quantity: 5,
    ...decidedFacts(2, { decidedOn: '2026-01-11' }),
  })
  makeRequest(db, {
    labId: wz,
    type: 'data',
    unit: 'tb',
    status: 'fulfilled',
    quantity: 10,
    grantedQuantity: 8,
    ...decidedFacts(4, { decidedOn: '2026-02-11' }),
  })
  makeRequest(db, {
    labId: wz,
    type: 'data',
    unit: 'tb',
    status: 'closed',
    quantity: 3,
    grantedQuantity: 2,
    ...decidedFacts(9, { decidedOn: '2026-02-12' }),
  })
  makeRequest(db, {
    labId: wz,
    type: 'data',
    unit: 'tb',
    status: 'closed',
    quantity: 4,
    grantedQuantity: null,
    ...decidedFacts(10, { decidedOn: '2026-03-12' }),
  })
  makeRequest(db, {
    labId: ks,
    type: 'funding',
    status: 'partly_approved',
    quantity: 100,
    grantedQuantity: 60,
    ...decidedFacts(5, { decidedOn: '2026-03-01' }),
  })
  // not decided: awaiting (one past its deadline), returned, withdrawn, and a draft
  makeRequest(db, { labId: gusuA, type: 'site', status: 'submitted', deadline: '2026-03-10' })
  makeRequest(db, { labId: gusuB, type: 'site', status: 'accepted', deadline: '2026-03-30' })
  makeRequest(db, { labId: wz, type: 'computing', status: 'district_reviewed', deadline: '2026-03-19' })
  makeRequest(db, { labId: wz, type: 'computing', status: 'returned' })
  makeRequest(db, { labId: ks, type: 'funding', status: 'withdrawn', submittedOn: null, deadline: null })
  makeRequest(db, { labId: ks, type: 'funding', status: 'draft' })
}

const speedOf = (rows: { group: string; n: number; inTime: number; median: number | null; p90: number | null }[], group: string) =>
  rows.find((r) => r.group === group)

describe('time to decision', () => {
  test('median and 90th percentile by nearest rank: odd n, even n, n = 1, and no decisions at all', () => {
    seedKnownSets()
    const byType = decisionSpeed({ actor: bureau, by: 'type' })
    // odd: [3, 7, 12] → ranks 2 and 3
    expect(speedOf(byType, 'computing')).toEqual({ group: 'computing', n: 3, inTime: 2, median: 7, p90: 12 })
    // even: [2, 4, 9, 10] → ranks ceil(2) = 2 and ceil(3.6) = 4
    expect(speedOf(byType, 'data')).toEqual({ group: 'data', n: 4, inTime: 4, median: 4, p90: 10 })
    expect(speedOf(byType, 'funding')).toEqual({ group: 'funding', n: 1, inTime: 1, median: 5, p90: 5 })
    // a type nobody has had decided has no row; the section shows —
    expect(speedOf(byType, 'site')).toBeUndefined()
    expect(byType.map((r) => r.group)).toEqual(['computing', 'data', 'funding'])
    // overall [2, 3, 4, 5, 7, 9, 10, 12]: ranks 4 and ceil(7.2) = 8
    expect(requestServiceStats({ actor: bureau, today: TODAY }).speed).toEqual({ n: 8, inTime: 7, median: 5, p90: 12 })
  })

  test('with no decided request the median and the 90th percentile are null, not 0', () => {
    expect(requestServiceStats({ actor: bureau, today: TODAY }).speed).toEqual({ n: 0, inTime: 0, median: null, p90: null })
    expect(decisionSpeed({ actor: bureau, by: 'type' })).toEqual([])
  })

  test('the 90th percentile of ten and of twenty values is the 9th and the 18th', () => {
    // inserted in a shuffled order: the ranks come from the values, not the insertion order
    for (const days of [7, 2, 10, 1, 9, 4, 3, 8, 6, 5]) makeRequest(db, { labId: labs.gusuA, status: 'rejected', ...decidedFacts(days) })
    expect(requestServiceStats({ actor: bureau, today: TODAY }).speed).toEqual({ n: 10, inTime: 10, median: 5, p90: 9 })
    for (const days of [11, 12, 13, 14, 15, 16, 17, 18, 19, 20])
      makeRequest(db, { labId: labs.wz, status: 'rejected', ...decidedFacts(days) })
    expect(requestServiceStats({ actor: bureau, today: TODAY }).speed).toEqual({ n: 20, inTime: 10, median: 10, p90: 18 })
  })

  test('equal values count once each towards the rank', () => {
    // [3, 3, 3, 7]: rank 2 is a 3, rank 4 the 7; [3, 3, 3, 7, 7]: ranks 3 and 5
    for (const days of [3, 7, 3, 3]) makeRequest(db, { labId: labs.gusuA, status: 'rejected', ...decidedFacts(days) })
    expect(requestServiceStats({ actor: bureau, today: TODAY }).speed).toEqual({ n: 4, inTime: 4, median: 3, p90: 7 })
    makeRequest(db, { labId: labs.wz, status: 'rejected', ...decidedFacts(7) })
    expect(requestServiceStats({ actor: bureau, today: TODAY }).speed).toEqual({ n: 5, inTime: 5, median: 3, p90: 7 })
    // per type and per district from the same pass
    expect(decisionSpeed({ actor: bureau, by: 'district' }).map((r) => [r.group, r.n, r.median, r.p90])).toEqual([
      ['320506', 1, 7, 7],
      ['320508', 4, 3, 7],
    ])
  })

  test('by district, with the share decided within the deadline', () => {
    seedKnownSets()
    const byDistrict = decisionSpeed({ actor: bureau, by: 'district' })
    expect(byDistrict).toEqual([
      { group: '320506', n: 4, inTime: 4, median: 4, p90: 10 },
      { group: '320508', n: 3, inTime: 2, median: 7, p90: 12 },
      { group: '320583', n: 1, inTime: 1, median: 5, p90: 5 },
    ])
  })

  test('a date range counts only the decisions made within it', () => {
    seedKnownSets()
    // February: 7 (姑苏), 4 and 9 (吴中)
    const feb = requestServiceStats({ actor: bureau, today: TODAY, range: { from: '2026-02-01', to: '2026-02-28' } })
    expect(feb.speed).toEqual({ n: 3, inTime: 3, median: 7, p90: 9 })
    expect(feb.stages.decided).toBe(3)
    // open and overdue are today's facts, not the range's
    expect(feb.stages.open).toBe(3)
    expect(feb.granted.map((g) => [g.districtCode, g.unit, g.n, g.total])).toEqual([
      ['320506', 'tb', 2, 10],
      ['320508', 'gpu_hours', 1, 150],
    ])
    expect(requestServiceStats({ actor: bureau, today: TODAY, range: { from: '2027-01-01' } }).speed.median).toBeNull()
  })
})

describe('counts', () => {
  test('open, overdue and decided, and requests by type and status without drafts', () => {
    seedKnownSets()
    const stats = requestServiceStats({ actor: bureau, today: TODAY })
    expect(stats.stages).toEqual({ open: 3, overdue: 2, decided: 8 })
    const byTypeStatus = Object.fromEntries(stats.byTypeStatus.map((r) => [`${r.type}:${r.status}`, r.n]))
    expect(byTypeStatus).toEqual({
      'computing:approved': 1,
      'computing:partly_approved': 1,
      'computing:rejected': 1,
      'computing:district_reviewed': 1,
      'computing:returned': 1,
      'data:approved': 1,
      'data:fulfilled': 1,
      'data:closed': 2,
      'funding:partly_approved': 1,
      'funding:withdrawn': 1,
      'site:submitted': 1,
      'site:accepted': 1,
    })
  })
})

describe('what was granted', () => {
  test('per district, type and unit: approved, partly approved, fulfilled and closed with a grant', () => {
    seedKnownSets()
    expect(grantedByDistrictAndType({ actor: bureau })).toEqual([
      { districtCode: '320506', type: 'data', unit: 'datasets', n: 1, total: 5 },
      { districtCode: '320506', type: 'data', unit: 'tb', n: 2, total: 10 },
      { districtCode: '320508', type: 'computing', unit: 'gpu_hours', n: 2, total: 250 },
      { districtCode: '320583', type: 'funding', unit: 'wan_yuan', n: 1, total: 60 },
    ])
  })

  test('an approval without a stored granted quantity counts what was asked, as grantedOf reads it', () => {
    makeRequest(db, { labId: labs.ks, type: 'site', status: 'approved', quantity: 120.5, grantedQuantity: null, ...decidedFacts(1) })
    makeRequest(db, { labId: labs.ks, type: 'site', status: 'approved', quantity: 30, ...decidedFacts(1) })
    expect(grantedByDistrictAndType({ actor: bureau })).toEqual([{ districtCode: '320583', type: 'site', unit: 'm2', n: 2, total: 150.5 }])
  })
})

describe('scope', () => {
  test('a district counts only its own labs’ requests; another district and an expert count none', () => {
    seedKnownSets()
    const own = requestServiceStats({ actor: gusu, today: TODAY })
    expect(own.stages).toEqual({ open: 2, overdue: 1, decided: 3 })
    expect(own.speed).toEqual({ n: 3, inTime: 2, median: 7, p90: 12 })
    expect(own.speedByDistrict.map((r) => r.group)).toEqual(['320508'])
    expect(own.granted.map((g) => g.districtCode)).toEqual(['320508'])
    expect(own.byTypeStatus.reduce((sum, r) => sum + r.n, 0)).toBe(5)

    const ks = requestServiceStats({ actor: kunshan, today: TODAY })
    expect(ks.speed).toEqual({ n: 1, inTime: 1, median: 5, p90: 5 })
    // its withdrawn request counts by type and status; its draft does not
    expect(ks.byTypeStatus).toEqual(expect.arrayContaining([{ type: 'funding', status: 'withdrawn', n: 1 }]))
    expect(ks.byTypeStatus.reduce((sum, r) => sum + r.n, 0)).toBe(2)

    for (const actor of [taicang, expert]) {
      const none = requestServiceStats({ actor, today: TODAY })
      expect(none.stages).toEqual({ open: 0, overdue: 0, decided: 0 })
      expect(none.speed).toEqual({ n: 0, inTime: 0, median: null, p90: null })
      expect([none.byTypeStatus, none.speedByType, none.speedByDistrict, none.granted]).toEqual([[], [], [], []])
    }
  })
})
