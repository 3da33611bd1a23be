import { describe, expect, test } from 'vitest'
import { FILING_KINDS, FILING_STATUSES, type FilingAction, type FilingKind, type FilingStatus } from '~db/schema/enums'
import {
  availableSteps,
  canEditFiling,
  checkStep,
  FILING_STEPS,
  filingNoticeAudiences,
  readStepInput,
  stepChanges,
  stepNeedsComment,
  stepNeedsOpinion,
  stepNeedsGrade,
  type FilingStep,
  type StepInputRules,
} from '~/domain/filing-workflow'
import type { Actor } from '~/domain/permissions'

// The lab under review: lab 7 in 姑苏区.
const lab = { id: 7, districtCode: '320508' }

const ACTORS = {
  own_lab: { id: 1, role: 'lab', districtCode: null, labId: 7 },
  other_lab: { id: 2, role: 'lab', districtCode: null, labId: 8 },
  lab_without_lab: { id: 3, role: 'lab', districtCode: null, labId: null },
  lab_district: { id: 4, role: 'district', districtCode: '320508', labId: null },
  other_district: { id: 5, role: 'district', districtCode: '320583', labId: null },
  district_without_code: { id: 6, role: 'district', districtCode: null, labId: null },
  bureau: { id: 7, role: 'bureau', districtCode: null, labId: null },
  expert: { id: 8, role: 'expert', districtCode: null, labId: null },
} as const satisfies Record<string, Actor>
type Who = keyof typeof ACTORS

// The workflow restated independently of FILING_STEPS, so a change to the table has to
// be made here too: draft → submitted → (district opinion) → accepted | returned → resubmitted;
// an accepted deliverable is revised into a new draft version.
const SPEC: Record<FilingStep, { who: Who; from: FilingStatus; to: FilingStatus; kinds: FilingKind[] }> = {
  submit: { who: 'own_lab', from: 'draft', to: 'submitted', kinds: ['deliverable', 'annual_report'] },
  district_opinion: { who: 'lab_district', from: 'submitted', to: 'submitted', kinds: ['deliverable', 'annual_report'] },
  return: { who: 'bureau', from: 'submitted', to: 'returned', kinds: ['deliverable', 'annual_report'] },
  accept: { who: 'bureau', from: 'submitted', to: 'accepted', kinds: ['deliverable', 'annual_report'] },
  resubmit: { who: 'own_lab', from: 'returned', to: 'submitted', kinds: ['deliverable', 'annual_report'] },
  revise: { who: 'own_lab', from: 'accepted', to: 'draft', kinds: ['deliverable'] },
}

const STEPS = Object.keys(SPEC) as FilingStep[]

function expected(step: FilingStep, who: Who, status: FilingStatus, kind: FilingKind) {
  const rule = SPEC[step]
  if (!rule.kinds.includes(kind)) return { ok: false, reason: 'wrong_kind' }
  if (who !== rule.who) return { ok: false, reason: 'not_allowed_for_role' }
  if (status !== rule.from) return { ok: false, reason: 'wrong_status' }
  return { ok: true, to: rule.to }
}

const cases = STEPS.flatMap((step) =>
  (Object.keys(ACTORS) as Who[]).flatMap((who) =>
    FILING_STATUSES.flatMap((status) => FILING_KINDS.map((kind) => ({ step, who, status, kind, want: expected(step, who, status, kind) }))),
  ),
)

describe('the filing workflow table', () => {
  test('the table has exactly the issue’s steps', () => {
    expect(Object.keys(FILING_STEPS).sort()).toEqual([...STEPS].sort())
  })

  test('the matrix covers every step × actor × status × kind', () => {
    expect(cases).toHaveLength(6 * 8 * 5 * 2)
    expect(cases.filter((c) => c.want.ok)).toHaveLength(11)
  })

  test.each(cases)('$step by $who on a $status $kind → $want', ({ step, who, status, kind, want }) => {
    expect(checkStep(ACTORS[who], { kind, status, lab }, step)).toEqual(want)
  })
})

describe('what the page offers', () => {
  const offered = (who: Who, status: FilingStatus, kind: FilingKind = 'deliverable') => availableSteps(ACTORS[who], { kind, status, lab })

  test.each([
    ['own_lab', 'draft', ['submit']],
    ['own_lab', 'submitted', []],
    ['own_lab', 'returned', ['resubmit']],
    ['own_lab', 'accepted', ['revise']],
    ['own_lab', 'superseded', []],
    ['lab_district', 'submitted', ['district_opinion']],
    ['lab_district', 'draft', []],
    ['other_district', 'submitted', []],
    ['bureau', 'submitted', ['return', 'accept']],
    ['bureau', 'draft', []],
    ['bureau', 'returned', []],
    ['other_lab', 'draft', []],
    ['expert', 'submitted', []],
  ] as const)('%s on a %s deliverable is offered %j', (who, status, steps) => {
    expect(offered(who, status)).toEqual(steps)
  })

  test('an accepted annual report offers no revision', () => {
    expect(offered('own_lab', 'accepted', 'annual_report')).toEqual([])
  })

  test.each(FILING_KINDS)('only the own lab edits a %s, and only as a draft or when returned', (kind) => {
    for (const who of Object.keys(ACTORS) as Who[]) {
      for (const status of FILING_STATUSES) {
        const want = who === 'own_lab' && (status === 'draft' || status === 'returned')
        expect(canEditFiling(ACTORS[who], { kind, status, lab }), `${who} ${status}`).toBe(want)
      }
    }
  })
})

