import type { DistrictCode } from '~db/schema/enums'
import { RenewalByDirectionChart } from '~/components/charts/renewal-by-direction-chart'
import { RenewalByDistrictChart } from '~/components/charts/renewal-by-district-chart'
import { RenewalByGradeChart } from '~/components/charts/renewal-by-grade-chart'
import type { Grade } from '~/domain/grades'
import type { PipelineAggregates } from '~/models/renewal-pipeline-params'

// The pipeline's outcomes: decisions by grade, district and direction, each stacked by decision.
export function PipelineCharts({
  aggregates,
  grades,
  districts,
}: {
  aggregates: PipelineAggregates
  grades: readonly Grade[]
  districts: readonly DistrictCode[]
}) {
  return (
    <section className="grid gap-4 xl:grid-cols-2">
      <RenewalByGradeChart counts={aggregates.byGrade} grades={grades} />
      {/* one bar for a district office: its own district's decisions are the grade chart's */}
      {districts.length > 1 ? <RenewalByDistrictChart counts={aggregates.byDistrict} districts={districts} /> : null}
      <div className="xl:col-span-2">
        <RenewalByDirectionChart counts={aggregates.byDirection} />
      </div>
    </section>
  )
}
