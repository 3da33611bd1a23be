// Notices of the filing workflow (issue 15): one title per kind of filing and step, told in the
// reader's language (app/models/filing-notices.server.ts). A grade is given in both languages as
// `grade` and `gradeEn`, since the bureau names its grades in each; a return's reason is an excerpt.
export const noticesFilingZh = {
  'filingNotice.deliverable.submitted': '{lab}：年度成果“{title}”已报送，请出具区级意见',
  'filingNotice.deliverable.resubmitted': '{lab}：年度成果“{title}”已重新报送，请出具区级意见',
  'filingNotice.deliverable.submittedToBureau': '{lab}：年度成果“{title}”已报送，待市局审核',
  'filingNotice.deliverable.resubmittedToBureau': '{lab}：年度成果“{title}”已重新报送，待市局审核',
  'filingNotice.deliverable.opinion': '{lab}：年度成果“{title}”已有区级意见，待市局审核',
  'filingNotice.deliverable.opinionToLab': '{lab}：年度成果“{title}”已有区级意见，请在审核记录中查看',
  'filingNotice.deliverable.returned': '{lab}：年度成果“{title}”被退回，原因：{reason}',
  'filingNotice.deliverable.accepted': '{lab}：年度成果“{title}”已通过审核',
  'filingNotice.deliverable.acceptedGraded': '{lab}：年度成果“{title}”已通过审核，评定等级：{grade}',
  'filingNotice.annual_report.submitted': '{lab}：第{period}期第{year}年年度报告已报送，请出具区级意见',
  'filingNotice.annual_report.resubmitted': '{lab}：第{period}期第{year}年年度报告已重新报送，请出具区级意见',
  'filingNotice.annual_report.submittedToBureau': '{lab}：第{period}期第{year}年年度报告已报送，待市局审核',
  'filingNotice.annual_report.resubmittedToBureau': '{lab}：第{period}期第{year}年年度报告已重新报送，待市局审核',
  'filingNotice.annual_report.opinion': '{lab}：第{period}期第{year}年年度报告已有区级意见，待市局审核',
  'filingNotice.annual_report.opinionToLab': '{lab}：第{period}期第{year}年年度报告已有区级意见，请在审核记录中查看',
  'filingNotice.annual_report.returned': '{lab}：第{period}期第{year}年年度报告被退回，原因：{reason}',
  'filingNotice.annual_report.accepted': '{lab}：第{period}期第{year}年年度报告已通过审核',
  'filingNotice.annual_report.acceptedGraded': '{lab}：第{period}期第{year}年年度报告已通过审核，评定等级：{grade}',
} as const

export const noticesFilingEn: Record<keyof typeof noticesFilingZh, string> = {
  'filingNotice.deliverable.submitted': '{lab}: deliverable “{title}” submitted; your district opinion is asked',
  'filingNotice.deliverable.resubmitted': '{lab}: deliverable “{title}” resubmitted; your district opinion is asked',
  'filingNotice.deliverable.submittedToBureau': '{lab}: deliverable “{title}” submitted; awaiting the bureau’s review',
  'filingNotice.deliverable.resubmittedToBureau': '{lab}: deliverable “{title}” resubmitted; awaiting the bureau’s review',
  'filingNotice.deliverable.opinion': '{lab}: district opinion given on deliverable “{title}”; awaiting the bureau’s review',
  'filingNotice.deliverable.opinionToLab': '{lab}: district opinion given on deliverable “{title}”; see the review thread',
  'filingNotice.deliverable.returned': '{lab}: deliverable “{title}” returned: {reason}',
  'filingNotice.deliverable.accepted': '{lab}: deliverable “{title}” accepted',
  'filingNotice.deliverable.acceptedGraded': '{lab}: deliverable “{title}” accepted, grade: {gradeEn}',
  'filingNotice.annual_report.submitted': '{lab}: annual report for period {period}, year {year} submitted; your district opinion is asked',
  'filingNotice.annual_report.resubmitted':
    '{lab}: annual report for period {period}, year {year} resubmitted; your district opinion is asked',
  'filingNotice.annual_report.submittedToBureau':
    '{lab}: annual report for period {period}, year {year} submitted; awaiting the bureau’s review',
  'filingNotice.annual_report.resubmittedToBureau':
    '{lab}: annual report for period {period}, year {year} resubmitted; awaiting the bureau’s review',
  'filingNotice.annual_report.opinion':
    '{lab}: district opinion given on the annual report for period {period}, year {year}; awaiting the bureau’s review',
  'filingNotice.annual_report.opinionToLab':
    '{lab}: district opinion given on the annual report for period {period}, year {year}; see the review thread',
  'filingNotice.annual_report.returned': '{lab}: annual report for period {period}, year {year} returned: {reason}',
  'filingNotice.annual_report.accepted': '{lab}: annual report for period {period}, year {year} accepted',
  'filingNotice.annual_report.acceptedGraded': '{lab}: annual report for period {period}, year {year} accepted, grade: {gradeEn}',
}
