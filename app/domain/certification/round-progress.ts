// Where a round stands (issue 21), as its lists and pages name it. Until the offices' deadline the
// dates decide (roundStage); after it, how far its applications have got: the experts at work, the
// shortlist taken, under 公示, certified, or closed with nobody left to certify.
import type { ApplicationStatus } from './application-steps'
import { ROUND_STAGES, roundStage, type RoundDeadlines } from './round-dates'

export const ROUND_PROGRESS = [...ROUND_STAGES, 'shortlisted', 'in_notice', 'certified', 'closed'] as const
export type RoundProgress = (typeof ROUND_PROGRESS)[number]

/** The round's stage on `now`, given the statuses its applications hold (each once or more). */
export function roundProgress(now: Date, round: RoundDeadlines, statuses: Iterable<ApplicationStatus>): RoundProgress {
  const dated = roundStage(now, round)
  if (dated !== 'reviewing') return dated
  const held = new Set(statuses)
  // the earliest step still to take decides: one application waiting on the experts keeps the round there
  if (held.has('recommended') || held.has('under_review')) return 'reviewing'
  if (held.has('shortlisted')) return 'shortlisted'
  if (held.has('in_notice')) return 'in_notice'
  if (held.has('certified')) return 'certified'
  return 'closed'
}
