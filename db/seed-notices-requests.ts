import { and, asc, eq, inArray, isNull } from 'drizzle-orm'
import { inboxItems, labs, mailOutbox, notices, requestEvents, resourceRequests, users } from './schema'
import { REQUEST_STEPS, isRequestStep } from '~/domain/request-workflow'
import { notifyRequestStep } from '~/models/request-notices.server'
import { db } from '~/utils/db.server'

// How far back the demo's request notices go: the story's requests (db/seed-requests.ts: lab's
// delivered request of two months ago and the one awaiting the bureau, lab2's returned one).
const WINDOW_DAYS = 90

// The side that takes a step in the demo's threads: the first REQUEST_STEPS allows (the demo's
// closings are the labs' own confirmations).
const ACTOR = { own_lab: 'lab', lab_district: 'district', bureau: 'bureau' } as const

/**
 * The resource-request notices the demo accounts would have received (issue 15): every step of
 * the demo labs' requests in the last 90 days, told by the same function the request page uses,
 * from the seeded threads. A notice whose request has moved on since was read by then (the
 * recipient saw the next step), and its mail went out at the time; what still awaits someone
 * stays unread: lab2's returned request with the bureau's reason, lab's delivery to confirm, the
 * bureau's request to accept. Returns how many inbox notices it wrote.
 */
export function seedRequestNotices({ now }: { now: Date }): number {
  const since = new Date(now.getTime() - WINDOW_DAYS * 86_400_000).toISOString()
  return db().transaction((tx) => {
    const demoLabs = tx
      .select({ id: labs.id, name: labs.name, districtCode: labs.districtCode })
      .from(labs)
      .innerJoin(users, eq(users.labId, labs.id))
      .where(and(eq(users.role, 'lab'), inArray(users.username, ['lab', 'lab2'])))
      .all()
    let sent = 0
    for (const lab of demoLabs) {
      const requests = tx.select().from(resourceRequests).where(eq(resourceRequests.labId, lab.id)).all()
      for (const request of requests) {
        const steps = tx
          .select()
          .from(requestEvents)
          .where(eq(requestEvents.requestId, request.id))
          .orderBy(asc(requestEvents.at), asc(requestEvents.id))
          .all()
          .filter((e) => isRequestStep(e.action))
        steps.forEach((event, i) => {
          if (event.at < since || !isRequestStep(event.action)) return
          const actor = ACTOR[REQUEST_STEPS[event.action].by[0]]
          sent += notifyRequestStep(tx, { event, request, lab, actor }).sent
          const told = tx
            .select({ id: notices.id, outboxId: notices.outboxId })
            .from(notices)
            .where(and(eq(notices.source, 'request'), eq(notices.sourceId, event.id)))
            .all()
          const mails = told.flatMap((n) => (n.outboxId === null ? [] : [n.outboxId]))
          if (mails.length)
            tx.update(mailOutbox)
              .set({ status: 'sent', sentAt: event.at, nextAttemptAt: null })
              .where(and(inArray(mailOutbox.id, mails), eq(mailOutbox.status, 'queued')))
              .run()
          const next = steps[i + 1]
          if (next && told.length)
            tx.update(inboxItems)
              .set({ readAt: next.at })
              .where(
                and(
                  inArray(
                    inboxItems.noticeId,
                    told.map((n) => n.id),
                  ),
                  isNull(inboxItems.readAt),
                ),
              )
              .run()
        })
      }
    }
    return sent
  })
}
