import { and, asc, eq, inArray, ne } from 'drizzle-orm'
import {
  applicants,
  applicationReviews,
  certificationRounds,
  organisations,
  roundApplications,
  roundCriteria,
  users,
  type ApplicationReview,
  type RoundApplication,
} from '~db/schema'
import {
  checkStep,
  FROM_REVIEW_ON,
  refusalMessage,
  type ApplicationFacts,
  type ApplicationStep,
} from '~/domain/certification/application-steps'
import { isLate } from '~/domain/certification/round-dates'
import { proposeShortlist, rankApplications, applicationScore, type ShortlistRule } from '~/domain/certification/shortlist'
import { shanghaiDate } from '~/domain/dates'
import { activeWeightSum, CONFLICT_NOTE_MAX, OPINION_MAX, readScores, WEIGHT_TOTAL } from '~/domain/expert-review'
import { weightedTotal } from '~/domain/renewals'
import { now } from '~/utils/clock.server'
import { formId } from '~/utils/params'
import { db, type Db } from '~/utils/db.server'
import type { FieldErrors } from '~/utils/forms'
import { applicationExpertConflict, expertOrganisation } from './application-conflict.server'
import { recordAudit } from './audit.server'
import { notifyEvent } from './event-notices.server'
import { auditActorOf, conflict, forbidden, invalid, notFound, ok, type ActingUser, type Refusal, type Result } from './result.server'
import { checkVersion, nextVersion, seenVersion, staleRefusal } from './row-version.server'
import { officeOf } from './round-application-access.server'
import { tellAudiences } from './round-applications.server'

// Expert review of certification applications (issue 21, docs/decisions/024 plan step 4), on top
// of the applications' tables: the bureau starts a round's review, assigns experts (评审回避 by
// credit code), experts declare a conflict or score against the round's criteria, the bureau reads
// the ranking (shortlist.ts) and takes the shortlist step. Every status change goes through the
// steps table's checkStep inside one IMMEDIATE transaction with its audit row and its notices, as
// round-applications.server.ts takes the applicants' and offices' steps.

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
type Reader = Pick<Db, 'select'>
const APP = 'round_application' as const
const REVIEW = 'application_review' as const
// every review event moves the application's version on: that version keys its notice, as the
// applicants' steps key theirs (round-applications.server.ts), so no two events share a key
const immediate = { behavior: 'immediate' } as const

// ---- reading ----------------------------------------------------------------------------

const panelOf = (q: Reader, applicationId: number) =>
  // application_reviews_application_expert_uq (its leading column)
  q.select().from(applicationReviews).where(eq(applicationReviews.applicationId, applicationId)).all()

/** The steps table's facts for the review's steps: the panel and whether its scores are complete. */
function reviewFacts(q: Reader, row: RoundApplication): ApplicationFacts {
  const round = q.select().from(certificationRounds).where(eq(certificationRounds.id, row.roundId)).get()!
  const panel = panelOf(q, row.id)
  return {
    status: row.status,
    applicantId: row.applicantId,
    office: officeOf(row),
    round: { applicationsDueAt: round.applicationsDueAt, recommendationsDueAt: round.recommendationsDueAt },
    // the conditions, quota and letter guard the office's steps, not these
    failingConditions: [],
    quota: { quota: 0, used: 0 },
    sealedLetter: false,
    experts: { assigned: panel.map((p) => p.expertId), conflicted: panel.filter((p) => p.status === 'conflict').map((p) => p.expertId) },
    scoresComplete: applicationScore(panel).state === 'complete',
    notice: null,
    openObjections: 0,
  }
}

/** The round's criteria as readScores takes them: all active, locked from the review's start. */
const criteriaOf = (q: Reader, roundId: number) =>
  q
    .select()
    .from(roundCriteria)
    .where(eq(roundCriteria.roundId, roundId))
    .orderBy(asc(roundCriteria.position), asc(roundCriteria.id))
    .all()
    .map((c) => ({ ...c, active: true }))

/** Whether any application of the round has entered the review: its criteria are locked from then. */
export function roundReviewStarted(q: Reader, roundId: number): boolean {
  // round_applications_round_status_idx
  return !!q
    .select({ id: roundApplications.id })
    .from(roundApplications)
    .where(
      and(
        eq(roundApplications.roundId, roundId),
        // the steps table's own list: an application there has reached the experts
        inArray(roundApplications.status, [...FROM_REVIEW_ON]),
      ),
    )
    .limit(1)
    .get()
}

