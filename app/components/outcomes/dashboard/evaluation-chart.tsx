import { EVALUATION_GRADES } from '~db/schema/enums'
import { OutcomeCountChart, type CountBar } from '~/components/charts/outcome-count-chart'
import { useT } from '~/i18n/use-t'
import type { OutcomeDashboardData } from '~/models/outcome-dashboard.server'

// The annual evaluation's published final grades (issue 16, part 5) for the labs in view: the
// filtered year's round, else the latest published one. Each bar opens the round's table
// filtered to that grade (the offices read published rounds; a lab reads its own result on its
// page, so it gets no chart).
export function EvaluationGradesChart({ evaluation }: { evaluation: NonNullable<OutcomeDashboardData['evaluation']> }) {
  const t = useT()
  const bars: CountBar[] = EVALUATION_GRADES.map((g) => ({
    key: g,
    label: t(`evaluation.grade.${g}`),
    n: evaluation.counts[g],
    href: `/evaluations/${evaluation.roundId}?grade=${g}`,
  }))
  return (
    <OutcomeCountChart
      title={t('cityOutcomes.chart.evaluation', { year: evaluation.year })}
      testId="chart-evaluation-grades"
      bars={bars}
      axis={t('cityOutcomes.axis.labs')}
      colour="#9333ea"
    />
  )
}
