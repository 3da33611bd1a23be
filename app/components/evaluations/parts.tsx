import { Badge } from '~/components/ui/badge'
import type { RoundSettings } from '~/domain/evaluation'
import { useT } from '~/i18n/use-t'
import type { EvaluationGrade } from '~db/schema/enums'

// Small shared pieces of the annual evaluation's pages (issue 16, part 5).

const GRADE_COLOURS: Record<EvaluationGrade | 'none', string> = {
  excellent: 'bg-emerald-100 text-emerald-900',
  good: 'bg-sky-100 text-sky-900',
  pass: 'bg-slate-100 text-slate-800',
  fail: 'bg-red-100 text-red-900',
  none: 'bg-amber-100 text-amber-900',
}

export function GradeBadge({ grade }: { grade: EvaluationGrade | null }) {
  const t = useT()
  const key = grade ?? 'none'
  return (
    <Badge className={GRADE_COLOURS[key]} data={{ 'data-evaluation-grade': key }}>
      {t(`evaluation.grade.${key}`)}
    </Badge>
  )
}

/** A score kept in hundredths, shown with two decimals; a component (0–100) as it is. */
export const formatScore = (hundredths: number | null) => (hundredths === null ? null : (hundredths / 100).toFixed(2))

export function ComponentScore({ value }: { value: number | null }) {
  const t = useT()
  return value === null ? <span className="text-slate-400">{t('evaluation.na')}</span> : <span className="token tabular-nums">{value}</span>
}

export function RoundSettingsLine({ settings }: { settings: RoundSettings }) {
  const t = useT()
  return (
    <p className="text-sm text-slate-700" data-testid="round-settings">
      {t('evaluation.settings', { ...settings })}
    </p>
  )
}

export function StatusBadge({ status }: { status: 'open' | 'published' }) {
  const t = useT()
  return (
    <Badge
      className={status === 'open' ? 'bg-amber-100 text-amber-900' : 'bg-emerald-100 text-emerald-900'}
      data={{ 'data-round-status': status }}
    >
      {t(`evaluation.status.${status}`)}
    </Badge>
  )
}
