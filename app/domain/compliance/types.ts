import type {
  CheckOwner,
  IndicatorUnit,
  CheckResult,
  FilingStatus,
  IncidentGrade,
  IncidentStatus,
  LabStatus,
  ObligationKind,
  RenewalDecision,
  RenewalStatus,
  RequestStatus,
  ViolationCategory,
} from '~db/schema/enums'
import type { MessageKey } from '~/i18n'
import type { IsoDate } from '~/domain/dates'
import type { AchievementItem, Declaration, PlanLineTarget } from '~/domain/progress'
import type { RuleSettings } from '~/domain/settings'
import type { LatestPeriod } from '~/domain/validity'

// Everything the checks need to know about one lab, loaded by app/models/compliance.server.ts.
export interface LabFacts {
  labId: number
  latest: LatestPeriod | null
  team: { headcount: number; qualifiedCount: number }
  // one entry per organisation taking part in this lab (host and partners) when the lab is a
  // joint application; empty when the host applied alone
  jointParticipants: ReadonlyArray<{
    orgId: number
    name: string
    jointCount: number
  }>
  violations: ReadonlyArray<{
    id: number
    subject: 'host' | 'lab'
    category: ViolationCategory
    occurredOn: IsoDate
  }>
  // the ledger of the period in force, the latest that has started (what is owed in each validity
  // year, and by when): a renewal's next period does not count before it begins
  obligations: ReadonlyArray<{
    id: number
    validityYear: number
    kind: ObligationKind
    yearStart: IsoDate
    yearEnd: IsoDate
    dueDate: IsoDate
  }>
  // filed deliverables (drafts are the lab's own business and do not count)
  deliverables: ReadonlyArray<{ id: number; title: string; status: FilingStatus; completedOn: IsoDate; decidedOn: IsoDate | null }>
  // annual reports of that period
  reports: ReadonlyArray<{ id: number; validityYear: number; status: FilingStatus; decidedOn: IsoDate | null }>
  // returned annual reports of every period, not yet resubmitted: each stays on the lab's to-do list (issue 15)
  returnedReports: ReadonlyArray<{ id: number; periodSequence: number; validityYear: number; decidedOn: IsoDate | null }>
  // the latest emergency plan version (by approval date), if any
  plan: { id: number; version: string; approvedOn: IsoDate; nextReviewOn: IsoDate } | null
  lastDrillOn: IsoDate | null
  // when the lab's current certification began: the drill interval is not counted before it
  certifiedOn: IsoDate | null
  incidents: ReadonlyArray<{
    id: number
    title: string
    grade: IncidentGrade
    status: IncidentStatus
    reportedAt: string
    reportDeadline: string
  }>
  // resource requests returned to the lab or awaiting the bureau's decision (others are settled)
  requests: ReadonlyArray<{ id: number; title: string; status: RequestStatus; deadline: IsoDate | null; returnedAt: string | null }>
  // the renewal of the latest period, if the lab has started one
  renewal: { id: number; status: RenewalStatus; decision: RenewalDecision | null; rectificationDeadline: IsoDate | null } | null
  // the approved indicator plan of the period in force, with what the progress rule counts for
  // it (app/domain/progress.ts); null without one. Omitted by the history backfill.
  planProgress?: PlanProgressFacts | null
}

/** A plan line as the compliance reason names it, in both languages (the reason is stored, then shown in either). */
export type NamedPlanLine = PlanLineTarget & { unit: IndicatorUnit; nameZh: string; nameEn: string }

export type PlanProgressFacts = {
  period: { id: number; startDate: IsoDate; endDate: IsoDate }
  lines: NamedPlanLine[]
  items: AchievementItem[]
  declarations: Declaration[]
}

export interface CheckContext {
  today: IsoDate
  settings: RuleSettings
}

// Check ids are stable: they are stored (lab_checks.check_id) and appear in URLs.
export const CHECK_IDS = [
  'validity',
  'team_size',
  'team_qualified',
  'joint_limit',
  'eligibility',
  'deliverable',
  'annual_report',
  'returned_filing',
  'security_plan',
  'drill',
  'incident',
  'incident_report',
  'request_returned',
  'request_deadline',
  'renewal_application',
  'renewal_decision',
  'rectification',
  // issue 16: an approved indicator plan behind the bureau's thresholds
  'plan_progress',
] as const
export type CheckId = (typeof CHECK_IDS)[number]

export interface CheckOutcome {
  checkId: CheckId
  // '' when the check concerns the lab as a whole
  subject: string
  result: CheckResult
  // plain-language reason; params fill the message's {placeholders}
  reason: { key: MessageKey; params: Record<string, string | number> }
  // the date the result is about: a deadline, an expiry, the day a violation stops counting
  concernsDate: IsoDate | null
  // where a user goes to fix it
  fixPath: string
  // whose move it is; 'bureau' results (its own service deadlines) never count against the lab.
  // Omitted means the lab's.
  owner?: CheckOwner
}

export type Check = (facts: LabFacts, ctx: CheckContext & { status: LabStatus }) => CheckOutcome[]
