import { and, asc, desc, eq, sql } from 'drizzle-orm'
import { z } from 'zod'
import { labs, requestEvents, resourceRequests } from '~db/schema'
import { RESOURCE_TYPES, RESOURCE_UNITS, type RequestAction, type RequestStatus } from '~db/schema/enums'
import type { ResourceRequest } from '~db/schema/requests'
import { isTracked } from '~/domain/compliance/engine'
import { isIsoDate, shanghaiDate, type IsoDate } from '~/domain/dates'
import type { Actor, LabRef } from '~/domain/permissions'
import {
  availableRequestSteps,
  canCommentOnRequest,
  canCreateRequest,
  canEditRequest,
  canSeeRequest,
  checkRequestStep,
  type RequestRef,
  type RequestStep,
} from '~/domain/request-workflow'
import {
  AWAITING_DECISION,
  checkPartialGrant,
  decisionDeadline,
  decisionFacts,
  isQuantity,
  REQUEST_LIMITS,
  unitFits,
} from '~/domain/resource-requests'
import { labStatus } from '~/domain/validity'
import type { MessageKey } from '~/i18n'
import { now, today } from '~/utils/clock.server'
import { db, type Db } from '~/utils/db.server'
import { fieldErrorsOf, requiredText, type FieldErrors } from '~/utils/forms'
import { recordAudit } from './audit.server'
import { notifyRequestStep, requestPartyOf } from './request-notices.server'
import { workCalendar } from './calendar.server'
import { typeRules } from './request-rules.server'
import { labPeriodsOf } from './lab-status.server'
import { checkVersion, nextVersion, seenVersion, staleRefusal } from './row-version.server'
import { auditActorOf, conflict, forbidden, invalid, notFound, type ActingUser, type Refusal, type Result } from './result.server'
import { labScope } from './scope.server'
import { ruleSettings } from './settings.server'

// 资源支持申请: a lab asks, its district may give an opinion, the bureau accepts, decides and
// delivers (app/domain/request-workflow.ts decides who may take which step). Each change writes
// the request, its audit row, its thread entry and its notices in one transaction.

export type RequestUser = ActingUser
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
type ScopedLab = LabRef & { name: string }

/** 404 out of scope, 403 not for this user, 409 the status does not allow it (now), 400 bad input. */
export type RequestFailure = Refusal
export type RequestResult = Result<{ request: ResourceRequest }, RequestFailure>

// ---- what the lab writes ----------------------------------------------------------------------

const quantityField = z
  .string({ error: 'form.required' })
  .trim()
  .min(1, 'form.required')
  .transform((s) => Number(s.replace(/,/g, '')))
  .refine(isQuantity, 'requests.error.quantity')

const dateField = z.string({ error: 'form.required' }).trim().min(1, 'form.required').refine(isIsoDate, 'form.invalidDate')

const RequestFields = z.object({
  type: z.enum(RESOURCE_TYPES, { error: 'form.invalidChoice' }),
  title: requiredText(REQUEST_LIMITS.title),
  description: requiredText(REQUEST_LIMITS.description),
  quantity: quantityField,
  unit: z.enum(RESOURCE_UNITS, { error: 'requests.error.unit' }),
  neededBy: dateField,
  justification: requiredText(REQUEST_LIMITS.justification),
})

export type RequestRawInput = Partial<Record<keyof z.input<typeof RequestFields>, unknown>>
type RequestContent = z.output<typeof RequestFields>

/** The request as the lab typed it, checked: a unit that fits the type, a needed-by date not in the past. */
export function readRequestInput(
  raw: RequestRawInput,
  day: IsoDate,
): { ok: true; value: RequestContent } | { ok: false; errors: FieldErrors } {
  const parsed = RequestFields.safeParse(raw)
  const errors: FieldErrors = parsed.success ? {} : fieldErrorsOf(parsed.error)
  if (parsed.success) {
    const v = parsed.data
    if (!unitFits(v.type, v.unit)) errors.unit = { key: 'requests.error.unit' }
    if (v.neededBy < day) errors.neededBy = { key: 'requests.error.neededByPast' }
  }
  return parsed.success && !Object.keys(errors).length ? { ok: true, value: parsed.data } : { ok: false, errors }
}

