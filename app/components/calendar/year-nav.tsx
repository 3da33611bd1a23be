import { Form, Link } from '@remix-run/react'
import { CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR } from '~/domain/calendar'
import { useT } from '~/i18n/use-t'

export function YearNav({ year }: { year: number }) {
  const t = useT()
  return (
    <nav className="ml-auto flex items-center gap-2 text-sm" aria-label={t('calendar.yearPicker')}>
      {year > CALENDAR_MIN_YEAR ? (
        <Link to={`/calendar?year=${year - 1}`} className="btn">
          ← {t('calendar.prevYear')}
        </Link>
      ) : null}
      <Form method="get" className="flex items-center gap-1">
        <label htmlFor="year-picker" className="sr-only">
          {t('calendar.year')}
        </label>
        <input
          id="year-picker"
          name="year"
          type="number"
          min={CALENDAR_MIN_YEAR}
          max={CALENDAR_MAX_YEAR}
          defaultValue={year}
          className="input w-24"
        />
        <button type="submit" className="btn">
          {t('calendar.show')}
        </button>
      </Form>
      {year < CALENDAR_MAX_YEAR ? (
        <Link to={`/calendar?year=${year + 1}`} className="btn">
          {t('calendar.nextYear')} →
        </Link>
      ) : null}
    </nav>
  )
}
