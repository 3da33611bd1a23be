import { FUNNEL_STAGES, type FunnelCounts } from '~/domain/certification/funnel'
import { useT } from '~/i18n/use-t'
import { categoryAxisWidth, ChartDrawing, ChartFigure } from './chart-parts'

// The round's funnel (issue 21 item 8): one bar per stage, longest first, the same numbers as a
// table beside it. Drawn in the browser like the dashboard's charts (chart-parts.tsx): recharts is
// its own chunk, loaded only by pages with a chart.
const HEIGHT = FUNNEL_STAGES.length * 40 + 40

export function RoundFunnelChart({ total }: { total: FunnelCounts }) {
  const t = useT()
  const rows = FUNNEL_STAGES.map((stage) => ({ key: stage, name: t(`funnel.stage.${stage}`), n: total[stage] }))
  const summary = rows.map((r) => `${r.name} ${r.n}`).join('，')
  const table = (
    <table className="min-w-full text-sm">
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-testid="funnel-stage" data-stage={r.key}>
            <th className="td text-left font-normal" scope="row">
              {r.name}
            </th>
            <td className="td token text-right tabular-nums">{r.n}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
  return (
    <ChartFigure
      title={t('funnel.chart.title')}
      label={t('funnel.chart.label', { summary })}
      hint="funnel.chart.hint"
      testId="chart-funnel"
      table={table}
    >
      <ChartDrawing width={640} height={HEIGHT}>
        {(r, w) => (
          <r.BarChart layout="vertical" width={w} height={HEIGHT} data={rows} margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
            <r.CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <r.XAxis type="number" allowDecimals={false} />
            <r.YAxis type="category" dataKey="name" width={categoryAxisWidth(w)} interval={0} tick={{ fontSize: 12 }} />
            <r.Tooltip />
            <r.Bar dataKey="n" name={t('funnel.axis.count')} fill="#0369a1" isAnimationActive={false} maxBarSize={32} />
          </r.BarChart>
        )}
      </ChartDrawing>
    </ChartFigure>
  )
}