function scopedLab(actor: Actor, labId: number): ScopedLab | null {
  return (
    db()
      .select({ id: labs.id, name: labs.name, districtCode: labs.districtCode })
      .from(labs)
      .where(and(eq(labs.id, labId), labScope(actor)))
      .get() ?? null
  )
}

// A lab asks for support while its certification is in force (or awaits the renewal decision).
function labInForce(labId: number, day: IsoDate): boolean {
  const { latest } = labPeriodsOf(labId, day)
  return isTracked(labStatus({ latest, today: day, windowDays: ruleSettings().expiryWindowDays }))
}

export function canAskForSupport(actor: Actor, lab: LabRef): boolean {
  return canCreateRequest(actor, lab)
}

export function createRequest({ by, labId, raw }: { by: RequestUser; labId: number; raw: RequestRawInput }): RequestResult {
  const lab = scopedLab(by, labId)
  if (!lab) return notFound()
  if (!canCreateRequest(by, lab)) return forbidden()
  const day = today()
  if (!labInForce(labId, day)) return invalid({ _form: { key: 'requests.error.labNotInForce' } })
  const input = readRequestInput(raw, day)
  if (!input.ok) return invalid(input.errors)
  const at = now()
  const stamp = at.toISOString()
  const request = db().transaction((tx) => {
    const created = tx
      .insert(resourceRequests)
      .values({ ...input.value, labId, status: 'draft', createdBy: by.id, createdAt: stamp, updatedAt: stamp })
      .returning()
      .get()
    recordEvent(tx, { request: created, action: 'create', fromStatus: null, comment: '', by, at })
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'create',
      entityType: 'resource_request',
      entityId: created.id,
      labId,
      after: created,
      at,
    })
    return created
  })
  return { ok: true, request }
}

type Found = { lab: ScopedLab; request: ResourceRequest }

// A request of a lab the actor may see, addressed through that lab's URL; a draft is its lab's alone.
function findRequest(actor: Actor, labId: number, requestId: number): Found | null {
  const lab = scopedLab(actor, labId)
  if (!lab) return null
  const request = db().select().from(resourceRequests).where(eq(resourceRequests.id, requestId)).get()
  if (!request || request.labId !== labId || !canSeeRequest(actor, { status: request.status, lab })) return null
  return { lab, request }
}

export function updateRequest({
  by,
  labId,
  requestId,
  raw,
  version,
}: {
  by: RequestUser
  labId: number
  requestId: number
  raw: RequestRawInput
  // the row version the edit form showed (VersionField)
  version: unknown
}): RequestResult {
  const found = findRequest(by, labId, requestId)
  if (!found) return notFound()
  const { lab, request: before } = found
  if (!canEditRequest(by, { status: 'draft', lab })) return forbidden()
  const seen = seenVersion(version)
  const moved = checkVersion(before, seen, { entityType: 'resource_request', entityId: requestId })
  if (moved) return moved
  if (!canEditRequest(by, { status: before.status, lab })) return conflict('requests.error.notEditable')
  const input = readRequestInput(raw, today())
  if (!input.ok) return invalid(input.errors)
  const at = now()
  return db().transaction((tx) => {
    const after = tx
      .update(resourceRequests)
      .set({ ...input.value, updatedAt: at.toISOString(), rowVersion: nextVersion(resourceRequests.rowVersion) })
      .where(and(eq(resourceRequests.id, requestId), eq(resourceRequests.rowVersion, before.rowVersion)))
      .returning()
      .get()
    if (!after) return staleRequest(tx, requestId)
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'update',
      entityType: 'resource_request',
      entityId: requestId,
      labId,
      before,
      after,
      at,
    })
    return { ok: true as const, request: after }
  })
}

// ---- steps ------------------------------------------------------------------------------------

export type RequestStepInput = {
  step: RequestStep
  comment?: string
  opinion?: string
  grantedQuantity?: string
  fulfilledOn?: string
  deliveredQuantity?: string
  deliveryNote?: string
  // the row version the page showed (VersionField); a step taken on an older one is refused
  rowVersion: unknown
}

