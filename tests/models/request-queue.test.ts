import { beforeEach, describe, expect, test } from 'vitest'
import type { Actor } from '~/domain/permissions'
import { countAwaitingRequests, listRequestQueue } from '~/models/request-queue.server'
import { listLabRequests } from '~/models/resource-requests.server'
import type { RequestQueueFilter, RequestQueueSort } from '~/models/request-queue-params'
import type { Db } from '~db/client.server'
import { makeLab, setupTestDb } from '../helpers'
import { makeRequest } from '../request-service-fixtures'

const TODAY = '2026-03-20'
const bureau: Actor = { id: 1, role: 'bureau', districtCode: null, labId: null }
const gusu: Actor = { id: 2, role: 'district', districtCode: '320508', labId: null }
const wuzhong: Actor = { id: 3, role: 'district', districtCode: '320506', labId: null }
const kunshan: Actor = { id: 4, role: 'district', districtCode: '320583', labId: null }
const expert: Actor = { id: 5, role: 'expert', districtCode: null, labId: null }

let db: Db
let ids: Record<string, number>
let labIds: Record<string, number>

// Thirteen requests across three labs in two districts, one of each situation the queue tells apart.
beforeEach(() => {
  db = setupTestDb()
  const gusuA = makeLab(db, { districtCode: '320508', name: '姑苏甲实验室' })
  const gusuB = makeLab(db, { districtCode: '320508', name: '姑苏乙实验室' })
  const wz = makeLab(db, { districtCode: '320506', name: '吴中甲实验室' })
  labIds = { gusuA: gusuA.id, gusuB: gusuB.id, wz: wz.id }
  const make = (key: string, labId: number, fields: Omit<Parameters<typeof makeRequest>[1], 'labId'>) => {
    ids[key] = makeRequest(db, { labId, title: key, ...fields }).id
  }
  ids = {}
  make('draft', gusuA.id, { status: 'draft' })
  make('submittedLate', gusuA.id, { status: 'submitted', submittedOn: '2026-02-20', deadline: '2026-03-10' })
  make('submittedForOpinion', gusuA.id, {
    status: 'submitted',
    districtOpinionRequired: true,
    submittedOn: '2026-03-11',
    deadline: '2026-03-25',
  })
  make('reviewedLate', gusuB.id, {
    status: 'district_reviewed',
    districtOpinionRequired: true,
    submittedOn: '2026-03-05',
    deadline: '2026-03-19',
  })
  make('acceptedDueToday', gusuB.id, { status: 'accepted', type: 'site', submittedOn: '2026-03-06', deadline: '2026-03-20' })
  make('approved', wz.id, {
    status: 'approved',
    type: 'funding',
    quantity: 50,
    submittedOn: '2026-02-16',
    deadline: '2026-03-02',
    decidedOn: '2026-02-27',
  })
  make('partly', wz.id, {
    status: 'partly_approved',
    quantity: 40,
    grantedQuantity: 25,
    submittedOn: '2026-02-17',
    deadline: '2026-03-03',
    decidedOn: '2026-03-04',
  })
  make('rejected', wz.id, { status: 'rejected', type: 'data', submittedOn: '2026-02-18', deadline: '2026-03-04', decidedOn: '2026-03-01' })
  make('fulfilled', gusuA.id, {
    status: 'fulfilled',
    type: 'equipment',
    quantity: 3,
    grantedQuantity: 3,
    submittedOn: '2026-01-05',
    deadline: '2026-01-19',
    decidedOn: '2026-01-15',
  })
  make('closed', gusuB.id, {
    status: 'closed',
    type: 'training',
    quantity: 20,
    grantedQuantity: 20,
    submittedOn: '2026-01-06',
    deadline: '2026-01-20',
    decidedOn: '2026-01-16',
  })
  make('returned', wz.id, { status: 'returned', submittedOn: '2026-03-02', deadline: '2026-03-16' })
  make('withdrawn', wz.id, { status: 'withdrawn', submittedOn: null, deadline: null })
  make('wzForOpinion', wz.id, { status: 'submitted', districtOpinionRequired: true, submittedOn: '2026-03-12', deadline: '2026-03-26' })
})

