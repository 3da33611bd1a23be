import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import { labs, publicNotices, renewalEvents, renewals, validityPeriods } from '~db/schema'
import type { PublicNotice } from '~db/schema/public-notices'
import {
  RECHECK_DECISIONS,
  RENEWAL_DECISIONS,
  type RecheckDecision,
  type RenewalAction,
  type RenewalDecision,
  type RenewalStatus,
} from '~db/schema/enums'
import type { ValidityPeriod } from '~db/schema/periods'
import type { Renewal } from '~db/schema/renewals'
import { addDays, isIsoDate, type IsoDate } from '~/domain/dates'
import { isOwnLab, type Actor } from '~/domain/permissions'
import {
  canDecide,
  canEditApplication,
  canRecheck,
  canSeeRenewal,
  decisionsWithoutApplication,
  isWindowOpen,
  lastEndWithWindowOpen,
  periodOutcomeOf,
  rectificationDeadline,
  renewedPeriod,
  statusAfterDecision,
  windowOpensOn,
} from '~/domain/renewals'
import { renewalDecisionNeedsNotice } from '~/domain/notice-step'
import { translator } from '~/i18n'
import { now, today } from '~/utils/clock.server'
import { db, type Db } from '~/utils/db.server'
import { fieldErrorsOf, requiredText, type FieldErrors } from '~/utils/forms'
import { recordAudit, SYSTEM_ACTOR, type AuditActor } from './audit.server'
import { labPeriodsOf, latestPeriods, nextPeriodSequence } from './lab-status.server'
import { ensureLedger } from './ledger.server'
import { activeGrades } from './grades.server'
import { notifyEvent } from './event-notices.server'
import { notifyRenewalDecision, notifyRenewalNotice, notifyRenewalSubmitted } from './renewal-notices.server'
import { liveNoticeOf, publishNotice, withdrawLiveNotice } from './notice-records.server'
import { findRenewal } from './renewal-access.server'
import { carryProposedPlan } from './renewal-plans.server'
import { auditActorOf, conflict, forbidden, invalid, notFound, type ActingUser, type Refusal, type Result } from './result.server'
import { checkVersion, seenVersion, staleRefusal } from './row-version.server'
import { labScope } from './scope.server'
import { ruleSettings } from './settings.server'

// 续期: the lab's application for the period ending, and the bureau's decision, which it writes
// on the periods themselves (the outcome of the one ending, the next one when renewed) so that
// every status, check, export and reminder follows at once. Each change writes its audit rows
// and its thread entry in one transaction and notifies the lab, its district and the bureau.

export type RenewalUser = ActingUser
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

export type RenewalFailure = Refusal
export type RenewalResult = Result<{ renewal: Renewal }, RenewalFailure>

// ---- where a lab stands ------------------------------------------------------------------------

// a renewal continues the lab's latest period (labPeriods in app/domain/validity.ts)
function latestPeriod(labId: number): ValidityPeriod | undefined {
  return labPeriodsOf(labId, today()).latest ?? undefined
}

function scopedLab(actor: Actor, labId: number) {
  return (
    db()
      .select({ id: labs.id, name: labs.name, districtCode: labs.districtCode })
      .from(labs)
      .where(and(eq(labs.id, labId), labScope(actor)))
      .get() ?? null
  )
}

/** The latest period's renewal as the lab page and the lab's renewal entry show it. */
export function renewalStateOf({ actor, labId }: { actor: Actor; labId: number }) {
  const lab = scopedLab(actor, labId)
  if (!lab) return null
  const period = latestPeriod(labId)
  if (!period) return { lab, period: null, renewal: null, renewalId: null, window: null, decideVersion: 0 }
  const row = db().select().from(renewals).where(eq(renewals.periodId, period.id)).get() ?? null
  // a draft is the lab's own (the lab is in the actor's scope already, so no expert gets here)
  const renewal = row && canSeeRenewal(actor, { status: row.status, lab }, { assigned: false }) ? row : null
  const windowDays = ruleSettings().renewalWindowDays
  const day = today()
  return {
    lab,
    period,
    renewal,
    // the period's renewal even when the actor may not open it (a draft in 公示: its notice is shown)
    renewalId: row?.id ?? null,
    decideVersion: row?.rowVersion ?? 0,
    window: { opensOn: windowOpensOn(period, windowDays), open: isWindowOpen(period, day, windowDays), ended: period.endDate < day },
  }
}

