import { noYearMessage, type YearPlacement } from '~/domain/deliverables'
import { useT } from '~/i18n/use-t'

// "第1期第1年", or why the completion date counts for no validity year.
export function YearLabel({ placement, long }: { placement: YearPlacement; long?: boolean }) {
  const t = useT()
  if (placement.ok) {
    return (
      <span data-testid="validity-year">{t('deliverables.yearLabel', { sequence: placement.sequence, year: placement.validityYear })}</span>
    )
  }
  const why = noYearMessage(placement)
  return (
    <span className="text-amber-700" data-testid="validity-year" title={long ? undefined : t(why.key, why.vars)}>
      {long ? t(why.key, why.vars) : t('deliverables.noYearShort')}
    </span>
  )
}
