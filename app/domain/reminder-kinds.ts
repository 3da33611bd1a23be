// Reminder steps per obligation kind, and a lab's snooze of its own reminders (issue 15 part 6).
// Pure: the stored rows and `today` come in.
//
// Three layers decide an obligation's steps:
// 1. the bureau's default rules (reminder_rules row 1, DEFAULT_REMINDER_RULES when unsaved);
// 2. a kind's built-in steps where the default reads wrong for it (KIND_DEFAULT_RULES): the
//    bureau's own decision on a request is due about two weeks after submission, so 90/60/30
//    days ahead mean nothing; an open incident's follow-up is due every few days;
// 3. the bureau's own steps for the kind (reminder_kind_rules), until it resets them.
// An obligation may also bring its own pace (an open incident repeats at its grade's follow-up
// cadence, app/domain/settings.ts): that replaces the kind's repeat interval.
import { INCIDENT_GRADES, REMINDER_KINDS, type IncidentGrade, type ReminderKind, type ReminderSource } from '~db/schema/enums'
import { addDays, type IsoDate } from './dates'
import { DEFAULT_REMINDER_RULES, ownerOfSource, type ReminderRules } from './reminders'
import type { RuleSettings } from './settings'

export { REMINDER_KINDS, type ReminderKind }

export const KIND_DEFAULT_RULES: Partial<Record<ReminderKind, ReminderRules>> = {
  // the bureau owes it (ownerOfSource), about 14 days (10 working days) after submission: reminded
  // from then on rather than at 90/60/30 days, and nobody to escalate to
  request_decision: {
    beforeDays: [14, 7, 3, 1],
    onDueDate: true,
    afterDays: [1, 7],
    repeatEveryDays: 7,
    escalateDistrictAfterDays: 0,
    escalateBureauAfterDays: 0,
  },
  // due cadence(grade) days after the lab's last update; repeats at that cadence (the
  // obligation's own pace), the district is told 3 days after a missed update, the bureau 7
  incident_followup: {
    beforeDays: [],
    onDueDate: true,
    afterDays: [],
    repeatEveryDays: 0,
    escalateDistrictAfterDays: 3,
    escalateBureauAfterDays: 7,
  },
}

export function isReminderKind(source: string): source is ReminderKind {
  return (REMINDER_KINDS as readonly string[]).includes(source)
}

/** Where a kind's steps come from: the default rules, its built-in steps, or the bureau's own for it. */
export type RulesOrigin = 'default' | 'kind_default' | 'own'

export type StoredKindRules = ReminderRules & { kind: ReminderKind; followsDefault: boolean }

export type KindRules = { kind: ReminderKind; rules: ReminderRules; origin: RulesOrigin }

/** The kind's steps when the bureau has not set its own: its built-in ones, else the default rules. */
export function kindDefault(kind: ReminderKind, general: ReminderRules): { rules: ReminderRules; origin: RulesOrigin } {
  const builtIn = KIND_DEFAULT_RULES[kind]
  return builtIn ? { rules: builtIn, origin: 'kind_default' } : { rules: general, origin: 'default' }
}

export function rulesOnly(r: ReminderRules): ReminderRules {
  return {
    beforeDays: r.beforeDays,
    onDueDate: r.onDueDate,
    afterDays: r.afterDays,
    repeatEveryDays: r.repeatEveryDays,
    escalateDistrictAfterDays: r.escalateDistrictAfterDays,
    escalateBureauAfterDays: r.escalateBureauAfterDays,
  }
}

/** Every kind's steps in force. */
export function resolveKindRules(
  general: ReminderRules = DEFAULT_REMINDER_RULES,
  stored: readonly StoredKindRules[] = [],
): Record<ReminderKind, KindRules> {
  return Object.fromEntries(
    REMINDER_KINDS.map((kind) => {
      const own = stored.find((s) => s.kind === kind && !s.followsDefault)
      return [kind, own ? { kind, rules: rulesOnly(own), origin: 'own' } : { kind, ...kindDefault(kind, general) }]
    }),
  ) as Record<ReminderKind, KindRules>
}

/** The steps of one obligation: its kind's, with its own pace (repeat interval) when it brings one. */
export function rulesForObligation(
  byKind: Readonly<Record<ReminderKind, KindRules>>,
  general: ReminderRules,
  obligation: { source: ReminderSource; repeatEveryDays?: number },
): ReminderRules {
  const rules = isReminderKind(obligation.source) ? byKind[obligation.source].rules : general
  return obligation.repeatEveryDays ? { ...rules, repeatEveryDays: obligation.repeatEveryDays } : rules
}

// ---------------------------------------------------------------------------------------------
// Open incidents' follow-up cadence (settings incidentFollowUpDaysI…IV)

/** Days between follow-ups of an open incident of this grade, as the bureau set them. */
export function followUpDaysFor(settings: RuleSettings, grade: IncidentGrade): number {
  return settings[`incidentFollowUpDays${grade}`]
}

export function followUpDaysByGrade(settings: RuleSettings): Record<IncidentGrade, number> {
  return Object.fromEntries(INCIDENT_GRADES.map((g) => [g, followUpDaysFor(settings, g)])) as Record<IncidentGrade, number>
}

/** The next follow-up is due this many days after the lab's last update (report, step or note). */
export function followUpDue({ lastUpdate, grade, settings }: { lastUpdate: IsoDate; grade: IncidentGrade; settings: RuleSettings }) {
  return addDays(lastUpdate, followUpDaysFor(settings, grade))
}

// ---------------------------------------------------------------------------------------------
// A lab's snooze

export const SNOOZE_MAX_DAYS = 14
export const SNOOZE_CHOICES = [3, 7] as const

/**
 * Which reminders a lab may snooze: its own obligations (not the bureau's decision it waits for),
 * except an unreported incident, whose report deadline is counted in hours by law.
 */
export function canSnoozeSource(source: ReminderSource): boolean {
  return isReminderKind(source) && ownerOfSource(source) === 'lab' && source !== 'incident_report'
}

/** The day the lab's reminders resume: after today, at most SNOOZE_MAX_DAYS ahead. */
export function checkSnoozeUntil(until: IsoDate, today: IsoDate): 'past' | 'too_far' | null {
  if (until <= today) return 'past'
  if (until > addDays(today, SNOOZE_MAX_DAYS)) return 'too_far'
  return null
}

/** Whether the lab's own steps are held back today: the snooze lasts until the day before `until`. */
export function isSnoozed(until: IsoDate | null | undefined, today: IsoDate): boolean {
  return Boolean(until && today < until)
}
