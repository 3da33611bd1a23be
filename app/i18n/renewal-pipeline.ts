// 续期办理 (issue 8, item 5): the pipeline's messages beyond those in renewals.ts.
export const renewalPipelineZh = {
  'renewalPipeline.col.renewalId': '续期编号',
  'renewalPipeline.col.decidedOn': '决定日期',
  'renewalPipeline.overdue': '逾期',
  'renewalPipeline.overdueHint': '红色标记：届满未申请、届满后仍未决定或整改期限已过。',
  'renewalPipeline.export': '导出 CSV',
  'renewalPipeline.csvName': '续期办理',
  'renewalPipeline.tiles': '各进度数量',
  'renewalPipeline.noGrade': '未评定等级',
  'renewalPipeline.chart.hint': '已作出的续期决定（含整改中），按决定分段；随所属区、方向和名称筛选。',
  'renewalPipeline.chart.label': '共 {n} 项续期决定',
  'renewalPipeline.axis.decisions': '决定数',
} as const

export const renewalPipelineEn: Record<keyof typeof renewalPipelineZh, string> = {
  'renewalPipeline.col.renewalId': 'Renewal no.',
  'renewalPipeline.col.decidedOn': 'Decided on',
  'renewalPipeline.overdue': 'Overdue',
  'renewalPipeline.overdueHint': 'Marked red: ended without an application, undecided after the end, or past the rectification deadline.',
  'renewalPipeline.export': 'Export CSV',
  'renewalPipeline.csvName': 'renewals',
  'renewalPipeline.tiles': 'Labs per stage',
  'renewalPipeline.noGrade': 'No grade',
  'renewalPipeline.chart.hint':
    'Renewal decisions taken (rectifying included), split by decision; they follow the district, direction and name filters.',
  'renewalPipeline.chart.label': '{n} renewal decisions',
  'renewalPipeline.axis.decisions': 'Decisions',
}
