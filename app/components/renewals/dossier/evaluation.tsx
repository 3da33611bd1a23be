import { EVALUATION_COMPONENTS } from '~/domain/evaluation'
import type { Translate } from '~/i18n'
import { useT } from '~/i18n/use-t'
import { RESULT_SCORE as SCORE, RESULT_WEIGHT as WEIGHT, type LabResult } from '~/components/evaluations/lab-results'
import { DossierSection, DossierTable } from './parts'
import type { TextTable } from './tables'

// The renewal dossier's annual evaluation section (issue 16, part 5): the lab's published results
// of the years its period touches (dossierEvaluations in app/models/evaluations.server.ts), one
// text table for the page, the print and the .xlsx alike. Kept apart from tables.ts so other
// sections can be added beside it without touching this one.

// the same rows as the lab's own evaluation page
export type DossierEvaluationRow = LabResult

export function evaluationTable(rows: readonly DossierEvaluationRow[], t: Translate): TextTable {
  return {
    headers: [
      t('evaluation.col.year'),
      ...EVALUATION_COMPONENTS.map((c) => t(`evaluation.component.${c}`)),
      t('evaluation.col.score'),
      t('evaluation.col.final'),
      t('evaluation.col.reason'),
    ],
    rows: rows.map((r) => [
      String(r.year),
      ...EVALUATION_COMPONENTS.map((c) => {
        const v = r[SCORE[c]]
        return `${v === null ? t('evaluation.na') : v} ×${r[WEIGHT[c]]}`
      }),
      r.score === null ? t('evaluation.na') : (r.score / 100).toFixed(2),
      t(`evaluation.grade.${r.finalGrade ?? 'none'}`),
      r.adjustmentReason || '—',
    ]),
  }
}

export function EvaluationDossierSection({ rows }: { rows: readonly DossierEvaluationRow[] }) {
  const t = useT()
  return (
    <DossierSection id="evaluation" title={t('dossier.section.evaluation')}>
      <DossierTable table={evaluationTable(rows, t)} empty={t('dossier.evaluation.none')} testId="dossier-evaluations" />
    </DossierSection>
  )
}
