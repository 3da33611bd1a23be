// What is due for whom (issue 7): the reminder steps of one obligation at `today`, pure. The job
// (jobs/reminders.ts) asks here for every open obligation and every recipient, then records each
// answer under a unique key (source, id, due date, step, recipient, channel), so a rerun sends
// nothing new and a moved due date starts a fresh series.
//
// Semantics (docs/decisions/005-reminders.md):
// - A step is an offset in days from the due date: negative before, 0 on the day, positive after.
//   Its send date is due date + offset, moved to the working day before when that is a weekend or
//   a holiday (Chinese official calendar), so a reminder never lands on a day nobody reads it.
// - A step is reached once its send date is on or before today — never "exactly today" — so a
//   day the job did not run is caught up on the next run.
// - Catch-up sends only the latest reached step: after a three-day gap that crossed the 7-day and
//   1-day steps, the recipient gets the 1-day reminder, not both. The older missed steps are
//   superseded (counted, never sent later): a stale "7 days left" next to "1 day left" only adds noise.
// - Escalation: the lab's own accounts get every step; the lab's district office one notice once
//   the item is `escalateDistrictAfterDays` overdue, the bureau one notice at
//   `escalateBureauAfterDays`. Officials are not sent the weekly repeats: their inbox keeps the
//   escalation until read, and repeating it to every office every week is the flood the issue warns of.
// - A completed item has no due steps.
// - Most obligations are the lab's. One is the bureau's own (a resource request's decision
//   deadline, issue 6): then the bureau's accounts get every step, as the lab does for its own,
//   and nobody is escalated to.
import type { ReminderAudience, ReminderSource } from '~db/schema/enums'
import { previousWorkingDay, type WorkCalendar } from './calendar'
import { addDays, diffDays, type IsoDate } from './dates'

export type { ReminderAudience }

export type ReminderRules = {
  /** days before the due date, any order; e.g. 90, 60, 30, 7, 1 */
  beforeDays: number[]
  /** a reminder on the due date itself */
  onDueDate: boolean
  /** days after the due date, any order; e.g. 1, 7 */
  afterDays: number[]
  /** after the last of afterDays (or the due date), again every this many days; 0: no repeats */
  repeatEveryDays: number
  /** one notice to the lab's district office this many days overdue; 0: never */
  escalateDistrictAfterDays: number
  /** one notice to the bureau this many days overdue; 0: never */
  escalateBureauAfterDays: number
}

export const DEFAULT_REMINDER_RULES: ReminderRules = {
  beforeDays: [90, 60, 30, 7, 1],
  onDueDate: true,
  afterDays: [1, 7],
  repeatEveryDays: 7,
  escalateDistrictAfterDays: 7,
  escalateBureauAfterDays: 30,
}

// Bounds the bureau's form enforces (app/routes/settings_.reminders.tsx).
export const REMINDER_RULE_LIMITS = { maxDays: 366, maxSteps: 10, maxRepeat: 90 } as const

export type ReminderStep = {
  audience: ReminderAudience
  offset: number
  /** due date + offset, moved back to a working day */
  sendDate: IsoDate
  escalation: boolean
}

// A repeated step can be reached up to this many days before its nominal date, when the working
// day before lies across a long holiday (Spring Festival, National Day: at most 9 days off).
const HOLIDAY_SLACK_DAYS = 16

/** Who owes an obligation: its accounts get every step; the others at most an escalation. */
export type ObligationOwner = 'lab' | 'bureau'

// The bureau's own service deadline: its decision on a resource request (issue 6).
const BUREAU_OWED: ReadonlySet<ReminderSource> = new Set(['request_decision'])

export function ownerOfSource(source: ReminderSource): ObligationOwner {
  return BUREAU_OWED.has(source) ? 'bureau' : 'lab'
}

// Notices of something that happened (a renewal decided, an expert assigned, a review in), not of something falling due: the
// inbox shows their day rather than a countdown.
const EVENT_NOTICES: ReadonlySet<ReminderSource> = new Set([
  'renewal_decision',
  'review_assignment',
  'review_submitted',
  'renewal_window',
  'renewal_submitted',
  'filing',
  'request',
  'incident',
  'incident_alert',
  'security_plan',
  'weekly_summary',
  'indicator_plan',
  'outcome',
  'evaluation',
  'public_notice',
  'applicant',
])

export function isEventNotice(source: ReminderSource): boolean {
  return EVENT_NOTICES.has(source)
}

