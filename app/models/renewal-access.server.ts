import { and, eq, ne } from 'drizzle-orm'
import { labs, renewals, reviewAssignments, validityPeriods } from '~db/schema'
import type { Renewal, ReviewAssignment } from '~db/schema/renewals'
import type { ValidityPeriod } from '~db/schema/periods'
import type { Actor } from '~/domain/permissions'
import { canSeeRenewal } from '~/domain/renewals'
import { db } from '~/utils/db.server'
import { labScope } from './scope.server'

export type RenewalLab = { id: number; name: string; districtCode: string; direction: number; hostOrgId: number }

export type FoundRenewal = {
  lab: RenewalLab
  renewal: Renewal
  period: ValidityPeriod
  // the actor's own assignment, when the actor is an expert assigned to this renewal
  assignment: ReviewAssignment | null
}

const labColumns = { id: labs.id, name: labs.name, districtCode: labs.districtCode, direction: labs.direction, hostOrgId: labs.hostOrgId }

/**
 * A renewal addressed through its lab's URL, or null when the actor may not see it: the one
 * access rule for every renewal page, the dossier, its print view and export. Experts are out
 * of every lab's scope (labScope); they reach a renewal only through an assignment to it that
 * they have not declined for a conflict of interest.
 */
export function findRenewal(actor: Actor, labId: number, renewalId: number): FoundRenewal | null {
  const renewal = db().select().from(renewals).where(eq(renewals.id, renewalId)).get()
  if (!renewal || renewal.labId !== labId) return null
  const assignment =
    actor.role === 'expert'
      ? (db()
          .select()
          .from(reviewAssignments)
          .where(
            and(
              eq(reviewAssignments.renewalId, renewalId),
              eq(reviewAssignments.expertId, actor.id),
              ne(reviewAssignments.status, 'conflict'),
            ),
          )
          .get() ?? null)
      : null
  const lab = db()
    .select(labColumns)
    .from(labs)
    .where(and(eq(labs.id, labId), actor.role === 'expert' ? undefined : labScope(actor)))
    .get()
  if (!lab || !canSeeRenewal(actor, { status: renewal.status, lab }, { assigned: assignment !== null })) return null
  const period = db().select().from(validityPeriods).where(eq(validityPeriods.id, renewal.periodId)).get()!
  return { lab, renewal, period, assignment }
}
