import { and, count, desc, eq, gte, like, lte, or, type SQL } from 'drizzle-orm'
import { auditLog } from '../../db/schema'
import type { Db } from '../utils/db.server'
import { db } from '../utils/db.server'

// A transaction handle or the database itself: audit rows are written inside the caller's
// transaction so the change and its record commit together.
type Writer = Pick<Db, 'insert'>

export type AuditActor = { id: number | null; displayName: string; ip?: string }

export function recordAudit(
  tx: Writer,
  entry: {
    actor: AuditActor
    action: string
    entityType: string
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
}

export const SYSTEM_ACTOR: AuditActor = { id: null, displayName: 'system' }

export type AuditFilter = {
  entityType?: string
  action?: string
  actor?: string
  labId?: number
  from?: string // YYYY-MM-DD, UTC instants compared by prefix
  to?: string
  page: number
  pageSize: number
}

export function listAudit(filter: AuditFilter) {
  const conditions: SQL[] = []
  if (filter.entityType) conditions.push(eq(auditLog.entityType, filter.entityType))
  if (filter.action) conditions.push(eq(auditLog.action, filter.action))
  if (filter.labId) conditions.push(eq(auditLog.labId, filter.labId))
  if (filter.actor) conditions.push(or(like(auditLog.actorName, `%${filter.actor}%`))!)
  if (filter.from) conditions.push(gte(auditLog.at, filter.from))
  if (filter.to) conditions.push(lte(auditLog.at, `${filter.to}T23:59:59.999Z`))
  const where = conditions.length ? and(...conditions) : undefined
  const total = db().select({ n: count() }).from(auditLog).where(where).get()?.n ?? 0
  const rows = db()
    .select()
    .from(auditLog)
    .where(where)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .all()
  return { rows, total }
}

export function distinctAuditValues() {
  const entityTypes = db().selectDistinct({ v: auditLog.entityType }).from(auditLog).all().map((r) => r.v)
  const actions = db().selectDistinct({ v: auditLog.action }).from(auditLog).all().map((r) => r.v)
  return { entityTypes: entityTypes.sort(), actions: actions.sort() }
}
