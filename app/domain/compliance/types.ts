import type { CheckResult, LabStatus, ViolationCategory } from '../../../db/schema/enums'
import type { MessageKey } from '../../i18n'
import type { IsoDate } from '../dates'
import type { RuleSettings } from '../settings'
import type { LatestPeriod } from '../validity'

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
}

export interface CheckContext {
  today: IsoDate
  settings: RuleSettings
}

// Check ids are stable: they are stored (lab_checks.check_id) and appear in URLs.
export const CHECK_IDS = ['validity', 'team_size', 'team_qualified', 'joint_limit', 'eligibility'] as const
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
}

export type Check = (facts: LabFacts, ctx: CheckContext & { status: LabStatus }) => CheckOutcome[]
