import { describe, expect, test } from 'vitest'
import { checkAlertAcknowledgement, isUrgentGrade, regradeAlerts, urgentGrades } from '~/domain/incidents'
import { DEFAULT_RULE_SETTINGS } from '~/domain/settings'

// Which grades alert (issue 15): the bureau's setting counts the most serious grades from I.
describe('urgent grades', () => {
  test.each([
    [0, []],
    [1, ['I']],
    [2, ['I', 'II']],
    [3, ['I', 'II', 'III']],
    [4, ['I', 'II', 'III', 'IV']],
  ])('with the setting at %i the urgent grades are %j', (n, grades) => {
    expect(urgentGrades({ incidentAlertGrades: n })).toEqual(grades)
  })

  test('by default grades I and II are urgent, III and IV not', () => {
    expect((['I', 'II', 'III', 'IV'] as const).map((g) => isUrgentGrade(DEFAULT_RULE_SETTINGS, g))).toEqual([true, true, false, false])
  })
})

describe('a regrade alerts', () => {
  const two = { incidentAlertGrades: 2 }
  test.each([
    ['III', 'I', null, true, 'into an urgent grade'],
    ['IV', 'II', '2026-05-01T00:00:00Z', true, 'into an urgent grade again, after an earlier alert'],
    ['I', 'II', '2026-05-01T00:00:00Z', false, 'between urgent grades of an alerted incident'],
    ['II', 'I', null, true, 'to an urgent grade of an incident never alerted (the setting changed since)'],
    ['II', 'IV', '2026-05-01T00:00:00Z', false, 'out of the urgent grades'],
    ['III', 'IV', null, false, 'between ordinary grades'],
  ] as const)('%s → %s (alerted %s): %s — %s', (from, to, alertedAt, alerts, _why) => {
    expect(regradeAlerts({ settings: two, from, to, alertedAt })).toBe(alerts)
  })
})

test('only an alert raised and not yet acknowledged can be acknowledged', () => {
  expect(checkAlertAcknowledgement({ alertedAt: null, alertAcknowledgedAt: null })?.key).toBe('incidentAlerts.error.noAlert')
  expect(checkAlertAcknowledgement({ alertedAt: 'x', alertAcknowledgedAt: 'y' })?.key).toBe('incidentAlerts.error.alreadyAcknowledged')
  expect(checkAlertAcknowledgement({ alertedAt: 'x', alertAcknowledgedAt: null })).toBeNull()
})
