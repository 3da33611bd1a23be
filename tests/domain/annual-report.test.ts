import { describe, expect, test } from 'vitest'
import {
  canStartReport,
  canSubmitReport,
  checkReportForm,
  compactReportForm,
  EMPTY_CONTENT,
  formatWan,
  fundingTotals,
  isReportFiled,
  missingForSubmit,
  parseReportContent,
  parseRosterSnapshot,
  reportDaysOverdue,
  reportFormValues,
  reportOpensOn,
  REQUIRED_TO_SUBMIT,
  rosterChanges,
  sectionsWithErrors,
  sumAmountTexts,
  takeRosterSnapshot,
  type ReportContent,
  type SnapshotMember,
} from '~/domain/annual-report'

// A report with every section written: the starting point the tests take parts away from.
const COMPLETE: Record<string, string> = {
  'progress.summary': '按规划推进',
  'progress.targets.0.target': '发布数据集',
  'progress.targets.0.planned': '2 个',
  'progress.targets.0.achieved': '3 个',
  teamChanges: '新增两名工程师',
  security: '修订应急预案一次，演练一次，无安全事件',
  'resources.requested': '',
  'resources.received': '',
  'funding.income.0.source': '市级专项',
  'funding.income.0.amount': '50',
  'funding.expenditure.0.item': '设备购置',
  'funding.expenditure.0.amount': '30.5',
  typicalCases: '城市交通治理案例',
  nextYearPlan: '扩大应用场景',
}

const without = (...keys: string[]) => Object.fromEntries(Object.entries(COMPLETE).filter(([k]) => !keys.includes(k)))
const errorKeys = (r: ReturnType<typeof checkReportForm>) =>
  r.ok ? {} : Object.fromEntries(Object.entries(r.errors).map(([k, v]) => [k, v!.key]))

describe('reading stored content', () => {
  test('the demo seed’s shape is read with its key names, progress as plain text', () => {
    const content = parseReportContent({
      progress: '完成了年度目标',
      nextYearPlan: '继续推进',
      typicalCases: '案例一',
      teamChanges: '无变化',
      funding: { income: [{ source: '自筹', amount: 120 }], expenditure: [{ item: '人员', amount: '80.25' }] },
    })
    expect(content).toEqual({
      ...EMPTY_CONTENT,
      progress: { summary: '完成了年度目标', targets: [], declared: {} },
      nextYearPlan: '继续推进',
      typicalCases: '案例一',
      teamChanges: '无变化',
      funding: { income: [{ source: '自筹', amount: 120 }], expenditure: [{ item: '人员', amount: 80.25 }] },
    })
  })

  test('anything unreadable becomes empty rather than failing', () => {
    for (const raw of [null, undefined, 'text', 42, [], { progress: 7, funding: 'x', security: ['a'] }]) {
      expect(parseReportContent(raw)).toEqual(EMPTY_CONTENT)
    }
  })

  test('partial rows keep what they have; a bad or negative amount is left empty', () => {
    const content = parseReportContent({
      progress: { summary: 's', targets: [{ target: 't' }, null] },
      funding: {
        income: [
          { source: 'a', amount: -3 },
          { name: 'b', value: '1.5' },
          { source: 'c', amount: 'abc' },
        ],
      },
    })
    expect(content.progress.targets).toEqual([
      { target: 't', planned: '', achieved: '' },
      { target: '', planned: '', achieved: '' },
    ])
    expect(content.funding.income).toEqual([
      { source: 'a', amount: null },
      { source: 'b', amount: 1.5 },
      { source: 'c', amount: null },
    ])
  })

  test('stored content and its form fields go round the trip unchanged', () => {
    const checked = checkReportForm(COMPLETE, { complete: true })
    expect(checked.ok).toBe(true)
    const content = (checked as { content: ReportContent }).content
    expect(parseReportContent(JSON.parse(JSON.stringify(content)))).toEqual(content)
    expect(checkReportForm(reportFormValues(content), { complete: true })).toEqual(checked)
  })
})

