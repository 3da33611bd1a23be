import { describe, expect, test } from 'vitest'
import {
  capCount,
  checkRoundSettings,
  complianceComponent,
  DEFAULT_ROUND_SETTINGS,
  daysInYear,
  gradeScore,
  periodOfYear,
  planComponent,
  proposeGrades,
  publishProblems,
  reportComponent,
  securityComponent,
  tieBreakOrder,
  weightedScore,
  type Components,
  type EvaluatedPeriod,
  type RoundSettings,
  type Scored,
} from '~/domain/evaluation'
import { DEFAULT_GRADES } from '~/domain/grades'

const SCALE = DEFAULT_GRADES.map((g, i) => ({ code: g.code, position: i + 1 }))
const S = DEFAULT_ROUND_SETTINGS
const all = (v: number | null): Components => ({ report: v, plan: v, compliance: v, security: v })

describe('round settings', () => {
  test('the defaults are valid', () => {
    expect(checkRoundSettings(S)).toEqual([])
  })
  test.each([
    [{ report: 30, plan: 30, compliance: 20, security: 19 }, 'evaluation.error.weightsSum'],
    [{ report: 31, plan: 30, compliance: 20, security: 20 }, 'evaluation.error.weightsSum'],
    [{ capExcellentPercent: 60, capGoodPercent: 41 }, 'evaluation.error.capsSum'],
    [{ minExcellent: 79, minGood: 80 }, 'evaluation.error.minOrder'],
    [{ minGood: 59, minPass: 60 }, 'evaluation.error.minOrder'],
  ])('%j is refused with %s', (change, key) => {
    expect(checkRoundSettings({ ...S, ...change }).map((e) => e.key)).toContain(key)
  })
  test('one weight may take all 100, the others 0', () => {
    expect(checkRoundSettings({ ...S, report: 100, plan: 0, compliance: 0, security: 0 })).toEqual([])
  })
})

describe('the year a period stands for', () => {
  const p = (id: number, sequence: number, startDate: string, endDate: string, extra: Partial<EvaluatedPeriod> = {}): EvaluatedPeriod => ({
    id,
    sequence,
    startDate,
    endDate,
    outcome: null,
    outcomeDate: null,
    ...extra,
  })
  test('days in the year, bounded by the year and the period', () => {
    expect(daysInYear(p(1, 1, '2024-03-15', '2026-03-14'), 2025)).toBe(365)
    expect(daysInYear(p(1, 1, '2024-03-15', '2026-03-14'), 2024)).toBe(292)
    expect(daysInYear(p(1, 1, '2024-03-15', '2026-03-14'), 2026)).toBe(73)
    expect(daysInYear(p(1, 1, '2024-03-15', '2026-03-14'), 2027)).toBe(0)
  })
  test('a revoked period counts only until its revocation', () => {
    expect(daysInYear(p(1, 1, '2024-03-15', '2026-03-14', { outcome: 'revoked', outcomeDate: '2024-12-31' }), 2025)).toBe(0)
    expect(daysInYear(p(1, 1, '2024-03-15', '2026-03-14', { outcome: 'revoked', outcomeDate: '2025-01-31' }), 2025)).toBe(31)
  })
  test('the period covering most of the year stands for it; a renewal in December keeps the old one', () => {
    const old = p(1, 1, '2023-12-20', '2025-12-19', { outcome: 'renewed', outcomeDate: '2025-11-01' })
    const next = p(2, 2, '2025-12-20', '2027-12-19')
    expect(periodOfYear([old, next], 2025)?.id).toBe(1)
    expect(periodOfYear([old, next], 2026)?.id).toBe(2)
    expect(periodOfYear([old, next], 2022)).toBeNull()
  })
  test('equal days: the later period', () => {
    const a = p(1, 1, '2023-07-02', '2025-07-01')
    const b = p(2, 2, '2025-07-02', '2027-07-01')
    // 2025-01-01..07-01 is 182 days, 07-02..12-31 is 183: b; on a leap year they would tie
    expect(periodOfYear([a, b], 2025)?.id).toBe(2)
    const c = p(3, 1, '2022-07-02', '2024-07-01')
    const d = p(4, 2, '2024-07-02', '2026-07-01')
    expect(daysInYear(c, 2024)).toBe(daysInYear(d, 2024))
    expect(periodOfYear([c, d], 2024)?.id).toBe(4)
  })
})

