import { and, asc, count, eq, inArray, ne } from 'drizzle-orm'
import {
  labPartners,
  labs,
  organisations,
  renewals,
  reviewAssignments,
  reviewCriteria,
  reviewScores,
  users,
  validityPeriods,
} from '../../db/schema'
import type { RenewalStatus } from '../../db/schema/enums'
import type { Renewal, ReviewAssignment } from '../../db/schema/renewals'
import {
  activeWeightSum,
  ASSIGNABLE_STATUSES,
  CONFLICT_NOTE_MAX,
  CRITERION_LABEL_MAX,
  meanTotal,
  OPINION_MAX,
  readScores,
  WEIGHT_TOTAL,
  type Criterion,
  type ExpertOption,
  type PanelAssignment,
  type ReviewIntent,
  type ReviewPanelData,
} from '../domain/expert-review'
import type { Actor } from '../domain/permissions'
import { hasOrganisationConflict, weightedTotal } from '../domain/renewals'
import { shanghaiDate } from '../domain/dates'
import { now } from '../utils/clock.server'
import { db, type Db } from '../utils/db.server'
import type { FieldErrors } from '../utils/forms'
import { recordAudit } from './audit.server'
import { notifyEvent } from './event-notices.server'
import { findRenewal, type FoundRenewal } from './renewal-access.server'
import { recordRenewalEvent } from './renewals.server'
import { auditActorOf, conflict, forbidden, invalid, notFound, type ActingUser, type Refusal, type Result } from './result.server'

// Expert review of a renewal (issue 8, item 3). The bureau sets the criteria and their weights
// and assigns experts; an expert sees only the renewals assigned to them (renewal-access), scores
// every active criterion 0..100 with an opinion, or declares a conflict of interest and so leaves
// the renewal. Every change writes its audit row (and, for the renewal's own steps, its thread
// entry) in the same transaction.
//
// Two choices, recorded here because they shape every function below:
// - Weights: the bureau edits the criteria one change at a time (add, deactivate, reactivate may
//   leave the active weights off 100; the weights form saves all active weights together and must
//   add up to 100). The criteria page warns while they do not, and submitReview refuses until
//   they do, so no review is ever scored on weights that are not per cent of the whole.
// - A submitted review is final: the bureau reads it as the expert gave it, and its weighted total
//   is computed once, with the weights of that moment. A correction goes through the bureau.

export type ReviewUser = ActingUser
type Reader = Pick<Db, 'select'>

/** 404 out of scope, 403 not for this user, 409 the state does not allow it (now), 400 bad input. */
export type ReviewFailure = Refusal
export type ReviewResult = Result<{ changed?: boolean }, ReviewFailure>

// ---- criteria ---------------------------------------------------------------------------------

const criterionColumns = {
  id: reviewCriteria.id,
  labelZh: reviewCriteria.labelZh,
  labelEn: reviewCriteria.labelEn,
  weight: reviewCriteria.weight,
  position: reviewCriteria.position,
  active: reviewCriteria.active,
}

function criteriaOf(q: Reader): Criterion[] {
  return q.select(criterionColumns).from(reviewCriteria).orderBy(asc(reviewCriteria.position), asc(reviewCriteria.id)).all()
}

/** Every criterion, inactive ones too (past reviews keep their labels), in order. */
export function allCriteria(): Criterion[] {
  return criteriaOf(db())
}

/** The criteria experts score now, in order. */
export function activeCriteria(): Criterion[] {
  return allCriteria().filter((c) => c.active)
}

/** Whether the active weights add up to 100, so reviews may be submitted. */
export function criteriaWeightsOk(): boolean {
  return activeWeightSum(allCriteria()) === WEIGHT_TOTAL
}

/** The criteria page: every criterion with who changed it last, and the active weights' sum. */
export function criteriaSettingRows() {
  const rows = db()
    .select({ ...criterionColumns, updatedAt: reviewCriteria.updatedAt, updatedBy: users.displayName })
    .from(reviewCriteria)
    .leftJoin(users, eq(users.id, reviewCriteria.updatedBy))
    .orderBy(asc(reviewCriteria.position), asc(reviewCriteria.id))
    .all()
  return { rows, weightSum: activeWeightSum(rows) }
}

const labelLength = (s: string) => Array.from(s).length

