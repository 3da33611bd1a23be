import { useT } from '~/i18n/use-t'
import { BUREAU_OUTLINE_CLASS, DAY_KIND_CLASS } from './day-cell'

export function Legend({ known }: { known: boolean }) {
  const t = useT()
  return (
    <div className="mb-3 text-xs text-slate-700">
      <h3 className="sr-only">{t('calendar.legend')}</h3>
      <ul className="flex flex-wrap gap-x-4 gap-y-1" aria-label={t('calendar.legend')}>
        <li>
          <span className={`rounded px-1 ${DAY_KIND_CLASS.holiday}`}>{t('calendar.mark.holiday')}</span> {t('calendar.legend.holiday')}
        </li>
        <li>
          <span className={`rounded px-1 ${DAY_KIND_CLASS.makeup_workday}`}>{t('calendar.mark.makeup_workday')}</span>{' '}
          {t('calendar.legend.makeup')}
        </li>
        <li>
          <span className={`px-1 ${DAY_KIND_CLASS.weekend}`}>6 7</span> {t('calendar.legend.weekend')}
        </li>
        <li>
          <span className={`rounded px-1 ${BUREAU_OUTLINE_CLASS}`}>{t('calendar.mark.bureau')}</span> {t('calendar.legend.bureau')}
        </li>
        {!known ? <li className="text-amber-800">⚠ {t('calendar.legend.estimated')}</li> : null}
      </ul>
    </div>
  )
}
