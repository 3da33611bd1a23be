// The kinds of notice (issue 15) and who can receive each: the list 我的账户 shows a person, one
// mail switch per kind. A kind is a reminder source (db/schema/enums.ts REMINDER_SOURCES): a due
// date falling (deliverable, drill …) or an event (a filing returned, an incident reported …).
// Scope decides whom a notice reaches (app/models/event-notices.server.ts); this list only keeps
// the account page from offering a lab switches for notices only offices receive.
import type { ReminderSource, Role } from '~db/schema/enums'

// Due dates a lab owes; its office and the bureau hear of them as escalations.
const LAB_OBLIGATIONS = [
  'validity',
  'deliverable',
  'annual_report',
  'plan_review',
  'drill',
  'incident_report',
  'incident_followup',
] as const

export const NOTICE_KINDS_BY_ROLE: Record<Role, readonly ReminderSource[]> = {
  lab: [
    ...LAB_OBLIGATIONS,
    'filing',
    'request',
    'incident',
    'security_plan',
    'indicator_plan',
    'outcome',
    // a published annual evaluation: each lab its own result
    'evaluation',
    'renewal_window',
    'renewal_decision',
    'public_notice',
  ],
  district: [
    ...LAB_OBLIGATIONS,
    'filing',
    'request',
    'incident',
    'outcome',
    'incident_alert',
    'renewal_submitted',
    'renewal_decision',
    'public_notice',
    'weekly_summary',
    // a registration naming the district arrives (issue 21)
    'applicant',
    'round_application',
  ],
  bureau: [
    ...LAB_OBLIGATIONS,
    'request_decision',
    'filing',
    'request',
    'incident',
    'incident_alert',
    'security_plan',
    'indicator_plan',
    'outcome',
    'renewal_submitted',
    'review_submitted',
    'renewal_decision',
    'public_notice',
    'weekly_summary',
    'applicant',
    // a certification application's expert scored it (issue 21)
    'round_application',
  ],
  // a certification application assigned to the expert (issue 21)
  expert: ['review_assignment', 'round_application'],
  // the certification round (issue 21): an applicant hears its office's decision on its
  // registration and each step of its applications; a department office of the registrations and
  // applications naming it
  applicant: ['applicant', 'round_application'],
  department: ['applicant', 'round_application'],
}

export function noticeKindsFor(role: Role): readonly ReminderSource[] {
  return NOTICE_KINDS_BY_ROLE[role]
}

// Kinds a person may turn off altogether, not only by mail: 我的账户's switch then stops the inbox
// item too (app/models/event-notices.server.ts). The weekly summary repeats what the dashboard and
// the other notices already say, so a person who does not want it should not find it anywhere.
const WHOLLY_OPTIONAL: ReadonlySet<ReminderSource> = new Set(['weekly_summary'])

export function isWhollyOptional(source: ReminderSource): boolean {
  return WHOLLY_OPTIONAL.has(source)
}