const REFUSAL_MESSAGE: Record<'wrong_status' | 'awaiting_district' | 'opinion_not_requested', MessageKey> = {
  wrong_status: 'requests.error.wrongStatus',
  awaiting_district: 'requests.error.awaitingDistrict',
  opinion_not_requested: 'requests.error.opinionNotRequested',
}

/** Takes one workflow step; the request's status must still be what the page showed when the step is written. */
export function takeRequestStep({
  by,
  labId,
  requestId,
  input,
}: {
  by: RequestUser
  labId: number
  requestId: number
  input: RequestStepInput
}): RequestResult {
  const found = findRequest(by, labId, requestId)
  if (!found) return notFound()
  const { lab, request: before } = found
  const ref: RequestRef = { status: before.status, districtOpinionRequired: before.districtOpinionRequired, lab }
  const check = checkRequestStep(by, ref, input.step)
  if (!check.ok && check.reason === 'not_allowed_for_role') return forbidden()
  // the decision was taken on what the page showed: if the request moved on since, it is refused
  // even when the step would still be allowed from the new status (accept, then return)
  const seen = seenVersion(input.rowVersion)
  const moved = checkVersion(before, seen, { entityType: 'resource_request', entityId: requestId })
  if (moved) return moved
  if (!check.ok) return check.reason === 'not_allowed_for_role' ? forbidden() : conflict(REFUSAL_MESSAGE[check.reason])
  const at = now()
  const day = shanghaiDate(at)
  const changes = stepChanges({ before, input, at, day })
  if (!changes.ok) return changes
  const comment = changes.comment
  const result = db().transaction((tx): RequestResult => {
    const after = tx
      .update(resourceRequests)
      .set({ ...changes.set, status: check.to, updatedAt: at.toISOString(), rowVersion: nextVersion(resourceRequests.rowVersion) })
      // compare-and-set: nobody wrote the request since it was read
      .where(and(eq(resourceRequests.id, requestId), eq(resourceRequests.rowVersion, before.rowVersion)))
      .returning()
      .get()
    if (!after) return staleRequest(tx, requestId)
    const event = recordEvent(tx, { request: after, action: input.step, fromStatus: before.status, comment, by, at })
    // whoever acts next, or whose request it is, hears of the step with it
    const actor = requestPartyOf(by.role)
    if (actor) notifyRequestStep(tx, { event, request: after, lab, actor })
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: input.step,
      entityType: 'resource_request',
      entityId: requestId,
      labId,
      before,
      after,
      at,
    })
    return { ok: true, request: after }
  })
  return result
}

// the 409 of a request that changed between reading it and writing it, with what it is now
function staleRequest(tx: Pick<Tx, 'select'>, requestId: number) {
  const now_ = tx.select({ status: resourceRequests.status }).from(resourceRequests).where(eq(resourceRequests.id, requestId)).get()
  return staleRefusal({ entityType: 'resource_request', entityId: requestId, status: now_?.status ?? null }, tx)
}

type Changes = { ok: true; set: Partial<ResourceRequest>; comment: string } | RequestFailure

const commentField = z.string().trim().max(REQUEST_LIMITS.comment, 'form.tooLong')

// What each step records besides the new status, checked: the deadline at (re)submission, the
// decision's facts, the granted part, what was delivered.
function stepChanges({ before, input, at, day }: { before: ResourceRequest; input: RequestStepInput; at: Date; day: IsoDate }): Changes {
  const said = commentField.safeParse(input.comment ?? '')
  if (!said.success) return invalid({ comment: { key: 'form.tooLong', vars: { max: REQUEST_LIMITS.comment } } })
  const comment = said.data
  const needsComment = input.step === 'return' || input.step === 'reject' || input.step === 'district_opinion'
  if (needsComment && !comment)
    return invalid({ comment: { key: input.step === 'reject' ? 'requests.error.reasonRequired' : 'requests.error.commentRequired' } })
  const stamp = at.toISOString()
  switch (input.step) {
    case 'submit':
    case 'resubmit':
      return submission(before, { stamp, day, comment })
    case 'district_opinion': {
      const opinion = z.enum(['support', 'oppose']).safeParse(input.opinion)
      if (!opinion.success) return invalid({ opinion: { key: 'requests.error.opinionRequired' } })
      return { ok: true, set: { districtOpinion: opinion.data }, comment }
    }
    case 'return':
      return { ok: true, set: { returnedAt: stamp }, comment }
    case 'accept':
      return { ok: true, set: { acceptedAt: stamp }, comment }
    case 'approve':
    case 'partly_approve':
    case 'reject':
      return decision(before, { step: input.step, granted: input.grantedQuantity, stamp, day, comment })
    case 'fulfil':
      return fulfilment(before, input, day, comment)
    case 'close':
      return { ok: true, set: { closedAt: stamp }, comment }
    case 'withdraw':
      return { ok: true, set: { withdrawnAt: stamp }, comment }
  }
}

