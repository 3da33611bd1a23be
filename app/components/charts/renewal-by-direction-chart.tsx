import { DIRECTIONS } from '~db/schema/enums'
import { useT } from '~/i18n/use-t'
import type { DecisionCount } from '~/models/renewal-pipeline-params'
import { ChartDrawing, ChartFigure, categoryAxisWidth } from './chart-parts'
import { decisionBars, decisionRows, decisionSegment, decisionTotal, DecisionTable, presentDecisions } from './renewal-decision-parts'

// Renewal decisions per research direction as horizontal stacked bars (the guide's 14 names are
// too long for a category axis along the bottom).
export function RenewalByDirectionChart({ counts }: { counts: DecisionCount[] }) {
  const t = useT()
  const decisions = presentDecisions(counts)
  const categories = DIRECTIONS.map((d) => ({ key: String(d), name: `${d}. ${t(`direction.${d}`)}` }))
  const n = decisionTotal(counts)
  return (
    <ChartFigure
      title={t('renewals.chart.byDirection')}
      label={t('renewalPipeline.chart.label', { n })}
      hint="renewalPipeline.chart.hint"
      testId="chart-renewals-by-direction"
      table={<DecisionTable categories={categories} counts={counts} decisions={decisions} rowHeader={t('renewals.col.direction')} />}
    >
      {n === 0 ? (
        <p className="text-sm text-slate-500">{t('renewals.chart.none')}</p>
      ) : (
        <ChartDrawing width={900} height={DIRECTIONS.length * 28 + 90}>
          {(r, w) => (
            <r.BarChart
              layout="vertical"
              width={w}
              height={DIRECTIONS.length * 28 + 90}
              data={decisionRows(categories, counts, decisions)}
              margin={{ top: 8, right: 24, bottom: 24, left: 8 }}
            >
              <r.CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <r.XAxis
                type="number"
                allowDecimals={false}
                label={{ value: t('renewalPipeline.axis.decisions'), position: 'insideBottom', offset: -12, fontSize: 12 }}
              />
              <r.YAxis type="category" dataKey="name" width={categoryAxisWidth(w)} interval={0} tick={{ fontSize: 12 }} />
              <r.Tooltip />
              <r.Legend verticalAlign="top" />
              {decisionBars({ r, decisions, t, shape: decisionSegment(t), maxBarSize: 40 })}
            </r.BarChart>
          )}
        </ChartDrawing>
      )}
    </ChartFigure>
  )
}
