// Notices of incidents and emergency plans, and urgent incident alerts (issue 15 parts 1 and 2):
// the notices' titles (stored as keys with params, shown in the reader's language), the alert
// setting, the acknowledgement on the incident page and the bureau's list of pending alerts.
export const noticesIncidentsZh = {
  'notices.incident.reported': '{lab}报告安全事件“{title}”（{grade} 级）',
  'notices.incident.alert': '紧急：{lab}报告 {grade} 级安全事件“{title}”',
  'notices.incident.alertRegraded': '紧急：{lab}的安全事件“{title}”调整为 {grade} 级',
  'notices.incident.regraded': '{lab}的安全事件“{title}”由 {from} 级调整为 {grade} 级',
  'notices.incident.closed': '{lab}的安全事件“{title}”已关闭',
  'notices.plan.submitted': '{lab}提交应急预案 {version}，待市局确认',
  'notices.plan.acknowledged': '市局已确认{lab}的应急预案 {version}',

  'settings.unit.grades': '个等级',
  'settings.incidentAlertGrades.label': '紧急告警的事件等级',
  'settings.incidentAlertGrades.help':
    '报告这些等级的事件时，立即以站内通知、邮件和群机器人告警市局与所在区；从特别重大（I级）起算的等级数：2 即 I、II 级，0 为不告警。',
  'settings.incidentAlertGrades.option.0': '不告警',
  'settings.incidentAlertGrades.option.1': '仅 I 级',
  'settings.incidentAlertGrades.option.2': 'I–II 级',
  'settings.incidentAlertGrades.option.3': 'I–III 级',
  'settings.incidentAlertGrades.option.4': 'I–IV 级（全部）',

  'incidentAlerts.fact': '紧急告警',
  'incidentAlerts.pending': '已于 {at} 告警，待市局确认',
  'incidentAlerts.acknowledged': '已于 {at} 告警，{who} 于 {ackAt} 确认',
  'incidentAlerts.acknowledge': '确认已收到告警',
  'incidentAlerts.acknowledgeHint': '确认后，导航中“数据安全”的待确认数减一；确认记入审计日志。',
  'incidentAlerts.error.noAlert': '该事件没有紧急告警，无需确认。',
  'incidentAlerts.error.alreadyAcknowledged': '该告警已由他人确认。',
  'incidentAlerts.list.title': '待确认的紧急告警',
  'incidentAlerts.list.titleDistrict': '市局尚未确认的紧急告警',
  'incidentAlerts.list.hint': '紧急等级的事件报告后立即告警；每条告警须由市局确认。',
  'incidentAlerts.list.alertedAt': '告警时间',
  'incidentAlerts.badge': '{n} 条紧急告警待确认',
  'incidents.saved.alertAcknowledged': '已确认收到紧急告警。',
} as const

export type NoticesIncidentsKey = keyof typeof noticesIncidentsZh

export const noticesIncidentsEn: Record<NoticesIncidentsKey, string> = {
  'notices.incident.reported': '{lab} reported incident “{title}” (grade {grade})',
  'notices.incident.alert': 'Urgent: {lab} reported grade {grade} incident “{title}”',
  'notices.incident.alertRegraded': 'Urgent: {lab}’s incident “{title}” regraded to grade {grade}',
  'notices.incident.regraded': '{lab}’s incident “{title}” regraded from {from} to {grade}',
  'notices.incident.closed': '{lab}’s incident “{title}” closed',
  'notices.plan.submitted': '{lab} submitted emergency plan {version} for acknowledgement',
  'notices.plan.acknowledged': 'The bureau acknowledged {lab}’s emergency plan {version}',

  'settings.unit.grades': 'grades',
  'settings.incidentAlertGrades.label': 'Incident grades alerted as urgent',
  'settings.incidentAlertGrades.help':
    'Reporting an incident of these grades alerts the bureau and the district at once, in the inbox, by mail and in the chat robots; grades counted from I (especially serious): 2 means I and II, 0 none.',
  'settings.incidentAlertGrades.option.0': 'No alerts',
  'settings.incidentAlertGrades.option.1': 'Grade I only',
  'settings.incidentAlertGrades.option.2': 'Grades I–II',
  'settings.incidentAlertGrades.option.3': 'Grades I–III',
  'settings.incidentAlertGrades.option.4': 'Grades I–IV (all)',

  'incidentAlerts.fact': 'Urgent alert',
  'incidentAlerts.pending': 'Alerted at {at}, awaiting the bureau’s acknowledgement',
  'incidentAlerts.acknowledged': 'Alerted at {at}, acknowledged by {who} at {ackAt}',
  'incidentAlerts.acknowledge': 'Acknowledge the alert',
  'incidentAlerts.acknowledgeHint':
    'Acknowledging takes one off the count on “Data security” in the navigation; it is recorded in the audit log.',
  'incidentAlerts.error.noAlert': 'This incident raised no urgent alert; there is nothing to acknowledge.',
  'incidentAlerts.error.alreadyAcknowledged': 'Someone else has already acknowledged this alert.',
  'incidentAlerts.list.title': 'Urgent alerts awaiting acknowledgement',
  'incidentAlerts.list.titleDistrict': 'Urgent alerts the bureau has not yet acknowledged',
  'incidentAlerts.list.hint': 'An incident of an urgent grade is alerted as soon as it is reported; the bureau acknowledges each alert.',
  'incidentAlerts.list.alertedAt': 'Alerted at',
  'incidentAlerts.badge': '{n} urgent alerts awaiting acknowledgement',
  'incidents.saved.alertAcknowledged': 'Alert acknowledged.',
}
