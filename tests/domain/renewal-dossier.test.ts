import { describe, expect, test } from 'vitest'
import {
  currentPlan,
  currentVersions,
  dossierDay,
  dossierSummary,
  grantedTotals,
  groupByYear,
  isLateIncident,
  monthlyRecord,
  perYearText,
  periodMonths,
  violationWindow,
  type DossierDeliverable,
  type DossierPlan,
  type DossierReport,
} from '~/domain/renewal-dossier'

// A period certified on 2024-03-15: year 1 2024-03-15..2025-03-14, year 2 2025-03-15..2026-03-14.
const PERIOD = { startDate: '2024-03-15', endDate: '2026-03-14' }

const deliverable = (over: Partial<DossierDeliverable> & { id: number; completedOn: string }): DossierDeliverable => ({
  rootId: over.id,
  version: 1,
  title: `成果${over.id}`,
  type: 'report',
  forms: ['data'],
  status: 'accepted',
  grade: 'good',
  transferStatus: 'none',
  transferValueYuan: null,
  ...over,
})

const report = (validityYear: number, status: DossierReport['status']): DossierReport => ({
  id: validityYear,
  validityYear,
  status,
  grade: status === 'accepted' ? 'pass' : null,
  submittedOn: '2025-04-01',
  decidedOn: null,
})

describe('currentVersions', () => {
  test('an accepted version stands for its deliverable while a later revision is under review', () => {
    const rows = [
      { id: 1, rootId: 1, version: 1, status: 'accepted' as const },
      { id: 2, rootId: 1, version: 2, status: 'submitted' as const },
    ]
    expect(currentVersions(rows).map((r) => r.id)).toEqual([1])
  })

  test('the latest accepted version replaces a superseded one; drafts never count', () => {
    const rows = [
      { id: 1, rootId: 1, version: 1, status: 'superseded' as const },
      { id: 2, rootId: 1, version: 2, status: 'accepted' as const },
      { id: 3, rootId: 1, version: 3, status: 'draft' as const },
      { id: 4, rootId: null, version: 1, status: 'draft' as const },
    ]
    expect(currentVersions(rows).map((r) => r.id)).toEqual([2])
  })

  test('without an accepted version the latest filed one stands (a first version has no root id)', () => {
    const rows = [
      { id: 5, rootId: null, version: 1, status: 'returned' as const },
      { id: 6, rootId: 5, version: 2, status: 'submitted' as const },
      { id: 7, rootId: null, version: 1, status: 'returned' as const },
    ]
    expect(
      currentVersions(rows)
        .map((r) => r.id)
        .sort(),
    ).toEqual([6, 7])
  })
})

describe('groupByYear', () => {
  test('deliverables fall in the year of their completion date, the last day of year 1 included', () => {
    const years = groupByYear({
      period: PERIOD,
      deliverables: [
        deliverable({ id: 1, completedOn: '2025-03-14' }),
        deliverable({ id: 2, completedOn: '2024-03-15', status: 'submitted', grade: null }),
        deliverable({ id: 3, completedOn: '2025-03-15' }),
      ],
      reports: [report(2, 'submitted'), report(1, 'accepted')],
    })
    expect(years.map((y) => [y.year, y.startDate, y.endDate])).toEqual([
      [1, '2024-03-15', '2025-03-14'],
      [2, '2025-03-15', '2026-03-14'],
    ])
    expect(years[0].deliverables.map((d) => d.id)).toEqual([2, 1])
    expect(years[0].acceptedDeliverables).toBe(1)
    expect(years[1].deliverables.map((d) => d.id)).toEqual([3])
    expect(years[0].report?.status).toBe('accepted')
    expect(years[1].report?.status).toBe('submitted')
  })

  test('a year without a report reads null', () => {
    const years = groupByYear({ period: PERIOD, deliverables: [], reports: [report(1, 'accepted')] })
    expect(years[1].report).toBeNull()
    expect(years[1].acceptedDeliverables).toBe(0)
  })

  test('a period starting on 29 February: year 2 starts on 1 March', () => {
    const years = groupByYear({
      period: { startDate: '2024-02-29', endDate: '2026-02-28' },
      deliverables: [deliverable({ id: 1, completedOn: '2025-02-28' }), deliverable({ id: 2, completedOn: '2025-03-01' })],
      reports: [],
    })
    expect(years[0].endDate).toBe('2025-02-28')
    expect(years.map((y) => y.deliverables.map((d) => d.id))).toEqual([[1], [2]])
  })
})