describe('saving a draft', () => {
  test('an empty draft is valid', () => {
    expect(checkReportForm({}, { complete: false })).toEqual({ ok: true, content: EMPTY_CONTENT })
  })

  test('what a draft holds must be well-formed: an amount that is not one is refused even in a draft', () => {
    const r = checkReportForm({ 'funding.income.0.source': '专项', 'funding.income.0.amount': '12万' }, { complete: false })
    expect(errorKeys(r)).toEqual({ 'funding.income.0.amount': 'reports.error.amountFormat' })
    expect(errorKeys(checkReportForm({ 'funding.expenditure.0.amount': '-1' }, { complete: false }))).toEqual({
      'funding.expenditure.0.amount': 'reports.error.amountFormat',
    })
    expect(errorKeys(checkReportForm({ 'funding.expenditure.0.amount': '1000000.0001' }, { complete: false }))).toEqual({
      'funding.expenditure.0.amount': 'reports.error.amountTooLarge',
    })
    expect(checkReportForm({ 'funding.expenditure.0.amount': '1000000' }, { complete: false }).ok).toBe(true)
  })

  test('a started row may be incomplete in a draft', () => {
    const r = checkReportForm({ 'funding.income.0.source': '专项' }, { complete: false })
    expect(r).toMatchObject({ ok: true, content: { funding: { income: [{ source: '专项', amount: null }] } } })
  })

  test('text over the limit is refused with the limit', () => {
    const r = checkReportForm({ security: 'x'.repeat(10_001) }, { complete: false })
    expect(r).toEqual({ ok: false, errors: { security: { key: 'form.tooLong', vars: { max: 10_000 } } } })
  })

  test('blank rows are dropped and the rest renumbered, so errors name the row as saved', () => {
    const values = {
      'funding.income.0.source': '',
      'funding.income.0.amount': ' ',
      'funding.income.1.source': 'b',
      'funding.income.1.amount': 'x',
    }
    expect(errorKeys(checkReportForm(values, { complete: false }))).toEqual({ 'funding.income.0.amount': 'reports.error.amountFormat' })
    expect(compactReportForm(values)).toMatchObject({ 'funding.income.0.source': 'b', 'funding.income.0.amount': 'x' })
    expect(compactReportForm(values)['funding.income.1.source']).toBeUndefined()
  })
})

describe('submitting', () => {
  test('a complete report passes; resources may be left empty', () => {
    expect(checkReportForm(COMPLETE, { complete: true }).ok).toBe(true)
    expect(REQUIRED_TO_SUBMIT).not.toContain('resources')
  })

  test('each required text section missing is named by its field', () => {
    for (const field of ['progress.summary', 'teamChanges', 'security', 'typicalCases', 'nextYearPlan']) {
      expect(errorKeys(checkReportForm(without(field), { complete: true }))).toEqual({ [field]: 'reports.error.sectionRequired' })
      // whitespace is not content
      expect(errorKeys(checkReportForm({ ...COMPLETE, [field]: '  \n ' }, { complete: true }))).toEqual({
        [field]: 'reports.error.sectionRequired',
      })
    }
  })

  test('the targets and both funding tables need a row; started rows must be complete', () => {
    const noRows = without(
      'progress.targets.0.target',
      'progress.targets.0.planned',
      'progress.targets.0.achieved',
      'funding.income.0.source',
      'funding.income.0.amount',
      'funding.expenditure.0.item',
      'funding.expenditure.0.amount',
    )
    expect(errorKeys(checkReportForm(noRows, { complete: true }))).toEqual({
      'progress.targets': 'reports.error.targetsRequired',
      'funding.income': 'reports.error.incomeRequired',
      'funding.expenditure': 'reports.error.expenditureRequired',
    })
    const partial = { ...COMPLETE, 'progress.targets.0.achieved': '', 'funding.expenditure.0.amount': '' }
    expect(errorKeys(checkReportForm(partial, { complete: true }))).toEqual({
      'progress.targets.0.achieved': 'reports.error.sectionRequired',
      'funding.expenditure.0.amount': 'reports.error.amountRequired',
    })
  })

  test('what is malformed and what is missing are reported together', () => {
    const r = checkReportForm({ ...without('nextYearPlan'), 'funding.income.0.amount': '五十' }, { complete: true })
    expect(errorKeys(r)).toEqual({ nextYearPlan: 'reports.error.sectionRequired', 'funding.income.0.amount': 'reports.error.amountFormat' })
  })

  test('an empty report lacks exactly the required sections', () => {
    const errors = missingForSubmit(EMPTY_CONTENT)
    expect(sectionsWithErrors(errors)).toEqual(REQUIRED_TO_SUBMIT)
  })
})

