import { formatShanghaiTime } from '~/domain/dates'
import { useT } from '~/i18n/use-t'
import type { CalendarPageData } from './types'

// Where the year's working days come from: chinese-days, the bureau's confirmation, or
// nowhere yet (then every count into the year is a Monday–Friday estimate).
export function YearBanner({ page }: { page: CalendarPageData }) {
  const t = useT()
  const { year, confirmation } = page
  if (!page.known) {
    return (
      <div role="alert" className="rounded border border-amber-400 bg-amber-50 p-3 text-sm text-amber-900" data-testid="unknown-year">
        <p className="font-semibold">⚠ {t('calendar.banner.unknown', { year })}</p>
        {page.bureauDayCount > 0 ? <p>{t('calendar.banner.unknownRows', { n: page.bureauDayCount })}</p> : null}
        {page.canManage ? <p>{t('calendar.banner.unknownManage')}</p> : null}
      </div>
    )
  }
  const text = confirmation
    ? t('calendar.banner.confirmed', {
        year,
        source: confirmation.source,
        name: confirmation.updatedByName ?? '—',
        at: formatShanghaiTime(confirmation.updatedAt),
      })
    : t('calendar.banner.package', { year })
  return (
    <p className="rounded border border-sky-200 bg-sky-50 p-3 text-sm text-sky-900" data-testid="known-year">
      {text}
    </p>
  )
}
