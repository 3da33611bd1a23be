import { describe, expect, test } from 'vitest'
import { BUILTIN_INDICATOR_KEYS, parseTarget, periodOpenForPlan, planEditable } from '~/domain/indicators'

describe('parseTarget', () => {
  test.each([
    ['count', '', null],
    ['count', ' 0 ', 0],
    ['count', '12', 12],
    ['count', '1000000', 1_000_000],
    ['people', '30', 30],
    ['yuan', '0.0001', 1],
    ['yuan', '12.5', 125_000],
    ['yuan', '1000000', 10_000_000_000],
  ] as const)('%s %j is %j', (unit, text, value) => {
    expect(parseTarget(unit, text)).toEqual({ ok: true, value })
  })

  test.each([
    ['count', '-1', 'indicators.error.count'],
    ['count', '1.5', 'indicators.error.count'],
    ['count', '1e3', 'indicators.error.count'],
    ['count', '0x10', 'indicators.error.count'],
    ['count', '1000001', 'indicators.error.tooLarge'],
    ['count', '99999999999999999999', 'indicators.error.tooLarge'],
    ['people', '２', 'indicators.error.count'],
    ['yuan', '1.00001', 'indicators.error.money'],
    ['yuan', '-0.5', 'indicators.error.money'],
    ['yuan', '1,000', 'indicators.error.money'],
    ['yuan', 'NaN', 'indicators.error.money'],
    ['yuan', '1000000.0001', 'indicators.error.tooLarge'],
  ] as const)('%s %j is refused with %s', (unit, text, key) => {
    const r = parseTarget(unit, text)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.key).toBe(key)
  })
})

test('built-in keys are distinct (plans store them)', () => {
  expect(new Set(BUILTIN_INDICATOR_KEYS).size).toBe(BUILTIN_INDICATOR_KEYS.length)
})

test('a plan is the lab’s to edit as a draft or returned, and only while its period runs', () => {
  expect([null, 'draft', 'returned', 'submitted', 'approved'].map((s) => planEditable(s as never))).toEqual([
    true,
    true,
    true,
    false,
    false,
  ])
  expect(periodOpenForPlan({ endDate: '2026-03-10' }, '2026-03-10')).toBe(true)
  expect(periodOpenForPlan({ endDate: '2026-03-09' }, '2026-03-10')).toBe(false)
})