describe('funding totals', () => {
  test('totals add in yuan, so decimals of 万元 do not drift', () => {
    const totals = fundingTotals({
      income: [
        { source: 'a', amount: 0.1 },
        { source: 'b', amount: 0.2 },
        { source: 'c', amount: null },
      ],
      expenditure: [{ item: 'x', amount: 0.3 }],
    })
    expect(totals).toEqual({ income: 0.3, expenditure: 0.3, balance: 0 })
  })

  test('a deficit is a negative balance', () => {
    expect(fundingTotals({ income: [{ source: 'a', amount: 10 }], expenditure: [{ item: 'x', amount: 12.5 }] }).balance).toBe(-2.5)
    expect(fundingTotals({ income: [], expenditure: [] })).toEqual({ income: 0, expenditure: 0, balance: 0 })
  })

  test('the form’s live total ignores what is not an amount yet', () => {
    expect(sumAmountTexts(['1.1', '2.2', 'abc', '', ' 0.0001 '])).toBe(3.3001)
  })

  test('amounts show up to four decimals without trailing zeros', () => {
    expect([formatWan(12), formatWan(12.5), formatWan(0.30000000000000004), formatWan(1.23456), formatWan(null)]).toEqual([
      '12',
      '12.5',
      '0.3',
      '1.2346',
      '—',
    ])
  })
})

describe('which year may be reported when', () => {
  test.each([
    // year end, today, may start, may submit
    ['2026-05-31', '2026-04-30', false, false],
    ['2026-05-31', '2026-05-01', true, false], // exactly 30 days before the end
    ['2026-05-31', '2026-05-31', true, false], // the last day of the year: drafting only
    ['2026-05-31', '2026-06-01', true, true],
    ['2026-05-31', '2027-09-01', true, true], // long overdue is still filed
    ['2025-02-28', '2025-01-28', false, false], // a year ending on 28 February opens on 29 January
    ['2025-02-28', '2025-01-29', true, false],
    ['2028-02-28', '2028-01-29', true, false], // leap year: 30 days before 28 February 2028
    ['2028-02-28', '2028-02-29', true, true],
  ])('a year ending %s on %s: start %s, submit %s', (yearEnd, today, start, submit) => {
    expect(canStartReport({ yearEnd, today })).toBe(start)
    expect(canSubmitReport({ yearEnd, today })).toBe(submit)
  })

  test('the opening day is 30 days before the end', () => {
    expect(reportOpensOn('2026-05-31')).toBe('2026-05-01')
    expect(reportOpensOn('2025-03-14')).toBe('2025-02-12')
  })

  test('submitted, returned and accepted reports count as filed; a draft does not', () => {
    expect((['draft', 'submitted', 'returned', 'accepted', 'superseded'] as const).map(isReportFiled)).toEqual([
      false,
      true,
      true,
      true,
      false,
    ])
    expect(isReportFiled(null)).toBe(false)
  })

  test('overdue from the day after the due date, unless filed', () => {
    expect(reportDaysOverdue({ dueDate: '2026-07-01', status: null, today: '2026-07-01' })).toBeNull()
    expect(reportDaysOverdue({ dueDate: '2026-07-01', status: null, today: '2026-07-02' })).toBe(1)
    expect(reportDaysOverdue({ dueDate: '2026-07-01', status: 'draft', today: '2026-08-01' })).toBe(31)
    expect(reportDaysOverdue({ dueDate: '2026-07-01', status: 'returned', today: '2026-08-01' })).toBeNull()
  })
})

