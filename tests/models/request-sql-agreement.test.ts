import { beforeAll, describe, expect, test } from 'vitest'
import { addDays, type IsoDate } from '~/domain/dates'
import type { Actor } from '~/domain/permissions'
import { availableRequestSteps, canSeeRequest, type RequestStep } from '~/domain/request-workflow'
import { awaitsDecision, DECIDED_STATUSES, grantedOf, isPastDeadline } from '~/domain/resource-requests'
import { countAwaitingRequests, listRequestQueue } from '~/models/request-queue.server'
import { countRequestStages, grantedByDistrictAndType } from '~/models/request-stats.server'
import type { RequestQueueFilter } from '~/models/request-queue-params'
import { REQUEST_STATUSES, type DistrictCode, type RequestStatus } from '~db/schema/enums'
import { makeLab, setupTestDb } from '../helpers'
import { makeRequest } from '../request-service-fixtures'

// The queue and the statistics filter and count in SQL; the pages, the workflow and the badges
// decide with the domain's functions. Like statusSql and labStatus (tests/models/labs.test.ts),
// each SQL twin is checked against its rule on every combination of status, district opinion,
// deadline and grant, for every kind of viewer, so the two cannot drift apart.

const TODAY: IsoDate = '2026-03-20'
const DEADLINES: (IsoDate | null)[] = [addDays(TODAY, -1), TODAY, addDays(TODAY, 1), null]
// a stored grant is set at an approval or a partial one and kept through fulfilment and closing
const GRANTS: Partial<Record<RequestStatus, (number | null | undefined)[]>> = {
  partly_approved: [30],
  fulfilled: [undefined, 30],
  closed: [null, 30],
}

// the bureau's own moves (accepting, deciding, delivering); a return and a close are not awaited
const BUREAU_MOVES: readonly RequestStep[] = ['accept', 'approve', 'partly_approve', 'reject', 'fulfil']

type Row = {
  id: number
  status: RequestStatus
  deadline: IsoDate | null
  quantity: number
  grantedQuantity: number | null
  unit: string
  lab: { id: number; districtCode: DistrictCode }
  opinion: boolean
}

let rows: Row[]
let actors: Record<string, Actor>

beforeAll(() => {
  const db = setupTestDb()
  const labs = [
    makeLab(db, { districtCode: '320508' }),
    makeLab(db, { districtCode: '320508' }),
    makeLab(db, { districtCode: '320506' }),
  ].map((l) => ({
    id: l.id,
    districtCode: l.districtCode as DistrictCode,
  }))
  rows = []
  for (const lab of labs)
    for (const status of REQUEST_STATUSES)
      for (const opinion of [false, true])
        for (const deadline of DEADLINES)
          for (const grantedQuantity of GRANTS[status] ?? [undefined]) {
            const r = makeRequest(db, { labId: lab.id, status, districtOpinionRequired: opinion, deadline, quantity: 100, grantedQuantity })
            rows.push({ id: r.id, status, deadline, quantity: r.quantity, grantedQuantity: r.grantedQuantity, unit: r.unit, lab, opinion })
          }
  actors = {
    bureau: { id: 1, role: 'bureau', districtCode: null, labId: null },
    labDistrict: { id: 2, role: 'district', districtCode: '320508', labId: null },
    otherDistrict: { id: 3, role: 'district', districtCode: '320583', labId: null },
    ownLab: { id: 4, role: 'lab', districtCode: null, labId: labs[0].id },
    labWithoutLab: { id: 5, role: 'lab', districtCode: null, labId: null },
    expert: { id: 6, role: 'expert', districtCode: null, labId: null },
  }
})

const ids = (xs: { id: number }[]) => xs.map((x) => x.id).sort((a, b) => a - b)
const queue = (actor: Actor, filter: RequestQueueFilter = {}) => ids(listRequestQueue({ actor, today: TODAY, filter, pageSize: null }).rows)

// The queue shows what canSeeRequest lets the viewer see, drafts excepted (a draft is its lab's alone).
const inQueue = (actor: Actor) => rows.filter((r) => r.status !== 'draft' && canSeeRequest(actor, r))

function awaitsActor(actor: Actor, r: Row): boolean {
  const steps = availableRequestSteps(actor, { status: r.status, districtOpinionRequired: r.opinion, lab: r.lab })
  if (actor.role === 'bureau') return steps.some((s) => BUREAU_MOVES.includes(s))
  if (actor.role === 'district') return steps.includes('district_opinion')
  return false
}

describe('the request SQL agrees with the domain rules', () => {
  test.each(['bureau', 'labDistrict', 'otherDistrict', 'ownLab', 'labWithoutLab', 'expert'])('for %s', (who) => {
    const actor = actors[who]
    const visible = inQueue(actor)
    expect(queue(actor)).toEqual(ids(visible))
    // open: AWAITING_DECISION; overdue: isPastDeadline; decided: DECIDED_STATUSES
    const open = ids(visible.filter((r) => awaitsDecision(r.status)))
    const overdue = ids(visible.filter((r) => isPastDeadline(r, TODAY)))
    expect(queue(actor, { stage: 'open' })).toEqual(open)
    expect(queue(actor, { stage: 'overdue' })).toEqual(overdue)
    expect(queue(actor, { stage: 'decided' })).toEqual(ids(visible.filter((r) => DECIDED_STATUSES.includes(r.status))))
    // the overdue mark on a row is the same rule as the overdue filter
    expect(ids(listRequestQueue({ actor, today: TODAY, filter: {}, pageSize: null }).rows.filter((r) => r.overdue))).toEqual(overdue)
    // awaiting me: the steps the workflow offers this viewer now
    const awaiting = ids(visible.filter((r) => awaitsActor(actor, r)))
    expect(queue(actor, { stage: 'awaiting_me' })).toEqual(awaiting)
    expect(countAwaitingRequests(actor, TODAY)).toBe(awaiting.length)
    // the dashboard's tiles count the same conditions
    expect(countRequestStages({ actor, today: TODAY })).toMatchObject({ open: open.length, overdue: overdue.length })
    // what the statistics call granted is grantedOf of each request
    const expected = new Map<string, { n: number; total: number }>()
    for (const r of visible) {
      const granted = grantedOf(r)
      if (granted === null) continue
      const key = `${r.lab.districtCode}/${r.unit}`
      const sum = expected.get(key) ?? { n: 0, total: 0 }
      expected.set(key, { n: sum.n + 1, total: sum.total + granted })
    }
    const actual = new Map(grantedByDistrictAndType({ actor }).map((g) => [`${g.districtCode}/${g.unit}`, { n: g.n, total: g.total }]))
    expect(actual).toEqual(expected)
  })

  test('the grid reaches every case it claims to', () => {
    const bureau = actors.bureau
    expect(inQueue(bureau).some((r) => isPastDeadline(r, TODAY))).toBe(true)
    expect(inQueue(bureau).some((r) => awaitsDecision(r.status) && r.deadline === TODAY)).toBe(true)
    expect(rows.some((r) => awaitsActor(actors.labDistrict, r))).toBe(true)
    expect(rows.some((r) => r.status === 'submitted' && r.opinion && !awaitsActor(bureau, r))).toBe(true)
    expect(rows.filter((r) => grantedOf(r) !== null).map((r) => r.status)).toEqual(
      expect.arrayContaining(['approved', 'partly_approved', 'fulfilled', 'closed']),
    )
  })
})
