import { eq } from 'drizzle-orm'
import { labs } from '~db/schema'
import type { IsoDate } from '~/domain/dates'
import { db } from '~/utils/db.server'
import { labChecksOf } from './compliance.server'
import { violationsOfLab } from './eligibility.server'

/**
 * What a decision on a lab is taken beside (issue 19, item 5): the lab's failing and warning
 * checks as the lab page lists them (worst first), and its eligibility record, the lab's own
 * violations and its host's. The bureau's own rows (a request it has not decided in time) are
 * not the lab's standing and are left out. Not scoped: callers reach the lab through the
 * renewal or filing they already found for this user.
 */
export function decisionFactsOf({ labId, today }: { labId: number; today: IsoDate }) {
  const lab = db().select({ hostOrgId: labs.hostOrgId }).from(labs).where(eq(labs.id, labId)).get()
  if (!lab) return null
  const all = labChecksOf({ labId, today })
  const checks = all.filter((c) => c.result !== 'ok' && c.owner === 'lab')
  const violations = violationsOfLab({ labId, hostOrgId: lab.hostOrgId, today })
  return {
    labId,
    checks,
    evaluatedOn: all[0]?.evaluatedOn ?? null,
    failing: checks.filter((c) => c.result === 'failing').length,
    warning: checks.filter((c) => c.result === 'warning').length,
    counting: violations.filter((v) => v.counting).length,
    violations,
  }
}

export type DecisionFacts = NonNullable<ReturnType<typeof decisionFactsOf>>
