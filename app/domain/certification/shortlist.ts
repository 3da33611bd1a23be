// Guide 四(三) 评审: "组织专家…对推荐过来的申报材料进行评估审核，根据评审结果提出实验室拟入选名单".
// Experts score a round's applications against its criteria as they score renewals: each expert's
// total is renewals.ts weightedTotal over the criteria's weights (stored on the assignment when
// the expert submits), the application's score the mean of those totals as expert-review.ts
// meanTotal gives it, to one decimal. This file ranks the scored applications and proposes the
// shortlist both ways the bureau may form it: the top N, or every one at or above a score.
import type { AssignmentStatus } from '~db/schema/enums'
import { meanTotal } from '~/domain/expert-review'

export type ScoredAssignment = { expertId: number; status: AssignmentStatus; totalScore: number | null }

export type ApplicationScore =
  | { state: 'complete'; mean: number; lowest: number; experts: number }
  // an assigned expert without a conflict has not scored yet: no mean is shown or ranked
  | { state: 'pending'; scored: number; awaited: number }
  // no expert without a conflict is assigned: the bureau assigns another
  | { state: 'no_experts' }

/**
 * A score counts only once every assigned expert who has not declared a conflict has scored: a
 * mean of the first two of three would rank an application on part of its panel. A declared
 * conflict (评审回避) takes the expert off the panel, as for renewals.
 */
export function applicationScore(assignments: readonly ScoredAssignment[]): ApplicationScore {
  const panel = assignments.filter((a) => a.status !== 'conflict')
  if (!panel.length) return { state: 'no_experts' }
  const totals = panel.filter((a) => a.status === 'submitted' && a.totalScore !== null).map((a) => a.totalScore as number)
  if (totals.length < panel.length) return { state: 'pending', scored: totals.length, awaited: panel.length - totals.length }
  return { state: 'complete', mean: meanTotal(totals) as number, lowest: Math.min(...totals), experts: totals.length }
}

export type ReviewedApplication = { id: number; submittedAt: string; assignments: readonly ScoredAssignment[] }

export type RankedApplication = {
  id: number
  // 1, 2, 3 … in order: never shared, the tie-break decides
  position: number
  mean: number
  lowest: number
  // the mean shown equals the one above: the tie-break, not the score, put this one below
  tiedWithPrevious: boolean
}

// Ties, deterministically: the mean as shown (one decimal) first, so the order reads from the
// figures on the page; then the higher lowest expert total (the application no expert rated low);
// then the earlier submission (the first to apply); then the smaller id, which is never equal.
function compare(a: { mean: number; lowest: number; submittedAt: string; id: number }, b: typeof a): number {
  return b.mean - a.mean || b.lowest - a.lowest || a.submittedAt.localeCompare(b.submittedAt) || a.id - b.id
}

/** The applications whose score is complete, ranked; the others listed apart, never ranked. */
export function rankApplications(applications: readonly ReviewedApplication[]): {
  ranked: RankedApplication[]
  unranked: { id: number; score: Exclude<ApplicationScore, { state: 'complete' }> }[]
} {
  const scored: { id: number; submittedAt: string; mean: number; lowest: number }[] = []
  const unranked: { id: number; score: Exclude<ApplicationScore, { state: 'complete' }> }[] = []
  for (const app of applications) {
    const score = applicationScore(app.assignments)
    if (score.state === 'complete') scored.push({ id: app.id, submittedAt: app.submittedAt, mean: score.mean, lowest: score.lowest })
    else unranked.push({ id: app.id, score })
  }
  const ranked = scored.sort(compare).map((s, i, all) => ({
    id: s.id,
    position: i + 1,
    mean: s.mean,
    lowest: s.lowest,
    tiedWithPrevious: i > 0 && all[i - 1].mean === s.mean,
  }))
  return { ranked, unranked: unranked.sort((a, b) => a.id - b.id) }
}

/** How the bureau forms the shortlist: the guide leaves it to the bureau, so both are offered. */
export type ShortlistRule = { by: 'top'; count: number } | { by: 'threshold'; minScore: number }

export type ShortlistProposal = {
  ids: number[]
  // top N only: the last proposed and the first left out show the same mean, so the tie-break
  // decided who is in; the bureau should look before it accepts the proposal
  tieAtCutoff: boolean
}

export function proposeShortlist(ranked: readonly RankedApplication[], rule: ShortlistRule): ShortlistProposal {
  if (rule.by === 'threshold') return { ids: ranked.filter((r) => r.mean >= rule.minScore).map((r) => r.id), tieAtCutoff: false }
  const count = Math.max(0, Math.floor(rule.count))
  const inside = ranked.slice(0, count)
  const firstOut = ranked[count]
  const tieAtCutoff = inside.length > 0 && firstOut !== undefined && firstOut.mean === inside[inside.length - 1].mean
  return { ids: inside.map((r) => r.id), tieAtCutoff }
}
