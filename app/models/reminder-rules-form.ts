import { z } from 'zod'
import { REMINDER_KINDS } from '~db/schema/enums'
import { checkReminderRules, REMINDER_RULE_LIMITS, type ReminderRules } from '~/domain/reminders'
import type { FieldErrors } from '~/utils/forms'

// The reminder rules as the bureau types them on /settings/reminders: the default rules or one
// kind's. Day lists are typed as "90,60,30,7,1"; a Chinese comma is accepted too.
const { maxDays, maxSteps, maxRepeat } = REMINDER_RULE_LIMITS
const DayList = z
  .string()
  .trim()
  .max(100, 'form.tooLong')
  .regex(/^(\d{1,3}(\s*[,，]\s*\d{1,3})*)?$/, 'reminderRules.error.days')
  .transform((s) => (s ? s.split(/\s*[,，]\s*/).map(Number) : []))
  .refine((days) => days.every((d) => d >= 1 && d <= maxDays), 'reminderRules.error.days')
  .refine((days) => days.length <= maxSteps, 'reminderRules.error.tooMany')
  .refine((days) => new Set(days).size === days.length, 'reminderRules.error.duplicate')
const WholeDays = (max: number) =>
  z
    .string({ error: 'form.required' })
    .trim()
    .regex(/^\d{1,3}$/, 'reminderRules.error.integer')
    .transform(Number)
    .refine((n) => n <= max, 'reminderRules.error.integer')

export const RulesForm = z.object({
  beforeDays: DayList,
  onDueDate: z.enum(['on']).optional(),
  afterDays: DayList,
  repeatEveryDays: WholeDays(maxRepeat),
  escalateDistrictAfterDays: WholeDays(maxDays),
  escalateBureauAfterDays: WholeDays(maxDays),
})

export const KindField = z.enum(REMINDER_KINDS)

// the bound each message names
const LIMIT_OF: Record<string, number> = {
  repeatEveryDays: maxRepeat,
  escalateDistrictAfterDays: maxDays,
  escalateBureauAfterDays: maxDays,
}

/** Adds the bound each message names to the zod messages. */
export function withLimits(errors: FieldErrors): FieldErrors {
  for (const [field, error] of Object.entries(errors)) {
    if (!error) continue
    if (error.key === 'reminderRules.error.days') error.vars = { max: maxDays }
    if (error.key === 'reminderRules.error.tooMany') error.vars = { max: maxSteps }
    if (error.key === 'reminderRules.error.integer') error.vars = { max: LIMIT_OF[field] ?? maxDays }
  }
  return errors
}

/** The typed rules in their stored order, checked once more by the domain's rule. */
export function rulesOf(p: z.infer<typeof RulesForm>): { rules: ReminderRules } | { errors: FieldErrors } {
  const rules: ReminderRules = {
    beforeDays: [...p.beforeDays].sort((a, b) => b - a),
    onDueDate: p.onDueDate === 'on',
    afterDays: [...p.afterDays].sort((a, b) => a - b),
    repeatEveryDays: p.repeatEveryDays,
    escalateDistrictAfterDays: p.escalateDistrictAfterDays,
    escalateBureauAfterDays: p.escalateBureauAfterDays,
  }
  const problem = checkReminderRules(rules)
  if (!problem) return { rules }
  const key = problem === 'too_many' ? 'tooMany' : problem === 'duplicate' ? 'duplicate' : 'days'
  return { errors: withLimits({ _form: { key: `reminderRules.error.${key}` } }) }
}

export function asForm(rules: ReminderRules) {
  return {
    beforeDays: rules.beforeDays.join(','),
    onDueDate: rules.onDueDate ? 'on' : '',
    afterDays: rules.afterDays.join(','),
    repeatEveryDays: String(rules.repeatEveryDays),
    escalateDistrictAfterDays: String(rules.escalateDistrictAfterDays),
    escalateBureauAfterDays: String(rules.escalateBureauAfterDays),
  }
}
