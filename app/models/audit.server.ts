import { and, count, desc, eq, getTableColumns, gte, lt, sql, type SQL } from 'drizzle-orm'
import { auditLog, labs } from '~db/schema'
import type { AuditAction, AuditEntityType } from '~/domain/audit-vocabulary'
import type { Db } from '~/utils/db.server'
import { db } from '~/utils/db.server'
import { markLabsStale } from './compliance-freshness.server'
import { containsPattern } from './like.server'

// A transaction handle or the database itself: audit rows are written inside the caller's
// transaction so the change and its record commit together.
type Writer = Pick<Db, 'insert'>

export type AuditActor = { id: number | null; displayName: string; ip?: string }

export function recordAudit(
  tx: Writer,
  entry: {
    actor: AuditActor
    action: AuditAction
    entityType: AuditEntityType
    entityId?: string | number
    labId?: number | null
    before?: unknown
    after?: unknown
    at?: Date
  },
) {
  tx.insert(auditLog)
    .values({
      at: (entry.at ?? new Date()).toISOString(),
      actorUserId: entry.actor.id,
      actorName: entry.actor.displayName,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId === undefined ? '' : String(entry.entityId),
      labId: entry.labId ?? null,
      before: entry.before ?? null,
      after: entry.after ?? null,
      ip: entry.actor.ip ?? '',
    })
    .run()
  // Every change that matters for compliance is audited with its lab (conventions, Data), so the
  // audit row is where the lab is marked for re-evaluation: in the same transaction, and no
  // writer has to remember it. A change that is not a compliance fact costs one lab's refresh.
  if (entry.labId != null) markLabsStale(tx, [entry.labId])
}

export const SYSTEM_ACTOR: AuditActor = { id: null, displayName: 'system' }

/** Who acted, as stored; '' for the system (the seed, jobs, the command line), which pages name in the reader's language. */
export function actorNameOf(row: { actorUserId: number | null; actorName: string }) {
  return row.actorUserId === null && row.actorName === SYSTEM_ACTOR.displayName ? '' : row.actorName
}

export type AuditFilter = {
  entityType?: string
  entityId?: string
  action?: string
  actor?: string // part of the actor's name
  labId?: number
  // UTC instants (ISO strings); from is inclusive, to is exclusive. Pages that filter by
  // Asia/Shanghai days convert with shanghaiDayRange.
  fromInstant?: string
  toInstant?: string
  page: number
  pageSize: number
}

// 'at' is stored as Date#toISOString(), so any instant is normalised to that form before the
// text comparison.
function isoInstant(s: string) {
  return new Date(s).toISOString()
}

export function listAudit(filter: AuditFilter) {
  const conditions: SQL[] = []
  if (filter.entityType) conditions.push(eq(auditLog.entityType, filter.entityType))
  if (filter.entityId) conditions.push(eq(auditLog.entityId, filter.entityId))
  if (filter.action) conditions.push(eq(auditLog.action, filter.action))
  if (filter.labId) conditions.push(eq(auditLog.labId, filter.labId))
  const actor = filter.actor?.trim()
  if (actor) conditions.push(sql`${auditLog.actorName} LIKE ${containsPattern(actor)} ESCAPE '\\'`)
  if (filter.fromInstant) conditions.push(gte(auditLog.at, isoInstant(filter.fromInstant)))
  if (filter.toInstant) conditions.push(lt(auditLog.at, isoInstant(filter.toInstant)))
  const where = conditions.length ? and(...conditions) : undefined
  const total = db().select({ n: count() }).from(auditLog).where(where).get()?.n ?? 0
  const rows = db()
    .select({ ...getTableColumns(auditLog), labName: labs.name })
    .from(auditLog)
    // the lab by its name (the log keeps only its id)
    .leftJoin(labs, eq(labs.id, auditLog.labId))
    .where(where)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .all()
  return { rows, total }
}

export type AuditChange = { key: string; before: string; after: string }

function shown(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—'
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return text.length > 200 ? `${text.slice(0, 199)}…` : text
}

// The keys whose value differs between before and after (a create lists every key of after),
// for the audit view's compact diff.
export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  const asRecord = (v: unknown): Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : v === null || v === undefined
        ? {}
        : { value: v }
  const b = asRecord(before)
  const a = asRecord(after)
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])]
  return keys
    .filter((key) => JSON.stringify(b[key] ?? null) !== JSON.stringify(a[key] ?? null))
    .map((key) => ({ key, before: shown(b[key]), after: shown(a[key]) }))
}

export function distinctAuditValues() {
  const entityTypes = db()
    .selectDistinct({ v: auditLog.entityType })
    .from(auditLog)
    .all()
    .map((r) => r.v)
  const actions = db()
    .selectDistinct({ v: auditLog.action })
    .from(auditLog)
    .all()
    .map((r) => r.v)
  return { entityTypes: entityTypes.sort(), actions: actions.sort() }
}