/** Whether the renewal is announced (公示) and not yet confirmed: no other step is taken on it meanwhile. */
export function inNotice(renewalId: number, q: Pick<Db, 'select'> = db()): boolean {
  const notice = liveNoticeOf('renewal', renewalId, q)
  return notice !== null && notice.confirmedAt === null
}

/** The renewal's notice as its pages show it (NoticeStep), or null. */
export function noticeStepOf(notice: PublicNotice | null) {
  return (
    notice && {
      id: notice.id,
      startsOn: notice.startsOn,
      endsOn: notice.endsOn,
      confirmed: notice.confirmedAt !== null,
      recheck: isRecheckProposal(JSON.parse(notice.proposal) as RenewalProposal),
    }
  )
}

// ---- the lab's application ---------------------------------------------------------------------

const TEXT_MAX = 8000
const APPLICATION_FIELDS = ['summary', 'selfAssessment', 'planTargets', 'planIp', 'planFunding', 'planScenarios'] as const
type ApplicationField = (typeof APPLICATION_FIELDS)[number]

const DraftFields = z.object(
  Object.fromEntries(APPLICATION_FIELDS.map((f) => [f, z.string().trim().max(TEXT_MAX, 'form.tooLong').default('')])) as Record<
    ApplicationField,
    z.ZodDefault<z.ZodString>
  >,
)

export type ApplicationRaw = Partial<Record<ApplicationField, unknown>>

/** Starts (or returns) the draft application of the lab's latest period, once the window is open. */
export function startApplication({ by, labId }: { by: RenewalUser; labId: number }): RenewalResult {
  const lab = scopedLab(by, labId)
  if (!lab) return notFound()
  if (!isOwnLab(by, lab)) return forbidden()
  const period = latestPeriod(labId)
  if (!period) return conflict('renewals.error.noPeriod')
  const existing = db().select().from(renewals).where(eq(renewals.periodId, period.id)).get()
  if (existing) return { ok: true, renewal: existing }
  if (period.outcome !== null) return conflict('renewals.error.periodDecided')
  const opens = windowOpensOn(period, ruleSettings().renewalWindowDays)
  if (today() < opens) return conflict('renewals.error.windowNotOpen', { date: opens })
  const at = now()
  const renewal = db().transaction((tx) => {
    const created = tx
      .insert(renewals)
      .values({ labId, periodId: period.id, status: 'draft', createdBy: by.id, createdAt: at.toISOString(), updatedAt: at.toISOString() })
      .onConflictDoNothing()
      .returning()
      .get()
    // a second tab started it meanwhile: that draft is the one
    if (!created) return tx.select().from(renewals).where(eq(renewals.periodId, period.id)).get()!
    recordRenewalEvent(tx, {
      renewal: created,
      action: 'create',
      fromStatus: null,
      toStatus: created.status,
      comment: '',
      by: auditActorOf(by),
      at,
    })
    recordAudit(tx, { actor: auditActorOf(by), action: 'create', entityType: 'renewal', entityId: created.id, labId, after: created, at })
    return created
  })
  return { ok: true, renewal }
}

// version: the renewal's row version the form showed (VersionField)
type ApplicationEdit = { by: RenewalUser; labId: number; renewalId: number; raw: ApplicationRaw; version: unknown }

// The lab's own application, still open to its edits: the renewal as read, or why not.
function editableApplication({ by, labId, renewalId, version }: ApplicationEdit) {
  const found = findRenewal(by, labId, renewalId)
  if (!found) return notFound()
  if (!isOwnLab(by, found.lab)) return forbidden()
  const moved = checkVersion(found.renewal, seenVersion(version), { entityType: 'renewal', entityId: renewalId })
  if (moved) return moved
  if (!canEditApplication(by, { status: found.renewal.status, lab: found.lab })) return conflict('renewals.error.notEditable')
  // a draft the bureau decided to renew without it, in 公示: the decision is taken, nothing to apply for
  if (inNotice(renewalId)) return conflict('notice.error.inNotice')
  return { ok: true as const, ...found }
}

export function updateApplication(edit: ApplicationEdit): RenewalResult {
  const found = editableApplication(edit)
  if (!found.ok) return found
  const parsed = DraftFields.safeParse(edit.raw)
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error))
  return write({ by: edit.by, before: found.renewal, action: 'update', set: parsed.data, to: 'draft' })
}

