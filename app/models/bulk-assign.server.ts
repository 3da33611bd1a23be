import { and, asc, eq } from 'drizzle-orm'
import { labs, organisations, renewals, users } from '~db/schema'
import type { MessageKey } from '~/i18n'
import { db } from '~/utils/db.server'
import { inIds } from './in-ids.server'
import { assignExpert } from './review-panel.server'
import type { ActingUser } from './result.server'

// Bulk actions on /renewals (issue 19 item 9): the bureau puts one expert on several renewals.
// Each renewal goes through assignExpert, the single assignment's own function, so every check
// is the same (评审回避 conflicts, already assigned, decided renewals refused, the bureau only),
// each with its audit row, renewal event and notice; each renewal is its own transaction, so one
// refused renewal does not undo the others, and the answer says which were refused and why.

export const BULK_MAX = 100

export type BulkAssignOutcome = {
  assigned: { renewalId: number; labName: string }[]
  refused: { renewalId: number; labName: string; reason: MessageKey; vars?: Record<string, string | number> }[]
}

export type BulkAssignResult =
  | ({ ok: true } & BulkAssignOutcome)
  | { ok: false; error: 'forbidden' }
  | { ok: false; error: 'invalid'; errors: Record<string, { key: MessageKey; vars?: Record<string, string | number> }> }

export function assignExpertToRenewals({
  by,
  renewalIds,
  expertId,
}: {
  by: ActingUser
  renewalIds: readonly number[]
  expertId: unknown
}): BulkAssignResult {
  if (by.role !== 'bureau') return { ok: false, error: 'forbidden' }
  const ids = [...new Set(renewalIds)]
  if (ids.length === 0) return { ok: false, error: 'invalid', errors: { renewalIds: { key: 'bulkAssign.error.none' } } }
  if (ids.length > BULK_MAX)
    return { ok: false, error: 'invalid', errors: { renewalIds: { key: 'bulkAssign.error.tooMany', vars: { max: BULK_MAX } } } }
  const found = db()
    .select({ id: renewals.id, labId: renewals.labId, rowVersion: renewals.rowVersion, labName: labs.name })
    .from(renewals)
    .innerJoin(labs, eq(labs.id, renewals.labId))
    .where(inIds(renewals.id, ids))
    .all()
  const byId = new Map(found.map((r) => [r.id, r]))
  const outcome: BulkAssignOutcome = { assigned: [], refused: [] }
  for (const renewalId of ids) {
    const r = byId.get(renewalId)
    if (!r) {
      outcome.refused.push({ renewalId, labName: '', reason: 'bulkAssign.error.notFound' })
      continue
    }
    // the version read just now: the bulk form shows no panel whose change it could miss
    const result = assignExpert({ by, labId: r.labId, renewalId, expertId, version: r.rowVersion })
    if (result.ok) outcome.assigned.push({ renewalId, labName: r.labName })
    else {
      const first = 'errors' in result ? Object.values(result.errors)[0] : undefined
      outcome.refused.push({
        renewalId,
        labName: r.labName,
        reason: first?.key ?? 'bulkAssign.error.notFound',
        ...(first?.vars ? { vars: first.vars } : {}),
      })
    }
  }
  return { ok: true, ...outcome }
}

/** The active experts the bureau may choose from, by name (conflicts are checked per renewal). */
export function activeExperts() {
  return db()
    .select({ id: users.id, displayName: users.displayName, orgName: organisations.name })
    .from(users)
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(users.role, 'expert'), eq(users.active, true)))
    .orderBy(asc(users.displayName), asc(users.id))
    .all()
}
