import { and, eq } from 'drizzle-orm'
import { labs, renewals, validityPeriods } from '~db/schema'
import type { PublicNotice } from '~db/schema/public-notices'
import type { ObjectionDecision } from '~db/schema/enums'
import { today } from '~/utils/clock.server'
import type { Db } from '~/utils/db.server'
import type { AuditActor } from './audit.server'
import { notifyRenewalNotice } from './renewal-notices.server'
import { applyDecision, applyRecheck, isRecheckProposal, recordRenewalEvent, type RenewalProposal } from './renewals.server'
import { conflict, type Refusal, type Result } from './result.server'
import { staleRefusal } from './row-version.server'

// What 公示 does to a renewal (docs/decisions/025-public-notice.md): confirming the notice takes
// the decision announced exactly as deciding did before (applyDecision: the period's outcome, the
// next period, the plan, the decision's notices), or the re-check announced exactly as re-checking
// did (applyRecheck); a sustained objection sends the renewal back to its decidable (or
// re-checkable) state with the reason in its thread. The renewal's status never changed while in
// notice, so the pipeline and its tallies need nothing here.

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

function renewalOf(tx: Pick<Db, 'select'>, notice: PublicNotice) {
  const renewal = tx.select().from(renewals).where(eq(renewals.id, notice.subjectId)).get()
  if (!renewal) return null
  const period = tx.select().from(validityPeriods).where(eq(validityPeriods.id, renewal.periodId)).get()!
  const lab = tx
    .select({ id: labs.id, name: labs.name, districtCode: labs.districtCode })
    .from(labs)
    .where(eq(labs.id, renewal.labId))
    .get()!
  return { renewal, period, lab }
}

/** The confirm step's effect on the renewal, in the confirm's transaction. */
export function confirmRenewalNotice(
  tx: Tx,
  { notice, by, userId }: { notice: PublicNotice; by: AuditActor; userId: number | null },
): Result<object, Refusal> {
  const found = renewalOf(tx, notice)
  if (!found) return conflict('notice.error.subjectGone')
  const proposal = JSON.parse(notice.proposal) as RenewalProposal
  const { renewal, period, lab } = found
  const stale = () => staleRefusal({ entityType: 'renewal', entityId: renewal.id, status: renewal.status }, tx)
  // a re-check's renewal is still rectifying unless decided meanwhile by another way (a revocation for cause)
  if (isRecheckProposal(proposal)) {
    if (renewal.status !== 'rectifying') return stale()
    return applyRecheck({ by, userId, renewal, period, lab, decided: { recheck: 'renew', reasons: proposal.reasons }, day: today() })
  }
  // a renewal decided meanwhile by another way (a revocation for cause) is not renewed over it
  if (renewal.status === 'decided' || renewal.status === 'rectifying') return stale()
  return applyDecision({ by, userId, renewal, period, lab, decided: proposal, day: today() })
}

/** A decided objection: the renewal's thread and its people hear of it; sustained, the renewal is decidable again. */
export function renewalObjectionDecided(
  tx: Tx,
  {
    notice,
    objectionId,
    decision,
    reason,
    by,
    at,
  }: {
    notice: PublicNotice
    objectionId: number
    decision: Exclude<ObjectionDecision, 'pending'>
    reason: string
    by: AuditActor
    at: Date
  },
) {
  const found = renewalOf(tx, notice)
  if (!found) return
  const { renewal } = found
  if (decision === 'sustained') {
    // the version moves: a decision form shown while it was in notice is stale now
    tx.update(renewals)
      .set({ updatedAt: at.toISOString(), rowVersion: renewal.rowVersion + 1 })
      .where(and(eq(renewals.id, renewal.id), eq(renewals.rowVersion, renewal.rowVersion)))
      .run()
    recordRenewalEvent(tx, {
      renewal,
      action: 'notice_returned',
      fromStatus: renewal.status,
      toStatus: renewal.status,
      comment: reason,
      by,
      at,
    })
  }
  notifyRenewalNotice(tx, {
    sourceId: objectionId,
    step: 1,
    renewalId: renewal.id,
    labId: renewal.labId,
    key: decision === 'sustained' ? 'renewals.notice.objectionSustained' : 'renewals.notice.objectionDismissed',
    at,
  })
}
