// The resource-request queue's export and the dashboard section on how the bureau serves labs
// (issue 6); the shared request words live in ./requests.ts.
export const requestServiceZh = {
  'requestService.col.id': '申请编号',
  'requestService.col.workingDays': '决定用时（工作日）',
  'requestService.col.inTime': '按时决定',
  'requestService.csvName': '资源支持申请',
  'requestService.queue.districtIntro':
    '本区实验室的资源支持申请（草稿除外），待决定的排在前面、超过决定时限的最先。“待我办理”列出需要本区出具意见的申请。',
  'requestService.dash.chartHint': '点击柱形可打开对应的申请列表；下方“数据表”列出同样的数字。',
  'requestService.dash.speedHint': '柱形为已决定申请自提交到决定的工作日数（中位数和 90% 分位）；下方“数据表”列出件数和按时决定的比例。',
  'requestService.dash.axis.requests': '申请（件）',
  'requestService.dash.axis.days': '工作日',
  'requestService.dash.inTimeOf': '{inTime} / {n} 件',
  'requestService.dash.byTypeStatusLabel': '各类型资源支持申请数量，按状态分段，共 {n} 件',
  'requestService.dash.speedLabel': '已决定申请的决定用时（工作日）：{groups} 个类别，共 {n} 件',
  'requestService.dash.col.typeUnit': '类型（单位）',
  'requestService.dash.col.total': '合计',
  'requestService.dash.grantedCell': '{total}（{n} 件）',
  'requestService.dash.grantedEmpty': '暂无获批的申请。',
} as const

export const requestServiceEn: Record<keyof typeof requestServiceZh, string> = {
  'requestService.col.id': 'No.',
  'requestService.col.workingDays': 'Working days taken',
  'requestService.col.inTime': 'Decided in time',
  'requestService.csvName': 'resource-requests',
  'requestService.queue.districtIntro':
    "Resource support requests from the district's labs (drafts excepted), those awaiting a decision first and overdue ones leading. “Awaiting me” lists those waiting for the district's opinion.",
  'requestService.dash.chartHint': 'Click a bar to open the requests it counts; the data table below lists the same numbers.',
  'requestService.dash.speedHint':
    'Bars are working days from submission to decision for decided requests (median and 90th percentile); the data table below lists how many and the share decided in time.',
  'requestService.dash.axis.requests': 'Requests',
  'requestService.dash.axis.days': 'Working days',
  'requestService.dash.inTimeOf': '{inTime} of {n}',
  'requestService.dash.byTypeStatusLabel': 'Resource support requests by type, split by status: {n} in all',
  'requestService.dash.speedLabel': 'Working days to decision for decided requests: {groups} groups, {n} requests',
  'requestService.dash.col.typeUnit': 'Type (unit)',
  'requestService.dash.col.total': 'Total',
  'requestService.dash.grantedCell': '{total} ({n})',
  'requestService.dash.grantedEmpty': 'Nothing granted yet.',
}
