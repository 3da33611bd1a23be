// Expert review of a renewal (issue 8, item 3): the bureau's criteria and weights, an expert's
// scores, and what the bureau's panel shows. Pure: the models (app/models/review-criteria.server.ts,
// review-panel.server.ts, expert-review.server.ts) read and write; the types here are shared with
// the components, which cannot import a .server module.
import type { AssignmentStatus, RenewalStatus } from '~db/schema/enums'
import type { MessageKey } from '~/i18n'
import { DECIDABLE_STATUSES } from './renewals'

export const CRITERION_LABEL_MAX = 40
export const OPINION_MAX = 4000
export const CONFLICT_NOTE_MAX = 1000
export const SCORE_MAX = 100
// the active weights are per cent of the total: a review is submitted only when they add up to this
export const WEIGHT_TOTAL = 100

// The intents the bureau's renewal page hands to handleReviewIntent (the review panel's forms).
export const REVIEW_INTENTS = ['assignExpert', 'unassignExpert'] as const
export type ReviewIntent = (typeof REVIEW_INTENTS)[number]
export const isReviewIntent = (s: unknown): s is ReviewIntent => (REVIEW_INTENTS as readonly unknown[]).includes(s)

// A renewal takes experts once the lab has applied and until the bureau decides: the statuses it is decided from.
export const ASSIGNABLE_STATUSES: readonly RenewalStatus[] = DECIDABLE_STATUSES

export type Criterion = { id: number; labelZh: string; labelEn: string; weight: number; position: number; active: boolean }

export type ScoreErrors = Partial<Record<string, { key: MessageKey; vars?: Record<string, string | number> }>>

/** The sum of the active criteria's weights: reviews are submitted only while it is WEIGHT_TOTAL. */
export const activeWeightSum = (criteria: readonly Pick<Criterion, 'weight' | 'active'>[]): number =>
  criteria.reduce((sum, c) => sum + (c.active ? c.weight : 0), 0)

/** The form field that carries a criterion's score (the review form and its errors). */
export const scoreField = (criterionId: number) => `score-${criterionId}`

/** A score as typed: a whole number 0..100 (no sign, no decimals), or null. */
export function parseScore(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isInteger(raw) && raw >= 0 && raw <= SCORE_MAX ? raw : null
  if (typeof raw !== 'string') return null
  const s = raw.trim()
  if (!/^\d{1,3}$/.test(s)) return null
  const n = Number(s)
  return n <= SCORE_MAX ? n : null
}

/**
 * Every active criterion scored 0..100 in whole numbers; scores for criteria not active are
 * ignored (a form opened before the bureau deactivated one). Errors are keyed by scoreField.
 */
export function readScores(
  criteria: readonly Criterion[],
  raw: Readonly<Record<string, unknown>>,
): { ok: true; scores: { criterionId: number; score: number; weight: number }[] } | { ok: false; errors: ScoreErrors } {
  const errors: ScoreErrors = {}
  const scores: { criterionId: number; score: number; weight: number }[] = []
  for (const c of criteria.filter((c) => c.active)) {
    const value = raw[String(c.id)]
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      errors[scoreField(c.id)] = { key: 'expertReview.error.scoreRequired' }
      continue
    }
    const score = parseScore(value)
    if (score === null) errors[scoreField(c.id)] = { key: 'expertReview.error.scoreRange', vars: { max: SCORE_MAX } }
    else scores.push({ criterionId: c.id, score, weight: c.weight })
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, scores }
}

/** The mean of the submitted reviews' totals, one decimal; null before any. */
export function meanTotal(totals: readonly (number | null)[]): number | null {
  const given = totals.filter((t): t is number => t !== null)
  if (!given.length) return null
  return Math.round((given.reduce((a, b) => a + b, 0) / given.length) * 10) / 10
}

// ---- what the bureau's panel shows (loaded by reviewPanelData, drawn by ReviewPanel) ----------

export type PanelScore = { criterionId: number; labelZh: string; labelEn: string; score: number }

export type PanelAssignment = {
  id: number
  expertId: number
  expertName: string
  organisationName: string | null
  status: AssignmentStatus
  totalScore: number | null
  scores: PanelScore[]
  opinion: string
  conflictNote: string
  assignedAt: string
  submittedAt: string | null
}

export type ExpertOption = {
  id: number
  name: string
  organisationName: string | null
  // the expert's organisation hosts or joins the lab: the panel shows it disabled, the model refuses it
  conflicted: boolean
  // already on this renewal (assigned, reviewed or declared a conflict)
  assigned: boolean
}

export type ReviewPanelData = {
  labId: number
  renewalId: number
  assignments: PanelAssignment[]
  meanTotal: number | null
  experts: ExpertOption[]
  // whether the renewal takes experts now (submitted or under review) and the viewer is the bureau
  canAssign: boolean
  weightsOk: boolean
  // the renewal's row version: the panel's forms post it (docs/decisions/010-stale-decisions.md)
  renewalVersion: number
}
