import { and, asc, eq, max, sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import { alias, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core'
import { validityPeriods } from '~db/schema'
import type { ValidityPeriod } from '~db/schema/periods'
import { db, type Db } from '~/utils/db.server'
import { addDays, type IsoDate } from '~/domain/dates'
import { labPeriods, type LabPeriods } from '~/domain/validity'

/** The sequence number a lab's next period takes (1 for its first). Inside the writing transaction. */
export function nextPeriodSequence(q: Pick<Db, 'select'>, labId: number): number {
  return (
    (q
      .select({ n: max(validityPeriods.sequence) })
      .from(validityPeriods)
      .where(eq(validityPeriods.labId, labId))
      .get()?.n ?? 0) + 1
  )
}

/** One lab's periods read once and told apart by labPeriods (app/domain/validity.ts). */
export function labPeriodsOf(labId: number, day: IsoDate): LabPeriods<ValidityPeriod> & { all: ValidityPeriod[] } {
  const all = db().select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).orderBy(asc(validityPeriods.sequence)).all()
  return { ...labPeriods(all, day), all }
}

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

/**
 * Each lab's latest period as a join onto "labs" itself: the row of the (lab_id, sequence) unique
 * index whose sequence is the lab's highest. A page of the registry then reads the latest period
 * of its 50 labs by index, where latestPeriods() first groups every period of the city (issue 18).
 * The same rows as latestPeriods(): tests/models/labs.test.ts compares the two.
 */
export function latestPeriodOfLab() {
  const period = alias(validityPeriods, 'latest')
  const on = sql`${period.labId} = "labs"."id" AND ${period.sequence} = (SELECT max(vp.sequence) FROM validity_periods vp WHERE vp.lab_id = "labs"."id")`
  const latest: Latest = {
    periodId: period.id,
    startDate: period.startDate,
    endDate: period.endDate,
    outcome: period.outcome,
    certificateNo: period.certificateNo,
  }
  return { table: period, on, latest }
}

// The columns of a lab's latest period the status rule reads, from latestPeriods() or latestPeriodOfLab().
type Latest = Record<'periodId' | 'startDate' | 'endDate' | 'outcome' | 'certificateNo', SQLWrapper | AnySQLiteColumn>

// The SQL form of labPeriods()' inForce and certifiedOn (app/domain/validity.ts): per lab, the
// highest sequence among the periods begun by `day` (before any has begun, the first), and the
// first start. tests/models/lab-periods.test.ts holds the two to the same answer.
export function periodsInForce(day: IsoDate) {
  const pick = db()
    .select({
      labId: validityPeriods.labId,
      sequence:
        sql<number>`coalesce(max(CASE WHEN ${validityPeriods.startDate} <= ${day} THEN ${validityPeriods.sequence} END), min(${validityPeriods.sequence}))`.as(
          'in_force_sequence',
        ),
      certifiedOn: sql<string>`min(${validityPeriods.startDate})`.as('certified_on'),
    })
    .from(validityPeriods)
    .groupBy(validityPeriods.labId)
    .as('in_force_pick')
  return db()
    .select({
      labId: sql<number>`${pick.labId}`.as('in_force_lab_id'),
      periodId: sql<number>`${validityPeriods.id}`.as('in_force_period_id'),
      startDate: sql<string>`${validityPeriods.startDate}`.as('in_force_start'),
      endDate: sql<string>`${validityPeriods.endDate}`.as('in_force_end'),
      certifiedOn: pick.certifiedOn,
    })
    .from(pick)
    .innerJoin(validityPeriods, and(eq(validityPeriods.labId, pick.labId), eq(validityPeriods.sequence, pick.sequence)))
    .as('in_force')
}

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
