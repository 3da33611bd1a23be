import { and, eq, inArray, type SQL } from 'drizzle-orm'
import { labs } from '~db/schema'
import { TRACKED_STATUSES } from '~/domain/compliance/engine'
import type { IsoDate } from '~/domain/dates'
import type { RuleSettings } from '~/domain/settings'
import type { Db } from '~/utils/db.server'
import { latestPeriods, periodsInForce, statusSql } from '~/models/lab-status.server'
import type { LabInForce } from './source'
import { inIds } from '~/models/in-ids.server'

// Labs held to the rules today (the compliance engine's isTracked, in its SQL form: in force,
// expiring, expired awaiting the bureau's decision, or renewed): only their obligations are
// reminded of. Each with its latest period and the period in force (labPeriods in
// app/domain/validity.ts, in its SQL form), which differ once a lab is renewed ahead of its end.
// `labIds`: only these labs (one lab's page lists its own obligations); `scope`: a condition on
// `labs` (labScope: a user's calendar feed holds the labs their pages show)
export function labsInForce({
  db,
  today,
  settings,
  labIds,
  scope,
}: {
  db: Db
  today: IsoDate
  settings: RuleSettings
  labIds?: readonly number[]
  scope?: SQL
}): Map<number, LabInForce> {
  const latest = latestPeriods()
  const inForce = periodsInForce(today)
  const rows = db
    .select({
      id: labs.id,
      name: labs.name,
      districtCode: labs.districtCode,
      latestPeriodId: latest.periodId,
      startDate: latest.startDate,
      endDate: latest.endDate,
      outcome: latest.outcome,
      inForcePeriodId: inForce.periodId,
      certifiedOn: inForce.certifiedOn,
    })
    .from(labs)
    .innerJoin(latest, eq(latest.labId, labs.id))
    .innerJoin(inForce, eq(inForce.labId, labs.id))
    .where(
      and(
        inArray(statusSql(latest, today, settings.expiryWindowDays), [...TRACKED_STATUSES]),
        labIds ? inIds(labs.id, labIds) : undefined,
        scope,
      ),
    )
    .all()
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        name: r.name,
        districtCode: r.districtCode,
        latest: {
          periodId: r.latestPeriodId,
          startDate: r.startDate,
          endDate: r.endDate,
          outcome: r.outcome as LabInForce['latest']['outcome'],
        },
        inForcePeriodId: r.inForcePeriodId,
        certifiedOn: r.certifiedOn,
      },
    ]),
  )
}
