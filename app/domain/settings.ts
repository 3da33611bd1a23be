// The windows and offsets the rules use, with their defaults. The bureau changes them on the
// settings page (app/routes/settings.tsx); every rule reads them through RuleSettings, so a
// value is never hard-coded twice. Later modules add their own entries here.
import type { IncidentGrade } from '~db/schema/enums'
import { DEFAULT_REPORT_HOURS } from './security'
import { DEFAULT_EXPIRY_WINDOW_DAYS } from './validity'

export interface SettingDefinition {
  defaultValue: number
  min: number
  max: number
  unit: 'days' | 'months' | 'hours' | 'mb' | 'grades' | 'percent' | 'switch'
}

export const SETTING_DEFINITIONS = {
  // a lab counts as 'expiring' (and its validity check warns) this many days before its end
  expiryWindowDays: { defaultValue: DEFAULT_EXPIRY_WINDOW_DAYS, min: 7, max: 365, unit: 'days' },
  // the annual report is due this many days after its validity year ends (then moved to the
  // next working day); applies to ledger rows created after a change, never to existing ones
  reportDueDaysAfterYearEnd: { defaultValue: 30, min: 0, max: 180, unit: 'days' },
  // the largest attachment accepted, in megabytes
  attachmentMaxMb: { defaultValue: 20, min: 1, max: 100, unit: 'mb' },
  // an emergency plan is reviewed this long after its approval (app/domain/security.ts)
  planReviewMonths: { defaultValue: 12, min: 1, max: 36, unit: 'months' },
  // a lab without a drill for this long is warned
  drillIntervalMonths: { defaultValue: 12, min: 1, max: 36, unit: 'months' },
  // hours from discovering an incident to reporting it, by grade (defaults and their source:
  // DEFAULT_REPORT_HOURS in app/domain/security.ts)
  incidentReportHoursI: { defaultValue: DEFAULT_REPORT_HOURS.I, min: 1, max: 72, unit: 'hours' },
  incidentReportHoursII: { defaultValue: DEFAULT_REPORT_HOURS.II, min: 1, max: 72, unit: 'hours' },
  incidentReportHoursIII: { defaultValue: DEFAULT_REPORT_HOURS.III, min: 1, max: 72, unit: 'hours' },
  incidentReportHoursIV: { defaultValue: DEFAULT_REPORT_HOURS.IV, min: 1, max: 168, unit: 'hours' },
  // urgent incident alerts (issue 15): the most serious grades, counted from I, whose report alerts
  // the bureau and the district at once; 2 is I and II, 0 none (isUrgentGrade in ./incidents.ts)
  incidentAlertGrades: { defaultValue: 2, min: 0, max: 4, unit: 'grades' },
  // the renewal window opens this many days before a period ends (issue 8)
  renewalWindowDays: { defaultValue: 120, min: 30, max: 365, unit: 'days' },
  // a renewal after rectification gives the lab this long to put things right
  rectificationMonths: { defaultValue: 3, min: 1, max: 12, unit: 'months' },
  // a lab that never applied is recorded as not renewed this many days after its period ended;
  // 0: never automatically, the bureau decides (the lab is flagged until it does)
  unappliedNotRenewedAfterDays: { defaultValue: 0, min: 0, max: 365, unit: 'days' },
  // 续期决定先公示 (issue 21): 1 announces a decision to renew on the public page for 7 working days
  // before it takes effect (app/domain/notice-step.ts); 0, the default, decides at once as before
  renewalNoticeStep: { defaultValue: 0, min: 0, max: 1, unit: 'switch' },
  // an open incident's lab is reminded to follow it up this many days after its last update, by
  // grade (issue 15; app/domain/reminder-kinds.ts); and again at the same interval while it does not
  incidentFollowUpDaysI: { defaultValue: 1, min: 1, max: 30, unit: 'days' },
  incidentFollowUpDaysII: { defaultValue: 3, min: 1, max: 30, unit: 'days' },
  incidentFollowUpDaysIII: { defaultValue: 7, min: 1, max: 60, unit: 'days' },
  incidentFollowUpDaysIV: { defaultValue: 14, min: 1, max: 90, unit: 'days' },
  // 任务指标完成情况 (issue 16, part 3): an approved plan's indicator is behind, and the lab
  // warned, when after validity year 1 its year-1 figure is under this share of its target, or
  // after the period its figure is under the other share; 0 never warns (plan-progress-check.ts)
  planYear1Percent: { defaultValue: 50, min: 0, max: 100, unit: 'percent' },
  planEndPercent: { defaultValue: 100, min: 0, max: 100, unit: 'percent' },
} as const satisfies Record<string, SettingDefinition>

export type SettingKey = keyof typeof SETTING_DEFINITIONS
export type RuleSettings = { [K in SettingKey]: number }

export const SETTING_KEYS = Object.keys(SETTING_DEFINITIONS) as SettingKey[]

export function isSettingKey(key: string): key is SettingKey {
  return key in SETTING_DEFINITIONS
}

export const DEFAULT_RULE_SETTINGS: RuleSettings = Object.fromEntries(
  SETTING_KEYS.map((key) => [key, SETTING_DEFINITIONS[key].defaultValue]),
) as RuleSettings

/** Stored values over defaults; a stored value outside today's bounds falls back to the default. */
export function resolveSettings(stored: ReadonlyArray<{ key: string; value: number }>): RuleSettings {
  const resolved = { ...DEFAULT_RULE_SETTINGS }
  for (const { key, value } of stored) {
    if (!isSettingKey(key)) continue
    const def = SETTING_DEFINITIONS[key]
    if (Number.isInteger(value) && value >= def.min && value <= def.max) resolved[key] = value
  }
  return resolved
}

/** The bureau's report deadline in hours for an incident grade. */
export function reportHoursFor(settings: RuleSettings, grade: IncidentGrade): number {
  return settings[`incidentReportHours${grade}`]
}
