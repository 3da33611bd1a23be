import type { Grade } from '~/domain/grades'
import { useGradeLabel } from '~/components/filings/grade-label'
import { useT } from '~/i18n/use-t'
import { NO_GRADE, type DecisionCount } from '~/models/renewal-pipeline-params'
import { ChartDrawing, ChartFigure } from './chart-parts'
import { decisionBars, decisionRows, decisionSegment, decisionTotal, DecisionTable, presentDecisions } from './renewal-decision-parts'

// Renewal decisions per grade in the scale's order (grades no longer given too, when used), and
// the decisions taken without a grade last; stacked by decision. Fixed size: recharts'
// ResponsiveContainer renders nothing on the server.
export function RenewalByGradeChart({ counts, grades }: { counts: DecisionCount[]; grades: readonly Grade[] }) {
  const t = useT()
  const gradeLabel = useGradeLabel(grades)
  const decisions = presentDecisions(counts)
  const used = new Set(counts.map((c) => c.key))
  const categories = [
    ...grades.filter((g) => used.has(g.code) || g.active).map((g) => ({ key: g.code, name: gradeLabel(g.code) })),
    // a code the scale lacks (never expected) still counts
    ...[...used].filter((k) => k !== NO_GRADE && !grades.some((g) => g.code === k)).map((k) => ({ key: k, name: k })),
    ...(used.has(NO_GRADE) ? [{ key: NO_GRADE, name: t('renewalPipeline.noGrade') }] : []),
  ]
  const n = decisionTotal(counts)
  return (
    <ChartFigure
      title={t('renewals.chart.byGrade')}
      label={t('renewalPipeline.chart.label', { n })}
      hint="renewals.chart.byGradeHint"
      testId="chart-renewals-by-grade"
      table={<DecisionTable categories={categories} counts={counts} decisions={decisions} rowHeader={t('renewals.col.grade')} />}
    >
      {n === 0 ? (
        <p className="text-sm text-slate-500">{t('renewals.chart.none')}</p>
      ) : (
        <ChartDrawing width={640} height={300}>
          {(r, w) => (
            <r.BarChart
              width={w}
              height={300}
              data={decisionRows(categories, counts, decisions)}
              margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
            >
              <r.CartesianGrid strokeDasharray="3 3" vertical={false} />
              <r.XAxis dataKey="name" interval={0} tick={{ fontSize: 12 }} />
              <r.YAxis
                allowDecimals={false}
                label={{ value: t('renewalPipeline.axis.decisions'), angle: -90, position: 'insideLeft', fontSize: 12 }}
              />
              <r.Tooltip />
              <r.Legend verticalAlign="top" />
              {decisionBars({ r, decisions, t, shape: decisionSegment(t), maxBarSize: 56 })}
            </r.BarChart>
          )}
        </ChartDrawing>
      )}
    </ChartFigure>
  )
}
