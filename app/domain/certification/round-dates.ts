// The certification round's dates and quotas (issue 21; docs/decisions/024-certification-round.md).
// Pure: `now` is passed in. The guide sets both deadlines at a time of day (申报截止 … 17:00), so a
// round keeps them as UTC instants entered as Shanghai local date and time.
import type { DistrictCode } from '~db/schema/enums'
import { parseShanghaiDateTime } from '../dates'

/** The guide's deadlines fall at 17:00 Beijing time; a date typed without a time gets it. */
export const DEFAULT_DUE_TIME = '17:00'
export const DEFAULT_DISTRICT_QUOTA = 3
export const DEFAULT_DEPARTMENT_QUOTA = 2

// Stages a round passes through on its dates alone; the ones that follow from its applications
// (评审 done → 公示 → 授牌 → closed) are round-progress.ts's.
export const ROUND_STAGES = ['open', 'recommending', 'reviewing'] as const
export type RoundStage = (typeof ROUND_STAGES)[number]

export type RoundDeadlines = { applicationsDueAt: string; recommendationsDueAt: string }

export type DeadlineErrors = Partial<Record<'applicationsDueAt' | 'recommendationsDueAt', 'required' | 'invalid' | 'notAfterApplications'>>

/** A deadline as typed: 'YYYY-MM-DDTHH:mm' (a datetime-local input), or a bare date meaning 17:00. */
export function parseDeadline(text: string): string | null {
  const s = text.trim()
  return parseShanghaiDateTime(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T${DEFAULT_DUE_TIME}` : s)
}

/**
 * Both deadlines as typed, as UTC instants; the offices recommend from the applications they
 * received, so their deadline must come after the applicants'.
 */
export function parseRoundDeadlines(input: {
  applicationsDueAt: string
  recommendationsDueAt: string
}): { ok: true; value: RoundDeadlines } | { ok: false; errors: DeadlineErrors } {
  const errors: DeadlineErrors = {}
  const parsed: Partial<RoundDeadlines> = {}
  for (const field of ['applicationsDueAt', 'recommendationsDueAt'] as const) {
    const raw = input[field].trim()
    if (!raw) errors[field] = 'required'
    else {
      const at = parseDeadline(raw)
      if (at) parsed[field] = at
      else errors[field] = 'invalid'
    }
  }
  if (parsed.applicationsDueAt && parsed.recommendationsDueAt && parsed.recommendationsDueAt <= parsed.applicationsDueAt)
    errors.recommendationsDueAt = 'notAfterApplications'
  if (Object.keys(errors).length) return { ok: false, errors }
  return { ok: true, value: parsed as RoundDeadlines }
}

/**
 * Late is strictly after the deadline: "17:00 截止" accepts a submission stamped 17:00:00.000 and
 * refuses one a millisecond later. Instants compare as Dates, not as text, so a stored value
 * without milliseconds still compares right.
 */
export function isLate(now: Date, dueAt: string): boolean {
  return now.getTime() > new Date(dueAt).getTime()
}

/** Where a round stands on `now`: applications until their deadline, then the offices', then review. */
export function roundStage(now: Date, round: RoundDeadlines): RoundStage {
  if (!isLate(now, round.applicationsDueAt)) return 'open'
  if (!isLate(now, round.recommendationsDueAt)) return 'recommending'
  return 'reviewing'
}

/** The bureau edits the round's criteria until its review starts (nobody has scored against them). */
export function criteriaEditable(now: Date, round: RoundDeadlines): boolean {
  return roundStage(now, round) !== 'reviewing'
}

/** A recommending office: one of the ten districts, or a city department. */
export type Office = { kind: 'district'; code: DistrictCode } | { kind: 'department'; id: number }

export type QuotaOverride = { districtCode: string | null; departmentId: number | null; quota: number }

/** How many applications an office may recommend in a round: its override, else its kind's default. */
export function quotaFor(
  round: { districtQuota: number; departmentQuota: number },
  overrides: readonly QuotaOverride[],
  office: Office,
): number {
  const own = overrides.find((o) => (office.kind === 'district' ? o.districtCode === office.code : o.departmentId === office.id))
  if (own) return own.quota
  return office.kind === 'district' ? round.districtQuota : round.departmentQuota
}
