import type { AuditAction } from '~/domain/audit-vocabulary'
import { and, desc, eq, ne } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { attachments, drills, incidents, securityPlans, users } from '~db/schema'
import type { Drill, SecurityPlan } from '~db/schema/security'
import type { CheckResult } from '~db/schema/enums'
import { isIsoDate, type IsoDate } from '~/domain/dates'
import { can, isOwnLab, type Actor } from '~/domain/permissions'
import { isPhone } from '~/domain/phone'
import { planReviewDate } from '~/domain/security'
import type { SummaryDrill, SummaryIncident, SummaryPlan } from '~/domain/security-summary'
import type { MessageKey } from '~/i18n'
import { now, today } from '~/utils/clock.server'
import { db, type Db } from '~/utils/db.server'
import type { FieldErrors } from '~/utils/forms'
import type { StagedFile } from '~/utils/upload.server'
import { attachmentsByOwner, attachmentsOf, removeAttachment, saveAttachments } from './attachments.server'
import { recordAudit } from './audit.server'
import { labChecksOf } from './compliance.server'
import { tellPlanAcknowledged, tellPlanSubmitted } from './incident-notices.server'
import { scopedLab, type FilingUser, type ScopedLab, type Tx } from './filing-steps.server'
import {
  auditActorOf,
  conflict,
  forbidden,
  invalid,
  notFound,
  type Conflict,
  type Forbidden,
  type Invalid,
  type NotFound,
  type Result,
} from './result.server'
import { checkVersion, seenVersion, staleRefusal } from './row-version.server'
import { ruleSettings } from './settings.server'

// 数据安全 (issue 5) of one lab, its page at /labs/:labId/security: the lab's emergency plan, in
// versions the bureau acknowledges, and its drills. The lab writes for itself only; the bureau
// acknowledges plans; the district and the bureau read. Every write carries its audit row in the
// same transaction and re-evaluates the lab's checks (security_plan and drill read these tables).
// The lab's incidents are in incidents.server.ts; the city-wide /security page (incidents and
// security checks across labs) is in security-overview.server.ts.

export const PLAN_DOCUMENT_OWNER = 'security_plan'

// a version the bureau has acknowledged since the page loaded, or one changed by someone else
// meanwhile, is a conflict (409): the page was stale (docs/decisions/010-stale-decisions.md)
export type SecurityFailure = NotFound | Forbidden | Invalid | Conflict
export type SecurityResult<T> = Result<{ value: T }, SecurityFailure>

// ---------------------------------------------------------------------------------------------
// Input rules

export const PLAN_LIMITS = { version: 30, scope: 2000, responsiblePerson: 50 } as const
export const DRILL_LIMITS = { scenario: 200, participants: 500, findings: 4000, followUp: 4000 } as const

export type RawInput = Partial<Record<string, string>>
const text = (v: string | undefined) => (v ?? '').trim()

function need(errors: FieldErrors, field: string, value: string, max: number, required = true) {
  if (required && !value) errors[field] = { key: 'form.required' }
  else if (Array.from(value).length > max) errors[field] = { key: 'form.tooLong', vars: { max } }
}

function pastDate(errors: FieldErrors, field: string, value: string, day: IsoDate): value is IsoDate {
  if (!value) errors[field] = { key: 'form.required' }
  else if (!isIsoDate(value)) errors[field] = { key: 'form.invalidDate' }
  else if (value > day) errors[field] = { key: 'security.error.future', vars: { today: day } }
  else return true
  return false
}

export type PlanInput = Pick<SecurityPlan, 'version' | 'approvedOn' | 'scope' | 'responsiblePerson' | 'contact24h' | 'nextReviewOn'>

/**
 * A plan version as entered. Approved on or before today. The next review defaults to approval
 * + `reviewMonths` (the bureau's setting); the lab may set an earlier date (a plan it means to
 * revise sooner), never a later one, and never on or before the approval itself.
 */
