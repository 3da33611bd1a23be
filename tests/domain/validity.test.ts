import { describe, expect, test } from 'vitest'
import type { LabStatus, PeriodOutcome } from '~db/schema/enums'
import {
  DEFAULT_EXPIRY_WINDOW_DAYS,
  checkPeriodDates,
  daysUntilExpiry,
  labStatus,
  type LatestPeriod,
  type PeriodDateError,
  type PeriodDateWarning,
  type ValidityYear,
  periodEndDate,
  validityYearOf,
  validityYears,
} from '~/domain/validity'

describe('periodEndDate', () => {
  test.each([
    ['2024-03-15', '2026-03-14', 'a period ends the day before its second anniversary'],
    ['2024-02-29', '2026-02-28', 'a start on 29 February ends on 28 February'],
    ['2024-01-01', '2025-12-31', 'a start on 1 January ends on New Year’s Eve'],
    ['2023-03-01', '2025-02-28', 'a start on 1 March ends at the end of February'],
    ['2022-03-01', '2024-02-29', 'which is 29 February when the end year is leap'],
  ])('a period starting %s ends %s (%s)', (start, end) => {
    expect(periodEndDate(start)).toBe(end)
  })
})

describe('validityYears', () => {
  test('a period starting on 15 March splits into two years at the first anniversary', () => {
    expect(validityYears({ startDate: '2024-03-15', endDate: '2026-03-14' })).toEqual([
      { year: 1, startDate: '2024-03-15', endDate: '2025-03-14' },
      { year: 2, startDate: '2025-03-15', endDate: '2026-03-14' },
    ])
  })

  test('a period starting on 29 February has year 1 end on 28 February and year 2 start on 1 March', () => {
    expect(validityYears({ startDate: '2024-02-29', endDate: '2026-02-28' })).toEqual([
      { year: 1, startDate: '2024-02-29', endDate: '2025-02-28' },
      { year: 2, startDate: '2025-03-01', endDate: '2026-02-28' },
    ])
  })

  test('year 2 ends on the end date printed on the certificate, even when it is not two years', () => {
    const [, second] = validityYears({ startDate: '2024-03-15', endDate: '2026-06-30' })
    expect(second).toEqual({ year: 2, startDate: '2025-03-15', endDate: '2026-06-30' })
  })

  test('year 1 never runs past the end of a period shorter than a year', () => {
    const [first] = validityYears({ startDate: '2024-03-15', endDate: '2024-12-31' })
    expect(first.endDate).toBe('2024-12-31')
  })

  test.each([
    ['2024-03-15', '2024-12-31', 'shorter than a year'],
    ['2024-03-15', '2025-03-14', 'exactly one year'],
    ['2024-02-29', '2025-02-28', 'one year from 29 February'],
  ])('a period from %s to %s (%s) has a year 1 and no year 2', (startDate, endDate) => {
    expect(validityYears({ startDate, endDate })).toEqual([{ year: 1, startDate, endDate }])
  })

  test('a year 2 that starts on the period’s last day is a year of one day, never one starting after the end', () => {
    expect(validityYears({ startDate: '2024-03-15', endDate: '2025-03-15' })).toEqual([
      { year: 1, startDate: '2024-03-15', endDate: '2025-03-14' },
      { year: 2, startDate: '2025-03-15', endDate: '2025-03-15' },
    ])
  })
})

describe('validityYearOf', () => {
  const period = { startDate: '2024-02-29', endDate: '2026-02-28' }
  test.each<[string, ValidityYear | null, string]>([
    ['2024-02-28', null, 'the day before the start is outside the period'],
    ['2024-02-29', 1, 'the first day is in year 1'],
    ['2025-02-28', 1, 'the last day of year 1'],
    ['2025-03-01', 2, 'the first day of year 2'],
    ['2026-02-28', 2, 'the last valid day is in year 2'],
    ['2026-03-01', null, 'the day after the end is outside the period'],
  ])('%s is in year %s (%s)', (date, expected) => {
    expect(validityYearOf(period, date)).toBe(expected)
  })
})

