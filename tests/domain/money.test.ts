import { describe, expect, test } from 'vitest'
import { formatWan, formatWanText, MAX_YUAN, parseWan } from '~/domain/money'

describe('money in 万元, kept as whole yuan', () => {
  test.each([
    ['0', 0],
    ['12', 120_000],
    ['12.5', 125_000],
    ['0.0001', 1],
    ['0.1', 1_000],
    [' 3.1416 ', 31_416],
    ['1000000', MAX_YUAN],
  ])('%s 万元 is %i yuan, and reads back the same', (text, yuan) => {
    expect(parseWan(text)).toEqual({ ok: true, yuan })
    expect(Number(formatWan(yuan))).toBe(Number(text.trim()))
  })

  test('sums exactly where floats do not', () => {
    const sum = (['0.1', '0.2'] as const).reduce((n, t) => n + (parseWan(t) as { yuan: number }).yuan, 0)
    expect(formatWan(sum)).toBe('0.3')
    expect(0.1 + 0.2).not.toBe(0.3)
  })

  test.each(['', '-1', '1e3', '1,000', '0.00001', '1.', '.5', 'NaN', '１２', '1000000.0001'])('%j is refused', (text) => {
    expect(parseWan(text).ok).toBe(false)
  })

  test('above 100 亿元 is too large, not malformed', () => {
    expect(parseWan('1000000.0001')).toEqual({ ok: false, reason: 'tooLarge' })
    expect(parseWan('99999999')).toEqual({ ok: false, reason: 'format' })
  })
})

// Numbers one way (docs/status-language.md): 万元 for reading are grouped as every number is.
describe('formatWanText', () => {
  test.each([
    [125_000, '12.5'],
    [30_000_000, '3000'],
    [123_456_780_000, '12,345,678'],
    [123_456_789_012, '12,345,678.9012'],
    [-5_000, '-0.5'],
  ])('%d yuan reads %s 万元', (yuan, text) => {
    expect(formatWanText(yuan)).toBe(text)
  })
})
