import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { shanghaiDate, type IsoDate } from '~/domain/dates'
import type { Actor } from '~/domain/permissions'
import { updateLab } from '~/models/lab-mutations.server'
import { countAwaitingRequests, countRequestQueue, countRequestQueueByScan } from '~/models/request-queue.server'
import { QUEUE_STATUSES, REQUEST_STAGES, type RequestQueueFilter } from '~/models/request-queue-params'
import { countAwaiting, countAwaitingByScan, type QueueFilter } from '~/models/review-queue.server'
import { setClock } from '~/utils/clock.server'
import { setDb } from '~/utils/db.server'
import { openDb, type Db } from '~db/client.server'
import { insertAnnualReport, insertDeliverable } from '~db/factories'
import { runMigrations } from '~db/migrate'
import { annualReports, deliverables, labs, resourceRequests, validityPeriods } from '~db/schema'
import { DISTRICT_CODES, FILING_KINDS, RESOURCE_TYPES, type DistrictCode } from '~db/schema/enums'
import { seedDemo } from '~db/seed'
import { makeRequest } from '../request-service-fixtures'

// Issue 18: the menu's badges (app/root.tsx) and the review and request queues' totals are read
// from request_queue_tally and review_queue_tally, kept by triggers (migration 0027), instead of
// counting every request and filing of the city on each page. After each kind of write that
// changes what they count, every count they answer must equal the count made from the rows
// themselves, for the city and for every district, under every filter the queues offer.

const NOW = new Date('2026-11-28T02:00:00Z')
const today: IsoDate = shanghaiDate(NOW)

let db: Db
const bureau: Actor = { id: 1, role: 'bureau', districtCode: null, labId: null }
const districts: Actor[] = DISTRICT_CODES.map((code, i) => ({ id: 100 + i, role: 'district', districtCode: code, labId: null }))
const SYSTEM = { id: null, displayName: 'test' }

beforeAll(async () => {
  db = openDb(':memory:')
  runMigrations(db)
  await seedDemo(db, { now: NOW })
  setDb(db)
  setClock(NOW)
})

const requestFilters = (actor: Actor): RequestQueueFilter[] => [
  {},
  ...REQUEST_STAGES.filter((s) => s !== 'overdue').map((stage) => ({ stage })),
  ...QUEUE_STATUSES.map((status) => ({ status })),
  ...RESOURCE_TYPES.map((type) => ({ type })),
  { type: 'computing', stage: 'awaiting_me' },
  { status: 'submitted', stage: 'open' },
  ...(actor.role === 'bureau' ? DISTRICT_CODES.map((districtCode) => ({ districtCode, stage: 'awaiting_me' as const })) : []),
]

const reviewFilters = (actor: Actor): QueueFilter[] => [
  {},
  ...FILING_KINDS.map((kind) => ({ kind })),
  ...(actor.role === 'bureau'
    ? DISTRICT_CODES.flatMap((districtCode) => [{ districtCode }, { districtCode, kind: 'annual_report' as const }])
    : []),
]

// Every count the tallies answer beside the same count from the rows; returns the bureau's
// badges so a test can also say which way they moved.
function expectAgreement() {
  for (const actor of [bureau, ...districts]) {
    for (const filter of requestFilters(actor))
      expect(countRequestQueue(actor, filter, today), `${actor.districtCode ?? 'city'} requests ${JSON.stringify(filter)}`).toBe(
        countRequestQueueByScan(actor, filter, today),
      )
    for (const filter of reviewFilters(actor))
      expect(countAwaiting(actor, filter), `${actor.districtCode ?? 'city'} reviews ${JSON.stringify(filter)}`).toBe(
        countAwaitingByScan(actor, filter),
      )
  }
  return { requests: countAwaitingRequests(bureau, today), reviews: countAwaiting(bureau) }
}

const labIn = (districtCode: DistrictCode) => db.select().from(labs).where(eq(labs.districtCode, districtCode)).get()!
const gusu = districts.find((d) => d.districtCode === '320508')!