function checkLabels(labels: { labelZh: string; labelEn: string }, others: readonly Criterion[]): FieldErrors {
  const errors: FieldErrors = {}
  for (const field of ['labelZh', 'labelEn'] as const) {
    const value = labels[field]
    if (!value) errors[field] = { key: 'form.required' }
    else if (labelLength(value) > CRITERION_LABEL_MAX) errors[field] = { key: 'form.tooLong', vars: { max: CRITERION_LABEL_MAX } }
    else if (others.some((c) => c.active && c[field].toLowerCase() === value.toLowerCase()))
      errors[field] = { key: 'criteria.error.duplicate' }
  }
  return errors
}

/** A weight as typed: a whole number 1..100. */
function parseWeight(raw: unknown): number | null {
  const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : ''
  if (!/^\d{1,3}$/.test(s)) return null
  const n = Number(s)
  return n >= 1 && n <= WEIGHT_TOTAL ? n : null
}

type CriterionWrite = { before: Criterion | null; after: Omit<Criterion, 'id'> & { id?: number } }

// Reads the criteria, plans the change and writes its rows with one audit row each, in one
// transaction; only the bureau sets what experts are scored against.
function editCriteria(by: ReviewUser, plan: (criteria: Criterion[]) => ReviewFailure | CriterionWrite[]): ReviewResult {
  if (by.role !== 'bureau') return forbidden()
  const at = now()
  return db().transaction((tx): ReviewResult => {
    const writes = plan(criteriaOf(tx))
    if (!Array.isArray(writes)) return writes
    const stamp = { updatedAt: at.toISOString(), updatedBy: by.id }
    for (const { before, after } of writes) {
      const { id: _id, ...fields } = after
      const row = before
        ? tx
            .update(reviewCriteria)
            .set({ ...fields, ...stamp })
            .where(eq(reviewCriteria.id, before.id))
            .returning(criterionColumns)
            .get()!
        : tx
            .insert(reviewCriteria)
            .values({ ...fields, ...stamp })
            .returning(criterionColumns)
            .get()
      recordAudit(tx, {
        actor: auditActorOf(by),
        action: before ? 'update' : 'create',
        entityType: 'review_criterion',
        entityId: row.id,
        before,
        after: row,
        at,
      })
    }
    return { ok: true, changed: writes.length > 0 }
  })
}

/** A new criterion, active and last. The weights may then no longer add up to 100: the page says so. */
export function addCriterion({
  by,
  labelZh,
  labelEn,
  weight,
}: {
  by: ReviewUser
  labelZh: string
  labelEn: string
  weight: unknown
}): ReviewResult {
  return editCriteria(by, (criteria) => {
    const labels = { labelZh: labelZh.trim(), labelEn: labelEn.trim() }
    const errors = checkLabels(labels, criteria)
    const w = parseWeight(weight)
    if (w === null) errors.weight = { key: 'criteria.error.weight', vars: { max: WEIGHT_TOTAL } }
    if (Object.keys(errors).length) return invalid(errors)
    const position = Math.max(0, ...criteria.map((c) => c.position)) + 1
    return [{ before: null, after: { ...labels, weight: w!, position, active: true } }]
  })
}

function one(criteria: Criterion[], id: number, change: (c: Criterion) => ReviewFailure | Criterion): ReviewFailure | CriterionWrite[] {
  const c = criteria.find((x) => x.id === id)
  if (!c) return notFound()
  const after = change(c)
  if ('ok' in after) return after
  return JSON.stringify(after) === JSON.stringify(c) ? [] : [{ before: c, after }]
}

export function renameCriterion({
  by,
  id,
  labelZh,
  labelEn,
}: {
  by: ReviewUser
  id: number
  labelZh: string
  labelEn: string
}): ReviewResult {
  return editCriteria(by, (criteria) =>
    one(criteria, id, (c) => {
      const labels = { labelZh: labelZh.trim(), labelEn: labelEn.trim() }
      const errors = checkLabels(labels, c.active ? criteria.filter((x) => x.id !== id) : [])
      return Object.keys(errors).length ? invalid(errors) : { ...c, ...labels }
    }),
  )
}

/**
 * Every active criterion's weight at once (`weights` by criterion id), whole numbers 1..100 that
 * add up to 100: the one form that puts the weights right after criteria come and go.
 */
