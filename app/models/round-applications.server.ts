import { and, asc, count, eq, inArray, ne } from 'drizzle-orm'
import {
  applicants,
  attachments,
  certificationRounds,
  organisations,
  roundApplicationIndicators,
  roundApplicationMembers,
  roundApplicationPartners,
  roundApplications,
  roundOfficeQuotas,
  users,
  violations,
  type RoundApplication,
} from '~db/schema'
import type { CertificationActor, RecommendingOffice } from '~/domain/certification/actors'
import {
  blockingConditions,
  checkConditions,
  type ConditionFacts,
  type ConditionFinding,
} from '~/domain/certification/application-conditions'
import {
  APPLICATION_STEPS,
  canEditApplication,
  checkStep,
  readStepInput,
  refusalMessage,
  stepAudiences,
  type ApplicationFacts,
  type ApplicationStep,
} from '~/domain/certification/application-steps'
import { QUOTA_HOLDING_STATUSES } from '~/domain/certification/recommendation-quota'
import { isLate, quotaFor } from '~/domain/certification/round-dates'
import { shanghaiDate } from '~/domain/dates'
import { jointLabsInvolving } from './joint-applications.server'
import { now } from '~/utils/clock.server'
import { atomically, db, type Db } from '~/utils/db.server'
import { removeAttachment, saveAttachment, type AttachmentFile } from './attachments.server'
import { recordAudit } from './audit.server'
import { catalogueLines, type PlanLine } from './indicator-plans.server'
import { LETTER_KIND } from './round-application-form'
import { notifyEvent } from './event-notices.server'
import { auditActorOf, conflict, forbidden, invalid, notFound, ok, type ActingUser, type Refusal, type Result } from './result.server'
import { checkVersion, seenVersion, staleRefusal } from './row-version.server'
import {
  certificationActorOf,
  findRoundApplication,
  officeOf,
  ofOfficeInRound,
  ROUND_APPLICATION_OWNER,
  seesOfficeLetter,
} from './round-application-access.server'

// Certification applications (issue 21, docs/decisions/024 plan steps 2 and 3): the applicant's
// draft and its sections, and every step of the table in application-steps.ts, each checked by
// checkStep, audited (`round_application`) with before and after and told to its audience in
// the same transaction.

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
type Reader = Pick<Db, 'select'>

export { LETTER_KIND }

const ENTITY = 'round_application' as const

// ---- reading ----------------------------------------------------------------------------

function roundOf(q: Reader, roundId: number) {
  return q.select().from(certificationRounds).where(eq(certificationRounds.id, roundId)).get()!
}

function fileKindsOf(q: Reader, applicationId: number): string[] {
  return q
    .select({ kind: attachments.kind })
    .from(attachments)
    .where(and(eq(attachments.ownerType, ROUND_APPLICATION_OWNER), eq(attachments.ownerId, applicationId)))
    .all()
    .map((r) => r.kind ?? '')
}

/**
 * The office's sealed recommendation letter for the round (guide 四(二): one written
 * recommendation per office, 加盖公章, naming every applicant it recommends): the letter files on
 * any of the office's applications in the round, since an upload on one replaces them all
 * (attachApplicationFile). Kept on the applications' own attachments, no table of its own: see
 * docs/decisions/024 "One sealed letter per office and round".
 */
export function officeLetterFiles(q: Reader, roundId: number, office: RecommendingOffice) {
  return (
    q
      .select({
        id: attachments.id,
        ownerId: attachments.ownerId,
        kind: attachments.kind,
        originalName: attachments.originalName,
        size: attachments.size,
      })
      .from(attachments)
      .innerJoin(roundApplications, eq(roundApplications.id, attachments.ownerId))
      // attachments_owner_idx by owner type; round_applications_district_idx / _department_idx
      .where(and(eq(attachments.ownerType, ROUND_APPLICATION_OWNER), eq(attachments.kind, LETTER_KIND), ofOfficeInRound(roundId, office)))
      .orderBy(asc(attachments.id))
      .all()
  )
}

