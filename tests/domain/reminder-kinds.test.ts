import chineseDays from 'chinese-days/dist/chinese-days.json'
import { describe, expect, test } from 'vitest'
import { buildCalendar, parsePackageCalendar } from '~/domain/calendar'
import type { IsoDate } from '~/domain/dates'
import {
  canSnoozeSource,
  checkSnoozeUntil,
  followUpDue,
  isSnoozed,
  KIND_DEFAULT_RULES,
  resolveKindRules,
  rulesForObligation,
} from '~/domain/reminder-kinds'
import { DEFAULT_REMINDER_RULES, dueReminders, type Recipient, type ReminderRules } from '~/domain/reminders'
import { DEFAULT_RULE_SETTINGS } from '~/domain/settings'

const calendar = buildCalendar({ packageCalendar: parsePackageCalendar(chineseDays) })
const general: ReminderRules = { ...DEFAULT_REMINDER_RULES, afterDays: [2] }
const own: ReminderRules = { ...DEFAULT_REMINDER_RULES, beforeDays: [5], afterDays: [], repeatEveryDays: 0 }

describe('each kind’s steps', () => {
  test('a kind without its own steps follows the default rules, or its built-in ones', () => {
    const kinds = resolveKindRules(general, [])
    expect(kinds.drill).toEqual({ kind: 'drill', rules: general, origin: 'default' })
    expect(kinds.request_decision).toEqual({ kind: 'request_decision', rules: KIND_DEFAULT_RULES.request_decision, origin: 'kind_default' })
    expect(kinds.request_decision.rules.beforeDays).not.toContain(90)
  })

  test('the bureau’s own steps for a kind win until it is put back on its default', () => {
    expect(resolveKindRules(general, [{ kind: 'drill', followsDefault: false, ...own }]).drill).toMatchObject({ origin: 'own', rules: own })
    expect(resolveKindRules(general, [{ kind: 'drill', followsDefault: true, ...own }]).drill).toMatchObject({
      origin: 'default',
      rules: general,
    })
  })

  test('an obligation’s own pace replaces its kind’s repeat interval', () => {
    const kinds = resolveKindRules(general, [])
    expect(rulesForObligation(kinds, general, { source: 'incident_followup', repeatEveryDays: 3 }).repeatEveryDays).toBe(3)
    expect(rulesForObligation(kinds, general, { source: 'drill' })).toBe(general)
  })

  test('a follow-up is due the grade’s cadence after the last update', () => {
    expect(followUpDue({ lastUpdate: '2026-02-27', grade: 'I', settings: DEFAULT_RULE_SETTINGS })).toBe('2026-02-28')
    expect(followUpDue({ lastUpdate: '2026-02-27', grade: 'IV', settings: DEFAULT_RULE_SETTINGS })).toBe('2026-03-13')
    expect(followUpDue({ lastUpdate: '2026-02-27', grade: 'II', settings: { ...DEFAULT_RULE_SETTINGS, incidentFollowUpDaysII: 5 } })).toBe(
      '2026-03-04',
    )
  })
})

describe('a lab’s snooze', () => {
  test.each([
    ['2026-02-28', '2026-02-28', 'past'],
    ['2026-02-28', '2026-02-27', 'past'],
    ['2026-02-28', '2026-03-01', null],
    ['2026-02-28', '2026-03-14', null], // 14 days ahead, across the end of February
    ['2026-02-28', '2026-03-15', 'too_far'],
    ['2028-02-28', '2028-03-13', null], // a leap year: 29 February counts
    ['2028-02-28', '2028-03-14', 'too_far'],
  ] as [IsoDate, IsoDate, string | null][])('on %s until %s: %s', (today, until, problem) => {
    expect(checkSnoozeUntil(until, today)).toBe(problem)
  })

  test('lasts until the day before `until`', () => {
    expect(isSnoozed('2026-03-05', '2026-03-04')).toBe(true)
    expect(isSnoozed('2026-03-05', '2026-03-05')).toBe(false)
    expect(isSnoozed(null, '2026-03-05')).toBe(false)
  })

  test('only the lab’s own obligations may be snoozed, and not an incident’s report deadline', () => {
    expect(canSnoozeSource('drill')).toBe(true)
    expect(canSnoozeSource('incident_followup')).toBe(true)
    expect(canSnoozeSource('incident_report')).toBe(false)
    expect(canSnoozeSource('request_decision')).toBe(false)
    expect(canSnoozeSource('renewal_decision')).toBe(false)
  })

  test('holds back the lab’s step only: the district’s escalation goes out the same day', () => {
    const users: Recipient[] = [
      { id: 1, role: 'lab', labId: 7, districtCode: '320508', active: true },
      { id: 2, role: 'district', labId: null, districtCode: '320508', active: true },
    ]
    // due Monday 2026-03-02; today Monday 2026-03-09: the lab's +7 and the district's +7 are reached
    const obligation = { labId: 7, districtCode: '320508', dueDate: '2026-03-02' as IsoDate, completed: false }
    const args = { users, sent: new Map(), rules: DEFAULT_REMINDER_RULES, calendar, today: '2026-03-09' as IsoDate }
    expect(dueReminders({ obligation, ...args }).due.map((d) => d.userId)).toEqual([1, 2])
    const snoozed = dueReminders({ obligation: { ...obligation, snoozedUntil: '2026-03-10' }, ...args })
    expect(snoozed.due.map((d) => [d.userId, d.step.offset])).toEqual([[2, 7]])
    expect(snoozed.superseded).toBe(0)
    // the day it ends: the latest step reached is sent
    expect(dueReminders({ obligation: { ...obligation, snoozedUntil: '2026-03-09' }, ...args }).due.map((d) => d.userId)).toEqual([1, 2])
  })
})
