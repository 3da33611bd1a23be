import type { Renewal } from '~db/schema/renewals'
import { useGradeLabel } from '~/components/filings/grade-label'
import type { GradeLabels } from '~/domain/grades'
import { useT } from '~/i18n/use-t'
import { DecisionBadge } from './renewal-status-badge'

export type RenewalOutcomeView = Pick<
  Renewal,
  | 'decision'
  | 'grade'
  | 'reasons'
  | 'decidedOn'
  | 'decidedByName'
  | 'rectificationDeadline'
  | 'rectificationRequirements'
  | 'recheckDecision'
  | 'recheckReasons'
  | 'recheckedOn'
>

// The decision as everyone concerned reads it: who decided what, when and why; the
// rectification asked for and its re-check; the new period a renewal created.
export function RenewalOutcome({
  r,
  grades,
  newPeriod,
}: {
  r: RenewalOutcomeView
  grades: readonly GradeLabels[]
  newPeriod: { startDate: string; endDate: string } | null
}) {
  const t = useT()
  const gradeLabel = useGradeLabel(grades)
  if (!r.decision) return null
  return (
    <div className="space-y-2 text-sm" data-testid="renewal-outcome">
      <p className="flex flex-wrap items-center gap-2">
        <DecisionBadge decision={r.decision} />
        {t('renewals.outcome.decidedBy', {
          who: r.decidedByName ?? '—',
          date: r.decidedOn ?? '',
          decision: t(`renewals.decision.${r.decision}`),
        })}
      </p>
      {r.grade ? <p data-testid="renewal-grade">{t('renewals.outcome.grade', { grade: gradeLabel(r.grade) })}</p> : null}
      <p className="whitespace-pre-line">{r.reasons}</p>
      {r.rectificationDeadline ? (
        <p>{t('renewals.outcome.rectification', { deadline: r.rectificationDeadline, requirements: r.rectificationRequirements })}</p>
      ) : null}
      {r.recheckDecision ? (
        <p data-testid="renewal-recheck">
          {t('renewals.outcome.recheck', { date: r.recheckedOn ?? '', decision: t(`renewals.recheck.${r.recheckDecision}`) })}{' '}
          {r.recheckReasons}
        </p>
      ) : null}
      {newPeriod ? (
        <p className="font-medium text-green-800" data-testid="renewal-new-period">
          {t('renewals.outcome.newPeriod', { start: newPeriod.startDate, end: newPeriod.endDate })}
        </p>
      ) : null}
    </div>
  )
}