function titles(
  actor: Actor,
  filter: RequestQueueFilter = {},
  more: { sort?: RequestQueueSort; dir?: 'asc' | 'desc'; page?: number; pageSize?: number | null } = {},
) {
  return listRequestQueue({ actor, today: TODAY, filter, pageSize: null, ...more }).rows.map((r) => r.title)
}

const sorted = (xs: string[]) => [...xs].sort()

describe('the request queue', () => {
  test('the bureau sees every request but drafts; sorted by deadline, nearest first and undated last', () => {
    expect(titles(bureau, {}, { sort: 'deadline' })).toEqual([
      'fulfilled',
      'closed',
      'approved',
      'partly',
      'rejected',
      'submittedLate',
      'returned',
      'reviewedLate',
      'acceptedDueToday',
      'submittedForOpinion',
      'wzForOpinion',
      'withdrawn',
    ])
  })

  test('opens on what awaits a decision: overdue first, then by deadline, undated last; decided and returned after', () => {
    // at TODAY (2026-03-20) submittedLate and reviewedLate are past their deadlines
    expect(titles(bureau)).toEqual([
      'submittedLate',
      'reviewedLate',
      'acceptedDueToday',
      'submittedForOpinion',
      'wzForOpinion',
      'fulfilled',
      'closed',
      'approved',
      'partly',
      'rejected',
      'returned',
      'withdrawn',
    ])
    const first = listRequestQueue({ actor: bureau, today: TODAY, filter: {}, pageSize: 2 }).rows
    expect(first.map((r) => [r.title, r.overdue])).toEqual([
      ['submittedLate', true],
      ['reviewedLate', true],
    ])
    // read backwards, the rest comes first and what awaits a decision last
    expect(titles(bureau, {}, { dir: 'desc' }).at(-1)).toBe('submittedLate')
    // a district's queue, walked in the city's order or not, keeps the same order
    expect(titles(gusu)).toEqual(['submittedLate', 'reviewedLate', 'acceptedDueToday', 'submittedForOpinion', 'fulfilled', 'closed'])
  })

  test('a lab’s own list opens on its requests awaiting a decision, overdue first; the rest after, newest first', () => {
    const own: Actor = { id: 9, role: 'lab', districtCode: null, labId: labIds.gusuA }
    const found = listLabRequests({ actor: own, labId: labIds.gusuA })!
    const listed = found.requests.map((r) => r.title)
    expect(listed.slice(0, 2)).toEqual(['submittedLate', 'submittedForOpinion'])
    expect(sorted(listed.slice(2))).toEqual(sorted(['draft', 'fulfilled']))
    // another lab's staff do not find it
    expect(listLabRequests({ actor: { ...own, labId: labIds.wz }, labId: labIds.gusuA })).toBeNull()
  })

  test('drafts never appear, whatever the filter or the viewer', () => {
    for (const actor of [bureau, gusu]) {
      expect(titles(actor)).not.toContain('draft')
      expect(titles(actor, { q: 'draft' })).toEqual([])
    }
    // a draft filter is not a thing the queue accepts: the status type excludes it, and SQL too
    expect(titles(bureau, { status: 'draft' as never })).toEqual([])
  })

  test('open: awaiting a decision (submitted, district opinion given, accepted)', () => {
    expect(sorted(titles(bureau, { stage: 'open' }))).toEqual(
      sorted(['submittedLate', 'submittedForOpinion', 'reviewedLate', 'acceptedDueToday', 'wzForOpinion']),
    )
  })

  test('overdue: awaiting a decision with its deadline before today; due today is not overdue yet', () => {
    expect(titles(bureau, { stage: 'overdue' })).toEqual(['submittedLate', 'reviewedLate'])
    const rows = listRequestQueue({ actor: bureau, today: TODAY, filter: {}, pageSize: null }).rows
    expect(rows.filter((r) => r.overdue).map((r) => r.title)).toEqual(['submittedLate', 'reviewedLate'])
    // a day later the request due today is late too
    expect(
      listRequestQueue({ actor: bureau, today: '2026-03-21', filter: { stage: 'overdue' }, pageSize: null }).rows.map((r) => r.title),
    ).toEqual(['submittedLate', 'reviewedLate', 'acceptedDueToday'])
  })

  test('decided: approved, partly approved, rejected, fulfilled and closed', () => {
    expect(sorted(titles(bureau, { stage: 'decided' }))).toEqual(sorted(['approved', 'partly', 'rejected', 'fulfilled', 'closed']))
  })

  test("awaiting me: the bureau's steps, and for a district the opinions asked of it", () => {
    expect(sorted(titles(bureau, { stage: 'awaiting_me' }))).toEqual(
      sorted(['submittedLate', 'reviewedLate', 'acceptedDueToday', 'approved', 'partly']),
    )
    expect(titles(gusu, { stage: 'awaiting_me' })).toEqual(['submittedForOpinion'])
    expect(titles(wuzhong, { stage: 'awaiting_me' })).toEqual(['wzForOpinion'])
    expect(countAwaitingRequests(bureau, TODAY)).toBe(5)
    expect(countAwaitingRequests(gusu, TODAY)).toBe(1)
    expect(countAwaitingRequests(kunshan, TODAY)).toBe(0)
    expect(countAwaitingRequests(expert, TODAY)).toBe(0)
  })

  test('status, type, district and search filters combine', () => {
    expect(titles(bureau, { status: 'submitted' })).toEqual(['submittedLate', 'submittedForOpinion', 'wzForOpinion'])
    expect(titles(bureau, { type: 'funding' })).toEqual(['approved'])
    expect(sorted(titles(bureau, { districtCode: '320506' }))).toEqual(
      sorted(['approved', 'partly', 'rejected', 'returned', 'withdrawn', 'wzForOpinion']),
    )
    expect(titles(bureau, { districtCode: '320506', stage: 'open' })).toEqual(['wzForOpinion'])
    // search matches the lab's name or the title, with LIKE's wildcards taken literally
    expect(sorted(titles(bureau, { q: '姑苏乙' }))).toEqual(sorted(['reviewedLate', 'acceptedDueToday', 'closed']))
    expect(titles(bureau, { q: 'partly' })).toEqual(['partly'])
    expect(titles(bureau, { q: '%' })).toEqual([])
  })

  test('a district sees only its own labs; another district sees none of them; an expert nothing', () => {
    expect(sorted(titles(gusu))).toEqual(
      sorted(['submittedLate', 'submittedForOpinion', 'reviewedLate', 'acceptedDueToday', 'fulfilled', 'closed']),
    )
    // a district filter naming another district does not widen the view
    expect(titles(gusu, { districtCode: '320506' })).toEqual([])
    expect(titles(kunshan)).toEqual([])
    expect(titles(expert)).toEqual([])
  })

  test("a lab account gets its own lab's submitted requests, not its drafts, and no other lab's", () => {
    const lab: Actor = { id: 6, role: 'lab', districtCode: null, labId: labIds.gusuA }
    expect(sorted(titles(lab))).toEqual(sorted(['submittedLate', 'submittedForOpinion', 'fulfilled']))
  })

  test('rows carry the lab, its district, the quantities and the decision', () => {
    const [partly] = listRequestQueue({ actor: bureau, today: TODAY, filter: { q: 'partly' }, pageSize: null }).rows
    expect(partly).toMatchObject({
      id: ids.partly,
      labId: labIds.wz,
      labName: '吴中甲实验室',
      districtCode: '320506',
      type: 'computing',
      quantity: 40,
      unit: 'gpu_hours',
      granted: 25,
      status: 'partly_approved',
      submittedOn: '2026-02-17',
      deadline: '2026-03-03',
      decidedOn: '2026-03-04',
      overdue: false,
    })
    const [approved] = listRequestQueue({ actor: bureau, today: TODAY, filter: { type: 'funding' }, pageSize: null }).rows
    expect([approved.granted, approved.unit]).toEqual([50, 'wan_yuan'])
    const [rejected] = listRequestQueue({ actor: bureau, today: TODAY, filter: { status: 'rejected' }, pageSize: null }).rows
    expect(rejected.granted).toBeNull()
  })

  test('sorts by each column both ways, undated rows last either way', () => {
    expect(titles(bureau, {}, { sort: 'deadline', dir: 'desc' }).slice(0, 2)).toEqual(['wzForOpinion', 'submittedForOpinion'])
    expect(titles(bureau, {}, { sort: 'deadline', dir: 'desc' }).at(-1)).toBe('withdrawn')
    expect(titles(bureau, { stage: 'decided' }, { sort: 'decidedOn' })).toEqual(['fulfilled', 'closed', 'approved', 'rejected', 'partly'])
    expect(titles(bureau, { stage: 'decided' }, { sort: 'decidedOn', dir: 'desc' })).toEqual([
      'partly',
      'rejected',
      'approved',
      'closed',
      'fulfilled',
    ])
    expect(titles(bureau, {}, { sort: 'submittedOn' }).slice(0, 2)).toEqual(['fulfilled', 'closed'])
    expect(titles(bureau, {}, { sort: 'submittedOn' }).at(-1)).toBe('withdrawn')
    // by the lab's name
    const byLab = listRequestQueue({ actor: bureau, today: TODAY, filter: {}, sort: 'lab', pageSize: null }).rows.map((r) => r.labName)
    expect(byLab).toEqual([...byLab].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
    // types and statuses in their declared order, not alphabetically
    // training, data, computing, equipment, funding (alphabetically: computing, data, equipment, funding, training)
    expect(titles(bureau, { stage: 'decided' }, { sort: 'type' })).toEqual(['closed', 'rejected', 'partly', 'fulfilled', 'approved'])
    expect(titles(bureau, { stage: 'decided' }, { sort: 'status' })).toEqual(['approved', 'partly', 'rejected', 'fulfilled', 'closed'])
  })

  test('pages in SQL with the total of every matching row', () => {
    const all = titles(bureau)
    const page = (n: number) => listRequestQueue({ actor: bureau, today: TODAY, filter: {}, page: n, pageSize: 5 })
    expect(page(1).rows.map((r) => r.title)).toEqual(all.slice(0, 5))
    expect(page(2).rows.map((r) => r.title)).toEqual(all.slice(5, 10))
    expect(page(3).rows.map((r) => r.title)).toEqual(all.slice(10))
    expect(page(4).rows).toEqual([])
    expect(page(3).total).toBe(12)
    expect(listRequestQueue({ actor: gusu, today: TODAY, filter: { stage: 'open' }, page: 1, pageSize: 1 }).total).toBe(4)
  })

  // A district's first pages in deadline order are read by walking the city's requests in that
  // order (when that reads fewer rows than sorting the district's), later ones from the
  // district's labs: every page is the same slice of the district's queue either way.
  test("one district's pages, read either way, are its queue's rows in deadline order, undated last", () => {
    makeRequest(db, { labId: labIds.gusuB, status: 'withdrawn', title: 'gusuUndated', submittedOn: null, deadline: null })
    const cases: [Actor, RequestQueueFilter][] = [
      [gusu, {}],
      [bureau, { districtCode: '320508' }],
      [gusu, { stage: 'open' }],
      [bureau, { districtCode: '320508', type: 'computing' }],
    ]
    for (const [actor, filter] of cases) {
      const all = titles(actor, filter)
      expect(all.length, JSON.stringify(filter)).toBeGreaterThan(2)
      for (const pageSize of [1, 2, 3]) {
        const pages = Array.from({ length: Math.ceil(all.length / pageSize) + 1 }, (_, i) =>
          listRequestQueue({ actor, today: TODAY, filter, page: i + 1, pageSize }),
        )
        expect(
          pages.flatMap((p) => p.rows.map((r) => r.title)),
          `${JSON.stringify(filter)} by ${pageSize}`,
        ).toEqual(all)
        for (const p of pages) expect(p.total).toBe(all.length)
      }
    }
    expect(titles(gusu, {}, { sort: 'deadline' })).toEqual([
      'fulfilled',
      'closed',
      'submittedLate',
      'reviewedLate',
      'acceptedDueToday',
      'submittedForOpinion',
      'gusuUndated',
    ])
  })
})
