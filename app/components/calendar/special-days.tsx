import { Form } from '@remix-run/react'
import type { MessageKey } from '~/i18n'
import { useLocale, useT } from '~/i18n/use-t'
import type { CalendarPageData } from './types'

// The year's holidays and make-up days with where each comes from; the bureau may remove its
// own rows (a package day cannot be removed, only overridden).
export function SpecialDays({ year, days, canManage }: Pick<CalendarPageData, 'year' | 'days' | 'canManage'>) {
  const t = useT()
  const locale = useLocale()
  return (
    <section className="card" aria-labelledby="days-title" id="days">
      <h2 id="days-title" className="mb-2 font-semibold">
        {t('calendar.days.title', { year })}
      </h2>
      {days.length === 0 ? (
        <p className="text-sm text-slate-500">{t('calendar.days.none')}</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table className="w-full" data-testid="special-days">
            <thead>
              <tr>
                <th className="th">{t('calendar.col.date')}</th>
                <th className="th">{t('calendar.col.weekday')}</th>
                <th className="th">{t('calendar.col.kind')}</th>
                <th className="th">{t('calendar.col.name')}</th>
                <th className="th">{t('calendar.col.source')}</th>
                {canManage ? <th className="th">{t('common.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {days.map((d) => (
                <tr key={d.date} data-testid="special-day" data-date={d.date}>
                  <td className="td token tabular-nums">{d.date}</td>
                  <td className="td">{t(`calendar.weekdayLong.${d.weekday}` as MessageKey)}</td>
                  <td className="td">{t(`calendar.kind.${d.kind}`)}</td>
                  <td className="td">{locale === 'en' && d.nameEn ? d.nameEn : d.name}</td>
                  <td className="td">
                    {t(`calendar.source.${d.source}`)}
                    {d.packageDay ? (
                      <span className="block text-xs text-slate-500">
                        {t('calendar.overrides', {
                          kind: t(`calendar.field.kind.${d.packageDay.kind}`),
                          name: locale === 'en' ? d.packageDay.nameEn : d.packageDay.name,
                        })}
                      </span>
                    ) : null}
                  </td>
                  {canManage ? (
                    <td className="td">
                      {d.source === 'bureau' ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="removeDay" />
                          <input type="hidden" name="date" value={d.date} />
                          <button type="submit" className="btn" aria-label={t('calendar.removeLabel', { date: d.date })}>
                            {t('calendar.remove')}
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
