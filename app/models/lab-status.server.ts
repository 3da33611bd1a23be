import { max, sql, type SQL } from 'drizzle-orm'
import { validityPeriods } from '../../db/schema'
import { db } from '../utils/db.server'
import { addDays, type IsoDate } from '../domain/dates'

// Each lab's latest validity period (highest sequence): the one its status is read from.
export function latestPeriods() {
  const maxSeq = db()
    .select({ labId: validityPeriods.labId, sequence: max(validityPeriods.sequence).as('max_sequence') })
    .from(validityPeriods)
    .groupBy(validityPeriods.labId)
    .as('max_seq')
  return db()
    .select({
      labId: validityPeriods.labId,
      periodId: sql<number>`${validityPeriods.id}`.as('latest_period_id'),
      startDate: sql<string>`${validityPeriods.startDate}`.as('latest_start'),
      endDate: sql<string>`${validityPeriods.endDate}`.as('latest_end'),
      outcome: sql<string | null>`${validityPeriods.outcome}`.as('latest_outcome'),
      certificateNo: sql<string>`${validityPeriods.certificateNo}`.as('latest_certificate'),
    })
    .from(validityPeriods)
    .innerJoin(maxSeq, sql`${maxSeq.labId} = ${validityPeriods.labId} AND ${maxSeq.sequence} = ${validityPeriods.sequence}`)
    .as('latest')
}

type Latest = ReturnType<typeof latestPeriods>

// The SQL form of labStatus() in app/domain/validity.ts, branch for branch in the same order,
// so the registry can filter and sort by status in the database. tests/models/labs.test.ts
// checks the two agree on every edge.
export function statusSql(latest: Latest, today: IsoDate, windowDays: number): SQL<string> {
  const windowEnd = addDays(today, windowDays)
  return sql<string>`CASE
    WHEN ${latest.periodId} IS NULL THEN 'uncertified'
    WHEN ${latest.outcome} = 'revoked' THEN 'revoked'
    WHEN ${latest.outcome} = 'renewed' OR ${latest.startDate} > ${today} THEN 'renewed'
    WHEN ${latest.endDate} < ${today} THEN CASE WHEN ${latest.outcome} = 'not_renewed' THEN 'not_renewed' ELSE 'expired' END
    WHEN ${latest.endDate} <= ${windowEnd} THEN 'expiring'
    ELSE 'active' END`
}


// Labs whose latest period ends between two dates (inclusive) with no decision yet: the
// dashboard's expiries per month and the registry's `expires` filter use this one condition.
export function undecidedEndingBetween(latest: Latest, from: string, to: string): SQL {
  return sql`(${latest.outcome} IS NULL AND ${latest.endDate} BETWEEN ${from} AND ${to})`
}