/** Submits the draft: every part of the application is needed then. */
export function submitApplication(edit: ApplicationEdit): RenewalResult {
  const found = editableApplication(edit)
  if (!found.ok) return found
  if (found.period.outcome !== null) return conflict('renewals.error.periodDecided')
  const parsed = DraftFields.safeParse(edit.raw)
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error))
  const missing: FieldErrors = {}
  for (const f of APPLICATION_FIELDS) if (!parsed.data[f]) missing[f] = { key: 'renewals.error.fieldRequired' }
  if (Object.keys(missing).length) return invalid(missing)
  const set = { ...parsed.data, submittedAt: now().toISOString() }
  return write({ by: edit.by, before: found.renewal, action: 'submit', set, to: 'submitted' })
}

// Writes a change of the renewal if its status is still the one read; the thread and the audit log record it.
function write({
  by,
  before,
  action,
  set,
  to,
  comment = '',
}: {
  by: RenewalUser
  before: Renewal
  action: RenewalAction
  set: Partial<Renewal>
  to: RenewalStatus
  comment?: string
}): RenewalResult {
  const at = now()
  const result = db().transaction((tx): RenewalResult => {
    const after = tx
      .update(renewals)
      .set({ ...set, status: to, updatedAt: at.toISOString(), rowVersion: before.rowVersion + 1 })
      // compare-and-set on the version read (docs/decisions/010-stale-decisions.md)
      .where(and(eq(renewals.id, before.id), eq(renewals.rowVersion, before.rowVersion)))
      .returning()
      .get()
    if (!after) return staleRenewal(tx, before.id)
    if (action !== 'update') {
      const eventId = recordRenewalEvent(tx, {
        renewal: after,
        action,
        fromStatus: before.status,
        toStatus: after.status,
        comment,
        by: auditActorOf(by),
        at,
      })
      if (action === 'submit') notifyRenewalSubmitted(tx, { renewalId: after.id, labId: after.labId, eventId, at })
    }
    recordAudit(tx, { actor: auditActorOf(by), action, entityType: 'renewal', entityId: before.id, labId: before.labId, before, after, at })
    return { ok: true, renewal: after }
  })
  return result
}

// ---- the bureau's decision ---------------------------------------------------------------------

const reasonsField = requiredText(4000)

const DecisionFields = z.object({
  decision: z.enum(RENEWAL_DECISIONS, { error: 'form.invalidChoice' }),
  grade: z.string().trim().default(''),
  reasons: reasonsField,
  rectificationDeadline: z.string().trim().default(''),
  rectificationRequirements: z.string().trim().max(4000, 'form.tooLong').default(''),
})

export type DecisionRaw = Partial<Record<keyof z.input<typeof DecisionFields>, unknown>>

export type CheckedDecision = {
  decision: RenewalDecision
  grade: string | null
  reasons: string
  rectificationDeadline: IsoDate | null
  rectificationRequirements: string
}

/** The decision as the bureau typed it, checked: a grade of the active scale (except to revoke), reasons, and for a conditional renewal what to fix by when. */
export function readDecision(raw: DecisionRaw, day: IsoDate): { ok: true; value: CheckedDecision } | { ok: false; errors: FieldErrors } {
  const parsed = DecisionFields.safeParse(raw)
  if (!parsed.success) {
    const errors = fieldErrorsOf(parsed.error)
    if (errors.reasons) errors.reasons = { key: 'renewals.error.reasonsRequired' }
    // no outcome is preselected (issue 19): a decision not chosen is asked for by name
    if (errors.decision && (raw.decision === undefined || raw.decision === '')) errors.decision = { key: 'renewals.error.decisionRequired' }
    return { ok: false, errors }
  }
  const v = parsed.data
  const errors: FieldErrors = {}
  const grades = activeGrades().map((g) => g.code)
  if (v.decision !== 'revoke' && !v.grade) errors.grade = { key: 'renewals.error.gradeRequired' }
  else if (v.grade && !grades.includes(v.grade)) errors.grade = { key: 'form.invalidChoice' }
  let deadline: IsoDate | null = null
  if (v.decision === 'renew_after_rectification') {
    deadline = v.rectificationDeadline ? v.rectificationDeadline : rectificationDeadline(day, ruleSettings().rectificationMonths)
    if (!isIsoDate(deadline)) errors.rectificationDeadline = { key: 'form.invalidDate' }
    else if (deadline <= day) errors.rectificationDeadline = { key: 'renewals.error.deadlinePast' }
    if (!v.rectificationRequirements) errors.rectificationRequirements = { key: 'renewals.error.requirementsRequired' }
  }
  if (Object.keys(errors).length) return { ok: false, errors }
  return {
    ok: true,
    value: {
      decision: v.decision,
      grade: v.grade || null,
      reasons: v.reasons,
      rectificationDeadline: deadline,
      rectificationRequirements: v.decision === 'renew_after_rectification' ? v.rectificationRequirements : '',
    },
  }
}

