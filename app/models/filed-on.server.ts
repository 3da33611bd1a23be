import { and, eq, min } from 'drizzle-orm'
import { filingEvents, obligations } from '~db/schema'
import type { FilingKind, FilingStatus } from '~db/schema/enums'
import { shanghaiDate, type IsoDate } from '~/domain/dates'
import type { YearPlacement } from '~/domain/deliverables'
import { isFiled } from '~/domain/filing-workflow'
import { daysFiledLate } from '~/domain/status-language'
import { db } from '~/utils/db.server'
import { inIds } from './in-ids.server'
import { ensureLedger } from './ledger.server'

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

/**
 * 逾期提交 for deliverables: the days each was first filed after its validity year's deliverable
 * was due (the ledger's due date, an extension included), or null when on time, not filed, or
 * outside every year. A revision counts from its first version's filing: revising an accepted
 * deliverable after the year does not make it late.
 */
export function deliverablesFiledLate(
  labId: number,
  rows: readonly { id: number; rootId: number | null; status: FilingStatus; submittedAt: string | null; placement: YearPlacement }[],
): Map<number, number | null> {
  ensureLedger() // a period entered around the models gets its due dates first
  const due = new Map(
    db()
      .select({ periodId: obligations.periodId, validityYear: obligations.validityYear, dueDate: obligations.dueDate })
      .from(obligations)
      // obligations_lab_idx
      .where(and(eq(obligations.labId, labId), eq(obligations.kind, 'deliverable')))
      .all()
      .map((o) => [`${o.periodId}:${o.validityYear}`, o.dueDate]),
  )
  const rootOf = (r: { id: number; rootId: number | null }) => r.rootId ?? r.id
  const filedOn = firstFiledOn(
    'deliverable',
    rows.map((r) => ({ id: rootOf(r), status: r.status, submittedAt: r.submittedAt })),
  )
  return new Map(
    rows.map((r) => [
      r.id,
      r.placement.ok
        ? daysFiledLate({
            dueDate: due.get(`${r.placement.periodId}:${r.placement.validityYear}`) ?? null,
            filedOn: filedOn.get(rootOf(r)) ?? null,
          })
        : null,
    ]),
  )
}
