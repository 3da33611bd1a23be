import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { addDays, shanghaiDate, type IsoDate } from '~/domain/dates'
import type { Actor } from '~/domain/permissions'
import {
  backfillComplianceHistory,
  complianceShareByMonth,
  countLabsByWorstResult,
  ensureComplianceFresh,
} from '~/models/compliance.server'
import { markLabsStale } from '~/models/compliance-freshness.server'
import {
  countExpiriesByMonth,
  countLabsByDirectionAndStatus,
  ATTENTION_PAGE_SIZE,
  dashboardData,
  DASHBOARD_MONTHS,
  standingCountsOfLabs,
} from '~/models/dashboard.server'
import { addPeriod, updateLab } from '~/models/lab-mutations.server'
import { countLabsByDistrictAndStatus, countLabsByStatus } from '~/models/labs.server'
import { countAwaiting, countAwaitingByScan } from '~/models/review-queue.server'
import {
  countRequestsByTypeAndStatus,
  countRequestStages,
  decisionSpeeds,
  grantedByDistrictAndType,
  requestServiceStats,
} from '~/models/request-stats.server'
import { ruleSettings, updateSetting } from '~/models/settings.server'
import { setClock } from '~/utils/clock.server'
import { setDb } from '~/utils/db.server'
import { openDb, type Db } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { complianceHistory, labChecks, labs, resourceRequests, validityPeriods } from '~db/schema'
import { DISTRICT_CODES, type DistrictCode } from '~db/schema/enums'
import { seedDemo } from '~db/seed'
import { shiftMonth } from '~/domain/dates'
import { makeRequest } from '../request-service-fixtures'

// Issue 18: the dashboard counts figures kept on write (lab_standing, written with the compliance
// results; compliance_month_totals and request_tally, kept by triggers) instead of recomputing
// them from every lab's history on each view. After each kind of write that changes one of them,
// every figure the dashboard and /dashboard.xlsx show must equal the recomputation from the facts
// by the row-by-row queries the dashboard used before, for the city and for every district.

const NOW = new Date('2026-11-28T02:00:00Z')
let today: IsoDate = shanghaiDate(NOW)

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

const byKey = <T>(rows: readonly T[]) => [...rows].map((r) => JSON.stringify(r)).sort()