describe('components', () => {
  test('a grade scores by its place in the scale: 优秀 100, 良好 80, 合格 60, 不合格 0', () => {
    expect(SCALE.map((g) => gradeScore(SCALE, g.code))).toEqual([100, 80, 60, 0])
    expect(gradeScore(SCALE, 'nope')).toBeNull()
  })
  test('a scale of five spreads the middle grades evenly; of two, best and worst', () => {
    const five = ['a', 'b', 'c', 'd', 'e'].map((code, i) => ({ code, position: i + 1 }))
    expect(five.map((g) => gradeScore(five, g.code))).toEqual([100, 87, 74, 60, 0])
    const two = [
      { code: 'ok', position: 1 },
      { code: 'ng', position: 2 },
    ]
    expect(two.map((g) => gradeScore(two, g.code))).toEqual([100, 0])
  })
  test('the report component: graded, ungraded, overdue and not yet due', () => {
    expect(reportComponent([{ accepted: true, grade: 'good', overdue: false }], SCALE)).toBe(80)
    expect(reportComponent([{ accepted: true, grade: null, overdue: false }], SCALE)).toBe(60)
    expect(reportComponent([{ accepted: false, grade: null, overdue: true }], SCALE)).toBe(0)
    expect(reportComponent([{ accepted: false, grade: null, overdue: false }], SCALE)).toBeNull()
    expect(reportComponent([], SCALE)).toBeNull()
    // two reports owed in one year (a short period): the mean, rounded down
    expect(
      reportComponent(
        [
          { accepted: true, grade: 'excellent', overdue: false },
          { accepted: true, grade: 'pass', overdue: false },
          { accepted: false, grade: null, overdue: true },
        ],
        SCALE,
      ),
    ).toBe(53)
  })
  test('the plan component is measured against the time passed', () => {
    const period = { startDate: '2025-01-01', endDate: '2026-12-31' }
    // the end of 2025 is half the period
    expect(planComponent({ approved: true, fulfilment: 40, period, asOf: '2025-12-31' })).toEqual({ score: 80, elapsed: 50 })
    expect(planComponent({ approved: true, fulfilment: 50, period, asOf: '2025-12-31' }).score).toBe(100)
    expect(planComponent({ approved: true, fulfilment: 90, period, asOf: '2025-12-31' }).score).toBe(100)
    expect(planComponent({ approved: true, fulfilment: 0, period, asOf: '2025-12-31' }).score).toBe(0)
    // an ended period against its whole length
    expect(planComponent({ approved: true, fulfilment: 73, period, asOf: '2027-12-31' }).score).toBe(73)
  })
  test('no approved plan, or a plan without targets: the plan does not count', () => {
    const period = { startDate: '2025-01-01', endDate: '2026-12-31' }
    expect(planComponent({ approved: false, fulfilment: 80, period, asOf: '2025-12-31' }).score).toBeNull()
    expect(planComponent({ approved: true, fulfilment: null, period, asOf: '2025-12-31' }).score).toBeNull()
    expect(planComponent({ approved: true, fulfilment: 10, period, asOf: '2024-12-31' }).score).toBeNull()
  })
  test('compliance is the mean of the months, each 100 less 20 a failing check and 5 a warning', () => {
    expect(complianceComponent([])).toBeNull()
    expect(complianceComponent([{ failing: 0, warnings: 0 }])).toBe(100)
    expect(
      complianceComponent([
        { failing: 1, warnings: 1 },
        { failing: 0, warnings: 0 },
        { failing: 6, warnings: 0 },
      ]),
    ).toBe(58) // (75 + 100 + 0) / 3
  })
  test('security: incidents by grade, late reports, the plan and drills', () => {
    expect(securityComponent({ incidents: [], planCurrent: true, drills: 1 })).toBe(100)
    expect(securityComponent({ incidents: [{ grade: 'IV', late: false }], planCurrent: true, drills: 2 })).toBe(95)
    expect(securityComponent({ incidents: [{ grade: 'III', late: true }], planCurrent: true, drills: 1 })).toBe(80)
    expect(securityComponent({ incidents: [], planCurrent: false, drills: 0 })).toBe(50)
    expect(
      securityComponent({
        incidents: [
          { grade: 'I', late: true },
          { grade: 'II', late: false },
        ],
        planCurrent: false,
        drills: 0,
      }),
    ).toBe(0)
  })
})

