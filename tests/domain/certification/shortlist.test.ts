import { describe, expect, test } from 'vitest'
import {
  applicationScore,
  proposeShortlist,
  rankApplications,
  type ReviewedApplication,
  type ScoredAssignment,
} from '~/domain/certification/shortlist'
import { weightedTotal } from '~/domain/renewals'

// Experts' totals as the renewal review computes them: weightedTotal over the criteria's weights.
const WEIGHTS = [40, 30, 30]
const total = (...scores: number[]) => weightedTotal(scores.map((score, i) => ({ score, weight: WEIGHTS[i] })))
const scored = (expertId: number, totalScore: number | null): ScoredAssignment => ({ expertId, status: 'submitted', totalScore })
const awaiting = (expertId: number): ScoredAssignment => ({ expertId, status: 'assigned', totalScore: null })
const conflict = (expertId: number): ScoredAssignment => ({ expertId, status: 'conflict', totalScore: null })

const reviewed = (id: number, assignments: ScoredAssignment[], submittedAt = '2026-06-20T02:00:00.000Z'): ReviewedApplication => ({
  id,
  submittedAt,
  assignments,
})

describe("an application's score", () => {
  test('is the mean of the experts’ weighted totals, to one decimal', () => {
    // 0.4·90 + 0.3·80 + 0.3·70 = 81; 0.4·80 + 0.3·80 + 0.3·82 = 80.6
    expect(total(90, 80, 70)).toBe(81)
    expect(total(80, 80, 82)).toBe(80.6)
    expect(applicationScore([scored(1, total(90, 80, 70)), scored(2, total(80, 80, 82))])).toEqual({
      state: 'complete',
      mean: 80.8,
      lowest: 80.6,
      experts: 2,
    })
  })

  test('counts only once every assigned expert without a conflict has scored', () => {
    expect(applicationScore([scored(1, 81), awaiting(2)])).toEqual({ state: 'pending', scored: 1, awaited: 1 })
    // a declared conflict takes the expert off the panel: the other two decide
    expect(applicationScore([scored(1, 81), conflict(2), scored(3, 79)])).toMatchObject({ state: 'complete', mean: 80, experts: 2 })
  })

  test('with every assigned expert conflicted, or none assigned, there is no score', () => {
    expect(applicationScore([conflict(1)])).toEqual({ state: 'no_experts' })
    expect(applicationScore([])).toEqual({ state: 'no_experts' })
  })
})

describe('the ranking', () => {
  test('orders by mean, leaving unscored applications out of it', () => {
    const { ranked, unranked } = rankApplications([
      reviewed(1, [scored(1, 70)]),
      reviewed(2, [scored(1, 90)]),
      reviewed(3, [scored(1, 80), awaiting(2)]),
      reviewed(4, [scored(1, 85)]),
    ])
    expect(ranked.map((r) => [r.id, r.position, r.mean])).toEqual([
      [2, 1, 90],
      [4, 2, 85],
      [1, 3, 70],
    ])
    expect(unranked).toEqual([{ id: 3, score: { state: 'pending', scored: 1, awaited: 1 } }])
  })

  test('breaks an equal mean by the higher lowest total, then the earlier submission, then the id', () => {
    const { ranked } = rankApplications([
      // mean 80 from 70 and 90
      reviewed(5, [scored(1, 70), scored(2, 90)], '2026-06-01T00:00:00.000Z'),
      // mean 80 from 80 and 80: no expert rated it low, so it goes first
      reviewed(6, [scored(1, 80), scored(2, 80)], '2026-06-29T00:00:00.000Z'),
      // mean 80 from 70 and 90 again, submitted later than 5
      reviewed(7, [scored(1, 90), scored(2, 70)], '2026-06-10T00:00:00.000Z'),
      // the same as 7 in every way but the id
      reviewed(3, [scored(1, 90), scored(2, 70)], '2026-06-10T00:00:00.000Z'),
    ])
    expect(ranked.map((r) => r.id)).toEqual([6, 5, 3, 7])
    expect(ranked.map((r) => r.tiedWithPrevious)).toEqual([false, true, true, true])
  })

  test('the order does not depend on the order the applications came in', () => {
    const apps = [reviewed(1, [scored(1, 80)]), reviewed(2, [scored(1, 80)]), reviewed(3, [scored(1, 95)])]
    expect(rankApplications(apps).ranked).toEqual(rankApplications([...apps].reverse()).ranked)
  })
})

describe('the proposed shortlist', () => {
  const { ranked } = rankApplications([
    reviewed(1, [scored(1, 92)]),
    reviewed(2, [scored(1, 88)]),
    reviewed(3, [scored(1, 85)]),
    reviewed(4, [scored(1, 85)]),
    reviewed(5, [scored(1, 60)]),
  ])

  test('the top N, saying when the cut-off falls inside a tie', () => {
    expect(proposeShortlist(ranked, { by: 'top', count: 2 })).toEqual({ ids: [1, 2], tieAtCutoff: false })
    expect(proposeShortlist(ranked, { by: 'top', count: 3 })).toEqual({ ids: [1, 2, 3], tieAtCutoff: true })
    expect(proposeShortlist(ranked, { by: 'top', count: 4 })).toEqual({ ids: [1, 2, 3, 4], tieAtCutoff: false })
    expect(proposeShortlist(ranked, { by: 'top', count: 10 })).toEqual({ ids: [1, 2, 3, 4, 5], tieAtCutoff: false })
    expect(proposeShortlist(ranked, { by: 'top', count: 0 })).toEqual({ ids: [], tieAtCutoff: false })
  })

  test('every application at or above a score', () => {
    expect(proposeShortlist(ranked, { by: 'threshold', minScore: 85 })).toEqual({ ids: [1, 2, 3, 4], tieAtCutoff: false })
    expect(proposeShortlist(ranked, { by: 'threshold', minScore: 85.1 }).ids).toEqual([1, 2])
    expect(proposeShortlist(ranked, { by: 'threshold', minScore: 100 }).ids).toEqual([])
  })
})
