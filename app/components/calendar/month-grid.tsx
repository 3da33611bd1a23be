import type { MessageKey } from '~/i18n'
import { useT } from '~/i18n/use-t'
import { DayCell } from './day-cell'
import type { CalendarGridDay, CalendarMonth } from './types'

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7]

// One month as a Monday-first table; blank cells pad the first week. The cells' spacing is set
// once on the table rather than on each of a year's 365 cells (the page's HTML, issue 18).
const CELLS = '[&_td]:p-0.5 [&_td>div]:rounded [&_td>div]:px-0.5 [&_td>div]:py-0.5 [&_td>div]:leading-tight'
export function MonthGrid({ month }: { month: CalendarMonth }) {
  const t = useT()
  const cells: (CalendarGridDay | null)[] = [...Array<null>(month.days[0].weekday - 1).fill(null), ...month.days]
  const weeks = Array.from({ length: Math.ceil(cells.length / 7) }, (_, i) => cells.slice(i * 7, i * 7 + 7))
  return (
    <table className={`w-full table-fixed text-center text-sm ${CELLS}`} data-testid={`month-${month.month}`}>
      <caption className="mb-1 text-left font-medium">{t(`calendar.month.${month.month}` as MessageKey)}</caption>
      <thead>
        <tr>
          {WEEKDAYS.map((w) => (
            <th key={w} scope="col" className={`text-xs font-normal ${w >= 6 ? 'text-slate-400' : 'text-slate-500'}`}>
              <abbr title={t(`calendar.weekdayLong.${w}` as MessageKey)} className="no-underline">
                {t(`calendar.weekday.${w}` as MessageKey)}
              </abbr>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week, i) => (
          <tr key={i}>
            {week.map((d, j) =>
              d ? (
                <td key={d.date} data-date={d.date} data-kind={d.kind} data-bureau={d.bureau || undefined}>
                  <DayCell day={d} />
                </td>
              ) : (
                <td key={`blank-${j}`} />
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
