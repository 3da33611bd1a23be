import { expect, test } from 'vitest'
import { noticePeriod } from '~/domain/certification/public-notice'
import { confirmRefusal, listedSince, publicNoticeState, renewalDecisionNeedsNotice } from '~/domain/notice-step'
import { workCalendar } from '~/models/calendar.server'
import { setupTestDb } from '../helpers'

// 公示 as a step before a renewal takes effect (app/domain/notice-step.ts).
setupTestDb()

test.each([
  ['renew', true, true],
  ['renew', false, false],
  ['renew_after_rectification', true, false],
  ['not_renew', true, false],
  ['revoke', true, false],
] as const)('%s with the switch %s needs a notice: %s', (decision, on, expected) => {
  expect(renewalDecisionNeedsNotice(decision, on)).toBe(expected)
})

const live = { endsOn: '2026-10-13', withdrawnAt: null, confirmedAt: null }
// Beijing time: 2026-10-13 23:59 is 15:59 UTC, the next day starts at 16:00 UTC
test.each([
  ['on the last day, at its last minute', live, [], '2026-10-13T15:59:00Z', 'notEnded'],
  ['the day after, nothing pending', live, [], '2026-10-13T16:00:00Z', null],
  ['the day after, an objection pending', live, ['dismissed', 'pending'], '2026-10-14T02:00:00Z', 'objectionPending'],
  ['the day after, every objection decided', live, ['dismissed', 'dismissed'], '2026-10-14T02:00:00Z', null],
  ['withdrawn', { ...live, withdrawnAt: '2026-10-10T00:00:00Z' }, [], '2026-10-14T02:00:00Z', 'withdrawn'],
  ['confirmed', { ...live, confirmedAt: '2026-10-14T00:00:00Z' }, [], '2026-10-14T02:00:00Z', 'confirmed'],
] as const)('confirming %s: %s', (_, notice, decisions, now, expected) => {
  expect(
    confirmRefusal(
      notice,
      decisions.map((decision) => ({ decision })),
      new Date(now),
    ),
  ).toBe(expected)
})

test('a notice published on Tuesday 29 September 2026 runs past 国庆 and the 10 October make-up day to 13 October', () => {
  // shipped calendar: 1–7 October off, Saturday 10 October worked
  const period = noticePeriod(workCalendar(), '2026-09-29')
  expect(period).toMatchObject({ firstDay: '2026-09-29', lastDay: '2026-10-13', estimated: false })
  expect(publicNoticeState({ endsOn: period.lastDay }, '2026-10-13')).toBe('open')
  expect(publicNoticeState({ endsOn: period.lastDay }, '2026-10-14')).toBe('ended')
})

test('an ended notice stays listed 30 days after its last day', () => {
  expect(listedSince('2026-11-12')).toBe('2026-10-13')
})
