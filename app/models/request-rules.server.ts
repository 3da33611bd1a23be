import { eq } from 'drizzle-orm'
import { requestTypeRules, users } from '~db/schema'
import { RESOURCE_TYPES, type ResourceType } from '~db/schema/enums'
import { resolveTypeRules, type TypeRule, type TypeRules } from '~/domain/resource-requests'
import { db } from '~/utils/db.server'
import { recordAudit, type AuditActor } from './audit.server'
import { ok, type Invalid, type Result } from './result.server'
import { checkVersion, nextVersion, seenVersion, type StaleRefusal } from './row-version.server'

// The bureau's per-type service rules over their defaults: the decision deadline in working
// days and whether the lab's district is asked first. A change applies to requests submitted
// after it; a request keeps the deadline it was given.
export function typeRules(): TypeRules {
  return resolveTypeRules(db().select().from(requestTypeRules).all())
}

/** Each type's rule with who changed it last, for the rules page. */
export function typeRuleRows() {
  const stored = db()
    .select({
      type: requestTypeRules.type,
      rowVersion: requestTypeRules.rowVersion,
      updatedAt: requestTypeRules.updatedAt,
      updatedBy: users.displayName,
    })
    .from(requestTypeRules)
    .leftJoin(users, eq(users.id, requestTypeRules.updatedBy))
    .all()
  const rules = typeRules()
  return RESOURCE_TYPES.map((type) => {
    const row = stored.find((s) => s.type === type)
    // rowVersion 0 while the default stands: the version the type's form posts back
    return { type, ...rules[type], updatedAt: row?.updatedAt ?? null, updatedBy: row?.updatedBy ?? null, rowVersion: row?.rowVersion ?? 0 }
  })
}

/**
 * `changed` is false when nothing changed (no audit row then). Callers have checked the bounds.
 * `version` is the type's row version the form showed (0: the default); if someone saved the type
 * since, nothing is written (409 with who and when).
 */
export function updateTypeRule({
  type,
  rule,
  actor,
  at,
  version,
}: {
  type: ResourceType
  rule: TypeRule
  actor: AuditActor & { id: number }
  at: Date
  version: unknown
}): Result<{ changed: boolean }, Invalid | StaleRefusal> {
  return db().transaction((tx) => {
    const stored = tx.select().from(requestTypeRules).all()
    const row = { rowVersion: stored.find((r) => r.type === type)?.rowVersion ?? 0, status: null }
    const moved = checkVersion(row, seenVersion(version), { entityType: 'request_type_rule', entityId: type }, tx)
    if (moved) return moved
    const before = resolveTypeRules(stored)[type]
    if (before.decisionDays === rule.decisionDays && before.districtOpinion === rule.districtOpinion) return ok({ changed: false })
    const values = { ...rule, updatedAt: at.toISOString(), updatedBy: actor.id }
    tx.insert(requestTypeRules)
      .values({ type, ...values })
      .onConflictDoUpdate({ target: requestTypeRules.type, set: { ...values, rowVersion: nextVersion(requestTypeRules.rowVersion) } })
      .run()
    recordAudit(tx, { actor, action: 'update', entityType: 'request_type_rule', entityId: type, before, after: rule, at })
    return ok({ changed: true })
  })
}
