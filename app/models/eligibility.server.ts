import { and, desc, eq, or } from 'drizzle-orm'
import { labs, users, violations } from '~db/schema'
import type { ViolationCategory } from '~db/schema/enums'
import { ELIGIBILITY_LOOKBACK_YEARS } from '~/domain/compliance/eligibility-check'
import { anniversary, type IsoDate } from '~/domain/dates'
import { db } from '~/utils/db.server'
import { recordAudit, type AuditActor } from './audit.server'
import { markAllLabsStale } from './compliance-freshness.server'

export type ViolationInput = {
  subject: 'lab' | 'host'
  category: ViolationCategory
  occurredOn: IsoDate
  source: string
  description: string
}

/** The lab's own violations and its host's, newest first, with the day each stops counting. */
export function violationsOfLab({ labId, hostOrgId, today }: { labId: number; hostOrgId: number; today: IsoDate }) {
  return db()
    .select({
      id: violations.id,
      labId: violations.labId,
      orgId: violations.orgId,
      category: violations.category,
      occurredOn: violations.occurredOn,
      source: violations.source,
      description: violations.description,
      createdAt: violations.createdAt,
      createdBy: users.displayName,
    })
    .from(violations)
    .leftJoin(users, eq(users.id, violations.createdBy))
    .where(or(eq(violations.labId, labId), eq(violations.orgId, hostOrgId)))
    .orderBy(desc(violations.occurredOn), desc(violations.id))
    .all()
    .map((v) => {
      const clearsOn = anniversary(v.occurredOn, ELIGIBILITY_LOOKBACK_YEARS)
      return {
        ...v,
        subject: v.labId === labId ? ('lab' as const) : ('host' as const),
        clearsOn,
        counting: v.occurredOn <= today && clearsOn > today,
      }
    })
}

export function addViolation({ labId, input, actor }: { labId: number; input: ViolationInput; actor: AuditActor & { id: number } }) {
  return db().transaction((tx) => {
    const lab = tx.select({ hostOrgId: labs.hostOrgId }).from(labs).where(eq(labs.id, labId)).get()
    if (!lab) return null
    const { subject, ...fields } = input
    const created = tx
      .insert(violations)
      .values({ ...fields, labId: subject === 'lab' ? labId : null, orgId: subject === 'host' ? lab.hostOrgId : null, createdBy: actor.id })
      .returning()
      .get()
    recordAudit(tx, { actor, action: 'create', entityType: 'violation', entityId: created.id, labId, after: created })
    markAllLabsStale(tx) // a host's violation concerns every lab it hosts
    return created
  })
}

/** Removes a violation recorded against this lab or its host; false when it is not one of them. */
export function removeViolation({ labId, violationId, actor }: { labId: number; violationId: number; actor: AuditActor }) {
  return db().transaction((tx) => {
    const lab = tx.select({ hostOrgId: labs.hostOrgId }).from(labs).where(eq(labs.id, labId)).get()
    if (!lab) return false
    const before = tx
      .select()
      .from(violations)
      .where(and(eq(violations.id, violationId), or(eq(violations.labId, labId), eq(violations.orgId, lab.hostOrgId))))
      .get()
    if (!before) return false
    tx.delete(violations).where(eq(violations.id, violationId)).run()
    recordAudit(tx, { actor, action: 'delete', entityType: 'violation', entityId: violationId, labId, before })
    markAllLabsStale(tx)
    return true
  })
}
