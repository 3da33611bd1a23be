import { and, eq, gte, inArray } from 'drizzle-orm'
import { obligationExtensions, obligations, resourceRequests } from '~db/schema'
import { countReachesYear, type WorkCalendar } from '~/domain/calendar'
import { addDays, type IsoDate } from '~/domain/dates'
import { dueDateFrom } from '~/domain/obligations'
import { AWAITING_DECISION, decisionDeadline } from '~/domain/resource-requests'
import type { Db } from '~/utils/db.server'
import { recordAudit, type AuditActor } from './audit.server'

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

/**
 * When the bureau confirms a year's calendar (issue 13), every stored due date that was a
 * Monday-to-Friday estimate because its count reached into that year is counted again on the
 * calendar now in force, in the confirming transaction, each change audited:
 * - obligation ledger rows, from their stored basis, unless the bureau extended the row (its
 *   date is then the bureau's own, not a count);
 * - the decision deadline of requests still awaiting a decision, from their submission day and
 *   stored number of days. A decided request keeps its deadline with the facts recorded at the
 *   decision (working days, in time), which are never rewritten.
 * A date still reaching into another unconfirmed year stays marked as an estimate. Reminders
 * read the stored dates, so they follow. Returns the labs whose dates changed.
 */
export function recomputeEstimates(
  tx: Tx,
  { year, calendar, actor, at }: { year: number; calendar: WorkCalendar; actor: AuditActor; at: Date },
): number[] {
  const labIds = new Set<number>()
  const from = `${year}-01-01`

  const rows = tx
    .select()
    .from(obligations)
    .where(and(eq(obligations.dueDateEstimated, true), gte(obligations.dueDate, from)))
    .all()
    .filter((r) => r.dueBasis !== null && countReachesYear({ from: r.dueBasis, to: r.dueDate, year }))
  const extended = new Set(
    rows.length
      ? tx
          .select({ id: obligationExtensions.obligationId })
          .from(obligationExtensions)
          .where(
            inArray(
              obligationExtensions.obligationId,
              rows.map((r) => r.id),
            ),
          )
          .all()
          .map((e) => e.id)
      : [],
  )
  for (const row of rows) {
    if (extended.has(row.id)) continue
    const due = dueDateFrom(calendar, row.kind, row.dueBasis as IsoDate)
    if (due.date === row.dueDate && due.estimated === row.dueDateEstimated) continue
    const set = { dueDate: due.date, originalDueDate: due.date, dueDateEstimated: due.estimated }
    tx.update(obligations).set(set).where(eq(obligations.id, row.id)).run()
    recordAudit(tx, {
      actor,
      action: 'recompute',
      entityType: 'obligation',
      entityId: row.id,
      labId: row.labId,
      before: { dueDate: row.dueDate, originalDueDate: row.originalDueDate, dueDateEstimated: row.dueDateEstimated },
      after: { ...set, calendarYear: year },
      at,
    })
    labIds.add(row.labId)
  }

  const requests = tx
    .select()
    .from(resourceRequests)
    .where(
      and(
        eq(resourceRequests.deadlineEstimated, true),
        inArray(resourceRequests.status, AWAITING_DECISION),
        gte(resourceRequests.deadline, from),
      ),
    )
    .all()
  for (const request of requests) {
    const { submittedOn, decisionDays, deadline } = request
    if (!submittedOn || !decisionDays || !deadline) continue
    // the day of submission is not counted (decisionDeadline)
    if (!countReachesYear({ from: addDays(submittedOn, 1), to: deadline, year })) continue
    const due = decisionDeadline(calendar, submittedOn, decisionDays)
    if (due.deadline === deadline && due.estimated === request.deadlineEstimated) continue
    const set = { deadline: due.deadline, deadlineEstimated: due.estimated }
    tx.update(resourceRequests)
      .set({ ...set, updatedAt: at.toISOString() })
      .where(eq(resourceRequests.id, request.id))
      .run()
    recordAudit(tx, {
      actor,
      action: 'recompute',
      entityType: 'resource_request',
      entityId: request.id,
      labId: request.labId,
      before: { deadline, deadlineEstimated: request.deadlineEstimated },
      after: { ...set, calendarYear: year },
      at,
    })
    labIds.add(request.labId)
  }
  return [...labIds]
}
