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
  meanTotal,
  OPINION_MAX,
  readScores,
  WEIGHT_TOTAL,
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
import { auditActorOf, conflict, forbidden, invalid, notFound } from './result.server'
import { criteriaOf, criteriaWeightsOk, type ReviewFailure, type ReviewResult, type ReviewUser } from './review-criteria.server'

// Expert review of a renewal (issue 8, item 3). The bureau assigns experts; an expert sees only
// the renewals assigned to them (renewal-access), scores every active criterion 0..100 with an
// opinion, or declares a conflict of interest and so leaves the renewal. Every change writes its
// audit row (and, for the renewal's own steps, its thread entry) in the same transaction. The
// criteria and their weights are the bureau's setting, in review-criteria.server.ts.
//
// A submitted review is final: the bureau reads it as the expert gave it, and its weighted total
// is computed once, with the weights of that moment. A correction goes through the bureau.

export type { ReviewFailure, ReviewResult, ReviewUser }
type Reader = Pick<Db, 'select'>

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