describe('grantedTotals', () => {
  test('sums what was granted per type and unit; rejected and undecided requests add nothing', () => {
    const totals = grantedTotals([
      { type: 'computing', unit: 'gpu_hours', status: 'approved', quantity: 100, grantedQuantity: null },
      { type: 'computing', unit: 'gpu_hours', status: 'partly_approved', quantity: 100, grantedQuantity: 40.25 },
      { type: 'computing', unit: 'cpu_core_hours', status: 'fulfilled', quantity: 10, grantedQuantity: 10 },
      { type: 'scenario', unit: 'scenarios', status: 'rejected', quantity: 2, grantedQuantity: null },
      { type: 'funding', unit: 'wan_yuan', status: 'submitted', quantity: 50, grantedQuantity: null },
      { type: 'scenario', unit: 'scenarios', status: 'closed', quantity: 3, grantedQuantity: 3 },
    ])
    expect(totals).toEqual([
      { type: 'scenario', unit: 'scenarios', requests: 1, granted: 3 },
      { type: 'computing', unit: 'gpu_hours', requests: 2, granted: 140.25 },
      { type: 'computing', unit: 'cpu_core_hours', requests: 1, granted: 10 },
    ])
  })
})

describe('months of the period', () => {
  test.each([
    ['while the period runs, up to this month', '2024-06-20', ['2024-03', '2024-04', '2024-05', '2024-06']],
    ['before the period starts, none', '2024-03-01', []],
  ])('%s', (_name, today, months) => {
    expect(periodMonths(PERIOD, today)).toEqual(months)
  })

  test('after the period has ended, its 25 months from March to March', () => {
    const months = periodMonths(PERIOD, '2026-11-01')
    expect(months).toHaveLength(25)
    expect([months[0], months[9], months[10], months.at(-1)]).toEqual(['2024-03', '2024-12', '2025-01', '2026-03'])
  })

  test('a month without a history row reads null, not ok', () => {
    const rows = monthlyRecord(['2024-03', '2024-04'], [{ month: '2024-04', severity: 2, failing: 1, warnings: 3 }])
    expect(rows).toEqual([
      { month: '2024-03', severity: null, failing: 0, warnings: 0 },
      { month: '2024-04', severity: 2, failing: 1, warnings: 3 },
    ])
  })
})

describe('incidents, plans and violations', () => {
  const deadline = '2025-01-10T04:00:00.000Z'
  test.each([
    ['reported a second before the deadline', '2025-01-10T03:59:59.000Z', '2025-02-01T00:00:00Z', false],
    ['reported exactly at the deadline', deadline, '2025-02-01T00:00:00Z', false],
    ['reported a second late', '2025-01-10T04:00:01.000Z', '2025-02-01T00:00:00Z', true],
    ['unreported, deadline not yet passed', null, '2025-01-10T03:00:00Z', false],
    ['unreported past the deadline', null, '2025-01-10T05:00:00Z', true],
  ])('%s', (_name, reportedAt, now, late) => {
    expect(isLateIncident({ reportedAt, reportDeadline: deadline, now: new Date(now) })).toBe(late)
  })

  const plan = (id: number, approvedOn: string, nextReviewOn: string, acknowledgedOn: string | null): DossierPlan => ({
    id,
    version: `V${id}`,
    approvedOn,
    nextReviewOn,
    acknowledgedOn,
  })

  test('the plan in force is current only when acknowledged and its review is not overdue', () => {
    const plans = [plan(1, '2024-03-20', '2025-03-20', '2024-03-25'), plan(2, '2025-03-01', '2026-03-01', null)]
    expect(currentPlan(plans, '2024-12-01')).toEqual({ plan: plans[0], current: true })
    expect(currentPlan(plans, '2025-06-01')).toEqual({ plan: plans[1], current: false })
    expect(currentPlan([plans[0]], '2025-03-21')).toEqual({ plan: plans[0], current: false })
    expect(currentPlan(plans, '2024-03-01')).toEqual({ plan: null, current: false })
  })

  test('the dossier looks at today while the period runs, at its last day afterwards', () => {
    expect(dossierDay(PERIOD, '2025-12-01')).toBe('2025-12-01')
    expect(dossierDay(PERIOD, '2026-05-01')).toBe('2026-03-14')
  })

  test('a violation counts for three years, up to the day before its third anniversary', () => {
    expect(violationWindow('2023-05-10', '2026-05-09')).toEqual({ clearsOn: '2026-05-10', counting: true })
    expect(violationWindow('2023-05-10', '2026-05-10')).toEqual({ clearsOn: '2026-05-10', counting: false })
  })
})

