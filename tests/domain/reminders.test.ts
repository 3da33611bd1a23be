import chineseDays from 'chinese-days/dist/chinese-days.json'
import { describe, expect, test } from 'vitest'
import { buildCalendar, parsePackageCalendar } from '~/domain/calendar'
import { addDays, diffDays } from '~/domain/dates'
import { createRng } from '~db/seed-rng'
import {
  audienceOf,
  checkReminderRules,
  DEFAULT_REMINDER_RULES,
  dueReminders,
  dueStep,
  isEscalation,
  ownerOfSource,
  reachedSteps,
  reminderState,
  scheduleOffsets,
  type ReminderAudience,
  type Recipient,
} from '~/domain/reminders'

const calendar = buildCalendar({ packageCalendar: parsePackageCalendar(chineseDays) })
const rules = DEFAULT_REMINDER_RULES
// A Tuesday in a year the official calendar covers; 2026-05-01..05 is the Labour Day holiday.
const DUE = '2026-06-30'

const step = (
  today: string,
  {
    audience = 'lab',
    sent = [],
    completed = false,
    dueDate = DUE,
  }: { audience?: ReminderAudience; sent?: number[]; completed?: boolean; dueDate?: string } = {},
) => dueStep({ dueDate, completed, audience, rules, calendar, today, sentOffsets: new Set(sent) })

describe('the schedule', () => {
  test('the default steps are 90, 60, 30, 7 and 1 days before, the day, 1 and 7 days after, then weekly', () => {
    expect(scheduleOffsets(rules, 'lab', 40)).toEqual([-90, -60, -30, -7, -1, 0, 1, 7, 14, 21, 28, 35])
    expect(scheduleOffsets(rules, 'district', 400)).toEqual([7])
    expect(scheduleOffsets(rules, 'bureau', 400)).toEqual([30])
  })

  test('without repeats the schedule ends with the last step after the due date; escalation 0 means never', () => {
    const none = { ...rules, repeatEveryDays: 0, escalateDistrictAfterDays: 0, escalateBureauAfterDays: 0, onDueDate: false }
    expect(scheduleOffsets(none, 'lab', 400)).toEqual([-90, -60, -30, -7, -1, 1, 7])
    expect(scheduleOffsets(none, 'district', 400)).toEqual([])
    expect(scheduleOffsets(none, 'bureau', 400)).toEqual([])
  })

  test('with no steps after the due date, the repeats count from the due date itself', () => {
    expect(scheduleOffsets({ ...rules, afterDays: [], repeatEveryDays: 10 }, 'lab', 30)).toEqual([-90, -60, -30, -7, -1, 0, 10, 20, 30])
  })
})

describe('every offset on its day', () => {
  // [offset, the day it goes out]: a step on a weekend or holiday goes out on the working day before
  const table: [number, string][] = [
    [-90, '2026-04-01'],
    [-60, '2026-04-30'], // 2026-05-01 is Labour Day (holiday to 05-05): the working day before
    [-30, '2026-05-29'], // 2026-05-31 is a Sunday: Friday
    [-7, '2026-06-23'],
    [-1, '2026-06-29'],
    [0, '2026-06-30'],
    [1, '2026-07-01'],
    [7, '2026-07-07'],
    [14, '2026-07-14'],
    [21, '2026-07-21'],
    [28, '2026-07-28'],
  ]
  test.each(table)('offset %i is sent on %s and not the day before', (offset, day) => {
    const sentBefore = table.filter(([o]) => o < offset).map(([o]) => o)
    expect(step(day, { sent: sentBefore }).step).toMatchObject({ offset, sendDate: day, audience: 'lab', escalation: false })
    const dayBefore = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
    expect(step(dayBefore, { sent: sentBefore }).step).toBeNull()
  })

  test('nothing is due before the first step', () => {
    expect(step('2026-03-31')).toEqual({ step: null, superseded: 0 })
    expect(reachedSteps({ dueDate: DUE, audience: 'lab', rules, calendar, today: '2026-03-31' })).toEqual([])
  })

  test('a step due on a holiday goes out on the working day before, and the holiday itself adds nothing', () => {
    // the 60-day step's nominal date is 05-01 (劳动节); it went out on 04-30
    expect(step('2026-04-30', { sent: [-90] }).step).toMatchObject({ offset: -60, sendDate: '2026-04-30' })
    for (const day of ['2026-05-01', '2026-05-03', '2026-05-05']) expect(step(day, { sent: [-90, -60] }).step).toBeNull()
  })

  test('a step sent is not sent again on the following days (rerun, or any later run before the next step)', () => {
    for (const day of ['2026-06-23', '2026-06-24', '2026-06-28']) expect(step(day, { sent: [-90, -60, -30, -7] }).step).toBeNull()
  })
})