/** The bureau decides a submitted (or reviewed) application. */
export function decideRenewal({
  by,
  labId,
  renewalId,
  raw,
  version,
}: {
  by: RenewalUser
  labId: number
  renewalId: number
  raw: DecisionRaw
  // the renewal's row version the decision form showed (VersionField)
  version: unknown
}): RenewalResult {
  const found = findRenewal(by, labId, renewalId)
  if (!found) return notFound()
  if (by.role !== 'bureau') return forbidden()
  const moved = checkVersion(found.renewal, seenVersion(version), { entityType: 'renewal', entityId: renewalId })
  if (moved) return moved
  if (!canDecide(by, found.renewal)) return conflict('renewals.error.notDecidable')
  // in 公示 the decision is taken: it is confirmed after the notice or sent back by an objection
  if (liveNoticeOf('renewal', renewalId)) return conflict('notice.error.inNotice')
  const day = today()
  const read = readDecision(raw, day)
  if (!read.ok) return invalid(read.errors)
  if (renewalDecisionNeedsNotice(read.value.decision, ruleSettings().renewalNoticeStep === 1))
    return publishRenewalNotice({ by, renewal: found.renewal, proposal: read.value })
  return applyDecision({
    by: auditActorOf(by),
    userId: by.id,
    renewal: found.renewal,
    period: found.period,
    lab: found.lab,
    decided: read.value,
    day,
  })
}

/**
 * A decision without an application: a lab that never applied (typically not renewed), or a
 * revocation for cause at any time. The latest period's renewal row is created, or its draft
 * taken over; a submitted application is decided on its own page instead.
 */
export function decideWithoutApplication({
  by,
  labId,
  raw,
  version,
}: {
  by: RenewalUser
  labId: number
  raw: DecisionRaw
  // the period's renewal's row version the page showed, 0 when it had none
  version: unknown
}): RenewalResult {
  const lab = scopedLab(by, labId)
  if (!lab) return notFound()
  if (by.role !== 'bureau') return forbidden()
  const period = latestPeriod(labId)
  if (!period) return conflict('renewals.error.noPeriod')
  const seen = seenVersion(version)
  const first = db().select().from(renewals).where(eq(renewals.periodId, period.id)).get()
  // stale decisions: a renewal started, decided or changed since the page loaded is refused first
  const moved = checkRenewalSeen(db(), first, seen)
  if (moved) return moved
  const day = today()
  const read = readDecision(raw, day)
  if (!read.ok) return invalid(read.errors)
  // a renewed period's next one may be revoked before it starts; otherwise the period must be undecided
  if (period.outcome !== null) return conflict('renewals.error.periodDecided')
  const applied = first !== undefined && first.status !== 'draft'
  if (!decisionsWithoutApplication({ period, renewalStatus: first?.status ?? null, today: day }).includes(read.value.decision))
    return conflict(applied ? 'renewals.error.appliedUseRenewal' : 'renewals.error.periodNotEnded')
  // in 公示 the renewal is taken: only a revocation for cause overrides it (it withdraws the notice)
  if (first && inNotice(first.id) && read.value.decision !== 'revoke') return conflict('notice.error.inNotice')
  const at = now()
  const fullLab = db()
    .select({ id: labs.id, name: labs.name, districtCode: labs.districtCode, direction: labs.direction, hostOrgId: labs.hostOrgId })
    .from(labs)
    .where(eq(labs.id, labId))
    .get()!
  // the renewal the decision is written on is read (or made) in the decision's transaction, at the version seen
  return db().transaction((tx): RenewalResult => {
    const existing = tx.select().from(renewals).where(eq(renewals.periodId, period.id)).get()
    const again = checkRenewalSeen(tx, existing, seen)
    if (again) return again
    const renewal =
      existing ??
      tx
        .insert(renewals)
        .values({ labId, periodId: period.id, status: 'draft', createdBy: by.id, createdAt: at.toISOString(), updatedAt: at.toISOString() })
        .returning()
        .get()
    // 续期先公示 (ADR 025): renewing a lab that never applied is announced like any renewal
    if (renewalDecisionNeedsNotice(read.value.decision, ruleSettings().renewalNoticeStep === 1))
      return publishRenewalNotice({ by, renewal, proposal: read.value })
    return applyDecision({ by: auditActorOf(by), userId: by.id, renewal, period, lab: fullLab, decided: read.value, day })
  })
}

