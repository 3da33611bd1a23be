import { and, count, desc, eq, inArray, sql } from 'drizzle-orm'
import { deliverables, outcomes, users, validityPeriods } from '~db/schema'
import type { Outcome } from '~db/schema/outcomes'
import type { DeliverableForm, OutcomeKind, OutcomeVerification } from '~db/schema/enums'
import { placeInValidityYear } from '~/domain/deliverables'
import {
  availableOutcomeSteps,
  canEditOutcome,
  canRecordOutcome,
  checkOutcomeInput,
  mayTakeOutcomeStep,
  OUTCOME_LIMITS,
  OUTCOME_STEPS,
  type OutcomeRawInput,
  type OutcomeStep,
} from '~/domain/outcomes'
import type { Actor } from '~/domain/permissions'
import { now, today } from '~/utils/clock.server'
import { db } from '~/utils/db.server'
import { notifyOutcomeStep } from './outcome-notices.server'
import { recordAudit } from './audit.server'
import { periodsOf, scopedLab } from './filing-steps.server'
import { auditActorOf, conflict, forbidden, invalid, notFound, ok, type ActingUser, type Result } from './result.server'
import { checkVersion, seenVersion, staleRefusal } from './row-version.server'

// 成果登记 (issue 16): a lab's outcome register. The lab records and edits (until verified), the
// district checks (核实) its own district's outcomes, the bureau verifies or disputes with a
// reason. Every change is audited in its transaction; edits and steps are versioned
// (docs/decisions/010-stale-decisions.md). Accepted deliverables are listed alongside, read from
// `deliverables` (an accepted annual deliverable is an outcome too, entered once).

export type OutcomeResult = Result<{ outcome: Outcome }>

export const OUTCOMES_PAGE_SIZE = 20

export type OutcomeListFilter = {
  form?: DeliverableForm
  kind?: OutcomeKind
  periodId?: number
  verification?: OutcomeVerification
  page?: number
  size?: number
}

function scopedOutcome(actor: Actor, labId: number, outcomeId: number) {
  const lab = scopedLab(actor, labId)
  if (!lab) return null
  const row = db()
    .select()
    .from(outcomes)
    .where(and(eq(outcomes.id, outcomeId), eq(outcomes.labId, labId)))
    .get()
  return row ? { lab, row } : null
}

/**
 * The lab's recorded outcomes, newest first, filtered and paginated in SQL; and its accepted
 * deliverables, which count as outcomes without being entered again. The deliverables follow
 * the form and period filters; a kind or verification filter leaves them out (they have neither:
 * the bureau's acceptance is their verification).
 */
export function listOutcomes({ actor, labId, filter = {} }: { actor: Actor; labId: number; filter?: OutcomeListFilter }) {
  const lab = scopedLab(actor, labId)
  if (!lab) return null
  const where = whereOf(labId, filter)
  const total = db().select({ n: count() }).from(outcomes).where(where).get()?.n ?? 0
  const size = filter.size ?? OUTCOMES_PAGE_SIZE
  const pages = Math.max(1, Math.ceil(total / size))
  const page = Math.min(Math.max(1, filter.page ?? 1), pages)
  const rows = db()
    .select({
      id: outcomes.id,
      form: outcomes.form,
      kind: outcomes.kind,
      title: outcomes.title,
      occurredOn: outcomes.occurredOn,
      valueYuan: outcomes.valueYuan,
      verification: outcomes.verification,
      periodSequence: validityPeriods.sequence,
      validityYear: outcomes.validityYear,
    })
    .from(outcomes)
    .innerJoin(validityPeriods, eq(validityPeriods.id, outcomes.periodId))
    .where(where)
    // outcomes_lab_idx
    .orderBy(desc(outcomes.occurredOn), desc(outcomes.id))
    .limit(size)
    .offset((page - 1) * size)
    .all()
  return { lab, rows, total, page, size, fromDeliverables: acceptedDeliverablesOf(labId, filter) }
}

const whereOf = (labId: number, filter: OutcomeListFilter) =>
  and(
    eq(outcomes.labId, labId),
    filter.form ? eq(outcomes.form, filter.form) : undefined,
    filter.kind ? eq(outcomes.kind, filter.kind) : undefined,
    filter.periodId ? eq(outcomes.periodId, filter.periodId) : undefined,
    filter.verification ? eq(outcomes.verification, filter.verification) : undefined,
  )

