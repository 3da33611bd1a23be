import { and, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { workCalendar } from '~/models/calendar.server'
import { ensureLedger, extendObligation } from '~/models/obligations.server'
import { planReminders } from '~/models/reminders.server'
import { ruleSettings } from '~/models/settings.server'
import { action } from '~/routes/calendar'
import type { Db } from '~db/client.server'
import { auditLog, obligations, resourceRequests } from '~db/schema'
import { CHIEF, formRequest, makeLab, makeUser, outcome, setupTestDb, signIn, TEST_CONTEXT } from '../helpers'
import { pinClock } from '../clock'
import { makeRequest } from '../request-service-fixtures'

// 2027 is not in the chinese-days package: until the bureau confirms it, every working-day count
// reaching into it is a Monday-to-Friday estimate. Today is Tuesday 2027-01-05 in Suzhou.
//
// Two labs certified on 2025-12-10: year 1 ends 2026-12-09 and its report is due 30 days later,
// Friday 2027-01-08, an estimate. A request submitted on Monday 2026-12-28 has 10 working days:
// Monday to Friday that is 2027-01-11, another estimate. The bureau's notice (this test's) makes
// 1 January and 8 January 2027 holidays.
const NOW = new Date('2027-01-05T02:00:00Z')

let db: Db
let chief: { id: number; displayName: string }
let cookie: string
let labId: number
let extendedLabId: number

pinClock(NOW)
beforeEach(async () => {
  db = setupTestDb()
  chief = await makeUser(db, CHIEF)
  cookie = signIn(chief)
  labId = makeLab(db, { startDate: '2025-12-10' }).id
  extendedLabId = makeLab(db, { startDate: '2025-12-10' }).id
  await makeUser(db, { role: 'lab', labId })
})

const post = (fields: Record<string, string>) =>
  outcome(() => action({ request: formRequest('/calendar', fields, cookie), params: {}, context: TEST_CONTEXT }))

const report = (lab: number, year: number) =>
  db
    .select()
    .from(obligations)
    .where(and(eq(obligations.labId, lab), eq(obligations.kind, 'annual_report'), eq(obligations.validityYear, year)))
    .get()!
const request = (id: number) => db.select().from(resourceRequests).where(eq(resourceRequests.id, id)).get()!

// What the reminders are planned against: each open item's stored due date.
function plannedDueDates() {
  const plan = planReminders({ db, now: NOW, settings: ruleSettings(), calendar: workCalendar() })
  return new Map(plan.due.map((d) => [`${d.obligation.source}:${d.obligation.sourceId}`, d.obligation.dueDate]))
}

describe('confirming a year recomputes the due dates estimated in it', () => {
  test('ledger rows and pending request deadlines move to the confirmed calendar, audited; extended and decided ones stay', async () => {
    ensureLedger()
    const estimatedRequest = { labId, status: 'submitted' as const, submittedOn: '2026-12-28', deadline: '2027-01-11' }
    const pending = makeRequest(db, estimatedRequest)
    const decided = makeRequest(db, {
      ...estimatedRequest,
      status: 'approved',
      decidedOn: '2027-01-04',
      decisionWorkingDays: 5,
      decidedInTime: true,
    })
    db.update(resourceRequests).set({ deadlineEstimated: true }).run()
    extendObligation({
      labId: extendedLabId,
      obligationId: report(extendedLabId, 1).id,
      toDate: '2027-01-20',
      reason: '材料补正',
      approvedBy: '王处长',
      actor: chief,
    })

    expect(report(labId, 1)).toMatchObject({ dueDate: '2027-01-08', originalDueDate: '2027-01-08', dueDateEstimated: true })
    expect(report(labId, 2)).toMatchObject({ dueDate: '2028-01-10', dueDateEstimated: true })
    const before = plannedDueDates()
    expect(before.get(`annual_report:${report(labId, 1).id}`)).toBe('2027-01-08')
    expect(before.get(`request_decision:${pending.id}`)).toBe('2027-01-11')

    for (const date of ['2027-01-01', '2027-01-08'])
      expect((await post({ intent: 'setDay', date, kind: 'holiday', name: '假日' })).status).toBe(302)
    // entering days alone does not move a due date the lab was given: the confirmation does
    expect(report(labId, 1).dueDate).toBe('2027-01-08')
    expect((await post({ intent: 'confirmYear', year: '2027', source: '国办发明电〔2026〕7号' })).status).toBe(302)

    // the report moves off the new holiday to Monday the 11th; no longer an estimate, nor shown as extended
    expect(report(labId, 1)).toMatchObject({ dueDate: '2027-01-11', originalDueDate: '2027-01-11', dueDateEstimated: false })
    // 10 working days without 1 and 8 January: 29–31 December, 4–7 January, 11–13 January
    expect(request(pending.id)).toMatchObject({ deadline: '2027-01-13', deadlineEstimated: false })
    // a due date counted into 2028 is still an estimate; an extension is the bureau's own date;
    // a decided request keeps the facts recorded at its decision
    expect(report(labId, 2)).toMatchObject({ dueDate: '2028-01-10', dueDateEstimated: true })
    expect(report(extendedLabId, 1)).toMatchObject({ dueDate: '2027-01-20', originalDueDate: '2027-01-08', dueDateEstimated: false })
    expect(request(decided.id)).toMatchObject({ deadline: '2027-01-11', deadlineEstimated: true, decidedInTime: true })

    const audit = db.select().from(auditLog).where(eq(auditLog.action, 'recompute')).all()
    expect(audit).toHaveLength(2)
    expect(audit.find((a) => a.entityType === 'obligation')).toMatchObject({
      actorUserId: chief.id,
      entityId: String(report(labId, 1).id),
      labId,
      before: { dueDate: '2027-01-08', originalDueDate: '2027-01-08', dueDateEstimated: true },
      after: { dueDate: '2027-01-11', originalDueDate: '2027-01-11', dueDateEstimated: false, calendarYear: 2027 },
    })
    expect(audit.find((a) => a.entityType === 'resource_request')).toMatchObject({
      actorUserId: chief.id,
      entityId: String(pending.id),
      labId,
      before: { deadline: '2027-01-11', deadlineEstimated: true },
      after: { deadline: '2027-01-13', deadlineEstimated: false, calendarYear: 2027 },
    })

    // the reminders read the stored dates, so they follow
    const after = plannedDueDates()
    expect(after.get(`annual_report:${report(labId, 1).id}`)).toBe('2027-01-11')
    expect(after.get(`request_decision:${pending.id}`)).toBe('2027-01-13')
  })
})
