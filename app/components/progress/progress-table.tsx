import { Link } from '@remix-run/react'
import { formatWanText } from '~/domain/money'
import { formatNumber } from '~/domain/numbers'
import { sharePercent } from '~/domain/progress'
import type { MessageKey } from '~/i18n'
import { useLocale, useT } from '~/i18n/use-t'

// 任务指标完成情况 (issue 16, part 3): target, achieved and verified per plan line, on the lab
// page, the plan page, the annual report (with its print view) and the renewal dossier. The
// figures come from periodProgress (app/models/progress.server.ts), the one rule for "achieved".

type YearFigures = { achieved: number; verified: number }
export type ProgressRow = {
  field: string
  builtinKey: string | null
  nameZh: string | null
  nameEn: string | null
  unit: 'count' | 'people' | 'yuan'
  target: number | null
  declared: boolean
  byYear: { 1: YearFigures; 2: YearFigures }
  achieved: number
  verified: number
}

export type ProgressPanelProps = {
  period: { id: number; sequence: number; startDate: string; endDate: string }
  plan: { id: number; status: string } | null
  lines: ProgressRow[]
  fulfilment: number | null
  elapsed: number
  pace: number | null
}

type T = ReturnType<typeof useT>

export function indicatorName(t: T, line: Pick<ProgressRow, 'builtinKey' | 'nameZh' | 'nameEn'>, locale: string): string {
  if (line.builtinKey) return t(`indicators.builtin.${line.builtinKey}` as MessageKey)
  return (locale === 'en' ? line.nameEn : line.nameZh) ?? ''
}

/** A figure in the line's unit: money in 万元 (kept as yuan), counts as they are. */
export const figureOf = (line: Pick<ProgressRow, 'unit'>, n: number | null) =>
  n === null ? '—' : line.unit === 'yuan' ? formatWanText(n) : formatNumber(n)

function Bar({ percent, label }: { percent: number; label: string }) {
  const width = Math.max(0, Math.min(100, percent))
  const colour = percent >= 100 ? 'bg-green-600' : percent >= 50 ? 'bg-sky-600' : 'bg-amber-500'
  return (
    <div className="flex items-center gap-2" title={label}>
      <div className="h-2 w-24 overflow-hidden rounded bg-slate-200 print:border print:border-slate-400" role="img" aria-label={label}>
        <div className={`h-full ${colour}`} style={{ width: `${width}%` }} />
      </div>
      <span className="tabular-nums text-xs">{percent}%</span>
    </div>
  )
}

const TH = 'border border-slate-300 bg-slate-50 px-2 py-1 text-left font-medium align-bottom'
const TD = 'border border-slate-300 px-2 py-1 align-top tabular-nums'

/**
 * The lines as a table: per line the target, then achieved / verified for each column (year 1,
 * year 2 and the period; or one report year and the period so far) and the share reached.
 */
