import type { DistrictCode } from '~db/schema/enums'
import { useT } from '~/i18n/use-t'
import type { DecisionCount } from '~/models/renewal-pipeline-params'
import { ChartDrawing, ChartFigure } from './chart-parts'
import { decisionBars, decisionRows, decisionSegment, decisionTotal, DecisionTable, presentDecisions } from './renewal-decision-parts'

// Renewal decisions per district (a district office sees its own only), stacked by decision.
export function RenewalByDistrictChart({ counts, districts }: { counts: DecisionCount[]; districts: readonly DistrictCode[] }) {
  const t = useT()
  const decisions = presentDecisions(counts)
  const categories = districts.map((code) => ({ key: code, name: t(`district.${code}`) }))
  const n = decisionTotal(counts)
  return (
    <ChartFigure
      title={t('renewals.chart.byDistrict')}
      label={t('renewalPipeline.chart.label', { n })}
      hint="renewalPipeline.chart.hint"
      testId="chart-renewals-by-district"
      table={<DecisionTable categories={categories} counts={counts} decisions={decisions} rowHeader={t('renewals.col.district')} />}
    >
      {n === 0 ? (
        <p className="text-sm text-slate-500">{t('renewals.chart.none')}</p>
      ) : (
        <ChartDrawing width={900} height={320}>
          {(r, w) => (
            <r.BarChart
              width={w}
              height={320}
              data={decisionRows(categories, counts, decisions)}
              margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
            >
              <r.CartesianGrid strokeDasharray="3 3" vertical={false} />
              <r.XAxis dataKey="name" interval={0} angle={-30} textAnchor="end" height={70} tick={{ fontSize: 12 }} />
              <r.YAxis
                allowDecimals={false}
                label={{ value: t('renewalPipeline.axis.decisions'), angle: -90, position: 'insideLeft', fontSize: 12 }}
              />
              <r.Tooltip />
              <r.Legend verticalAlign="top" />
              {decisionBars({ r, decisions, t, shape: decisionSegment(t), maxBarSize: 48 })}
            </r.BarChart>
          )}
        </ChartDrawing>
      )}
    </ChartFigure>
  )
}