/** The round's ranking: its applications under review, ranked where complete, the others apart. */
export function roundRanking({ by, roundId, rule }: { by: ActingUser; roundId: number; rule?: ShortlistRule }) {
  if (by.role !== 'bureau') return null
  const q = db()
  const rows = q
    .select()
    .from(roundApplications)
    .where(and(eq(roundApplications.roundId, roundId), eq(roundApplications.status, 'under_review')))
    .all()
  const ranking = rankApplications(rows.map((r) => ({ id: r.id, submittedAt: r.submittedAt ?? '', assignments: panelOf(q, r.id) })))
  return { ...ranking, proposal: rule ? proposeShortlist(ranking.ranked, rule) : null }
}

// ---- notices ----------------------------------------------------------------------------

/** The applicant's accounts and its office of an application's step (as the applicants' steps tell them). */

// ---- the bureau's steps -----------------------------------------------------------------

type StepOutcome = Result<{ changed: number[] }, Refusal>

const audited = (row: RoundApplication) => {
  const { rowVersion: _v, updatedAt: _u, createdAt: _c, ...rest } = row
  return rest
}

/**
 * One application moved by a step the table allowed: compare-and-set, audit, notices. `said` is
 * what the step carries beyond the status (a sustained objection's reasons), kept in the audit row;
 * `set` is what the step writes on the row beside the status (授牌: the lab it became).
 */
export function moveApplication(
  tx: Tx,
  {
    by,
    row,
    step,
    to,
    at,
    said,
    set,
  }: {
    by: ActingUser
    row: RoundApplication
    step: ApplicationStep
    to: RoundApplication['status']
    at: Date
    said?: object
    set?: Pick<Partial<RoundApplication>, 'labId'>
  },
) {
  const updated = tx
    .update(roundApplications)
    .set({ ...set, status: to, updatedAt: at.toISOString(), updatedBy: by.id, rowVersion: row.rowVersion + 1 })
    .where(and(eq(roundApplications.id, row.id), eq(roundApplications.rowVersion, row.rowVersion)))
    .returning()
    .get()
  // inside the IMMEDIATE transaction that read the row nobody else writes it
  if (!updated) throw new Error(`round application ${row.id} moved under a write lock`)
  recordAudit(tx, {
    actor: auditActorOf(by),
    action: 'decide',
    entityType: APP,
    entityId: row.id,
    before: audited(row),
    after: { ...audited(updated), step, ...said },
    at,
  })
  tellAudiences(tx, { row: updated, step, from: row.status, at })
  return updated
}

/**
 * The round, on the version the bureau's page showed; its version moves on with the step. The demo
 * seed acts without a page: it passes no version at all (undefined), which a form never does.
 */
export function bureauRound(tx: Tx, by: ActingUser, roundId: number, version: unknown) {
  if (by.role !== 'bureau') return forbidden()
  const round = tx.select().from(certificationRounds).where(eq(certificationRounds.id, roundId)).get()
  if (!round) return notFound()
  if (version === undefined) return round
  const stale = checkVersion(round, seenVersion(version), { entityType: 'certification_round', entityId: roundId }, tx)
  return stale ?? round
}

/**
 * 四(三) 评审 begins: every recommended application of the round goes under review, only after the
 * offices' deadline (every office's list is final). The round's criteria lock from here.
 */
export function startRoundReview({
  by,
  roundId,
  version,
  at = now(),
}: {
  by: ActingUser
  roundId: number
  version: unknown
  at?: Date
}): StepOutcome {
  return db().transaction((tx): StepOutcome => {
    const round = bureauRound(tx, by, roundId, version)
    if ('ok' in round) return round
    const rows = tx
      .select()
      .from(roundApplications)
      .where(and(eq(roundApplications.roundId, roundId), eq(roundApplications.status, 'recommended')))
      .orderBy(asc(roundApplications.id))
      .all()
    if (!rows.length) return conflict('rounds.review.error.nothingToReview')
    // every check before any write: a refusal leaves the round as it was
    for (const row of rows) {
      const checked = checkStep({ role: 'bureau' }, reviewFacts(tx, row), 'start_review', at)
      if (!checked.ok) return conflict(refusalMessage(checked.reason))
    }
    const changed = rows.map((row) => moveApplication(tx, { by, row, step: 'start_review', to: 'under_review', at }).id)
    tx.update(certificationRounds).set({ updatedAt: at.toISOString() }).where(eq(certificationRounds.id, roundId)).run()
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'open',
      entityType: 'certification_round',
      entityId: roundId,
      after: { reviewStarted: changed },
      at,
    })
    return ok({ changed })
  }, immediate)
}