/** A notice to someone other than the one who owes the item: their office is told it is overdue. */
export function isEscalation(source: ReminderSource, audience: ReminderAudience): boolean {
  return !isEventNotice(source) && audience !== ownerOfSource(source)
}

/** The offsets an audience is sent, ascending, up to `untilOffset` (repeats are endless). */
export function scheduleOffsets(
  rules: ReminderRules,
  audience: ReminderAudience,
  untilOffset: number,
  owedBy: ObligationOwner = 'lab',
): number[] {
  if (audience === 'district') return rules.escalateDistrictAfterDays > 0 ? [rules.escalateDistrictAfterDays] : []
  if (audience === 'bureau' && owedBy !== 'bureau') return rules.escalateBureauAfterDays > 0 ? [rules.escalateBureauAfterDays] : []
  const fixed = [...rules.beforeDays.map((d) => -d), ...(rules.onDueDate ? [0] : []), ...rules.afterDays]
  const offsets = new Set(fixed)
  if (rules.repeatEveryDays > 0) {
    const from = Math.max(0, ...rules.afterDays)
    for (let offset = from + rules.repeatEveryDays; offset <= untilOffset; offset += rules.repeatEveryDays) offsets.add(offset)
  }
  return [...offsets].sort((a, b) => a - b)
}

// Many obligations share a due date (every ledger row of a certification batch), and each step of
// each one asks for its send date: remembered per calendar, a daily run over tens of thousands of
// obligations computes each date once. A calendar is never changed in place (a correction builds a
// new one), so what is remembered for it stays true.
const sendDates = new WeakMap<WorkCalendar, Map<string, IsoDate>>()

export function sendDateOf(calendar: WorkCalendar, dueDate: IsoDate, offset: number): IsoDate {
  let known = sendDates.get(calendar)
  // a server that keeps one calendar for months starts afresh now and then rather than grow without end
  if (!known || known.size > 200_000) sendDates.set(calendar, (known = new Map()))
  const key = `${dueDate}:${offset}`
  let date = known.get(key)
  if (date === undefined) known.set(key, (date = previousWorkingDay(calendar, addDays(dueDate, offset)).date))
  return date
}

/** Every step of the audience whose send date is on or before today, oldest first. */
export function reachedSteps({
  dueDate,
  audience,
  rules,
  calendar,
  today,
  owedBy = 'lab',
}: {
  dueDate: IsoDate
  audience: ReminderAudience
  rules: ReminderRules
  calendar: WorkCalendar
  today: IsoDate
  owedBy?: ObligationOwner
}): ReminderStep[] {
  const until = diffDays(dueDate, today) + HOLIDAY_SLACK_DAYS
  return scheduleOffsets(rules, audience, until, owedBy)
    .filter((offset) => offset <= until)
    .map((offset) => ({ audience, offset, sendDate: sendDateOf(calendar, dueDate, offset), escalation: audience !== owedBy }))
    .filter((step) => step.sendDate <= today)
}

export type DueStep = {
  /** the step to send now, or null */
  step: ReminderStep | null
  /** reached steps after the last one sent that are skipped in favour of `step` */
  superseded: number
}

// The offsets scheduleOffsets lists, without listing them: the fixed steps, then (when repeating)
// from + every, from + 2·every, … with no end. An obligation overdue for years has hundreds of
// weekly repeats, and a province has tens of thousands of obligations (issue 18): dueStep counts
// and picks among them arithmetically instead of building, dating and filtering every one.
type Schedule = { fixed: number[]; from: number; every: number }

// Rules objects are shared by every obligation of a kind, and never changed in place (a change is
// a new object): their schedules are worked out once.
const schedules = new WeakMap<ReminderRules, Map<string, Schedule>>()

function scheduleOf(rules: ReminderRules, audience: ReminderAudience, owedBy: ObligationOwner): Schedule {
  let known = schedules.get(rules)
  if (!known) schedules.set(rules, (known = new Map()))
  const key = `${audience}:${owedBy}`
  let schedule = known.get(key)
  if (!schedule) known.set(key, (schedule = buildSchedule(rules, audience, owedBy)))
  return schedule
}

