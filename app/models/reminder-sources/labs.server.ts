import { asc } from 'drizzle-orm'
import { labs, validityPeriods } from '../../../db/schema'
import { isTracked } from '../../domain/compliance/engine'
import type { IsoDate } from '../../domain/dates'
import { labStatus } from '../../domain/validity'
import type { RuleSettings } from '../../domain/settings'
import type { Db } from '../../utils/db.server'
import type { LabInForce } from './source'

// Labs held to the rules today (the compliance engine's isTracked: in force, expiring, expired
// awaiting the bureau's decision, or renewed): only their obligations are reminded of.
export function labsInForce({ db, today, settings }: { db: Db; today: IsoDate; settings: RuleSettings }): Map<number, LabInForce> {
  const names = new Map(
    db
      .select({ id: labs.id, name: labs.name, districtCode: labs.districtCode })
      .from(labs)
      .all()
      .map((l) => [l.id, l]),
  )
  const periods = db
    .select({
      id: validityPeriods.id,
      labId: validityPeriods.labId,
      startDate: validityPeriods.startDate,
      endDate: validityPeriods.endDate,
      outcome: validityPeriods.outcome,
    })
    .from(validityPeriods)
    .orderBy(asc(validityPeriods.labId), asc(validityPeriods.sequence))
    .all()
  const out = new Map<number, LabInForce>()
  for (const p of periods) {
    const lab = names.get(p.labId)
    if (!lab) continue
    const certifiedOn = out.get(p.labId)?.certifiedOn ?? p.startDate
    // ordered by sequence, so the last one written is the latest period
    out.set(p.labId, { ...lab, periodId: p.id, startDate: p.startDate, endDate: p.endDate, outcome: p.outcome, certifiedOn })
  }
  for (const [id, lab] of out) {
    const status = labStatus({ latest: lab, today, windowDays: settings.expiryWindowDays })
    if (!isTracked(status)) out.delete(id)
  }
  return out
}