/** The application addressed by the bureau's review page, on the version that page showed. */
export function bureauApplication(tx: Tx, by: ActingUser, applicationId: number, version: unknown) {
  if (by.role !== 'bureau') return forbidden()
  const row = tx.select().from(roundApplications).where(eq(roundApplications.id, applicationId)).get()
  // the bureau sees every application once submitted; one never submitted is not its business
  if (!row || row.submittedAt === null) return notFound()
  const stale = checkVersion(row, seenVersion(version), { entityType: APP, entityId: applicationId }, tx)
  return stale ?? row
}

/**
 * Puts an expert on an application under review: an active expert account whose organisation is
 * neither the applicant nor one of its partners, by credit code (评审回避, as review-panel.server.ts
 * refuses the lab's host and partners). The application's version moves on: the panel changed.
 */
export function assignApplicationExpert({
  by,
  applicationId,
  expertId,
  version,
  at = now(),
}: {
  by: ActingUser
  applicationId: number
  expertId: unknown
  version: unknown
  at?: Date
}): Result<{ reviewId: number }, Refusal> {
  return db().transaction((tx): Result<{ reviewId: number }, Refusal> => {
    const row = bureauApplication(tx, by, applicationId, version)
    if ('ok' in row) return row
    if (row.status !== 'under_review') return conflict(refusalMessage('wrong_status'))
    const id = formId(expertId)
    const expert =
      id === null
        ? undefined
        : tx
            .select({ id: users.id, name: users.displayName, orgName: organisations.name, creditCode: organisations.creditCode })
            .from(users)
            .leftJoin(organisations, eq(organisations.id, users.organisationId))
            .where(and(eq(users.id, id), eq(users.role, 'expert'), eq(users.active, true)))
            .get()
    if (!expert) return invalid({ expertId: { key: 'expertReview.error.expertInvalid' } })
    const clash = applicationExpertConflict(tx, row, expert)
    if (clash)
      return invalid({
        expertId: {
          key: clash === 'applicant' ? 'rounds.review.error.applicantConflict' : 'rounds.review.error.partnerConflict',
          vars: { org: expert.orgName ?? '' },
        },
      })
    if (panelOf(tx, row.id).some((p) => p.expertId === expert.id))
      return invalid({ expertId: { key: 'expertReview.error.alreadyAssigned' } })
    // compare-and-set on the version checked: a panel changed meanwhile is a stale page
    const moved = tx
      .update(roundApplications)
      .set({ updatedAt: at.toISOString(), rowVersion: row.rowVersion + 1 })
      .where(and(eq(roundApplications.id, row.id), eq(roundApplications.rowVersion, row.rowVersion)))
      .returning({ version: roundApplications.rowVersion })
      .get()
    if (!moved) return staleRefusal({ entityType: APP, entityId: row.id, status: row.status }, tx)
    const review = tx
      .insert(applicationReviews)
      .values({
        applicationId: row.id,
        expertId: expert.id,
        assignedBy: by.id,
        assignedAt: at.toISOString(),
        createdAt: at.toISOString(),
        updatedAt: at.toISOString(),
      })
      .returning()
      .get()
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'assign_expert',
      entityType: REVIEW,
      entityId: review.id,
      after: { ...review, expertName: expert.name },
      at,
    })
    const applicantName = tx.select({ name: applicants.name }).from(applicants).where(eq(applicants.id, row.applicantId)).get()!.name
    notifyEvent(tx, {
      source: APP,
      sourceId: row.id,
      day: shanghaiDate(at),
      step: moved.version,
      labId: null,
      title: { key: 'roundNotice.review_assigned', params: { applicant: applicantName } },
      link: `/assignments/applications/${review.id}`,
      to: { userIds: [expert.id] },
      at,
    })
    return ok({ reviewId: review.id })
  }, immediate)
}

// ---- the expert's side ------------------------------------------------------------------

type ReviewOutcome = Result<{ reviewId: number; version: number }, Refusal>

/**
 * The expert's own assignment that it has not declined, and its application, still under review
 * and still listing the expert (checkStep 'score'): anything else does not exist for the expert.
 */
