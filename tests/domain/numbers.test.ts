import { describe, expect, test } from 'vitest'
import { formatNumber, formatQuantity } from '~/domain/numbers'
import { translator } from '~/i18n'

// Numbers one way (docs/status-language.md): 3000 and 5000 read alike; grouping from five digits.
describe('formatNumber', () => {
  test.each([
    [3000, '3000'],
    [5000, '5000'],
    [12345, '12,345'],
    [2026, '2026'],
    [0.125, '0.125'],
    [1234567.89, '1,234,567.89'],
  ])('%d reads %s', (n, text) => {
    expect(formatNumber(n)).toBe(text)
  })
  test('quantities keep two decimals at most', () => {
    expect(formatQuantity(15000.456)).toBe('15,000.46')
  })
})

describe('messages', () => {
  test('a count in a message is formatted the same way in both languages; an id is left alone', () => {
    expect(translator('zh')('status.overdue', { days: 12345 })).toBe('已逾期 12,345 天')
    expect(translator('en')('status.overdue', { days: 12345 })).toBe('12,345 days overdue')
    expect(translator('en')('outbox.retried', { id: 12345 })).toBe('Message #12345 queued again.')
  })
})
