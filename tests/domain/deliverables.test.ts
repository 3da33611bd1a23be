import { describe, expect, test } from 'vitest'
import {
  checkDeliverableInput,
  noYearMessage,
  placeInValidityYear,
  validityYearFor,
  type DeliverableRawInput,
  type PeriodSpan,
  type YearPlacement,
} from '~/domain/deliverables'

// Period 1 from 2024-03-15: year 1 is 2024-03-15..2025-03-14, year 2 is 2025-03-15..2026-03-14.
const first: PeriodSpan = { id: 11, sequence: 1, startDate: '2024-03-15', endDate: '2026-03-14' }
// Renewed without a gap: period 2 starts the day after period 1 ends.
const renewal: PeriodSpan = { id: 12, sequence: 2, startDate: '2026-03-15', endDate: '2028-03-14' }
// Renewed after a gap: a period 2 starting later.
const late: PeriodSpan = { id: 13, sequence: 2, startDate: '2026-06-01', endDate: '2028-05-31' }
// Certified on 29 February: year 1 ends on 28 February 2025, year 2 starts on 1 March 2025.
const leap: PeriodSpan = { id: 21, sequence: 1, startDate: '2024-02-29', endDate: '2026-02-28' }

describe('the validity year a deliverable counts for', () => {
  test.each([
    ['2024-03-15', [first], { periodId: 11, sequence: 1, validityYear: 1 }, 'the first day of year 1'],
    ['2025-03-14', [first], { periodId: 11, sequence: 1, validityYear: 1 }, 'the last day of year 1'],
    ['2025-03-15', [first], { periodId: 11, sequence: 1, validityYear: 2 }, 'the first day of year 2'],
    ['2026-03-14', [first], { periodId: 11, sequence: 1, validityYear: 2 }, 'the last day of year 2, the period’s last day'],
    ['2026-03-14', [first, renewal], { periodId: 11, sequence: 1, validityYear: 2 }, 'the last day before a renewal stays in period 1'],
    ['2026-03-15', [first, renewal], { periodId: 12, sequence: 2, validityYear: 1 }, 'the first day of the renewal is period 2, year 1'],
    ['2027-03-15', [renewal, first], { periodId: 12, sequence: 2, validityYear: 2 }, 'periods given out of order still place by date'],
    ['2024-02-29', [leap], { periodId: 21, sequence: 1, validityYear: 1 }, 'a 29 February start day is year 1'],
    [
      '2025-02-28',
      [leap],
      { periodId: 21, sequence: 1, validityYear: 1 },
      '28 February after a 29 February start is the last day of year 1',
    ],
    ['2025-03-01', [leap], { periodId: 21, sequence: 1, validityYear: 2 }, '1 March after a 29 February start begins year 2'],
    ['2026-02-28', [leap], { periodId: 21, sequence: 1, validityYear: 2 }, 'the last day of a 29 February period is year 2'],
  ])('completed %s → %o (%s)', (completedOn, periods, expected) => {
    expect(validityYearFor(periods, completedOn)).toEqual(expected)
    expect(placeInValidityYear(periods, completedOn)).toEqual({ ok: true, ...expected })
  })

  test.each<[string, PeriodSpan[], Omit<Extract<YearPlacement, { ok: false }>, 'ok'>, string]>([
    [
      '2024-03-14',
      [first],
      { reason: 'before_first_period', previousEnd: null, nextStart: '2024-03-15' },
      'the day before the period starts',
    ],
    ['2026-03-15', [first], { reason: 'after_last_period', previousEnd: '2026-03-14', nextStart: null }, 'the day after the period ends'],
    [
      '2026-03-01',
      [leap],
      { reason: 'after_last_period', previousEnd: '2026-02-28', nextStart: null },
      '1 March after a 29 February period',
    ],
    [
      '2026-03-15',
      [first, late],
      { reason: 'between_periods', previousEnd: '2026-03-14', nextStart: '2026-06-01' },
      'the first day of a gap',
    ],
    [
      '2026-05-31',
      [first, late],
      { reason: 'between_periods', previousEnd: '2026-03-14', nextStart: '2026-06-01' },
      'the last day of a gap',
    ],
    ['2025-01-01', [], { reason: 'no_period', previousEnd: null, nextStart: null }, 'a lab without a period'],
  ])('completed %s counts for no year: %o (%s)', (completedOn, periods, expected) => {
    expect(validityYearFor(periods, completedOn)).toBeNull()
    expect(placeInValidityYear(periods, completedOn)).toEqual({ ok: false, ...expected })
  })

  test('the gap’s edges are the periods on either side', () => {
    expect(validityYearFor([first, late], '2026-06-01')).toEqual({ periodId: 13, sequence: 2, validityYear: 1 })
  })

  test('the reason reaches the lab as a message with the dates around it', () => {
    const placed = placeInValidityYear([first, late], '2026-04-01')
    if (placed.ok) throw new Error('expected no year')
    expect(noYearMessage(placed)).toEqual({
      key: 'deliverables.noYear.between_periods',
      vars: { previousEnd: '2026-03-14', nextStart: '2026-06-01' },
    })
  })
})

