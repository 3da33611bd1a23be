import { and, asc, desc, eq, ne, sql } from 'drizzle-orm'
import { deliverables, labs, validityPeriods } from '../../db/schema'
import type { Deliverable } from '../../db/schema/filings'
import type { FilingStatus } from '../../db/schema/enums'
import {
  checkDeliverableInput,
  DELIVERABLE_LIMITS,
  placeInValidityYear,
  type DeliverableRawInput,
  type PeriodSpan,
} from '../domain/deliverables'
import {
  canEditFiling,
  checkStep,
  DEFAULT_GRADES,
  stepNeedsComment,
  stepNeedsGrade,
  type FilingRef,
  type FilingStep,
} from '../domain/filing-workflow'
import type { Actor, LabRef } from '../domain/permissions'
import { now, today } from '../utils/clock.server'
import { db, type Db } from '../utils/db.server'
import type { FieldErrors } from '../utils/forms'
import { recordAudit, type AuditActor } from './audit.server'
import { refreshLabsCompliance } from './compliance.server'
import { recordFilingEvent } from './filing-events.server'
import { labScope } from './scope.server'

// 年度成果: a lab's deliverables and their review. Who may take which step is decided by
// app/domain/filing-workflow.ts alone; this module applies it, writes the change, its audit row
// and its thread entry in one transaction, then re-evaluates the lab's compliance.

/** The signed-in user as the workflow (Actor) and the audit log (name, address) see them. */
export type FilingUser = Actor & { displayName: string; ip?: string }

export type DeliverableFailure =
  | { ok: false; error: 'not_found' }
  | { ok: false; error: 'forbidden' }
  // the filing is not in a status that allows this; `errors._form` says why
  | { ok: false; error: 'conflict'; errors: FieldErrors }
  | { ok: false; error: 'invalid'; errors: FieldErrors }

export type DeliverableResult = { ok: true; deliverable: Deliverable } | DeliverableFailure

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
type ScopedLab = { id: number; name: string; districtCode: string }

const auditActorOf = (by: FilingUser): AuditActor => ({ id: by.id, displayName: by.displayName, ip: by.ip ?? '' })
const refOf = (lab: LabRef, status: FilingStatus): FilingRef => ({ kind: 'deliverable', status, lab })
const conflict = (errors: FieldErrors): DeliverableFailure => ({ ok: false, error: 'conflict', errors })

function scopedLab(actor: Actor, labId: number): ScopedLab | null {
  return (
    db()
      .select({ id: labs.id, name: labs.name, districtCode: labs.districtCode })
      .from(labs)
      .where(and(eq(labs.id, labId), labScope(actor)))
      .get() ?? null
  )
}

function periodsOf(labId: number): PeriodSpan[] {
  return db()
    .select({
      id: validityPeriods.id,
      sequence: validityPeriods.sequence,
      startDate: validityPeriods.startDate,
      endDate: validityPeriods.endDate,
    })
    .from(validityPeriods)
    .where(eq(validityPeriods.labId, labId))
    .orderBy(asc(validityPeriods.sequence))
    .all()
}

// A deliverable of a lab the actor may see, addressed through that lab's URL: another lab's id
// under this lab's URL is "not found", like one outside the actor's scope.
function scoped(actor: Actor, labId: number, deliverableId: number) {
  const lab = scopedLab(actor, labId)
  if (!lab) return null
  const row = db()
    .select()
    .from(deliverables)
    .where(and(eq(deliverables.id, deliverableId), eq(deliverables.labId, labId)))
    .get()
  return row ? { lab, row } : null
}

const rootOf = (row: Pick<Deliverable, 'id' | 'rootId'>) => row.rootId ?? row.id

function rawOf(row: Deliverable): DeliverableRawInput {
  return { ...row, transferValue: row.transferValue === null ? '' : String(row.transferValue), forms: row.forms }
}

export type DeliverableListFilter = { status?: FilingStatus; year?: { sequence: number; validityYear: number } }

/**
 * The latest version of each of the lab's deliverables, newest completion first, with the
 * validity year it counts for and the version currently accepted when that is an earlier one.
 * A lab files a handful a year, so the year filter runs on the rows rather than in SQL.
 */