export function setCriteriaWeights({ by, weights }: { by: ReviewUser; weights: Readonly<Record<string, unknown>> }): ReviewResult {
  return editCriteria(by, (criteria) => {
    const errors: FieldErrors = {}
    const active = criteria.filter((c) => c.active)
    const next = new Map<number, number>()
    for (const c of active) {
      const w = parseWeight(weights[String(c.id)])
      if (w === null) errors[`weight-${c.id}`] = { key: 'criteria.error.weight', vars: { max: WEIGHT_TOTAL } }
      else next.set(c.id, w)
    }
    if (!Object.keys(errors).length) {
      const sum = [...next.values()].reduce((a, b) => a + b, 0)
      if (sum !== WEIGHT_TOTAL) errors._form = { key: 'criteria.error.sum', vars: { sum, total: WEIGHT_TOTAL } }
    }
    if (Object.keys(errors).length) return invalid(errors)
    return active.flatMap((c) => (next.get(c.id) === c.weight ? [] : [{ before: c, after: { ...c, weight: next.get(c.id)! } }]))
  })
}

/** Moves a criterion one place; positions are renumbered 1..n so they stay distinct. */
export function moveCriterion({ by, id, direction }: { by: ReviewUser; id: number; direction: 'up' | 'down' }): ReviewResult {
  return editCriteria(by, (criteria) => {
    const at = criteria.findIndex((c) => c.id === id)
    if (at < 0) return notFound()
    const ordered = [...criteria]
    const to = direction === 'up' ? at - 1 : at + 1
    if (to >= 0 && to < ordered.length) [ordered[at], ordered[to]] = [ordered[to], ordered[at]]
    return ordered.flatMap((c, i) => (c.position === i + 1 ? [] : [{ before: c, after: { ...c, position: i + 1 } }]))
  })
}

/** Deactivates (never deletes: past scores keep it) or reactivates a criterion; one stays active. */
export function setCriterionActive({ by, id, active }: { by: ReviewUser; id: number; active: boolean }): ReviewResult {
  return editCriteria(by, (criteria) =>
    one(criteria, id, (c) => {
      if (c.active === active) return c
      const others = criteria.filter((x) => x.id !== id)
      if (!active && !others.some((x) => x.active)) return invalid({ _form: { key: 'criteria.error.lastActive' } })
      if (active && others.some((x) => x.active && (x.labelZh === c.labelZh || x.labelEn.toLowerCase() === c.labelEn.toLowerCase())))
        return invalid({ _form: { key: 'criteria.error.reactivateDuplicate', vars: { label: c.labelZh } } })
      return { ...c, active }
    }),
  )
}

// ---- the bureau assigns experts ---------------------------------------------------------------

function partnerOrgIdsOf(q: Reader, labId: number): number[] {
  return q
    .select({ orgId: labPartners.orgId })
    .from(labPartners)
    .where(eq(labPartners.labId, labId))
    .all()
    .map((r) => r.orgId)
}

// The renewal addressed by the bureau's page, for a step only the bureau takes while it is open.
function bureauRenewal(by: ReviewUser, labId: number, renewalId: number): FoundRenewal | ReviewFailure {
  const found = findRenewal(by, labId, renewalId)
  if (!found) return notFound()
  if (by.role !== 'bureau') return forbidden()
  if (!ASSIGNABLE_STATUSES.includes(found.renewal.status)) return conflict('expertReview.error.notAssignable')
  return found
}

const positiveId = (raw: unknown): number | null => {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN
  return Number.isSafeInteger(n) && n > 0 ? n : null
}

/**
 * Puts an expert on a renewal: an active expert account whose organisation neither hosts nor
 * joins the lab (guide: 评审回避), not on it already. The first expert moves the renewal from
 * submitted to under review.
 */