// The bureau's clock starts at each (re)submission, from the type's rule as it stands then.
function submission(before: ResourceRequest, { stamp, day, comment }: { stamp: string; day: IsoDate; comment: string }): Changes {
  const content = readRequestInput({ ...before, quantity: String(before.quantity) }, day)
  if (!content.ok) return invalid({ _form: { key: 'requests.error.fixBeforeSubmit' }, ...content.errors })
  const rule = typeRules()[before.type]
  const { deadline, estimated } = decisionDeadline(workCalendar(), day, rule.decisionDays)
  return {
    ok: true,
    comment,
    set: {
      submittedAt: stamp,
      submittedOn: day,
      firstSubmittedAt: before.firstSubmittedAt ?? stamp,
      decisionDays: rule.decisionDays,
      deadline,
      deadlineEstimated: estimated,
      districtOpinionRequired: rule.districtOpinion,
      districtOpinion: null,
    },
  }
}

function decision(
  before: ResourceRequest,
  {
    step,
    granted,
    stamp,
    day,
    comment,
  }: { step: 'approve' | 'partly_approve' | 'reject'; granted?: string; stamp: string; day: IsoDate; comment: string },
): Changes {
  let grantedQuantity: number | null = step === 'approve' ? before.quantity : null
  if (step === 'partly_approve') {
    const n = Number((granted ?? '').trim().replace(/,/g, ''))
    if (!(granted ?? '').trim()) return invalid({ grantedQuantity: { key: 'form.required' } })
    const check = checkPartialGrant(before.quantity, n)
    if (check === 'not_less')
      return invalid({ grantedQuantity: { key: 'requests.error.grantedNotLess', vars: { asked: before.quantity } } })
    if (check !== 'ok') return invalid({ grantedQuantity: { key: 'requests.error.quantity' } })
    grantedQuantity = n
  }
  // submittedOn and deadline are set whenever a request reaches the bureau
  const facts = decisionFacts(workCalendar(), { submittedOn: before.submittedOn!, deadline: before.deadline!, decidedOn: day })
  return {
    ok: true,
    comment,
    set: {
      decidedAt: stamp,
      decidedOn: day,
      decisionWorkingDays: facts.workingDays,
      decidedInTime: facts.inTime,
      grantedQuantity,
      rejectionReason: step === 'reject' ? comment : null,
    },
  }
}

const FulfilmentFields = z.object({
  fulfilledOn: dateField,
  deliveredQuantity: z
    .string()
    .trim()
    .transform((s) => (s === '' ? null : Number(s.replace(/,/g, ''))))
    .refine((n) => n === null || isQuantity(n), 'requests.error.quantity'),
  deliveryNote: requiredText(REQUEST_LIMITS.deliveryNote),
})

function fulfilment(before: ResourceRequest, input: RequestStepInput, day: IsoDate, comment: string): Changes {
  const parsed = FulfilmentFields.safeParse({
    fulfilledOn: input.fulfilledOn ?? '',
    deliveredQuantity: input.deliveredQuantity ?? '',
    deliveryNote: input.deliveryNote ?? '',
  })
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error))
  const v = parsed.data
  if (v.fulfilledOn > day) return invalid({ fulfilledOn: { key: 'requests.error.fulfilledInFuture' } })
  if (before.decidedOn && v.fulfilledOn < before.decidedOn)
    return invalid({ fulfilledOn: { key: 'requests.error.fulfilledBeforeDecision', vars: { date: before.decidedOn } } })
  return { ok: true, comment, set: { fulfilledOn: v.fulfilledOn, deliveredQuantity: v.deliveredQuantity, deliveryNote: v.deliveryNote } }
}

