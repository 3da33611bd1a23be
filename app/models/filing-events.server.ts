import { and, asc, eq } from 'drizzle-orm'
import { filingEvents } from '~db/schema'
import type { DistrictOpinion, FilingAction, FilingKind, FilingStatus } from '~db/schema/enums'
import type { FilingEvent } from '~db/schema/filings'
import type { Db } from '~/utils/db.server'
import { db } from '~/utils/db.server'
import type { AuditActor } from './audit.server'

// The review thread of a filing (deliverable or annual report): every step with its comment.
// Written in the same transaction as the status change it records; returns the row, whose id
// keys the step's notices (app/models/filing-notices.server.ts).
export function recordFilingEvent(
  tx: Pick<Db, 'insert'>,
  event: {
    kind: FilingKind
    filingId: number
    labId: number
    action: FilingAction
    fromStatus: FilingStatus | null
    toStatus: FilingStatus
    comment?: string
    grade?: string | null
    districtOpinion?: DistrictOpinion | null
    actor: AuditActor
    at: Date
  },
): FilingEvent {
  return tx
    .insert(filingEvents)
    .values({
      filingKind: event.kind,
      filingId: event.filingId,
      labId: event.labId,
      action: event.action,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      comment: event.comment ?? '',
      grade: event.grade ?? null,
      districtOpinion: event.districtOpinion ?? null,
      actorUserId: event.actor.id,
      actorName: event.actor.displayName,
      at: event.at.toISOString(),
    })
    .returning()
    .get()
}

/** Oldest first, as a conversation reads. Callers have checked the actor may see the lab. */
export function filingThread(kind: FilingKind, filingId: number) {
  return db()
    .select()
    .from(filingEvents)
    .where(and(eq(filingEvents.filingKind, kind), eq(filingEvents.filingId, filingId)))
    .orderBy(asc(filingEvents.at), asc(filingEvents.id))
    .all()
}
