// Expert review of certification applications (issue 21, docs/decisions/024 plan step 4): the
// notice every inbox shows (shared), and the refusals under `rounds.review.`, which travel with the
// round pages (a page-local area, docs/decisions/018) rather than grow every page's script.
export const applicationReviewsZh = {
  'audit.entity.application_review': '认定申报评审任务',
  'roundNotice.review_assigned': '您被指派评审 {applicant} 的认定申报',
  'rounds.review.error.nothingToReview': '本批次没有可进入此步骤的申报',
  'rounds.review.error.applicantConflict': '该专家所在单位（{org}）即申报单位，须回避',
  'rounds.review.error.partnerConflict': '该专家所在单位（{org}）是本申报的联合申报单位，须回避',
  'rounds.review.error.noneChosen': '请至少选择一项申报列入拟入选名单',
  'rounds.review.error.chosenPending': '{applicant} 的评分尚未完成，不能列入拟入选名单',
  'rounds.review.error.othersPending': '{applicant} 的评分尚未完成：请待全部专家评分后再确定名单',
  'rounds.review.error.criteriaLocked': '本批次已开始评审，评审指标不可再修改',
} as const

export const applicationReviewsEn: Record<keyof typeof applicationReviewsZh, string> = {
  'audit.entity.application_review': 'Certification review assignment',
  'roundNotice.review_assigned': "You are assigned to review {applicant}'s certification application",
  'rounds.review.error.nothingToReview': 'No application of this round is ready for this step',
  'rounds.review.error.applicantConflict': "The expert's organisation ({org}) is the applicant: the expert must recuse",
  'rounds.review.error.partnerConflict': "The expert's organisation ({org}) is a partner of this application: the expert must recuse",
  'rounds.review.error.noneChosen': 'Choose at least one application for the shortlist',
  'rounds.review.error.chosenPending': "{applicant}'s scores are not complete: it cannot be shortlisted yet",
  'rounds.review.error.othersPending': "{applicant}'s scores are not complete: wait for every expert before deciding the list",
  'rounds.review.error.criteriaLocked': "This round's review has started: its criteria can no longer change",
}
