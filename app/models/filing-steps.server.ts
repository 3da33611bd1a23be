import { and, asc, eq } from 'drizzle-orm'
import { labs, validityPeriods } from '~db/schema'
import type { DistrictOpinion, FilingAction, FilingKind, FilingStatus } from '~db/schema/enums'
import type { PeriodSpan } from '~/domain/deliverables'
import {
  canEditFiling,
  checkStep,
  isFilingStep,
  readStepInput,
  stepChanges,
  type FilingStep,
  type StepChanges,
  type StepInputRules,
} from '~/domain/filing-workflow'
import type { Actor } from '~/domain/permissions'
import type { MessageKey } from '~/i18n'
import { now } from '~/utils/clock.server'
import { db, type Db } from '~/utils/db.server'
import type { FieldErrors } from '~/utils/forms'
import { recordAudit, type AuditActor } from './audit.server'
import { activeGrades } from './grades.server'
import { recordFilingEvent } from './filing-events.server'
import { notifyFilingStep } from './filing-notices.server'
import { checkVersion, seenVersion, staleRefusal } from './row-version.server'
import {
  auditActorOf,
  forbidden,
  invalid,
  notFound,
  type ActingUser,
  type Conflict,
  type Forbidden,
  type Invalid,
  type NotFound,
} from './result.server'
import { labScope } from './scope.server'

// What deliverables and annual reports do alike: reach a filing through its lab's URL, take a
// workflow step on it (app/domain/filing-workflow.ts alone decides who may take which), and write
// the change, its audit row and its thread entry in one transaction before the lab's compliance
// is re-evaluated. Each model keeps its own rules: versions and supersession for deliverables,
// the content, the year's end and the roster snapshot for annual reports.

/** The signed-in user as the workflow (Actor) and the audit log (name, address) see them. */
export type FilingUser = ActingUser

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
export type ScopedLab = { id: number; name: string; districtCode: string }
type FilingRow = { id: number; labId: number; status: FilingStatus; rowVersion: number }

/** One kind of filing as the shared code sees it: how to read it, how to word a refusal. */
export type FilingSpec<Row extends FilingRow, WrongStatus> = StepInputRules & {
  kind: FilingKind
  read: (q: Pick<Db, 'select'>, id: number) => Row | undefined
  // a step the filing's status does not allow (now, or by the time the transaction runs)
  wrongStatus: WrongStatus
  // why the lab may not change its filing now: the review has it, or it is accepted and locked
  underReview: MessageKey
  locked: MessageKey
}

// rowVersion: the filing's row version the page showed (VersionField); a step on an older one is refused
export type StepInput = { step: FilingStep; comment?: string; grade?: string; opinion?: string; rowVersion: unknown }

/** 404 out of scope, 403 not for this user, 400 bad input, 409 the page was stale (someone else changed the filing first). */
export type FilingFailure = NotFound | Forbidden | Invalid | Conflict

/** A step being written, inside its transaction: the row as it stands and what the step carries. */
export type StepContext<Row, Filed> = {
  tx: Tx
  kind: FilingKind
  before: Row
  step: FilingStep
  to: FilingStatus
  comment: string
  grade: string | null
  // the district's 推荐 / 不推荐 on its opinion step, else null
  opinion: DistrictOpinion | null
  filed: Filed | undefined
  actor: AuditActor
  at: Date
}

export function scopedLab(actor: Actor, labId: number): ScopedLab | null {
  return (
    db()
      .select({ id: labs.id, name: labs.name, districtCode: labs.districtCode })
      .from(labs)
      .where(and(eq(labs.id, labId), labScope(actor)))
      .get() ?? null
  )
}

