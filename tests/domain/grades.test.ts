import { describe, expect, test } from 'vitest'
import {
  DEFAULT_GRADES,
  GRADE_LABEL_MAX,
  gradeLabel,
  isAllowedGrade,
  newGradeCode,
  orderedGrades,
  planGradeEdit,
  type Grade,
  type GradeEdit,
} from '~/domain/grades'

// The default scale as the migration seeds it.
const DEFAULT_SCALE: Grade[] = DEFAULT_GRADES.map((g, i) => ({ ...g, position: i + 1, active: true }))
const grade = (code: string) => DEFAULT_SCALE.find((g) => g.code === code)!
const withChanges = (changes: Record<string, Partial<Grade>>, scale = DEFAULT_SCALE) => scale.map((g) => ({ ...g, ...changes[g.code] }))

describe('the default scale', () => {
  test('is 优秀, 良好, 合格, 不合格, stored as the codes filings already have', () => {
    expect(DEFAULT_GRADES.map((g) => [g.code, g.labelZh, g.labelEn])).toEqual([
      ['excellent', '优秀', 'Excellent'],
      ['good', '良好', 'Good'],
      ['pass', '合格', 'Pass'],
      ['fail', '不合格', 'Fail'],
    ])
  })
})

describe('a grade’s label', () => {
  test.each([
    { code: 'good', locale: 'zh', want: '良好' },
    { code: 'good', locale: 'en', want: 'Good' },
    { code: 'fail', locale: 'zh', want: '不合格' },
    // a code the scale does not know shows as stored
    { code: 'A+', locale: 'zh', want: 'A+' },
    { code: 'A+', locale: 'en', want: 'A+' },
  ] as const)('$code in $locale → $want', ({ code, locale, want }) => {
    expect(gradeLabel(DEFAULT_SCALE, code, locale)).toBe(want)
  })

  test('an inactive grade still has its label', () => {
    expect(gradeLabel(withChanges({ fail: { active: false } }), 'fail', 'zh')).toBe('不合格')
  })
})

describe('a posted grade', () => {
  test.each([
    { grade: 'good', allowed: ['excellent', 'good'], want: true },
    { grade: 'fail', allowed: ['excellent', 'good'], want: false },
    { grade: 'Good', allowed: ['excellent', 'good'], want: false },
    { grade: '', allowed: ['excellent', 'good'], want: false },
    { grade: 'good', allowed: [], want: false },
  ])('"$grade" among $allowed → $want', ({ grade, allowed, want }) => {
    expect(isAllowedGrade(grade, allowed)).toBe(want)
  })
})

describe('a new grade’s code', () => {
  test.each([
    { codes: [], want: 'g1' },
    { codes: ['excellent', 'good', 'pass', 'fail'], want: 'g5' },
    { codes: ['excellent', 'good', 'pass', 'fail', 'g5'], want: 'g6' },
    // a number already taken out of order is skipped, never given twice
    { codes: ['excellent', 'g5', 'g6', 'fail'], want: 'g7' },
    { codes: ['g2', 'x'], want: 'g3' },
  ])('after $codes → $want', ({ codes, want }) => {
    expect(newGradeCode(codes)).toBe(want)
    expect(codes).not.toContain(want)
  })
})

type Case = { name: string; scale?: Grade[]; edit: GradeEdit; errors: Record<string, unknown> }