function buildSchedule(rules: ReminderRules, audience: ReminderAudience, owedBy: ObligationOwner): Schedule {
  if (audience === 'district') return singleStep(rules.escalateDistrictAfterDays)
  if (audience === 'bureau' && owedBy !== 'bureau') return singleStep(rules.escalateBureauAfterDays)
  const from = Math.max(0, ...rules.afterDays)
  const every = rules.repeatEveryDays > 0 ? rules.repeatEveryDays : 0
  const isRepeat = (o: number) => every > 0 && o > from && Number.isInteger((o - from) / every)
  // a fixed step that is also a repeat is one offset (scheduleOffsets' Set): counted as a repeat
  const fixed = [...new Set([...rules.beforeDays.map((d) => -d), ...(rules.onDueDate ? [0] : []), ...rules.afterDays])]
    .filter((o) => !isRepeat(o))
    .sort((a, b) => a - b)
  return { fixed, from, every }
}

function singleStep(days: number): Schedule {
  return { fixed: days > 0 ? [days] : [], from: 0, every: 0 }
}

// How many offsets of the schedule are ≤ x (or < x when strict).
function countUpTo(s: Schedule, x: number, strict = false): number {
  let n = 0
  for (const o of s.fixed) if (strict ? o < x : o <= x) n++
  if (s.every > 0 && x > s.from) {
    const k = (x - s.from) / s.every
    n += strict ? Math.ceil(k) - 1 : Math.floor(k)
  }
  return n
}

// The largest offset of the schedule ≤ x, or null.
function lastUpTo(s: Schedule, x: number): number | null {
  let last: number | null = null
  for (const o of s.fixed) if (o <= x) last = o
  if (s.every > 0 && x >= s.from + s.every) {
    const repeat = s.from + Math.floor((x - s.from) / s.every) * s.every
    if (last === null || repeat > last) last = repeat
  }
  return last
}

// The offsets of the schedule in (lo, hi], ascending.
function offsetsBetween(s: Schedule, lo: number, hi: number): number[] {
  const out = s.fixed.filter((o) => o > lo && o <= hi)
  if (s.every > 0)
    for (let k = Math.max(1, Math.floor((lo - s.from) / s.every) + 1), o = s.from + k * s.every; o <= hi; k++, o = s.from + k * s.every)
      if (o > lo) out.push(o)
  return out.sort((a, b) => a - b)
}

/**
 * The step one recipient should be sent now: the latest reached step, unless it was sent already
 * (`sentOffsets`: the offsets this recipient was sent for this due date). Nothing for a completed item.
 *
 * The same answer as taking the last of reachedSteps (tests/domain/reminders.test.ts holds them
 * to it), found without building that list: every step up to today − due date is reached (its
 * send date is on or before its nominal day), so only the few steps of the next
 * HOLIDAY_SLACK_DAYS need their send date looked up.
 */
export function dueStep({
  dueDate,
  completed,
  audience,
  rules,
  calendar,
  today,
  sentOffsets = new Set<number>(),
  owedBy = 'lab',
}: {
  dueDate: IsoDate
  completed: boolean
  audience: ReminderAudience
  rules: ReminderRules
  calendar: WorkCalendar
  today: IsoDate
  sentOffsets?: ReadonlySet<number>
  owedBy?: ObligationOwner
}): DueStep {
  if (completed) return { step: null, superseded: 0 }
  const schedule = scheduleOf(rules, audience, owedBy)
  return stepOn({ schedule, elapsed: diffDays(dueDate, today), dueDate, audience, calendar, today, sentOffsets, owedBy })
}

function stepOn({
  schedule,
  elapsed,
  dueDate,
  audience,
  calendar,
  today,
  sentOffsets,
  owedBy,
}: {
  schedule: Schedule
  // today − due date, in days
  elapsed: number
  dueDate: IsoDate
  audience: ReminderAudience
  calendar: WorkCalendar
  today: IsoDate
  sentOffsets: ReadonlySet<number>
  owedBy: ObligationOwner
}): DueStep {
  // the steps after `elapsed` (not yet on their nominal day) that go out early, before a holiday
  const early = offsetsBetween(schedule, elapsed, elapsed + HOLIDAY_SLACK_DAYS)
  let reachedEarly = 0
  for (const o of early) if (sendDateOf(calendar, dueDate, o) <= today) early[reachedEarly++] = o
  early.length = reachedEarly
  const latest = early.length > 0 ? early[early.length - 1] : lastUpTo(schedule, elapsed)
  if (latest === null || sentOffsets.has(latest)) return { step: null, superseded: 0 }
  let lastSent = -Infinity
  for (const o of sentOffsets) if (o < latest && o > lastSent) lastSent = o
  // reached steps strictly between the last one sent and the latest: those on time (up to
  // `elapsed`), then those going out early
  const onTime = latest <= elapsed ? countUpTo(schedule, latest, true) : countUpTo(schedule, elapsed)
  const onTimeSent = lastSent === -Infinity ? 0 : Math.min(countUpTo(schedule, lastSent), countUpTo(schedule, elapsed))
  let superseded = Math.max(0, onTime - onTimeSent)
  for (const o of early) if (o > lastSent && o < latest) superseded++
  const step = { audience, offset: latest, sendDate: sendDateOf(calendar, dueDate, latest), escalation: audience !== owedBy }
  return { step, superseded }
}

