// The rules of a resource request (issue 6) that do not depend on who acts: which units fit a
// type, the bureau's decision deadline in working days, and the facts recorded at a decision.
import type { RequestStatus, ResourceType, ResourceUnit } from '~db/schema/enums'
import { RESOURCE_TYPES } from '~db/schema/enums'
import { addWorkingDays, workingDaysBetween, type WorkCalendar } from './calendar'
import type { IsoDate } from './dates'

// A quantity is asked in a unit that fits what is asked for: GPU-hours of computing power, m² of
// a site, 万元 of funding. The first unit is the one the form offers first.
export const UNITS_BY_TYPE: Record<ResourceType, readonly ResourceUnit[]> = {
  scenario: ['scenarios'],
  data_connection: ['interfaces', 'datasets'],
  training: ['people', 'sessions'],
  data: ['datasets', 'tb'],
  computing: ['gpu_hours', 'cpu_core_hours'],
  site: ['m2'],
  equipment: ['units'],
  funding: ['wan_yuan'],
  transfer: ['projects'],
}

export function unitFits(type: ResourceType, unit: string): unit is ResourceUnit {
  return (UNITS_BY_TYPE[type] as readonly string[]).includes(unit)
}

// The bureau's service promise: a decision within 10 working days of submission unless it sets
// another number for a type (/settings/requests).
export const DEFAULT_DECISION_DAYS = 10
export const DECISION_DAYS_MIN = 1
export const DECISION_DAYS_MAX = 60

export type TypeRule = { decisionDays: number; districtOpinion: boolean }
export type TypeRules = Record<ResourceType, TypeRule>

// No type asks the district first until the bureau says so.
export const DEFAULT_TYPE_RULE: TypeRule = { decisionDays: DEFAULT_DECISION_DAYS, districtOpinion: false }

/** Stored rules over the defaults; a stored number outside today's bounds falls back to the default. */
export function resolveTypeRules(stored: ReadonlyArray<{ type: ResourceType; decisionDays: number; districtOpinion: boolean }>): TypeRules {
  const rules = Object.fromEntries(RESOURCE_TYPES.map((type) => [type, { ...DEFAULT_TYPE_RULE }])) as TypeRules
  for (const row of stored) {
    if (!(row.type in rules)) continue
    const days = isDecisionDays(row.decisionDays) ? row.decisionDays : DEFAULT_DECISION_DAYS
    rules[row.type] = { decisionDays: days, districtOpinion: row.districtOpinion }
  }
  return rules
}

export function isDecisionDays(n: number): boolean {
  return Number.isInteger(n) && n >= DECISION_DAYS_MIN && n <= DECISION_DAYS_MAX
}

/**
 * The last day the bureau may decide: the `days`-th working day after the day of submission,
 * which is not counted itself (a request submitted on a working day's evening and one submitted
 * on a Sunday both get `days` full working days). `estimated` when the count crosses a year the
 * official calendar has not published yet.
 */
export function decisionDeadline(cal: WorkCalendar, submittedOn: IsoDate, days: number): { deadline: IsoDate; estimated: boolean } {
  const { date, estimated } = addWorkingDays(cal, submittedOn, days)
  return { deadline: date, estimated }
}

/** What a decision records: working days since the (latest) submission, and whether it met the deadline. */
export function decisionFacts(
  cal: WorkCalendar,
  { submittedOn, deadline, decidedOn }: { submittedOn: IsoDate; deadline: IsoDate; decidedOn: IsoDate },
) {
  return { workingDays: Math.max(0, workingDaysBetween(cal, submittedOn, decidedOn).days), inTime: decidedOn <= deadline }
}

// The bureau's clock runs while a request waits for the district, to be accepted or to be
// decided. A request returned to the lab waits for the lab; resubmitting starts a new clock.
export const AWAITING_DECISION: readonly RequestStatus[] = ['submitted', 'district_reviewed', 'accepted']

export function awaitsDecision(status: RequestStatus): boolean {
  return AWAITING_DECISION.includes(status)
}

/** Past its deadline and still undecided: the bureau's breach. */
export function isPastDeadline(request: { status: RequestStatus; deadline: IsoDate | null }, today: IsoDate): boolean {
  return awaitsDecision(request.status) && request.deadline !== null && request.deadline < today
}

export const DECIDED_STATUSES: readonly RequestStatus[] = ['approved', 'partly_approved', 'rejected', 'fulfilled', 'closed']

// What the bureau granted: everything asked when approved, the granted part when partly.
export function grantedOf(request: { status: RequestStatus; quantity: number; grantedQuantity: number | null }): number | null {
  return request.grantedQuantity ?? (request.status === 'approved' ? request.quantity : null)
}

// Quantities are kept to two decimals (0.5 TB, 12.25 万元); the largest is far above any real ask.
export const QUANTITY_MAX = 1_000_000_000

// 0.29 * 100 is 28.999999999999996 in floating point: compare with a tolerance, not exactly.
function hasAtMostTwoDecimals(n: number): boolean {
  return Math.abs(Math.round(n * 100) - n * 100) < 1e-6
}

export function isQuantity(n: number): boolean {
  return Number.isFinite(n) && n > 0 && n <= QUANTITY_MAX && hasAtMostTwoDecimals(n)
}

/** A partial grant is more than nothing and less than asked; as much as asked is an approval. */
export function checkPartialGrant(asked: number, granted: number): 'ok' | 'not_positive' | 'not_less' | 'bad_number' {
  if (!Number.isFinite(granted) || !hasAtMostTwoDecimals(granted)) return 'bad_number'
  if (granted <= 0) return 'not_positive'
  if (granted >= asked) return 'not_less'
  return 'ok'
}

// Lengths the forms accept, in characters.
export const REQUEST_LIMITS = { title: 200, description: 4000, justification: 4000, comment: 2000, deliveryNote: 2000 } as const