describe('what a step asks for', () => {
  test('a return needs a comment; a district opinion needs 推荐 or 不推荐; other steps neither', () => {
    expect(STEPS.filter(stepNeedsComment).sort()).toEqual(['return'])
    expect(STEPS.filter(stepNeedsOpinion)).toEqual(['district_opinion'])
  })

  test('accepting an annual report needs a grade; accepting a deliverable does not', () => {
    expect(stepNeedsGrade('accept', 'annual_report')).toBe(true)
    expect(stepNeedsGrade('accept', 'deliverable')).toBe(false)
    expect(STEPS.filter((s) => s !== 'accept').some((s) => FILING_KINDS.some((k) => stepNeedsGrade(s, k)))).toBe(false)
  })
})

describe('the comment and grade a step carries', () => {
  const rules: StepInputRules = {
    commentMax: 10,
    commentRequired: 'reports.error.commentRequired',
    gradeRequired: 'reports.error.gradeRequired',
  }
  // the bureau's active grades: 'fail' has been deactivated, 'g5' added
  const grades = ['excellent', 'good', 'pass', 'g5']

  test.each([
    { kind: 'annual_report', grade: 'good', want: { grade: 'good', errors: {} } },
    { kind: 'annual_report', grade: ' g5 ', want: { grade: 'g5', errors: {} } },
    { kind: 'annual_report', grade: '', want: { grade: null, errors: { grade: { key: 'reports.error.gradeRequired' } } } },
    { kind: 'annual_report', grade: 'fail', want: { grade: 'fail', errors: { grade: { key: 'form.invalidChoice' } } } },
    { kind: 'annual_report', grade: 'A+', want: { grade: 'A+', errors: { grade: { key: 'form.invalidChoice' } } } },
    { kind: 'deliverable', grade: '', want: { grade: null, errors: {} } },
    { kind: 'deliverable', grade: 'g5', want: { grade: 'g5', errors: {} } },
    { kind: 'deliverable', grade: 'fail', want: { grade: 'fail', errors: { grade: { key: 'form.invalidChoice' } } } },
  ] as const)('accepting a $kind with grade "$grade" against the active grades', ({ kind, grade, want }) => {
    expect(readStepInput({ kind, step: 'accept', grade, grades }, rules)).toMatchObject(want)
  })

  test('a grade sent with another step is dropped, whatever it is', () => {
    expect(readStepInput({ kind: 'annual_report', step: 'return', comment: '补充材料', grade: 'fail', grades }, rules)).toEqual({
      comment: '补充材料',
      grade: null,
      opinion: null,
      errors: {},
    })
  })

  test.each([
    { opinion: 'support', comment: '', want: { opinion: 'support', errors: {} } },
    { opinion: ' support ', comment: '材料齐全', want: { opinion: 'support', comment: '材料齐全', errors: {} } },
    { opinion: 'oppose', comment: '缺少应用证明', want: { opinion: 'oppose', errors: {} } },
    { opinion: 'oppose', comment: '  ', want: { opinion: 'oppose', errors: { comment: { key: 'filings.opinion.reasonsRequired' } } } },
    { opinion: '', comment: '同意', want: { opinion: null, errors: { opinion: { key: 'filings.opinion.required' } } } },
    { opinion: 'maybe', comment: '同意', want: { opinion: null, errors: { opinion: { key: 'form.invalidChoice' } } } },
    {
      opinion: 'support',
      comment: '过长的推荐理由说明文字',
      want: { opinion: 'support', errors: { comment: { key: 'form.tooLong', vars: { max: 10 } } } },
    },
  ] as const)('a district opinion "$opinion" with reasons "$comment"', ({ opinion, comment, want }) => {
    expect(readStepInput({ kind: 'deliverable', step: 'district_opinion', opinion, comment, grades }, rules)).toMatchObject(want)
  })

  test('an opinion sent with another step is dropped', () => {
    expect(readStepInput({ kind: 'deliverable', step: 'accept', opinion: 'oppose', grades }, rules).opinion).toBeNull()
  })

  test('with no active grades nothing can be accepted with a grade', () => {
    expect(readStepInput({ kind: 'deliverable', step: 'accept', grade: 'good', grades: [] }, rules).errors).toEqual({
      grade: { key: 'form.invalidChoice' },
    })
  })
})

describe('who is told of a step (issue 15)', () => {
  test.each<[FilingAction, boolean, string[]]>([
    ['create', true, []],
    ['submit', true, ['lab_district']],
    ['resubmit', true, ['lab_district']],
    // no office account in the lab's district: the bureau's turn at once
    ['submit', false, ['bureau']],
    ['resubmit', false, ['bureau']],
    ['district_opinion', true, ['bureau', 'own_lab']],
    ['return', true, ['own_lab']],
    ['accept', true, ['own_lab']],
    ['accept', false, ['own_lab']],
    ['revise', true, []],
  ])('%s (district office: %s) tells %j', (action, districtOffice, audiences) => {
    expect(filingNoticeAudiences(action, { districtOffice })).toEqual(audiences)
  })

  test('a resubmission clears the district opinion, so the district is asked again', () => {
    expect(stepChanges({ step: 'resubmit', to: 'submitted', grade: null, stamp: 'T' })).toMatchObject({
      districtOpinionAt: null,
      submittedAt: 'T',
    })
    expect(stepChanges({ step: 'submit', to: 'submitted', grade: null, stamp: 'T' })).not.toHaveProperty('districtOpinionAt')
  })
})
