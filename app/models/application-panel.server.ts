import { and, eq } from 'drizzle-orm'
import { applicants, applicationReviews, roundApplications } from '~db/schema'
import { refusalMessage } from '~/domain/certification/application-steps'
import { shanghaiDate } from '~/domain/dates'
import { now } from '~/utils/clock.server'
import { formId } from '~/utils/params'
import { db } from '~/utils/db.server'
import { auditedReview, bureauApplication } from './application-review.server'
import { recordAudit } from './audit.server'
import { notifyEvent } from './event-notices.server'
import { auditActorOf, conflict, invalid, ok, type ActingUser, type Refusal, type Result } from './result.server'
import { staleRefusal } from './row-version.server'

// The bureau takes an expert off a certification application (issue 21 item 5), as
// review-panel.server.ts does for renewals: only while the expert has not scored (a score is the
// record of the review) and not once it declared a conflict (that stays on record, as 回避). The
// ranking and the scores_complete guard read the panel as it is, so they follow by themselves.

const APP = 'round_application' as const

/** Takes the expert of review `reviewId` off the application, on the application's version the page showed; the expert is told. */
export function unassignApplicationExpert({
  by,
  applicationId,
  reviewId,
  version,
  at = now(),
}: {
  by: ActingUser
  applicationId: number
  reviewId: unknown
  version: unknown
  at?: Date
}): Result<{ reviewId: number }, Refusal> {
  return db().transaction(
    (tx): Result<{ reviewId: number }, Refusal> => {
      const row = bureauApplication(tx, by, applicationId, version)
      if ('ok' in row) return row
      if (row.status !== 'under_review') return conflict(refusalMessage('wrong_status'))
      const id = formId(reviewId)
      const review =
        id === null
          ? undefined
          : tx
              .select()
              .from(applicationReviews)
              .where(and(eq(applicationReviews.id, id), eq(applicationReviews.applicationId, row.id)))
              .get()
      if (!review) return invalid({ reviewId: { key: 'rounds.review.error.notOnPanel' } })
      if (review.status !== 'assigned')
        return conflict(review.status === 'submitted' ? 'rounds.review.error.alreadyScored' : 'expertReview.error.conflictKept')
      // compare-and-set on the version checked: the panel changed moves the application on
      const moved = tx
        .update(roundApplications)
        .set({ updatedAt: at.toISOString(), rowVersion: row.rowVersion + 1 })
        .where(and(eq(roundApplications.id, row.id), eq(roundApplications.rowVersion, row.rowVersion)))
        .returning({ version: roundApplications.rowVersion })
        .get()
      if (!moved) return staleRefusal({ entityType: APP, entityId: row.id, status: row.status }, tx)
      tx.delete(applicationReviews).where(eq(applicationReviews.id, review.id)).run()
      recordAudit(tx, {
        actor: auditActorOf(by),
        action: 'unassign_expert',
        entityType: 'application_review',
        entityId: review.id,
        before: auditedReview(review),
        after: null,
        at,
      })
      const applicantName = tx.select({ name: applicants.name }).from(applicants).where(eq(applicants.id, row.applicantId)).get()!.name
      notifyEvent(tx, {
        source: APP,
        sourceId: row.id,
        day: shanghaiDate(at),
        // the version this change wrote: no other event of the application shares it
        step: moved.version,
        labId: null,
        title: { key: 'roundNotice.review_unassigned', params: { applicant: applicantName } },
        link: '/assignments',
        to: { userIds: [review.expertId] },
        at,
      })
      return ok({ reviewId: review.id })
    },
    { behavior: 'immediate' },
  )
}
