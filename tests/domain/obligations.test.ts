import chineseDays from 'chinese-days/dist/chinese-days.json'
import { describe, expect, test } from 'vitest'
import { buildCalendar, parsePackageCalendar } from '~/domain/calendar'
import { checkExtension, dueDateFrom, plannedObligations, unjudgedState } from '~/domain/obligations'

const calendar = buildCalendar({ packageCalendar: parsePackageCalendar(chineseDays) })

describe('plannedObligations', () => {
  test('each validity year owes a deliverable by its last day and a report 30 days later', () => {
    const rows = plannedObligations({ period: { startDate: '2024-03-15', endDate: '2026-03-14' }, reportDueDays: 30, calendar })
    expect(rows).toEqual([
      {
        validityYear: 1,
        kind: 'deliverable',
        yearStart: '2024-03-15',
        yearEnd: '2025-03-14',
        dueDate: '2025-03-14',
        dueDateEstimated: false,
        dueBasis: '2025-03-14',
      },
      // 2025-04-13 is a Sunday: the report moves to Monday the 14th
      {
        validityYear: 1,
        kind: 'annual_report',
        yearStart: '2024-03-15',
        yearEnd: '2025-03-14',
        dueDate: '2025-04-14',
        dueDateEstimated: false,
        dueBasis: '2025-04-13',
      },
      {
        validityYear: 2,
        kind: 'deliverable',
        yearStart: '2025-03-15',
        yearEnd: '2026-03-14',
        dueDate: '2026-03-14',
        dueDateEstimated: false,
        dueBasis: '2026-03-14',
      },
      // 2026-04-13 is a Monday: a working day, unchanged
      {
        validityYear: 2,
        kind: 'annual_report',
        yearStart: '2025-03-15',
        yearEnd: '2026-03-14',
        dueDate: '2026-04-13',
        dueDateEstimated: false,
        dueBasis: '2026-04-13',
      },
    ])
  })

  test('a report due on a statutory holiday moves to the first working day after it', () => {
    // year 1 ends 2025-09-01; +30 days = 2025-10-01, National Day (1–8 October 2025)
    const rows = plannedObligations({ period: { startDate: '2024-09-02', endDate: '2026-09-01' }, reportDueDays: 30, calendar })
    expect(rows.find((r) => r.kind === 'annual_report' && r.validityYear === 1)?.dueDate).toBe('2025-10-09')
  })

  test('a report due on a 调休 working Saturday stays there', () => {
    // 2025-09-28 (Sunday) and 2025-10-11 (Saturday) were make-up working days
    const rows = plannedObligations({ period: { startDate: '2024-09-12', endDate: '2026-09-11' }, reportDueDays: 30, calendar })
    expect(rows.find((r) => r.kind === 'annual_report' && r.validityYear === 1)?.dueDate).toBe('2025-10-11')
  })

  test('a report due in a year without calendar data is marked as an estimate', () => {
    const rows = plannedObligations({ period: { startDate: '2025-12-10', endDate: '2027-12-09' }, reportDueDays: 30, calendar })
    const y1 = rows.find((r) => r.kind === 'annual_report' && r.validityYear === 1)!
    expect(y1.dueDate).toBe('2027-01-08')
    expect(y1.dueDateEstimated).toBe(true)
  })

  test('once the year is known, dueDateFrom counts the same basis again on the calendar in force', () => {
    const rows = plannedObligations({ period: { startDate: '2025-12-10', endDate: '2027-12-09' }, reportDueDays: 30, calendar })
    const y1 = rows.find((r) => r.kind === 'annual_report' && r.validityYear === 1)!
    expect(y1.dueBasis).toBe('2027-01-08')
    const confirmed = buildCalendar({
      packageCalendar: parsePackageCalendar(chineseDays),
      bureauDays: [{ date: '2027-01-08', kind: 'holiday', name: '假日' }],
      bureauYears: [2027],
    })
    expect(dueDateFrom(confirmed, 'annual_report', y1.dueBasis)).toEqual({ date: '2027-01-11', estimated: false })
    expect(dueDateFrom(confirmed, 'deliverable', '2027-01-09')).toEqual({ date: '2027-01-09', estimated: false })
  })

  test('a one-year period owes year 1 only: no year 2 starting after the period ends', () => {
    const rows = plannedObligations({ period: { startDate: '2025-06-01', endDate: '2026-05-31' }, reportDueDays: 30, calendar })
    expect(rows.map((r) => [r.validityYear, r.kind, r.yearStart, r.yearEnd, r.dueDate])).toEqual([
      [1, 'deliverable', '2025-06-01', '2026-05-31', '2026-05-31'],
      [1, 'annual_report', '2025-06-01', '2026-05-31', '2026-06-30'],
    ])
  })

  test('a period starting on 29 February: year 1 ends on 28 February', () => {
    const rows = plannedObligations({ period: { startDate: '2024-02-29', endDate: '2026-02-28' }, reportDueDays: 0, calendar })
    expect(rows[0]).toMatchObject({ yearEnd: '2025-02-28', dueDate: '2025-02-28' })
    // 2025-02-28 is a Friday: the report with 0 days' grace is due the same day
    expect(rows[1].dueDate).toBe('2025-02-28')
  })
})

describe('checkExtension', () => {
  test.each([
    ['2026-04-13', '2026-05-13', null],
    ['2026-04-13', '2026-04-13', 'not_later'],
    ['2026-04-13', '2026-03-01', 'not_later'],
    ['2026-04-13', '2027-04-14', null],
    ['2026-04-13', '2027-04-15', 'too_far'],
  ])('from %s to %s: %s', (from, to, problem) => {
    expect(checkExtension({ from, to })).toBe(problem)
  })
})

describe('unjudgedState', () => {
  const periods = [
    { sequence: 1, startDate: '2025-06-01' },
    { sequence: 2, startDate: '2027-06-01' },
  ]
  test.each([
    // period 1's year-2 report, due 2027-06-30
    ['2027-06-30', 1, '2026-06-15', 'not_due'],
    ['2027-06-30', 1, '2027-06-30', 'not_due'], // due today: not yet late
    ['2027-06-30', 1, '2027-07-01', 'past_period'], // period 2 began on 2027-06-01
    // period 1's year-1 deliverable, due 2026-05-31, before the renewal begins
    ['2026-05-31', 1, '2026-06-15', 'unjudged'],
    ['2026-05-31', 1, '2027-05-31', 'unjudged'], // the next period is on record but not begun
    ['2026-05-31', 1, '2027-06-01', 'past_period'],
    // the next period's rows
    ['2028-05-31', 2, '2026-06-15', 'not_due'],
    ['2028-05-31', 2, '2028-06-01', 'unjudged'],
  ])('due %s in period %i, today %s: %s', (dueDate, sequence, today, state) => {
    expect(unjudgedState({ dueDate, sequence, periods, today })).toBe(state)
  })
})
