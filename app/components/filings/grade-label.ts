import { useCallback, useMemo } from 'react'
import { gradeLabel, type Grade, type GradeLabels } from '~/domain/grades'
import type { SelectOption } from '~/components/ui/options-select'
import { useLocale } from '~/i18n/use-t'

/**
 * A stored grade by its label in the reader's language, from the scale the page's loader sent
 * (allGrades(), inactive grades included); '—' for none, the code for one the scale lacks.
 */
export function useGradeLabel(grades: readonly GradeLabels[]) {
  const locale = useLocale()
  return useCallback((code: string | null | undefined) => (code ? gradeLabel(grades, code, locale) : '—'), [grades, locale])
}

/** The grades a reviewer may give now (the scale's active ones) as [code, label] options for a select. */
export function useActiveGradeOptions(grades: readonly Grade[]): SelectOption[] {
  const label = useGradeLabel(grades)
  return useMemo(() => grades.filter((g) => g.active).map((g) => [g.code, label(g.code)] as const), [grades, label])
}