/** The office's quota in the round (quotaFor) and the places it holds (recommended or later), read in `q`. */
export function officeQuota(q: Reader, roundId: number, office: RecommendingOffice) {
  const round = roundOf(q, roundId)
  const overrides = q.select().from(roundOfficeQuotas).where(eq(roundOfficeQuotas.roundId, roundId)).all()
  const quota = quotaFor(
    round,
    overrides,
    office.kind === 'district' ? { kind: 'district', code: office.districtCode } : { kind: 'department', id: office.departmentId },
  )
  // round_applications_district_idx / _department_idx
  const used =
    q
      .select({ n: count() })
      .from(roundApplications)
      .where(and(ofOfficeInRound(roundId, office), inArray(roundApplications.status, [...QUOTA_HOLDING_STATUSES])))
      .get()?.n ?? 0
  return { quota, used }
}

/** What the conditions read: the application, its applicant, children, files and the registry's facts. */
function conditionFactsOf(q: Reader, row: RoundApplication): ConditionFacts {
  const applicant = q.select().from(applicants).where(eq(applicants.id, row.applicantId)).get()!
  const partners = q.select().from(roundApplicationPartners).where(eq(roundApplicationPartners.applicationId, row.id)).all()
  const members = q.select().from(roundApplicationMembers).where(eq(roundApplicationMembers.applicationId, row.id)).all()
  const indicators = q.select().from(roundApplicationIndicators).where(eq(roundApplicationIndicators.applicationId, row.id)).all()
  // organisations already in the registry take their ids (their labs count against the joint
  // limit); the others a negative placeholder (application-conditions.ts)
  const codes = [applicant.uscc, ...partners.map((p) => p.uscc)]
  const known = new Map(
    q
      .select({ id: organisations.id, code: organisations.creditCode })
      .from(organisations)
      .where(inArray(organisations.creditCode, codes))
      .all()
      .map((o) => [o.code, o.id]),
  )
  const idOf = (code: string, i: number) => known.get(code) ?? -(i + 1)
  const hostOrgId = idOf(applicant.uscc, 0)
  const partnerOrgIds = partners.map((p, i) => idOf(p.uscc, i + 1))
  const registered = [hostOrgId, ...partnerOrgIds].filter((id) => id > 0)
  const found = registered.length ? q.select().from(violations).where(inArray(violations.orgId, registered)).all() : []
  const round = roundOf(q, row.roundId)
  return {
    host: { kind: row.hostKind, creditCode: applicant.uscc },
    office: officeOf(row),
    joint: { lab: { id: 0, hostOrgId, partnerOrgIds }, otherLabs: jointLabsInvolving(registered, 0) },
    team: members.map((m) => ({ ...m, active: true })),
    violations: found.map((v) => ({
      subject: v.orgId === hostOrgId ? ('host' as const) : ('partner' as const),
      orgId: v.orgId!,
      category: v.category,
      occurredOn: v.occurredOn,
    })),
    direction: row.direction,
    requiredAttachments: round.requiredAttachments.map((a) => a.kind),
    attachments: fileKindsOf(q, row.id),
    plan: {
      sections: {
        technical_goals: row.planTechnicalGoals,
        intellectual_property: row.planIntellectualProperty,
        funding: row.planFunding,
        application_scenarios: row.planApplicationScenarios,
      },
      indicators: indicators.map((i) => ({ key: i.indicatorKey ?? `custom:${i.customIndicatorId}`, target: i.target })),
    },
    commitments: row.commitments,
  }
}

export function findingsOf(row: RoundApplication, at: Date, q: Reader = db()): ConditionFinding[] {
  return checkConditions(conditionFactsOf(q, row), at)
}

function factsOf(q: Reader, row: RoundApplication, at: Date): ApplicationFacts {
  const round = roundOf(q, row.roundId)
  return {
    status: row.status,
    applicantId: row.applicantId,
    office: officeOf(row),
    round: { applicationsDueAt: round.applicationsDueAt, recommendationsDueAt: round.recommendationsDueAt },
    failingConditions: blockingConditions(findingsOf(row, at, q)),
    quota: officeQuota(q, row.roundId, officeOf(row)),
    sealedLetter: officeLetterFiles(q, row.roundId, officeOf(row)).length > 0,
    experts: { assigned: [], conflicted: [] },
    scoresComplete: false,
    notice: null,
    openObjections: 0,
  }
}

