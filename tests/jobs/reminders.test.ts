import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { workCalendar } from '~/models/calendar.server'
import { ensureLedger, extendObligation } from '~/models/obligations.server'
import { planReminders, recordReminders, saveMailPreferences, updateReminderRules } from '~/models/reminders.server'
import { noticeKindsFor } from '~/domain/notice-kinds'
import { ruleSettings } from '~/models/settings.server'
import { setClock } from '~/utils/clock.server'
import { setDb } from '~/utils/db.server'
import { openDb, type Db } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { auditLog, inboxItems, mailOutbox, notices, obligations, renewals, resourceRequests, users, validityPeriods } from '~db/schema'
import type { ReminderSource } from '~db/schema/enums'
import { runSendReminders } from '../../jobs/reminders'
import { runJob } from '../../jobs/runner'
import { DEFAULT_REMINDER_RULES } from '~/domain/reminders'
import { makeLab, makeUser, setupTestDb } from '../helpers'
import { insertAnnualReport, insertDeliverable, insertRenewal, insertRequest } from '~db/factories'

// 08:30 in Suzhou on 2026-07-02, a Thursday. The lab below was certified on 2025-06-01, so its
// first validity year ended 2026-05-31 (deliverable due that day, 32 days overdue), its first
// annual report was due 2026-06-30 (2 days overdue), its first drill 2026-06-01 (31 days overdue).
const NOW = new Date('2026-07-02T00:30:00Z')
const at = (iso: string) => new Date(iso)

let db: Db
let lab: { id: number }
let people: { labUser: number; labUser2: number; otherLab: number; district: number; otherDistrict: number; bureau: number }

beforeEach(async () => {
  setClock(NOW)
  db = setupTestDb()
  lab = makeLab(db, { startDate: '2025-06-01' })
  const other = makeLab(db, { startDate: '2026-06-01', districtCode: '320583' })
  const make = async (fields: Parameters<typeof makeUser>[1], email: string) => {
    const u = await makeUser(db, fields)
    db.update(users).set({ email }).where(eq(users.id, u.id)).run()
    return u.id
  }
  people = {
    labUser: await make({ role: 'lab', labId: lab.id }, 'lab@example.org'),
    labUser2: await make({ role: 'lab', labId: lab.id }, ''),
    otherLab: await make({ role: 'lab', labId: other.id }, 'other@example.org'),
    district: await make({ role: 'district', districtCode: '320508' }, 'gusu@example.org'),
    otherDistrict: await make({ role: 'district', districtCode: '320583' }, 'kunshan@example.org'),
    bureau: await make({ role: 'bureau' }, 'bureau@example.org'),
  }
})
afterEach(() => setClock(undefined))

const inboxOf = (userId: number) =>
  db
    .select({
      source: notices.source,
      offset: notices.offsetDays,
      dueDate: notices.dueDate,
      audience: notices.audience,
      labId: notices.labId,
    })
    .from(inboxItems)
    .innerJoin(notices, eq(notices.id, inboxItems.noticeId))
    .where(eq(inboxItems.userId, userId))
    .orderBy(notices.source)
    .all()
const noticeCount = () => db.select().from(notices).all().length

