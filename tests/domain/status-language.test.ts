import { describe, expect, test } from 'vitest'
import { daysFiledLate, dueStatus, resultOfDueState } from '~/domain/status-language'

// docs/status-language.md: the one rule every status badge and "overdue" text follows.
describe('dueStatus', () => {
  const due = '2026-03-31'
  test.each([
    ['2026-01-29', null, 'open', 0, 'ok'], // 61 days ahead, window 60
    ['2026-01-30', null, 'due_soon', 60, 'warning'],
    ['2026-03-31', null, 'due_soon', 0, 'warning'], // the due day itself is still in time
    ['2026-04-01', null, 'overdue', 1, 'failing'],
    ['2028-05-31', null, 'overdue', 792, 'failing'],
    ['2028-05-31', '2026-03-31', 'done', 0, 'ok'],
    ['2028-05-31', '2026-04-02', 'done_late', 2, 'ok'],
    ['2028-05-31', '2028-04-01', 'done_late', 732, 'ok'], // filed two years late is still marked late
  ])('on %s, done on %s: %s (%i days, %s)', (today, doneOn, state, days, result) => {
    const s = dueStatus({ dueDate: due, doneOn, today, windowDays: 60 })
    expect(s).toEqual({ state, days })
    expect(resultOfDueState(s.state)).toBe(result)
  })

  test('an ended period is history: met, met late or not met — never overdue, never judged', () => {
    const at = { dueDate: due, today: '2028-05-31', windowDays: 60, periodClosed: true }
    expect(dueStatus({ ...at, doneOn: null })).toEqual({ state: 'closed_not_met', days: 792 })
    expect(dueStatus({ ...at, doneOn: '2026-03-01' })).toEqual({ state: 'closed_met', days: 0 })
    expect(dueStatus({ ...at, doneOn: '2026-05-01' })).toEqual({ state: 'closed_met_late', days: 31 })
    for (const state of ['closed_not_met', 'closed_met', 'closed_met_late'] as const) expect(resultOfDueState(state)).toBeNull()
  })
})

describe('daysFiledLate', () => {
  test.each([
    ['2026-03-31', '2026-03-31', null],
    ['2026-03-31', '2026-04-01', 1],
    ['2026-03-31', null, null],
    [null, '2026-04-01', null],
  ])('due %s, filed %s: %s', (dueDate, filedOn, expected) => {
    expect(daysFiledLate({ dueDate, filedOn })).toBe(expected)
  })
})
