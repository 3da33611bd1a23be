import { describe, expect, test } from 'vitest'
import { BUILTIN_INDICATORS } from '~/domain/indicators'
import {
  countedFromRegister,
  elapsedPercent,
  INDICATOR_COUNTING,
  lineProgress,
  linesBehind,
  paceGap,
  planFulfilment,
  sharePercent,
  type AchievementItem,
  type LineProgress,
} from '~/domain/progress'

// 任务指标完成情况 (issue 16, part 3): the one rule for "achieved" against a plan.
const item = (over: Partial<AchievementItem>): AchievementItem => ({
  validityYear: 1,
  forms: ['algorithm'],
  kind: null,
  valueYuan: null,
  verification: 'unverified',
  ...over,
})
const line = (field: string, target: number | null = 10) => ({ field, builtinKey: field.startsWith('c') ? null : field, target })
const one = (field: string, items: AchievementItem[], declarations: Parameters<typeof lineProgress>[2] = []) =>
  lineProgress([line(field)], items, declarations)[0]!

describe('what each built-in indicator counts', () => {
  // every counting row of INDICATOR_COUNTING, with an item that counts for it and one that does not
  const cases: Array<[string, AchievementItem, AchievementItem, number]> = [
    ['scenarios', item({ kind: 'scenario_landed', forms: ['scenario'] }), item({ forms: ['scenario'], kind: 'paper' }), 1],
    ['algorithms', item({ forms: ['algorithm'] }), item({ forms: ['data'] }), 1],
    ['datasets', item({ forms: ['data'] }), item({ forms: ['product'] }), 1],
    ['products', item({ forms: ['product'] }), item({ forms: ['algorithm'] }), 1],
    ['invention_patents', item({ kind: 'patent' }), item({ kind: 'software_copyright' }), 1],
    ['software_copyrights', item({ kind: 'software_copyright' }), item({ kind: 'patent' }), 1],
    ['standards', item({ kind: 'standard' }), item({ kind: 'paper' }), 1],
    ['papers', item({ kind: 'paper' }), item({ kind: 'award' }), 1],
    ['transfers', item({ kind: 'transfer', valueYuan: 500_000 }), item({ kind: 'scenario_landed' }), 1],
    ['transfer_value', item({ kind: 'transfer', valueYuan: 500_000 }), item({ kind: 'paper', valueYuan: 900 }), 500_000],
  ]
  test.each(cases)('%s counts what it should and nothing else', (field, counts, other, value) => {
    expect(one(field, [counts, other]).achieved).toBe(value)
    expect(one(field, [other]).achieved).toBe(0)
  })

  test('every built-in indicator has a counting row, and the three the register cannot count are declared', () => {
    expect(Object.keys(INDICATOR_COUNTING).sort()).toEqual(BUILTIN_INDICATORS.map((i) => i.key).sort())
    const declared = BUILTIN_INDICATORS.filter((i) => !countedFromRegister({ builtinKey: i.key })).map((i) => i.key)
    expect(declared).toEqual(['other_ip', 'people_trained'])
    expect(countedFromRegister({ builtinKey: null })).toBe(false)
  })

  test('a deliverable of several forms counts once for each of its forms', () => {
    const d = item({ forms: ['algorithm', 'data'], verification: 'verified' })
    expect(one('algorithms', [d]).achieved).toBe(1)
    expect(one('datasets', [d]).achieved).toBe(1)
    expect(one('products', [d]).achieved).toBe(0)
  })

  test('a transfer without a value adds to the count but not to the value', () => {
    const t = item({ kind: 'transfer', valueYuan: null })
    expect(one('transfers', [t]).achieved).toBe(1)
    expect(one('transfer_value', [t]).achieved).toBe(0)
  })
})

describe('achieved and verified', () => {
  test('a disputed outcome is not achieved; only a verified one is verified', () => {
    const items = [
      item({ kind: 'paper', verification: 'unverified' }),
      item({ kind: 'paper', verification: 'checked' }),
      item({ kind: 'paper', verification: 'verified' }),
      item({ kind: 'paper', verification: 'disputed' }),
    ]
    const p = one('papers', items)
    expect(p.achieved).toBe(3)
    expect(p.verified).toBe(1)
  })

  test('figures are kept per validity year and summed over the period', () => {
    const p = one('papers', [
      item({ kind: 'paper', validityYear: 1, verification: 'verified' }),
      item({ kind: 'paper', validityYear: 2 }),
      item({ kind: 'paper', validityYear: 2, verification: 'verified' }),
    ])
    expect(p.byYear).toEqual({ 1: { achieved: 1, verified: 1 }, 2: { achieved: 2, verified: 1 } })
    expect([p.achieved, p.verified]).toEqual([3, 2])
  })

  test('declared lines read the annual reports: counted when filed, verified when accepted, never from the register', () => {
    const decl = [
      { validityYear: 1 as const, values: { people_trained: 12, c7: 300_000 }, accepted: true },
      { validityYear: 2 as const, values: { people_trained: 5 }, accepted: false },
    ]
    const people = one('people_trained', [item({ kind: 'paper' })], decl)
    expect(people.declared).toBe(true)
    expect(people.byYear).toEqual({ 1: { achieved: 12, verified: 12 }, 2: { achieved: 5, verified: 0 } })
    const custom = one('c7', [], decl)
    expect([custom.declared, custom.achieved, custom.verified]).toEqual([true, 300_000, 300_000])
    expect(one('other_ip', [], decl).achieved).toBe(0)
    // a register line ignores what a report states for it
    expect(one('papers', [], [{ validityYear: 1, values: { papers: 9 }, accepted: true }]).achieved).toBe(0)
  })
})

