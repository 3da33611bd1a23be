import { and, desc, eq, inArray, notInArray } from 'drizzle-orm'
import { shanghaiDate } from '~/domain/dates'
import type { EventDelivery } from '~/models/event-notices.server'
import { notifyRenewalDecision, notifyRenewalSubmitted, notifyReviewAssigned, notifyReviewSubmitted } from '~/models/renewal-notices.server'
import { db } from '~/utils/db.server'
import { mailOutbox, renewalEvents, renewals, reviewAssignments } from './schema'

// How far back the demo's decisions are told: the seeded renewals decided in the last weeks.
const WINDOW_DAYS = 60

/**
 * The renewal notices the demo accounts would have received (issue 15), told by the functions the
 * renewal pages use, from the seeded renewals: the bureau and the districts hear of applications
 * still open, the demo expert of its assignments, the bureau of the review that is in, and each
 * recent decision's lab, district and the bureau of it. The mail went out at the time (the demo's
 * outbox keeps only what is still to send). Returns how many inbox notices it wrote.
 */
export function seedRenewalNotices({ now }: { now: Date }): number {
  const since = new Date(now.getTime() - WINDOW_DAYS * 86_400_000).toISOString()
  return db().transaction((tx) => {
    let sent = 0
    const mailed = (at: string, delivery: EventDelivery) => {
      sent += delivery.sent
      if (delivery.outboxIds.length)
        tx.update(mailOutbox)
          .set({ status: 'sent', sentAt: at, nextAttemptAt: null })
          .where(and(inArray(mailOutbox.id, delivery.outboxIds), eq(mailOutbox.channel, 'email')))
          .run()
    }
    const open = tx
      .select()
      .from(renewals)
      .where(notInArray(renewals.status, ['draft', 'decided']))
      .all()
    for (const renewal of open) {
      const submitted = tx
        .select()
        .from(renewalEvents)
        .where(and(eq(renewalEvents.renewalId, renewal.id), eq(renewalEvents.action, 'submit')))
        .orderBy(desc(renewalEvents.at))
        .get()
      if (submitted)
        mailed(
          submitted.at,
          notifyRenewalSubmitted(tx, { renewalId: renewal.id, labId: renewal.labId, eventId: submitted.id, at: new Date(submitted.at) }),
        )
    }
    const assignments = tx
      .select({ assignment: reviewAssignments, labId: renewals.labId })
      .from(reviewAssignments)
      .innerJoin(renewals, eq(renewals.id, reviewAssignments.renewalId))
      .all()
    for (const { assignment: a, labId } of assignments) {
      const base = { assignmentId: a.id, renewalId: a.renewalId, labId }
      mailed(a.assignedAt, notifyReviewAssigned(tx, { ...base, expertId: a.expertId, at: new Date(a.assignedAt) }))
      if (a.status === 'submitted' && a.submittedAt)
        mailed(a.submittedAt, notifyReviewSubmitted(tx, { ...base, totalScore: a.totalScore, at: new Date(a.submittedAt) }))
    }
    const decided = tx
      .select({ renewal: renewals, event: renewalEvents })
      .from(renewals)
      .innerJoin(renewalEvents, and(eq(renewalEvents.renewalId, renewals.id), eq(renewalEvents.action, 'decide')))
      .all()
      .filter(({ event }) => event.at >= since)
    for (const { renewal, event } of decided) {
      if (!renewal.decision) continue
      const at = new Date(event.at)
      mailed(
        event.at,
        notifyRenewalDecision(tx, {
          renewalId: renewal.id,
          labId: renewal.labId,
          key: `renewals.notice.${renewal.decision}`,
          step: 0,
          day: renewal.decidedOn ?? shanghaiDate(at),
          at,
        }),
      )
    }
    return sent
  })
}