export type Recipient = { id: number; role: string; labId: number | null; districtCode: string | null; active: boolean }

/**
 * Who hears about an obligation of a lab: its own accounts, its district office, the bureau. An
 * obligation the bureau owes is the bureau's alone: the lab is waiting for it, not late with it.
 */
export function audienceOf(
  user: Recipient,
  lab: { labId: number; districtCode: string; owedBy?: ObligationOwner },
): ReminderAudience | null {
  if (!user.active) return null
  if (lab.owedBy === 'bureau') return user.role === 'bureau' ? 'bureau' : null
  if (user.role === 'lab') return user.labId === lab.labId ? 'lab' : null
  if (user.role === 'district') return user.districtCode === lab.districtCode ? 'district' : null
  if (user.role === 'bureau') return 'bureau'
  return null
}

export type DueReminder = { userId: number; step: ReminderStep }

const NOTHING_SENT: ReadonlySet<number> = new Set()

/** Every recipient's due step for one obligation. `sent` maps a user id to the offsets already sent to them. */
export function dueReminders({
  obligation,
  users,
  sent,
  rules,
  calendar,
  today,
}: {
  // snoozedUntil: the lab snoozed its own steps until that day (app/domain/reminder-kinds.ts)
  obligation: {
    labId: number
    districtCode: string
    dueDate: IsoDate
    completed: boolean
    owedBy?: ObligationOwner
    snoozedUntil?: IsoDate | null
  }
  users: readonly Recipient[]
  sent: ReadonlyMap<number, ReadonlySet<number>>
  rules: ReminderRules
  calendar: WorkCalendar
  today: IsoDate
}): { due: DueReminder[]; superseded: number } {
  const due: DueReminder[] = []
  let superseded = 0
  if (obligation.completed) return { due, superseded }
  const owedBy = obligation.owedBy ?? 'lab'
  const elapsed = diffDays(obligation.dueDate, today)
  for (const user of users) {
    const audience = audienceOf(user, obligation)
    if (!audience) continue
    // a snooze holds back the lab's own steps only, and records nothing: on the day it ends the
    // latest step reached by then is sent (the usual catch-up), the ones in between are superseded
    if (audience === 'lab' && obligation.snoozedUntil && today < obligation.snoozedUntil) continue
    const result = stepOn({
      schedule: scheduleOf(rules, audience, owedBy),
      elapsed,
      dueDate: obligation.dueDate,
      audience,
      calendar,
      today,
      sentOffsets: sent.get(user.id) ?? NOTHING_SENT,
      owedBy,
    })
    superseded += result.superseded
    if (result.step) due.push({ userId: user.id, step: result.step })
  }
  return { due, superseded }
}

/** How a reminder reads: days left before the due date, due today, or days overdue (counted from today, not the step). */
export function reminderState(dueDate: IsoDate, today: IsoDate): { state: 'upcoming' | 'today' | 'overdue'; days: number } {
  const days = diffDays(today, dueDate)
  if (days > 0) return { state: 'upcoming', days }
  if (days === 0) return { state: 'today', days: 0 }
  return { state: 'overdue', days: -days }
}

/** The rules as the bureau typed them, checked: whole days within bounds, no duplicates. */
export function checkReminderRules(rules: ReminderRules): 'bad_days' | 'too_many' | 'duplicate' | null {
  const { maxDays, maxSteps, maxRepeat } = REMINDER_RULE_LIMITS
  const lists = [rules.beforeDays, rules.afterDays]
  const whole = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max
  if (lists.some((l) => l.length > maxSteps)) return 'too_many'
  if (lists.some((l) => l.some((d) => !whole(d, 1, maxDays)))) return 'bad_days'
  if (lists.some((l) => new Set(l).size !== l.length)) return 'duplicate'
  if (!whole(rules.repeatEveryDays, 0, maxRepeat)) return 'bad_days'
  if (!whole(rules.escalateDistrictAfterDays, 0, maxDays) || !whole(rules.escalateBureauAfterDays, 0, maxDays)) return 'bad_days'
  return null
}