export function checkPlanInput(
  raw: RawInput,
  { today: day, reviewMonths }: { today: IsoDate; reviewMonths: number },
): { ok: true; input: PlanInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {}
  const version = text(raw.version)
  need(errors, 'version', version, PLAN_LIMITS.version)
  const approvedOn = text(raw.approvedOn)
  const approvedOk = pastDate(errors, 'approvedOn', approvedOn, day)
  const scope = text(raw.scope)
  need(errors, 'scope', scope, PLAN_LIMITS.scope)
  const responsiblePerson = text(raw.responsiblePerson)
  need(errors, 'responsiblePerson', responsiblePerson, PLAN_LIMITS.responsiblePerson)
  const contact24h = text(raw.contact24h).replace(/\s+/g, '')
  if (!contact24h) errors.contact24h = { key: 'form.required' }
  else if (!isPhone(contact24h)) errors.contact24h = { key: 'form.invalidPhone' }
  let nextReviewOn = text(raw.nextReviewOn)
  if (nextReviewOn && !isIsoDate(nextReviewOn)) errors.nextReviewOn = { key: 'form.invalidDate' }
  else if (approvedOk) {
    const latest = planReviewDate({ approvedOn, months: reviewMonths })
    nextReviewOn ||= latest
    if (nextReviewOn <= approvedOn) errors.nextReviewOn = { key: 'security.error.reviewNotAfterApproval', vars: { approved: approvedOn } }
    else if (nextReviewOn > latest)
      errors.nextReviewOn = { key: 'security.error.reviewTooLate', vars: { max: latest, months: reviewMonths } }
  }
  if (Object.keys(errors).length) return { ok: false, errors }
  return { ok: true, input: { version, approvedOn, scope, responsiblePerson, contact24h, nextReviewOn } }
}

export type DrillInput = Pick<Drill, 'heldOn' | 'scenario' | 'participants' | 'findings' | 'followUp' | 'followUpClosedOn'>

/**
 * A drill as entered: held on or before today. Closing the follow-up needs follow-up actions to
 * close, on a day from the drill to today.
 */
export function checkDrillInput(
  raw: RawInput,
  { today: day }: { today: IsoDate },
): { ok: true; input: DrillInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {}
  const heldOn = text(raw.heldOn)
  const heldOk = pastDate(errors, 'heldOn', heldOn, day)
  const scenario = text(raw.scenario)
  need(errors, 'scenario', scenario, DRILL_LIMITS.scenario)
  const participants = text(raw.participants)
  need(errors, 'participants', participants, DRILL_LIMITS.participants)
  const findings = text(raw.findings)
  need(errors, 'findings', findings, DRILL_LIMITS.findings, false)
  const followUp = text(raw.followUp)
  need(errors, 'followUp', followUp, DRILL_LIMITS.followUp, false)
  const closed = text(raw.followUpClosedOn)
  if (closed) {
    const error = closedOnError({ closedOn: closed, heldOn: heldOk ? heldOn : null, followUp, today: day })
    if (error) errors.followUpClosedOn = error
  }
  if (Object.keys(errors).length) return { ok: false, errors }
  return { ok: true, input: { heldOn, scenario, participants, findings, followUp, followUpClosedOn: closed || null } }
}

type FieldError = { key: MessageKey; vars?: Record<string, string | number> }

function closedOnError({
  closedOn,
  heldOn,
  followUp,
  today: day,
}: {
  closedOn: string
  heldOn: IsoDate | null
  followUp: string
  today: IsoDate
}): FieldError | null {
  if (!followUp) return { key: 'security.error.nothingToClose' }
  if (!isIsoDate(closedOn)) return { key: 'form.invalidDate' }
  if (closedOn > day) return { key: 'security.error.future', vars: { today: day } }
  if (heldOn && closedOn < heldOn) return { key: 'security.error.closedBeforeDrill', vars: { heldOn } }
  return null
}

// ---------------------------------------------------------------------------------------------
// Reading

const acknowledger = alias(users, 'acknowledger')

