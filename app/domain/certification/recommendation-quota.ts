// Guide 四(二) 初审及推荐: "原则上各县级市（区）大数据主管部门推荐不超过3家，各市相关部门推荐不超过2家".
// How many an office may recommend in a round (3 per district, 2 per city department, or the
// round's override for that office) is round-dates.ts's quota rule; this file counts the places
// an office has used against that number and refuses the recommendation that would exceed it.
import { sameOffice, type RecommendingOffice } from './actors'
import type { ApplicationStatus } from './application-steps'

// A recommendation holds its place from the moment it is made, whatever the review then decides:
// the guide limits what an office puts forward, not what the bureau certifies. It frees the place
// only by going back: the office withdraws it (→ submitted) or the applicant withdraws (→ withdrawn).
export const QUOTA_HOLDING_STATUSES = [
  'recommended',
  'under_review',
  'shortlisted',
  'not_shortlisted',
  'in_notice',
  'objection_sustained',
  'certified',
] as const satisfies readonly ApplicationStatus[]

export const holdsQuotaPlace = (status: ApplicationStatus): boolean =>
  (QUOTA_HOLDING_STATUSES as readonly ApplicationStatus[]).includes(status)

/** An office's places this round: how many it may recommend and how many it has. */
export type QuotaUse = { quota: number; used: number }

/** The places `office` holds among the round's applications. */
export function recommendationsUsed(
  applications: readonly { status: ApplicationStatus; office: RecommendingOffice }[],
  office: RecommendingOffice,
): number {
  return applications.filter((a) => holdsQuotaPlace(a.status) && sameOffice(a.office, office)).length
}

export function quotaUse({
  applications,
  office,
  quota,
}: {
  applications: readonly { status: ApplicationStatus; office: RecommendingOffice }[]
  office: RecommendingOffice
  quota: number
}): QuotaUse {
  return { quota, used: recommendationsUsed(applications, office) }
}

/** Places still free; never negative, even when a quota was lowered below what was already used. */
export function quotaLeft({ quota, used }: QuotaUse): number {
  return Math.max(0, quota - used)
}

export type QuotaRefusal = { ok: false; reason: 'quota_full'; quota: number; used: number }

/** Whether one more recommendation fits: the refusal names the quota and the places used. */
export function checkRecommendation(use: QuotaUse): { ok: true; leftAfter: number } | QuotaRefusal {
  if (quotaLeft(use) < 1) return { ok: false, reason: 'quota_full', quota: use.quota, used: use.used }
  return { ok: true, leftAfter: quotaLeft(use) - 1 }
}