// The version a page without an application showed: the period's renewal's, 0 when it had none.
function checkRenewalSeen(q: Pick<Db, 'select'>, existing: Renewal | undefined, seen: number | undefined) {
  return checkVersion(
    { rowVersion: existing?.rowVersion ?? 0, status: existing?.status ?? null },
    seen,
    { entityType: 'renewal', entityId: existing?.id ?? 0 },
    q,
  )
}

// the 409 of a renewal that changed between reading it and writing it, with what it is now
function staleRenewal(tx: Pick<Db, 'select'>, renewalId: number) {
  const current = tx.select({ status: renewals.status }).from(renewals).where(eq(renewals.id, renewalId)).get()
  return staleRefusal({ entityType: 'renewal', entityId: renewalId, status: current?.status ?? null }, tx)
}

export type DecisionContext = {
  by: AuditActor
  userId: number | null
  renewal: Renewal
  period: ValidityPeriod
  lab: { id: number; name: string; districtCode: string }
  decided: CheckedDecision
  day: IsoDate
}

/**
 * 续期决定先公示 (docs/decisions/025-public-notice.md): the decision (or the re-check) to renew is
 * announced for 7 working days instead of taking effect. The renewal stays as it was, announced
 * (its status, the pipeline and the tallies are unchanged until the confirm step calls
 * applyDecision or applyRecheck); its version moves so a second form open meanwhile is stale.
 */
function publishRenewalNotice({ by, renewal, proposal }: { by: RenewalUser; renewal: Renewal; proposal: RenewalProposal }): RenewalResult {
  const at = now()
  const actor = auditActorOf(by)
  return db().transaction((tx): RenewalResult => {
    const after = tx
      .update(renewals)
      .set({ updatedAt: at.toISOString(), rowVersion: renewal.rowVersion + 1 })
      .where(and(eq(renewals.id, renewal.id), eq(renewals.rowVersion, renewal.rowVersion)))
      .returning()
      .get()
    if (!after) return staleRenewal(tx, renewal.id)
    const notice = publishNotice(tx, {
      subjectKind: 'renewal',
      subjectId: renewal.id,
      proposal,
      labId: renewal.labId,
      by: actor,
      at,
    })
    recordRenewalEvent(tx, {
      renewal,
      action: 'notice',
      fromStatus: renewal.status,
      toStatus: renewal.status,
      comment: proposal.reasons,
      by: actor,
      at,
    })
    notifyRenewalNotice(tx, {
      sourceId: notice.id,
      step: 0,
      renewalId: renewal.id,
      labId: renewal.labId,
      key: 'renewals.notice.inNotice',
      at,
    })
    return { ok: true, renewal: after }
  })
}

