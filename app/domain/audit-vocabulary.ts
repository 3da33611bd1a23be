import { FILING_ACTIONS, FILING_KINDS, PERIOD_OUTCOMES, REQUEST_ACTIONS } from '~db/schema/enums'

// Every kind of record the audit log names and everything done to one, once (issue 19: the log
// and a lab's activity feed showed `renewal：decide` and `system / seed` where a word was missing).
// recordAudit takes only these, and the message catalogue has a name for each in both languages
// (tests/components/audit-vocabulary.test.ts), so a new kind of audited change cannot reach the
// screen as its key.

export const AUDIT_ENTITY_TYPES = [
  'lab',
  'lab_status',
  'validity_period',
  'organisation',
  'user',
  'session',
  'team_member',
  'setting',
  'calendar',
  'violation',
  'grade',
  'renewal',
  'review_assignment',
  'review_criterion',
  'indicator_plan',
  'custom_indicator',
  'incident',
  'resource_request',
  'request_type_rule',
  'chat_robot',
  'outcome',
  'evaluation_round',
  'evaluation_result',
  'security_plan',
  'drill',
  'obligation',
  'attachment',
  'reminder_rules',
  'reminder_kind_rules',
  'reminder_snooze',
  'mail',
  'job',
  'import_batch',
  // a personal API token (issue 20)
  'api_token',
  // a personal calendar feed address (issue 20 item 4)
  'calendar_feed',
  // the certification round's settings and the city departments that recommend (issue 21)
  'certification_round',
  'city_department',
  // 公示 and its objections (issue 21 item 6)
  'public_notice',
  'notice_objection',
  // an applicant organisation's registration and its office's decision (issue 21)
  'applicant',
  // a certification application and its steps (issue 21)
  'round_application',
  // one expert's review of a certification application: assigned, conflict, scores (issue 21)
  'application_review',
  'system',
  ...FILING_KINDS,
] as const
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number]

export const AUDIT_ACTIONS = [
  'update',
  'delete',
  'login',
  'login_failed',
  'logout',
  'password_reset',
  'password_changed',
  'expiring',
  'expired',
  'recompute',
  'recompute_proposals',
  'decide',
  'assign_expert',
  'unassign_expert',
  'review',
  'recheck',
  'open',
  'publish',
  'regrade',
  'note',
  'test',
  'supersede',
  'seed',
  'run',
  'retry',
  'import',
  'extend',
  'declare_conflict',
  'close_follow_up',
  'carry_over',
  'advance',
  'adjust',
  'acknowledge',
  'acknowledge_alert',
  'snooze',
  'unsnooze',
  'check',
  'verify',
  'dispute',
  'reset',
  'revoke',
  'replace',
  // 授牌: a shortlisted application becomes a lab with its first certificate (issue 21 item 7)
  'certify',
  // a notice confirmed after its last day; taken off the list by a sustained objection it is
  // 'withdraw', the requests' word (REQUEST_ACTIONS)
  'confirm',
  // a renewal's thread steps of 公示, written through the renewal's own write
  'notice',
  'notice_returned',
  ...FILING_ACTIONS,
  ...REQUEST_ACTIONS,
  ...PERIOD_OUTCOMES,
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]
