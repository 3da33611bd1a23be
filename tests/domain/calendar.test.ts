import chineseDays from 'chinese-days/dist/chinese-days.json'
import { describe, expect, test } from 'vitest'
import {
  addWorkingDays,
  buildCalendar,
  countReachesYear,
  dayInfo,
  isoWeekday,
  MAX_SCAN_DAYS,
  monthDays,
  nextWorkingDay,
  packageDayName,
  parsePackageCalendar,
  previousWorkingDay,
  workingDaysBetween,
  type BureauCalendarDay,
} from '~/domain/calendar'

const packageCalendar = parsePackageCalendar(chineseDays)
const cal = buildCalendar({ packageCalendar })
const withBureau = (bureauDays: BureauCalendarDay[], bureauYears: number[] = []) =>
  buildCalendar({ packageCalendar, bureauDays, bureauYears })

describe('the package data', () => {
  test('covers 2004 to 2026 and nothing else', () => {
    const years = [...packageCalendar.years].sort()
    expect(years[0]).toBe(2004)
    expect(years[years.length - 1]).toBe(2026)
    expect(years).toHaveLength(23)
  })

  test('names come apart into English and Chinese', () => {
    expect(packageDayName('National Day,国庆节,3')).toEqual({ en: 'National Day', zh: '国庆节' })
    expect(packageDayName("New Year's Day,元旦,1")).toEqual({ en: "New Year's Day", zh: '元旦' })
  })

  test('weekdays are ISO: Monday 1 to Sunday 7, before and after the reference Monday', () => {
    expect(isoWeekday('2026-10-01')).toBe(4)
    expect(isoWeekday('2026-09-20')).toBe(7)
    expect(isoWeekday('2026-10-10')).toBe(6)
    expect(isoWeekday('2004-01-01')).toBe(4)
    expect(isoWeekday('2024-01-01')).toBe(1)
  })
})

describe('dayInfo', () => {
  test.each([
    ['2026-10-01', { working: false, kind: 'holiday', name: '国庆节', known: true }], // Thursday, National Day
    ['2026-10-03', { working: false, kind: 'holiday', name: '国庆节', known: true }], // Saturday inside the holiday
    ['2026-09-20', { working: true, kind: 'makeup_workday', name: '国庆节', known: true }], // 调休 Sunday
    ['2026-10-10', { working: true, kind: 'makeup_workday', name: '国庆节', known: true }], // 调休 Saturday
    ['2026-02-14', { working: true, kind: 'makeup_workday', name: '春节', known: true }],
    ['2026-02-28', { working: true, kind: 'makeup_workday', name: '春节', known: true }],
    ['2026-02-23', { working: false, kind: 'holiday', name: '春节', known: true }], // a Monday off
    ['2026-09-29', { working: true, kind: 'workday', known: true }], // an ordinary Tuesday
    ['2026-09-19', { working: false, kind: 'weekend', known: true }], // an ordinary Saturday
    ['2024-02-29', { working: true, kind: 'workday', known: true }], // 29 February, a Thursday
    ['2027-10-01', { working: true, kind: 'workday', known: false }], // Friday of a year without data: a guess
    ['2027-10-02', { working: false, kind: 'weekend', known: false }],
    ['2028-02-29', { working: true, kind: 'workday', known: false }], // 29 February 2028, a Tuesday
    ['2003-10-01', { working: true, kind: 'workday', known: false }], // before the package's first year
  ])('%s is %o', (date, expected) => {
    expect(dayInfo(cal, date)).toEqual(expected)
  })

  test('a date that is not a calendar day is refused', () => {
    expect(() => dayInfo(cal, '2026-02-29')).toThrow(RangeError)
    expect(() => dayInfo(cal, '2026/10/01')).toThrow(RangeError)
  })
})

