// The 使用说明 page (issue 19 item 10): for each role, what it does in Labcycle step by step with
// the pages it uses, and the deadlines that bind it. The deadlines are read from the same rule
// settings and request rules the engine, the ledger and the reminders read (app/domain/settings.ts,
// app/domain/resource-requests.ts), so the page never states a number the system does not use.
import { ROLES, type Role } from '~db/schema/enums'
import type { MessageKey } from '~/i18n'
import type { TypeRules } from './resource-requests'
import type { RuleSettings } from './settings'

export const HELP_ROLES = ROLES

export function isHelpRole(value: string): value is Role {
  return (HELP_ROLES as readonly string[]).includes(value)
}

export type HelpStep = { key: MessageKey; links: { key: MessageKey; path: string }[] }

/**
 * A role's steps in order. `labId` is the lab account's own lab, for its links; without one (the
 * bureau reading a lab's guide) the links go where a lab account's menu would start.
 */
export function helpSteps(role: Role, labId: number | null): HelpStep[] {
  const lab = labId === null ? '/labs' : `/labs/${labId}`
  const step = (key: MessageKey, ...links: [MessageKey, string][]): HelpStep => ({
    key,
    links: links.map(([k, path]) => ({ key: k, path })),
  })
  switch (role) {
    case 'lab':
      return [
        step('help.lab.home', ['nav.dashboard', '/']),
        step('help.lab.team', ['help.link.team', `${lab}/team`]),
        step('help.lab.plan', ['help.link.plan', `${lab}/plan`], ['help.link.outcomes', `${lab}/outcomes`]),
        step('help.lab.deliverables', ['help.link.deliverables', `${lab}/deliverables`]),
        step('help.lab.reports', ['help.link.reports', `${lab}/reports`]),
        step('help.lab.security', ['help.link.security', `${lab}/security`]),
        step('help.lab.requests', ['nav.requests', `${lab}/requests`]),
        step('help.lab.renewal', ['help.link.renewal', `${lab}/renewal`]),
        step(
          'help.lab.reminders',
          ['help.link.obligations', `${lab}/obligations`],
          ['nav.inbox', '/inbox'],
          ['help.link.account', '/account'],
        ),
      ]
    case 'district':
      return [
        step('help.district.home', ['nav.dashboard', '/'], ['nav.labs', '/labs']),
        step('help.district.reviews', ['nav.reviews', '/reviews']),
        step('help.district.requests', ['nav.requests', '/requests']),
        step('help.district.outcomes', ['nav.outcomes', '/outcomes'], ['help.link.register', '/outcomes/register']),
        step('help.district.security', ['nav.security', '/security']),
        step('help.district.renewals', ['nav.renewals', '/renewals'], ['nav.evaluations', '/evaluations']),
        step('help.department.applicants', ['nav.applicants', '/applicants']),
        step('help.district.robots', ['help.link.robots', '/settings/robots'], ['help.link.account', '/account']),
      ]
    case 'bureau':
      return [
        step('help.bureau.registry', ['nav.labs', '/labs'], ['nav.organisations', '/organisations'], ['nav.imports', '/imports']),
        step('help.bureau.users', ['nav.users', '/users']),
        step('help.bureau.reviews', ['nav.reviews', '/reviews']),
        step('help.bureau.requests', ['nav.requests', '/requests'], ['help.link.requestRules', '/settings/requests']),
        step('help.bureau.security', ['nav.security', '/security']),
        step('help.bureau.renewals', ['nav.renewals', '/renewals'], ['help.link.criteria', '/settings/criteria']),
        step('help.bureau.evaluations', ['nav.evaluations', '/evaluations'], ['nav.outcomes', '/outcomes']),
        step(
          'help.bureau.settings',
          ['nav.settings', '/settings'],
          ['help.link.reminderRules', '/settings/reminders'],
          ['nav.calendar', '/calendar'],
        ),
        step('help.bureau.operations', ['nav.jobs', '/jobs'], ['outbox.title', '/outbox'], ['nav.audit', '/audit']),
      ]
    case 'expert':
      return [
        step('help.expert.assignments', ['nav.assignments', '/assignments']),
        step('help.expert.score'),
        step('help.expert.conflict'),
        step('help.expert.account', ['help.link.account', '/account']),
      ]
    // the certification round's accounts (issue 21); the application steps join with their pages
    case 'applicant':
      return [
        step('help.applicant.register', ['nav.registration', '/registration']),
        step('help.applicant.apply'),
        step('help.round.account', ['help.link.account', '/account'], ['nav.inbox', '/inbox']),
      ]
    case 'department':
      return [
        step('help.department.applicants', ['nav.applicants', '/applicants']),
        step('help.round.account', ['help.link.account', '/account'], ['nav.inbox', '/inbox']),
      ]
  }
}