/** The application page's data: the row, its children, files, findings and what the viewer may do. */
export function applicationPage({ actor, id, at = now() }: { actor: ActingUser; id: number; at?: Date }) {
  const found = findRoundApplication(actor, id)
  if (!found) return null
  const { row, who } = found
  const q = db()
  const facts = factsOf(q, row, at)
  const steps = (['submit', 'resubmit', 'withdraw', 'return', 'reject', 'recommend', 'withdraw_recommendation'] as const).filter((step) => {
    const c = checkStep(who, facts, step, at)
    // the page offers a step whose only refusal is what the form will supply (the letter, the conditions)
    return c.ok || c.reason === 'letter_missing' || c.reason === 'conditions_unmet'
  })
  return {
    application: row,
    round: roundOf(q, row.roundId),
    applicant: q.select({ name: applicants.name, uscc: applicants.uscc }).from(applicants).where(eq(applicants.id, row.applicantId)).get()!,
    partners: q
      .select()
      .from(roundApplicationPartners)
      .where(eq(roundApplicationPartners.applicationId, id))
      .orderBy(asc(roundApplicationPartners.id))
      .all(),
    members: q
      .select()
      .from(roundApplicationMembers)
      .where(eq(roundApplicationMembers.applicationId, id))
      .orderBy(asc(roundApplicationMembers.id))
      .all(),
    indicators: q.select().from(roundApplicationIndicators).where(eq(roundApplicationIndicators.applicationId, id)).all(),
    // the plan's catalogue as the outcomes plan offers it (built-ins and the bureau's custom ones)
    indicatorLines: applicationPlanLines(q, id).map(({ unit: _u, customId: _c, ...line }) => line),
    files: [
      ...q
        .select({ id: attachments.id, kind: attachments.kind, originalName: attachments.originalName, size: attachments.size })
        .from(attachments)
        .where(and(eq(attachments.ownerType, ROUND_APPLICATION_OWNER), eq(attachments.ownerId, id), ne(attachments.kind, LETTER_KIND)))
        .orderBy(asc(attachments.id))
        .all(),
      // the office's one letter for the round, whichever of its applications carries it; it names
      // every applicant the office recommends, so only the office and the bureau see it
      ...(seesOfficeLetter(who, row) ? officeLetterFiles(q, row.roundId, officeOf(row)).map(({ ownerId: _o, ...f }) => f) : []),
    ],
    seesLetter: seesOfficeLetter(who, row),
    findings: findingsOf(row, at, q),
    quota: facts.quota,
    editable: canEditApplication(who, facts, at),
    isOffice: who.role === 'office' && facts.status === 'submitted',
    // an expert on the panel reads it from its assignments, and has no /applications list to go back to
    isExpert: who.role === 'expert',
    steps,
  }
}

// ---- writing ----------------------------------------------------------------------------

type AppResult = Result<{ id: number; version: number }, Refusal>

const audited = (row: RoundApplication) => {
  const { rowVersion: _v, updatedAt: _u, createdAt: _c, ...rest } = row
  return rest
}

/** The applicant starts its draft in an open round: one per round, the office copied from its registration. */
export function startApplication({ by, roundId, at = now() }: { by: ActingUser; roundId: number; at?: Date }): AppResult {
  const who = certificationActorOf(by)
  if (!who || who.role !== 'applicant') return forbidden()
  return db().transaction((tx): AppResult => {
    const round = tx.select().from(certificationRounds).where(eq(certificationRounds.id, roundId)).get()
    if (!round) return notFound()
    if (isLate(at, round.applicationsDueAt)) return conflict(refusalMessage('applications_closed'))
    const existing = tx
      .select({ id: roundApplications.id, v: roundApplications.rowVersion })
      .from(roundApplications)
      .where(and(eq(roundApplications.applicantId, who.applicantId), eq(roundApplications.roundId, roundId)))
      .get()
    if (existing) return ok({ id: existing.id, version: existing.v })
    const applicant = tx.select().from(applicants).where(eq(applicants.id, who.applicantId)).get()!
    const row = tx
      .insert(roundApplications)
      .values({
        roundId,
        applicantId: applicant.id,
        officeDistrictCode: applicant.officeDistrictCode,
        officeDepartmentId: applicant.officeDepartmentId,
        hostKind: applicant.orgKind,
        labName: '',
        createdAt: at.toISOString(),
        updatedAt: at.toISOString(),
        updatedBy: by.id,
      })
      .returning()
      .get()
    recordAudit(tx, { actor: auditActorOf(by), action: 'create', entityType: ENTITY, entityId: row.id, after: audited(row), at })
    return ok({ id: row.id, version: row.rowVersion })
  })
}