describe('checking a deliverable as filed', () => {
  const today = '2025-06-15'
  const valid: DeliverableRawInput = {
    type: 'project',
    forms: ['product', 'scenario'],
    title: '  城市运行数据中台  ',
    summary: '面向城市运行的多源数据融合平台。',
    completedOn: '2025-05-20',
    transferStatus: 'transferred',
    transferPartner: '苏州某科技有限公司',
    transferValue: '120.5',
  }
  const check = (changes: Partial<DeliverableRawInput>) => checkDeliverableInput({ ...valid, ...changes }, { today, periods: [first] })
  const errorsOf = (changes: Partial<DeliverableRawInput>) => {
    const r = check(changes)
    return r.ok ? {} : r.errors
  }

  test('a complete filing passes, trimmed, its forms in the catalogue’s order, with its year', () => {
    const r = check({})
    expect(r).toEqual({
      ok: true,
      year: { periodId: 11, sequence: 1, validityYear: 2 },
      input: {
        type: 'project',
        forms: ['scenario', 'product'],
        title: '城市运行数据中台',
        summary: '面向城市运行的多源数据融合平台。',
        completedOn: '2025-05-20',
        transferStatus: 'transferred',
        transferPartner: '苏州某科技有限公司',
        transferValueYuan: 1_205_000,
      },
    })
  })

  test('a form ticked twice is kept once', () => {
    const r = check({ forms: ['data', 'data'] })
    expect(r.ok && r.input.forms).toEqual(['data'])
  })

  test('completion today is accepted; tomorrow is in the future', () => {
    expect(check({ completedOn: today }).ok).toBe(true)
    expect(errorsOf({ completedOn: '2025-06-16' })).toEqual({
      completedOn: { key: 'deliverables.error.completedInFuture', vars: { today } },
    })
  })

  test.each([
    ['', 'form.required'],
    ['2025-02-30', 'form.invalidDate'],
    ['15/05/2025', 'form.invalidDate'],
  ])('completion date %j → %s', (completedOn, key) => {
    expect(errorsOf({ completedOn }).completedOn?.key).toBe(key)
  })

  test('a completion before the lab’s first period is refused with the reason', () => {
    expect(errorsOf({ completedOn: '2024-03-14' }).completedOn).toEqual({
      key: 'deliverables.noYear.before_first_period',
      vars: { previousEnd: '', nextStart: '2024-03-15' },
    })
  })

  test('at least one form, and only forms from the catalogue', () => {
    expect(errorsOf({ forms: [] }).forms).toEqual({ key: 'deliverables.error.formsRequired' })
    expect(errorsOf({ forms: ['', ' '] }).forms).toEqual({ key: 'deliverables.error.formsRequired' })
    expect(errorsOf({ forms: ['data', 'poem'] }).forms).toEqual({ key: 'form.invalidChoice' })
  })

  test('the type is one of report, project, case', () => {
    expect(errorsOf({ type: '' }).type).toEqual({ key: 'form.required' })
    expect(errorsOf({ type: 'book' }).type).toEqual({ key: 'form.invalidChoice' })
    expect(check({ type: 'case' }).ok).toBe(true)
  })

  test('the title and summary are required and bounded', () => {
    expect(errorsOf({ title: '   ' }).title).toEqual({ key: 'form.required' })
    expect(errorsOf({ summary: '' }).summary).toEqual({ key: 'form.required' })
    expect(errorsOf({ title: '题'.repeat(201) }).title).toEqual({ key: 'form.tooLong', vars: { max: 200 } })
    expect(check({ title: '题'.repeat(200) }).ok).toBe(true)
    expect(errorsOf({ summary: '文'.repeat(4001) }).summary).toEqual({ key: 'form.tooLong', vars: { max: 4000 } })
  })

  test('a transferred outcome needs its partner and its value', () => {
    expect(errorsOf({ transferPartner: ' ', transferValue: '' })).toEqual({
      transferPartner: { key: 'deliverables.error.partnerRequired' },
      transferValue: { key: 'deliverables.error.valueRequired' },
    })
  })

  test.each([
    ['0', 0],
    ['0.0001', 1],
    ['0.1', 1_000],
    ['0.3', 3_000],
    ['1234.5678', 12_345_678],
    ['1000000', 10_000_000_000],
  ])('a transfer value of %s 万元 is kept as %i whole yuan', (transferValue, stored) => {
    const r = check({ transferValue })
    expect(r.ok && r.input.transferValueYuan).toBe(stored)
  })

  test.each([
    ['-1', 'deliverables.error.valueNegative'],
    ['- 3', 'deliverables.error.valueNegative'],
    ['abc', 'deliverables.error.valueFormat'],
    ['1e3', 'deliverables.error.valueFormat'],
    ['1.23456', 'deliverables.error.valueFormat'],
    ['1,000', 'deliverables.error.valueFormat'],
    ['1000000.01', 'deliverables.error.valueTooLarge'],
    ['12345678', 'deliverables.error.valueTooLarge'],
  ])('a transfer value of %j is refused (%s)', (transferValue, key) => {
    expect(errorsOf({ transferValue }).transferValue?.key).toBe(key)
  })

  test('an outcome in transfer may leave partner and value open', () => {
    const r = check({ transferStatus: 'in_progress', transferPartner: '', transferValue: '' })
    expect(r.ok && r.input).toMatchObject({ transferStatus: 'in_progress', transferPartner: '', transferValueYuan: null })
  })

  test('an outcome not transferred keeps no partner or value, even when some were typed', () => {
    const r = check({ transferStatus: 'none', transferValue: '-5' })
    expect(r.ok && r.input).toMatchObject({ transferStatus: 'none', transferPartner: '', transferValueYuan: null })
  })

  test('a missing transfer status means not transferred; an unknown one is refused', () => {
    const r = check({ transferStatus: undefined })
    expect(r.ok && r.input.transferStatus).toBe('none')
    expect(errorsOf({ transferStatus: 'sold' }).transferStatus).toEqual({ key: 'form.invalidChoice' })
  })

  test('every problem is reported at once', () => {
    const errors = errorsOf({ type: '', forms: [], title: '', summary: '', completedOn: '', transferPartner: '', transferValue: '' })
    expect(Object.keys(errors).sort()).toEqual(['completedOn', 'forms', 'summary', 'title', 'transferPartner', 'transferValue', 'type'])
  })
})
