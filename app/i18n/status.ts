// The one status language (docs/status-language.md, app/domain/status-language.ts).
export const statusZh = {
  'status.open': '未到期',
  'status.due_soon': '即将到期（还剩 {days} 天）',
  'status.overdue': '已逾期 {days} 天',
  'status.done': '已完成',
  'status.done_late': '逾期提交（晚 {days} 天）',
  'status.closed_met': '已结束 · 已履行',
  'status.closed_met_late': '已结束 · 逾期履行（晚 {days} 天）',
  'status.closed_not_met': '已结束 · 未履行',
  'status.filedLate': '逾期提交',
  'status.filedLateDays': '逾期提交（晚 {days} 天）',
} as const

export const statusEn: Record<keyof typeof statusZh, string> = {
  'status.open': 'Not due yet',
  'status.due_soon': 'Due soon ({days} days left)',
  'status.overdue': '{days} days overdue',
  'status.done': 'Done',
  'status.done_late': 'Filed late ({days} days)',
  'status.closed_met': 'Closed · met',
  'status.closed_met_late': 'Closed · met late ({days} days)',
  'status.closed_not_met': 'Closed · not met',
  'status.filedLate': 'Filed late',
  'status.filedLateDays': 'Filed late ({days} days)',
} as const
