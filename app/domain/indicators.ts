import type { IndicatorUnit, PlanStatus, RenewalStatus } from '~db/schema/enums'
import { MAX_YUAN, parseWan } from './money'

// 任务指标 (issue 16, part 1): what a lab plans to reach in a validity period (建设方案 … 期间计划
// 完成的任务指标). A built-in catalogue with stable keys (plans store the key, so a key is never
// renamed or reused), plus custom indicators the bureau defines (db custom_indicators). Every
// target is a whole number: a count, or for money whole yuan (typed and shown in 万元, see money.ts).

export { INDICATOR_UNITS, PLAN_STATUSES, type IndicatorUnit, type PlanStatus } from '~db/schema/enums'

export const BUILTIN_INDICATORS = [
  { key: 'scenarios', unit: 'count' },
  { key: 'algorithms', unit: 'count' },
  { key: 'datasets', unit: 'count' },
  { key: 'products', unit: 'count' },
  { key: 'invention_patents', unit: 'count' },
  { key: 'other_ip', unit: 'count' },
  { key: 'software_copyrights', unit: 'count' },
  { key: 'standards', unit: 'count' },
  { key: 'papers', unit: 'count' },
  { key: 'people_trained', unit: 'people' },
  { key: 'transfers', unit: 'count' },
  { key: 'transfer_value', unit: 'yuan' },
] as const satisfies readonly { key: string; unit: IndicatorUnit }[]

export type BuiltinIndicatorKey = (typeof BUILTIN_INDICATORS)[number]['key']
export const BUILTIN_INDICATOR_KEYS = BUILTIN_INDICATORS.map((i) => i.key) as readonly BuiltinIndicatorKey[]

export const isBuiltinIndicatorKey = (key: string): key is BuiltinIndicatorKey =>
  (BUILTIN_INDICATOR_KEYS as readonly string[]).includes(key)

// a count target above a million is a typing slip, not a plan
export const MAX_COUNT_TARGET = 1_000_000

export type TargetParse =
  | { ok: true; value: number | null }
  | { ok: false; key: 'indicators.error.count' | 'indicators.error.money' | 'indicators.error.tooLarge'; vars?: Record<string, number> }

/**
 * A target as typed: empty is no target; a count is digits only (no sign, no decimals); money is
 * 万元 with up to four decimals, kept as whole yuan. Read from the text, never through a float.
 */
export function parseTarget(unit: IndicatorUnit, text: string): TargetParse {
  const s = text.trim()
  if (!s) return { ok: true, value: null }
  if (unit === 'yuan') {
    const wan = parseWan(s)
    if (wan.ok) return { ok: true, value: wan.yuan }
    return wan.reason === 'tooLarge'
      ? { ok: false, key: 'indicators.error.tooLarge', vars: { max: MAX_YUAN / 10_000 } }
      : { ok: false, key: 'indicators.error.money' }
  }
  if (!/^\d+$/.test(s)) return { ok: false, key: 'indicators.error.count' }
  if (s.length > 7 || Number(s) > MAX_COUNT_TARGET) return { ok: false, key: 'indicators.error.tooLarge', vars: { max: MAX_COUNT_TARGET } }
  return { ok: true, value: Number(s) }
}

/** The lab edits (and submits) a plan while it is a draft or returned to it; submitted and approved plans are locked. */
export const planEditable = (status: PlanStatus | null): boolean => status === null || status === 'draft' || status === 'returned'

/** A period's plan may be written while the period has not ended: a past period's plan is a record. */
export const periodOpenForPlan = (period: { endDate: string }, today: string): boolean => period.endDate >= today

/**
 * The next period's plan, proposed with a renewal application, is the lab's to write and the
 * bureau's to decide until the renewal is decided: then it becomes the new period's plan (renewed)
 * or stays a record (not renewed, revoked).
 */
export const proposedPlanOpen = (renewalStatus: RenewalStatus): boolean => renewalStatus !== 'decided'

/** It goes to the bureau once the application has: the bureau sees no draft renewal. */
export const proposedPlanSubmittable = (renewalStatus: RenewalStatus): boolean =>
  proposedPlanOpen(renewalStatus) && renewalStatus !== 'draft'

export const RETURN_REASON_MAX = 2000
export const INDICATOR_NAME_MAX = 60
