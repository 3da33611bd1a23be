import { and, gt, inArray, isNotNull, lte, max, or, sql } from 'drizzle-orm'
import { complianceStale } from '~db/schema'
import { db, type Db } from '~/utils/db.server'

// Which labs' stored compliance results (lab_checks) are behind their facts (issue 13). Writers
// mark inside their own transaction, so a mark commits or rolls back with the change it stands
// for; ensureComplianceFresh (compliance.server.ts) re-evaluates what is marked and clears it.
// recordAudit marks the lab of every audited change, so a writer that audits cannot forget;
// facts that reach across labs mark every lab explicitly. Imports only the schema and the
// connection, so compliance.server.ts, obligations.server.ts and audit.server.ts can all use it.

type Writer = Pick<Db, 'insert'>

/** These labs' facts changed. Call inside the write's transaction. */
export function markLabsStale(tx: Writer, labIds: readonly number[]) {
  const distinct = [...new Set(labIds)]
  if (distinct.length)
    tx.insert(complianceStale)
      .values(distinct.map((labId) => ({ labId })))
      .run()
}

/** A fact that reaches across labs changed (an organisation, a host, joint counts, a rule). */
export function markAllLabsStale(tx: Writer) {
  tx.insert(complianceStale).values({ labId: null }).run()
}

export type StaleMarks = { all: boolean; labIds: number[]; lastId: number }

/** What is marked now; `lastId` bounds what a refresh that starts now may clear. */
export function staleMarks(q: Pick<Db, 'select'> = db()): StaleMarks {
  const rows = q
    .select({ labId: complianceStale.labId, lastId: max(complianceStale.id) })
    .from(complianceStale)
    .groupBy(complianceStale.labId)
    .all()
  return {
    all: rows.some((r) => r.labId === null),
    labIds: rows.flatMap((r) => (r.labId === null ? [] : [r.labId])),
    lastId: Math.max(0, ...rows.map((r) => r.lastId ?? 0)),
  }
}

/** The newest mark's id (0 when none): taken before a refresh reads the facts. */
export function lastStaleMarkId(q: Pick<Db, 'select'> = db()): number {
  return (
    q
      .select({ id: max(complianceStale.id) })
      .from(complianceStale)
      .get()?.id ?? 0
  )
}

/**
 * Clears, inside the refresh's own transaction, the marks a refresh has answered: those up to
 * `seenThrough` (taken before it read the facts) for the labs it evaluated (`labIds`, or every lab
 * when null), and those its own writes added after `ownFrom` (a status change it audits). A mark
 * another process added while the facts were being read stays for the next reader.
 */
export function clearStaleMarks(
  tx: Pick<Db, 'delete'>,
  { seenThrough, ownFrom, labIds }: { seenThrough: number; ownFrom: number; labIds: readonly number[] | null },
) {
  const seen = lte(complianceStale.id, seenThrough)
  const answered = labIds === null ? seen : and(seen, isNotNull(complianceStale.labId), inArray(complianceStale.labId, [...labIds]))
  tx.delete(complianceStale)
    .where(or(answered, gt(complianceStale.id, ownFrom)) ?? sql`0`)
    .run()
}
