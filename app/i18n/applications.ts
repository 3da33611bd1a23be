// The certification applications (issue 21): the notices every inbox shows (shared), and the
// pages' own words under `applications.` (a page-local area, docs/decisions/018).
export const applicationsZh = {
  'reminders.source.round_application': '认定申报进展',
  'audit.entity.round_application': '认定申报',
  'roundNotice.submit': '{applicant} 提交了实验室认定申报',
  'roundNotice.resubmit': '{applicant} 重新提交了退回的认定申报',
  'roundNotice.withdraw': '{applicant} 撤回了认定申报',
  'roundNotice.return': '您的认定申报已被退回修改',
  'roundNotice.reject': '您的认定申报未通过初审',
  'roundNotice.recommend': '您的认定申报已获推荐',
  'roundNotice.withdraw_recommendation': '推荐单位撤回了对您认定申报的推荐',
  'roundNotice.start_review': '{applicant} 的认定申报进入评审',
  'roundNotice.score': '{applicant} 的认定申报有新的评分',
  'roundNotice.shortlist': '{applicant} 的认定申报列入拟入选名单',
  'roundNotice.not_shortlist': '{applicant} 的认定申报未列入拟入选名单',
  'roundNotice.publish': '{applicant} 的认定申报进入公示',
  'roundNotice.sustain_objection': '{applicant} 的认定申报因异议成立退出名单',
  'roundNotice.certify': '{applicant} 的实验室已获认定',
} as const

export const applicationsEn: Record<keyof typeof applicationsZh, string> = {
  'reminders.source.round_application': 'Certification application progress',
  'audit.entity.round_application': 'Certification application',
  'roundNotice.submit': '{applicant} submitted a lab certification application',
  'roundNotice.resubmit': '{applicant} resubmitted its returned application',
  'roundNotice.withdraw': '{applicant} withdrew its application',
  'roundNotice.return': 'Your application was returned for correction',
  'roundNotice.reject': 'Your application did not pass the initial review',
  'roundNotice.recommend': 'Your application was recommended',
  'roundNotice.withdraw_recommendation': 'Your office withdrew its recommendation of your application',
  'roundNotice.start_review': "{applicant}'s application is under expert review",
  'roundNotice.score': "{applicant}'s application has a new score",
  'roundNotice.shortlist': "{applicant}'s application is on the shortlist",
  'roundNotice.not_shortlist': "{applicant}'s application is not on the shortlist",
  'roundNotice.publish': "{applicant}'s application is in public notice",
  'roundNotice.sustain_objection': "{applicant}'s application left the list after an objection",
  'roundNotice.certify': "{applicant}'s lab is certified",
}
