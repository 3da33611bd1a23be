import type { DistrictCode, Role } from '~db/schema/enums'

// Who may do what. Loaders and actions ask here; models apply the same scope in SQL
// (app/models/scope.server.ts) so lists, counts, charts and exports never leak.
export type Actor = {
  id: number
  role: Role
  districtCode: DistrictCode | null
  labId: number | null
  /** a city department's office (role 'department', issue 21); absent for every other role */
  departmentId?: number | null
  /** the applicant organisation an 'applicant' account speaks for (issue 21) */
  applicantId?: number | null
}

export type LabRef = { id: number; districtCode: string }

export function canViewLab(actor: Actor, lab: LabRef): boolean {
  switch (actor.role) {
    case 'bureau':
      return true
    case 'district':
      return actor.districtCode !== null && lab.districtCode === actor.districtCode
    case 'lab':
      return actor.labId !== null && lab.id === actor.labId
    case 'expert':
      // experts see only the renewal dossiers assigned to them (the renewal issue)
      return false
    case 'applicant':
    case 'department':
      // the certification round's accounts (issue 21) work on applications, not on labs
      return false
  }
}

/** The lab's own staff (a lab account bound to this lab). */
export function isOwnLab(actor: Actor, lab: { id: number }): boolean {
  return actor.role === 'lab' && actor.labId === lab.id
}

export type Capability =
  | 'lab:create'
  | 'lab:edit'
  | 'period:manage'
  | 'organisation:manage'
  | 'user:manage'
  | 'audit:view'
  | 'registry:view'
  | 'settings:manage'
  | 'calendar:view'
  | 'calendar:manage'
  | 'eligibility:manage'
  | 'obligation:extend'
  | 'review:view'
  | 'request:queue'
  | 'incident:view_all'
  | 'security_plan:acknowledge'
  | 'incident_alert:acknowledge'
  | 'jobs:manage'
  | 'mail:manage'
  | 'renewal:pipeline'
  | 'lab:view'
  | 'request:file'
  | 'assignment:review'
  | 'robot:manage'
  | 'indicator_plan:decide'
  | 'outcome:dashboard'
  | 'evaluation:view'
  | 'evaluation:manage'
  | 'import:manage'
  | 'import:roster'
  | 'round:manage'
  | 'applicant:manage'
  | 'application:apply'
  | 'registration:view'
  // the certification applications (issue 21): the offices and the bureau theirs, an applicant its own
  | 'application:view'
  // one application's page (issue 21 item 5): those of application:view and the experts, each
  // only what canSeeApplication lets them find (an expert: assigned, no conflict, from the review on)
  | 'application:read'

const BUREAU_ONLY: ReadonlySet<Capability> = new Set([
  'lab:create',
  'lab:edit',
  'period:manage',
  'organisation:manage',
  'user:manage',
  'audit:view',
  'settings:manage',
  'calendar:manage',
  'eligibility:manage',
  'obligation:extend',
  'security_plan:acknowledge',
  // an urgent incident's alert (issue 15): the bureau's to acknowledge, as it counts them
  'incident_alert:acknowledge',
  'jobs:manage',
  // the mail outbox: every recipient's reminder mail, so the bureau only
  'mail:manage',
  // a lab's indicator plan for its period (issue 16): the bureau approves or returns it
  'indicator_plan:decide',
  // the annual evaluation (issue 16): the bureau opens, adjusts, recomputes and publishes rounds
  'evaluation:manage',
  // the spreadsheet import (issue 17) of organisations, labs and users, and the imports' kept files
  'import:manage',
  // the certification rounds (issue 21) and the city departments that recommend in them
  'round:manage',
])

// What the bureau and the district offices share, a district always for its own labs only
// (scoped in SQL, app/models/scope.server.ts): the registry; the review queue (the bureau decides
// filings, a district gives its opinion); the resource-request queue and its dashboard section;
// the renewal pipeline; every lab's incidents and security checks; each office its own chat robots.
const OFFICES: ReadonlySet<Capability> = new Set([
  'registry:view',
  'review:view',
  'request:queue',
  'renewal:pipeline',
  'incident:view_all',
  'robot:manage',
  // published annual evaluation rounds, a district its own district's results
  'evaluation:view',
])