export function periodsOf(labId: number): PeriodSpan[] {
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

// A filing of a lab the actor may see, addressed through that lab's URL: another lab's filing
// under this lab's URL is "not found", like one outside the actor's scope.
export function scopedFiling<Row extends FilingRow>(
  spec: Pick<FilingSpec<Row, unknown>, 'read'>,
  actor: Actor,
  labId: number,
  filingId: number,
): { lab: ScopedLab; row: Row } | null {
  const lab = scopedLab(actor, labId)
  if (!lab) return null
  const row = spec.read(db(), filingId)
  return row && row.labId === labId ? { lab, row } : null
}

export const lockedErrors = (spec: Pick<FilingSpec<FilingRow, unknown>, 'underReview' | 'locked'>, status: FilingStatus): FieldErrors => ({
  _form: { key: status === 'submitted' ? spec.underReview : spec.locked },
})

/** A filing its lab may change now: its own staff only, and only while it is a draft or returned to the lab. */
export function editableFiling<Row extends FilingRow>(
  spec: FilingSpec<Row, unknown>,
  by: Actor,
  labId: number,
  filingId: number,
): { ok: true; lab: ScopedLab; row: Row } | FilingFailure {
  const found = scopedFiling(spec, by, labId, filingId)
  if (!found) return notFound()
  const { lab, row } = found
  // the lab's own staff, whatever the status: a draft is what its own lab may always edit
  if (!canEditFiling(by, { kind: spec.kind, status: 'draft', lab })) return forbidden()
  if (!canEditFiling(by, { kind: spec.kind, status: row.status, lab })) return invalid(lockedErrors(spec, row.status))
  return { ok: true, lab, row }
}

/** The audit row and the thread entry of a filing's change of status, in the caller's transaction; returns the entry. */
export function recordFilingChange(
  tx: Pick<Db, 'insert'>,
  {
    kind,
    action,
    before,
    after,
    comment,
    grade,
    opinion,
    actor,
    at,
  }: {
    kind: FilingKind
    action: FilingAction
    // none when the filing is created
    before?: FilingRow
    after: FilingRow
    comment?: string
    grade?: string | null
    opinion?: DistrictOpinion | null
    actor: AuditActor
    at: Date
  },
) {
  const { id, labId } = after
  recordAudit(tx, { actor, action, entityType: kind, entityId: id, labId, before, after, at })
  return recordFilingEvent(tx, {
    kind,
    filingId: id,
    labId,
    action,
    fromStatus: before?.status ?? null,
    toStatus: after.status,
    comment,
    grade,
    districtOpinion: opinion,
    actor,
    at,
  })
}

/**
 * Takes one workflow step: 404 out of scope, 403 a step this user never takes here, the model's
 * wrong-status failure, 400 a comment or grade the step lacks, a grade that is not active now (or
 * what is filed, by the model's `checkFiled`). `apply` writes the step (usually through writeStep)
 * once the status has been checked again inside the transaction; the lab's compliance is
 * re-evaluated after it commits.
 */
export function takeFilingStep<Row extends FilingRow, R extends { ok: boolean }, Filed = never>({
  spec,
  by,
  labId,
  filingId,
  input,
  checkFiled,
  apply,
}: {
  spec: FilingSpec<Row, R>
  by: FilingUser
  labId: number
  filingId: number
  input: StepInput
  // submit and resubmit only: given the comment's errors, the errors to show and what to file
  checkFiled?: (filing: { row: Row; errors: FieldErrors }) => { errors: FieldErrors; filed?: Filed }
  apply: (ctx: StepContext<Row, Filed>) => R
}): R | FilingFailure {
  const found = scopedFiling(spec, by, labId, filingId)
  if (!found) return notFound()
  const { lab, row } = found
  const { step } = input
  const allowed = checkStep(by, { kind: spec.kind, status: row.status, lab }, step)
  if (!allowed.ok && allowed.reason === 'not_allowed_for_role') return forbidden()
  // a decision taken on what the page showed: refused if the filing moved on since (409)
  const moved = checkVersion(row, seenVersion(input.rowVersion), { entityType: spec.kind, entityId: filingId })
  if (moved) return moved
  if (!allowed.ok) return spec.wrongStatus
  // a grade must be one the bureau gives now; a deactivated one stays on the filings that have it
  const grades = activeGrades().map((g) => g.code)
  const { comment, grade, opinion, errors: inputErrors } = readStepInput({ kind: spec.kind, ...input, grades }, spec)
  const { errors, filed } =
    checkFiled && isFilingStep(step) ? checkFiled({ row, errors: inputErrors }) : { errors: inputErrors, filed: undefined }
  if (Object.keys(errors).length > 0) return invalid(errors)

  const at = now()
  const result = db().transaction((tx): R | FilingFailure => {
    // re-read inside the transaction: compare-and-set on the version read above
    const before = spec.read(tx, filingId)!
    if (before.rowVersion !== row.rowVersion) return staleRefusal({ entityType: spec.kind, entityId: filingId, status: before.status }, tx)
    const again = checkStep(by, { kind: spec.kind, status: before.status, lab }, step)
    if (!again.ok) return spec.wrongStatus
    return apply({ tx, kind: spec.kind, before, step, to: again.to, comment, grade, opinion, filed, actor: auditActorOf(by), at })
  })
  return result
}

/**
 * Writes a step's status and instants (`update` may add the model's own columns), its audit row
 * and its thread entry, and tells whoever the step concerns (notifyFilingStep), all in the step's
 * transaction: a step refused or rolled back tells nobody, a step taken is told once.
 */
export function writeStep<Row extends FilingRow>(
  ctx: StepContext<Row, unknown>,
  update: (changes: StepChanges & { rowVersion: number }) => Row,
): Row {
  const { tx, kind, before, step, to, comment, grade, opinion, actor, at } = ctx
  const after = update({ ...stepChanges({ step, to, grade, opinion, stamp: at.toISOString() }), rowVersion: before.rowVersion + 1 })
  const event = recordFilingChange(tx, { kind, action: step, before, after, comment, grade, opinion, actor, at })
  notifyFilingStep(tx, event)
  return after
}