// ---- the thread -------------------------------------------------------------------------------

function recordEvent(
  tx: Pick<Tx, 'insert'>,
  {
    request,
    action,
    fromStatus,
    comment,
    by,
    at,
  }: { request: ResourceRequest; action: RequestAction; fromStatus: RequestStatus | null; comment: string; by: RequestUser; at: Date },
) {
  return tx
    .insert(requestEvents)
    .values({
      requestId: request.id,
      labId: request.labId,
      action,
      fromStatus,
      toStatus: request.status,
      comment,
      actorUserId: by.id,
      actorName: by.displayName,
      at: at.toISOString(),
    })
    .returning()
    .get()
}

/** A comment on the thread, from anyone who sees the submitted request. */
export function addRequestComment({
  by,
  labId,
  requestId,
  comment,
}: {
  by: RequestUser
  labId: number
  requestId: number
  comment?: string
}): RequestResult {
  const found = findRequest(by, labId, requestId)
  if (!found) return notFound()
  const { lab, request } = found
  if (!canCommentOnRequest(by, { status: request.status, lab })) return forbidden()
  const said = commentField.safeParse(comment ?? '')
  if (!said.success) return invalid({ comment: { key: 'form.tooLong', vars: { max: REQUEST_LIMITS.comment } } })
  if (!said.data) return invalid({ comment: { key: 'form.required' } })
  const at = now()
  db().transaction((tx) => {
    recordEvent(tx, { request, action: 'comment', fromStatus: request.status, comment: said.data, by, at })
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'comment',
      entityType: 'resource_request',
      entityId: requestId,
      labId,
      after: { comment: said.data },
      at,
    })
  })
  return { ok: true, request }
}

export function requestThread(requestId: number) {
  return db()
    .select()
    .from(requestEvents)
    .where(eq(requestEvents.requestId, requestId))
    .orderBy(asc(requestEvents.at), asc(requestEvents.id))
    .all()
}

// ---- reading ----------------------------------------------------------------------------------

/** One request with what its page shows to this actor, or null when it is not theirs to see. */
export function getRequest({ actor, labId, requestId }: { actor: Actor; labId: number; requestId: number }) {
  const found = findRequest(actor, labId, requestId)
  if (!found) return null
  const { lab, request } = found
  const ref: RequestRef = { status: request.status, districtOpinionRequired: request.districtOpinionRequired, lab }
  return {
    lab,
    request,
    steps: availableRequestSteps(actor, ref),
    canEdit: canEditRequest(actor, ref),
    canComment: canCommentOnRequest(actor, ref),
    thread: requestThread(request.id),
  }
}

/** A lab's requests, newest first: drafts only for its own staff. */
// What awaits the bureau's decision first, nearest deadline first (so overdue ones lead), undated
// last; then the rest, newest first (issue 19 item 7, as the queue's default order).
const awaitingSql = sql`${resourceRequests.status} IN ${[...AWAITING_DECISION]}`
const LAB_LIST_ORDER = [
  sql`${awaitingSql} DESC`,
  sql`CASE WHEN ${awaitingSql} THEN ${resourceRequests.deadline} IS NULL END`,
  sql`CASE WHEN ${awaitingSql} THEN ${resourceRequests.deadline} END`,
  desc(resourceRequests.createdAt),
  desc(resourceRequests.id),
]

export function listLabRequests({ actor, labId }: { actor: Actor; labId: number }) {
  const lab = scopedLab(actor, labId)
  if (!lab) return null
  const rows = db()
    .select()
    .from(resourceRequests)
    .where(eq(resourceRequests.labId, labId))
    .orderBy(...LAB_LIST_ORDER)
    .all()
  return { lab, requests: rows.filter((r) => canSeeRequest(actor, { status: r.status, lab })) }
}

export function findScopedLab(actor: Actor, labId: number) {
  return scopedLab(actor, labId)
}