function ownReview(tx: Tx, { by, reviewId, version, at }: { by: ActingUser; reviewId: number; version: unknown; at: Date }) {
  if (by.role !== 'expert') return forbidden()
  const review = tx
    .select()
    .from(applicationReviews)
    .where(and(eq(applicationReviews.id, reviewId), eq(applicationReviews.expertId, by.id), ne(applicationReviews.status, 'conflict')))
    .get()
  if (!review) return notFound()
  const row = tx.select().from(roundApplications).where(eq(roundApplications.id, review.applicationId)).get()!
  const stale = checkVersion(review, seenVersion(version), { entityType: REVIEW, entityId: reviewId }, tx)
  if (stale) return stale
  if (review.status !== 'assigned') return conflict('expertReview.error.alreadyReviewed')
  const checked = checkStep({ role: 'expert', expertId: by.id }, reviewFacts(tx, row), 'score', at)
  if (!checked.ok) return checked.reason === 'not_allowed_for_role' ? notFound() : conflict(refusalMessage(checked.reason))
  return { review, row }
}

/** A review as its audit rows record it: without the bookkeeping columns. */
export const auditedReview = (r: ApplicationReview) => {
  const { rowVersion: _v, updatedAt: _u, createdAt: _c, ...rest } = r
  return rest
}

/** The expert declines for a conflict of interest (评审回避), with its reason; it loses the application at once. */
export function declareApplicationConflict({
  by,
  reviewId,
  reason,
  version,
  at = now(),
}: {
  by: ActingUser
  reviewId: number
  reason: unknown
  version: unknown
  at?: Date
}): ReviewOutcome {
  return db().transaction((tx): ReviewOutcome => {
    const own = ownReview(tx, { by, reviewId, version, at })
    if ('ok' in own) return own
    const text = typeof reason === 'string' ? reason.trim() : ''
    if (!text) return invalid({ conflictReason: { key: 'expertReview.error.noteRequired' } })
    if (text.length > CONFLICT_NOTE_MAX) return invalid({ conflictReason: { key: 'form.tooLong', vars: { max: CONFLICT_NOTE_MAX } } })
    return writeReview(tx, {
      by,
      own,
      set: { status: 'conflict', conflictReason: text },
      action: 'declare_conflict',
      at,
    })
  }, immediate)
}

/**
 * The expert's scores: every criterion of the round 0..100 in whole numbers (`scores` by
 * round_criteria id, as the renewal review reads them), a comment; the weighted total (renewals.ts
 * weightedTotal) stored once, with the weights of that moment. The review is final.
 */
export function submitApplicationReview({
  by,
  reviewId,
  scores,
  comment,
  version,
  at = now(),
}: {
  by: ActingUser
  reviewId: number
  scores: Readonly<Record<string, unknown>>
  comment: unknown
  version: unknown
  at?: Date
}): ReviewOutcome {
  return db().transaction((tx): ReviewOutcome => {
    const own = ownReview(tx, { by, reviewId, version, at })
    if ('ok' in own) return own
    // 评审回避 again at scoring: the expert's organisation may have changed since the assignment
    const organisation = expertOrganisation(tx, by.id)
    const clash = applicationExpertConflict(tx, own.row, organisation)
    if (clash)
      return conflict(clash === 'applicant' ? 'rounds.review.error.expertIsApplicant' : 'rounds.review.error.expertIsPartner', {
        org: organisation.orgName ?? '',
      })
    const criteria = criteriaOf(tx, own.row.roundId)
    const sum = activeWeightSum(criteria)
    if (sum !== WEIGHT_TOTAL) return conflict('expertReview.error.weightsNot100', { sum, total: WEIGHT_TOTAL })
    const read = readScores(criteria, scores)
    const errors: FieldErrors = read.ok ? {} : { ...read.errors }
    const text = typeof comment === 'string' ? comment.trim() : ''
    if (!text) errors.comment = { key: 'expertReview.error.opinionRequired' }
    else if (text.length > OPINION_MAX) errors.comment = { key: 'form.tooLong', vars: { max: OPINION_MAX } }
    if (!read.ok || Object.keys(errors).length) return invalid(errors)
    const totalScore = weightedTotal(read.scores)
    return writeReview(tx, {
      by,
      own,
      set: {
        status: 'submitted',
        scores: Object.fromEntries(read.scores.map((s) => [String(s.criterionId), s.score])),
        totalScore,
        comment: text,
        submittedAt: at.toISOString(),
      },
      action: 'review',
      at,
    })
  }, immediate)
}

