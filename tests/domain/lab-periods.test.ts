import { describe, expect, test } from 'vitest'
import { labPeriods } from '~/domain/validity'

// Which of a lab's periods counts (issue 13): the latest for its status, the one in force for
// the years it owes, the first start for how long it has been certified.
const p = (sequence: number, startDate: string, endDate: string) => ({ sequence, startDate, endDate, outcome: null })
const first = p(1, '2025-06-01', '2027-05-31')
const renewed = p(2, '2027-06-01', '2029-05-31')

describe('labPeriods', () => {
  test('a lab renewed ahead of its end: the latest is the next period, the running one is still in force', () => {
    expect(labPeriods([first, renewed], '2027-04-20')).toEqual({ latest: renewed, inForce: first, certifiedOn: '2025-06-01' })
  })

  test('from the first day of the next period, that one is in force', () => {
    expect(labPeriods([first, renewed], '2027-06-01').inForce).toBe(renewed)
    expect(labPeriods([first, renewed], '2027-05-31').inForce).toBe(first)
  })

  test('after the last period ended, it stays in force (the lab awaits the decision)', () => {
    expect(labPeriods([first], '2027-09-01').inForce).toBe(first)
  })

  test('before any period has begun, the first is the one in force and the lab is certified from its start', () => {
    const later = p(2, '2029-06-01', '2031-05-31')
    const ahead = p(1, '2027-06-01', '2029-05-31')
    expect(labPeriods([later, ahead], '2027-01-01')).toEqual({ latest: later, inForce: ahead, certifiedOn: '2027-06-01' })
  })

  test('periods are told apart by sequence, not by the order they come in', () => {
    expect(labPeriods([renewed, first], '2028-01-01')).toMatchObject({ latest: renewed, inForce: renewed })
  })

  test('a lab without periods has none of the three', () => {
    expect(labPeriods([], '2027-01-01')).toEqual({ latest: null, inForce: null, certifiedOn: null })
  })
})