describe('addWorkingDays: the n-th working day after start, start not counted', () => {
  test.each([
    // start, n, deadline, why
    ['2026-09-28', 1, '2026-09-29', 'an ordinary Monday: the next day'],
    ['2026-09-29', 1, '2026-09-30', 'the last working day before National Day'],
    ['2026-09-30', 1, '2026-10-08', 'a deadline on 1 October moves past the whole National Day week'],
    ['2026-09-17', 10, '2026-10-08', 'crosses 调休 Sunday 20 Sept, Mid-autumn 25–27 Sept and National Day'],
    ['2026-09-18', 1, '2026-09-20', 'Friday + 1 is the 调休 Sunday'],
    ['2026-10-09', 1, '2026-10-10', 'Friday + 1 is the 调休 Saturday after National Day'],
    ['2026-10-08', 5, '2026-10-14', 'counts 9, 10 (Saturday, worked), 12, 13, 14'],
    ['2026-02-13', 1, '2026-02-14', 'Friday before Spring Festival + 1 is the 调休 Saturday'],
    ['2026-02-13', 2, '2026-02-24', 'then the holiday 15–23 Feb is skipped'],
    ['2026-02-13', 6, '2026-02-28', 'the 调休 Saturday 28 Feb counts'],
    ['2026-02-13', 7, '2026-03-02', 'and Sunday 1 March does not'],
    ['2026-04-24', 5, '2026-05-06', 'Friday before Labour Day + 5 skips 1–5 May'],
    ['2026-10-01', 1, '2026-10-08', 'starting on a holiday counts from the first working day after it'],
    ['2026-10-03', 0, '2026-10-03', 'zero working days is the start itself'],
    ['2024-02-28', 1, '2024-02-29', '29 February counts in a leap year'],
    ['2024-02-29', 1, '2024-03-01', 'and a count can start on it'],
    ['2025-02-27', 2, '2025-03-03', 'no 29 February in 2025: Friday 28 Feb, then Monday'],
    ['2026-10-08', -1, '2026-09-30', 'a negative count goes back over the holiday'],
    ['2026-10-12', -2, '2026-10-09', 'and counts the 调休 Saturday on the way'],
  ])('%s + %i → %s (%s)', (start, n, deadline) => {
    expect(addWorkingDays(cal, start, n)).toEqual({ date: deadline, estimated: false, unknownYears: [] })
  })

  test('a count reaching into 2027, which has no data, is marked as an estimate', () => {
    expect(addWorkingDays(cal, '2026-12-31', 1)).toEqual({ date: '2027-01-01', estimated: true, unknownYears: [2027] })
    expect(addWorkingDays(cal, '2026-12-21', 10)).toEqual({ date: '2027-01-04', estimated: true, unknownYears: [2027] })
  })

  test('a count within 2026 is exact even though the start is late in the year', () => {
    expect(addWorkingDays(cal, '2026-12-21', 8)).toEqual({ date: '2026-12-31', estimated: false, unknownYears: [] })
  })

  test('29 February of an unknown year is counted by the Monday–Friday guess', () => {
    expect(addWorkingDays(cal, '2028-02-28', 1)).toEqual({ date: '2028-02-29', estimated: true, unknownYears: [2028] })
  })

  test('a count spanning several unknown years lists each of them', () => {
    const result = addWorkingDays(cal, '2026-12-31', 600)
    expect(result.estimated).toBe(true)
    expect(result.unknownYears).toEqual([2027, 2028, 2029])
  })

  test('the start day itself is not examined, so starting on 31 December 2027 into 2028 lists only 2028', () => {
    expect(addWorkingDays(cal, '2027-12-31', 1).unknownYears).toEqual([2028])
  })

  test('a bureau-confirmed 2027 with its holidays entered is exact', () => {
    const y2027 = withBureau(
      [
        { date: '2027-01-01', kind: 'holiday', name: '元旦' },
        { date: '2027-01-02', kind: 'holiday', name: '元旦' },
        { date: '2027-01-03', kind: 'holiday', name: '元旦' },
      ],
      [2027],
    )
    expect(addWorkingDays(y2027, '2026-12-31', 1)).toEqual({ date: '2027-01-04', estimated: false, unknownYears: [] })
    expect(dayInfo(y2027, '2027-01-01')).toEqual({ working: false, kind: 'holiday', name: '元旦', known: true })
  })

  test('bureau rows for an unconfirmed 2027 are honoured but the answer stays an estimate', () => {
    const partial = withBureau([{ date: '2027-01-01', kind: 'holiday', name: '元旦' }])
    expect(addWorkingDays(partial, '2026-12-31', 1)).toEqual({ date: '2027-01-04', estimated: true, unknownYears: [2027] })
  })

  test('a count of working days that is not a whole number, or too large, is refused', () => {
    expect(() => addWorkingDays(cal, '2026-10-01', 1.5)).toThrow(RangeError)
    expect(() => addWorkingDays(cal, '2026-10-01', 1001)).toThrow(RangeError)
    expect(() => addWorkingDays(cal, 'not a date', 1)).toThrow(RangeError)
  })

  test('a calendar with no working day in reach ends with an error instead of looping', () => {
    const allOff = buildCalendar({
      packageCalendar: { years: new Set(), holidays: new Map(), workdays: new Map() },
      bureauDays: Array.from({ length: MAX_SCAN_DAYS + 10 }, (_, i) => {
        const date = new Date(Date.UTC(2030, 0, 1 + i)).toISOString().slice(0, 10)
        return { date, kind: 'holiday' as const, name: '' }
      }),
    })
    expect(() => addWorkingDays(allOff, '2029-12-31', 1)).toThrow(/no working day/)
    expect(() => nextWorkingDay(allOff, '2030-01-01')).toThrow(RangeError)
  })
})

