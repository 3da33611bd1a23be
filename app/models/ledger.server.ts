import { eq, gt, isNull } from 'drizzle-orm'
import { obligations, validityPeriods } from '~db/schema'
import { plannedObligations } from '~/domain/obligations'
import { now } from '~/utils/clock.server'
import { db, type Db } from '~/utils/db.server'
import { recordAudit, SYSTEM_ACTOR } from './audit.server'
import { workCalendar } from './calendar.server'
import { ruleSettings } from './settings.server'

/**
 * Creates the ledger rows of every period that has none yet (a new lab, a renewal, periods
 * from before the ledger existed). Rows already there are never recomputed: their due dates
 * were given to the lab and change only by extension. Returns the number of rows added.
 * A writer that creates a period passes its transaction, so the period and its ledger commit
 * together; readers call it without one for periods entered around the models (seed, tests).
 */
export function ensureLedger(tx?: Pick<Db, 'select' | 'insert'>): number {
  if (!tx) dropImpossibleYearsOnce()
  const missing = (tx ?? db())
    .select({
      id: validityPeriods.id,
      labId: validityPeriods.labId,
      startDate: validityPeriods.startDate,
      endDate: validityPeriods.endDate,
    })
    .from(validityPeriods)
    .leftJoin(obligations, eq(obligations.periodId, validityPeriods.id))
    .where(isNull(obligations.id))
    .all()
  if (missing.length === 0) return 0
  const { reportDueDaysAfterYearEnd } = ruleSettings()
  const calendar = workCalendar()
  const rows = missing.flatMap((p) =>
    plannedObligations({ period: p, reportDueDays: reportDueDaysAfterYearEnd, calendar }).map((o) => ({
      labId: p.labId,
      periodId: p.id,
      ...o,
      originalDueDate: o.dueDate,
    })),
  )
  const write = (w: Pick<Db, 'insert'>) => {
    for (let i = 0; i < rows.length; i += 200)
      w.insert(obligations)
        .values(rows.slice(i, i + 200))
        .onConflictDoNothing()
        .run()
  }
  if (tx) write(tx)
  else db().transaction(write)
  return rows.length
}

/**
 * Rows planned before validityYears knew that a period of a year or less has no year 2: such a
 * year started after its period ended, so its deliverable and report could never be met and its
 * reminders never stopped. They are dropped, each with its audit row; the period's real years
 * stay. Rows created since never qualify, so after the first run this finds nothing.
 */
// The clean-up below is for rows written before the rule; no row written since qualifies, so
// each database connection looks once (ensureLedger runs on every compliance refresh, and the
// search scans the whole ledger). Writers' transactions leave it to the next reader.
const cleaned = new WeakSet<object>()

function dropImpossibleYearsOnce() {
  const conn = db()
  if (cleaned.has(conn)) return
  const impossible = impossibleYears(conn)
  if (impossible.length) conn.transaction((w) => dropYears(w, impossible))
  cleaned.add(conn)
}

function impossibleYears(r: Pick<Db, 'select'>) {
  return r
    .select({ obligation: obligations })
    .from(obligations)
    .innerJoin(validityPeriods, eq(validityPeriods.id, obligations.periodId))
    .where(gt(obligations.yearStart, validityPeriods.endDate))
    .all()
}

function dropYears(w: Pick<Db, 'insert' | 'delete'>, impossible: ReturnType<typeof impossibleYears>) {
  const at = now()
  for (const { obligation } of impossible) {
    w.delete(obligations).where(eq(obligations.id, obligation.id)).run()
    recordAudit(w, {
      actor: SYSTEM_ACTOR,
      action: 'delete',
      entityType: 'obligation',
      entityId: obligation.id,
      labId: obligation.labId,
      before: obligation,
      at,
    })
  }
}