export function ProgressTable({ lines, year }: { lines: ProgressRow[]; year?: 1 | 2 }) {
  const t = useT()
  const locale = useLocale()
  const columns: Array<{ label: MessageKey; figures: (l: ProgressRow) => YearFigures }> = year
    ? [
        { label: 'reports.progress.yearColumn', figures: (l) => l.byYear[year] },
        { label: 'reports.progress.cumulative', figures: (l) => l },
      ]
    : [
        { label: 'progress.col.year1', figures: (l) => l.byYear[1] },
        { label: 'progress.col.year2', figures: (l) => l.byYear[2] },
        { label: 'progress.col.period', figures: (l) => l },
      ]
  return (
    <div className="table-scroll" tabIndex={0}>
      <table className="report-table w-full border-collapse text-sm" data-testid="progress-table">
        <thead>
          <tr>
            <th rowSpan={2} className={TH}>
              {t('progress.col.indicator')}
            </th>
            <th rowSpan={2} className={TH}>
              {t('progress.col.target')}
            </th>
            {columns.map((c) => (
              <th key={c.label} colSpan={2} className={`${TH} text-center`}>
                {t(c.label)}
              </th>
            ))}
            <th rowSpan={2} className={TH}>
              {t('progress.col.share')}
            </th>
          </tr>
          <tr>
            {columns.flatMap((c) => [
              <th key={`${c.label}.a`} className={TH}>
                {t('progress.col.achieved')}
              </th>,
              <th key={`${c.label}.v`} className={TH}>
                {t('progress.col.verified')}
              </th>,
            ])}
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => {
            const share = sharePercent(line.achieved, line.target)
            return (
              <tr key={line.field} data-line={line.field}>
                <td className="border border-slate-300 px-2 py-1 align-top">
                  {indicatorName(t, line, locale)}
                  <span className="text-xs text-slate-500"> ({t(`indicators.unit.${line.unit}` as MessageKey)})</span>
                  {line.declared ? (
                    <span className="ml-1 text-xs text-slate-500" title={t('progress.declaredHint')}>
                      · {t('progress.declared')}
                    </span>
                  ) : null}
                </td>
                <td className={`${TD} text-right`}>{figureOf(line, line.target)}</td>
                {columns.flatMap((c) => {
                  const f = c.figures(line)
                  return [
                    <td key={`${c.label}.a`} className={`${TD} text-right`} data-col={`${c.label}.achieved`}>
                      {figureOf(line, f.achieved)}
                    </td>,
                    <td key={`${c.label}.v`} className={`${TD} text-right text-slate-600`} data-col={`${c.label}.verified`}>
                      {figureOf(line, f.verified)}
                    </td>,
                  ]
                })}
                <td className={TD}>{share === null ? '—' : <Bar percent={share} label={t('progress.bar', { percent: share })} />}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

/** The plan fulfilment and the time elapsed, side by side, with how far ahead or behind. */
export function ProgressSummary({ fulfilment, elapsed, pace }: Pick<ProgressPanelProps, 'fulfilment' | 'elapsed' | 'pace'>) {
  const t = useT()
  return (
    <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm" data-testid="progress-summary">
      <span className="font-medium" title={t('progress.fulfilmentHelp')}>
        {fulfilment === null ? t('progress.fulfilmentNone') : t('progress.fulfilment', { percent: fulfilment })}
      </span>
      <span>{t('progress.elapsed', { percent: elapsed })}</span>
      {pace === null ? null : (
        <span className={pace < 0 ? 'text-amber-800' : 'text-green-800'}>
          {pace > 0
            ? t('progress.pace.ahead', { points: pace })
            : pace < 0
              ? t('progress.pace.behind', { points: -pace })
              : t('progress.pace.even')}
        </span>
      )}
    </p>
  )
}

/** The panel of the lab page and the plan page: the period in force (or the one shown). */
export function ProgressPanel({ panel, labId, planLink = false }: { panel: ProgressPanelProps | null; labId: number; planLink?: boolean }) {
  const t = useT()
  return (
    <section className="card space-y-3" id="progress" aria-labelledby="progress-title" data-testid="progress-panel">
      <div className="flex flex-wrap items-baseline gap-3">
        <h2 id="progress-title" className="font-semibold">
          {t('progress.title')}
        </h2>
        {panel ? (
          <span className="text-sm text-slate-600">
            {t('progress.period', { n: panel.period.sequence, start: panel.period.startDate, end: panel.period.endDate })}
          </span>
        ) : null}
        {planLink ? (
          <Link to={`/labs/${labId}/plan${panel ? `?period=${panel.period.id}` : ''}`} className="link ml-auto text-sm">
            {t('progress.planLink')}
          </Link>
        ) : null}
      </div>
      {!panel ? (
        <p className="text-sm text-slate-600">{t('progress.noPeriod')}</p>
      ) : !panel.plan ? (
        <p className="text-sm text-slate-600">{t('progress.noPlan')}</p>
      ) : panel.lines.length === 0 ? (
        <p className="text-sm text-slate-600">{t('progress.noTargets')}</p>
      ) : (
        <>
          {panel.plan.status !== 'approved' ? (
            <p className="text-sm text-amber-800">
              {t('progress.planStatus', { status: t(`plan.status.${panel.plan.status}` as MessageKey) })} · {t('progress.notApproved')}
            </p>
          ) : null}
          <ProgressSummary fulfilment={panel.fulfilment} elapsed={panel.elapsed} pace={panel.pace} />
          <ProgressTable lines={panel.lines} />
          <p className="text-xs text-slate-500">{t('progress.intro')}</p>
        </>
      )}
    </section>
  )
}