type Edit = { set?: Partial<typeof roundApplications.$inferInsert>; write?: (tx: Tx) => void; detail: unknown }

/**
 * One section saved: only the applicant, on its draft or returned application, before its
 * deadline (canEditApplication), on the version its page showed (409 when stale).
 */
/**
 * Whether `by` may post to the application's forms of one side at all, asked before what was
 * typed is read: out of scope is 404 and the other side 403, whatever the body holds, so a bad
 * body never tells a stranger that the application exists (the route x role matrix found 400s).
 */
export function sideRefusal(by: ActingUser, id: number, side: 'applicant' | 'office'): AppResult | null {
  const found = findRoundApplication(by, id)
  if (!found) return notFound()
  return found.who.role === side ? null : forbidden()
}

export function editApplication({
  by,
  id,
  version,
  at = now(),
  plan,
}: {
  by: ActingUser
  id: number
  version: unknown
  at?: Date
  plan: (row: RoundApplication, tx: Tx) => Edit | Refusal
}): AppResult {
  return db().transaction((tx): AppResult => {
    const found = findRoundApplication(by, id, tx)
    if (!found) return notFound()
    const { row, who } = found
    if (who.role !== 'applicant') return forbidden()
    const stale = checkVersion(row, seenVersion(version), { entityType: ENTITY, entityId: id }, tx)
    if (stale) return stale
    if (!canEditApplication(who, factsOf(tx, row, at), at))
      return conflict(
        isLate(at, roundOf(tx, row.roundId).applicationsDueAt) ? refusalMessage('applications_closed') : refusalMessage('wrong_status'),
      )
    const planned = plan(row, tx)
    if ('ok' in planned) return planned
    const updated = tx
      .update(roundApplications)
      .set({ ...planned.set, updatedAt: at.toISOString(), updatedBy: by.id, rowVersion: row.rowVersion + 1 })
      .where(and(eq(roundApplications.id, id), eq(roundApplications.rowVersion, row.rowVersion)))
      .returning()
      .get()
    if (!updated) return staleRefusal({ entityType: ENTITY, entityId: id, status: row.status }, tx)
    planned.write?.(tx)
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'update',
      entityType: ENTITY,
      entityId: id,
      before: audited(row),
      after: { ...audited(updated), change: planned.detail },
      at,
    })
    return ok({ id, version: updated.rowVersion })
  })
}

/** The application's plan lines: the outcomes plan's catalogue (catalogueLines) with this application's targets. */
export function applicationPlanLines(q: Reader, applicationId: number): PlanLine[] {
  return catalogueLines(
    q,
    q.select().from(roundApplicationIndicators).where(eq(roundApplicationIndicators.applicationId, applicationId)).all(),
  )
}

/** The plan's targets, one row per line with a target (a built-in by key, a custom indicator by id). */
export function writeIndicators(tx: Tx, applicationId: number, targets: readonly { line: PlanLine; target: number }[]) {
  tx.delete(roundApplicationIndicators).where(eq(roundApplicationIndicators.applicationId, applicationId)).run()
  for (const { line, target } of targets)
    tx.insert(roundApplicationIndicators)
      .values({ applicationId, indicatorKey: line.builtinKey, customIndicatorId: line.customId, target })
      .run()
}

// ---- steps ------------------------------------------------------------------------------

export type StepArgs = {
  by: ActingUser
  id: number
  step: ApplicationStep
  version: unknown
  reasons?: string
  grounds?: readonly string[]
  at?: Date
}

const stepTouches = (step: ApplicationStep, at: string, by: number, reasons: string, grounds: string[]): Partial<RoundApplication> => {
  switch (step) {
    case 'submit':
    case 'resubmit':
      return { submittedAt: at }
    case 'return':
      return { returnReasons: reasons }
    case 'reject':
      return { rejectReasons: reasons, rejectGrounds: grounds }
    case 'recommend':
      return { recommendedAt: at, recommendedBy: by }
    case 'withdraw_recommendation':
      return { recommendedAt: null, recommendedBy: null }
    default:
      return {}
  }
}

