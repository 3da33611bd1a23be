import chineseDays from 'chinese-days/dist/chinese-days.json'
import { describe, expect, test } from 'vitest'
import { RESOURCE_TYPES } from '~db/schema/enums'
import { buildCalendar, parsePackageCalendar } from '~/domain/calendar'
import {
  checkPartialGrant,
  decisionDeadline,
  decisionFacts,
  grantedOf,
  isPastDeadline,
  isQuantity,
  resolveTypeRules,
  unitFits,
  UNITS_BY_TYPE,
} from '~/domain/resource-requests'

const cal = buildCalendar({ packageCalendar: parsePackageCalendar(chineseDays) })

describe('the decision deadline counts China’s working days', () => {
  test.each([
    // an ordinary week: Monday + 10 working days is the Monday two weeks on
    { submittedOn: '2026-11-02', days: 10, deadline: '2026-11-16', why: 'two plain weeks' },
    // Friday 13 Feb 2026, before the Spring Festival: Saturday 14 Feb is a make-up working day
    // (1), 15–23 Feb are off, then 24–27 Feb (2–5), Saturday 28 Feb is a make-up day (6), 2–5 March (7–10)
    { submittedOn: '2026-02-13', days: 10, deadline: '2026-03-05', why: 'a Friday before the Spring Festival' },
    // Thursday 24 Sep 2026, before the Mid-autumn and National Day holidays: 28–30 Sep (1–3),
    // 1–7 Oct off, 8–9 Oct (4–5), Saturday 10 Oct a make-up day (6), 12–15 Oct (7–10)
    { submittedOn: '2026-09-24', days: 10, deadline: '2026-10-15', why: 'the day before Mid-autumn and National Day' },
    // submitted on the make-up Saturday 10 Oct 2026: that day is not counted, 12–23 Oct are
    { submittedOn: '2026-10-10', days: 10, deadline: '2026-10-23', why: 'a make-up (调休) Saturday' },
    { submittedOn: '2026-02-28', days: 10, deadline: '2026-03-13', why: 'the make-up Saturday after the Spring Festival' },
    // submitted in the middle of a holiday: the count starts with the first working day after it
    { submittedOn: '2026-10-03', days: 1, deadline: '2026-10-08', why: 'during National Day, one day' },
    { submittedOn: '2026-11-06', days: 1, deadline: '2026-11-09', why: 'a Friday, one day' },
  ])('$why: submitted $submittedOn, $days working days → $deadline', ({ submittedOn, days, deadline }) => {
    expect(decisionDeadline(cal, submittedOn, days)).toEqual({ deadline, estimated: false })
  })

  test('a deadline counted into a year without a published calendar is an estimate', () => {
    expect(decisionDeadline(cal, '2026-12-24', 10).estimated).toBe(true)
  })
})

describe('what a decision records', () => {
  test('decided on the deadline is in time; the day after is not', () => {
    const base = { submittedOn: '2026-02-13', deadline: '2026-03-05' }
    expect(decisionFacts(cal, { ...base, decidedOn: '2026-03-05' })).toEqual({ workingDays: 10, inTime: true })
    expect(decisionFacts(cal, { ...base, decidedOn: '2026-03-06' })).toEqual({ workingDays: 11, inTime: false })
  })

  test('a decision on the day of submission took no working days', () => {
    expect(decisionFacts(cal, { submittedOn: '2026-11-02', deadline: '2026-11-16', decidedOn: '2026-11-02' })).toEqual({
      workingDays: 0,
      inTime: true,
    })
  })

  test('a request is past its deadline only while it still awaits the decision', () => {
    const deadline = '2026-11-16'
    expect(isPastDeadline({ status: 'accepted', deadline }, '2026-11-16')).toBe(false)
    expect(isPastDeadline({ status: 'accepted', deadline }, '2026-11-17')).toBe(true)
    expect(isPastDeadline({ status: 'submitted', deadline }, '2026-11-17')).toBe(true)
    expect(isPastDeadline({ status: 'district_reviewed', deadline }, '2026-11-17')).toBe(true)
    expect(isPastDeadline({ status: 'returned', deadline }, '2026-11-17')).toBe(false)
    expect(isPastDeadline({ status: 'approved', deadline }, '2026-11-17')).toBe(false)
    expect(isPastDeadline({ status: 'withdrawn', deadline }, '2026-11-17')).toBe(false)
  })
})

describe('quantities and units', () => {
  test('every type has units, and a unit of another type does not fit', () => {
    for (const type of RESOURCE_TYPES) expect(UNITS_BY_TYPE[type].length).toBeGreaterThan(0)
    expect(unitFits('computing', 'gpu_hours')).toBe(true)
    expect(unitFits('computing', 'm2')).toBe(false)
    expect(unitFits('funding', 'wan_yuan')).toBe(true)
    expect(unitFits('site', 'nonsense')).toBe(false)
  })

  test.each([
    [1, true],
    [0.5, true],
    [0.29, true],
    [12.25, true],
    [0, false],
    [-3, false],
    [1.005, false],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
    [2_000_000_000, false],
  ])('%s is a quantity: %s', (n, ok) => {
    expect(isQuantity(n)).toBe(ok)
  })

  test('a partial grant is more than nothing and less than asked', () => {
    expect(checkPartialGrant(100, 40)).toBe('ok')
    expect(checkPartialGrant(100, 100)).toBe('not_less')
    expect(checkPartialGrant(100, 150)).toBe('not_less')
    expect(checkPartialGrant(100, 0)).toBe('not_positive')
    expect(checkPartialGrant(100, 0.001)).toBe('bad_number')
  })

  test('what was granted: all of it when approved, the granted part when partly, nothing otherwise', () => {
    expect(grantedOf({ status: 'approved', quantity: 100, grantedQuantity: null })).toBe(100)
    expect(grantedOf({ status: 'partly_approved', quantity: 100, grantedQuantity: 40 })).toBe(40)
    expect(grantedOf({ status: 'rejected', quantity: 100, grantedQuantity: null })).toBeNull()
  })
})

describe('the bureau’s rules per type', () => {
  test('ten working days and no district opinion unless the bureau says otherwise', () => {
    const rules = resolveTypeRules([{ type: 'funding', decisionDays: 20, districtOpinion: true }])
    expect(rules.funding).toEqual({ decisionDays: 20, districtOpinion: true })
    expect(rules.computing).toEqual({ decisionDays: 10, districtOpinion: false })
  })

  test('a stored number outside the bounds falls back to the default', () => {
    expect(resolveTypeRules([{ type: 'site', decisionDays: 0, districtOpinion: true }]).site).toEqual({
      decisionDays: 10,
      districtOpinion: true,
    })
  })
})