describe('bureau corrections win over the package', () => {
  test('a package holiday the bureau marks as a working day counts', () => {
    const corrected = withBureau([{ date: '2026-10-07', kind: 'workday', name: '更正' }])
    expect(dayInfo(corrected, '2026-10-07')).toEqual({ working: true, kind: 'workday', name: '更正', known: true })
    expect(addWorkingDays(corrected, '2026-09-30', 1).date).toBe('2026-10-07')
  })

  test('a package make-up Saturday the bureau marks as a holiday does not count', () => {
    const corrected = withBureau([{ date: '2026-10-10', kind: 'holiday', name: '' }])
    expect(dayInfo(corrected, '2026-10-10')).toEqual({ working: false, kind: 'holiday', known: true })
    expect(addWorkingDays(corrected, '2026-10-09', 1).date).toBe('2026-10-12')
    // the package itself is untouched
    expect(dayInfo(cal, '2026-10-10').working).toBe(true)
  })

  test('a bureau holiday on an ordinary weekday moves a deadline', () => {
    const corrected = withBureau([{ date: '2026-10-08', kind: 'holiday', name: '临时放假' }])
    expect(nextWorkingDay(corrected, '2026-10-01').date).toBe('2026-10-09')
  })
})

describe('next and previous working day, on or after / on or before', () => {
  test.each([
    ['2026-10-01', '2026-10-08', '2026-09-30'],
    ['2026-10-04', '2026-10-08', '2026-09-30'],
    ['2026-09-26', '2026-09-28', '2026-09-24'], // Mid-autumn Saturday
    ['2026-10-10', '2026-10-10', '2026-10-10'], // 调休 Saturday is itself a working day
    ['2026-09-29', '2026-09-29', '2026-09-29'],
    ['2026-01-01', '2026-01-04', '2025-12-31'], // 元旦 1–3 Jan, 调休 Sunday 4 Jan; back into 2025
    ['2026-02-22', '2026-02-24', '2026-02-14'],
  ])('%s → next %s, previous %s', (date, next, previous) => {
    expect(nextWorkingDay(cal, date)).toEqual({ date: next, estimated: false, unknownYears: [] })
    expect(previousWorkingDay(cal, date)).toEqual({ date: previous, estimated: false, unknownYears: [] })
  })

  test('a due date on a Saturday in an unknown year moves to Monday as an estimate', () => {
    expect(nextWorkingDay(cal, '2027-01-02')).toEqual({ date: '2027-01-04', estimated: true, unknownYears: [2027] })
    expect(previousWorkingDay(cal, '2027-01-02')).toEqual({ date: '2027-01-01', estimated: true, unknownYears: [2027] })
  })

  test('going back from early 2027 over New Year notes 2027 but not 2026', () => {
    const partial = withBureau([{ date: '2027-01-01', kind: 'holiday', name: '元旦' }])
    expect(previousWorkingDay(partial, '2027-01-03')).toEqual({ date: '2026-12-31', estimated: true, unknownYears: [2027] })
  })
})

describe('workingDaysBetween', () => {
  test.each([
    ['2026-09-17', '2026-10-08', 10],
    ['2026-09-30', '2026-10-07', 0],
    ['2026-10-08', '2026-09-17', -10],
    ['2026-10-01', '2026-10-01', 0],
  ])('from %s to %s is %i working days', (from, to, days) => {
    expect(workingDaysBetween(cal, from, to)).toEqual({ days, estimated: false, unknownYears: [] })
  })

  test('is the inverse of addWorkingDays on a working day', () => {
    for (const [start, n] of [
      ['2026-02-13', 7],
      ['2026-09-17', 10],
      ['2026-04-24', 5],
    ] as const) {
      const { date } = addWorkingDays(cal, start, n)
      expect(workingDaysBetween(cal, start, date).days).toBe(n)
    }
  })

  test('a span into 2027 is an estimate', () => {
    expect(workingDaysBetween(cal, '2026-12-30', '2027-01-05')).toEqual({ days: 4, estimated: true, unknownYears: [2027] })
  })
})

describe('monthDays', () => {
  test('February has 29 days in a leap year and 28 otherwise, each with its weekday', () => {
    expect(monthDays(cal, 2024, 2)).toHaveLength(29)
    expect(monthDays(cal, 2026, 2)).toHaveLength(28)
    const october = monthDays(cal, 2026, 10)
    expect(october[0]).toMatchObject({ date: '2026-10-01', day: 1, weekday: 4, kind: 'holiday', working: false })
    expect(october[9]).toMatchObject({ date: '2026-10-10', weekday: 6, kind: 'makeup_workday' })
    expect(october).toHaveLength(31)
  })
})

describe('countReachesYear', () => {
  test.each([
    ['2026-12-28', '2027-01-11', 2027, true],
    ['2026-12-28', '2027-01-11', 2026, true],
    ['2026-12-28', '2027-01-11', 2028, false],
    ['2027-01-11', '2026-12-28', 2027, true], // either order
    ['2028-01-08', '2028-01-10', 2027, false],
  ])('%s to %s reaches into %i: %s', (from, to, year, reaches) => {
    expect(countReachesYear({ from, to, year })).toBe(reaches)
  })
})
