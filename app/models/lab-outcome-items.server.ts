import { eq } from 'drizzle-orm'
import { outcomes } from '~db/schema'
import { placeInValidityYear } from '~/domain/deliverables'
import type { Actor } from '~/domain/permissions'
import { db } from '~/utils/db.server'
import { periodsOf } from './filing-steps.server'
import { scopedOutcomeFilter } from './outcome-dashboard.server'
import type { OutcomeFilter, RegisterRow } from './outcome-dashboard-params'
import { listRegister } from './outcome-register.server'

// One lab's items of the outcome register (/outcomes/register filtered to the lab), for the read
// API (issue 20): the register's rows, filters and order (newest first), each with the validity
// period and year it counts for. A lab has a few dozen (the scale data: 12 a period), so whole.

export type LabOutcomeFilter = Omit<OutcomeFilter, 'labId' | 'districtCode' | 'direction'>

export type LabOutcomeItem = RegisterRow & { periodId: number | null; periodSequence: number | null; validityYear: number | null }

/** Null when the lab is outside the actor's scope (404), as the register's lab filter refuses it. */
export function listLabOutcomeItems({
  actor,
  labId,
  filter,
}: {
  actor: Actor
  labId: number
  filter: LabOutcomeFilter
}): LabOutcomeItem[] | null {
  const scoped = scopedOutcomeFilter(actor, { ...filter, labId })
  if (!scoped) return null
  const { rows } = listRegister({ actor, filter: scoped.filter, pageSize: null })
  const periods = periodsOf(labId)
  const sequenceOf = new Map(periods.map((p) => [p.id, p.sequence]))
  // an outcome keeps the year its date fell in when recorded (outcomes_lab_idx); an accepted
  // deliverable counts for the year its completion falls in, as its own page places it
  const recorded = new Map(
    db()
      .select({ id: outcomes.id, periodId: outcomes.periodId, validityYear: outcomes.validityYear })
      .from(outcomes)
      .where(eq(outcomes.labId, labId))
      .all()
      .map((o) => [o.id, o]),
  )
  return rows.map((r) => {
    if (r.source === 'outcome') {
      const o = recorded.get(r.id)
      return {
        ...r,
        periodId: o?.periodId ?? null,
        periodSequence: o ? (sequenceOf.get(o.periodId) ?? null) : null,
        validityYear: o?.validityYear ?? null,
      }
    }
    const placed = placeInValidityYear(periods, r.date)
    return placed.ok
      ? { ...r, periodId: placed.periodId, periodSequence: placed.sequence, validityYear: placed.validityYear }
      : { ...r, periodId: null, periodSequence: null, validityYear: null }
  })
}
