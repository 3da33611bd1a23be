import { and, asc, desc, eq, ne, sql } from 'drizzle-orm'
import { deliverables } from '~db/schema'
import type { Deliverable } from '~db/schema/filings'
import type { FilingStatus } from '~db/schema/enums'
import { checkDeliverableInput, DELIVERABLE_LIMITS, placeInValidityYear, type DeliverableRawInput } from '~/domain/deliverables'
import { canEditFiling, type FilingRef } from '~/domain/filing-workflow'
import { formatWan } from '~/domain/money'
import type { Actor, LabRef } from '~/domain/permissions'
import { now, today } from '~/utils/clock.server'
import { db } from '~/utils/db.server'
import type { FieldErrors } from '~/utils/forms'
import { recordAudit, type AuditActor } from './audit.server'
import { deliverablesFiledLate } from './filed-on.server'
import {
  editableFiling,
  lockedErrors,
  periodsOf,
  recordFilingChange,
  scopedFiling,
  scopedLab,
  takeFilingStep,
  writeStep,
  type FilingFailure,
  type FilingSpec,
  type FilingUser,
  type StepContext,
  type StepInput,
  type Tx,
} from './filing-steps.server'
import { auditActorOf, conflict, forbidden, invalid, notFound, type Conflict, type Result } from './result.server'
import { checkVersion, seenVersion, staleRefusal } from './row-version.server'

// 年度成果: a lab's deliverables and their review. The workflow's steps are taken by
// ./filing-steps.server.ts, as for annual reports; this module adds what only deliverables have:
// versions, a revision as a new draft, and the acceptance of a later version superseding the earlier.

// the filing is not in a status that allows this (409); `errors._form` says why
export type DeliverableFailure = FilingFailure | Conflict

export type DeliverableResult = Result<{ deliverable: Deliverable }, DeliverableFailure>

const refOf = (lab: LabRef, status: FilingStatus): FilingRef => ({ kind: 'deliverable', status, lab })

const DELIVERABLE: FilingSpec<Deliverable, DeliverableFailure> = {
  kind: 'deliverable',
  read: (q, id) => q.select().from(deliverables).where(eq(deliverables.id, id)).get(),
  // a step the status does not allow is a conflict (409): the page was stale
  wrongStatus: conflict('deliverables.error.wrongStatus'),
  commentMax: DELIVERABLE_LIMITS.comment,
  commentRequired: 'deliverables.error.commentRequired',
  gradeRequired: 'form.required',
  underReview: 'deliverables.error.underReview',
  // accepted (a change is a new version), or replaced by a later version
  locked: 'deliverables.error.locked',
}

const scoped = (actor: Actor, labId: number, deliverableId: number) => scopedFiling(DELIVERABLE, actor, labId, deliverableId)

const rootOf = (row: Pick<Deliverable, 'id' | 'rootId'>) => row.rootId ?? row.id

function rawOf(row: Deliverable): DeliverableRawInput {
  const { transferValueYuan, ...rest } = row
  return { ...rest, transferValue: transferValueYuan === null ? '' : formatWan(transferValueYuan), forms: row.forms }
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
      decidedAt: deliverables.decidedAt,
      districtOpinion: deliverables.districtOpinion,
      districtOpinionAt: deliverables.districtOpinionAt,
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
  const placed = rows
    .map((r) => ({ ...r, placement: placeInValidityYear(periods, r.completedOn) }))
    .filter(
      (r) =>
        !filter.year ||
        (r.placement.ok && r.placement.sequence === filter.year.sequence && r.placement.validityYear === filter.year.validityYear),
    )
  // 逾期提交: filed after its year's deliverable was due (docs/status-language.md)
  const late = deliverablesFiledLate(labId, placed)
  return placed.map((r) => ({ ...r, filedLateDays: late.get(r.id) ?? null }))
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
  const placement = placeInValidityYear(periods, row.completedOn)
  const filedLateDays = deliverablesFiledLate(labId, [{ ...row, placement }]).get(row.id) ?? null
  return { lab, periods, deliverable: row, versions, placement, filedLateDays }
}

/** The lab's own staff may start a draft; others are refused (403) or do not see the lab (404). */
export function canCreateDeliverable(actor: Actor, lab: LabRef): boolean {
  return canEditFiling(actor, refOf(lab, 'draft'))
}

export function createDeliverable({ by, labId, raw }: { by: FilingUser; labId: number; raw: DeliverableRawInput }): DeliverableResult {
  const lab = scopedLab(by, labId)
  if (!lab) return notFound()
  if (!canCreateDeliverable(by, lab)) return forbidden()
  const checked = checkDeliverableInput(raw, { today: today(), periods: periodsOf(labId) })
  if (!checked.ok) return invalid(checked.errors)
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
    recordFilingChange(tx, { kind: 'deliverable', action: 'create', after: created, actor: auditActorOf(by), at })
    return created
  })
  return { ok: true, deliverable }
}