export function can(actor: Actor, capability: Capability): boolean {
  if (BUREAU_ONLY.has(capability)) return actor.role === 'bureau'
  if (OFFICES.has(capability)) return actor.role === 'bureau' || actor.role === 'district'
  // The roles that work with deadlines; experts have none of their own to count.
  if (capability === 'calendar:view') return actor.role === 'bureau' || actor.role === 'district' || actor.role === 'lab'
  // Some lab to open: the registry for the offices, its own lab for a lab account (canViewLab).
  if (capability === 'lab:view') return actor.role === 'bureau' || actor.role === 'district' || actor.role === 'lab'
  // A lab account asks for resources for the lab it is bound to (canCreateRequest per lab).
  if (capability === 'request:file') return actor.role === 'lab' && actor.labId !== null
  // The city outcomes dashboard (issue 16): the bureau the city, a district its own, a lab itself
  // (scoped in SQL); experts have no outcomes to read.
  if (capability === 'outcome:dashboard')
    return actor.role === 'bureau' || actor.role === 'district' || (actor.role === 'lab' && actor.labId !== null)
  // A roster import (issue 17): the bureau any lab's, a district its own district's labs', a lab
  // account its own (scoped per row in app/models/imports/rosters.server.ts).
  if (capability === 'import:roster')
    return (
      actor.role === 'bureau' ||
      (actor.role === 'district' && actor.districtCode !== null) ||
      (actor.role === 'lab' && actor.labId !== null)
    )
  // An expert's work is the renewals assigned to them (app/models/expert-review.server.ts).
  if (capability === 'assignment:review') return actor.role === 'expert'
  // 申报单位 (issue 21): the bureau every applicant, a district office those naming its district, a
  // city department those naming it (scoped in SQL, applicantScope in app/models/scope.server.ts).
  if (capability === 'applicant:manage')
    return (
      actor.role === 'bureau' ||
      (actor.role === 'district' && actor.districtCode !== null) ||
      (actor.role === 'department' && actor.departmentId != null)
    )
  // An applicant account bound to an organisation. Necessary, not sufficient: only a confirmed
  // registration applies, and the status lives in the database, so the pages also ask
  // isConfirmedApplicant with the applicant's row (requireConfirmedApplicant does both).
  if (capability === 'application:apply') return actor.role === 'applicant' && actor.applicantId != null
  // An applicant account's own registration page (/registration), whatever its status.
  if (capability === 'registration:view') return actor.role === 'applicant' && actor.applicantId != null
  // /applications (issue 21): an applicant account is confirmed before it may act (the model
  // checks its registration's status); the offices and the bureau list what is in their scope
  if (capability === 'application:view')
    return actor.role === 'bureau' || actor.role === 'district' || actor.role === 'department' || actor.role === 'applicant'
  if (capability === 'application:read') return can(actor, 'application:view') || actor.role === 'expert'
  return false
}

/**
 * The one rule for "this account may apply": an applicant account whose organisation the office has
 * confirmed. A pending or refused registration signs in but sees only its status, /account and /help.
 */
export function isConfirmedApplicant(actor: Actor, applicant: { id: number; status: string } | null | undefined): boolean {
  return (
    actor.role === 'applicant' &&
    actor.applicantId != null &&
    applicant != null &&
    applicant.id === actor.applicantId &&
    applicant.status === 'confirmed'
  )
}

/** An applicant's recommending office, as the office scope compares it. */
export type ApplicantOfficeRef = { officeDistrictCode: string | null; officeDepartmentId: number | null }

/** Whether this office may confirm, refuse or create this applicant (the twin of applicantScope). */
export function canManageApplicant(actor: Actor, applicant: ApplicantOfficeRef): boolean {
  switch (actor.role) {
    case 'bureau':
      return true
    case 'district':
      return actor.districtCode !== null && applicant.officeDistrictCode === actor.districtCode
    case 'department':
      return actor.departmentId != null && applicant.officeDepartmentId === actor.departmentId
    case 'lab':
    case 'expert':
    case 'applicant':
      return false
  }
}

// The roster is kept by the lab itself; the bureau may correct it.
export function canEditTeam(actor: Actor, lab: LabRef): boolean {
  return actor.role === 'bureau' || isOwnLab(actor, lab)
}
