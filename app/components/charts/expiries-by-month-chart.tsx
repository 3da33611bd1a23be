import { useNavigate } from '@remix-run/react'
import { useT } from '~/i18n/use-t'
import { STATUS_COLOURS } from '~/components/status-badge'
import { ChartDrawing, ChartFigure, CountLink, segmentShape, useMonthLabel } from './chart-parts'
import { registryHref } from './registry-links'

export type MonthCount = { month: string; n: number }

const expiresHref = (expires: string) => registryHref({ expires })

// Labs whose latest period ends in each coming month with no decision yet; a bar opens the
// registry's `expires=YYYY-MM` view, which uses the same condition.
export function ExpiriesByMonthChart({ counts }: { counts: MonthCount[] }) {
  const t = useT()
  const navigate = useNavigate()
  const monthLabel = useMonthLabel()
  const months = counts.length
  const rows = counts.map((c) => ({ month: c.month, label: monthLabel(c.month), n: c.n }))
  const Segment = segmentShape((payload) => ({ id: String(payload.month), title: `${payload.label} · ${t('dashboard.expiries.series')}` }))
  const table = (
    <table className="text-sm">
      <thead>
        <tr>
          <th className="th" scope="col">
            {t('dashboard.col.month')}
          </th>
          <th className="th text-right" scope="col">
            {t('dashboard.col.expiring')}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.month}>
            <th className="td text-left font-normal" scope="row">
              {r.label}
            </th>
            <td className="td text-right token tabular-nums">
              <CountLink n={r.n} to={expiresHref(r.month)} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
  return (
    <ChartFigure
      title={t('dashboard.expiries', { months })}
      label={t('dashboard.expiries.label', { months })}
      testId="chart-expiries"
      table={table}
    >
      <ChartDrawing width={900} height={320}>
        {(r, w) => (
          <r.BarChart width={w} height={320} data={rows} margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
            <r.CartesianGrid strokeDasharray="3 3" vertical={false} />
            <r.XAxis
              dataKey="label"
              interval={0}
              angle={-45}
              textAnchor="end"
              height={70}
              tick={{ fontSize: 11 }}
              label={{ value: t('dashboard.axis.month'), position: 'insideBottom', offset: -16, fontSize: 12 }}
            />
            <r.YAxis allowDecimals={false} label={{ value: t('dashboard.axis.labs'), angle: -90, position: 'insideLeft', fontSize: 12 }} />
            <r.Tooltip />
            <r.Legend verticalAlign="top" />
            <r.Bar
              dataKey="n"
              name={t('dashboard.expiries.series')}
              fill={STATUS_COLOURS.expiring}
              isAnimationActive={false}
              maxBarSize={40}
              shape={Segment}
              onClick={(entry: { payload?: { month?: string } }) => {
                if (entry.payload?.month) navigate(expiresHref(entry.payload.month))
              }}
            />
          </r.BarChart>
        )}
      </ChartDrawing>
    </ChartFigure>
  )
}