export function assignExpert({
  by,
  labId,
  renewalId,
  expertId,
}: {
  by: ReviewUser
  labId: number
  renewalId: number
  expertId: unknown
}): ReviewResult {
  const found = bureauRenewal(by, labId, renewalId)
  if ('ok' in found) return found
  const id = positiveId(expertId)
  const expert =
    id === null
      ? undefined
      : db()
          .select({ id: users.id, displayName: users.displayName, organisationId: users.organisationId, orgName: organisations.name })
          .from(users)
          .leftJoin(organisations, eq(organisations.id, users.organisationId))
          .where(and(eq(users.id, id), eq(users.role, 'expert'), eq(users.active, true)))
          .get()
  if (!expert) return invalid({ expertId: { key: 'expertReview.error.expertInvalid' } })
  const at = now()
  return db().transaction((tx): ReviewResult => {
    const lab = { hostOrgId: found.lab.hostOrgId, partnerOrgIds: partnerOrgIdsOf(tx, labId) }
    if (hasOrganisationConflict(expert.organisationId, lab))
      return invalid({
        expertId: {
          key: expert.organisationId === lab.hostOrgId ? 'expertReview.error.hostConflict' : 'expertReview.error.partnerConflict',
          vars: { org: expert.orgName ?? '' },
        },
      })
    const existing = tx
      .select({ id: reviewAssignments.id })
      .from(reviewAssignments)
      .where(and(eq(reviewAssignments.renewalId, renewalId), eq(reviewAssignments.expertId, expert.id)))
      .get()
    if (existing) return invalid({ expertId: { key: 'expertReview.error.alreadyAssigned' } })
    const renewal = tx.select().from(renewals).where(eq(renewals.id, renewalId)).get()!
    if (!ASSIGNABLE_STATUSES.includes(renewal.status)) return conflict('expertReview.error.notAssignable')
    const assignment = tx
      .insert(reviewAssignments)
      .values({ renewalId, expertId: expert.id, status: 'assigned', assignedBy: by.id, assignedAt: at.toISOString() })
      .returning()
      .get()
    const toStatus: RenewalStatus = 'under_review'
    if (renewal.status !== toStatus)
      tx.update(renewals).set({ status: toStatus, updatedAt: at.toISOString() }).where(eq(renewals.id, renewalId)).run()
    recordRenewalEvent(tx, { renewal, action: 'assign_expert', fromStatus: renewal.status, toStatus, comment: expert.displayName, by, at })
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'assign_expert',
      entityType: 'review_assignment',
      entityId: assignment.id,
      labId,
      after: { ...assignment, expertName: expert.displayName, renewalStatus: toStatus },
      at,
    })
    // the expert's inbox says what to review (their menu counts it too)
    notifyEvent(tx, {
      source: 'review_assignment',
      sourceId: assignment.id,
      day: shanghaiDate(at),
      step: 0,
      labId,
      title: { key: 'reminders.title.review_assignment', params: { lab: found.lab.name } },
      link: `/labs/${labId}/renewals/${renewalId}/review`,
      to: { userIds: [expert.id] },
      at,
    })
    return { ok: true, changed: true }
  })
}

/** Takes an expert off a renewal before they have reviewed it (a declared conflict stays on record). */
export function unassignExpert({
  by,
  labId,
  renewalId,
  assignmentId,
}: {
  by: ReviewUser
  labId: number
  renewalId: number
  assignmentId: unknown
}): ReviewResult {
  const found = bureauRenewal(by, labId, renewalId)
  if ('ok' in found) return found
  const id = positiveId(assignmentId)
  if (id === null) return notFound()
  const at = now()
  return db().transaction((tx): ReviewResult => {
    const before = tx
      .select()
      .from(reviewAssignments)
      .where(and(eq(reviewAssignments.id, id), eq(reviewAssignments.renewalId, renewalId)))
      .get()
    if (!before) return notFound()
    if (before.status !== 'assigned')
      return conflict(before.status === 'submitted' ? 'expertReview.error.alreadyReviewed' : 'expertReview.error.conflictKept')
    const expertName = tx.select({ name: users.displayName }).from(users).where(eq(users.id, before.expertId)).get()?.name ?? ''
    tx.delete(reviewAssignments).where(eq(reviewAssignments.id, id)).run()
    // the renewal stays under review: it has been, and the thread says who left it
    recordRenewalEvent(tx, { renewal: found.renewal, action: 'unassign_expert', fromStatus: found.renewal.status, toStatus: found.renewal.status, comment: expertName, by, at })
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'unassign_expert',
      entityType: 'review_assignment',
      entityId: id,
      labId,
      before: { ...before, expertName },
      at,
    })
    return { ok: true, changed: true }
  })
}