/** Every outcome the list's filters select, with all its fields, for the CSV export; null when out of scope. */
export function exportOutcomes({ actor, labId, filter = {} }: { actor: Actor; labId: number; filter?: OutcomeListFilter }) {
  const lab = scopedLab(actor, labId)
  if (!lab) return null
  const rows = db()
    .select({ outcome: outcomes, periodSequence: validityPeriods.sequence })
    .from(outcomes)
    .innerJoin(validityPeriods, eq(validityPeriods.id, outcomes.periodId))
    .where(whereOf(labId, filter))
    .orderBy(desc(outcomes.occurredOn), desc(outcomes.id))
    .all()
  return { lab, rows }
}

export type OutcomeRow = NonNullable<ReturnType<typeof listOutcomes>>['rows'][number]

/** The lab's accepted deliverables (the version that counts), as outcomes of the year they count for. */
function acceptedDeliverablesOf(labId: number, filter: OutcomeListFilter) {
  if (filter.kind || filter.verification) return []
  const periods = periodsOf(labId)
  return (
    db()
      .select({
        id: deliverables.id,
        title: deliverables.title,
        forms: deliverables.forms,
        completedOn: deliverables.completedOn,
        transferValueYuan: deliverables.transferValueYuan,
      })
      .from(deliverables)
      // deliverables_lab_idx; an accepted version is the one that counts ('superseded' ones do not)
      .where(and(eq(deliverables.labId, labId), eq(deliverables.status, 'accepted')))
      .orderBy(desc(deliverables.completedOn), desc(deliverables.id))
      .all()
      .map((d) => ({ ...d, placement: placeInValidityYear(periods, d.completedOn) }))
      .filter((d) => !filter.form || d.forms.includes(filter.form))
      .filter((d) => !filter.periodId || (d.placement.ok && d.placement.periodId === filter.periodId))
  )
}

/** One outcome with what the actor may do with it; null when out of scope. */
export function getOutcome({ actor, labId, outcomeId }: { actor: Actor; labId: number; outcomeId: number }) {
  const found = scopedOutcome(actor, labId, outcomeId)
  if (!found) return null
  const { lab, row } = found
  const names = db()
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(inArray(users.id, [row.checkedBy ?? 0, row.decidedBy ?? 0, row.createdBy ?? 0]))
    .all()
  const nameOf = (id: number | null) => names.find((n) => n.id === id)?.name ?? null
  const period = db().select({ sequence: validityPeriods.sequence }).from(validityPeriods).where(eq(validityPeriods.id, row.periodId)).get()
  return {
    lab,
    outcome: row,
    periodSequence: period?.sequence ?? null,
    checkedByName: nameOf(row.checkedBy),
    decidedByName: nameOf(row.decidedBy),
    createdByName: nameOf(row.createdBy),
    canEdit: canEditOutcome(actor, lab, row.verification),
    steps: availableOutcomeSteps(actor, lab, row.verification),
  }
}

export function createOutcome({ by, labId, raw }: { by: ActingUser; labId: number; raw: OutcomeRawInput }): OutcomeResult {
  const lab = scopedLab(by, labId)
  if (!lab) return notFound()
  if (!canRecordOutcome(by, lab)) return forbidden()
  const checked = checkOutcomeInput(raw, { today: today(), periods: periodsOf(labId) })
  if (!checked.ok) return invalid(checked.errors)
  const at = now().toISOString()
  const outcome = db().transaction((tx) => {
    const created = tx
      .insert(outcomes)
      .values({
        labId,
        periodId: checked.year.periodId,
        validityYear: checked.year.validityYear,
        ...checked.input,
        createdBy: by.id,
        createdAt: at,
        updatedAt: at,
      })
      .returning()
      .get()
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'create',
      entityType: 'outcome',
      entityId: created.id,
      labId,
      after: created,
      at: new Date(at),
    })
    notifyOutcomeStep(tx, {
      outcomeId: created.id,
      version: created.rowVersion,
      labId,
      title: created.title,
      step: 'recorded',
      at: new Date(at),
    })
    return created
  })
  return ok({ outcome })
}

const VERIFICATION_RESET = { checkedBy: null, checkedAt: null, checkNote: '', decidedBy: null, decidedAt: null, decisionReason: '' }

/**
 * The lab edits an outcome not yet verified. The content the district checked or the bureau
 * disputed has changed, so the outcome returns to 'unverified' and waits for a new check.
 */
