import type { DayKind } from '~/domain/calendar'
import type { MessageKey } from '~/i18n'
import { useT } from '~/i18n/use-t'
import type { CalendarGridDay } from './types'

// One colour per kind of day, shared by the grid and its legend (the spacing is the grid's, month-grid.tsx).
export const DAY_KIND_CLASS: Record<DayKind, string> = {
  workday: 'text-slate-800',
  weekend: 'text-slate-400',
  holiday: 'bg-red-100 font-semibold text-red-800',
  makeup_workday: 'bg-amber-100 font-semibold text-amber-900',
}

export const BUREAU_OUTLINE_CLASS = 'outline-dashed outline-1 outline-sky-700'

// The day's number for the eye; the full sentence (date, weekday, kind, name, source) for
// screen readers and as a tooltip.
export function DayCell({ day }: { day: CalendarGridDay }) {
  const t = useT()
  const mark = day.kind === 'holiday' || day.kind === 'makeup_workday' ? t(`calendar.mark.${day.kind}`) : ''
  const label =
    t('calendar.dayLabel', {
      date: day.date,
      weekday: t(`calendar.weekdayLong.${day.weekday}` as MessageKey),
      kind: t(`calendar.kind.${day.kind}`),
    }) +
    (day.name ? ` ${day.name}` : '') +
    (day.bureau ? t('calendar.dayLabelBureau') : '')
  return (
    <div title={label} className={day.bureau ? `${DAY_KIND_CLASS[day.kind]} ${BUREAU_OUTLINE_CLASS}` : DAY_KIND_CLASS[day.kind]}>
      <span aria-hidden>
        {day.day}
        {mark ? <sup className="ml-px text-[0.6rem]">{mark}</sup> : null}
        {day.bureau ? <sup className="text-[0.6rem] text-sky-800">{t('calendar.mark.bureau')}</sup> : null}
      </span>
      <span className="sr-only">{label}</span>
    </div>
  )
}
