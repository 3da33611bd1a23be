// The review panel of a certification application after assignment (issue 21 item 5): the expert
// reads the whole application, the bureau takes an expert off before it scores, and scoring
// re-checks the conflict of interest. `rounds.` travels with the round pages and the
// expert's assignment page, `applications.` with the application page (messages-asset.server.ts).
export const applicationPanelZh = {
  'rounds.review.expert.readApplication': '查看申报材料全文',
  'applications.backToAssignments': '返回评审任务',
  'rounds.review.unassign': '撤销指派',
  'rounds.review.error.alreadyScored': '该专家已提交评分，不能撤销指派',
  'rounds.review.error.notOnPanel': '该专家不在本申报的评审专家中',
  'roundNotice.review_unassigned': '您对 {applicant} 的认定申报评审任务已被撤销',
  'rounds.review.error.expertIsApplicant': '您所在单位（{org}）即申报单位，须回避，不能评分',
  'rounds.review.error.expertIsPartner': '您所在单位（{org}）是本申报的联合申报单位，须回避，不能评分',
} as const

export const applicationPanelEn: Record<keyof typeof applicationPanelZh, string> = {
  'rounds.review.expert.readApplication': 'Read the whole application',
  'applications.backToAssignments': 'Back to my reviews',
  'rounds.review.unassign': 'Take off',
  'rounds.review.error.alreadyScored': 'This expert has already scored: the assignment can no longer be taken back',
  'rounds.review.error.notOnPanel': 'This expert is not on the panel of this application',
  'roundNotice.review_unassigned': "Your review of {applicant}'s certification application has been withdrawn",
  'rounds.review.error.expertIsApplicant': 'Your organisation ({org}) is the applicant: you must recuse and cannot score',
  'rounds.review.error.expertIsPartner': 'Your organisation ({org}) is a partner of this application: you must recuse and cannot score',
} as const