describe('checkPeriodDates', () => {
  const today = '2025-06-01'
  test.each<[string, string, PeriodDateError[], PeriodDateWarning[], string]>([
    ['2024-03-15', '2026-03-14', [], [], 'a two-year period is clean'],
    ['2024-02-29', '2026-02-28', [], [], 'a two-year period from 29 February is clean'],
    ['2024-03-15', '2026-03-31', [], ['end_not_two_years'], 'a different printed end is allowed but flagged'],
    ['2025-02-29', '2027-02-28', ['start_invalid'], [], 'a start that is not a real date is refused'],
    ['2024-03-15', '2026/03/14', ['end_invalid'], [], 'an end in another format is refused'],
    ['', '', ['start_invalid', 'end_invalid'], [], 'both empty dates are reported'],
    ['2024-03-15', '2024-03-15', ['end_not_after_start'], [], 'an end on the start day is refused'],
    ['2024-03-15', '2023-03-15', ['end_not_after_start'], [], 'an end before the start is refused'],
    ['2019-12-31', '2021-12-30', ['start_too_early'], [], 'a start before 2020 is refused'],
    ['2020-01-01', '2021-12-31', [], [], 'a start on 1 January 2020 is accepted'],
    ['2026-06-01', '2028-05-31', [], [], 'a start exactly one year ahead is accepted'],
    ['2026-06-02', '2028-06-01', ['start_too_far_ahead'], [], 'a start more than a year ahead is refused'],
    ['2024-03-15', '2027-03-15', [], ['end_not_two_years'], 'an end exactly three years on is accepted but flagged'],
    ['2024-03-15', '2027-03-16', ['too_long'], [], 'an end more than three years on is refused'],
  ])('start %s, end %s gives errors %j and warnings %j: %s', (startDate, endDate, errors, warnings) => {
    expect(checkPeriodDates({ startDate, endDate, today })).toEqual({ errors, warnings })
  })
})

describe('labStatus', () => {
  const period = (outcome: PeriodOutcome | null = null) => ({ startDate: '2024-03-15', endDate: '2026-03-14', outcome })
  const leapPeriod = { startDate: '2024-02-29', endDate: '2026-02-28', outcome: null }
  const window = DEFAULT_EXPIRY_WINDOW_DAYS
  const rows: [name: string, expected: LabStatus, latest: LatestPeriod | null, today: string, windowDays: number][] = [
    ['a lab without a period is uncertified', 'uncertified', null, '2026-01-01', window],
    ['a lab is active on its first day', 'active', period(), '2024-03-15', window],
    ['one day beyond the window is still active', 'active', period(), '2025-12-13', window],
    ['exactly 90 days before the end is expiring', 'expiring', period(), '2025-12-14', window],
    ['the last valid day is expiring', 'expiring', period(), '2026-03-14', window],
    ['the last valid day is expiring even with no window', 'expiring', period(), '2026-03-14', 0],
    ['the day before the end is active with no window', 'active', period(), '2026-03-13', 0],
    ['the first day after the end is expired while undecided', 'expired', period(), '2026-03-15', window],
    ['a 29 February period is expiring on 28 February', 'expiring', leapPeriod, '2026-02-28', window],
    ['a 29 February period is expired on 1 March', 'expired', leapPeriod, '2026-03-01', window],
    ['a 29 February period is active on 1 March of its second year', 'active', leapPeriod, '2025-03-01', window],
    ['a revocation during the period beats the dates', 'revoked', period('revoked'), '2025-01-01', window],
    ['a revocation still shows after the end', 'revoked', period('revoked'), '2027-01-01', window],
    [
      'a revocation beats a future start',
      'revoked',
      { ...period('revoked'), startDate: '2027-01-01', endDate: '2028-12-31' },
      '2026-06-01',
      window,
    ],
    ['a not-renewed decision before the end leaves the lab expiring', 'expiring', period('not_renewed'), '2026-03-01', window],
    ['a not-renewed decision shows once the period is over', 'not_renewed', period('not_renewed'), '2026-03-15', window],
    ['a renewal decided before the end shows as renewed', 'renewed', period('renewed'), '2026-03-01', window],
    [
      'a future period means the lab was renewed',
      'renewed',
      { startDate: '2026-03-15', endDate: '2028-03-14', outcome: null },
      '2026-03-10',
      window,
    ],
    [
      'the renewed period is active from its first day',
      'active',
      { startDate: '2026-03-15', endDate: '2028-03-14', outcome: null },
      '2026-03-15',
      window,
    ],
  ]
  test.each(rows)('%s (%s)', (_name, expected, latest, today, windowDays) => {
    expect(labStatus({ latest, today, windowDays })).toBe(expected)
  })

  test('the window defaults to 90 days', () => {
    expect(labStatus({ latest: period(), today: '2025-12-14' })).toBe('expiring')
    expect(labStatus({ latest: period(), today: '2025-12-13' })).toBe('active')
  })
})

describe('daysUntilExpiry', () => {
  test.each([
    ['2026-03-13', 1, 'the day before the last valid day'],
    ['2026-03-14', 0, 'the last valid day'],
    ['2026-03-15', -1, 'the first expired day'],
  ])('on %s there are %i days left (%s)', (today, expected) => {
    expect(daysUntilExpiry({ endDate: '2026-03-14', today })).toBe(expected)
  })
})
