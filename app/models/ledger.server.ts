import { eq, isNull } from 'drizzle-orm'
import { obligations, validityPeriods } from '../../db/schema'
import { plannedObligations } from '../domain/obligations'
import { db, type Db } from '../utils/db.server'
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
  const missing = (tx ?? db())
    .select({ id: validityPeriods.id, labId: validityPeriods.labId, startDate: validityPeriods.startDate, endDate: validityPeriods.endDate })
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
    for (let i = 0; i < rows.length; i += 200) w.insert(obligations).values(rows.slice(i, i + 200)).onConflictDoNothing().run()
  }
  if (tx) write(tx)
  else db().transaction(write)
  return rows.length
}
