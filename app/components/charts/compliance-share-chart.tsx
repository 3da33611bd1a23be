import { useT } from '~/i18n/use-t'
import { ChartDrawing, ChartFigure, useMonthLabel } from './chart-parts'

export type MonthShare = { month: string; total: number; compliant: number; share: number | null }

const COLOUR = '#15803d'

// Per month, the share of labs in force whose every check passed. A month without recorded
// history has share null and shows as a gap, not as 0 %.
export function ComplianceShareChart({ months }: { months: MonthShare[] }) {
  const t = useT()
  const monthLabel = useMonthLabel()
  const rows = months.map((m) => ({ ...m, label: monthLabel(m.month) }))
  const n = months.length
  const table = (
    <table className="text-sm">
      <thead>
        <tr>
          <th className="th" scope="col">
            {t('dashboard.col.month')}
          </th>
          <th className="th text-right" scope="col">
            {t('dashboard.col.inForce')}
          </th>
          <th className="th text-right" scope="col">
            {t('dashboard.col.compliant')}
          </th>
          <th className="th text-right" scope="col">
            {t('dashboard.col.share')}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.month}>
            <th className="td text-left font-normal" scope="row">
              {r.label}
            </th>
            {r.share === null ? (
              <td className="td text-slate-500" colSpan={3}>
                {t('dashboard.complianceShare.noHistory')}
              </td>
            ) : (
              <>
                <td className="td text-right token tabular-nums">{r.total}</td>
                <td className="td text-right token tabular-nums">{r.compliant}</td>
                <td className="td text-right token tabular-nums">{r.share}%</td>
              </>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  )
  return (
    <ChartFigure
      title={t('dashboard.complianceShare', { months: n })}
      label={t('dashboard.complianceShare.label', { months: n })}
      testId="chart-compliance-share"
      hint="dashboard.chartHintNoLinks"
      table={table}
    >
      <ChartDrawing width={900} height={300}>
        {(r, w) => (
          <r.LineChart width={w} height={300} data={rows} margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
            <r.CartesianGrid strokeDasharray="3 3" vertical={false} />
            <r.XAxis dataKey="label" interval={0} angle={-45} textAnchor="end" height={70} tick={{ fontSize: 11 }} />
            <r.YAxis
              domain={[0, 100]}
              ticks={[0, 25, 50, 75, 100]}
              tickFormatter={(v: number) => `${v}%`}
              label={{ value: t('dashboard.axis.share'), angle: -90, position: 'insideLeft', fontSize: 12 }}
            />
            <r.Tooltip
              formatter={(value: number, _name: string, item: { payload?: MonthShare }) => [
                `${value}% (${t('dashboard.complianceShare.tooltip', { compliant: item.payload?.compliant ?? 0, total: item.payload?.total ?? 0 })})`,
                t('dashboard.complianceShare.series'),
              ]}
            />
            <r.Legend verticalAlign="top" />
            <r.Line
              type="linear"
              dataKey="share"
              name={t('dashboard.complianceShare.series')}
              stroke={COLOUR}
              strokeWidth={2}
              dot={{ r: 3, fill: COLOUR }}
              connectNulls={false}
              isAnimationActive={false}
            />
          </r.LineChart>
        )}
      </ChartDrawing>
    </ChartFigure>
  )
}
