import { and, eq, min } from 'drizzle-orm'
import { filingEvents } from '~db/schema'
import type { FilingKind, FilingStatus } from '~db/schema/enums'
import { shanghaiDate, type IsoDate } from '~/domain/dates'
import { isFiled } from '~/domain/filing-workflow'
import { db } from '~/utils/db.server'
import { inIds } from './in-ids.server'

/**
 * The Asia/Shanghai day each filing was first submitted (docs/status-language.md, "done late"):
 * the thread's first 'submit'; its submitted_at when the thread has none (rows filed before the
 * thread existed, the demo seed). A resubmission after a return moves submitted_at but not this.
 * Drafts (never filed) have no day. Callers have checked the actor may see the lab.
 */
export function firstFiledOn(
  kind: FilingKind,
  rows: readonly { id: number; status: FilingStatus; submittedAt: string | null }[],
): Map<number, IsoDate> {
  const filed = rows.filter((r) => isFiled(r.status))
  const out = new Map<number, IsoDate>()
  if (filed.length === 0) return out
  const firsts = db()
    .select({ filingId: filingEvents.filingId, at: min(filingEvents.at) })
    .from(filingEvents)
    // filing_events_filing_idx
    .where(
      and(
        eq(filingEvents.filingKind, kind),
        eq(filingEvents.action, 'submit'),
        inIds(
          filingEvents.filingId,
          filed.map((r) => r.id),
        ),
      ),
    )
    .groupBy(filingEvents.filingId)
    .all()
  const first = new Map(firsts.map((f) => [f.filingId, f.at]))
  for (const r of filed) {
    const at = first.get(r.id) ?? r.submittedAt
    if (at) out.set(r.id, shanghaiDate(new Date(at)))
  }
  return out
}