export type PlanState = 'ok' | 'due_soon' | 'overdue' | 'none' | 'not_tracked'

// The card's status is the stored security_plan check, so the page, the lab page and the
// dashboard cannot disagree. A lab not in force has no checks: its plan is shown, not judged.
function planStateOf(result: CheckResult | null, hasPlan: boolean): PlanState {
  if (result === null) return hasPlan ? 'not_tracked' : 'none'
  if (result === 'ok') return 'ok'
  if (result === 'warning') return 'due_soon'
  return hasPlan ? 'overdue' : 'none'
}

/** Everything the security page shows, for an actor who may see the lab; null otherwise. */
export function getSecurityPage({ actor, labId }: { actor: Actor; labId: number }) {
  const lab = scopedLab(actor, labId)
  if (!lab) return null
  const versions = db()
    .select({
      id: securityPlans.id,
      version: securityPlans.version,
      approvedOn: securityPlans.approvedOn,
      scope: securityPlans.scope,
      responsiblePerson: securityPlans.responsiblePerson,
      contact24h: securityPlans.contact24h,
      nextReviewOn: securityPlans.nextReviewOn,
      acknowledgedAt: securityPlans.acknowledgedAt,
      acknowledgedByName: acknowledger.displayName,
      createdAt: securityPlans.createdAt,
      rowVersion: securityPlans.rowVersion,
    })
    .from(securityPlans)
    .leftJoin(acknowledger, eq(acknowledger.id, securityPlans.acknowledgedBy))
    // security_plans_lab_idx
    .where(eq(securityPlans.labId, labId))
    .orderBy(desc(securityPlans.approvedOn), desc(securityPlans.id))
    .all()
  const documents = attachmentsByOwner({ type: PLAN_DOCUMENT_OWNER, ids: versions.map((p) => p.id), labId })
  const plans = versions.map((p) => ({ ...p, documents: documents.get(p.id)! }))
  const drillRows = db()
    .select()
    .from(drills)
    // drills_lab_idx
    .where(eq(drills.labId, labId))
    .orderBy(desc(drills.heldOn), desc(drills.id))
    .all()
  const checks = labChecksOf({ labId, today: today() })
  const planCheck = checks.find((c) => c.checkId === 'security_plan') ?? null
  const drillCheck = checks.find((c) => c.checkId === 'drill') ?? null
  // the current version: the latest by approval date, as the check reads it
  const current = plans[0] ?? null
  const settings = ruleSettings()
  return {
    lab,
    plans,
    currentPlanId: current?.id ?? null,
    planState: planStateOf(planCheck?.result ?? null, current !== null),
    planCheck,
    drills: drillRows,
    drillCheck,
    canEdit: isOwnLab(actor, lab),
    canAcknowledge: can(actor, 'security_plan:acknowledge'),
    reviewMonths: settings.planReviewMonths,
    maxMb: settings.attachmentMaxMb,
  }
}

export type SecurityPage = NonNullable<ReturnType<typeof getSecurityPage>>
export type PlanRow = SecurityPage['plans'][number]
export type DrillRow = SecurityPage['drills'][number]

/** The lab's records the annual report's security section is drafted from. */
export function securityRecordsOf(q: Pick<Db, 'select'>, labId: number) {
  const plans: SummaryPlan[] = q
    .select({
      id: securityPlans.id,
      version: securityPlans.version,
      approvedOn: securityPlans.approvedOn,
      nextReviewOn: securityPlans.nextReviewOn,
      acknowledgedAt: securityPlans.acknowledgedAt,
    })
    .from(securityPlans)
    .where(eq(securityPlans.labId, labId))
    .all()
  const drillRows: SummaryDrill[] = q
    .select({
      heldOn: drills.heldOn,
      scenario: drills.scenario,
      participants: drills.participants,
      findings: drills.findings,
      followUp: drills.followUp,
      followUpClosedOn: drills.followUpClosedOn,
    })
    .from(drills)
    .where(eq(drills.labId, labId))
    .all()
  const incidentRows: SummaryIncident[] = q
    .select({ discoveredAt: incidents.discoveredAt, grade: incidents.grade, title: incidents.title, status: incidents.status })
    .from(incidents)
    // incidents_lab_idx
    .where(eq(incidents.labId, labId))
    .all()
  return { plans, drills: drillRows, incidents: incidentRows }
}

