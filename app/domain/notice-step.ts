// 公示 as a step before a decision takes effect (issue 21, docs/decisions/025-public-notice.md).
// Pure: the notice's days come from noticePeriod (./certification/public-notice.ts), `now` comes in.
import type { ObjectionDecision, RecheckDecision, RenewalDecision } from '~db/schema/enums'
import { addDays, shanghaiDate, type IsoDate } from './dates'

// An ended notice stays on the public page, marked 已结束, this long after its last day.
export const ENDED_NOTICE_LISTED_DAYS = 30

/**
 * The renewal decisions announced before they take effect when the bureau's switch is on: only
 * `renew`, the decision that creates the next period at once, whether the bureau's decision, a
 * decision without an application or the re-check after a rectification. A renewal after
 * rectification creates nothing when decided (the re-check does), so it takes effect as before;
 * see ADR 025.
 */
export function renewalDecisionNeedsNotice(decision: RenewalDecision | RecheckDecision, noticeStepOn: boolean): boolean {
  return noticeStepOn && decision === 'renew'
}

export type NoticeFacts = { endsOn: IsoDate; withdrawnAt: string | null; confirmedAt: string | null }

export type ConfirmRefusal = 'withdrawn' | 'confirmed' | 'notEnded' | 'objectionPending'

/** Why the bureau may not confirm the notice now, or null: after its last day, with every objection decided. */
export function confirmRefusal(
  notice: NoticeFacts,
  objections: ReadonlyArray<{ decision: ObjectionDecision }>,
  now: Date,
): ConfirmRefusal | null {
  if (notice.withdrawnAt !== null) return 'withdrawn'
  if (notice.confirmedAt !== null) return 'confirmed'
  if (shanghaiDate(now) <= notice.endsOn) return 'notEnded'
  if (objections.some((o) => o.decision === 'pending')) return 'objectionPending'
  return null
}

/** The first last day the public page still lists on `today`: ended notices stay 30 days. */
export function listedSince(today: IsoDate): IsoDate {
  return addDays(today, -ENDED_NOTICE_LISTED_DAYS)
}

/** A listed notice is running until its last day's end, then 已结束. */
export function publicNoticeState(notice: { endsOn: IsoDate }, today: IsoDate): 'open' | 'ended' {
  return today <= notice.endsOn ? 'open' : 'ended'
}