describe('the weighted score', () => {
  test('in hundredths, rounded down', () => {
    expect(weightedScore({ report: 80, plan: 73, compliance: 100, security: 95 }, S)).toBe(8490)
    expect(
      weightedScore({ report: 81, plan: 0, compliance: 0, security: 0 }, { ...S, report: 33, plan: 33, compliance: 34, security: 0 }),
    ).toBe(2673)
  })
  test('a component that does not apply hands its weight to the others in proportion', () => {
    // no plan: report 30, compliance 20, security 20 over 70
    expect(weightedScore({ report: 80, plan: null, compliance: 100, security: 90 }, S)).toBe(8857)
    // no report and no plan: compliance and security half each
    expect(weightedScore({ report: null, plan: null, compliance: 70, security: 90 }, S)).toBe(8000)
  })
  test('a weight of 0 ignores its component; nothing weighted applying gives no score', () => {
    const onlyReport = { ...S, report: 100, plan: 0, compliance: 0, security: 0 }
    expect(weightedScore({ report: 60, plan: 0, compliance: 0, security: 0 }, onlyReport)).toBe(6000)
    expect(weightedScore({ report: null, plan: 100, compliance: 100, security: 100 }, onlyReport)).toBeNull()
  })
})

describe('proposals under the caps', () => {
  const lab = (
    labId: number,
    score: number | null,
    components: Components = all(score === null ? null : Math.floor(score / 100)),
  ): Scored => ({
    labId,
    score,
    components,
  })
  const grades = (labs: Scored[], settings: RoundSettings = S) =>
    Object.fromEntries(proposeGrades(labs, settings).map((p) => [p.labId, p.proposedGrade]))

  test.each([
    [6, 0, 1],
    [7, 1, 2],
    [13, 1, 3],
    [14, 2, 4],
    [20, 3, 6],
    [1, 0, 0],
    [0, 0, 0],
  ])('a cap is a share of the round rounded down: %i labs hold %i 优秀 and %i 良好', (n, excellent, good) => {
    expect(capCount(n, 15)).toBe(excellent)
    expect(capCount(n, 30)).toBe(good)
  })

  test('the best labs get 优秀 up to the cap, the next 良好 up to its cap, the rest 合格 or 不合格 by the floor', () => {
    const labs = [9800, 9700, 9600, 9500, 9400, 9300, 9200, 8000, 7000, 5999].map((s, i) => lab(i + 1, s))
    // 10 labs: 1 优秀 (15%), 3 良好 (30%)
    expect(grades(labs)).toEqual({
      1: 'excellent',
      2: 'good',
      3: 'good',
      4: 'good',
      5: 'pass',
      6: 'pass',
      7: 'pass',
      8: 'pass',
      9: 'pass',
      10: 'fail',
    })
  })

  test('a small round can have no 优秀 at all', () => {
    const labs = [9900, 9800, 9700].map((s, i) => lab(i + 1, s))
    expect(grades(labs)).toEqual({ 1: 'pass', 2: 'pass', 3: 'pass' })
  })

  test('the minimum scores hold even with room under the caps', () => {
    const labs = Array.from({ length: 20 }, (_, i) => lab(i + 1, 8900 - i))
    const g = grades(labs)
    // nobody reaches 90: no 优秀; 良好 to the 6 best of those at 80 or more
    expect(Object.values(g).filter((x) => x === 'excellent')).toHaveLength(0)
    expect(Object.values(g).filter((x) => x === 'good')).toHaveLength(6)
    expect(g[7]).toBe('pass')
  })

  test('the pass floor: just under it is 不合格, exactly on it 合格', () => {
    expect(grades([lab(1, 6000), lab(2, 5999)])).toEqual({ 1: 'pass', 2: 'fail' })
  })

  test('equal scores are ordered by the heaviest component, then by lab id, whatever the input order', () => {
    const settings = { ...S, report: 40, plan: 20, compliance: 20, security: 20, capExcellentPercent: 15, minExcellent: 80 }
    const a = lab(5, 9000, { report: 80, plan: 100, compliance: 100, security: 100 })
    const b = lab(3, 9000, { report: 100, plan: 80, compliance: 80, security: 80 })
    const rest = Array.from({ length: 5 }, (_, i) => lab(10 + i, 7000))
    // 7 labs: one 优秀; b wins on the report, which weighs most
    for (const order of [
      [a, b, ...rest],
      [b, a, ...rest],
      [...rest, a, b],
    ]) {
      const p = proposeGrades(order, settings)
      expect(p.find((x) => x.labId === 3)).toMatchObject({ rank: 1, proposedGrade: 'excellent' })
      expect(p.find((x) => x.labId === 5)).toMatchObject({ rank: 2, proposedGrade: 'good' })
    }
    // the same everywhere: the lower id first
    const twins = [lab(9, 9500), lab(4, 9500), ...rest]
    expect(
      proposeGrades(twins, settings)
        .slice(0, 2)
        .map((p) => p.labId),
    ).toEqual([4, 9])
  })

  test('a component that does not apply counts below 0 in a tie', () => {
    const settings = { ...S }
    const withPlan = lab(2, 8000, { report: 80, plan: 80, compliance: 80, security: 80 })
    const noPlan = lab(1, 8000, { report: 80, plan: null, compliance: 80, security: 80 })
    expect(proposeGrades([noPlan, withPlan], settings).map((p) => p.labId)).toEqual([2, 1])
  })

  test('tie-break order follows the weights, equal weights in the listed order', () => {
    expect(tieBreakOrder(S)).toEqual(['report', 'plan', 'compliance', 'security'])
    expect(tieBreakOrder({ ...S, report: 10, plan: 20, compliance: 30, security: 40 })).toEqual([
      'security',
      'compliance',
      'plan',
      'report',
    ])
  })

  test('a lab without a score gets no proposal and ranks last, but counts for the caps', () => {
    const labs = [lab(1, null), ...Array.from({ length: 6 }, (_, i) => lab(i + 2, 9500))]
    const p = proposeGrades(labs, S)
    expect(p.at(-1)).toMatchObject({ labId: 1, rank: 7, proposedGrade: null })
    // 7 labs: 1 优秀
    expect(p.filter((x) => x.proposedGrade === 'excellent')).toHaveLength(1)
  })

  test('ranks are 1..n without gaps', () => {
    const p = proposeGrades([lab(1, 5000), lab(2, 5000), lab(3, 9000)], S)
    expect(p.map((x) => x.rank)).toEqual([1, 2, 3])
    expect(p.map((x) => x.labId)).toEqual([3, 1, 2])
  })
})

describe('publishing', () => {
  test('final grades within the caps may be published', () => {
    const finals = ['excellent', 'good', 'good', 'good', 'pass', 'pass', 'pass', 'pass', 'pass', 'fail'] as const
    expect(publishProblems(finals, S)).toEqual([])
  })
  test('one 优秀 too many is refused with the count and the cap', () => {
    const finals = ['excellent', 'excellent', 'good', 'pass', 'pass', 'pass', 'pass', 'pass', 'pass', 'pass'] as const
    expect(publishProblems(finals, S)).toEqual([{ key: 'evaluation.error.capExcellent', vars: { count: 2, max: 1, percent: 15 } }])
  })
  test('良好 over its cap and a lab without a grade are refused too', () => {
    const finals = ['good', 'good', 'good', 'good', null, 'pass', 'pass', 'pass', 'pass', 'pass'] as const
    expect(publishProblems(finals, S).map((p) => p.key)).toEqual(['evaluation.error.ungraded', 'evaluation.error.capGood'])
  })
})
