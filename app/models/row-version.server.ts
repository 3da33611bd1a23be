import { and, desc, eq, sql, type SQL } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import { auditLog } from '~db/schema'
import type { MessageKey } from '~/i18n'
import { db, type Db } from '~/utils/db.server'
import { conflict, invalid, type Conflict, type Invalid } from './result.server'
import type { StaleState } from './stale-state'

// Stale decisions (issue 14, docs/decisions/010-stale-decisions.md). Every reviewed row carries
// `row_version` (db/schema/columns.ts), one up with each change. A form posts the version its
// page showed; the model refuses a decision taken on an older one with 409 and what the row is
// now, and writes with a compare-and-set (`WHERE row_version = seen`) inside its transaction, so
// of two reviewers who saw the same version exactly one wins.

/** The version a form posted: a whole number, undefined when it sent none, NaN when it sent nonsense. */
export function seenVersion(raw: unknown): number | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined
  const n = typeof raw === 'number' ? raw : /^\d{1,9}$/.test(String(raw).trim()) ? Number(String(raw).trim()) : NaN
  return n
}

/** The next version, for the `set` of a write that bumps it itself (so `returning()` shows it). */
export const nextVersion = (column: SQLiteColumn): SQL<number> => sql<number>`${column} + 1`

type Reader = Pick<Db, 'select'>

/** What the row is now, for the page that lost: its status and the latest audited change. */
export function staleState(
  q: Reader,
  { entityType, entityId, status }: { entityType: string; entityId: string | number; status: string | null },
): StaleState {
  const last = q
    .select({ by: auditLog.actorName, at: auditLog.at })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, String(entityId))))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(1)
    .get()
  return { status, by: last?.by ?? null, at: last?.at ?? null }
}

export type StaleRefusal = Conflict & { stale: StaleState }

/** 409: someone else changed the row first; `key` says so in the kind's words, `stale` says what it is now. */
export function staleRefusal(
  {
    entityType,
    entityId,
    status,
    key = 'stale.changed',
  }: { entityType: string; entityId: string | number; status: string | null; key?: MessageKey },
  q: Reader = db(),
): StaleRefusal {
  return { ...conflict(key), stale: staleState(q, { entityType, entityId, status }) }
}

/**
 * Whether the decision was taken on the version the row has now: null when it was, 400 when the
 * form posted none (an old page, a hand-made request) or one that is not a number, else the 409
 * with the current state. The version is required: without it accept-then-return from an old
 * page would go through.
 */
export function checkVersion(
  row: { rowVersion: number; status?: string | null },
  seen: number | undefined,
  { entityType, entityId }: { entityType: string; entityId: string | number },
  q: Reader = db(),
): Invalid | StaleRefusal | null {
  if (seen === undefined || !Number.isInteger(seen)) return invalid({ _form: { key: 'stale.badVersion' } })
  if (seen === row.rowVersion) return null
  return staleRefusal({ entityType, entityId, status: row.status ?? null }, q)
}