/**
 * The review panel's forms, for the bureau's renewal page action: 'assignExpert' reads
 * values.expertId, 'unassignExpert' values.assignmentId.
 */
export function handleReviewIntent({
  intent,
  values,
  by,
  labId,
  renewalId,
}: {
  intent: ReviewIntent
  values: Readonly<Record<string, string | undefined>>
  by: ReviewUser
  labId: number
  renewalId: number
}): ReviewResult {
  switch (intent) {
    case 'assignExpert':
      return assignExpert({ by, labId, renewalId, expertId: values.expertId })
    case 'unassignExpert':
      return unassignExpert({ by, labId, renewalId, assignmentId: values.assignmentId })
    default:
      return invalid({ _form: { key: 'form.invalidChoice' } })
  }
}

// ---- what the bureau's panel shows ------------------------------------------------------------

function scoresByAssignment(q: Reader, assignmentIds: number[]) {
  if (!assignmentIds.length) return new Map<number, PanelAssignment['scores']>()
  const rows = q
    .select({
      assignmentId: reviewScores.assignmentId,
      criterionId: reviewScores.criterionId,
      labelZh: reviewCriteria.labelZh,
      labelEn: reviewCriteria.labelEn,
      score: reviewScores.score,
    })
    .from(reviewScores)
    .innerJoin(reviewCriteria, eq(reviewCriteria.id, reviewScores.criterionId))
    .where(inArray(reviewScores.assignmentId, assignmentIds))
    .orderBy(asc(reviewCriteria.position), asc(reviewCriteria.id))
    .all()
  const out = new Map<number, PanelAssignment['scores']>()
  for (const { assignmentId, ...score } of rows) out.set(assignmentId, [...(out.get(assignmentId) ?? []), score])
  return out
}

/** A renewal's experts with their status, scores, totals, opinions and conflict notes, and the mean of the totals given. */
export function assignmentsOf(renewalId: number): { assignments: PanelAssignment[]; meanTotal: number | null } {
  const rows = db()
    .select({
      id: reviewAssignments.id,
      expertId: reviewAssignments.expertId,
      expertName: users.displayName,
      organisationName: organisations.name,
      status: reviewAssignments.status,
      totalScore: reviewAssignments.totalScore,
      opinion: reviewAssignments.opinion,
      conflictNote: reviewAssignments.conflictNote,
      assignedAt: reviewAssignments.assignedAt,
      submittedAt: reviewAssignments.submittedAt,
    })
    .from(reviewAssignments)
    .innerJoin(users, eq(users.id, reviewAssignments.expertId))
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(reviewAssignments.renewalId, renewalId))
    .orderBy(asc(reviewAssignments.assignedAt), asc(reviewAssignments.id))
    .all()
  const scores = scoresByAssignment(
    db(),
    rows.map((r) => r.id),
  )
  const assignments = rows.map((r) => ({ ...r, scores: scores.get(r.id) ?? [] }))
  return { assignments, meanTotal: meanTotal(assignments.filter((a) => a.status === 'submitted').map((a) => a.totalScore)) }
}

/** Active experts for the assign form, those whose organisation hosts or joins the lab marked. */
export function expertOptions({ labId, hostOrgId, renewalId }: { labId: number; hostOrgId: number; renewalId: number }): ExpertOption[] {
  const partnerOrgIds = partnerOrgIdsOf(db(), labId)
  const onIt = new Set(
    db()
      .select({ expertId: reviewAssignments.expertId })
      .from(reviewAssignments)
      .where(eq(reviewAssignments.renewalId, renewalId))
      .all()
      .map((r) => r.expertId),
  )
  return db()
    .select({ id: users.id, name: users.displayName, organisationId: users.organisationId, organisationName: organisations.name })
    .from(users)
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(users.role, 'expert'), eq(users.active, true)))
    .orderBy(asc(users.displayName), asc(users.id))
    .all()
    .map(({ organisationId, ...e }) => ({
      ...e,
      conflicted: hasOrganisationConflict(organisationId, { hostOrgId, partnerOrgIds }),
      assigned: onIt.has(e.id),
    }))
}

