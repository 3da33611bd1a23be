import { and, asc, desc, eq, inArray } from 'drizzle-orm'
import { auditLog, organisations, renewals, reviewAssignments, users } from '~db/schema'
import type { RenewalStatus } from '~db/schema/enums'
import {
  ASSIGNABLE_STATUSES,
  meanTotal,
  type ExpertOption,
  type PanelAssignment,
  type ReviewIntent,
  type ReviewPanelData,
} from '~/domain/expert-review'
import type { Actor } from '~/domain/permissions'
import { hasOrganisationConflict } from '~/domain/renewals'
import { now } from '~/utils/clock.server'
import { formId } from '~/utils/params'
import { db, type Db } from '~/utils/db.server'
import { recordAudit } from './audit.server'
import { notifyReviewAssigned } from './renewal-notices.server'
import { partnerOrgIdsOf, scoresByAssignment, type ReviewFailure, type ReviewResult, type ReviewUser } from './expert-review.server'
import { findRenewal, type FoundRenewal } from './renewal-access.server'
import { recordRenewalEvent } from './renewals.server'
import { auditActorOf, conflict, forbidden, invalid, notFound } from './result.server'
import { checkVersion, seenVersion, type StaleRefusal } from './row-version.server'
import { criteriaWeightsOk } from './review-criteria.server'

// The bureau's side of expert review (issue 8, item 3): the experts panel on its renewal page.
// It assigns an expert (评审回避: never one whose organisation hosts or joins the lab), takes one
// off before they have reviewed, and reads what the panel shows: every expert on the renewal with
// their scores, totals, opinions and conflict notes, and the experts the bureau may assign. Apart
// from expert-review.server.ts (the expert's queue, badge, scores and conflict declarations)
// because it is the bureau's work on one renewal's page; it imports that module, never the reverse.

// ---- the bureau assigns experts ---------------------------------------------------------------

// The renewal addressed by the bureau's page, for a step only the bureau takes while it is open.
// The panel's forms post the renewal's row version (stale decisions): a panel changed since the
// page loaded (an expert assigned, removed or reviewing, the renewal decided) is refused with 409
// and the renewal's state now, before the step's own checks.
function bureauRenewal(by: ReviewUser, labId: number, renewalId: number, version: unknown): FoundRenewal | ReviewFailure {
  const found = findRenewal(by, labId, renewalId)
  if (!found) return notFound()
  if (by.role !== 'bureau') return forbidden()
  const moved = checkVersion(found.renewal, seenVersion(version), { entityType: 'renewal', entityId: renewalId })
  if (moved) return moved.error === 'conflict' ? panelStale(db(), found.renewal.status, labId) : moved
  if (!ASSIGNABLE_STATUSES.includes(found.renewal.status)) return conflict('expertReview.error.notAssignable')
  return found
}

// The 409 of a panel that changed since the page loaded: the renewal's status now, and who last
// changed the renewal or its panel (assignments are audited on their own rows, not the renewal's).
function panelStale(q: Pick<Db, 'select'>, status: RenewalStatus | null, labId: number): StaleRefusal {
  const last = q
    .select({ by: auditLog.actorName, at: auditLog.at })
    .from(auditLog)
    .where(and(eq(auditLog.labId, labId), inArray(auditLog.entityType, ['renewal', 'review_assignment'])))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(1)
    .get()
  return { ...conflict('stale.changed'), stale: { status, by: last?.by ?? null, at: last?.at ?? null } }
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
  version,
}: {
  by: ReviewUser
  labId: number
  renewalId: number
  expertId: unknown
  // the renewal's row version the panel showed
  version: unknown
}): ReviewResult {
  const found = bureauRenewal(by, labId, renewalId, version)
  if ('ok' in found) return found
  const id = formId(expertId)
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
    // compare-and-set on the version checked: the panel changed moves the renewal's version on
    const toStatus: RenewalStatus = 'under_review'
    const moved = tx
      .update(renewals)
      .set({ status: toStatus, updatedAt: at.toISOString(), rowVersion: found.renewal.rowVersion + 1 })
      .where(and(eq(renewals.id, renewalId), eq(renewals.rowVersion, found.renewal.rowVersion)))
      .returning({ id: renewals.id })
      .get()
    if (!moved) return panelStale(tx, renewal.status, labId)
    const assignment = tx
      .insert(reviewAssignments)
      .values({ renewalId, expertId: expert.id, status: 'assigned', assignedBy: by.id, assignedAt: at.toISOString() })
      .returning()
      .get()
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
    notifyReviewAssigned(tx, { assignmentId: assignment.id, renewalId, labId, expertId: expert.id, at })
    return { ok: true, changed: true }
  })
}

/** Takes an expert off a renewal before they have reviewed it (a declared conflict stays on record). */
export function unassignExpert({
  by,
  labId,
  renewalId,
  assignmentId,
  version,
}: {
  by: ReviewUser
  labId: number
  renewalId: number
  assignmentId: unknown
  // the renewal's row version the panel showed
  version: unknown
}): ReviewResult {
  const found = bureauRenewal(by, labId, renewalId, version)
  if ('ok' in found) return found
  const id = formId(assignmentId)
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
    // compare-and-set on the renewal's version checked: the panel changed moves it on
    const moved = tx
      .update(renewals)
      .set({ updatedAt: at.toISOString(), rowVersion: found.renewal.rowVersion + 1 })
      .where(and(eq(renewals.id, renewalId), eq(renewals.rowVersion, found.renewal.rowVersion)))
      .returning({ status: renewals.status })
      .get()
    if (!moved) {
      const current = tx.select({ status: renewals.status }).from(renewals).where(eq(renewals.id, renewalId)).get()
      return panelStale(tx, current?.status ?? null, labId)
    }
    tx.delete(reviewAssignments).where(eq(reviewAssignments.id, id)).run()
    // the renewal stays under review: it has been, and the thread says who left it
    recordRenewalEvent(tx, {
      renewal: found.renewal,
      action: 'unassign_expert',
      fromStatus: found.renewal.status,
      toStatus: found.renewal.status,
      comment: expertName,
      by,
      at,
    })
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
      return assignExpert({ by, labId, renewalId, expertId: values.expertId, version: values.rowVersion })
    case 'unassignExpert':
      return unassignExpert({ by, labId, renewalId, assignmentId: values.assignmentId, version: values.rowVersion })
    default:
      return invalid({ _form: { key: 'form.invalidChoice' } })
  }
}

// ---- what the bureau's panel shows ------------------------------------------------------------

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
    renewalVersion: renewal.rowVersion,
  }
}