// What the dashboard shows for `actor`, read from the stored aggregates, beside the same figures
// recomputed from the facts.
function expectAgreement(actor: Actor) {
  const windowDays = ruleSettings().expiryWindowDays
  const stored = dashboardData({ actor, today })
  const thisMonth = today.slice(0, 7)

  const byStatus = countLabsByStatus({ actor, today, windowDays })
  const status = (s: string) => byStatus.find((r) => r.status === s)?.n ?? 0
  expect(stored.tiles, 'tiles').toMatchObject({
    total: byStatus.reduce((sum, r) => sum + r.n, 0),
    active: status('active') + status('renewed'),
    activeOnly: status('active'),
    renewed: status('renewed'),
    expiring: status('expiring'),
    expired: status('expired'),
    failing: countLabsByWorstResult({ actor, today }).failing,
    awaitingReview: countAwaiting(actor),
  })
  expect(byKey(stored.byDistrict), 'by district').toEqual(byKey(countLabsByDistrictAndStatus({ actor, today, windowDays })))
  expect(byKey(stored.byDirection), 'by direction').toEqual(byKey(countLabsByDirectionAndStatus({ actor, today, windowDays })))
  expect(stored.expiries, 'expiries').toEqual(countExpiriesByMonth({ actor, fromMonth: thisMonth, months: DASHBOARD_MONTHS }))
  const share = complianceShareByMonth({ actor, today, fromMonth: shiftMonth(thisMonth, 1 - DASHBOARD_MONTHS), toMonth: thisMonth })
  expect(
    stored.complianceShare.filter((m) => m.total > 0).map(({ month, total, compliant }) => ({ month, total, compliant })),
    'compliance share',
  ).toEqual(share.map(({ month, total, compliant }) => ({ month, total, compliant })))
  const attention = (result: string | null) =>
    db.$client
      .prepare(
        `SELECT count(*) AS n FROM lab_checks c JOIN labs l ON l.id = c.lab_id
          WHERE c.severity > 0 AND (@district IS NULL OR l.district_code = @district) AND (@result IS NULL OR c.result = @result)`,
      )
      .get({ district: actor.districtCode, result }) as { n: number }
  expect(stored.attention.total, 'attention total').toBe(attention(null).n)
  // the table's rows, read by the district's copy on lab_checks, are the rows of the join to labs
  const pageOf = (page: number, result: string | null, check: string | null, district: string | null) =>
    db.$client
      .prepare(
        `SELECT l.id AS labId, l.name AS labName, l.district_code AS districtCode, c.check_id AS checkId, c.subject, c.result
           FROM lab_checks c JOIN labs l ON l.id = c.lab_id
          WHERE c.severity > 0 AND (@scope IS NULL OR l.district_code = @scope) AND (@district IS NULL OR l.district_code = @district)
            AND (@result IS NULL OR c.result = @result) AND (@check IS NULL OR c.check_id = @check)
          ORDER BY c.severity DESC, c.concerns_date IS NULL, c.concerns_date, l.name, c.check_id, c.subject
          LIMIT @size OFFSET @offset`,
      )
      .all({ scope: actor.districtCode, district, result, check, size: ATTENTION_PAGE_SIZE, offset: (page - 1) * ATTENTION_PAGE_SIZE })
  const shown = (query: string) =>
    dashboardData({ actor, today, search: new URLSearchParams(query) }).attention.rows.map(
      ({ labId, labName, districtCode, checkId, subject, result }) => ({ labId, labName, districtCode, checkId, subject, result }),
    )
  expect(shown(''), 'attention page 1').toEqual(pageOf(1, null, null, null))
  // the last page (a page past the end shows the last one)
  const last = Math.max(1, Math.ceil(stored.attention.total / ATTENTION_PAGE_SIZE))
  expect(shown(`attention=${last}`), 'attention last page').toEqual(pageOf(last, null, null, null))
  expect(shown('result=warning'), 'attention warnings').toEqual(pageOf(1, 'warning', null, null))
  expect(shown('check=validity'), 'attention one check').toEqual(pageOf(1, null, 'validity', null))
  if (actor.role === 'bureau') {
    for (const code of ['320508', '320506', '320583']) {
      expect(shown(`district=${code}`), `attention in ${code}`).toEqual(pageOf(1, null, null, code))
      const counted = db.$client
        .prepare('SELECT count(*) AS n FROM lab_checks c JOIN labs l ON l.id = c.lab_id WHERE c.severity > 0 AND l.district_code = ?')
        .get(code) as { n: number }
      expect(dashboardData({ actor, today, search: new URLSearchParams(`district=${code}`) }).attention.total, `total in ${code}`).toBe(
        counted.n,
      )
    }
  }
  // the tally the tiles and the district and direction charts count, row for row
  const tally = db.$client
    .prepare(
      `SELECT district_code AS districtCode, direction, status, nullif(worst, -1) AS worst, n FROM lab_standing_tally
        WHERE n > 0 AND (@scope IS NULL OR district_code = @scope)`,
    )
    .all({ scope: actor.districtCode })
  expect(byKey(tally), 'standing tally').toEqual(byKey(standingCountsOfLabs(actor)))
  const sums = (from: string) =>
    db.$client.prepare(`SELECT sum(failing_checks) AS failing, sum(warning_checks) AS warning ${from}`).get({ scope: actor.districtCode })
  expect(sums('FROM lab_standing_tally WHERE @scope IS NULL OR district_code = @scope'), 'tally of checks').toEqual(
    sums('FROM lab_standing s JOIN labs l ON l.id = s.lab_id WHERE @scope IS NULL OR l.district_code = @scope'),
  )
  const rowsOf = (query: string) => byKey(db.$client.prepare(query).all({ scope: actor.districtCode }))
  expect(
    rowsOf('SELECT district_code, month, n FROM lab_expiry_tally WHERE n <> 0 AND (@scope IS NULL OR district_code = @scope)'),
    'expiry tally',
  ).toEqual(
    rowsOf(`SELECT l.district_code, substr(s.expires_on, 1, 7) AS month, count(*) AS n FROM lab_standing s JOIN labs l ON l.id = s.lab_id
             WHERE s.expires_on IS NOT NULL AND (@scope IS NULL OR l.district_code = @scope) GROUP BY 1, 2`),
  )
  expect(
    rowsOf('SELECT district_code, deadline, n FROM request_deadline_tally WHERE n <> 0 AND (@scope IS NULL OR district_code = @scope)'),
    'deadline tally',
  ).toEqual(
    rowsOf(`SELECT l.district_code, r.deadline, count(*) AS n FROM resource_requests r JOIN labs l ON l.id = r.lab_id
             WHERE r.status IN ('submitted', 'district_reviewed', 'accepted') AND r.deadline IS NOT NULL
               AND (@scope IS NULL OR l.district_code = @scope) GROUP BY 1, 2`),
  )
  for (const table of ['lab_standing_tally', 'lab_expiry_tally', 'request_deadline_tally'])
    expect(db.$client.prepare(`SELECT count(*) AS n FROM ${table} WHERE n < 0`).get(), `no negative ${table}`).toEqual({ n: 0 })
  expect(dashboardData({ actor, today, search: new URLSearchParams('result=failing') }).attention.total).toBe(attention('failing').n)
  expect(dashboardData({ actor, today, search: new URLSearchParams('result=warning') }).attention.total).toBe(attention('warning').n)

  const service = requestServiceStats({ actor, today })
  const speeds = decisionSpeeds({ actor })
  const of = (dim: string) => speeds.filter((r) => r.dim === dim).map(({ dim: _dim, ...r }) => r)
  expect(service.stages, 'request stages').toEqual(countRequestStages({ actor, today }))
  expect(byKey(service.byTypeStatus), 'requests by type and status').toEqual(byKey(countRequestsByTypeAndStatus(actor)))
  expect(service.speedByType, 'speed by type').toEqual(of('type'))
  expect(service.speedByDistrict, 'speed by district').toEqual(of('district'))
  const all = of('all')[0]
  expect(service.speed, 'speed').toEqual(
    all ? { n: all.n, inTime: all.inTime, median: all.median, p90: all.p90 } : { n: 0, inTime: 0, median: null, p90: null },
  )
  expect(service.granted, 'granted').toEqual(grantedByDistrictAndType({ actor }))
}

