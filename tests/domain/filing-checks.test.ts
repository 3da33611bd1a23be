import { describe, expect, test } from 'vitest'
import type { FilingStatus } from '~db/schema/enums'
import { evaluateLab } from '~/domain/compliance/engine'
import type { CheckId, LabFacts } from '~/domain/compliance/types'
import { DEFAULT_RULE_SETTINGS } from '~/domain/settings'
import { labFacts } from '../lab-facts'

// Period 2025-03-01 .. 2027-02-28: year 1 ends 2026-02-28 (report due 2026-03-30), year 2 ends 2027-02-28.
const OBLIGATIONS: LabFacts['obligations'] = [
  { id: 1, validityYear: 1, kind: 'deliverable', yearStart: '2025-03-01', yearEnd: '2026-02-28', dueDate: '2026-02-28' },
  { id: 2, validityYear: 1, kind: 'annual_report', yearStart: '2025-03-01', yearEnd: '2026-02-28', dueDate: '2026-03-30' },
  { id: 3, validityYear: 2, kind: 'deliverable', yearStart: '2026-03-01', yearEnd: '2027-02-28', dueDate: '2027-02-28' },
  { id: 4, validityYear: 2, kind: 'annual_report', yearStart: '2026-03-01', yearEnd: '2027-02-28', dueDate: '2027-03-30' },
]

function facts(overrides: Partial<LabFacts> = {}): LabFacts {
  return labFacts({ labId: 9, obligations: OBLIGATIONS, ...overrides })
}

const deliverable = (completedOn: string, status: FilingStatus, id = 1) => ({
  id,
  title: `成果${id}`,
  status,
  completedOn,
  decidedOn: '2026-01-10',
})

function outcomes(f: LabFacts, today: string, checkId: CheckId) {
  return evaluateLab(f, { today, settings: DEFAULT_RULE_SETTINGS })
    .checks.filter((c) => c.checkId === checkId)
    .map((c) => [c.subject, c.result, c.reason.key])
}

describe('deliverable check', () => {
  test('a year not yet begun has no check; a year in progress far from its end is fine', () => {
    expect(outcomes(facts(), '2025-06-01', 'deliverable')).toEqual([['y1', 'ok', 'compliance.deliverable.open']])
  })

  test('within the window before the year ends, no accepted deliverable is a warning', () => {
    // 90-day window: 2026-02-28 − 90 days = 2025-11-30
    expect(outcomes(facts(), '2025-11-29', 'deliverable')[0][1]).toBe('ok')
    expect(outcomes(facts(), '2025-11-30', 'deliverable')[0][1]).toBe('warning')
    expect(outcomes(facts(), '2026-02-28', 'deliverable')[0][1]).toBe('warning')
  })

  test('the day after the year ends without an accepted deliverable, it fails', () => {
    expect(outcomes(facts(), '2026-03-01', 'deliverable')).toEqual([
      ['y1', 'failing', 'compliance.deliverable.missing'],
      ['y2', 'ok', 'compliance.deliverable.open'],
    ])
  })

  test('the completion date decides the year: the first and the last day of year 1 count for it, the next day does not', () => {
    for (const completedOn of ['2025-03-01', '2026-02-28']) {
      expect(outcomes(facts({ deliverables: [deliverable(completedOn, 'accepted')] }), '2026-03-05', 'deliverable')[0][1]).toBe('ok')
    }
    const nextDay = outcomes(facts({ deliverables: [deliverable('2026-03-01', 'accepted')] }), '2026-03-05', 'deliverable')
    expect(nextDay).toEqual([
      ['y1', 'failing', 'compliance.deliverable.missing'],
      ['y2', 'ok', 'compliance.deliverable.accepted'],
    ])
  })

  test('only an accepted deliverable satisfies the year; submitted or returned ones do not', () => {
    for (const status of ['submitted', 'returned'] as const) {
      expect(outcomes(facts({ deliverables: [deliverable('2025-10-01', status)] }), '2026-03-05', 'deliverable')[0][1]).toBe('failing')
    }
  })

  test('an extended due date keeps the year open until the new date', () => {
    const extended = OBLIGATIONS.map((o) => (o.id === 1 ? { ...o, dueDate: '2026-04-30' } : o))
    expect(outcomes(facts({ obligations: extended }), '2026-03-05', 'deliverable')[0][1]).toBe('warning')
    expect(outcomes(facts({ obligations: extended }), '2026-05-01', 'deliverable')[0][1]).toBe('failing')
  })
})

describe('annual report check', () => {
  test('nothing is asked before the year ends; from then the report is due, and overdue after its due date', () => {
    expect(outcomes(facts(), '2026-02-28', 'annual_report')).toEqual([])
    expect(outcomes(facts(), '2026-03-01', 'annual_report')).toEqual([['y1', 'warning', 'compliance.report.due']])
    expect(outcomes(facts(), '2026-03-30', 'annual_report')).toEqual([['y1', 'warning', 'compliance.report.due']])
    expect(outcomes(facts(), '2026-03-31', 'annual_report')).toEqual([['y1', 'failing', 'compliance.report.overdue']])
  })

  test.each<[FilingStatus, string]>([
    ['submitted', 'compliance.report.submitted'],
    ['accepted', 'compliance.report.accepted'],
    ['returned', 'compliance.report.returned'],
  ])('a %s report is not overdue', (status, key) => {
    const reports = [{ id: 5, validityYear: 1, status, decidedOn: '2026-03-20' }]
    expect(outcomes(facts({ reports }), '2026-04-15', 'annual_report')).toEqual([['y1', 'ok', key]])
  })
})

describe('returned filings', () => {
  test('each returned deliverable or report, of any period, is a warning dated the day it was returned, linking to it', () => {
    const f = facts({
      deliverables: [deliverable('2025-10-01', 'returned', 7)],
      reports: [{ id: 5, validityYear: 1, status: 'returned', decidedOn: '2026-03-20' }],
      // the reports of every period that wait for resubmission (the loader's returnedReports)
      returnedReports: [
        { id: 5, periodSequence: 2, validityYear: 1, decidedOn: '2026-03-20' },
        { id: 3, periodSequence: 1, validityYear: 2, decidedOn: '2025-08-02' },
      ],
    })
    const checks = evaluateLab(f, { today: '2026-04-01', settings: DEFAULT_RULE_SETTINGS }).checks.filter(
      (c) => c.checkId === 'returned_filing',
    )
    expect(checks.map((c) => [c.subject, c.result, c.concernsDate, c.fixPath])).toEqual([
      ['deliverable:7', 'warning', '2026-01-10', '/labs/9/deliverables/7'],
      ['report:5', 'warning', '2026-03-20', '/labs/9/reports/5'],
      ['report:3', 'warning', '2025-08-02', '/labs/9/reports/3'],
    ])
    expect(checks.find((c) => c.subject === 'report:3')?.reason).toEqual({
      key: 'compliance.returned.reportOfPeriod',
      params: { period: 1, year: 2, date: '2025-08-02' },
    })
  })
})
