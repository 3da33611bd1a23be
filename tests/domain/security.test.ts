import { describe, expect, test } from 'vitest'
import { DEFAULT_REPORT_HOURS, nextIncidentStatus, planReviewDate, reportDeadline, reportHoursLate, reportTiming } from '~/domain/security'

describe('incident report deadline', () => {
  test.each([
    ['I', '2026-05-01T01:30:00.000Z', '2026-05-01T02:30:00.000Z'],
    ['II', '2026-05-01T01:30:00.000Z', '2026-05-01T02:30:00.000Z'],
    ['III', '2026-05-01T01:30:00.000Z', '2026-05-01T05:30:00.000Z'],
    ['IV', '2026-05-01T01:30:00.000Z', '2026-05-02T01:30:00.000Z'],
  ] as const)('grade %s discovered at %s is due at %s (clock hours)', (grade, discoveredAt, due) => {
    expect(reportDeadline({ discoveredAt, hours: DEFAULT_REPORT_HOURS[grade] })).toBe(due)
  })

  test('across midnight in Shanghai: discovered 22:30 on 30 April, a grade III report is due 02:30 on 1 May', () => {
    // 22:30 Asia/Shanghai = 14:30Z
    expect(reportDeadline({ discoveredAt: '2026-04-30T14:30:00.000Z', hours: 4 })).toBe('2026-04-30T18:30:00.000Z')
  })

  test('a holiday does not stop the clock: discovered on National Day, due the same day', () => {
    expect(reportDeadline({ discoveredAt: '2026-10-01T02:00:00.000Z', hours: 24 })).toBe('2026-10-02T02:00:00.000Z')
  })
})

describe('report timing', () => {
  const deadline = '2026-05-01T05:30:00.000Z'
  test.each([
    [null, '2026-05-01T03:00:00.000Z', { state: 'pending', hoursLeft: 2 }],
    [null, '2026-05-01T05:30:00.000Z', { state: 'pending', hoursLeft: 0 }],
    [null, '2026-05-01T05:31:00.000Z', { state: 'overdue', hoursLeft: -1 }],
    ['2026-05-01T05:30:00.000Z', '2026-05-02T00:00:00.000Z', { state: 'on_time', hoursLate: 0 }],
    ['2026-05-01T05:30:01.000Z', '2026-05-02T00:00:00.000Z', { state: 'late', hoursLate: 1 }],
    ['2026-05-01T09:00:00.000Z', '2026-05-02T00:00:00.000Z', { state: 'late', hoursLate: 4 }],
  ])('reported %s, now %s: %o', (reportedAt, now, expected) => {
    expect(reportTiming({ deadline, reportedAt, now: new Date(now) })).toEqual(expected)
  })
})

describe('hours a report came late, as the incident page and the compliance check both say it', () => {
  const deadline = '2026-03-01T04:00:00.000Z'
  test.each([
    ['2026-03-01T03:59:00.000Z', 0],
    ['2026-03-01T04:00:00.000Z', 0],
    ['2026-03-01T04:01:00.000Z', 1],
    ['2026-03-01T05:00:00.000Z', 1],
    ['2026-03-01T05:00:01.000Z', 2],
  ])('reported at %s: %i h late', (reportedAt, hours) => {
    expect(reportHoursLate({ deadline, reportedAt })).toBe(hours)
  })
})

describe('plan review and incident status', () => {
  test('review 12 months after approval; a plan approved on 29 February is reviewed on 28 February', () => {
    expect(planReviewDate({ approvedOn: '2025-03-15', months: 12 })).toBe('2026-03-15')
    expect(planReviewDate({ approvedOn: '2024-02-29', months: 12 })).toBe('2025-02-28')
  })

  test('an incident moves open → contained → resolved → closed and no further', () => {
    expect(['open', 'contained', 'resolved', 'closed'].map((s) => nextIncidentStatus(s as never))).toEqual([
      'contained',
      'resolved',
      'closed',
      null,
    ])
  })
})