// ---------------------------------------------------------------------------------------------
// Writing

function ownLab(by: FilingUser, labId: number): { ok: true; lab: ScopedLab } | SecurityFailure {
  const lab = scopedLab(by, labId)
  if (!lab) return notFound()
  if (!isOwnLab(by, lab)) return forbidden()
  return { ok: true, lab }
}

const planOf = (q: Pick<Db, 'select'>, labId: number, planId: number) =>
  q
    .select()
    .from(securityPlans)
    .where(and(eq(securityPlans.id, planId), eq(securityPlans.labId, labId)))
    .get()

const versionTaken = (tx: Tx, labId: number, version: string, exceptId?: number) =>
  tx
    .select({ id: securityPlans.id })
    .from(securityPlans)
    .where(and(eq(securityPlans.labId, labId), eq(securityPlans.version, version), exceptId ? ne(securityPlans.id, exceptId) : undefined))
    .get() !== undefined

const LOCKED = () => conflict('security.error.acknowledged')

/** The lab adds a version of its plan with its document (at least one file); the bureau is told, to acknowledge it. */
export function createPlan({
  by,
  labId,
  raw,
  files,
}: {
  by: FilingUser
  labId: number
  raw: RawInput
  files: readonly StagedFile[]
}): SecurityResult<SecurityPlan> {
  const found = ownLab(by, labId)
  if (!found.ok) return found
  const checked = checkPlanInput(raw, { today: today(), reviewMonths: ruleSettings().planReviewMonths })
  const errors: FieldErrors = checked.ok ? {} : { ...checked.errors }
  if (files.length === 0) errors.attachments = { key: 'security.error.documentRequired' }
  if (!checked.ok || Object.keys(errors).length) return invalid(errors)
  const at = now()
  const actor = auditActorOf(by)
  const result = db().transaction((tx): SecurityResult<SecurityPlan> => {
    if (versionTaken(tx, labId, checked.input.version)) return invalid({ version: { key: 'security.error.versionTaken' } })
    const plan = tx
      .insert(securityPlans)
      .values({ labId, ...checked.input, createdBy: by.id, createdAt: at.toISOString() })
      .returning()
      .get()
    recordAudit(tx, { actor, action: 'create', entityType: 'security_plan', entityId: plan.id, labId, after: plan, at })
    saveAttachments({ owner: { type: PLAN_DOCUMENT_OWNER, id: plan.id, labId }, files, actor, tx })
    tellPlanSubmitted(tx, { lab: found.lab, plan, at })
    return { ok: true, value: plan }
  })
  return result
}

/** The lab corrects a version the bureau has not yet acknowledged; files sent along are added. */
export function updatePlan({
  by,
  labId,
  planId,
  raw,
  files,
  version,
}: {
  by: FilingUser
  labId: number
  planId: number
  raw: RawInput
  files: readonly StagedFile[]
  // the version's row version the edit form showed (VersionField)
  version: unknown
}): SecurityResult<SecurityPlan> {
  const found = ownLab(by, labId)
  if (!found.ok) return found
  const existing = planOf(db(), labId, planId)
  if (!existing) return notFound()
  if (existing.acknowledgedAt) return LOCKED()
  const checked = checkPlanInput(raw, { today: today(), reviewMonths: ruleSettings().planReviewMonths })
  if (!checked.ok) return invalid(checked.errors)
  const at = now()
  const actor = auditActorOf(by)
  const result = db().transaction((tx): SecurityResult<SecurityPlan> => {
    // re-read inside the transaction: the bureau may have acknowledged it since the page loaded
    const before = planOf(tx, labId, planId)!
    const moved = checkVersion(before, seenVersion(version), { entityType: 'security_plan', entityId: planId }, tx)
    if (moved) return moved
    if (before.acknowledgedAt) return LOCKED()
    if (versionTaken(tx, labId, checked.input.version, planId)) return invalid({ version: { key: 'security.error.versionTaken' } })
    const after = tx
      .update(securityPlans)
      .set({ ...checked.input, rowVersion: before.rowVersion + 1 })
      .where(eq(securityPlans.id, planId))
      .returning()
      .get()
    recordAudit(tx, { actor, action: 'update', entityType: 'security_plan', entityId: planId, labId, before, after, at })
    if (files.length) saveAttachments({ owner: { type: PLAN_DOCUMENT_OWNER, id: planId, labId }, files, actor, tx })
    return { ok: true, value: after }
  })
  return result
}

