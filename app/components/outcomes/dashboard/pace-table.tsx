import { Link } from '@remix-run/react'
import type { MessageKey } from '~/i18n'
import { useT } from '~/i18n/use-t'
import type { LabPace, OutcomeDashboardData } from '~/models/outcome-dashboard.server'
import { registerHref, type OutcomeFilter } from '~/models/outcome-dashboard-params'

// The labs furthest ahead of and behind the time their period has run (paceGap), each linking
// to its indicator plan (target, achieved and verified per line) and to its outcomes.
export function PaceTables({
  pace,
  filter,
}: {
  pace: Pick<OutcomeDashboardData['fulfilment'], 'ahead' | 'behind'>
  filter: OutcomeFilter
}) {
  const t = useT()
  return (
    <section className="card" aria-labelledby="pace-title" data-testid="pace">
      <h2 id="pace-title" className="font-semibold">
        {t('cityOutcomes.pace.title')}
      </h2>
      <p className="mb-3 text-xs text-slate-500">{t('cityOutcomes.pace.hint')}</p>
      <div className="grid gap-6 lg:grid-cols-2">
        <PaceTable title="cityOutcomes.pace.ahead" rows={pace.ahead} filter={filter} testId="pace-ahead" />
        <PaceTable title="cityOutcomes.pace.behind" rows={pace.behind} filter={filter} testId="pace-behind" />
      </div>
    </section>
  )
}

function PaceTable({ title, rows, filter, testId }: { title: MessageKey; rows: LabPace[]; filter: OutcomeFilter; testId: string }) {
  const t = useT()
  return (
    <div className="table-scroll" tabIndex={0}>
      <h3 className="mb-1 text-sm font-medium">{t(title)}</h3>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">{t('cityOutcomes.pace.none')}</p>
      ) : (
        <table className="min-w-full text-sm" data-testid={testId}>
          <thead>
            <tr>
              <th className="th">{t('cityOutcomes.col.lab')}</th>
              <th className="th">{t('cityOutcomes.col.district')}</th>
              <th className="th text-right">{t('cityOutcomes.col.fulfilment')}</th>
              <th className="th text-right">{t('cityOutcomes.col.elapsed')}</th>
              <th className="th text-right">{t('cityOutcomes.col.gap')}</th>
              <th className="th text-right">{t('cityOutcomes.col.outcomes')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.labId} data-testid="pace-row" data-lab={r.labId} data-gap={r.gap}>
                <td className="td">
                  <Link to={`/labs/${r.labId}/plan?period=${r.periodId}`} className="link">
                    {r.labName}
                  </Link>
                </td>
                <td className="td">{t(`district.${r.districtCode}`)}</td>
                <td className="td text-right token tabular-nums">{t('cityOutcomes.percent', { n: r.fulfilment })}</td>
                <td className="td text-right token tabular-nums">{t('cityOutcomes.percent', { n: r.elapsed })}</td>
                <td className={`td text-right token tabular-nums ${r.gap < 0 ? 'text-red-700' : 'text-green-800'}`}>
                  {t('cityOutcomes.gap', { n: r.gap > 0 ? `+${r.gap}` : r.gap })}
                </td>
                <td className="td text-right">
                  <Link to={registerHref({ ...filter, labId: r.labId })} className="link">
                    {t('cityOutcomes.openRegister')}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