const progress = (target: number | null, year1: number, year2 = 0): LineProgress => ({
  field: 'papers',
  target,
  declared: false,
  byYear: { 1: { achieved: year1, verified: 0 }, 2: { achieved: year2, verified: 0 } },
  achieved: year1 + year2,
  verified: 0,
})

describe('plan fulfilment', () => {
  test('the mean share over the lines with a target, each capped at 100, floored', () => {
    // 300% counts as 100, 1/3 is 33: (100 + 33) / 2 = 66.5 → 66
    expect(planFulfilment([progress(2, 6), progress(3, 1), progress(null, 4)])).toBe(66)
  })
  test('a zero target is met; no targets at all is no figure', () => {
    expect(planFulfilment([progress(0, 0)])).toBe(100)
    expect(planFulfilment([progress(null, 3)])).toBeNull()
    expect(planFulfilment([])).toBeNull()
  })
  test('sharePercent floors and caps only when asked', () => {
    expect(sharePercent(2, 3)).toBe(66)
    expect(sharePercent(5, 2)).toBe(250)
    expect(sharePercent(5, 2, 100)).toBe(100)
    expect(sharePercent(1, null)).toBeNull()
  })
})

describe('time elapsed', () => {
  const period = { startDate: '2025-06-01', endDate: '2027-05-31' }
  test.each([
    ['2025-05-31', 0],
    ['2025-06-01', 0], // day 1 of 730: 0.13% floors to 0
    ['2026-05-30', 49], // 364 of 730 days
    ['2026-05-31', 50], // the last day of year 1
    ['2026-06-01', 50],
    ['2027-05-30', 99],
    ['2027-05-31', 100],
    ['2028-01-01', 100],
  ])('on %s, %i%%', (today, percent) => expect(elapsedPercent(period, today)).toBe(percent))

  test('a leap day counts as a day', () => {
    expect(elapsedPercent({ startDate: '2024-02-28', endDate: '2024-03-01' }, '2024-02-29')).toBe(66)
  })

  test('pace is fulfilment less time elapsed, none without targets', () => {
    expect(paceGap(60, 50)).toBe(10)
    expect(paceGap(20, 50)).toBe(-30)
    expect(paceGap(null, 50)).toBeNull()
  })
})

describe('lines behind the thresholds', () => {
  const thresholds = { year1Percent: 50, endPercent: 100 }
  test('after year 1: the year-1 figure against the share of the target, the minimum rounded up', () => {
    // half of 5 is 2.5: 3 are needed, 2 is behind
    expect(linesBehind([progress(5, 2, 9)], { stage: 'year1', ...thresholds })).toEqual([
      { field: 'papers', target: 5, achieved: 2, minimum: 3 },
    ])
    expect(linesBehind([progress(5, 3)], { stage: 'year1', ...thresholds })).toEqual([])
  })
  test('exactly at the threshold is not behind', () => {
    expect(linesBehind([progress(4, 2)], { stage: 'year1', ...thresholds })).toEqual([])
    expect(linesBehind([progress(4, 2, 2)], { stage: 'end', ...thresholds })).toEqual([])
  })
  test('after the period: the whole period against the end share', () => {
    expect(linesBehind([progress(4, 1, 2)], { stage: 'end', ...thresholds })).toEqual([
      { field: 'papers', target: 4, achieved: 3, minimum: 4 },
    ])
    // 60% of 3 is 1.8: 2 are needed, and 2 were achieved
    expect(linesBehind([progress(3, 1, 1)], { stage: 'end', year1Percent: 50, endPercent: 60 })).toEqual([])
  })
  test('a line without a target or with a zero target is never behind; a 0% threshold never warns', () => {
    expect(linesBehind([progress(null, 0), progress(0, 0)], { stage: 'end', ...thresholds })).toEqual([])
    expect(linesBehind([progress(10, 0)], { stage: 'year1', year1Percent: 0, endPercent: 0 })).toEqual([])
  })
  test('money: 1% of 12,345 yuan is 123.45, rounded up to 124', () => {
    const money = { ...progress(12_345, 123), field: 'transfer_value' }
    expect(linesBehind([money], { stage: 'year1', year1Percent: 1, endPercent: 100 })).toEqual([
      { field: 'transfer_value', target: 12_345, achieved: 123, minimum: 124 },
    ])
  })
})
