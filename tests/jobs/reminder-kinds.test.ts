import { and, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { addDays, type IsoDate } from '~/domain/dates'
import { DEFAULT_REMINDER_RULES } from '~/domain/reminders'
import { advanceIncident, addIncidentNote } from '~/models/incidents.server'
import { snoozeReminder } from '~/models/reminder-snoozes.server'
import { updateKindRules } from '~/models/reminders.server'
import { ruleSettings, updateSetting } from '~/models/settings.server'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { insertIncident } from '~db/factories'
import { auditLog, inboxItems, incidents, incidentUpdates, notices, users } from '~db/schema'
import type { ReminderSource } from '~db/schema/enums'
import { runSendReminders } from '../../jobs/reminders'
import { makeLab, makeUser, setupTestDb } from '../helpers'

// Issue 15 parts 3 and 6 at the level of the daily run: each kind's own steps, a lab's snooze,
// and the follow-up of open incidents. The lab below was certified on 2025-06-01: its first
// annual report was due 2026-06-30, its deliverable 2026-05-31, its drill 2026-06-01.
const at = (day: IsoDate) => new Date(`${day}T00:30:00Z`) // 08:30 in Suzhou
const NOW = at('2026-07-02') // a Thursday

let db: Db
let lab: { id: number; districtCode: string }
let people: { labUser: number; otherLab: number; district: number; otherDistrict: number; bureau: number }
let labActor: { id: number; role: 'lab'; labId: number; districtCode: '320508'; displayName: string }
const bureauActor = () => ({ id: people.bureau, displayName: 'bureau' })

beforeEach(async () => {
  setClock(NOW)
  db = setupTestDb()
  lab = { ...makeLab(db, { startDate: '2025-06-01' }), districtCode: '320508' }
  const other = makeLab(db, { startDate: '2025-06-01', districtCode: '320583' })
  const labUser = await makeUser(db, { role: 'lab', labId: lab.id })
  people = {
    labUser: labUser.id,
    otherLab: (await makeUser(db, { role: 'lab', labId: other.id })).id,
    district: (await makeUser(db, { role: 'district', districtCode: '320508' })).id,
    otherDistrict: (await makeUser(db, { role: 'district', districtCode: '320583' })).id,
    bureau: (await makeUser(db, { role: 'bureau' })).id,
  }
  labActor = { id: labUser.id, role: 'lab', labId: lab.id, districtCode: '320508' as const, displayName: labUser.displayName }
})
afterEach(() => setClock(undefined))

const inboxOf = (userId: number, source?: ReminderSource) =>
  db
    .select({
      source: notices.source,
      offset: notices.offsetDays,
      dueDate: notices.dueDate,
      audience: notices.audience,
      sourceId: notices.sourceId,
      labId: notices.labId,
    })
    .from(inboxItems)
    .innerJoin(notices, eq(notices.id, inboxItems.noticeId))
    .where(and(eq(inboxItems.userId, userId), source ? eq(notices.source, source) : undefined))
    .orderBy(notices.source, notices.id)
    .all()
const run = (day: IsoDate) => {
  setClock(at(day))
  return runSendReminders({ now: at(day) })
}

describe('steps per kind', () => {
  test('two kinds with their own steps reach the lab on the same day at different offsets; the rest follow the default', () => {
    // the annual report: only 2 days after, its district told at once; no bureau escalation
    const saved = updateKindRules({
      db,
      kind: 'annual_report',
      rules: {
        beforeDays: [],
        onDueDate: false,
        afterDays: [2],
        repeatEveryDays: 0,
        escalateDistrictAfterDays: 2,
        escalateBureauAfterDays: 0,
      },
      actor: bureauActor(),
      at: NOW,
      version: 0,
    })
    expect(saved).toEqual({ ok: true, changed: true })
    run('2026-07-02')
    expect(inboxOf(people.labUser).map((n) => [n.source, n.offset])).toEqual([
      ['annual_report', 2], // its own step (the default would have sent the 1-day step)
      ['deliverable', 28], // the default: 1, 7, then weekly
      ['drill', 28],
    ])
    expect(inboxOf(people.district).map((n) => [n.source, n.offset])).toEqual([
      ['annual_report', 2],
      ['deliverable', 7],
      ['drill', 7],
    ])
    // the bureau: the default's +30 for the two others, none for the annual report
    expect(
      inboxOf(people.bureau)
        .filter((n) => n.labId === lab.id)
        .map((n) => [n.source, n.offset]),
    ).toEqual([
      ['deliverable', 30],
      ['drill', 30],
    ])
    expect(db.select().from(auditLog).where(eq(auditLog.entityType, 'reminder_kind_rules')).get()).toMatchObject({
      action: 'update',
      entityId: 'annual_report',
      before: { origin: 'default', ...DEFAULT_REMINDER_RULES },
      after: { origin: 'own', afterDays: [2] },
    })
  })

  test('a kind put back on its default follows the default again, and its old version is stale', () => {
    const rules = { ...DEFAULT_REMINDER_RULES, afterDays: [2], repeatEveryDays: 0 }
    updateKindRules({ db, kind: 'annual_report', rules, actor: bureauActor(), at: NOW, version: 0 })
    expect(updateKindRules({ db, kind: 'annual_report', rules: null, actor: bureauActor(), at: NOW, version: 1 })).toEqual({
      ok: true,
      changed: true,
    })
    // a page still showing version 1 (or the never-saved 0) cannot save over the reset
    expect(updateKindRules({ db, kind: 'annual_report', rules, actor: bureauActor(), at: NOW, version: 1 })).toMatchObject({
      ok: false,
      error: 'conflict',
    })
    run('2026-07-02')
    expect(inboxOf(people.labUser, 'annual_report').map((n) => n.offset)).toEqual([1])
  })
})

describe('a lab snoozes its reminder', () => {
  test('no lab step while snoozed, the district escalation on its day, then the latest step once', () => {
    setClock(at('2026-06-30'))
    run('2026-06-30')
    expect(inboxOf(people.labUser, 'annual_report').map((n) => n.offset)).toEqual([0])
    const reportId = inboxOf(people.labUser, 'annual_report')[0].sourceId
    const snoozed = snoozeReminder({
      db,
      by: labActor,
      labId: lab.id,
      source: 'annual_report',
      sourceId: reportId,
      until: '2026-07-14',
      settings: ruleSettings(),
      now: new Date('2026-06-30T03:00:00Z'),
    })
    expect(snoozed).toEqual({ ok: true, changed: true })
    let drillSteps = 0
    for (let day: IsoDate = '2026-07-01'; day < '2026-07-14'; day = addDays(day, 1)) {
      run(day)
      // the lab hears nothing of the snoozed report (the 1- and 7-day steps fall in the snooze)...
      expect(
        inboxOf(people.labUser, 'annual_report').map((n) => n.offset),
        day,
      ).toEqual([0])
      drillSteps = inboxOf(people.labUser, 'drill').length
    }
    // ...but its other obligations go on
    expect(drillSteps).toBeGreaterThan(1)
    // the district is told on the 7th day overdue as usual (07-07)
    expect(inboxOf(people.district, 'annual_report').map((n) => [n.offset, n.audience])).toEqual([[7, 'district']])
    // the snooze ends on 07-14: the latest step reached by then (14 days) is sent, once
    const summary = run('2026-07-14')
    expect(inboxOf(people.labUser, 'annual_report').map((n) => n.offset)).toEqual([0, 14])
    expect(summary.superseded).toBeGreaterThanOrEqual(2)
    run('2026-07-14')
    run('2026-07-15')
    expect(inboxOf(people.labUser, 'annual_report').map((n) => n.offset)).toEqual([0, 14])
    expect(db.select().from(auditLog).where(eq(auditLog.entityType, 'reminder_snooze')).get()).toMatchObject({
      action: 'snooze',
      actorUserId: people.labUser,
      labId: lab.id,
      entityId: `annual_report:${reportId}`,
      after: { until: '2026-07-14' },
    })
  })

  test('a snooze ended early lets the next run send the latest step', () => {
    run('2026-06-30')
    const reportId = inboxOf(people.labUser, 'annual_report')[0].sourceId
    const common = { db, by: labActor, labId: lab.id, source: 'annual_report' as const, sourceId: reportId, settings: ruleSettings() }
    snoozeReminder({ ...common, until: '2026-07-10', now: at('2026-06-30') })
    run('2026-07-02')
    expect(inboxOf(people.labUser, 'annual_report').map((n) => n.offset)).toEqual([0])
    expect(snoozeReminder({ ...common, until: null, now: at('2026-07-02') })).toEqual({ ok: true, changed: true })
    run('2026-07-02')
    expect(inboxOf(people.labUser, 'annual_report').map((n) => n.offset)).toEqual([0, 1])
    expect(db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityType, 'reminder_snooze')).all()).toEqual([
      { action: 'snooze' },
      { action: 'unsnooze' },
    ])
  })
})