export type HelpDeadline = { key: MessageKey; vars: Record<string, number> }

const hoursByGrade = (s: RuleSettings) => ({
  I: s.incidentReportHoursI,
  II: s.incidentReportHoursII,
  III: s.incidentReportHoursIII,
  IV: s.incidentReportHoursIV,
})
const followUpByGrade = (s: RuleSettings) => ({
  I: s.incidentFollowUpDaysI,
  II: s.incidentFollowUpDaysII,
  III: s.incidentFollowUpDaysIII,
  IV: s.incidentFollowUpDaysIV,
})

/** The deadlines a role works to, each a message with the numbers the rules use today. */
export function helpDeadlines(role: Role, settings: RuleSettings): HelpDeadline[] {
  const d = (key: MessageKey, vars: Record<string, number> = {}): HelpDeadline => ({ key, vars })
  const deliverable = d('help.deadline.deliverable')
  const report = d('help.deadline.report', { days: settings.reportDueDaysAfterYearEnd })
  const expiry = d('help.deadline.expiry', { days: settings.expiryWindowDays })
  const renewal = d('help.deadline.renewalWindow', { days: settings.renewalWindowDays })
  const incident = d('help.deadline.incidentHours', hoursByGrade(settings))
  const followUp = d('help.deadline.incidentFollowUp', followUpByGrade(settings))
  const plan = d('help.deadline.planReview', { months: settings.planReviewMonths })
  const drill = d('help.deadline.drill', { months: settings.drillIntervalMonths })
  const progress = d('help.deadline.planProgress', { year1: settings.planYear1Percent, end: settings.planEndPercent })
  const rectification = d('help.deadline.rectification', { months: settings.rectificationMonths })
  const unapplied =
    settings.unappliedNotRenewedAfterDays === 0
      ? d('help.deadline.unappliedNever')
      : d('help.deadline.unappliedAfter', { days: settings.unappliedNotRenewedAfterDays })
  switch (role) {
    case 'lab':
      return [
        deliverable,
        report,
        progress,
        plan,
        drill,
        incident,
        followUp,
        expiry,
        renewal,
        unapplied,
        rectification,
        d('help.deadline.attachment', { mb: settings.attachmentMaxMb }),
      ]
    case 'district':
      return [report, incident, followUp, expiry, renewal]
    case 'bureau':
      return [report, incident, expiry, renewal, unapplied, rectification, progress]
    case 'expert':
    case 'applicant':
    case 'department':
      return []
  }
}

/** Which roles see the request decision deadlines by type: the side that asks and the offices. */
export function showsRequestRules(role: Role): boolean {
  return role === 'bureau' || role === 'district' || role === 'lab'
}

export type RequestRuleRow = { type: keyof TypeRules; decisionDays: number; districtOpinion: boolean }

export function requestRuleRows(rules: TypeRules): RequestRuleRow[] {
  return (Object.keys(rules) as (keyof TypeRules)[]).map((type) => ({ type, ...rules[type] }))
}