describe('an edit the rules refuse', () => {
  const long = '很'.repeat(GRADE_LABEL_MAX + 1)
  const exact = '很'.repeat(GRADE_LABEL_MAX)
  const cases: Case[] = [
    {
      name: 'a new grade without names',
      edit: { kind: 'add', labelZh: '  ', labelEn: '' },
      errors: { labelZh: { key: 'grades.error.labelRequired' }, labelEn: { key: 'grades.error.labelRequired' } },
    },
    {
      name: 'a new grade without an English name',
      edit: { kind: 'add', labelZh: '基本合格', labelEn: ' ' },
      errors: { labelEn: { key: 'grades.error.labelRequired' } },
    },
    {
      name: 'a Chinese name one character too long',
      edit: { kind: 'add', labelZh: long, labelEn: 'Long' },
      errors: { labelZh: { key: 'form.tooLong', vars: { max: 20 } } },
    },
    {
      name: 'an English name one character too long',
      edit: { kind: 'add', labelZh: '长', labelEn: 'x'.repeat(21) },
      errors: { labelEn: { key: 'form.tooLong', vars: { max: 20 } } },
    },
    {
      name: 'a new grade named like an active one',
      edit: { kind: 'add', labelZh: ' 合格 ', labelEn: 'Passed' },
      errors: { labelZh: { key: 'grades.error.duplicate' } },
    },
    {
      name: 'an English name that differs only in case',
      edit: { kind: 'add', labelZh: '及格', labelEn: 'PASS' },
      errors: { labelEn: { key: 'grades.error.duplicate' } },
    },
    {
      name: 'a rename to another active grade’s name',
      edit: { kind: 'rename', code: 'good', labelZh: '优秀', labelEn: 'Good' },
      errors: { labelZh: { key: 'grades.error.duplicate' } },
    },
    {
      name: 'a rename to no name',
      edit: { kind: 'rename', code: 'good', labelZh: '', labelEn: 'Good' },
      errors: { labelZh: { key: 'grades.error.labelRequired' } },
    },
    {
      name: 'deactivating the last active grade',
      scale: withChanges({ excellent: { active: false }, good: { active: false }, pass: { active: false } }),
      edit: { kind: 'deactivate', code: 'fail' },
      errors: { _form: { key: 'grades.error.lastActive' } },
    },
    {
      name: 'reactivating a grade whose name an active grade has taken',
      scale: [...withChanges({ fail: { active: false } }), { code: 'g5', labelZh: '不合格', labelEn: 'Failed', position: 5, active: true }],
      edit: { kind: 'reactivate', code: 'fail' },
      errors: { _form: { key: 'grades.error.reactivateDuplicate', vars: { zh: '不合格', en: 'Fail' } } },
    },
  ]
  test.each(cases)('$name', ({ scale = DEFAULT_SCALE, edit, errors }) => {
    expect(planGradeEdit(scale, edit)).toEqual({ ok: false, error: 'invalid', errors })
  })

  test(`a name of exactly ${GRADE_LABEL_MAX} characters is accepted`, () => {
    expect(planGradeEdit(DEFAULT_SCALE, { kind: 'add', labelZh: exact, labelEn: 'x'.repeat(GRADE_LABEL_MAX) }).ok).toBe(true)
  })

  test.each(['rename', 'deactivate', 'reactivate'] as const)('%s of a grade that does not exist is not found', (kind) => {
    const edit = (kind === 'rename' ? { kind, code: 'nope', labelZh: 'a', labelEn: 'b' } : { kind, code: 'nope' }) as GradeEdit
    expect(planGradeEdit(DEFAULT_SCALE, edit)).toEqual({ ok: false, error: 'not_found' })
  })
})