// Writes the decision on the renewal and on the periods, in one transaction; its audit rows mark
// the lab for re-evaluation by the next reader. Also the confirm step after a notice (./renewal-notice-step.server.ts).
export function applyDecision({ by, userId, renewal, period, lab, decided, day }: DecisionContext): RenewalResult {
  const at = now()
  const result = db().transaction((tx): RenewalResult => {
    const after = tx
      .update(renewals)
      .set({
        status: statusAfterDecision(decided.decision),
        decision: decided.decision,
        grade: decided.grade,
        reasons: decided.reasons,
        decidedOn: day,
        decidedAt: at.toISOString(),
        decidedBy: userId,
        decidedByName: by.displayName,
        rectificationDeadline: decided.rectificationDeadline,
        rectificationRequirements: decided.rectificationRequirements,
        updatedAt: at.toISOString(),
        rowVersion: renewal.rowVersion + 1,
      })
      .where(and(eq(renewals.id, renewal.id), eq(renewals.rowVersion, renewal.rowVersion)))
      .returning()
      .get()
    if (!after) return staleRenewal(tx, renewal.id)
    // a renewal decided while its decision to renew was in 公示 (a revocation): the notice is off
    withdrawLiveNotice(tx, { subjectKind: 'renewal', subjectId: renewal.id, reason: decided.reasons, labId: lab.id, by, at })
    const outcome = periodOutcomeOf(decided.decision)
    const withPeriod = outcome
      ? settlePeriod(tx, { renewal: after, period, outcome, renew: decided.decision === 'renew', day, reasons: decided.reasons, by, at })
      : after
    recordRenewalEvent(tx, {
      renewal: withPeriod,
      action: 'decide',
      fromStatus: renewal.status,
      toStatus: withPeriod.status,
      comment: decided.reasons,
      by,
      at,
    })
    recordAudit(tx, {
      actor: by,
      action: 'decide',
      entityType: 'renewal',
      entityId: renewal.id,
      labId: lab.id,
      before: renewal,
      after: withPeriod,
      at,
    })
    notifyRenewalDecision(tx, { renewalId: withPeriod.id, labId: lab.id, key: `renewals.notice.${decided.decision}`, step: 0, day, at })
    return { ok: true, renewal: withPeriod }
  })
  return result
}

// The period's outcome, and for a renewal the next period from the day after it ends.
function settlePeriod(
  tx: Tx,
  {
    renewal,
    period,
    outcome,
    renew,
    day,
    reasons,
    by,
    at,
  }: {
    renewal: Renewal
    period: ValidityPeriod
    outcome: 'renewed' | 'not_renewed' | 'revoked'
    renew: boolean
    day: IsoDate
    reasons: string
    by: AuditActor
    at: Date
  },
): Renewal {
  const settled = tx
    .update(validityPeriods)
    .set({ outcome, outcomeDate: day, outcomeNote: reasons })
    .where(eq(validityPeriods.id, period.id))
    .returning()
    .get()!
  recordAudit(tx, {
    actor: by,
    action: outcome,
    entityType: 'validity_period',
    entityId: period.id,
    labId: period.labId,
    before: period,
    after: settled,
    at,
  })
  if (!renew) return renewal
  const sequence = nextPeriodSequence(tx, period.labId)
  const next = tx
    .insert(validityPeriods)
    .values({ labId: period.labId, sequence, ...renewedPeriod(period), createdAt: at.toISOString() })
    .returning()
    .get()
  recordAudit(tx, { actor: by, action: 'create', entityType: 'validity_period', entityId: next.id, labId: period.labId, after: next, at })
  // the next period's plan, proposed with the application, is now that period's
  carryProposedPlan(tx, { renewalId: renewal.id, periodId: next.id, labId: period.labId, by, at })
  ensureLedger(tx)
  return tx.update(renewals).set({ newPeriodId: next.id }).where(eq(renewals.id, renewal.id)).returning().get()!
}

const RecheckFields = z.object({ recheck: z.enum(RECHECK_DECISIONS, { error: 'form.invalidChoice' }), reasons: reasonsField })

/** The re-check after a rectification: renews (the next period from the old one's end) or not. */
export function recheckRenewal({
  by,
  labId,
  renewalId,
  raw,
  version,
}: {
  by: RenewalUser
  labId: number
  renewalId: number
  raw: Partial<Record<'recheck' | 'reasons', unknown>>
  version: unknown
}): RenewalResult {
  const found = findRenewal(by, labId, renewalId)
  if (!found) return notFound()
  if (by.role !== 'bureau') return forbidden()
  const moved = checkVersion(found.renewal, seenVersion(version), { entityType: 'renewal', entityId: renewalId })
  if (moved) return moved
  if (!canRecheck(by, found.renewal)) return conflict('renewals.error.notDecidable')
  // in 公示 the re-check is taken: it is confirmed after the notice or sent back by an objection
  if (liveNoticeOf('renewal', renewalId)) return conflict('notice.error.inNotice')
  const parsed = RecheckFields.safeParse(raw)
  if (!parsed.success) {
    const errors = fieldErrorsOf(parsed.error)
    if (errors.reasons) errors.reasons = { key: 'renewals.error.reasonsRequired' }
    // no conclusion is preselected (issue 19): one not chosen is asked for by name
    if (errors.recheck && (raw.recheck === undefined || raw.recheck === '')) errors.recheck = { key: 'renewals.error.recheckRequired' }
    return invalid(errors)
  }
  const { recheck, reasons } = parsed.data
  const day = today()
  // 续期复核先公示 (ADR 025): a re-check to renew is announced like a decision to renew
  if (renewalDecisionNeedsNotice(recheck, ruleSettings().renewalNoticeStep === 1))
    return publishRenewalNotice({ by, renewal: found.renewal, proposal: { decision: 'renew', recheck: 'renew', reasons } })
  return applyRecheck({
    by: auditActorOf(by),
    userId: by.id,
    renewal: found.renewal,
    period: found.period,
    lab: found.lab,
    decided: { recheck, reasons },
    day,
  })
}