/** Everything the bureau's review panel needs, for a renewal found with findRenewal. */
export function reviewPanelData(actor: Actor, found: FoundRenewal): ReviewPanelData {
  const { lab, renewal } = found
  return {
    labId: lab.id,
    renewalId: renewal.id,
    ...assignmentsOf(renewal.id),
    experts: actor.role === 'bureau' ? expertOptions({ labId: lab.id, hostOrgId: lab.hostOrgId, renewalId: renewal.id }) : [],
    canAssign: actor.role === 'bureau' && ASSIGNABLE_STATUSES.includes(renewal.status),
    weightsOk: criteriaWeightsOk(),
  }
}

// ---- the expert's side ------------------------------------------------------------------------

/** The expert's queue: the renewals assigned to them that they have not declined, newest first. */
export function listMyAssignments(expert: Actor) {
  if (expert.role !== 'expert') return []
  return db()
    .select({
      assignmentId: reviewAssignments.id,
      status: reviewAssignments.status,
      totalScore: reviewAssignments.totalScore,
      assignedAt: reviewAssignments.assignedAt,
      submittedAt: reviewAssignments.submittedAt,
      renewalId: renewals.id,
      renewalStatus: renewals.status,
      labId: labs.id,
      labName: labs.name,
      districtCode: labs.districtCode,
      periodStart: validityPeriods.startDate,
      periodEnd: validityPeriods.endDate,
    })
    .from(reviewAssignments)
    .innerJoin(renewals, eq(renewals.id, reviewAssignments.renewalId))
    .innerJoin(labs, eq(labs.id, renewals.labId))
    .innerJoin(validityPeriods, eq(validityPeriods.id, renewals.periodId))
    .where(and(eq(reviewAssignments.expertId, expert.id), ne(reviewAssignments.status, 'conflict')))
    .orderBy(asc(reviewAssignments.status), asc(validityPeriods.endDate), asc(reviewAssignments.id))
    .all()
}

export type MyAssignment = ReturnType<typeof listMyAssignments>[number]

/** What waits for the expert's review: the nav's badge. */
export function countPendingAssignments(expert: Actor): number {
  if (expert.role !== 'expert') return 0
  // counted in SQL: every page an expert opens asks it
  return (
    db()
      .select({ n: count() })
      .from(reviewAssignments)
      .innerJoin(renewals, eq(renewals.id, reviewAssignments.renewalId))
      .where(
        and(
          eq(reviewAssignments.expertId, expert.id),
          eq(reviewAssignments.status, 'assigned'),
          inArray(renewals.status, [...ASSIGNABLE_STATUSES]),
        ),
      )
      .get()?.n ?? 0
  )
}

/** The expert's own scores on a review they submitted. */
export function myScores(assignmentId: number) {
  return scoresByAssignment(db(), [assignmentId]).get(assignmentId) ?? []
}

type OwnAssignment = { assignment: ReviewAssignment; renewal: Renewal }

// An expert acts only on their own assignment that they have not declined; anything else does not exist for them.
function ownAssignment(q: Reader, by: ReviewUser, assignmentId: number): OwnAssignment | null {
  if (by.role !== 'expert') return null
  const assignment = q
    .select()
    .from(reviewAssignments)
    .where(and(eq(reviewAssignments.id, assignmentId), eq(reviewAssignments.expertId, by.id), ne(reviewAssignments.status, 'conflict')))
    .get()
  if (!assignment) return null
  const renewal = q.select().from(renewals).where(eq(renewals.id, assignment.renewalId)).get()
  return renewal ? { assignment, renewal } : null
}

/** The expert declines a renewal for a conflict of interest, with a note; they lose access to it at once. */
export function declareConflict({ by, assignmentId, note }: { by: ReviewUser; assignmentId: number; note: unknown }): ReviewResult {
  const text = typeof note === 'string' ? note.trim() : ''
  const at = now()
  return db().transaction((tx): ReviewResult => {
    const own = ownAssignment(tx, by, assignmentId)
    if (!own) return notFound()
    if (own.assignment.status !== 'assigned') return conflict('expertReview.error.alreadyReviewed')
    if (!text) return invalid({ conflictNote: { key: 'expertReview.error.noteRequired' } })
    if (text.length > CONFLICT_NOTE_MAX) return invalid({ conflictNote: { key: 'form.tooLong', vars: { max: CONFLICT_NOTE_MAX } } })
    const after = tx
      .update(reviewAssignments)
      .set({ status: 'conflict', conflictNote: text })
      .where(and(eq(reviewAssignments.id, assignmentId), eq(reviewAssignments.status, 'assigned')))
      .returning()
      .get()
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'declare_conflict',
      entityType: 'review_assignment',
      entityId: assignmentId,
      labId: own.renewal.labId,
      before: own.assignment,
      after,
      at,
    })
    return { ok: true, changed: true }
  })
}

