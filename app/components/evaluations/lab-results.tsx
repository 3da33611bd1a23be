import { EVALUATION_COMPONENTS } from '~/domain/evaluation'
import { useT } from '~/i18n/use-t'
import type { EvaluationGrade } from '~db/schema/enums'
import { ComponentScore, formatScore, GradeBadge } from './parts'
import { TableScroll } from '~/components/ui/table-scroll'

// A lab's published annual evaluation results, newest year first: its evaluation page and the
// renewal dossier (page and print) show this one table.

export type LabResult = {
  year: number
  scoreReport: number | null
  scorePlan: number | null
  scoreCompliance: number | null
  scoreSecurity: number | null
  score: number | null
  finalGrade: EvaluationGrade | null
  adjustmentReason: string
  weightReport: number
  weightPlan: number
  weightCompliance: number
  weightSecurity: number
}

export const RESULT_SCORE = { report: 'scoreReport', plan: 'scorePlan', compliance: 'scoreCompliance', security: 'scoreSecurity' } as const
export const RESULT_WEIGHT = {
  report: 'weightReport',
  plan: 'weightPlan',
  compliance: 'weightCompliance',
  security: 'weightSecurity',
} as const

export function LabResultsTable({ results, testId = 'lab-evaluations' }: { results: readonly LabResult[]; testId?: string }) {
  const t = useT()
  return (
    <TableScroll>
      <table className="min-w-full text-sm" data-testid={testId}>
        <thead>
          <tr>
            <th className="th">{t('evaluation.col.year')}</th>
            {EVALUATION_COMPONENTS.map((c) => (
              <th key={c} className="th">
                {t(`evaluation.component.${c}`)}
              </th>
            ))}
            <th className="th">{t('evaluation.col.score')}</th>
            <th className="th">{t('evaluation.col.final')}</th>
            <th className="th">{t('evaluation.col.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {results.map((r) => (
            <tr key={r.year} data-evaluation-year={r.year}>
              <td className="td">{t('evaluation.year', { year: r.year })}</td>
              {EVALUATION_COMPONENTS.map((c) => (
                <td key={c} className="td">
                  <ComponentScore value={r[RESULT_SCORE[c]]} /> <span className="text-xs text-slate-500">×{r[RESULT_WEIGHT[c]]}</span>
                </td>
              ))}
              <td className="td token tabular-nums">{formatScore(r.score) ?? t('evaluation.na')}</td>
              <td className="td">
                <GradeBadge grade={r.finalGrade} />
              </td>
              <td className="td text-sm">{r.adjustmentReason || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  )
}