export type CheckedRecheck = { recheck: RecheckDecision; reasons: string }

/**
 * A re-check to renew as its notice announces it (docs/decisions/025-public-notice.md): the
 * `decision` the public page phrases, and `recheck` marking it a re-check, applied by applyRecheck.
 */
export type RecheckProposal = { decision: 'renew'; recheck: 'renew'; reasons: string }

export type RenewalProposal = CheckedDecision | RecheckProposal

export function isRecheckProposal(proposal: RenewalProposal): proposal is RecheckProposal {
  return 'recheck' in proposal && proposal.recheck === 'renew'
}

// Writes the re-check on the renewal and on the periods, in one transaction, if the renewal is
// still rectifying at the version read. Also the confirm step after its notice (./renewal-notice-step.server.ts).
export function applyRecheck({
  by,
  userId,
  renewal: before,
  period,
  lab,
  decided: { recheck, reasons },
  day,
}: Omit<DecisionContext, 'decided'> & { decided: CheckedRecheck }): RenewalResult {
  const at = now()
  return db().transaction((tx): RenewalResult => {
    const after = tx
      .update(renewals)
      .set({
        status: 'decided',
        recheckDecision: recheck,
        recheckReasons: reasons,
        recheckedOn: day,
        recheckedBy: userId,
        updatedAt: at.toISOString(),
        rowVersion: before.rowVersion + 1,
      })
      .where(and(eq(renewals.id, before.id), eq(renewals.status, 'rectifying'), eq(renewals.rowVersion, before.rowVersion)))
      .returning()
      .get()
    if (!after) return staleRenewal(tx, before.id)
    const settled = settlePeriod(tx, {
      renewal: after,
      period,
      outcome: periodOutcomeOf(recheck)!,
      renew: recheck === 'renew',
      day,
      reasons,
      by,
      at,
    })
    recordRenewalEvent(tx, {
      renewal: settled,
      action: 'recheck',
      fromStatus: 'rectifying',
      toStatus: settled.status,
      comment: reasons,
      by,
      at,
    })
    recordAudit(tx, { actor: by, action: 'recheck', entityType: 'renewal', entityId: before.id, labId: lab.id, before, after: settled, at })
    notifyRenewalDecision(tx, { renewalId: settled.id, labId: lab.id, key: `renewals.notice.recheck_${recheck}`, step: 1, day, at })
    return { ok: true, renewal: settled }
  })
}

// Each lab's latest period that is undecided and not applied for (no renewal, or only the lab's
// draft) and meets `when`: the labs the daily run records as not renewed or tells of the window.
function unappliedLatestPeriods(when: SQL) {
  const latest = latestPeriods()
  return db()
    .select({ period: validityPeriods, lab: { id: labs.id, name: labs.name, districtCode: labs.districtCode } })
    .from(validityPeriods)
    .innerJoin(latest, eq(latest.periodId, validityPeriods.id))
    .innerJoin(labs, eq(labs.id, validityPeriods.labId))
    .leftJoin(renewals, eq(renewals.periodId, validityPeriods.id))
    .where(
      and(
        isNull(validityPeriods.outcome),
        sql`(${renewals.id} IS NULL OR ${renewals.status} = 'draft')`,
        // a draft the bureau decided to renew, in 公示, waits for its confirm (public_notices_subject_idx)
        sql`NOT EXISTS (SELECT 1 FROM ${publicNotices} WHERE ${publicNotices.subjectKind} = 'renewal' AND ${publicNotices.subjectId} = ${renewals.id} AND ${publicNotices.withdrawnAt} IS NULL)`,
        when,
      ),
    )
    .all()
}