/**
 * The expert's review: every active criterion scored 0..100 in whole numbers (`scores` by
 * criterion id), an opinion, while the renewal is under review and the active weights add up to
 * 100. The weighted total is computed here, once; the review is final.
 */
export function submitReview({
  by,
  assignmentId,
  scores,
  opinion,
}: {
  by: ReviewUser
  assignmentId: number
  scores: Readonly<Record<string, unknown>>
  opinion: unknown
}): ReviewResult {
  const at = now()
  return db().transaction((tx): ReviewResult => {
    const own = ownAssignment(tx, by, assignmentId)
    if (!own) return notFound()
    const { assignment, renewal } = own
    if (assignment.status !== 'assigned') return conflict('expertReview.error.alreadyReviewed')
    if (!ASSIGNABLE_STATUSES.includes(renewal.status)) return conflict('expertReview.error.renewalClosed')
    // the expert's organisation may have changed since the assignment: 评审回避 holds at the review too
    const expertOrg =
      tx.select({ organisationId: users.organisationId }).from(users).where(eq(users.id, by.id)).get()?.organisationId ?? null
    const lab = tx.select({ hostOrgId: labs.hostOrgId }).from(labs).where(eq(labs.id, renewal.labId)).get()!
    if (hasOrganisationConflict(expertOrg, { hostOrgId: lab.hostOrgId, partnerOrgIds: partnerOrgIdsOf(tx, renewal.labId) }))
      return conflict('expertReview.error.ownOrganisation')
    const criteria = criteriaOf(tx)
    const sum = activeWeightSum(criteria)
    if (sum !== WEIGHT_TOTAL) return conflict('expertReview.error.weightsNot100', { sum, total: WEIGHT_TOTAL })
    const read = readScores(criteria, scores)
    const errors: FieldErrors = read.ok ? {} : { ...read.errors }
    const text = typeof opinion === 'string' ? opinion.trim() : ''
    if (!text) errors.opinion = { key: 'expertReview.error.opinionRequired' }
    else if (text.length > OPINION_MAX) errors.opinion = { key: 'form.tooLong', vars: { max: OPINION_MAX } }
    if (!read.ok || Object.keys(errors).length) return invalid(errors)
    const totalScore = weightedTotal(read.scores)
    for (const s of read.scores) tx.insert(reviewScores).values({ assignmentId, criterionId: s.criterionId, score: s.score }).run()
    const after = tx
      .update(reviewAssignments)
      .set({ status: 'submitted', opinion: text, totalScore, submittedAt: at.toISOString() })
      .where(and(eq(reviewAssignments.id, assignmentId), eq(reviewAssignments.status, 'assigned')))
      .returning()
      .get()
    recordRenewalEvent(tx, { renewal, action: 'review', fromStatus: renewal.status, toStatus: renewal.status, comment: '', by, at })
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'review',
      entityType: 'review_assignment',
      entityId: assignmentId,
      labId: renewal.labId,
      before: assignment,
      after: { ...after, scores: Object.fromEntries(read.scores.map((s) => [s.criterionId, s.score])) },
      at,
    })
    // the bureau hears that a review is in; the lab does not (who reviews it is the bureau's)
    const labName = tx.select({ name: labs.name }).from(labs).where(eq(labs.id, renewal.labId)).get()!.name
    notifyEvent(tx, {
      source: 'review_submitted',
      sourceId: assignmentId,
      day: shanghaiDate(at),
      step: 0,
      labId: renewal.labId,
      title: { key: 'reminders.title.review_submitted', params: { lab: labName, total: totalScore ?? '' } },
      link: `/labs/${renewal.labId}/renewals/${renewal.id}#review`,
      to: { bureau: true },
      at,
    })
    return { ok: true, changed: true }
  })
}