/**
 * Takes one step of the table (application-steps.ts) on the version the page showed. Everything
 * the guards read (the conditions, the office's places, the letter) is read inside the IMMEDIATE
 * transaction that writes, so two recommendations of one office cannot both take the last place.
 */
export function takeApplicationStep({
  by,
  id,
  step,
  version,
  reasons,
  grounds,
  at = now(),
}: StepArgs): Result<{ id: number; version: number; status: string }, Refusal> {
  const run = (tx: Tx) => {
    const found = findRoundApplication(by, id, tx)
    if (!found) return notFound()
    const { row, who } = found
    // a role that never takes this step learns nothing more (not even that the page was stale)
    if (!APPLICATION_STEPS[step].by.some((b: string) => byRole(who, b))) return forbidden()
    const stale = checkVersion(row, seenVersion(version), { entityType: ENTITY, entityId: id }, tx)
    if (stale) return stale
    const input = readStepInput(step, { reasons, grounds })
    if (Object.keys(input.errors).length) return invalid(input.errors)
    const checked = checkStep(who, factsOf(tx, row, at), step, at)
    if (!checked.ok) {
      if (checked.reason === 'not_allowed_for_role') return forbidden()
      // a refused submission's failing conditions are the page's findings, read again on reload
      return conflict(refusalMessage(checked.reason))
    }
    const updated = tx
      .update(roundApplications)
      .set({
        status: checked.to,
        ...stepTouches(step, at.toISOString(), by.id, input.reasons, input.grounds),
        updatedAt: at.toISOString(),
        updatedBy: by.id,
        rowVersion: row.rowVersion + 1,
      })
      .where(and(eq(roundApplications.id, id), eq(roundApplications.rowVersion, row.rowVersion)))
      .returning()
      .get()
    if (!updated) return staleRefusal({ entityType: ENTITY, entityId: id, status: row.status }, tx)
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'decide',
      entityType: ENTITY,
      entityId: id,
      before: audited(row),
      after: { ...audited(updated), step },
      at,
    })
    tellAudiences(tx, { row: updated, step, from: row.status, at })
    return ok({ id, version: updated.rowVersion, status: updated.status })
  }
  return db().transaction(run, { behavior: 'immediate' })
}

/** The office's check of the materials (guide 四(二) 完整性、真实性及有效性), each with its reason. */
export function recordOfficeCheck({
  by,
  id,
  version,
  values,
  at = now(),
}: {
  by: ActingUser
  id: number
  version: unknown
  values: { complete: boolean; completeReason: string; authentic: boolean; authenticReason: string; valid: boolean; validReason: string }
  at?: Date
}): AppResult {
  return db().transaction((tx): AppResult => {
    const found = findRoundApplication(by, id, tx)
    if (!found) return notFound()
    const { row, who } = found
    if (who.role !== 'office') return forbidden()
    const stale = checkVersion(row, seenVersion(version), { entityType: ENTITY, entityId: id }, tx)
    if (stale) return stale
    if (row.status !== 'submitted') return conflict(refusalMessage('wrong_status'))
    // the offices' deadline decided once, by the round's rule: 17:00:00 on time, 17:00:01 late
    if (isLate(at, roundOf(tx, row.roundId).recommendationsDueAt)) return conflict(refusalMessage('recommendations_closed'))
    const updated = tx
      .update(roundApplications)
      .set({
        checkComplete: values.complete,
        checkCompleteReason: values.completeReason,
        checkAuthentic: values.authentic,
        checkAuthenticReason: values.authenticReason,
        checkValid: values.valid,
        checkValidReason: values.validReason,
        checkedAt: at.toISOString(),
        checkedBy: by.id,
        updatedAt: at.toISOString(),
        updatedBy: by.id,
        rowVersion: row.rowVersion + 1,
      })
      .where(and(eq(roundApplications.id, id), eq(roundApplications.rowVersion, row.rowVersion)))
      .returning()
      .get()
    if (!updated) return staleRefusal({ entityType: ENTITY, entityId: id, status: row.status }, tx)
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'update',
      entityType: ENTITY,
      entityId: id,
      before: audited(row),
      after: audited(updated),
      at,
    })
    return ok({ id, version: updated.rowVersion })
  })
}