export function updateOutcome({
  by,
  labId,
  outcomeId,
  raw,
  version,
}: {
  by: ActingUser
  labId: number
  outcomeId: number
  raw: OutcomeRawInput
  version: unknown
}): OutcomeResult {
  const found = scopedOutcome(by, labId, outcomeId)
  if (!found) return notFound()
  const { lab, row } = found
  if (!canRecordOutcome(by, lab)) return forbidden()
  const moved = checkVersion({ rowVersion: row.rowVersion, status: row.verification }, seenVersion(version), {
    entityType: 'outcome',
    entityId: outcomeId,
  })
  if (moved) return moved
  if (!canEditOutcome(by, lab, row.verification)) return conflict('outcomes.error.verifiedLocked')
  const checked = checkOutcomeInput(raw, { today: today(), periods: periodsOf(labId) })
  if (!checked.ok) return invalid(checked.errors)
  const at = now()
  const outcome = db().transaction((tx) => {
    const after = tx
      .update(outcomes)
      .set({
        ...checked.input,
        periodId: checked.year.periodId,
        validityYear: checked.year.validityYear,
        verification: 'unverified',
        ...VERIFICATION_RESET,
        updatedAt: at.toISOString(),
        rowVersion: row.rowVersion + 1,
      })
      // compare-and-set: another edit or a verification since the page was read loses nothing
      .where(and(eq(outcomes.id, outcomeId), eq(outcomes.rowVersion, row.rowVersion), sql`${outcomes.verification} <> 'verified'`))
      .returning()
      .get()
    if (!after) return null
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'update',
      entityType: 'outcome',
      entityId: outcomeId,
      labId,
      before: row,
      after,
      at,
    })
    // a checked or disputed outcome the lab has changed is the district's to check again
    if (row.verification !== 'unverified')
      notifyOutcomeStep(tx, { outcomeId, version: after.rowVersion, labId, title: after.title, step: 'recorded', at })
    return after
  })
  if (!outcome) return staleOf(outcomeId)
  return ok({ outcome })
}

function staleOf(outcomeId: number) {
  const nowRow = db().select().from(outcomes).where(eq(outcomes.id, outcomeId)).get()
  return staleRefusal({ entityType: 'outcome', entityId: outcomeId, status: nowRow?.verification ?? null })
}

/** The district's check, or the bureau's verification or dispute (a dispute says why). */
export function takeOutcomeStep({
  by,
  labId,
  outcomeId,
  step,
  reason: rawReason,
  version,
}: {
  by: ActingUser
  labId: number
  outcomeId: number
  step: OutcomeStep
  reason?: string
  version: unknown
}): OutcomeResult {
  const found = scopedOutcome(by, labId, outcomeId)
  if (!found) return notFound()
  const { lab, row } = found
  if (!mayTakeOutcomeStep(by, lab, step)) return forbidden()
  const reason = (rawReason ?? '').trim()
  if (step === 'dispute' && !reason) return invalid({ reason: { key: 'outcomes.error.reasonRequired' } })
  if (reason.length > OUTCOME_LIMITS.reason) return invalid({ reason: { key: 'form.tooLong', vars: { max: OUTCOME_LIMITS.reason } } })
  const moved = checkVersion({ rowVersion: row.rowVersion, status: row.verification }, seenVersion(version), {
    entityType: 'outcome',
    entityId: outcomeId,
  })
  if (moved) return moved
  const spec = OUTCOME_STEPS[step]
  if (!(spec.from as readonly OutcomeVerification[]).includes(row.verification)) return conflict('outcomes.error.wrongState')
  const at = now()
  const set =
    step === 'check'
      ? { checkedBy: by.id, checkedAt: at.toISOString(), checkNote: reason }
      : { decidedBy: by.id, decidedAt: at.toISOString(), decisionReason: reason }
  const outcome = db().transaction((tx) => {
    const after = tx
      .update(outcomes)
      .set({ ...set, verification: spec.to, updatedAt: at.toISOString(), rowVersion: row.rowVersion + 1 })
      .where(and(eq(outcomes.id, outcomeId), eq(outcomes.rowVersion, row.rowVersion)))
      .returning()
      .get()
    if (!after) return null
    recordAudit(tx, { actor: auditActorOf(by), action: step, entityType: 'outcome', entityId: outcomeId, labId, before: row, after, at })
    notifyOutcomeStep(tx, {
      outcomeId,
      version: after.rowVersion,
      labId,
      title: after.title,
      step: step === 'check' ? 'checked' : step === 'verify' ? 'verified' : 'disputed',
      reason,
      at,
    })
    return after
  })
  if (!outcome) return staleOf(outcomeId)
  return ok({ outcome })
}
