// 评定等级: the grade scale the bureau gives accepted filings (issue 4: "accept with a grade from a
// configurable set"). Pure: app/models/grades.server.ts reads the scale and writes what
// planGradeEdit returns; app/models/filing-steps.server.ts accepts only an active code.
//
// Filings store a grade's code, so a code never changes and is never given to another grade; a
// grade is never deleted, only deactivated, so an old filing still shows its label.
import type { Locale } from '~db/schema/enums'
import type { MessageKey } from '~/i18n'

export type Grade = { code: string; labelZh: string; labelEn: string; position: number; active: boolean }
export type GradeLabels = Pick<Grade, 'code' | 'labelZh' | 'labelEn'>

// The set every installation starts with (the migration db/migrations/0004_grades.sql seeds
// exactly these rows); filings graded before the set was configurable store these codes.
export const DEFAULT_GRADES: readonly GradeLabels[] = [
  { code: 'excellent', labelZh: '优秀', labelEn: 'Excellent' },
  { code: 'good', labelZh: '良好', labelEn: 'Good' },
  { code: 'pass', labelZh: '合格', labelEn: 'Pass' },
  { code: 'fail', labelZh: '不合格', labelEn: 'Fail' },
]

// a label fits a select option and a table cell
export const GRADE_LABEL_MAX = 20

/** A grade in the reader's language; a code the scale does not know, as stored. */
export function gradeLabel(scale: readonly GradeLabels[], code: string, locale: Locale): string {
  const grade = scale.find((g) => g.code === code)
  if (!grade) return code
  return (locale === 'en' ? grade.labelEn : grade.labelZh) || code
}

/** Whether a posted grade is one the bureau gives now (`allowed`: the active codes). */
export const isAllowedGrade = (grade: string, allowed: readonly string[]): boolean => allowed.includes(grade)

/**
 * The code of a new grade: 'g' and a number no grade has used. Codes are never deleted, so a
 * number past every grade there is was never given before.
 */
export function newGradeCode(codes: readonly string[]): string {
  let n = codes.length + 1
  while (codes.includes(`g${n}`)) n++
  return `g${n}`
}

export type GradeChange =
  | { kind: 'rename'; labelZh: string; labelEn: string }
  | { kind: 'move'; direction: 'up' | 'down' }
  | { kind: 'deactivate' }
  | { kind: 'reactivate' }

export type GradeEdit = { kind: 'add'; labelZh: string; labelEn: string } | ({ code: string } & GradeChange)

type GradeField = 'labelZh' | 'labelEn' | '_form'
export type GradeErrors = Partial<Record<GradeField, { key: MessageKey; vars?: Record<string, string | number> }>>

/** One row the edit writes: `before` is null for a new grade. */
export type GradeWrite = { before: Grade | null; after: Grade }

export type GradePlan =
  | { ok: true; code: string; writes: GradeWrite[] }
  | { ok: false; error: 'not_found' }
  | { ok: false; error: 'invalid'; errors: GradeErrors }

const length = (s: string) => Array.from(s).length
// English labels compare without case: 'Good' and 'good' would read as one grade
const sameLabel = (field: 'labelZh' | 'labelEn', a: string, b: string) =>
  field === 'labelEn' ? a.toLowerCase() === b.toLowerCase() : a === b

/** Both labels present and short enough, each unique among the other active grades. */
function checkLabels(labels: { labelZh: string; labelEn: string }, others: readonly Grade[]): GradeErrors {
  const errors: GradeErrors = {}
  for (const field of ['labelZh', 'labelEn'] as const) {
    const value = labels[field]
    if (!value) errors[field] = { key: 'grades.error.labelRequired' }
    else if (length(value) > GRADE_LABEL_MAX) errors[field] = { key: 'form.tooLong', vars: { max: GRADE_LABEL_MAX } }
    else if (others.some((g) => g.active && sameLabel(field, g[field], value))) errors[field] = { key: 'grades.error.duplicate' }
  }
  return errors
}

/** The scale in the order the forms offer it, best first. */
export const orderedGrades = <G extends Pick<Grade, 'position' | 'code'>>(scale: readonly G[]): G[] =>
  [...scale].sort((a, b) => a.position - b.position || a.code.localeCompare(b.code))

/**
 * What one edit of the scale writes, or why it may not: labels are required (at most
 * GRADE_LABEL_MAX characters in each language) and unique among active grades; at least one grade
 * stays active; a new grade gets a fresh code and goes last. An edit that changes nothing writes
 * nothing. Labels are trimmed here.
 */
export function planGradeEdit(scale: readonly Grade[], edit: GradeEdit): GradePlan {
  const invalid = (errors: GradeErrors): GradePlan => ({ ok: false, error: 'invalid', errors })
  if (edit.kind === 'add') {
    const labels = { labelZh: edit.labelZh.trim(), labelEn: edit.labelEn.trim() }
    const errors = checkLabels(labels, scale)
    if (Object.keys(errors).length) return invalid(errors)
    const code = newGradeCode(scale.map((g) => g.code))
    const position = Math.max(0, ...scale.map((g) => g.position)) + 1
    return { ok: true, code, writes: [{ before: null, after: { code, ...labels, position, active: true } }] }
  }

  const grade = scale.find((g) => g.code === edit.code)
  if (!grade) return { ok: false, error: 'not_found' }
  const others = scale.filter((g) => g.code !== grade.code)
  const one = (after: Grade): GradePlan => ({
    ok: true,
    code: grade.code,
    writes:
      after.labelZh === grade.labelZh && after.labelEn === grade.labelEn && after.active === grade.active ? [] : [{ before: grade, after }],
  })
  switch (edit.kind) {
    case 'rename': {
      const labels = { labelZh: edit.labelZh.trim(), labelEn: edit.labelEn.trim() }
      // an inactive grade may keep a label an active one has taken; reactivating it is refused then
      const errors = checkLabels(labels, grade.active ? others : [])
      return Object.keys(errors).length ? invalid(errors) : one({ ...grade, ...labels })
    }
    case 'deactivate':
      if (grade.active && !others.some((g) => g.active)) return invalid({ _form: { key: 'grades.error.lastActive' } })
      return one({ ...grade, active: false })
    case 'reactivate': {
      if (grade.active) return one(grade)
      const taken = others.some(
        (g) => g.active && (sameLabel('labelZh', g.labelZh, grade.labelZh) || sameLabel('labelEn', g.labelEn, grade.labelEn)),
      )
      if (taken) return invalid({ _form: { key: 'grades.error.reactivateDuplicate', vars: { zh: grade.labelZh, en: grade.labelEn } } })
      return one({ ...grade, active: true })
    }
    case 'move': {
      // renumber the whole scale 1..n after the swap, so positions stay distinct whatever they were
      const ordered = orderedGrades(scale)
      const at = ordered.findIndex((g) => g.code === grade.code)
      const to = edit.direction === 'up' ? at - 1 : at + 1
      if (to >= 0 && to < ordered.length) [ordered[at], ordered[to]] = [ordered[to], ordered[at]]
      const writes = ordered.flatMap((g, i) => (g.position === i + 1 ? [] : [{ before: g, after: { ...g, position: i + 1 } }]))
      return { ok: true, code: grade.code, writes }
    }
  }
}