function expectAllAgree() {
  ensureComplianceFresh(today)
  // every stored check carries its lab's district
  expect(
    db.$client
      .prepare('SELECT count(*) AS n FROM lab_checks c JOIN labs l ON l.id = c.lab_id WHERE c.district_code IS NOT l.district_code')
      .get(),
    'lab_checks.district_code',
  ).toEqual({ n: 0 })
  for (const actor of [bureau, ...districts]) expectAgreement(actor)
}

const labInput = (id: number, districtCode: DistrictCode) => {
  const lab = db.select().from(labs).where(eq(labs.id, id)).get()!
  return { ...lab, districtCode, partnerOrgIds: [] as number[] }
}

describe('the dashboard’s stored figures agree with their recomputation', () => {
  test('on the demo data, for the city and every district', () => {
    expectAllAgree()
    // and the demo data has something to count in every figure
    const stored = dashboardData({ actor: bureau, today })
    expect(stored.tiles.total).toBeGreaterThan(0)
    expect(stored.tiles.expiring).toBeGreaterThan(0)
    expect(stored.tiles.failing).toBeGreaterThan(0)
    expect(stored.complianceShare.some((m) => m.total > 0)).toBe(true)
    expect(stored.expiries.some((m) => m.n > 0)).toBe(true)
    expect(requestServiceStats({ actor: bureau, today }).granted.length).toBeGreaterThan(0)
  })

  test('the dashboard’s filings awaiting review are the review queue’s rows counted, for every role', () => {
    const lab = db.select().from(labs).limit(1).get()!
    const others: Actor[] = [
      { id: 7, role: 'lab', districtCode: lab.districtCode, labId: lab.id },
      { id: 8, role: 'expert', districtCode: null, labId: null },
    ]
    for (const actor of [bureau, ...districts, ...others])
      expect(dashboardData({ actor, today }).tiles.awaitingReview, actor.role).toBe(countAwaitingByScan(actor))
    expect(countAwaitingByScan(bureau)).toBeGreaterThan(0)
  })

  test('after a lab moves to another district (its history and requests move with it)', () => {
    const lab = db.select().from(labs).where(eq(labs.districtCode, '320508')).get()!
    const before = dashboardData({ actor: districts.find((d) => d.districtCode === '320506')!, today }).tiles.total
    updateLab({ id: lab.id, input: labInput(lab.id, '320506'), actor: SYSTEM })
    expectAllAgree()
    expect(dashboardData({ actor: districts.find((d) => d.districtCode === '320506')!, today }).tiles.total).toBe(before + 1)
  })

  test('after a lab changes direction', () => {
    const lab = db.select().from(labs).where(eq(labs.districtCode, '320508')).get()!
    updateLab({ id: lab.id, input: { ...labInput(lab.id, '320508'), direction: lab.direction === 1 ? 2 : 1 }, actor: SYSTEM })
    expectAllAgree()
  })

  test('after checks are stored by a writer other than the compliance refresh', () => {
    const lab = db.select().from(labs).where(eq(labs.districtCode, '320583')).get()!
    db.insert(labChecks)
      .values({
        labId: lab.id,
        checkId: 'validity',
        subject: 'extra',
        result: 'failing',
        severity: 2,
        reasonKey: 'x',
        reasonParams: {},
        concernsDate: '2000-01-01',
        fixPath: '/',
        evaluatedOn: today,
      })
      .run()
    expect(dashboardData({ actor: districts.find((d) => d.districtCode === '320583')!, today }).attention.rows[0]).toMatchObject({
      labId: lab.id,
      subject: 'extra',
    })
    expect(db.$client.prepare("SELECT district_code AS d FROM lab_checks WHERE lab_id = ? AND subject = 'extra'").get(lab.id)).toEqual({
      d: '320583',
    })
    markLabsStale(db, [lab.id])
    expectAllAgree()
  })

  test('after a new validity period, a period revoked, and a period ending sooner', () => {
    const [a, b, c] = db.select().from(labs).limit(3).all()
    addPeriod({ labId: a.id, period: { startDate: '2027-01-01', endDate: '2029-12-31', certificateNo: 'T-1' }, actor: SYSTEM })
    expectAllAgree()
    db.update(validityPeriods).set({ outcome: 'revoked' }).where(eq(validityPeriods.labId, b.id)).run()
    db.update(validityPeriods)
      .set({ endDate: addDays(today, 20) })
      .where(eq(validityPeriods.labId, c.id))
      .run()
    markLabsStale(db, [b.id, c.id])
    expectAllAgree()
  })

  test('after requests are submitted, decided, granted, reopened and deleted', () => {
    const [a, b] = db.select().from(labs).limit(2).all()
    const submitted = makeRequest(db, { labId: a.id, status: 'submitted', deadline: addDays(today, -3) })
    makeRequest(db, { labId: b.id, status: 'draft' })
    expectAllAgree()
    db.update(resourceRequests)
      .set({ status: 'approved', decidedOn: today, decisionWorkingDays: 7, decidedInTime: true })
      .where(eq(resourceRequests.id, submitted.id))
      .run()
    expectAllAgree()
    db.update(resourceRequests).set({ status: 'partly_approved', grantedQuantity: 12.5 }).where(eq(resourceRequests.id, submitted.id)).run()
    expectAllAgree()
    db.update(resourceRequests)
      .set({ status: 'returned', decidedOn: null, decisionWorkingDays: null, decidedInTime: null, grantedQuantity: null })
      .where(eq(resourceRequests.id, submitted.id))
      .run()
    expectAllAgree()
    db.delete(resourceRequests).where(eq(resourceRequests.id, submitted.id)).run()
    expectAllAgree()
  })

  test('after the next month’s evaluation, a month rewritten by the backfill, and a month deleted', () => {
    today = addDays(today, 35)
    setClock(new Date(`${today}T02:00:00Z`))
    expectAllAgree()
    backfillComplianceHistory({ today, months: 3 })
    expectAllAgree()
    const one = db.select().from(complianceHistory).limit(1).get()!
    db.update(complianceHistory)
      .set({ severity: one.severity === 0 ? 2 : 0 })
      .where(eq(complianceHistory.labId, one.labId))
      .run()
    expectAllAgree()
    db.delete(complianceHistory).where(eq(complianceHistory.labId, one.labId)).run()
    expectAllAgree()
  })

  test('after the expiry window changes (every lab re-evaluated)', () => {
    const before = dashboardData({ actor: bureau, today }).tiles.expiring
    updateSetting({ key: 'expiryWindowDays', value: 365, actor: { id: 1, displayName: 'test' }, at: NOW })
    expectAllAgree()
    expect(dashboardData({ actor: bureau, today }).tiles.expiring).toBeGreaterThan(before)
  })

  test('after a lab is deleted', () => {
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
    db.delete(labs).where(eq(labs.id, lab!.id)).run()
    expectAllAgree()
  })
})