describe('catch-up', () => {
  test('after a three-day gap the latest reached step is sent once, and the step missed in between is superseded', () => {
    // the job last ran on 06-28 (7-day step sent on 06-23); it did not run 06-29, 06-30, 07-01 and runs again 07-02
    const result = step('2026-07-02', { sent: [-90, -60, -30, -7] })
    expect(result).toEqual({ step: { audience: 'lab', offset: 1, sendDate: '2026-07-01', escalation: false }, superseded: 2 })
    // the next run finds it sent and sends nothing; the superseded steps never come back
    expect(step('2026-07-03', { sent: [-90, -60, -30, -7, 1] })).toEqual({ step: null, superseded: 0 })
  })

  test('a recipient who has never been sent anything gets only the latest reached step', () => {
    expect(step('2026-06-25')).toEqual({ step: expect.objectContaining({ offset: -7 }), superseded: 3 })
  })

  test('a server stopped for a week catches up with one reminder, the escalation included', () => {
    expect(step('2026-07-09', { sent: [-90, -60, -30, -7, -1] }).step).toMatchObject({ offset: 7 })
    expect(step('2026-07-09', { audience: 'district' }).step).toMatchObject({ offset: 7, escalation: true })
  })
})

describe('due date moved, completed item', () => {
  test('a moved due date starts a fresh series: what was sent for the old date does not count', () => {
    // everything up to the 1-day-overdue step was sent for 06-30; on 07-01 the bureau extends it to
    // 07-31. The key carries the due date, so what was sent for 07-31 is nothing, and the 30-day step
    // for the new date (07-01, a Wednesday) is due at once.
    const moved = step('2026-07-01', { dueDate: '2026-07-31', sent: [] })
    expect(moved.step).toMatchObject({ offset: -30, sendDate: '2026-07-01' })
    // and the old date's series, looked up on its own, is untouched
    expect(step('2026-07-01', { sent: [-90, -60, -30, -7, -1, 0, 1] }).step).toBeNull()
  })

  test('a completed item produces nothing, before, on and after its due date, for every audience', () => {
    for (const day of ['2026-04-01', '2026-06-30', '2026-08-31'])
      for (const audience of ['lab', 'district', 'bureau'] as const)
        expect(step(day, { completed: true, audience })).toEqual({ step: null, superseded: 0 })
  })
})

describe('escalation', () => {
  const lab = { labId: 5, districtCode: '320508' }
  const users: Recipient[] = [
    { id: 1, role: 'lab', labId: 5, districtCode: null, active: true },
    { id: 2, role: 'lab', labId: 6, districtCode: null, active: true }, // another lab
    { id: 3, role: 'district', labId: null, districtCode: '320508', active: true },
    { id: 4, role: 'district', labId: null, districtCode: '320583', active: true }, // another district
    { id: 5, role: 'bureau', labId: null, districtCode: null, active: true },
    { id: 6, role: 'bureau', labId: null, districtCode: null, active: false }, // deactivated
    { id: 7, role: 'expert', labId: null, districtCode: null, active: true },
  ]
  const due = (today: string, sent = new Map<number, Set<number>>()) =>
    dueReminders({ obligation: { ...lab, dueDate: DUE, completed: false }, users, sent, rules, calendar, today }).due.map((d) => [
      d.userId,
      d.step.offset,
    ])

  test('the audience of each account: its own lab, its district, the bureau; nobody else', () => {
    expect(users.map((u) => audienceOf(u, lab))).toEqual(['lab', null, 'district', null, 'bureau', null, null])
  })

  test('before the due date and in its first week overdue only the lab hears', () => {
    expect(due('2026-06-29')).toEqual([[1, -1]])
    expect(due('2026-07-06')).toEqual([[1, 1]])
  })

  test('at 7 days overdue the district office is told, at 30 days the bureau', () => {
    expect(due('2026-07-07')).toEqual([
      [1, 7],
      [3, 7],
    ])
    const sent = new Map([
      [1, new Set([7, 14, 21, 28])],
      [3, new Set([7])],
    ])
    expect(due('2026-07-29', sent)).toEqual([]) // 29 days overdue
    expect(due('2026-07-30', sent)).toEqual([[5, 30]])
  })

  test('the bureau escalation on a weekend goes out on the Friday before', () => {
    // due 2026-07-04 (Saturday): +30 is 2026-08-03 (Monday); due 2026-07-02: +30 is 2026-08-01 (Saturday) → 07-31
    const result = dueStep({ dueDate: '2026-07-02', completed: false, audience: 'bureau', rules, calendar, today: '2026-07-31' })
    expect(result.step).toMatchObject({ offset: 30, sendDate: '2026-07-31', escalation: true })
  })
})

