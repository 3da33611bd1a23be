import { and, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { workCalendar } from '~/models/calendar.server'
import { labChecksOf } from '~/models/compliance.server'
import { ensureLedger } from '~/models/obligations.server'
import { planReminders } from '~/models/reminders.server'
import { ruleSettings } from '~/models/settings.server'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { auditLog, obligations, validityPeriods } from '~db/schema'
import { makeLab, makeUser, setupTestDb } from '../helpers'

// A lab certified for one year only (2025-06-01 to 2026-05-31, flagged on the lab page as not
// two years): it has a year 1 and no year 2. Today is 2026-05-20, eleven days before the end.
const NOW = new Date('2026-05-20T00:30:00Z')

let db: Db
let labId: number

beforeEach(async () => {
  setClock(NOW)
  db = setupTestDb()
  labId = makeLab(db, { startDate: '2025-06-01', endDate: '2026-05-31', teamSize: 15 }).id
  await makeUser(db, { role: 'lab', labId })
})
afterEach(() => setClock(undefined))

const ledger = () =>
  db
    .select({
      validityYear: obligations.validityYear,
      kind: obligations.kind,
      yearStart: obligations.yearStart,
      yearEnd: obligations.yearEnd,
      dueDate: obligations.dueDate,
    })
    .from(obligations)
    .where(eq(obligations.labId, labId))
    .orderBy(obligations.validityYear, obligations.kind)
    .all()

describe('a period shorter than two years', () => {
  test('gets year-1 obligations only, and no year-2 reminder or check', () => {
    ensureLedger()
    expect(ledger()).toEqual([
      { validityYear: 1, kind: 'annual_report', yearStart: '2025-06-01', yearEnd: '2026-05-31', dueDate: '2026-06-30' },
      { validityYear: 1, kind: 'deliverable', yearStart: '2025-06-01', yearEnd: '2026-05-31', dueDate: '2026-05-31' },
    ])
    const plan = planReminders({ db, now: NOW, settings: ruleSettings(), calendar: workCalendar() })
    const ledgerReminders = plan.due.filter(
      (d) => d.obligation.labId === labId && (d.obligation.source === 'deliverable' || d.obligation.source === 'annual_report'),
    )
    expect(ledgerReminders.length).toBeGreaterThan(0)
    expect(ledgerReminders.filter((d) => d.obligation.title.params.year !== 1)).toEqual([])
    expect(labChecksOf({ labId, today: '2026-05-20' }).filter((c) => c.subject === 'y2')).toEqual([])
  })

  test('a year 2 stored before the rule, starting after its period ends, is dropped and the drop audited', () => {
    const period = db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).get()!
    // what the ledger used to plan: a year 2 from 2026-06-01 to 2026-05-31
    const impossible = { labId, periodId: period.id, validityYear: 2, yearStart: '2026-06-01', yearEnd: '2026-05-31' }
    db.insert(obligations)
      .values([
        { ...impossible, kind: 'deliverable', dueDate: '2026-05-31', originalDueDate: '2026-05-31' },
        { ...impossible, kind: 'annual_report', dueDate: '2026-06-30', originalDueDate: '2026-06-30' },
      ])
      .run()
    ensureLedger()
    expect(ledger().map((r) => r.validityYear)).toEqual([1, 1])
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'obligation'), eq(auditLog.action, 'delete')))
      .all()
    expect(audit).toHaveLength(2)
    expect(audit[0]).toMatchObject({
      labId,
      actorUserId: null,
      before: expect.objectContaining({ validityYear: 2, yearStart: '2026-06-01' }),
    })
  })
})