/** Edits a draft or a returned filing; the status stays, a returned one still needs resubmitting. */
export function updateDeliverable({
  by,
  labId,
  deliverableId,
  raw,
  version,
}: {
  by: FilingUser
  labId: number
  deliverableId: number
  raw: DeliverableRawInput
  // the row version the form showed (VersionField)
  version: unknown
}): DeliverableResult {
  const found = editableFiling(DELIVERABLE, by, labId, deliverableId)
  if (!found.ok) return found
  const { lab, row } = found
  const moved = checkVersion(row, seenVersion(version), { entityType: 'deliverable', entityId: deliverableId })
  if (moved) return moved
  const checked = checkDeliverableInput(raw, { today: today(), periods: periodsOf(labId) })
  if (!checked.ok) return invalid(checked.errors)
  const at = now()
  const deliverable = db().transaction((tx) => {
    const before = tx.select().from(deliverables).where(eq(deliverables.id, deliverableId)).get()!
    if (before.rowVersion !== row.rowVersion || !canEditFiling(by, refOf(lab, before.status))) return null
    const after = tx
      .update(deliverables)
      .set({ ...checked.input, updatedAt: at.toISOString(), rowVersion: before.rowVersion + 1 })
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
  if (!deliverable) {
    const nowRow = DELIVERABLE.read(db(), deliverableId)!
    return nowRow.rowVersion !== row.rowVersion
      ? staleRefusal({ entityType: 'deliverable', entityId: deliverableId, status: nowRow.status })
      : invalid(lockedErrors(DELIVERABLE, row.status))
  }
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
  if (!found) return notFound()
  const { lab, row } = found
  if (!canCreateDeliverable(by, lab)) return forbidden()
  // no step leads back to 'draft' except a new version, so a draft has never been submitted
  if (row.status !== 'draft') return conflict('deliverables.error.deleteDraftOnly')
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
  return { ok: true, deliverable: row }
}

// What is filed is re-checked: what was valid when saved may not be now (a period corrected since).
function checkFiled({ row, errors }: { row: Deliverable; errors: FieldErrors }): { errors: FieldErrors } {
  const checked = checkDeliverableInput(rawOf(row), { today: today(), periods: periodsOf(row.labId) })
  return { errors: checked.ok ? errors : { ...errors, _form: { key: 'deliverables.error.fixBeforeSubmit' }, ...checked.errors } }
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
  return takeFilingStep({
    spec: DELIVERABLE,
    by,
    labId,
    filingId: deliverableId,
    input,
    checkFiled,
    apply: (ctx): DeliverableResult => {
      if (ctx.step === 'revise') return reviseIn(ctx, by)
      const after = writeStep(ctx, (changes) =>
        ctx.tx.update(deliverables).set(changes).where(eq(deliverables.id, deliverableId)).returning().get(),
      )
      if (ctx.step === 'accept') supersedeEarlierIn(ctx.tx, { accepted: after, actor: ctx.actor, at: ctx.at })
      return { ok: true, deliverable: after }
    },
  })
}

// A change to an accepted deliverable is a new draft version of it; the accepted one stays
// accepted (and keeps counting) until the new version is accepted in its place.
function reviseIn({ tx, before, actor, comment, at }: StepContext<Deliverable, unknown>, by: FilingUser): DeliverableResult {
  const rootId = rootOf(before)
  const latest = tx
    .select({ version: deliverables.version })
    .from(deliverables)
    .where(eq(deliverables.rootId, rootId))
    .orderBy(desc(deliverables.version))
    .limit(1)
    .get()
  if (latest && latest.version > before.version) return conflict('deliverables.error.revisionExists', { version: latest.version })
  // a new row: its own row version starts again at 1
  const {
    id: _id,
    createdAt: _c,
    updatedAt: _u,
    submittedAt: _s,
    districtOpinionAt: _d,
    decidedAt: _dd,
    grade: _g,
    rowVersion: _rv,
    ...fields
  } = before
  const stamp = at.toISOString()
  const created = tx
    .insert(deliverables)
    .values({ ...fields, rootId, version: before.version + 1, status: 'draft', createdBy: by.id, createdAt: stamp, updatedAt: stamp })
    .returning()
    .get()
  recordFilingChange(tx, { kind: 'deliverable', action: 'revise', before, after: created, comment, actor, at })
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