describe('dossierSummary', () => {
  test('counts per year, reports accepted out of two, incidents, requests, months and open checks', () => {
    const years = groupByYear({
      period: PERIOD,
      deliverables: [
        deliverable({ id: 1, completedOn: '2024-05-01' }),
        deliverable({ id: 2, completedOn: '2024-09-01' }),
        deliverable({ id: 3, completedOn: '2025-05-01' }),
        deliverable({ id: 4, completedOn: '2025-06-01', status: 'returned', grade: null }),
      ],
      reports: [report(1, 'accepted'), report(2, 'returned')],
    })
    const incident = (id: number, grade: 'I' | 'IV', late: boolean) => ({
      id,
      title: `事件${id}`,
      grade,
      status: 'closed' as const,
      discoveredOn: '2025-01-01',
      reportedOn: '2025-01-01',
      late,
    })
    const request = (id: number, decidedOn: string | null, decidedInTime: boolean | null) => ({
      id,
      type: 'computing' as const,
      title: `申请${id}`,
      unit: 'gpu_hours' as const,
      quantity: 10,
      granted: null,
      status: 'submitted' as const,
      submittedOn: '2025-01-01',
      decidedOn,
      decidedInTime,
    })
    const team = {
      headcount: 16,
      qualifiedCount: 2,
      minHeadcount: 15,
      minQualified: 3,
      meetsHeadcount: true,
      meetsQualified: false,
      changes: null,
    } as const
    const summary = dossierSummary({
      years,
      team: { ...team },
      security: { plans: [], planInForce: null, drills: [], incidents: [incident(1, 'I', true), incident(2, 'IV', false)] },
      requests: [request(1, '2025-01-05', true), request(2, '2025-01-30', false), request(3, null, null)],
      violations: [],
      compliance: {
        months: monthlyRecord(
          ['2024-03', '2024-04', '2024-05', '2024-06'],
          [
            { month: '2024-03', severity: 0, failing: 0, warnings: 0 },
            { month: '2024-04', severity: 1, failing: 0, warnings: 1 },
            { month: '2024-05', severity: 2, failing: 1, warnings: 0 },
          ],
        ),
        checks: [
          { checkId: 'team_qualified', subject: '', result: 'failing', reasonKey: 'x', reasonParams: {}, concernsDate: null },
          { checkId: 'drill', subject: '', result: 'warning', reasonKey: 'y', reasonParams: {}, concernsDate: null },
        ],
      },
      planCurrent: false,
    })
    expect(summary).toMatchObject({
      deliverablesPerYear: [2, 1],
      yearsWithDeliverable: 2,
      reportsAccepted: 1,
      reportsExpected: 2,
      teamMeets: false,
      planCurrent: false,
      incidents: 2,
      seriousIncidents: 1,
      lateIncidents: 1,
      requests: 3,
      requestsDecided: 2,
      requestsDecidedInTime: 1,
      violationsCounting: 0,
      monthsOk: 1,
      monthsWarning: 1,
      monthsFailing: 1,
      monthsUnrecorded: 1,
      checksFailing: 1,
      checksWarning: 1,
    })
    expect(perYearText(summary.deliverablesPerYear)).toBe('2/1')
  })

  test('a one-year period is summed over its one year: one report expected, one count of deliverables', () => {
    const years = groupByYear({
      period: { startDate: '2024-03-15', endDate: '2025-03-14' },
      deliverables: [deliverable({ id: 1, completedOn: '2024-05-01' })],
      reports: [report(1, 'accepted')],
    })
    expect(years.map((y) => [y.year, y.startDate, y.endDate])).toEqual([[1, '2024-03-15', '2025-03-14']])
    const summary = dossierSummary({
      years,
      team: {
        headcount: 15,
        qualifiedCount: 3,
        minHeadcount: 15,
        minQualified: 3,
        meetsHeadcount: true,
        meetsQualified: true,
        changes: null,
      },
      security: { plans: [], planInForce: null, drills: [], incidents: [] },
      requests: [],
      violations: [],
      compliance: { months: [], checks: [] },
      planCurrent: true,
    })
    expect(summary).toMatchObject({ deliverablesPerYear: [1], yearsWithDeliverable: 1, reportsAccepted: 1, reportsExpected: 1 })
  })
})