/** The bureau acknowledges a version: who and when are recorded, the version is locked, and the lab is told. */
export function acknowledgePlan({
  by,
  labId,
  planId,
  version,
}: {
  by: FilingUser
  labId: number
  planId: number
  // the version's row version the bureau saw: a plan the lab corrected since is not acknowledged unseen
  version: unknown
}): SecurityResult<SecurityPlan> {
  const lab = scopedLab(by, labId)
  if (!lab) return notFound()
  if (!can(by, 'security_plan:acknowledge')) return forbidden()
  const at = now()
  const result = db().transaction((tx): SecurityResult<SecurityPlan> => {
    const before = planOf(tx, labId, planId)
    if (!before) return notFound()
    const moved = checkVersion(before, seenVersion(version), { entityType: 'security_plan', entityId: planId }, tx)
    if (moved) return moved
    if (before.acknowledgedAt) return conflict('security.error.alreadyAcknowledged')
    const after = tx
      .update(securityPlans)
      .set({ acknowledgedAt: at.toISOString(), acknowledgedBy: by.id, rowVersion: before.rowVersion + 1 })
      .where(eq(securityPlans.id, planId))
      .returning()
      .get()
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'acknowledge',
      entityType: 'security_plan',
      entityId: planId,
      labId,
      before,
      after,
      at,
    })
    tellPlanAcknowledged(tx, { lab, plan: after, at })
    return { ok: true, value: after }
  })
  return result
}

/** The lab detaches a document from a version not yet acknowledged; the last one stays. */
export function removePlanDocument({
  by,
  labId,
  attachmentId,
}: {
  by: FilingUser
  labId: number
  attachmentId: number
}): SecurityResult<null> {
  const found = ownLab(by, labId)
  if (!found.ok) return found
  const row = db()
    .select({ ownerId: attachments.ownerId })
    .from(attachments)
    .where(and(eq(attachments.id, attachmentId), eq(attachments.labId, labId), eq(attachments.ownerType, PLAN_DOCUMENT_OWNER)))
    .get()
  const plan = row ? planOf(db(), labId, row.ownerId) : undefined
  if (!row || !plan) return notFound()
  if (plan.acknowledgedAt) return LOCKED()
  const owner = { type: PLAN_DOCUMENT_OWNER, id: plan.id, labId }
  if (attachmentsOf(owner).length <= 1) return invalid({ _form: { key: 'security.error.lastDocument' } })
  if (!removeAttachment({ owner, attachmentId, actor: auditActorOf(by) })) return notFound()
  return { ok: true, value: null }
}

const drillOf = (q: Pick<Db, 'select'>, labId: number, drillId: number) =>
  q
    .select()
    .from(drills)
    .where(and(eq(drills.id, drillId), eq(drills.labId, labId)))
    .get()

export function createDrill({ by, labId, raw }: { by: FilingUser; labId: number; raw: RawInput }): SecurityResult<Drill> {
  const found = ownLab(by, labId)
  if (!found.ok) return found
  const checked = checkDrillInput(raw, { today: today() })
  if (!checked.ok) return invalid(checked.errors)
  const at = now()
  const drill = db().transaction((tx) => {
    const stamp = at.toISOString()
    const row = tx
      .insert(drills)
      .values({ labId, ...checked.input, createdBy: by.id, createdAt: stamp, updatedAt: stamp })
      .returning()
      .get()
    recordAudit(tx, { actor: auditActorOf(by), action: 'create', entityType: 'drill', entityId: row.id, labId, after: row, at })
    return row
  })
  return { ok: true, value: drill }
}