describe('the roster snapshot', () => {
  const member = (id: number, over: Partial<SnapshotMember> = {}): SnapshotMember => ({
    id,
    name: `成员${id}`,
    titleLevel: 'intermediate',
    degree: 'bachelor',
    role: 'researcher',
    active: true,
    ...over,
  })

  test('the thresholds are computed from the roster at the time', () => {
    const members = [
      ...Array.from({ length: 14 }, (_, i) => member(i + 1)),
      member(15, { degree: 'master' }),
      member(16, { active: false, degree: 'doctorate' }),
    ]
    const snap = takeRosterSnapshot(members, '2026-06-10')
    expect(snap.thresholds).toMatchObject({ headcount: 15, qualifiedCount: 1, meetsHeadcount: true, meetsQualified: false })
    // read back from JSON, the thresholds are recomputed rather than trusted
    const stored = JSON.parse(JSON.stringify({ ...snap, thresholds: { headcount: 99 } }))
    expect(parseRosterSnapshot(stored)).toEqual(snap)
    expect(parseRosterSnapshot(null)).toBeNull()
    expect(parseRosterSnapshot({ members: 'x' })).toBeNull()
  })

  test('changes since the previous snapshot: who joined and who left, by roster id', () => {
    const before = takeRosterSnapshot([member(1), member(2), member(3, { active: false })], '2025-06-10')
    const after = takeRosterSnapshot([member(1, { name: '改名' }), member(2, { active: false }), member(4)], '2026-06-10')
    expect(rosterChanges(before, after)).toEqual({ joined: ['成员4'], left: ['成员2'] })
    expect(rosterChanges(null, after)).toBeNull()
  })
})

describe('declared figures (issue 16, part 3)', () => {
  // the period's plan asks the report for people trained and a custom money indicator
  const declaredLines = [
    { field: 'people_trained', unit: 'people' as const },
    { field: 'c4', unit: 'yuan' as const },
  ]
  const withDeclared = (values: Record<string, string>) => ({ ...COMPLETE, ...values })

  test('counts are whole numbers and money is typed in 万元 and kept as whole yuan, exactly', () => {
    const r = checkReportForm(withDeclared({ 'progress.declared.people_trained': ' 12 ', 'progress.declared.c4': '0.3' }), {
      complete: true,
      declaredLines,
    })
    expect(r.ok && r.content.progress.declared).toEqual({ people_trained: 12, c4: 3000 })
  })

  test('an empty input states nothing; a draft may leave them all empty', () => {
    const r = checkReportForm(withDeclared({ 'progress.declared.people_trained': '', 'progress.declared.c4': '  ' }), {
      complete: false,
      declaredLines,
    })
    expect(r.ok && r.content.progress.declared).toEqual({})
  })

  test('bad figures get their field’s message, together with what else is missing', () => {
    const r = checkReportForm(
      {
        ...without('teamChanges'),
        'progress.declared.people_trained': '3.5',
        'progress.declared.c4': '-1',
      },
      { complete: true, declaredLines },
    )
    expect(errorKeys(r)).toEqual({
      teamChanges: 'reports.error.sectionRequired',
      'progress.declared.people_trained': 'indicators.error.count',
      'progress.declared.c4': 'indicators.error.money',
    })
    expect(sectionsWithErrors(r.ok ? {} : r.errors)).toEqual(['progress', 'teamChanges'])
  })

  test('too large a figure says the limit; a field the plan does not ask for is refused', () => {
    const r = checkReportForm(withDeclared({ 'progress.declared.people_trained': '99999999', 'progress.declared.papers': '3' }), {
      complete: false,
      declaredLines,
    })
    expect(r.ok ? {} : r.errors).toEqual({
      'progress.declared.people_trained': { key: 'indicators.error.tooLarge', vars: { max: 1_000_000 } },
      'progress.declared.papers': { key: 'reports.error.declaredUnknown' },
    })
  })

  test('stored figures come back in the form as typed (money in 万元), and the echo keeps them', () => {
    const content = parseReportContent({
      progress: { summary: 's', declared: { people_trained: 12, c4: 125_000, c9: 1, bad: -1, odd: 1.5 } },
    })
    expect(content.progress.declared).toEqual({ people_trained: 12, c4: 125_000, c9: 1 })
    const values = reportFormValues(content, declaredLines)
    expect(values['progress.declared.people_trained']).toBe('12')
    expect(values['progress.declared.c4']).toBe('12.5')
    // a line the plan no longer asks for is not put back in the form
    expect(values['progress.declared.c9']).toBeUndefined()
    expect(compactReportForm({ ...values, 'progress.declared.c4': '7x' })['progress.declared.c4']).toBe('7x')
  })
})