describe('an obligation the bureau owes (a resource request’s decision deadline)', () => {
  const lab = { labId: 5, districtCode: '320508', owedBy: 'bureau' as const }
  const users: Recipient[] = [
    { id: 1, role: 'lab', labId: 5, districtCode: null, active: true },
    { id: 3, role: 'district', labId: null, districtCode: '320508', active: true },
    { id: 5, role: 'bureau', labId: null, districtCode: null, active: true },
    { id: 6, role: 'bureau', labId: null, districtCode: null, active: false },
  ]
  const due = (today: string, sent = new Map<number, Set<number>>()) =>
    dueReminders({ obligation: { ...lab, dueDate: DUE, completed: false }, users, sent, rules, calendar, today }).due.map((d) => [
      d.userId,
      d.step.offset,
      d.step.escalation,
    ])

  test('only the bureau’s active accounts hear of it: the lab waits for it, the district has nothing to chase', () => {
    expect(users.map((u) => audienceOf(u, lab))).toEqual([null, null, 'bureau', null])
  })

  test('the bureau gets every step a lab gets for its own items, none of them an escalation', () => {
    expect(due('2026-06-29')).toEqual([[5, -1, false]])
    expect(due('2026-06-30')).toEqual([[5, 0, false]])
    expect(due('2026-07-07')).toEqual([[5, 7, false]])
    expect(due('2026-07-14', new Map([[5, new Set([7])]]))).toEqual([[5, 14, false]])
  })

  test('the source names its owner; a notice to anyone else is an escalation', () => {
    expect(ownerOfSource('request_decision')).toBe('bureau')
    expect(ownerOfSource('deliverable')).toBe('lab')
    expect(isEscalation('request_decision', 'bureau')).toBe(false)
    expect(isEscalation('deliverable', 'bureau')).toBe(true)
    expect(isEscalation('deliverable', 'lab')).toBe(false)
  })
})

test('how a reminder reads: days left, today, days overdue', () => {
  expect(reminderState(DUE, '2026-06-23')).toEqual({ state: 'upcoming', days: 7 })
  expect(reminderState(DUE, DUE)).toEqual({ state: 'today', days: 0 })
  expect(reminderState(DUE, '2026-07-07')).toEqual({ state: 'overdue', days: 7 })
})

test('rules the bureau types are checked: whole days within bounds, no duplicates, at most ten steps', () => {
  expect(checkReminderRules(rules)).toBeNull()
  expect(checkReminderRules({ ...rules, beforeDays: [0] })).toBe('bad_days')
  expect(checkReminderRules({ ...rules, beforeDays: [1.5] })).toBe('bad_days')
  expect(checkReminderRules({ ...rules, afterDays: [400] })).toBe('bad_days')
  expect(checkReminderRules({ ...rules, beforeDays: [7, 7] })).toBe('duplicate')
  expect(checkReminderRules({ ...rules, beforeDays: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] })).toBe('too_many')
  expect(checkReminderRules({ ...rules, repeatEveryDays: 91 })).toBe('bad_days')
  expect(checkReminderRules({ ...rules, escalateBureauAfterDays: -1 })).toBe('bad_days')
})