export function updateDrill({
  by,
  labId,
  drillId,
  raw,
  version,
}: {
  by: FilingUser
  labId: number
  drillId: number
  raw: RawInput
  // the drill's row version the edit form showed (VersionField)
  version: unknown
}): SecurityResult<Drill> {
  const found = ownLab(by, labId)
  if (!found.ok) return found
  const drill = drillOf(db(), labId, drillId)
  if (!drill) return notFound()
  const moved = checkVersion(drill, seenVersion(version), { entityType: 'drill', entityId: drillId })
  if (moved) return moved
  const checked = checkDrillInput(raw, { today: today() })
  if (!checked.ok) return invalid(checked.errors)
  return writeDrill({ by, labId, drillId, action: 'update', changes: checked.input, version: drill.rowVersion })
}

/** The lab records the day the drill's follow-up actions were completed. */
export function closeFollowUp({
  by,
  labId,
  drillId,
  closedOn,
  version,
}: {
  by: FilingUser
  labId: number
  drillId: number
  closedOn: string | undefined
  // the drill's row version the page showed: a drill closed or edited since is not closed unseen
  version: unknown
}): SecurityResult<Drill> {
  const found = ownLab(by, labId)
  if (!found.ok) return found
  const drill = drillOf(db(), labId, drillId)
  if (!drill) return notFound()
  const moved = checkVersion(drill, seenVersion(version), { entityType: 'drill', entityId: drillId })
  if (moved) return moved
  if (drill.followUpClosedOn) return invalid({ _form: { key: 'security.error.alreadyClosed', vars: { date: drill.followUpClosedOn } } })
  const day = text(closedOn)
  const required: FieldError = { key: 'form.required' }
  const error = day ? closedOnError({ closedOn: day, heldOn: drill.heldOn, followUp: drill.followUp.trim(), today: today() }) : required
  if (error) return invalid({ followUpClosedOn: error })
  return writeDrill({ by, labId, drillId, action: 'close_follow_up', changes: { followUpClosedOn: day }, version: drill.rowVersion })
}

function writeDrill({
  by,
  labId,
  drillId,
  action,
  changes,
  version,
}: {
  by: FilingUser
  labId: number
  drillId: number
  action: AuditAction
  changes: Partial<DrillInput>
  // the version checked against the posted one: the write is a compare-and-set on it
  version: number
}): SecurityResult<Drill> {
  const at = now()
  return db().transaction((tx): SecurityResult<Drill> => {
    const before = drillOf(tx, labId, drillId)!
    const row = tx
      .update(drills)
      .set({ ...changes, updatedAt: at.toISOString(), rowVersion: version + 1 })
      .where(and(eq(drills.id, drillId), eq(drills.rowVersion, version)))
      .returning()
      .get()
    if (!row) return staleRefusal({ entityType: 'drill', entityId: drillId, status: null }, tx)
    recordAudit(tx, { actor: auditActorOf(by), action, entityType: 'drill', entityId: drillId, labId, before, after: row, at })
    return { ok: true, value: row }
  })
}

/**
 * The lab as this actor reaches it for a write: null when out of scope (404); `mayWrite` says
 * whether the actor writes here at all (the lab's own staff, or the bureau acknowledging), so a
 * read-only role is refused (403) before its upload is read.
 */
export function securityWriteAccess(actor: Actor, labId: number): { lab: ScopedLab; mayWrite: boolean } | null {
  const lab = scopedLab(actor, labId)
  if (!lab) return null
  return { lab, mayWrite: isOwnLab(actor, lab) || can(actor, 'security_plan:acknowledge') }
}