describe('open incidents are followed up', () => {
  // reported on Monday 2026-07-06 at 10:00 in Suzhou
  const reportIncident = (grade: 'I' | 'II' | 'III' | 'IV', labId = lab.id) => {
    const row = insertIncident(db, {
      labId,
      grade,
      title: `事件${grade}`,
      discoveredAt: '2026-07-06T01:00:00Z',
      reportDeadline: '2026-07-06T02:00:00Z',
      reportedAt: '2026-07-06T02:00:00Z',
      status: 'open',
    })
    db.insert(incidentUpdates)
      .values({ incidentId: row.id, labId, at: '2026-07-06T02:00:00Z', fromStatus: null, toStatus: 'open', actorName: '实验室' })
      .run()
    return row
  }

  test('each grade at the bureau’s cadence; a changed setting moves the due date', async () => {
    const gradeI = reportIncident('I')
    const gradeIV = reportIncident('IV')
    run('2026-07-07')
    // grade I: every day by default, so due 07-07; grade IV: 14 days, due 07-20
    expect(inboxOf(people.labUser, 'incident_followup').map((n) => [n.sourceId, n.dueDate, n.offset])).toEqual([
      [gradeI.id, '2026-07-07', 0],
    ])
    updateSetting({ key: 'incidentFollowUpDaysIV', value: 1, actor: bureauActor(), at: at('2026-07-07') })
    run('2026-07-07')
    expect(inboxOf(people.labUser, 'incident_followup').map((n) => [n.sourceId, n.dueDate, n.offset])).toEqual([
      [gradeI.id, '2026-07-07', 0],
      [gradeIV.id, '2026-07-07', 0],
    ])
    // nobody outside the lab's scope hears of it, and the offices not yet
    for (const id of [people.otherLab, people.otherDistrict, people.district, people.bureau])
      expect(inboxOf(id, 'incident_followup')).toEqual([])
  })

  test('repeats at the cadence, escalates to the district then the bureau, restarts after an update, stops when closed', () => {
    const incident = reportIncident('II') // every 3 days: due Thursday 07-09
    const followUps = (userId: number) => inboxOf(userId, 'incident_followup').map((n) => [n.dueDate, n.offset, n.audience])
    for (let day: IsoDate = '2026-07-07'; day <= '2026-07-15'; day = addDays(day, 1)) run(day)
    expect(followUps(people.labUser)).toEqual([
      ['2026-07-09', 0, 'lab'],
      ['2026-07-09', 3, 'lab'], // 07-12 is a Sunday: sent on Friday 07-10
      ['2026-07-09', 6, 'lab'], // 07-15
    ])
    expect(followUps(people.district)).toEqual([['2026-07-09', 3, 'district']])
    expect(followUps(people.bureau)).toEqual([])
    run('2026-07-16') // 7 days overdue
    expect(followUps(people.bureau)).toEqual([['2026-07-09', 7, 'bureau']])
    for (const id of [people.otherLab, people.otherDistrict]) expect(inboxOf(id, 'incident_followup')).toEqual([])
    const notice = db.select().from(notices).where(eq(notices.source, 'incident_followup')).get()!
    expect(notice.link).toBe(`/labs/${lab.id}/incidents/${incident.id}`)
    expect(notice.title).toMatchObject({ key: 'noticesFollowUp.title', params: { title: '事件II', grade: 'II', days: 3 } })

    // the district's remark is not the lab's update: the series goes on
    setClock(new Date('2026-07-16T03:00:00Z'))
    const district = db.select().from(users).where(eq(users.id, people.district)).get()!
    expect(
      addIncidentNote({
        by: { ...district, role: 'district', displayName: 'gusu' },
        labId: lab.id,
        incidentId: incident.id,
        note: '请尽快处置',
      }).ok,
    ).toBe(true)
    run('2026-07-17')
    // the 9-day repeat of the same series (Saturday 07-18, sent on Friday)
    expect(followUps(people.labUser).at(-1)).toEqual(['2026-07-09', 9, 'lab'])
    // the lab's note on 07-17 starts a fresh series, due 3 days later (Monday 07-20)
    setClock(new Date('2026-07-17T03:00:00Z'))
    expect(addIncidentNote({ by: labActor, labId: lab.id, incidentId: incident.id, note: '已隔离受影响主机' }).ok).toBe(true)
    run('2026-07-20')
    expect(followUps(people.labUser).at(-1)).toEqual(['2026-07-20', 0, 'lab'])
    // closed: nothing more for anyone
    for (const to of ['contained', 'resolved', 'closed']) {
      const version = db.select().from(incidents).where(eq(incidents.id, incident.id)).get()!.rowVersion
      expect(advanceIncident({ by: labActor, labId: lab.id, incidentId: incident.id, to, note: '处置完毕', version }).ok).toBe(true)
    }
    const before = db.select().from(notices).where(eq(notices.source, 'incident_followup')).all().length
    for (const day of ['2026-07-21', '2026-07-23', '2026-07-30'] as IsoDate[]) run(day)
    expect(db.select().from(notices).where(eq(notices.source, 'incident_followup')).all()).toHaveLength(before)
  })
})
