// The next period's indicator plan, proposed with the renewal application (issue 16, part 1).
export const renewalPlansZh = {
  'renewalPlan.title': '下一有效期任务指标计划（第 {n} 期）',
  'renewalPlan.intro':
    '随续期申请提出下一有效期计划完成的任务指标。实验室填报并提交，市局在审查续期时批准或退回；决定续期后，该计划即为新有效期的任务指标计划。',
  'renewalPlan.submitAfterApplication': '续期申请提交后，方可将指标计划提交市局审核。',
  'renewalPlan.none': '续期申请未提出下一有效期的任务指标计划。',
  'renewalPlan.carried': '已转为第 {n} 期有效期的任务指标计划。',
  'renewalPlan.openPeriodPlan': '查看该有效期的计划',
  'renewalPlan.notCarried': '续期未获批准，该计划仅作记录保留。',
  'renewalPlan.saved.savePlan': '已保存指标计划草稿。',
  'renewalPlan.saved.submitPlan': '指标计划已提交，等待市局审核。',
  'renewalPlan.saved.approvePlan': '已批准该指标计划。',
  'renewalPlan.saved.returnPlan': '已退回该指标计划。',
  'renewalPlan.error.applyFirst': '请先提交续期申请，再提交指标计划',
  'renewalPlan.error.decided': '续期已作出决定，随申请提出的指标计划不能再修改或审核',
  'notices.renewalPlan.submitted': '{lab}：续期申请提出的第 {period} 期任务指标计划已提交，待市局审核',
  'notices.renewalPlan.approved': '{lab}：续期申请提出的第 {period} 期任务指标计划已通过审核',
  'notices.renewalPlan.returned': '{lab}：续期申请提出的第 {period} 期任务指标计划被退回：{reason}',
  'audit.action.carry_over': '转入新有效期',
  'dossier.section.proposedPlan': '下一有效期任务指标计划',
  'dossier.proposedPlan.status': '计划状态：{status}',
  'dossier.proposedPlan.none': '未提出下一有效期的任务指标计划。',
} as const

export const renewalPlansEn: Record<keyof typeof renewalPlansZh, string> = {
  'renewalPlan.title': 'Indicator plan for the next period (period {n})',
  'renewalPlan.intro':
    'The renewal application proposes the indicators the lab plans to reach in the next period. The lab fills them in and submits them; the bureau approves or returns them while reviewing the renewal. Once renewed, this is the new period’s indicator plan.',
  'renewalPlan.submitAfterApplication': 'The plan can be submitted to the bureau once the renewal application is submitted.',
  'renewalPlan.none': 'The renewal application proposed no indicator plan for the next period.',
  'renewalPlan.carried': 'Now the indicator plan of period {n}.',
  'renewalPlan.openPeriodPlan': 'Open that period’s plan',
  'renewalPlan.notCarried': 'The lab was not renewed; the plan is kept as a record only.',
  'renewalPlan.saved.savePlan': 'Plan draft saved.',
  'renewalPlan.saved.submitPlan': 'Plan submitted; awaiting the bureau.',
  'renewalPlan.saved.approvePlan': 'Plan approved.',
  'renewalPlan.saved.returnPlan': 'Plan returned.',
  'renewalPlan.error.applyFirst': 'Submit the renewal application first, then the plan',
  'renewalPlan.error.decided': 'The renewal is decided; the plan proposed with it can no longer be changed or decided',
  'notices.renewalPlan.submitted':
    '{lab}: indicator plan for period {period}, proposed with the renewal, submitted for the bureau’s review',
  'notices.renewalPlan.approved': '{lab}: indicator plan for period {period}, proposed with the renewal, approved',
  'notices.renewalPlan.returned': '{lab}: indicator plan for period {period}, proposed with the renewal, returned: {reason}',
  'audit.action.carry_over': 'Carried into the new period',
  'dossier.section.proposedPlan': 'Next period’s indicator plan',
  'dossier.proposedPlan.status': 'Plan status: {status}',
  'dossier.proposedPlan.none': 'No indicator plan proposed for the next period.',
}