describe('the queue tallies agree with the rows they count', () => {
  test('on the demo data, which has requests and filings awaiting the bureau and a district', () => {
    const badges = expectAgreement()
    expect(badges.requests).toBeGreaterThan(0)
    expect(badges.reviews).toBeGreaterThan(0)
  })

  test('after requests are submitted, sent for an opinion, moved on, moved to another lab and deleted', () => {
    const lab = labIn('320508')
    const other = labIn('320506')
    const before = expectAgreement()
    const forOpinion = makeRequest(db, { labId: lab.id, status: 'submitted', districtOpinionRequired: true })
    const direct = makeRequest(db, { labId: lab.id, status: 'submitted', type: 'data' })
    makeRequest(db, { labId: lab.id, status: 'draft' })
    // the bureau's step is the one without an opinion asked; gusu's the other
    expect(expectAgreement().requests).toBe(before.requests + 1)
    const gusuBefore = countAwaitingRequests(gusu, today)
    db.update(resourceRequests)
      .set({ status: 'district_reviewed', districtOpinion: 'support' })
      .where(eq(resourceRequests.id, forOpinion.id))
      .run()
    expect(expectAgreement().requests).toBe(before.requests + 2)
    expect(countAwaitingRequests(gusu, today)).toBe(gusuBefore - 1)
    db.update(resourceRequests).set({ districtOpinionRequired: true }).where(eq(resourceRequests.id, direct.id)).run()
    expectAgreement()
    db.update(resourceRequests)
      .set({ status: 'approved', type: 'funding', unit: 'wan_yuan' })
      .where(eq(resourceRequests.id, direct.id))
      .run()
    expectAgreement()
    db.update(resourceRequests).set({ labId: other.id }).where(eq(resourceRequests.id, direct.id)).run()
    expectAgreement()
    db.update(resourceRequests).set({ status: 'returned' }).where(eq(resourceRequests.id, forOpinion.id)).run()
    expectAgreement()
    db.delete(resourceRequests).where(eq(resourceRequests.id, direct.id)).run()
    db.delete(resourceRequests).where(eq(resourceRequests.id, forOpinion.id)).run()
    expect(expectAgreement()).toEqual(before)
  })

  test('after filings are submitted, given an opinion, decided, returned and resubmitted, moved and deleted', () => {
    const lab = labIn('320508')
    const other = labIn('320583')
    const period = db.select().from(validityPeriods).where(eq(validityPeriods.labId, lab.id)).get()!
    const before = expectAgreement()
    const gusuBefore = countAwaiting(gusu)
    const d = insertDeliverable(db, { labId: lab.id, completedOn: '2026-10-01', status: 'submitted', submittedAt: NOW.toISOString() })
    const r = insertAnnualReport(db, {
      labId: lab.id,
      periodId: period.id,
      validityYear: 9,
      status: 'submitted',
      submittedAt: NOW.toISOString(),
    })
    insertDeliverable(db, { labId: lab.id, completedOn: '2026-10-02' })
    expect(expectAgreement().reviews).toBe(before.reviews + 2)
    expect(countAwaiting(gusu)).toBe(gusuBefore + 2)
    // the district's opinion: still the bureau's to decide, no longer the district's
    db.update(deliverables).set({ districtOpinionAt: NOW.toISOString() }).where(eq(deliverables.id, d.id)).run()
    expect(expectAgreement().reviews).toBe(before.reviews + 2)
    expect(countAwaiting(gusu)).toBe(gusuBefore + 1)
    db.update(annualReports).set({ status: 'accepted', decidedAt: NOW.toISOString() }).where(eq(annualReports.id, r.id)).run()
    expect(expectAgreement().reviews).toBe(before.reviews + 1)
    db.update(deliverables).set({ status: 'returned', districtOpinionAt: null }).where(eq(deliverables.id, d.id)).run()
    expectAgreement()
    db.update(deliverables).set({ status: 'submitted' }).where(eq(deliverables.id, d.id)).run()
    expectAgreement()
    db.update(deliverables).set({ labId: other.id }).where(eq(deliverables.id, d.id)).run()
    expectAgreement()
    db.update(annualReports).set({ status: 'submitted', districtOpinionAt: NOW.toISOString() }).where(eq(annualReports.id, r.id)).run()
    expectAgreement()
    db.delete(deliverables).where(eq(deliverables.id, d.id)).run()
    db.delete(annualReports).where(eq(annualReports.id, r.id)).run()
    expect(expectAgreement()).toEqual(before)
  })

  test('after a lab with waiting requests and filings moves to another district', () => {
    const lab = labIn('320508')
    makeRequest(db, { labId: lab.id, status: 'submitted', districtOpinionRequired: true })
    insertDeliverable(db, { labId: lab.id, completedOn: '2026-10-03', status: 'submitted', submittedAt: NOW.toISOString() })
    const before = expectAgreement()
    const wuzhong = districts.find((x) => x.districtCode === '320506')!
    const wuzhongBefore = { requests: countAwaitingRequests(wuzhong, today), reviews: countAwaiting(wuzhong) }
    updateLab({ id: lab.id, input: { ...lab, districtCode: '320506', partnerOrgIds: [] }, actor: SYSTEM })
    // the city's counts stay, the lab's waiting items now wait for Wuzhong
    expect(expectAgreement()).toEqual(before)
    expect(countAwaitingRequests(wuzhong, today)).toBeGreaterThan(wuzhongBefore.requests)
    expect(countAwaiting(wuzhong)).toBeGreaterThan(wuzhongBefore.reviews)
  })

  test('after a lab with requests and filings is deleted', () => {
    const lab = db
      .select()
      .from(labs)
      .all()
      .find((l) => {
        try {
          db.transaction((tx) => {
            tx.delete(labs).where(eq(labs.id, l.id)).run()
            throw new Error('rollback')
          })
        } catch (e) {
          return (e as Error).message === 'rollback'
        }
        return false
      })
    expect(lab, 'a lab that can be deleted').toBeDefined()
    makeRequest(db, { labId: lab!.id, status: 'accepted' })
    insertDeliverable(db, { labId: lab!.id, completedOn: '2026-10-04', status: 'submitted', submittedAt: NOW.toISOString() })
    const before = expectAgreement()
    db.delete(labs).where(eq(labs.id, lab!.id)).run()
    const after = expectAgreement()
    expect(after.requests).toBeLessThan(before.requests)
    expect(after.reviews).toBeLessThan(before.reviews)
  })
})
