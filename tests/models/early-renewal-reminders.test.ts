import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { workCalendar } from '~/models/calendar.server'
import { ensureLedger } from '~/models/obligations.server'
import { planReminders } from '~/models/reminders.server'
import { ruleSettings } from '~/models/settings.server'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { validityPeriods } from '~db/schema'
import { makeLab, makeUser, setupTestDb } from '../helpers'
import { insertPeriod } from '~db/factories'

// Issue 13, bug 1. The renewal window opens 120 days before a period ends, so a lab is usually
// renewed while its period still runs: the next period is on record before it begins. Until it
// begins, the running period's year-2 deliverable and last annual report are still owed, and the
// lab must still be reminded of them (the compliance page warns about them all along).
const NOW = new Date('2027-04-20T00:30:00Z') // 08:30 in Suzhou

let db: Db
beforeEach(() => {
  setClock(NOW)
  db = setupTestDb()
})
afterEach(() => setClock(undefined))

const planned = () => planReminders({ db, now: NOW, settings: ruleSettings(), calendar: workCalendar() })

test('a lab renewed ahead of its end is still reminded of its running period’s year 2', async () => {
  // certified 2025-06-01, period ends 2027-05-31: year 2's deliverable is due 2027-05-31
  const lab = makeLab(db, { startDate: '2025-06-01' })
  await makeUser(db, { role: 'lab', labId: lab.id })
  ensureLedger()
  const before = planned()
  const owed = (plan: ReturnType<typeof planned>) =>
    plan.due
      .filter((d) => d.obligation.labId === lab.id && (d.obligation.source === 'deliverable' || d.obligation.source === 'annual_report'))
      .map((d) => `${d.obligation.source} ${d.obligation.dueDate}`)
      .sort()
  expect(owed(before)).toContain('deliverable 2027-05-31')

  // the bureau renews it on 2027-04-10: the next period begins the day after the old one ends
  db.update(validityPeriods).set({ outcome: 'renewed', outcomeDate: '2027-04-10' }).where(eq(validityPeriods.labId, lab.id)).run()
  insertPeriod(db, { labId: lab.id, sequence: 2, startDate: '2027-06-01', endDate: '2029-05-31', certificateNo: 'T-next' })
  ensureLedger()

  expect(owed(planned())).toEqual(owed(before))
})
