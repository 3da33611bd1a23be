import { and, asc, count, eq, inArray, ne, type SQL } from 'drizzle-orm'
import { labPartners, labs, renewals, reviewAssignments, reviewCriteria, reviewScores, users, validityPeriods } from '~db/schema'
import type { Renewal, ReviewAssignment } from '~db/schema/renewals'
import {
  activeWeightSum,
  ASSIGNABLE_STATUSES,
  CONFLICT_NOTE_MAX,
  OPINION_MAX,
  readScores,
  WEIGHT_TOTAL,
  type PanelAssignment,
} from '~/domain/expert-review'
import type { Actor } from '~/domain/permissions'
import { hasOrganisationConflict, weightedTotal } from '~/domain/renewals'
import { now } from '~/utils/clock.server'
import { db, type Db } from '~/utils/db.server'
import type { FieldErrors } from '~/utils/forms'
import { recordAudit } from './audit.server'
import { notifyReviewSubmitted } from './renewal-notices.server'
import { recordRenewalEvent } from './renewals.server'
import { auditActorOf, conflict, invalid, notFound } from './result.server'
import { checkVersion, seenVersion } from './row-version.server'
import { criteriaOf, type ReviewFailure, type ReviewResult, type ReviewUser } from './review-criteria.server'

// Expert review of a renewal (issue 8, item 3), the expert's side: an expert sees only the
// renewals assigned to them (renewal-access), scores every active criterion 0..100 with an
// opinion, or declares a conflict of interest and so leaves the renewal; their queue and the nav's
// badge read from here. Every change writes its audit row (and, for the renewal's own steps, its
// thread entry) in the same transaction. The bureau's side is apart: the criteria and their
// weights in review-criteria.server.ts, assigning experts and the renewal page's panel in
// review-panel.server.ts (which imports the two reads it shares from here).
//
// A submitted review is final: the bureau reads it as the expert gave it, and its weighted total
// is computed once, with the weights of that moment. A correction goes through the bureau.

export type { ReviewFailure, ReviewResult, ReviewUser }
type Reader = Pick<Db, 'select'>

// ---- shared with the bureau's panel (review-panel.server.ts) ---------------------------------

/** The lab's partner organisations: with its host, those whose experts may not review it (评审回避). */
export function partnerOrgIdsOf(q: Reader, labId: number): number[] {
  return q
    .select({ orgId: labPartners.orgId })
    .from(labPartners)
    .where(eq(labPartners.labId, labId))
    .all()
    .map((r) => r.orgId)
}

/** Each assignment's scores, in criterion order. */
export function scoresByAssignment(q: Reader, assignmentIds: number[]) {
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

// ---- the expert's side ------------------------------------------------------------------------

/** The expert's queue: the renewals assigned to them that they have not declined, newest first. */
// `paging`: one page of the queue (the page shows 50 at a time, issue 18); without it, every row.
export function listMyAssignments(expert: Actor, paging?: { page: number; pageSize: number }) {
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
    .limit(paging ? paging.pageSize : -1)
    .offset(paging ? (paging.page - 1) * paging.pageSize : 0)
    .all()
}

/** An expert's assignments matching `where`, counted in SQL (the nav badge asks on every page). */
function countAssignmentsOf(expert: Actor, where: SQL): number {
  if (expert.role !== 'expert') return 0
  return (
    db()
      .select({ n: count() })
      .from(reviewAssignments)
      .innerJoin(renewals, eq(renewals.id, reviewAssignments.renewalId))
      .where(and(eq(reviewAssignments.expertId, expert.id), where))
      .get()?.n ?? 0
  )
}

/**
 * How many renewals the expert's queue lists (every row listMyAssignments returns), counted on
 * review_assignments_expert_idx alone: every assignment has its renewal, and every renewal its lab
 * and period (NOT NULL foreign keys, deleted with them), so the joins would only cost a lookup per
 * assignment (4,693 of the demo expert's at 50,000 labs).
 */
export function countMyAssignments(expert: Actor): number {
  if (expert.role !== 'expert') return 0
  return (
    db()
      .select({ n: count() })
      .from(reviewAssignments)
      .where(and(eq(reviewAssignments.expertId, expert.id), ne(reviewAssignments.status, 'conflict')))
      .get()?.n ?? 0
  )
}

export type MyAssignment = ReturnType<typeof listMyAssignments>[number]

/** What waits for the expert's review: the nav's badge. */
export function countPendingAssignments(expert: Actor): number {
  return countAssignmentsOf(expert, and(eq(reviewAssignments.status, 'assigned'), inArray(renewals.status, [...ASSIGNABLE_STATUSES]))!)
}

/** The expert's own scores on a review they submitted. */
export function myScores(assignmentId: number) {
  return scoresByAssignment(db(), [assignmentId]).get(assignmentId) ?? []
}

type OwnAssignment = { assignment: ReviewAssignment; renewal: Renewal }

// A review in (or declined) changes what the bureau decides on: its renewal's row version moves
// on (the trigger bumps it), so a decision from a page loaded before the review is stale (409).
function touchRenewal(tx: Pick<Db, 'update'>, renewalId: number, at: Date) {
  tx.update(renewals).set({ updatedAt: at.toISOString() }).where(eq(renewals.id, renewalId)).run()
}

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
export function declareConflict({
  by,
  assignmentId,
  note,
  version,
}: {
  by: ReviewUser
  assignmentId: number
  note: unknown
  // the assignment's row version the page showed (VersionField)
  version: unknown
}): ReviewResult {
  const text = typeof note === 'string' ? note.trim() : ''
  const at = now()
  return db().transaction((tx): ReviewResult => {
    const own = ownAssignment(tx, by, assignmentId)
    if (!own) return notFound()
    const moved = checkVersion(own.assignment, seenVersion(version), { entityType: 'review_assignment', entityId: assignmentId }, tx)
    if (moved) return moved
    if (own.assignment.status !== 'assigned') return conflict('expertReview.error.alreadyReviewed')
    if (!text) return invalid({ conflictNote: { key: 'expertReview.error.noteRequired' } })
    if (text.length > CONFLICT_NOTE_MAX) return invalid({ conflictNote: { key: 'form.tooLong', vars: { max: CONFLICT_NOTE_MAX } } })
    const after = tx
      .update(reviewAssignments)
      .set({ status: 'conflict', conflictNote: text, rowVersion: own.assignment.rowVersion + 1 })
      .where(and(eq(reviewAssignments.id, assignmentId), eq(reviewAssignments.status, 'assigned')))
      .returning()
      .get()
    touchRenewal(tx, own.renewal.id, at)
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
  version,
}: {
  by: ReviewUser
  assignmentId: number
  scores: Readonly<Record<string, unknown>>
  opinion: unknown
  version: unknown
}): ReviewResult {
  const at = now()
  return db().transaction((tx): ReviewResult => {
    const own = ownAssignment(tx, by, assignmentId)
    if (!own) return notFound()
    const { assignment, renewal } = own
    const moved = checkVersion(assignment, seenVersion(version), { entityType: 'review_assignment', entityId: assignmentId }, tx)
    if (moved) return moved
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
      .set({ status: 'submitted', opinion: text, totalScore, submittedAt: at.toISOString(), rowVersion: assignment.rowVersion + 1 })
      .where(and(eq(reviewAssignments.id, assignmentId), eq(reviewAssignments.status, 'assigned')))
      .returning()
      .get()
    touchRenewal(tx, renewal.id, at)
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
    notifyReviewSubmitted(tx, { assignmentId, renewalId: renewal.id, labId: renewal.labId, totalScore, at })
    return { ok: true, changed: true }
  })
}