/** The review written on the version checked, audited, and the bureau told; the application's version moves on. */
function writeReview(
  tx: Tx,
  {
    by,
    own,
    set,
    action,
    at,
  }: {
    by: ActingUser
    own: { review: ApplicationReview; row: RoundApplication }
    set: Partial<ApplicationReview>
    action: 'declare_conflict' | 'review'
    at: Date
  },
): ReviewOutcome {
  const { review, row } = own
  const after = tx
    .update(applicationReviews)
    .set({ ...set, updatedAt: at.toISOString(), rowVersion: review.rowVersion + 1 })
    .where(and(eq(applicationReviews.id, review.id), eq(applicationReviews.rowVersion, review.rowVersion)))
    .returning()
    .get()
  if (!after) return staleRefusal({ entityType: REVIEW, entityId: review.id, status: review.status }, tx)
  // the application's panel changed: its version moves on, so a bureau form loaded before is stale
  const touched = tx
    .update(roundApplications)
    .set({ updatedAt: at.toISOString(), rowVersion: nextVersion(roundApplications.rowVersion) })
    .where(eq(roundApplications.id, row.id))
    .returning({ version: roundApplications.rowVersion })
    .get()!
  recordAudit(tx, {
    actor: auditActorOf(by),
    action,
    entityType: REVIEW,
    entityId: review.id,
    before: auditedReview(review),
    after: auditedReview(after),
    at,
  })
  if (action === 'review') {
    const applicantName = tx.select({ name: applicants.name }).from(applicants).where(eq(applicants.id, row.applicantId)).get()!.name
    notifyEvent(tx, {
      source: APP,
      sourceId: row.id,
      day: shanghaiDate(at),
      step: touched.version,
      labId: null,
      title: { key: 'roundNotice.score', params: { applicant: applicantName, lab: row.labName } },
      link: `/rounds/${row.roundId}/review`,
      to: { bureau: true },
      at,
    })
  }
  return ok({ reviewId: review.id, version: after.rowVersion })
}

// ---- the shortlist ----------------------------------------------------------------------

/**
 * 四(三) 提出拟入选名单: the chosen applications of the round → shortlisted, every other one under
 * review → not_shortlisted, in one transaction. The steps table guards both with complete scores,
 * so one pending application (chosen or not) refuses the whole list: the bureau completes its
 * panel first. Taken on the round's version the page showed.
 */
export function takeShortlist({
  by,
  roundId,
  chosen,
  version,
  at = now(),
}: {
  by: ActingUser
  roundId: number
  chosen: readonly unknown[]
  version: unknown
  at?: Date
}): StepOutcome {
  return db().transaction((tx): StepOutcome => {
    const round = bureauRound(tx, by, roundId, version)
    if ('ok' in round) return round
    const rows = tx
      .select()
      .from(roundApplications)
      .where(and(eq(roundApplications.roundId, roundId), eq(roundApplications.status, 'under_review')))
      .orderBy(asc(roundApplications.id))
      .all()
    if (!rows.length) return conflict('rounds.review.error.nothingToReview')
    const ids = chosen.map(formId)
    if (!ids.length || ids.some((id) => id === null || !rows.some((r) => r.id === id)))
      return invalid({ chosen: { key: ids.length ? 'form.invalidChoice' : 'rounds.review.error.noneChosen' } })
    const plan = rows.map((row) => ({ row, step: (ids.includes(row.id) ? 'shortlist' : 'not_shortlist') as ApplicationStep }))
    for (const { row, step } of plan) {
      const checked = checkStep({ role: 'bureau' }, reviewFacts(tx, row), step, at)
      if (!checked.ok)
        return checked.reason === 'scores_incomplete'
          ? conflict(step === 'shortlist' ? 'rounds.review.error.chosenPending' : 'rounds.review.error.othersPending', {
              applicant: tx.select({ name: applicants.name }).from(applicants).where(eq(applicants.id, row.applicantId)).get()!.name,
            })
          : conflict(refusalMessage(checked.reason))
    }
    const changed = plan.map(
      ({ row, step }) => moveApplication(tx, { by, row, step, to: step === 'shortlist' ? 'shortlisted' : 'not_shortlisted', at }).id,
    )
    tx.update(certificationRounds).set({ updatedAt: at.toISOString() }).where(eq(certificationRounds.id, roundId)).run()
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'decide',
      entityType: 'certification_round',
      entityId: roundId,
      after: { shortlisted: ids, notShortlisted: changed.filter((id) => !ids.includes(id)) },
      at,
    })
    return ok({ changed })
  }, immediate)
}

