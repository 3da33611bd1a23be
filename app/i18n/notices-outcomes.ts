// Notices of issue 16's steps (docs/decisions/013-notices.md): indicator plans and outcomes.
export const noticesOutcomesZh = {
  'notices.indicatorPlan.submitted': '{lab}：第 {period} 期任务指标计划已提交，待市局审核',
  'notices.indicatorPlan.approved': '{lab}：第 {period} 期任务指标计划已通过审核',
  'notices.indicatorPlan.returned': '{lab}：第 {period} 期任务指标计划被退回：{reason}',
  'notices.outcome.recorded': '{lab}：新登记成果“{title}”，待区级核实',
  'notices.outcome.checked': '{lab}：成果“{title}”已经区级核实，待市局认定',
  'notices.outcome.verified': '{lab}：成果“{title}”已经市局认定',
  'notices.outcome.disputed': '{lab}：成果“{title}”存疑：{reason}',
} as const

export const noticesOutcomesEn: Record<keyof typeof noticesOutcomesZh, string> = {
  'notices.indicatorPlan.submitted': '{lab}: indicator plan for period {period} submitted for the bureau’s review',
  'notices.indicatorPlan.approved': '{lab}: indicator plan for period {period} approved',
  'notices.indicatorPlan.returned': '{lab}: indicator plan for period {period} returned: {reason}',
  'notices.outcome.recorded': '{lab}: outcome “{title}” recorded, for the district to check',
  'notices.outcome.checked': '{lab}: outcome “{title}” checked by the district, for the bureau to decide',
  'notices.outcome.verified': '{lab}: outcome “{title}” verified by the bureau',
  'notices.outcome.disputed': '{lab}: outcome “{title}” disputed: {reason}',
}