/**
 * Labs that never applied, `unappliedNotRenewedAfterDays` after their period ended, are recorded
 * as not renewed by the system when the bureau's settings say so (0: never). Run daily.
 */
export function recordUnappliedNotRenewed({ day, dryRun = false }: { day: IsoDate; dryRun?: boolean }): number {
  const days = ruleSettings().unappliedNotRenewedAfterDays
  if (days <= 0) return 0
  const due = unappliedLatestPeriods(sql`${validityPeriods.endDate} < ${addDays(day, -days)}`)
  if (dryRun) return due.length
  for (const { period, lab } of due) {
    const at = now()
    const renewal =
      db().select().from(renewals).where(eq(renewals.periodId, period.id)).get() ??
      db()
        .insert(renewals)
        .values({ labId: lab.id, periodId: period.id, status: 'draft', createdAt: at.toISOString(), updatedAt: at.toISOString() })
        .returning()
        .get()
    applyDecision({
      by: SYSTEM_ACTOR,
      userId: null,
      renewal,
      period,
      lab,
      // the record is kept in the bureau's working language, as its officials' reasons are
      decided: {
        decision: 'not_renew',
        grade: null,
        reasons: translator('zh')('renewals.systemReason', { days }),
        rectificationDeadline: null,
        rectificationRequirements: '',
      },
      day,
    })
  }
  return due.length
}

/**
 * Tells each lab whose renewal window has opened (and that has not applied) that it may apply:
 * one notice per period to its accounts, on the day the window opened (a run after downtime
 * catches up; the notices' unique key makes a rerun tell nobody twice). Run by the daily
 * reminders job. Returns how many labs were told now.
 */
export function announceRenewalWindows({ day }: { day: IsoDate }): number {
  const windowDays = ruleSettings().renewalWindowDays
  const open = unappliedLatestPeriods(
    and(
      sql`${validityPeriods.startDate} <= ${day}`,
      sql`${validityPeriods.endDate} <= ${lastEndWithWindowOpen(day, windowDays)}`,
      sql`${validityPeriods.endDate} >= ${day}`,
    )!,
  )
  const at = now()
  let told = 0
  db().transaction((tx) => {
    for (const { period, lab } of open) {
      const { sent } = notifyEvent(tx, {
        source: 'renewal_window',
        sourceId: period.id,
        day: windowOpensOn(period, windowDays),
        step: 0,
        labId: lab.id,
        title: { key: 'reminders.title.renewal_window', params: { lab: lab.name, end: period.endDate } },
        link: `/labs/${lab.id}/renewal`,
        to: { lab: { id: lab.id, districtCode: lab.districtCode } },
        at,
      })
      if (sent) told++
    }
  })
  return told
}

// ---- thread and notices ------------------------------------------------------------------------

/** One entry of a renewal's thread (the lab's, the bureau's and the experts' steps alike), in the caller's transaction. */
export function recordRenewalEvent(
  tx: Tx,
  {
    renewal,
    action,
    fromStatus,
    toStatus,
    comment,
    by,
    at,
  }: {
    renewal: Pick<Renewal, 'id' | 'labId'>
    action: RenewalAction
    fromStatus: RenewalStatus | null
    toStatus: RenewalStatus
    comment: string
    by: Pick<AuditActor, 'id' | 'displayName'>
    at: Date
  },
): number {
  return tx
    .insert(renewalEvents)
    .values({
      renewalId: renewal.id,
      labId: renewal.labId,
      action,
      fromStatus,
      toStatus,
      comment,
      actorUserId: by.id,
      actorName: by.displayName,
      at: at.toISOString(),
    })
    .returning({ id: renewalEvents.id })
    .get().id
}

export function renewalThread(renewalId: number) {
  return db()
    .select()
    .from(renewalEvents)
    .where(eq(renewalEvents.renewalId, renewalId))
    .orderBy(asc(renewalEvents.at), asc(renewalEvents.id))
    .all()
}

/** The periods the pipeline and the lab page list by id, for a renewal's new period. */
export function periodById(id: number | null) {
  return id === null ? null : (db().select().from(validityPeriods).where(eq(validityPeriods.id, id)).get() ?? null)
}