export function listDeliverables({ actor, labId, filter = {} }: { actor: Actor; labId: number; filter?: DeliverableListFilter }) {
  if (!scopedLab(actor, labId)) return []
  const periods = periodsOf(labId)
  const rows = db()
    .select({
      id: deliverables.id,
      rootId: deliverables.rootId,
      version: deliverables.version,
      type: deliverables.type,
      forms: deliverables.forms,
      title: deliverables.title,
      completedOn: deliverables.completedOn,
      status: deliverables.status,
      grade: deliverables.grade,
      transferStatus: deliverables.transferStatus,
      submittedAt: deliverables.submittedAt,
      // deliverables_root_idx; columns named in full, as drizzle leaves them unqualified in a select list
      acceptedVersion: sql<number | null>`(SELECT a.version FROM deliverables a
        WHERE a.root_id = "deliverables"."root_id" AND a.status = 'accepted' AND a.id <> "deliverables"."id")`,
    })
    .from(deliverables)
    .where(
      and(
        eq(deliverables.labId, labId),
        filter.status ? eq(deliverables.status, filter.status) : undefined,
        // the latest version of each root (deliverables_root_idx)
        sql`NOT EXISTS (SELECT 1 FROM deliverables n WHERE n.root_id = "deliverables"."root_id" AND n.version > "deliverables"."version")`,
      ),
    )
    .orderBy(desc(deliverables.completedOn), desc(deliverables.id))
    .all()
  return rows
    .map((r) => ({ ...r, placement: placeInValidityYear(periods, r.completedOn) }))
    .filter(
      (r) =>
        !filter.year ||
        (r.placement.ok && r.placement.sequence === filter.year.sequence && r.placement.validityYear === filter.year.validityYear),
    )
}

export type DeliverableRow = ReturnType<typeof listDeliverables>[number]

/** One deliverable with every version of it and the year it counts for; null when out of scope. */
export function getDeliverable({ actor, labId, deliverableId }: { actor: Actor; labId: number; deliverableId: number }) {
  const found = scoped(actor, labId, deliverableId)
  if (!found) return null
  const { lab, row } = found
  const versions = db()
    .select({
      id: deliverables.id,
      version: deliverables.version,
      status: deliverables.status,
      grade: deliverables.grade,
      title: deliverables.title,
      completedOn: deliverables.completedOn,
      decidedAt: deliverables.decidedAt,
    })
    .from(deliverables)
    .where(and(eq(deliverables.labId, labId), eq(deliverables.rootId, rootOf(row))))
    .orderBy(asc(deliverables.version))
    .all()
  const periods = periodsOf(labId)
  return { lab, periods, deliverable: row, versions, placement: placeInValidityYear(periods, row.completedOn) }
}

/** The lab's own staff may start a draft; others are refused (403) or do not see the lab (404). */
export function canCreateDeliverable(actor: Actor, lab: LabRef): boolean {
  return canEditFiling(actor, refOf(lab, 'draft'))
}

export function createDeliverable({ by, labId, raw }: { by: FilingUser; labId: number; raw: DeliverableRawInput }): DeliverableResult {
  const lab = scopedLab(by, labId)
  if (!lab) return { ok: false, error: 'not_found' }
  if (!canCreateDeliverable(by, lab)) return { ok: false, error: 'forbidden' }
  const checked = checkDeliverableInput(raw, { today: today(), periods: periodsOf(labId) })
  if (!checked.ok) return { ok: false, error: 'invalid', errors: checked.errors }
  const at = now()
  const deliverable = db().transaction((tx) => {
    const inserted = tx
      .insert(deliverables)
      .values({
        labId,
        ...checked.input,
        version: 1,
        status: 'draft',
        createdBy: by.id,
        createdAt: at.toISOString(),
        updatedAt: at.toISOString(),
      })
      .returning()
      .get()
    const created = tx.update(deliverables).set({ rootId: inserted.id }).where(eq(deliverables.id, inserted.id)).returning().get()
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'create',
      entityType: 'deliverable',
      entityId: created.id,
      labId,
      after: created,
      at,
    })
    recordFilingEvent(tx, {
      kind: 'deliverable',
      filingId: created.id,
      labId,
      action: 'create',
      fromStatus: null,
      toStatus: 'draft',
      actor: auditActorOf(by),
      at,
    })
    return created
  })
  refreshLabsCompliance([labId])
  return { ok: true, deliverable }
}

// Why the lab may not change this filing now, when it is the lab's own: the review has it, or
// it is accepted and locked (a change is a new version), or it was replaced by a later version.
function lockedErrors(status: FilingStatus): FieldErrors {
  return { _form: { key: status === 'submitted' ? 'deliverables.error.underReview' : 'deliverables.error.locked' } }
}