// who in the table's `by` the actor can be at all (the rules' own whoIs decides own vs other)
function byRole(who: CertificationActor, by: string): boolean {
  if (who.role === 'applicant') return by === 'own_applicant'
  if (who.role === 'office') return by === 'own_office'
  if (who.role === 'bureau') return by === 'bureau'
  return by === 'assigned_expert'
}

// ---- notices ----------------------------------------------------------------------------

/** Tells a step's audience (stepAudiences) through the inbox: the review's steps call it too. */
export function tellAudiences(
  tx: Tx,
  { row, step, from, at }: { row: RoundApplication; step: ApplicationStep; from: RoundApplication['status']; at: Date },
) {
  const audiences = stepAudiences(step, from)
  if (!audiences.length) return
  const office = officeOf(row)
  const userIds: number[] = []
  if (audiences.includes('own_applicant'))
    userIds.push(
      ...tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.role, 'applicant'), eq(users.applicantId, row.applicantId)))
        .all()
        .map((u) => u.id),
    )
  if (audiences.includes('own_office') && office.kind === 'department')
    userIds.push(
      ...tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.role, 'department'), eq(users.departmentId, office.departmentId)))
        .all()
        .map((u) => u.id),
    )
  const applicant = tx.select({ name: applicants.name }).from(applicants).where(eq(applicants.id, row.applicantId)).get()!
  notifyEvent(tx, {
    source: 'round_application',
    sourceId: row.id,
    day: shanghaiDate(at),
    // one notice per step taken: the version the step wrote tells two returns apart
    step: row.rowVersion,
    labId: null,
    title: { key: `roundNotice.${step}`, params: { applicant: applicant.name, lab: row.labName } },
    link: `/applications/${row.id}`,
    to: {
      userIds,
      districtCodes: audiences.includes('own_office') && office.kind === 'district' ? [office.districtCode] : [],
      bureau: audiences.includes('bureau'),
    },
    at,
  })
}

// ---- files ------------------------------------------------------------------------------

/**
 * A file of the application: the applicant attaches the round's required kinds while it may edit;
 * the office its sealed letter while the application awaits its recommendation. A kind holds one
 * file: a new upload replaces the old one.
 */
export function attachApplicationFile({
  by,
  id,
  kind,
  file,
  at = now(),
}: {
  by: ActingUser
  id: number
  kind: string
  file: AttachmentFile
  at?: Date
}): AppResult {
  return atomically(() => {
    const q = db()
    const found = findRoundApplication(by, id, q)
    if (!found) return notFound()
    const { row, who } = found
    const round = roundOf(q, row.roundId)
    if (kind === LETTER_KIND) {
      if (who.role !== 'office') return forbidden()
      if (row.status !== 'submitted' && row.status !== 'recommended') return conflict(refusalMessage('wrong_status'))
      if (isLate(at, round.recommendationsDueAt)) return conflict(refusalMessage('recommendations_closed'))
    } else {
      if (who.role !== 'applicant') return forbidden()
      if (!round.requiredAttachments.some((a) => a.kind === kind)) return invalid({ kind: { key: 'form.invalidChoice' } })
      if (!canEditApplication(who, factsOf(q, row, at), at)) return conflict(refusalMessage('wrong_status'))
    }
    const owner = { type: ROUND_APPLICATION_OWNER, id, labId: null, kind }
    // a kind holds one file; the letter one per office and round, on whichever application it was put
    const old =
      kind === LETTER_KIND
        ? officeLetterFiles(q, row.roundId, officeOf(row))
        : q
            .select({ id: attachments.id, ownerId: attachments.ownerId })
            .from(attachments)
            .where(and(eq(attachments.ownerType, ROUND_APPLICATION_OWNER), eq(attachments.ownerId, id), eq(attachments.kind, kind)))
            .all()
    for (const o of old) removeAttachment({ owner: { ...owner, id: o.ownerId }, attachmentId: o.id, actor: auditActorOf(by) })
    saveAttachment({ owner, file, actor: auditActorOf(by) })
    return ok({ id, version: row.rowVersion })
  })
}
