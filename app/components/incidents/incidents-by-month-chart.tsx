import { useNavigate } from '@remix-run/react'
import { INCIDENT_GRADES, type IncidentGrade } from '~db/schema/enums'
import { ChartDrawing, ChartFigure, segmentShape, SeriesCountTable, useMonthLabel } from '~/components/charts/chart-parts'
import { useT } from '~/i18n/use-t'
import { GRADE_COLOURS } from './badges'

export type MonthGradeCount = { month: string; grade: IncidentGrade; n: number }

// Incidents by month of discovery, stacked by grade; a segment (and each count in the table
// below it) opens the incident table filtered to that month and grade. Fixed size: recharts'
// ResponsiveContainer renders nothing on the server.
export function IncidentsByMonthChart({
  months,
  counts,
  hrefOf,
}: {
  months: readonly string[]
  counts: readonly MonthGradeCount[]
  hrefOf: (month: string, grade?: IncidentGrade) => string
}) {
  const t = useT()
  const navigate = useNavigate()
  const monthLabel = useMonthLabel()
  const count = (month: string, grade: IncidentGrade) => counts.find((c) => c.month === month && c.grade === grade)?.n ?? 0
  const rows = months.map((month) => ({
    month,
    label: monthLabel(month),
    ...Object.fromEntries(INCIDENT_GRADES.map((g) => [g, count(month, g)])),
  }))
  const Segment = segmentShape((payload, grade) => ({
    id: `${payload.month}-${grade}`,
    title: `${payload.label} · ${t(`incidents.grade.${grade as IncidentGrade}`)}`,
  }))
  const table = (
    <SeriesCountTable
      className="text-sm"
      rows={months.map((month) => ({ key: month, label: monthLabel(month) }))}
      series={INCIDENT_GRADES.map((g) => ({ key: g, label: t(`incidents.grade.${g}`), colour: GRADE_COLOURS[g] }))}
      count={count}
      href={hrefOf}
      rowHeader={t('dashboard.col.month')}
    />
  )
  return (
    <ChartFigure
      title={t('incidents.chart.title', { months: months.length })}
      label={t('incidents.chart.label', { months: months.length, total: counts.reduce((sum, c) => sum + c.n, 0) })}
      table={table}
      testId="chart-incidents"
      // its bars open incidents, not the lab registry the dashboard's hint speaks of
      hint="incidents.chart.hint"
    >
      <ChartDrawing width={900} height={300}>
        {(r, w) => (
          <r.BarChart width={w} height={300} data={rows} margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
            <r.CartesianGrid strokeDasharray="3 3" vertical={false} />
            <r.XAxis dataKey="label" interval={0} angle={-45} textAnchor="end" height={70} tick={{ fontSize: 11 }} />
            <r.YAxis allowDecimals={false} label={{ value: t('incidents.chart.axis'), angle: -90, position: 'insideLeft', fontSize: 12 }} />
            <r.Tooltip />
            <r.Legend verticalAlign="top" />
            {INCIDENT_GRADES.map((g) => (
              <r.Bar
                key={g}
                dataKey={g}
                name={t(`incidents.grade.${g}`)}
                stackId="grade"
                fill={GRADE_COLOURS[g]}
                isAnimationActive={false}
                maxBarSize={32}
                shape={Segment}
                onClick={(entry: { payload?: { month?: string } }) => {
                  if (entry.payload?.month) navigate(hrefOf(entry.payload.month, g))
                }}
              />
            ))}
          </r.BarChart>
        )}
      </ChartDrawing>
    </ChartFigure>
  )
}
