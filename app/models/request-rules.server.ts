import { eq } from 'drizzle-orm'
import { requestTypeRules, users } from '~db/schema'
import { RESOURCE_TYPES, type ResourceType } from '~db/schema/enums'
import { resolveTypeRules, type TypeRule, type TypeRules } from '~/domain/resource-requests'
import { db } from '~/utils/db.server'
import { recordAudit, type AuditActor } from './audit.server'

// The bureau's per-type service rules over their defaults: the decision deadline in working
// days and whether the lab's district is asked first. A change applies to requests submitted
// after it; a request keeps the deadline it was given.
export function typeRules(): TypeRules {
  return resolveTypeRules(db().select().from(requestTypeRules).all())
}

/** Each type's rule with who changed it last, for the rules page. */
export function typeRuleRows() {
  const stored = db()
    .select({ type: requestTypeRules.type, updatedAt: requestTypeRules.updatedAt, updatedBy: users.displayName })
    .from(requestTypeRules)
    .leftJoin(users, eq(users.id, requestTypeRules.updatedBy))
    .all()
  const rules = typeRules()
  return RESOURCE_TYPES.map((type) => {
    const row = stored.find((s) => s.type === type)
    return { type, ...rules[type], updatedAt: row?.updatedAt ?? null, updatedBy: row?.updatedBy ?? null }
  })
}

/** Returns false when nothing changed (no audit row then). Callers have checked the bounds. */
export function updateTypeRule({
  type,
  rule,
  actor,
  at,
}: {
  type: ResourceType
  rule: TypeRule
  actor: AuditActor & { id: number }
  at: Date
}): boolean {
  return db().transaction((tx) => {
    const before = resolveTypeRules(tx.select().from(requestTypeRules).all())[type]
    if (before.decisionDays === rule.decisionDays && before.districtOpinion === rule.districtOpinion) return false
    const values = { ...rule, updatedAt: at.toISOString(), updatedBy: actor.id }
    tx.insert(requestTypeRules)
      .values({ type, ...values })
      .onConflictDoUpdate({ target: requestTypeRules.type, set: values })
      .run()
    recordAudit(tx, { actor, action: 'update', entityType: 'request_type_rule', entityId: type, before, after: rule, at })
    return true
  })
}
