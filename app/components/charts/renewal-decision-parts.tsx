import { RENEWAL_DECISIONS, type RenewalDecision } from '~db/schema/enums'
import type { Translate } from '~/i18n'
import { useT } from '~/i18n/use-t'
import type { DecisionCount } from '~/models/renewal-pipeline-params'
import { segmentShape, SeriesCountTable, type Recharts } from './chart-parts'

// What the three renewal-decision charts share: a colour per decision (green renewed, amber
// renewed after rectification, red not renewed, dark violet revoked), the legend kept to the
// decisions present, and the numbers as a table. The counts are not links: the pipeline has no
// decision filter, and they include renewals still rectifying.

export const RENEWAL_DECISION_COLOURS: Record<RenewalDecision, string> = {
  renew: '#15803d',
  renew_after_rectification: '#d97706',
  not_renew: '#b91c1c',
  revoke: '#4c1d95',
}

export type DecisionCategory = { key: string; name: string }

export function presentDecisions(counts: DecisionCount[]): RenewalDecision[] {
  return RENEWAL_DECISIONS.filter((d) => counts.some((c) => c.decision === d && c.n > 0))
}

export const countOf = (counts: DecisionCount[], key: string, decision: RenewalDecision) =>
  counts.find((c) => c.key === key && c.decision === decision)?.n ?? 0

/** The chart's rows: one per category, a count per decision. */
export function decisionRows(categories: DecisionCategory[], counts: DecisionCount[], decisions: RenewalDecision[]) {
  return categories.map((c) => ({ key: c.key, name: c.name, ...Object.fromEntries(decisions.map((d) => [d, countOf(counts, c.key, d)])) }))
}

export function DecisionTable({
  categories,
  counts,
  decisions,
  rowHeader,
}: {
  categories: DecisionCategory[]
  counts: DecisionCount[]
  decisions: RenewalDecision[]
  rowHeader: string
}) {
  const t = useT()
  return (
    <SeriesCountTable
      rows={categories.map((c) => ({ key: c.key, label: c.name }))}
      series={decisions.map((d) => ({ key: d, label: t(`renewals.decision.${d}`), colour: RENEWAL_DECISION_COLOURS[d] }))}
      count={(key, d) => countOf(counts, key, d)}
      rowHeader={rowHeader}
      rowTestId="decision-row"
    />
  )
}

/** A segment naming its category and decision (for pointer and screen-reader users and the browser tests). */
export function decisionSegment(t: Translate) {
  return segmentShape((payload, decision) => ({
    id: `${payload.key}-${decision}`,
    title: `${payload.name} · ${t(`renewals.decision.${decision as RenewalDecision}`)}`,
  }))
}

/** One stacked <Bar> per decision; called as a function, since recharts reads its <Bar> children directly. */
export function decisionBars({
  r,
  decisions,
  t,
  shape,
  maxBarSize,
}: {
  r: Recharts
  decisions: RenewalDecision[]
  t: Translate
  shape: ReturnType<typeof segmentShape>
  maxBarSize: number
}) {
  return decisions.map((d) => (
    <r.Bar
      key={d}
      dataKey={d}
      name={t(`renewals.decision.${d}`)}
      stackId="decision"
      fill={RENEWAL_DECISION_COLOURS[d]}
      isAnimationActive={false}
      maxBarSize={maxBarSize}
      shape={shape}
    />
  ))
}

export const decisionTotal = (counts: DecisionCount[]) => counts.reduce((sum, c) => sum + c.n, 0)
