import { DELIVERABLE_FORMS, DIRECTIONS, type DistrictCode } from '~db/schema/enums'
import { OutcomeCountChart, type CountBar } from '~/components/charts/outcome-count-chart'
import { formatWanText } from '~/domain/money'
import type { MessageKey } from '~/i18n'
import { useT } from '~/i18n/use-t'
import type { OutcomeDashboardData } from '~/models/outcome-dashboard.server'
import { KIND_FILTERS, registerHref, type OutcomeFilter } from '~/models/outcome-dashboard-params'
import { EvaluationGradesChart } from './evaluation-chart'
import { FulfilmentChart } from './fulfilment-chart'
import { OutcomeTiles } from './outcome-tiles'
import { PaceTables } from './pace-table'

// The panels of /outcomes, in reading order: totals, what was produced (form, kind), where
// (direction, district), when (year, with the transfer value), then the plans' fulfilment and
// the annual evaluation's published grades.
export function OutcomeDashboard({
  data,
  filter,
  districts,
  showDirections,
}: {
  data: OutcomeDashboardData
  filter: OutcomeFilter
  // the districts the viewer sees (none: no district chart)
  districts: readonly DistrictCode[]
  showDirections: boolean
}) {
  const t = useT()
  const countOf = <K extends string | number>(rows: { key: K; n: number }[], key: K) => rows.find((r) => r.key === key)?.n ?? 0
  const axis = t('cityOutcomes.axis.items')

  const byForm: CountBar[] = DELIVERABLE_FORMS.map((f) => ({
    key: f,
    label: t(`deliverables.form.${f}`),
    n: countOf(data.byForm, f),
    href: registerHref(filter, { form: f }),
  }))
  const byKind: CountBar[] = KIND_FILTERS.map((k) => ({
    key: k,
    label: t(k === 'none' ? 'cityOutcomes.kind.none' : (`outcomes.kind.${k}` as MessageKey)),
    n: countOf(data.byKind, k),
    href: registerHref(filter, { kind: k }),
  }))
  const byDirection: CountBar[] = DIRECTIONS.map((d) => ({
    key: String(d),
    label: `${d}. ${t(`direction.${d}`)}`,
    n: countOf(data.byDirection, d),
    href: registerHref(filter, { direction: d }),
  }))
  const byDistrict: CountBar[] = districts.map((c) => ({
    key: c,
    label: t(`district.${c}`),
    n: countOf(data.byDistrict, c),
    href: registerHref(filter, { districtCode: c }),
  }))
  const byYear: CountBar[] = data.byYear.map((y) => ({
    key: String(y.year),
    label: String(y.year),
    n: y.n,
    href: registerHref(filter, { year: y.year }),
  }))
  // bar heights in 万元 (display only); the numbers are the exact yuan, shown in 万元
  const valueByYear: CountBar[] = data.byYear.map((y) => ({
    key: String(y.year),
    label: String(y.year),
    n: y.valueYuan / 10_000,
    text: formatWanText(y.valueYuan),
    href: registerHref(filter, { year: y.year, kind: 'transfer' }),
  }))
  const totalValue = data.byYear.reduce((s, y) => s + y.valueYuan, 0)

  return (
    <div className="space-y-6">
      <OutcomeTiles data={data} filter={filter} />
      <div className="grid gap-6 xl:grid-cols-2">
        <OutcomeCountChart
          title={t('cityOutcomes.chart.byForm')}
          testId="chart-outcomes-by-form"
          bars={byForm}
          axis={axis}
          note="cityOutcomes.chart.formHint"
        />
        <OutcomeCountChart
          title={t('cityOutcomes.chart.byKind')}
          testId="chart-outcomes-by-kind"
          bars={byKind}
          axis={axis}
          colour="#0c4a6e"
        />
      </div>
      {showDirections ? (
        <OutcomeCountChart
          title={t('cityOutcomes.chart.byDirection')}
          testId="chart-outcomes-by-direction"
          bars={byDirection}
          axis={axis}
          layout="vertical"
          colour="#7c3aed"
        />
      ) : null}
      {districts.length > 1 ? (
        <OutcomeCountChart
          title={t('cityOutcomes.chart.byDistrict')}
          testId="chart-outcomes-by-district"
          bars={byDistrict}
          axis={axis}
          colour="#0f766e"
          width={900}
        />
      ) : null}
      <div className="grid gap-6 xl:grid-cols-2">
        <OutcomeCountChart
          title={t('cityOutcomes.chart.byYear')}
          testId="chart-outcomes-by-year"
          bars={byYear}
          axis={axis}
          colour="#0369a1"
        />
        <OutcomeCountChart
          title={t('cityOutcomes.chart.valueByYear')}
          testId="chart-transfer-value-by-year"
          bars={valueByYear}
          axis={t('cityOutcomes.axis.wan')}
          colour="#b45309"
          label={`${t('cityOutcomes.chart.valueByYear')}: ${formatWanText(totalValue)}`}
        />
      </div>
      <FulfilmentChart fulfilment={data.fulfilment.distribution} />
      <PaceTables pace={data.fulfilment} filter={filter} />
      {data.evaluation ? <EvaluationGradesChart evaluation={data.evaluation} /> : null}
    </div>
  )
}