describe('the reminders run', () => {
  test('a lab whose renewal window has opened is told once that it may apply; a lab that has applied is not', async () => {
    const open = makeLab(db, { startDate: '2024-09-01' }) // ends 2026-08-31: the 120-day window opened on 2026-05-03
    const applied = makeLab(db, { startDate: '2024-09-02' })
    const openUser = (await makeUser(db, { role: 'lab', labId: open.id })).id
    const appliedUser = (await makeUser(db, { role: 'lab', labId: applied.id })).id
    const appliedPeriod = db.select().from(validityPeriods).where(eq(validityPeriods.labId, applied.id)).get()!
    insertRenewal(db, { labId: applied.id, periodId: appliedPeriod.id, status: 'submitted' })
    const told = (userId: number) =>
      db
        .select({ dueDate: notices.dueDate, link: notices.link })
        .from(inboxItems)
        .innerJoin(notices, eq(notices.id, inboxItems.noticeId))
        .where(and(eq(inboxItems.userId, userId), eq(notices.source, 'renewal_window')))
        .all()
    expect(runSendReminders({ now: NOW })).toMatchObject({ windowsOpened: 1 })
    expect(told(openUser)).toEqual([{ dueDate: '2026-05-03', link: `/labs/${open.id}/renewal` }])
    expect(told(appliedUser)).toEqual([])
    // the main test lab's period ends in 2027: its window is not open yet
    expect(told(people.labUser)).toEqual([])
    expect(runSendReminders({ now: NOW })).toMatchObject({ windowsOpened: 0 })
    expect(told(openUser)).toHaveLength(1)
  })

  test('the end of a period asks the lab to apply for renewal; once it has applied the reminders stop', async () => {
    const ending = makeLab(db, { startDate: '2024-08-01' }) // ends 2026-07-31: the 30-day step was reached on 2026-07-01
    await makeUser(db, { role: 'lab', labId: ending.id })
    const ofEnding = () =>
      db
        .select()
        .from(notices)
        .where(and(eq(notices.source, 'validity'), eq(notices.labId, ending.id)))
        .all()
    const period = db.select().from(validityPeriods).where(eq(validityPeriods.labId, ending.id)).get()!
    insertRenewal(db, { labId: ending.id, periodId: period.id, status: 'submitted', submittedAt: NOW.toISOString() })
    runSendReminders({ now: NOW })
    expect(ofEnding()).toEqual([])
    db.update(renewals).set({ status: 'draft' }).where(eq(renewals.periodId, period.id)).run()
    runSendReminders({ now: NOW })
    expect(ofEnding().map((n) => [n.offsetDays, n.link])).toEqual([[-30, `/labs/${ending.id}/renewal`]])
  })

  test('a resource request past the bureau’s decision deadline reminds the bureau, not the lab; a decision stops it', () => {
    const request = insertRequest(db, {
      labId: lab.id,
      type: 'site',
      title: '路演场地',
      description: '发布会场地',
      quantity: 200,
      unit: 'm2',
      neededBy: '2026-08-31',
      justification: '发布年度成果',
      status: 'accepted',
      submittedOn: '2026-06-15',
      deadline: '2026-06-29',
    })
    runSendReminders({ now: NOW })
    const ofRequest = (userId: number) => inboxOf(userId).filter((n) => n.source === 'request_decision')
    // 3 days late: the 1-day-after step, to the bureau as the one who owes it
    expect(ofRequest(people.bureau)).toEqual([
      { source: 'request_decision', offset: 1, dueDate: '2026-06-29', audience: 'bureau', labId: lab.id },
    ])
    expect(ofRequest(people.labUser)).toEqual([])
    expect(ofRequest(people.district)).toEqual([])
    const digest = db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, 'bureau@example.org')).get()!
    expect(digest.body).toContain('路演场地')

    // decided: nothing more, even a week later when the +7 step would be due
    db.update(resourceRequests).set({ status: 'approved' }).where(eq(resourceRequests.id, request.id)).run()
    setClock(at('2026-07-09T00:30:00Z'))
    runSendReminders({ now: at('2026-07-09T00:30:00Z') })
    expect(ofRequest(people.bureau)).toHaveLength(1)
  })

  test('each due step reaches the right people once; a rerun at the same now sends nothing new', () => {
    const first = runSendReminders({ now: NOW })
    expect(inboxOf(people.labUser)).toEqual([
      { source: 'annual_report', offset: 1, dueDate: '2026-06-30', audience: 'lab', labId: lab.id },
      { source: 'deliverable', offset: 28, dueDate: '2026-05-31', audience: 'lab', labId: lab.id },
      { source: 'drill', offset: 28, dueDate: '2026-06-01', audience: 'lab', labId: lab.id },
    ])
    // every account of the lab hears, with or without an e-mail address
    expect(inboxOf(people.labUser2)).toHaveLength(3)
    // escalations: the lab's district office at +7, the bureau at +30 (the annual report is 2 days overdue: neither yet)
    expect(inboxOf(people.district).map((n) => [n.source, n.offset, n.audience])).toEqual([
      ['deliverable', 7, 'district'],
      ['drill', 7, 'district'],
    ])
    expect(inboxOf(people.bureau).map((n) => [n.source, n.offset, n.audience])).toEqual([
      ['deliverable', 30, 'bureau'],
      ['drill', 30, 'bureau'],
    ])
    // another lab (certified a month ago) and another district hear nothing of this lab
    expect(inboxOf(people.otherLab).filter((n) => n.labId === lab.id)).toEqual([])
    expect(inboxOf(people.otherDistrict)).toEqual([])
    expect(first).toMatchObject({ today: '2026-07-02', due: 10, sent: 10, skipped: 0, recipients: 4, queued: 3 })

    const before = noticeCount()
    const again = runSendReminders({ now: NOW })
    expect(again).toMatchObject({ due: 0, sent: 0, queued: 0 })
    expect(noticeCount()).toBe(before)
    expect(db.select().from(mailOutbox).all()).toHaveLength(3)
  })

  test('one digest per recipient with an address, carrying that recipient’s steps; no address, no mail', () => {
    runSendReminders({ now: NOW })
    const mail = db.select().from(mailOutbox).orderBy(mailOutbox.toAddress).all()
    expect(mail.map((m) => [m.toAddress, m.status, m.attempts, m.nextAttemptAt])).toEqual([
      ['bureau@example.org', 'queued', 0, NOW.toISOString()],
      ['gusu@example.org', 'queued', 0, NOW.toISOString()],
      ['lab@example.org', 'queued', 0, NOW.toISOString()],
    ])
    const labMail = mail[2]
    expect(labMail.subject).toBe('【Labcycle】3 项到期提醒')
    expect(labMail.body).toContain('已逾期 32 天（应于 2026-05-31 前完成）')
    expect(labMail.body).toContain(`http://localhost:3000/labs/${lab.id}/reports`)
    expect(mail[1].body).toContain('[升级]')
    const emailNotices = db.select().from(notices).where(eq(notices.channel, 'email')).all()
    expect(emailNotices).toHaveLength(7)
    expect(emailNotices.every((n) => n.outboxId !== null)).toBe(true)
  })

  test('an English-speaking recipient gets an English digest', () => {
    db.update(users).set({ locale: 'en' }).where(eq(users.id, people.labUser)).run()
    runSendReminders({ now: NOW })
    const mail = db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, 'lab@example.org')).get()!
    expect(mail.subject).toBe('[Labcycle] 3 reminder(s) due')
    expect(mail.body).toContain('32 days overdue (was due 2026-05-31)')
  })

  test('a source turned off in the preferences leaves the mail but never the inbox', () => {
    const mailed = new Set<ReminderSource>(['deliverable', 'annual_report', 'validity', 'plan_review', 'incident_report'])
    saveMailPreferences({ db, userId: people.labUser, kinds: noticeKindsFor('lab'), mailed, at: NOW })
    runSendReminders({ now: NOW })
    expect(inboxOf(people.labUser)).toHaveLength(3)
    const mail = db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, 'lab@example.org')).get()!
    expect(mail.subject).toBe('【Labcycle】2 项到期提醒')
    expect(mail.body).not.toContain('应急演练')
  })

  test('a completed item is not reminded of: a filed report, a deliverable under review', () => {
    ensureLedger()
    const ledger = db
      .select()
      .from(obligations)
      .where(and(eq(obligations.labId, lab.id), eq(obligations.validityYear, 1)))
      .all()
    const y1 = ledger.find((o) => o.kind === 'annual_report')!
    insertAnnualReport(db, { labId: lab.id, periodId: y1.periodId, validityYear: 1, content: {}, status: 'submitted' })
    insertDeliverable(db, { labId: lab.id, type: 'report', forms: ['data'], title: '成果', completedOn: '2026-03-01', status: 'submitted' })
    const summary = runSendReminders({ now: NOW })
    expect(
      inboxOf(people.labUser)
        .filter((n) => n.dueDate >= '2026-05-31')
        .map((n) => n.source),
    ).toEqual(['drill'])
    expect(summary.completed).toBe(2)
  })

  test('a moved due date re-arms the reminders; the old date’s series stays as it was', () => {
    runSendReminders({ now: NOW })
    const report = db
      .select()
      .from(obligations)
      .where(and(eq(obligations.labId, lab.id), eq(obligations.kind, 'annual_report'), eq(obligations.validityYear, 1)))
      .get()!
    const result = extendObligation({
      labId: lab.id,
      obligationId: report.id,
      toDate: '2026-07-31',
      reason: '延期',
      approvedBy: '局长',
      actor: { id: people.bureau, displayName: 'bureau' },
    })
    expect(result).toEqual({ ok: true })
    const later = runSendReminders({ now: at('2026-07-03T00:30:00Z') })
    expect(inboxOf(people.labUser).filter((n) => n.source === 'annual_report')).toEqual([
      expect.objectContaining({ dueDate: '2026-06-30', offset: 1 }),
      expect.objectContaining({ dueDate: '2026-07-31', offset: -30 }),
    ])
    // the new series' 30-day step, to both lab accounts (the same run also sends the deliverable's 35-day step)
    expect(
      db
        .select()
        .from(notices)
        .where(and(eq(notices.dueDate, '2026-07-31'), eq(notices.channel, 'inbox')))
        .all(),
    ).toHaveLength(2)
    expect(later.sent).toBe(4)
  })

  test('a server stopped for a week catches up with one reminder per recipient and item, not a burst', () => {
    runSendReminders({ now: NOW })
    const week = runSendReminders({ now: at('2026-07-10T00:30:00Z') })
    // the report went 1 → 7 days overdue: one new step (7), which also escalates it to the district
    const report = inboxOf(people.labUser).filter((n) => n.source === 'annual_report')
    expect(report.map((n) => n.offset)).toEqual([1, 7])
    expect(
      inboxOf(people.district)
        .filter((n) => n.source === 'annual_report')
        .map((n) => n.offset),
    ).toEqual([7])
    // the deliverable passed its 35-day step (07-03, for Sunday 07-05) and reached its 42-day step
    // (07-10, for Sunday 07-12): only the latest goes out, the 35-day one is passed over for both lab accounts
    expect(
      inboxOf(people.labUser)
        .filter((n) => n.source === 'deliverable')
        .map((n) => n.offset),
    ).toEqual([28, 42])
    expect(week.superseded).toBe(2)
    const rerun = runSendReminders({ now: at('2026-07-10T09:00:00Z') })
    expect(rerun.sent).toBe(0)
  })

  test('catch-up after a three-day gap sends the latest step and counts the one passed over', () => {
    // first run ever on 07-02 for a report that became due 06-30: steps -1 (06-29), 0 (06-30), 1 (07-01) were missed
    const summary = runSendReminders({ now: NOW })
    expect(inboxOf(people.labUser).find((n) => n.source === 'annual_report')?.offset).toBe(1)
    expect(summary.superseded).toBeGreaterThan(0)
  })

  test('the bureau’s rules decide the steps: without escalation nobody but the lab hears', () => {
    updateReminderRules({
      db,
      rules: { ...DEFAULT_REMINDER_RULES, escalateDistrictAfterDays: 0, escalateBureauAfterDays: 0 },
      actor: { id: people.bureau, displayName: 'bureau' },
      at: NOW,
      version: 0,
    })
    runSendReminders({ now: NOW })
    expect(inboxOf(people.district)).toEqual([])
    expect(inboxOf(people.bureau)).toEqual([])
    expect(db.select().from(auditLog).where(eq(auditLog.entityType, 'reminder_rules')).all()).toHaveLength(1)
  })

  test('a dry run reports what it would send and keeps nothing', async () => {
    const run = await runJob({ name: 'reminders', now: NOW, dryRun: true, trigger: 'cli' })
    expect(run.status).toBe('ok')
    expect(run.summary).toMatchObject({ sent: 10, queued: 3, mailed: 0 })
    expect(noticeCount()).toBe(0)
    expect(db.select().from(mailOutbox).all()).toEqual([])
    const real = await runJob({ name: 'reminders', now: NOW, trigger: 'cli' })
    // no SMTP_URL in tests: the mail stays in the outbox
    expect(real.summary).toMatchObject({ sent: 10, queued: 3, mailed: 0, mailPending: 3 })
  })
})

