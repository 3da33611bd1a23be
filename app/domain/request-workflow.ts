// The handling of a resource request (issue 6):
//   draft → submitted → (district opinion, when the bureau asks for one) → accepted (受理)
//         → approved | partly approved | rejected → fulfilled → closed
// with 'returned' (for information) and 'withdrawn' (by the lab, before a decision) on the side.
// One table of allowed steps, checked on the server for every action; pages offer only what
// this table allows.
import type { RequestAction, RequestStatus } from '~db/schema/enums'
import { isOwnLab, type Actor, type LabRef } from './permissions'

export type RequestRef = { status: RequestStatus; districtOpinionRequired: boolean; lab: LabRef }

type Who = 'own_lab' | 'lab_district' | 'bureau'

export type RequestStep = Exclude<RequestAction, 'create' | 'comment'>

interface Step {
  from: readonly RequestStatus[]
  to: RequestStatus
  by: readonly Who[]
  // a return, a rejection and a district opinion must say why
  needsComment?: boolean
}

export const REQUEST_STEPS: Record<RequestStep, Step> = {
  submit: { from: ['draft'], to: 'submitted', by: ['own_lab'] },
  district_opinion: { from: ['submitted'], to: 'district_reviewed', by: ['lab_district'], needsComment: true },
  return: { from: ['submitted', 'district_reviewed', 'accepted'], to: 'returned', by: ['bureau'], needsComment: true },
  resubmit: { from: ['returned'], to: 'submitted', by: ['own_lab'] },
  accept: { from: ['submitted', 'district_reviewed'], to: 'accepted', by: ['bureau'] },
  approve: { from: ['accepted'], to: 'approved', by: ['bureau'] },
  partly_approve: { from: ['accepted'], to: 'partly_approved', by: ['bureau'] },
  reject: { from: ['accepted'], to: 'rejected', by: ['bureau'], needsComment: true },
  fulfil: { from: ['approved', 'partly_approved'], to: 'fulfilled', by: ['bureau'] },
  // the lab confirms what it received, or the bureau closes the file
  close: { from: ['fulfilled', 'rejected'], to: 'closed', by: ['own_lab', 'bureau'] },
  // the lab may take its request back until the bureau has decided it
  withdraw: { from: ['draft', 'submitted', 'district_reviewed', 'returned', 'accepted'], to: 'withdrawn', by: ['own_lab'] },
}

export const REQUEST_STEP_NAMES = Object.keys(REQUEST_STEPS) as RequestStep[]

export function isRequestStep(value: string): value is RequestStep {
  return value in REQUEST_STEPS
}

function whoIs(actor: Actor, lab: LabRef): Who | null {
  if (actor.role === 'bureau') return 'bureau'
  if (isOwnLab(actor, lab)) return 'own_lab'
  if (actor.role === 'district' && actor.districtCode === lab.districtCode) return 'lab_district'
  return null
}

export type RequestStepRefusal = 'not_allowed_for_role' | 'wrong_status' | 'awaiting_district' | 'opinion_not_requested'

/** Whether `actor` may take `step` on the request now; the reason when not. */
export function checkRequestStep(
  actor: Actor,
  request: RequestRef,
  step: RequestStep,
): { ok: true; to: RequestStatus } | { ok: false; reason: RequestStepRefusal } {
  const rule = REQUEST_STEPS[step]
  const who = whoIs(actor, request.lab)
  if (!who || !rule.by.includes(who)) return { ok: false, reason: 'not_allowed_for_role' }
  if (!rule.from.includes(request.status)) return { ok: false, reason: 'wrong_status' }
  // when the bureau asked for the district's opinion it waits for it before accepting
  if (step === 'accept' && request.status === 'submitted' && request.districtOpinionRequired)
    return { ok: false, reason: 'awaiting_district' }
  if (step === 'district_opinion' && !request.districtOpinionRequired) return { ok: false, reason: 'opinion_not_requested' }
  return { ok: true, to: rule.to }
}

/** The steps the page offers this actor for the request. */
export function availableRequestSteps(actor: Actor, request: RequestRef): RequestStep[] {
  return REQUEST_STEP_NAMES.filter((step) => checkRequestStep(actor, request, step).ok)
}

export function requestStepNeedsComment(step: RequestStep): boolean {
  return REQUEST_STEPS[step].needsComment === true
}

/** A draft is the lab's own; from submission on, the lab's district and the bureau see it too. */
export function canSeeRequest(actor: Actor, request: { status: RequestStatus; lab: LabRef }): boolean {
  const who = whoIs(actor, request.lab)
  if (!who) return false
  return request.status !== 'draft' || who === 'own_lab'
}

/** Only the lab edits what it asks, and only while it is a draft or returned to it. */
export function canEditRequest(actor: Actor, request: { status: RequestStatus; lab: LabRef }): boolean {
  return whoIs(actor, request.lab) === 'own_lab' && (request.status === 'draft' || request.status === 'returned')
}

/** Anyone who sees a submitted request may add to its thread; a draft has no audience yet. */
export function canCommentOnRequest(actor: Actor, request: { status: RequestStatus; lab: LabRef }): boolean {
  return request.status !== 'draft' && canSeeRequest(actor, request)
}

/** Only a lab asks for support, for itself. */
export function canCreateRequest(actor: Actor, lab: LabRef): boolean {
  return isOwnLab(actor, lab)
}
