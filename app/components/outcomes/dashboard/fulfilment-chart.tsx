import { ChartDrawing, ChartFigure } from '~/components/charts/chart-parts'
import { useT } from '~/i18n/use-t'
import type { OutcomeDashboardData } from '~/models/outcome-dashboard.server'

// How far the labs' approved plans are fulfilled (app/domain/progress.ts planFulfilment), in
// tenths. Its bars count labs, not outcomes: they open nothing; the pace table links each lab.
export function FulfilmentChart({ fulfilment }: { fulfilment: OutcomeDashboardData['fulfilment']['distribution'] }) {
  const t = useT()
  const rows = fulfilment.buckets.map((b) => ({
    bucket: b.bucket,
    name:
      b.bucket === 10
        ? t('cityOutcomes.fulfilment.full')
        : t('cityOutcomes.fulfilment.bucket', { from: b.bucket * 10, to: b.bucket * 10 + 9 }),
    n: b.n,
  }))
  const table = (
    <table className="min-w-full text-sm">
      <thead>
        <tr>
          <th className="th" scope="col">
            {t('cityOutcomes.col.fulfilment')}
          </th>
          <th className="th text-right" scope="col">
            {t('cityOutcomes.axis.labs')}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.bucket} data-testid="fulfilment-row" data-key={r.bucket}>
            <th className="td text-left font-normal" scope="row">
              {r.name}
            </th>
            <td className="td text-right token tabular-nums">{r.n}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
  return (
    <ChartFigure
      title={t('cityOutcomes.fulfilment.title')}
      label={t('cityOutcomes.fulfilment.label', { labs: fulfilment.labs })}
      hint="cityOutcomes.fulfilment.hint"
      testId="chart-fulfilment"
      table={table}
    >
      {fulfilment.labs === 0 ? (
        <p className="text-sm text-slate-500">{t('cityOutcomes.fulfilment.none')}</p>
      ) : (
        <>
          <p className="mb-2 text-sm" data-testid="fulfilment-summary">
            {t('cityOutcomes.fulfilment.summary', { labs: fulfilment.labs, mean: fulfilment.mean ?? 0 })}
          </p>
          <ChartDrawing width={900} height={280}>
            {(r, w) => (
              <r.BarChart width={w} height={280} data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
                <r.CartesianGrid strokeDasharray="3 3" vertical={false} />
                <r.XAxis dataKey="name" interval={0} tick={{ fontSize: 12 }} />
                <r.YAxis
                  allowDecimals={false}
                  label={{ value: t('cityOutcomes.axis.labs'), angle: -90, position: 'insideLeft', fontSize: 12 }}
                />
                <r.Tooltip />
                <r.Bar dataKey="n" name={t('cityOutcomes.axis.labs')} fill="#15803d" isAnimationActive={false} maxBarSize={56} />
              </r.BarChart>
            )}
          </ChartDrawing>
        </>
      )}
    </ChartFigure>
  )
}
