import { describe, expect, test } from 'vitest'
import {
  addDays,
  addMonths,
  anniversary,
  diffDays,
  formatShanghaiDay,
  formatShanghaiMinute,
  formatShanghaiTime,
  isIsoDate,
  shanghaiDate,
  shanghaiDayRange,
  shanghaiDayStart,
} from '~/domain/dates'

describe('isIsoDate', () => {
  test.each([
    ['2024-02-29', true, 'a leap day is a real date'],
    ['2025-02-29', false, 'a leap day in a common year is not'],
    ['2000-02-29', true, 'a year divisible by 400 is leap'],
    ['1900-02-29', false, 'a century not divisible by 400 is not leap'],
    ['2025-04-31', false, 'April has 30 days'],
    ['2025-12-31', true, 'the last day of the year is real'],
    ['2025-13-01', false, 'there is no month 13'],
    ['2025-00-10', false, 'there is no month 0'],
    ['2025-01-00', false, 'there is no day 0'],
    ['2025-1-05', false, 'the month must have two digits'],
    ['2025-01-05T00:00', false, 'a time part is not allowed'],
    [' 2025-01-05', false, 'surrounding spaces are not allowed'],
    ['', false, 'an empty string is not a date'],
  ])('%s is %s because %s', (s, expected) => {
    expect(isIsoDate(s)).toBe(expected)
  })
})

describe('addDays and diffDays', () => {
  test.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2024-03-15', 729, '2026-03-14'],
    ['2025-03-30', 0, '2025-03-30'],
  ])('%s plus %i days is %s, and diffDays measures it back', (d, n, expected) => {
    expect(addDays(d, n)).toBe(expected)
    expect(diffDays(d, expected)).toBe(n)
  })

  test('diffDays is negative when the second date comes first', () => {
    expect(diffDays('2026-03-15', '2026-03-14')).toBe(-1)
  })

  test('an invalid date is refused rather than silently rolled over', () => {
    expect(() => addDays('2025-02-29', 1)).toThrow(RangeError)
    expect(() => diffDays('2025-01-01', 'tomorrow')).toThrow(RangeError)
  })
})

describe('addMonths', () => {
  test.each([
    ['2025-01-31', 1, '2025-02-28', 'clamps to the end of a short February'],
    ['2024-01-31', 1, '2024-02-29', 'clamps to a leap February'],
    ['2025-03-31', 1, '2025-04-30', 'clamps to a 30-day month'],
    ['2025-11-15', 2, '2026-01-15', 'crosses a year forwards'],
    ['2025-01-15', -1, '2024-12-15', 'crosses a year backwards'],
    ['2024-02-29', 12, '2025-02-28', 'keeps 29 February within February'],
  ])('%s plus %i months is %s (%s)', (d, n, expected) => {
    expect(addMonths(d, n)).toBe(expected)
  })
})

describe('anniversary', () => {
  test.each([
    ['2024-03-15', 2, '2026-03-15', 'an ordinary day keeps its month and day'],
    ['2024-02-29', 1, '2025-03-01', '29 February becomes 1 March in a common year'],
    ['2024-02-29', 2, '2026-03-01', 'so a two-year period from 29 February ends on 28 February'],
    ['2024-02-29', 4, '2028-02-29', '29 February stays in a leap target year'],
    ['2023-02-28', 1, '2024-02-28', '28 February stays 28 February'],
  ])('the %i-year anniversary of %s is %s because %s', (d, years, expected) => {
    expect(anniversary(d, years)).toBe(expected)
  })
})

describe('shanghaiDate', () => {
  test.each([
    ['2026-03-14T16:00:00Z', '2026-03-15', 'midnight in Shanghai is 16:00 UTC the day before'],
    ['2026-03-14T15:59:59.999Z', '2026-03-14', 'the last millisecond before Shanghai midnight'],
    ['2025-12-31T16:00:00Z', '2026-01-01', 'the new year starts in Shanghai first'],
    ['2024-02-28T20:00:00Z', '2024-02-29', 'a leap day is reached'],
    ['2024-07-01T00:00:00Z', '2024-07-01', 'summer has no daylight saving shift'],
  ])('the instant %s is %s in Shanghai (%s)', (iso, expected) => {
    expect(shanghaiDate(new Date(iso))).toBe(expected)
  })

  test('an invalid Date is refused', () => {
    expect(() => shanghaiDate(new Date('nope'))).toThrow(RangeError)
  })
})

describe('Shanghai instants', () => {
  test.each([
    ['2026-03-14T16:00:00.000Z', '2026-03-15 00:00:00'],
    ['2026-03-14T15:59:59.000Z', '2026-03-14 23:59:59'],
    ['2024-02-28T16:30:05.000Z', '2024-02-29 00:30:05'],
  ])('%s is shown as %s in Suzhou', (instant, shown) => {
    expect(formatShanghaiTime(instant)).toBe(shown)
  })

  test('a Shanghai day starts at 16:00 UTC on the day before', () => {
    expect(shanghaiDayStart('2025-01-01')).toBe('2024-12-31T16:00:00.000Z')
    expect(shanghaiDayRange({ from: '2024-02-29', to: '2024-02-29' })).toEqual({
      fromInstant: '2024-02-28T16:00:00.000Z',
      toInstant: '2024-02-29T16:00:00.000Z',
    })
  })
})

// Dates one way (docs/status-language.md): instants are read in Asia/Shanghai, to the minute or the day.
describe('formatShanghaiMinute and formatShanghaiDay', () => {
  test('an instant just before midnight UTC is the next morning in Suzhou', () => {
    expect(formatShanghaiMinute('2026-12-31T16:30:45.000Z')).toBe('2027-01-01 00:30')
    expect(formatShanghaiDay('2026-12-31T16:30:45.000Z')).toBe('2027-01-01')
    expect(formatShanghaiDay('2026-12-31T15:59:59.000Z')).toBe('2026-12-31')
  })
})