/** Edits a draft or a returned filing; the status stays, a returned one still needs resubmitting. */
export function updateDeliverable({
  by,
  labId,
  deliverableId,
  raw,
}: {
  by: FilingUser
  labId: number
  deliverableId: number
  raw: DeliverableRawInput
}): DeliverableResult {
  const found = scoped(by, labId, deliverableId)
  if (!found) return { ok: false, error: 'not_found' }
  const { lab, row } = found
  if (!canCreateDeliverable(by, lab)) return { ok: false, error: 'forbidden' }
  if (!canEditFiling(by, refOf(lab, row.status))) return { ok: false, error: 'invalid', errors: lockedErrors(row.status) }
  const checked = checkDeliverableInput(raw, { today: today(), periods: periodsOf(labId) })
  if (!checked.ok) return { ok: false, error: 'invalid', errors: checked.errors }
  const at = now()
  const deliverable = db().transaction((tx) => {
    const before = tx.select().from(deliverables).where(eq(deliverables.id, deliverableId)).get()!
    if (!canEditFiling(by, refOf(lab, before.status))) return null
    const after = tx
      .update(deliverables)
      .set({ ...checked.input, updatedAt: at.toISOString() })
      .where(eq(deliverables.id, deliverableId))
      .returning()
      .get()
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'update',
      entityType: 'deliverable',
      entityId: deliverableId,
      labId,
      before,
      after,
      at,
    })
    return after
  })
  if (!deliverable) return { ok: false, error: 'invalid', errors: lockedErrors(row.status) }
  refreshLabsCompliance([labId])
  return { ok: true, deliverable }
}

/** A draft that was never submitted (a first draft, or a revision not yet filed) may be discarded. */
export function deleteDeliverable({
  by,
  labId,
  deliverableId,
}: {
  by: FilingUser
  labId: number
  deliverableId: number
}): DeliverableResult {
  const found = scoped(by, labId, deliverableId)
  if (!found) return { ok: false, error: 'not_found' }
  const { lab, row } = found
  if (!canCreateDeliverable(by, lab)) return { ok: false, error: 'forbidden' }
  // no step leads back to 'draft' except a new version, so a draft has never been submitted
  if (row.status !== 'draft') return conflict({ _form: { key: 'deliverables.error.deleteDraftOnly' } })
  db().transaction((tx) => {
    tx.delete(deliverables).where(eq(deliverables.id, deliverableId)).run()
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'delete',
      entityType: 'deliverable',
      entityId: deliverableId,
      labId,
      before: row,
      at: now(),
    })
  })
  refreshLabsCompliance([labId])
  return { ok: true, deliverable: row }
}

export type StepInput = { step: FilingStep; comment?: string; grade?: string }

function stepInputErrors(row: Deliverable, { step, comment, grade }: StepInput, periods: PeriodSpan[]): FieldErrors {
  const errors: FieldErrors = {}
  if (stepNeedsComment(step) && !comment) errors.comment = { key: 'deliverables.error.commentRequired' }
  if (comment && comment.length > DELIVERABLE_LIMITS.comment)
    errors.comment = { key: 'form.tooLong', vars: { max: DELIVERABLE_LIMITS.comment } }
  if (step === 'accept' && grade && !(DEFAULT_GRADES as readonly string[]).includes(grade)) errors.grade = { key: 'form.invalidChoice' }
  if (stepNeedsGrade(step, 'deliverable') && !grade) errors.grade = { key: 'form.required' }
  // what was valid when saved may not be now (a period corrected since): filed content is re-checked
  if (step === 'submit' || step === 'resubmit') {
    const checked = checkDeliverableInput(rawOf(row), { today: today(), periods })
    if (!checked.ok) Object.assign(errors, { _form: { key: 'deliverables.error.fixBeforeSubmit' } }, checked.errors)
  }
  return errors
}

/**
 * Takes one workflow step on a deliverable: submit, district_opinion, return, accept, resubmit,
 * or revise (which returns the new draft version). Accepting a later version supersedes the
 * version accepted before it.
 */
