import { Link, useNavigate } from '@remix-run/react'
import { useT } from '~/i18n/use-t'
import { ChartDrawing, ChartFigure, segmentShape } from './chart-parts'

export type DecisionTimeRow = {
  key: string
  name: string
  // decided requests, of which decided within their deadline
  n: number
  inTime: number
  // working days, nearest rank; null when nothing in the group has been decided
  median: number | null
  p90: number | null
}

const SERIES = [
  { key: 'median', colour: '#0369a1', label: 'requests.dash.series.median' },
  { key: 'p90', colour: '#f59e0b', label: 'requests.dash.series.p90' },
] as const

/** A share as people read it: 87.5%; none when nothing was decided. */
export function formatShare(part: number, whole: number): string | null {
  return whole > 0 ? `${Math.round((1000 * part) / whole) / 10}%` : null
}

// Working days from submission to decision per group (type of support, or district): the median
// and the 90th percentile side by side; a bar opens the queue's decided requests of that group.
// The table below adds how many were decided and the share within the deadline.
export function DecisionTimeChart({
  rows,
  title,
  testId,
  hrefOf,
}: {
  rows: DecisionTimeRow[]
  title: string
  testId: string
  hrefOf: (key: string) => string
}) {
  const t = useT()
  const navigate = useNavigate()
  const none = t('requests.dash.none')
  const Segment = segmentShape((payload, series) => ({
    id: `${payload.key}-${series}`,
    title: `${payload.name} · ${t(series === 'median' ? 'requests.dash.series.median' : 'requests.dash.series.p90')}`,
  }))
  const table = (
    <table className="min-w-full text-sm">
      <thead>
        <tr>
          <th className="th" scope="col">
            {t('requests.dash.col.group')}
          </th>
          <th className="th text-right" scope="col">
            {t('requests.dash.col.decided')}
          </th>
          <th className="th text-right" scope="col">
            {t('requests.dash.col.inTime')}
          </th>
          <th className="th text-right" scope="col">
            {t('requests.dash.col.median')}
          </th>
          <th className="th text-right" scope="col">
            {t('requests.dash.col.p90')}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} data-testid="speed-row" data-group={row.key}>
            <th className="td text-left font-normal" scope="row">
              {row.n > 0 ? (
                <Link to={hrefOf(row.key)} className="link">
                  {row.name}
                </Link>
              ) : (
                row.name
              )}
            </th>
            <td className="td text-right token tabular-nums">{row.n}</td>
            <td className="td text-right token tabular-nums">{formatShare(row.inTime, row.n) ?? none}</td>
            <td className="td text-right token tabular-nums">{row.median ?? none}</td>
            <td className="td text-right token tabular-nums">{row.p90 ?? none}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
  const decided = rows.filter((r) => r.n > 0)
  return (
    <ChartFigure
      title={title}
      label={t('requestService.dash.speedLabel', { groups: decided.length, n: rows.reduce((sum, r) => sum + r.n, 0) })}
      hint="requestService.dash.speedHint"
      testId={testId}
      table={table}
    >
      <ChartDrawing width={Math.max(360, rows.length * 90)} height={320}>
        {(r, w) => (
          <r.BarChart width={w} height={320} data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <r.CartesianGrid strokeDasharray="3 3" vertical={false} />
            <r.XAxis dataKey="name" interval={0} angle={-30} textAnchor="end" height={70} tick={{ fontSize: 12 }} />
            <r.YAxis
              allowDecimals={false}
              label={{ value: t('requestService.dash.axis.days'), angle: -90, position: 'insideLeft', fontSize: 12 }}
            />
            <r.Tooltip />
            <r.Legend verticalAlign="top" />
            {SERIES.map((s) => (
              <r.Bar
                key={s.key}
                dataKey={s.key}
                name={t(s.label)}
                fill={s.colour}
                isAnimationActive={false}
                maxBarSize={32}
                shape={Segment}
                onClick={(entry: { payload?: Record<string, unknown> }) => {
                  const key = entry.payload?.key
                  if (typeof key === 'string') navigate(hrefOf(key))
                }}
              />
            ))}
          </r.BarChart>
        )}
      </ChartDrawing>
    </ChartFigure>
  )
}
