import { describe, expect, test } from 'vitest'
import { criteriaEditable, isLate, parseDeadline, parseRoundDeadlines, quotaFor, roundStage } from '~/domain/certification/round-dates'

// A round's two deadlines (issue 21): typed as Beijing time, kept as UTC, compared to the second.
const round = { applicationsDueAt: '2027-03-31T09:00:00.000Z', recommendationsDueAt: '2027-04-15T09:00:00.000Z' }

describe('parsing a deadline', () => {
  test.each([
    ['2027-03-31T17:00', '2027-03-31T09:00:00.000Z'],
    ['2027-03-31 08:30', '2027-03-31T00:30:00.000Z'],
    // a bare date is the guide's 17:00
    ['2027-03-31', '2027-03-31T09:00:00.000Z'],
    // just after midnight in Beijing is the previous day in UTC
    ['2027-01-01T00:30', '2026-12-31T16:30:00.000Z'],
    ['2028-02-29T17:00', '2028-02-29T09:00:00.000Z'],
  ])('%s in Shanghai is %s', (typed, utc) => expect(parseDeadline(typed)).toBe(utc))

  test.each(['', '2027-02-29T17:00', '2027-03-31T24:00', '31/03/2027 17:00', 'tomorrow'])('%j is not a deadline', (typed) =>
    expect(parseDeadline(typed)).toBeNull(),
  )
})

describe('the two deadlines together', () => {
  test('the offices’ deadline after the applicants’ is accepted', () => {
    expect(parseRoundDeadlines({ applicationsDueAt: '2027-03-31T17:00', recommendationsDueAt: '2027-04-15' })).toEqual({
      ok: true,
      value: round,
    })
  })

  test('the offices’ deadline at or before the applicants’ is refused on the offices’ field', () => {
    for (const recommendationsDueAt of ['2027-03-31T17:00', '2027-03-30T17:00'])
      expect(parseRoundDeadlines({ applicationsDueAt: '2027-03-31T17:00', recommendationsDueAt })).toEqual({
        ok: false,
        errors: { recommendationsDueAt: 'notAfterApplications' },
      })
  })

  test('missing and unreadable deadlines are named field by field', () => {
    expect(parseRoundDeadlines({ applicationsDueAt: ' ', recommendationsDueAt: '2027-13-01' })).toEqual({
      ok: false,
      errors: { applicationsDueAt: 'required', recommendationsDueAt: 'invalid' },
    })
  })
})

describe('late or on time', () => {
  test.each([
    ['2027-03-31T08:59:59.999Z', false],
    // exactly 17:00:00 Beijing time is on time …
    ['2027-03-31T09:00:00.000Z', false],
    // … a millisecond and a second later are late
    ['2027-03-31T09:00:00.001Z', true],
    ['2027-03-31T09:00:01.000Z', true],
  ])('a submission at %s is late: %s', (at, late) => expect(isLate(new Date(at), round.applicationsDueAt)).toBe(late))

  test('a deadline stored without milliseconds compares by time, not as text', () => {
    expect(isLate(new Date('2027-03-31T09:00:00.000Z'), '2027-03-31T09:00:00Z')).toBe(false)
    expect(isLate(new Date('2027-03-31T09:00:00.500Z'), '2027-03-31T09:00:00Z')).toBe(true)
  })
})

describe('the round’s stage', () => {
  test.each([
    ['2027-01-10T00:00:00.000Z', 'open'],
    ['2027-03-31T09:00:00.000Z', 'open'],
    ['2027-03-31T09:00:01.000Z', 'recommending'],
    ['2027-04-15T09:00:00.000Z', 'recommending'],
    ['2027-04-15T09:00:01.000Z', 'reviewing'],
  ] as const)('on %s it is %s', (at, stage) => expect(roundStage(new Date(at), round)).toBe(stage))

  test('the criteria stay editable until the review starts', () => {
    expect(criteriaEditable(new Date('2027-04-15T09:00:00.000Z'), round)).toBe(true)
    expect(criteriaEditable(new Date('2027-04-15T09:00:01.000Z'), round)).toBe(false)
  })
})

describe('an office’s quota', () => {
  const defaults = { districtQuota: 3, departmentQuota: 2 }
  const overrides = [
    { districtCode: '320571', departmentId: null, quota: 5 },
    { districtCode: null, departmentId: 7, quota: 0 },
  ]
  test('a district without an override gets the district default, a department the department default', () => {
    expect(quotaFor(defaults, overrides, { kind: 'district', code: '320508' })).toBe(3)
    expect(quotaFor(defaults, overrides, { kind: 'department', id: 8 })).toBe(2)
  })
  test('an override wins, a zero override included', () => {
    expect(quotaFor(defaults, overrides, { kind: 'district', code: '320571' })).toBe(5)
    expect(quotaFor(defaults, overrides, { kind: 'department', id: 7 })).toBe(0)
  })
  test('a department id never matches a district override nor the other way round', () => {
    expect(quotaFor(defaults, [{ districtCode: null, departmentId: 5, quota: 9 }], { kind: 'district', code: '320508' })).toBe(3)
  })
})