describe('what an edit writes', () => {
  test('a new grade gets a fresh code, both names trimmed, and goes last, active', () => {
    expect(planGradeEdit(DEFAULT_SCALE, { kind: 'add', labelZh: ' 基本合格 ', labelEn: ' Basic pass ' })).toEqual({
      ok: true,
      code: 'g5',
      writes: [{ before: null, after: { code: 'g5', labelZh: '基本合格', labelEn: 'Basic pass', position: 5, active: true } }],
    })
  })

  test('a name an inactive grade had may be given to a new one', () => {
    const plan = planGradeEdit(withChanges({ fail: { active: false } }), { kind: 'add', labelZh: '不合格', labelEn: 'Fail' })
    expect(plan).toMatchObject({ ok: true, code: 'g5' })
  })

  test('a rename keeps the code and position', () => {
    expect(planGradeEdit(DEFAULT_SCALE, { kind: 'rename', code: 'pass', labelZh: '合格（达标）', labelEn: 'Pass' })).toEqual({
      ok: true,
      code: 'pass',
      writes: [{ before: grade('pass'), after: { ...grade('pass'), labelZh: '合格（达标）' } }],
    })
  })

  test('a grade may keep its own name in another case', () => {
    expect(planGradeEdit(DEFAULT_SCALE, { kind: 'rename', code: 'pass', labelZh: '合格', labelEn: 'PASS' })).toMatchObject({
      ok: true,
      writes: [{ after: { labelEn: 'PASS' } }],
    })
  })

  test('an inactive grade may be renamed to an active grade’s name (reactivating it is refused then)', () => {
    const scale = withChanges({ fail: { active: false } })
    expect(planGradeEdit(scale, { kind: 'rename', code: 'fail', labelZh: '合格', labelEn: 'Pass' })).toMatchObject({ ok: true })
  })

  test.each<{ name: string; scale?: Grade[]; edit: GradeEdit }>([
    { name: 'a rename to the same names', edit: { kind: 'rename', code: 'good', labelZh: ' 良好', labelEn: 'Good ' } },
    { name: 'deactivating an inactive grade', scale: withChanges({ fail: { active: false } }), edit: { kind: 'deactivate', code: 'fail' } },
    { name: 'reactivating an active grade', edit: { kind: 'reactivate', code: 'fail' } },
    { name: 'moving the first grade up', edit: { kind: 'move', code: 'excellent', direction: 'up' } },
    { name: 'moving the last grade down', edit: { kind: 'move', code: 'fail', direction: 'down' } },
  ])('$name writes nothing', ({ scale = DEFAULT_SCALE, edit }) => {
    expect(planGradeEdit(scale, edit)).toMatchObject({ ok: true, writes: [] })
  })

  test('deactivating and reactivating change only the flag', () => {
    const off = planGradeEdit(DEFAULT_SCALE, { kind: 'deactivate', code: 'fail' })
    expect(off).toEqual({ ok: true, code: 'fail', writes: [{ before: grade('fail'), after: { ...grade('fail'), active: false } }] })
    const scale = withChanges({ fail: { active: false } })
    expect(planGradeEdit(scale, { kind: 'reactivate', code: 'fail' })).toEqual({
      ok: true,
      code: 'fail',
      writes: [{ before: { ...grade('fail'), active: false }, after: grade('fail') }],
    })
  })

  test('the last active grade but one may be deactivated', () => {
    const scale = withChanges({ excellent: { active: false }, good: { active: false } })
    expect(planGradeEdit(scale, { kind: 'deactivate', code: 'pass' })).toMatchObject({ ok: true, writes: [{ after: { active: false } }] })
  })

  test.each([
    { code: 'good', direction: 'up', want: ['good', 'excellent', 'pass', 'fail'], written: ['good', 'excellent'] },
    { code: 'good', direction: 'down', want: ['excellent', 'pass', 'good', 'fail'], written: ['pass', 'good'] },
    { code: 'fail', direction: 'up', want: ['excellent', 'good', 'fail', 'pass'], written: ['fail', 'pass'] },
  ] as const)('moving $code $direction swaps it with its neighbour', ({ code, direction, want, written }) => {
    const plan = planGradeEdit(DEFAULT_SCALE, { kind: 'move', code, direction })
    if (!plan.ok) throw new Error('refused')
    expect(plan.writes.map((w) => w.after.code)).toEqual(written)
    const after = DEFAULT_SCALE.map((g) => plan.writes.find((w) => w.after.code === g.code)?.after ?? g)
    expect(orderedGrades(after).map((g) => g.code)).toEqual(want)
  })

  test('a move renumbers a scale whose positions have gaps or ties', () => {
    const scale = withChanges({ excellent: { position: 10 }, good: { position: 10 }, pass: { position: 30 }, fail: { position: 40 } })
    const plan = planGradeEdit(scale, { kind: 'move', code: 'fail', direction: 'up' })
    if (!plan.ok) throw new Error('refused')
    const after = scale.map((g) => plan.writes.find((w) => w.after.code === g.code)?.after ?? g)
    expect(orderedGrades(after).map((g) => [g.code, g.position])).toEqual([
      ['excellent', 1],
      ['good', 2],
      ['fail', 3],
      ['pass', 4],
    ])
  })
})
