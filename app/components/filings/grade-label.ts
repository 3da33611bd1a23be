import { useCallback } from 'react'
import { gradeLabel, type GradeLabels } from '~/domain/grades'
import { useLocale } from '~/i18n/use-t'

/**
 * A stored grade by its label in the reader's language, from the scale the page's loader sent
 * (allGrades(), inactive grades included); '—' for none, the code for one the scale lacks.
 */
export function useGradeLabel(grades: readonly GradeLabels[]) {
  const locale = useLocale()
  return useCallback((code: string | null | undefined) => (code ? gradeLabel(grades, code, locale) : '—'), [grades, locale])
}