// ---- the bureau's review page -----------------------------------------------------------

const ON_REVIEW_PAGE = ['recommended', 'under_review', 'shortlisted', 'not_shortlisted'] as const

/** What /rounds/:roundId/review shows the bureau: each application with its panel and score, the experts, the ranking. */
export function roundReviewPage({ by, roundId, at = now() }: { by: ActingUser; roundId: number; at?: Date }) {
  if (by.role !== 'bureau') return null
  const q = db()
  const round = q.select().from(certificationRounds).where(eq(certificationRounds.id, roundId)).get()
  if (!round) return null
  const rows = q
    .select({
      id: roundApplications.id,
      labName: roundApplications.labName,
      status: roundApplications.status,
      rowVersion: roundApplications.rowVersion,
      applicantName: applicants.name,
    })
    .from(roundApplications)
    .innerJoin(applicants, eq(applicants.id, roundApplications.applicantId))
    // round_applications_round_status_idx
    .where(and(eq(roundApplications.roundId, roundId), inArray(roundApplications.status, [...ON_REVIEW_PAGE])))
    .orderBy(asc(roundApplications.id))
    .all()
  const applications = rows.map((row) => {
    const panel = q
      .select({
        id: applicationReviews.id,
        expertName: users.displayName,
        status: applicationReviews.status,
        totalScore: applicationReviews.totalScore,
        conflictReason: applicationReviews.conflictReason,
        expertId: applicationReviews.expertId,
      })
      .from(applicationReviews)
      .innerJoin(users, eq(users.id, applicationReviews.expertId))
      .where(eq(applicationReviews.applicationId, row.id))
      .orderBy(asc(applicationReviews.id))
      .all()
    return { ...row, panel, score: applicationScore(panel) }
  })
  const experts = q
    .select({ id: users.id, name: users.displayName, organisationName: organisations.name })
    .from(users)
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(users.role, 'expert'), eq(users.active, true)))
    .orderBy(asc(users.displayName), asc(users.id))
    .all()
  const started = roundReviewStarted(q, roundId)
  return {
    round: { id: round.id, nameZh: round.nameZh, nameEn: round.nameEn, rowVersion: round.rowVersion },
    applications,
    experts,
    ranking: roundRanking({ by, roundId }),
    canStart: rows.some((r) => r.status === 'recommended') && isLate(at, round.recommendationsDueAt),
    started,
  }
}

// ---- the expert's pages -----------------------------------------------------------------

/** The expert's certification applications to review (not those it declined), for /assignments. */
export function myApplicationReviews(by: ActingUser) {
  if (by.role !== 'expert') return []
  return (
    db()
      .select({
        id: applicationReviews.id,
        status: applicationReviews.status,
        totalScore: applicationReviews.totalScore,
        assignedAt: applicationReviews.assignedAt,
        labName: roundApplications.labName,
        applicantName: applicants.name,
      })
      .from(applicationReviews)
      .innerJoin(roundApplications, eq(roundApplications.id, applicationReviews.applicationId))
      .innerJoin(applicants, eq(applicants.id, roundApplications.applicantId))
      // application_reviews_expert_idx
      .where(and(eq(applicationReviews.expertId, by.id), ne(applicationReviews.status, 'conflict')))
      .orderBy(asc(applicationReviews.status), asc(applicationReviews.id))
      .all()
  )
}

/** One review for its expert's page: null (404) unless it is the expert's own and not declined. */
export function applicationReviewForExpert({ by, reviewId }: { by: ActingUser; reviewId: number }) {
  if (by.role !== 'expert') return null
  const q = db()
  const review = q
    .select()
    .from(applicationReviews)
    .where(and(eq(applicationReviews.id, reviewId), eq(applicationReviews.expertId, by.id), ne(applicationReviews.status, 'conflict')))
    .get()
  if (!review) return null
  const application = q.select().from(roundApplications).where(eq(roundApplications.id, review.applicationId)).get()!
  const applicant = q.select({ name: applicants.name }).from(applicants).where(eq(applicants.id, application.applicantId)).get()!
  return {
    review,
    applicantName: applicant.name,
    application: {
      labName: application.labName,
      direction: application.direction,
      status: application.status,
      planTechnicalGoals: application.planTechnicalGoals,
      planIntellectualProperty: application.planIntellectualProperty,
      planFunding: application.planFunding,
      planApplicationScenarios: application.planApplicationScenarios,
    },
    criteria: criteriaOf(q, application.roundId),
  }
}