describe('the due step agrees with listing every reached step', () => {
  // The run used to build every reached step of every recipient (reachedSteps) and take the last;
  // a lab years overdue has hundreds of weekly repeats, so dueStep now counts them instead
  // (issue 18). This is the listing it replaced, and the two must agree on every input.
  function byListing(args: Parameters<typeof dueStep>[0]) {
    if (args.completed) return { step: null, superseded: 0 }
    const reached = reachedSteps(args)
    const sent = args.sentOffsets ?? new Set<number>()
    const latest = reached.at(-1)
    if (!latest || sent.has(latest.offset)) return { step: null, superseded: 0 }
    const lastSent = Math.max(-Infinity, ...[...sent].filter((o) => o < latest.offset))
    return { step: latest, superseded: reached.filter((s) => s.offset > lastSent && s.offset < latest.offset).length }
  }

  test('on 5,000 drawn cases: steps, repeats, escalations, holidays, 调休, sent steps, due dates years past', () => {
    const rng = createRng(18)
    const days = (n: number, max: number) => [...new Set(Array.from({ length: n }, () => rng.int(1, max)))]
    let sentSomething = 0
    let supersededSome = 0
    for (let i = 0; i < 5_000; i++) {
      const drawn = {
        beforeDays: days(rng.int(0, 6), rng.pick([10, 100, 366])),
        onDueDate: rng.next() < 0.7,
        afterDays: days(rng.int(0, 4), rng.pick([3, 30, 366])),
        repeatEveryDays: rng.pick([0, 0, 1, 2, 3, 7, 7, 14, 30, 90]),
        escalateDistrictAfterDays: rng.pick([0, 1, 3, 7, 30, 366]),
        escalateBureauAfterDays: rng.pick([0, 7, 30, 60]),
      }
      const dueDate = addDays('2016-01-01', rng.int(0, 4000))
      // from well before the due date to years after it, often right around it and its holidays
      const today = addDays(dueDate, rng.pick([rng.int(-400, 3000), rng.int(-20, 40), rng.int(-100, 100)]))
      const audience = rng.pick(['lab', 'district', 'bureau'] as const)
      const owedBy = rng.pick(['lab', 'lab', 'bureau'] as const)
      const candidates = scheduleOffsets(drawn, audience, diffDays(dueDate, today) + 30, owedBy)
      const sentOffsets = new Set(
        rng.next() < 0.4 ? [] : Array.from({ length: rng.int(1, 4) }, () => (rng.next() < 0.8 ? rng.pick(candidates) : rng.int(-100, 400))),
      )
      const args = { dueDate, completed: rng.next() < 0.05, audience, rules: drawn, calendar, today, sentOffsets, owedBy }
      const expected = byListing(args)
      expect(
        dueStep(args),
        JSON.stringify(args, (_, v) => (v instanceof Set ? [...v] : v === calendar ? undefined : v)),
      ).toEqual(expected)
      if (expected.step && sentOffsets.size > 0) sentSomething++
      if (expected.superseded > 0) supersededSome++
    }
    // the draw reaches the interesting cases, not only "nothing due"
    expect(sentSomething).toBeGreaterThan(250)
    expect(supersededSome).toBeGreaterThan(750)
  }, 120_000)

  test('before the Spring Festival the steps of the holiday go out early, counted like the listing counts them', () => {
    // 2026-02-15..23 is the Spring Festival holiday, 02-14 a 调休 working Saturday: the steps of
    // 02-15 (7 days before), 02-21, 02-22 (the day) and 02-23 (1 day after) all go out on 02-14
    const args = { dueDate: '2026-02-22', completed: false, audience: 'lab' as const, rules, calendar, sentOffsets: new Set([-30]) }
    expect(dueStep({ ...args, today: '2026-02-13' })).toEqual({ step: null, superseded: 0 })
    expect(dueStep({ ...args, today: '2026-02-14' })).toEqual({
      step: { audience: 'lab', offset: 1, sendDate: '2026-02-14', escalation: false },
      superseded: 3,
    })
    for (const today of ['2026-02-12', '2026-02-13', '2026-02-14', '2026-02-15', '2026-02-24']) {
      for (const dueDate of ['2026-02-01', '2026-02-15', '2026-02-22', '2026-03-01']) {
        expect(dueStep({ ...args, dueDate, today }), `${dueDate} on ${today}`).toEqual(byListing({ ...args, dueDate, today }))
      }
    }
  })
})
