import { describe, expect, test } from 'vitest'
import { translator } from '~/i18n'
import { quantityText } from '~/models/request-queue-params'

// English counts agree with their number (issue 19 found "1 scenarios"); Chinese has one form.

describe('plural forms', () => {
  const en = translator('en')
  const zh = translator('zh')

  test('a quantity of one reads in the singular, any other in the plural', () => {
    expect(quantityText(1, 'scenarios', en)).toBe('1 scenario')
    expect(quantityText(3, 'scenarios', en)).toBe('3 scenarios')
    expect(quantityText(0, 'datasets', en)).toBe('0 datasets')
    expect(quantityText(1, 'people', en)).toBe('1 person')
    expect(quantityText(1.5, 'sessions', en)).toBe('1.5 sessions')
    expect(quantityText(1, 'scenarios', zh)).toBe('1 个场景')
  })

  test('without a number a unit reads in the plural, as a column or option label', () => {
    expect(en('requests.unit.scenarios')).toBe('scenarios')
  })
})