describe('two runs at once', () => {
  let dir: string
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  test('two connections that planned the same steps record them once: the second finds every key taken', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-reminders-'))
    const file = path.join(dir, 'labcycle.db')
    const a = openDb(file)
    runMigrations(a)
    // copy this test's rows into the file database
    const rows = (table: string) => db.$client.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]
    for (const table of ['organisations', 'labs', 'validity_periods', 'users']) {
      for (const row of rows(table)) {
        const cols = Object.keys(row)
        a.$client
          .prepare(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(',')}) VALUES (${cols.map(() => '?').join(',')})`)
          .run(...Object.values(row))
      }
    }
    setDb(a)
    ensureLedger()
    const b = openDb(file)
    const settings = ruleSettings()
    const calendar = workCalendar()
    // the worst interleaving: both plan before either records
    const planA = planReminders({ db: a, now: NOW, settings, calendar })
    const planB = planReminders({ db: b, now: NOW, settings, calendar })
    expect(planB.due.length).toBe(planA.due.length)
    const recordedA = recordReminders({ db: a, plan: planA, now: NOW, baseUrl: 'http://x' })
    const recordedB = recordReminders({ db: b, plan: planB, now: NOW, baseUrl: 'http://x' })
    expect(recordedA.sent).toBe(planA.due.length)
    expect(recordedB).toEqual({ sent: 0, skipped: planB.due.length, queued: 0, recipients: expect.any(Number) })
    const count = (sql: string) => (a.$client.prepare(sql).get() as { n: number }).n
    expect(count("SELECT count(*) n FROM notices WHERE channel = 'inbox' AND created_at = '" + NOW.toISOString() + "'")).toBe(
      planA.due.length,
    )
    expect(count('SELECT count(*) n FROM inbox_items')).toBe(count("SELECT count(*) n FROM notices WHERE channel = 'inbox'"))
    expect(count("SELECT count(*) n FROM mail_outbox WHERE created_at = '" + NOW.toISOString() + "'")).toBe(recordedA.queued)
    a.$client.close()
    b.$client.close()
  })

  test('two runs started together: one runs, the other finds the job locked, and nothing is sent twice', async () => {
    const [one, two] = await Promise.all([
      runJob({ name: 'reminders', now: NOW, trigger: 'schedule' }),
      runJob({ name: 'reminders', now: NOW, trigger: 'cli' }),
    ])
    expect([one.status, two.status].sort()).toEqual(['ok', 'skipped_locked'])
    expect(db.select().from(notices).where(eq(notices.channel, 'inbox')).all()).toHaveLength(10)
  })
})