export function takeDeliverableStep({
  by,
  labId,
  deliverableId,
  input,
}: {
  by: FilingUser
  labId: number
  deliverableId: number
  input: StepInput
}): DeliverableResult {
  const found = scoped(by, labId, deliverableId)
  if (!found) return { ok: false, error: 'not_found' }
  const { lab, row } = found
  const step = input.step
  const allowed = checkStep(by, refOf(lab, row.status), step)
  if (!allowed.ok) {
    if (allowed.reason === 'not_allowed_for_role') return { ok: false, error: 'forbidden' }
    return conflict({ _form: { key: 'deliverables.error.wrongStatus' } })
  }
  const comment = (input.comment ?? '').trim()
  const grade = step === 'accept' ? (input.grade ?? '').trim() || null : null
  const errors = stepInputErrors(row, { step, comment, grade: grade ?? undefined }, periodsOf(labId))
  if (Object.keys(errors).length > 0) return { ok: false, error: 'invalid', errors }

  const at = now()
  const result = db().transaction((tx): DeliverableResult => {
    // re-read inside the transaction: the status decides, not what the page saw
    const before = tx.select().from(deliverables).where(eq(deliverables.id, deliverableId)).get()!
    const step2 = checkStep(by, refOf(lab, before.status), step)
    if (!step2.ok) return conflict({ _form: { key: 'deliverables.error.wrongStatus' } })
    const actor = auditActorOf(by)
    if (step === 'revise') return reviseIn(tx, { before, by, actor, comment, at })
    const stamp = at.toISOString()
    const after = tx
      .update(deliverables)
      .set({
        status: step2.to,
        updatedAt: stamp,
        ...(step === 'submit' || step === 'resubmit' ? { submittedAt: stamp } : {}),
        ...(step === 'district_opinion' ? { districtOpinionAt: stamp } : {}),
        ...(step === 'return' ? { decidedAt: stamp } : {}),
        ...(step === 'accept' ? { decidedAt: stamp, grade } : {}),
      })
      .where(eq(deliverables.id, deliverableId))
      .returning()
      .get()
    recordAudit(tx, { actor, action: step, entityType: 'deliverable', entityId: deliverableId, labId, before, after, at })
    recordFilingEvent(tx, {
      kind: 'deliverable',
      filingId: deliverableId,
      labId,
      action: step,
      fromStatus: before.status,
      toStatus: after.status,
      comment,
      grade,
      actor,
      at,
    })
    if (step === 'accept') supersedeEarlierIn(tx, { accepted: after, actor, at })
    return { ok: true, deliverable: after }
  })
  if (result.ok) refreshLabsCompliance([labId])
  return result
}

// A change to an accepted deliverable is a new draft version of it; the accepted one stays
// accepted (and keeps counting) until the new version is accepted in its place.
function reviseIn(
  tx: Tx,
  { before, by, actor, comment, at }: { before: Deliverable; by: FilingUser; actor: AuditActor; comment: string; at: Date },
): DeliverableResult {
  const rootId = rootOf(before)
  const latest = tx
    .select({ version: deliverables.version })
    .from(deliverables)
    .where(eq(deliverables.rootId, rootId))
    .orderBy(desc(deliverables.version))
    .limit(1)
    .get()
  if (latest && latest.version > before.version)
    return conflict({ _form: { key: 'deliverables.error.revisionExists', vars: { version: latest.version } } })
  const { id: _id, createdAt: _c, updatedAt: _u, submittedAt: _s, districtOpinionAt: _d, decidedAt: _dd, grade: _g, ...fields } = before
  const stamp = at.toISOString()
  const created = tx
    .insert(deliverables)
    .values({ ...fields, rootId, version: before.version + 1, status: 'draft', createdBy: by.id, createdAt: stamp, updatedAt: stamp })
    .returning()
    .get()
  recordAudit(tx, {
    actor,
    action: 'revise',
    entityType: 'deliverable',
    entityId: created.id,
    labId: before.labId,
    before,
    after: created,
    at,
  })
  recordFilingEvent(tx, {
    kind: 'deliverable',
    filingId: created.id,
    labId: before.labId,
    action: 'revise',
    fromStatus: before.status,
    toStatus: 'draft',
    comment,
    actor,
    at,
  })
  return { ok: true, deliverable: created }
}

function supersedeEarlierIn(tx: Tx, { accepted, actor, at }: { accepted: Deliverable; actor: AuditActor; at: Date }) {
  const earlier = tx
    .select()
    .from(deliverables)
    .where(and(eq(deliverables.rootId, rootOf(accepted)), eq(deliverables.status, 'accepted'), ne(deliverables.id, accepted.id)))
    .all()
  for (const before of earlier) {
    const after = tx
      .update(deliverables)
      .set({ status: 'superseded', updatedAt: at.toISOString() })
      .where(eq(deliverables.id, before.id))
      .returning()
      .get()
    recordAudit(tx, { actor, action: 'supersede', entityType: 'deliverable', entityId: before.id, labId: before.labId, before, after, at })
  }
}

/** How a route answers a failure: out of scope 404, wrong role 403, wrong status 409, bad input 400. */
export const FAILURE_STATUS = { not_found: 404, forbidden: 403, conflict: 409, invalid: 400 } as const satisfies Record<
  DeliverableFailure['error'],
  number
>

/** Throws the 404 or 403 a route answers with; returns the failures the page shows (400, 409). */
export function throwIfRefused(failure: DeliverableFailure): Extract<DeliverableFailure, { errors: FieldErrors }> {
  if (failure.error === 'not_found') throw new Response('Not found', { status: 404 })
  if (failure.error === 'forbidden') throw new Response('Forbidden', { status: 403 })
  return failure
}
