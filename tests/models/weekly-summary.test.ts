import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { noticeKindsFor } from '~/domain/notice-kinds'
import { composeWeeklySummary, type SummaryScope } from '~/domain/weekly-summary'
import { translator } from '~/i18n'
import { ensureComplianceFresh } from '~/models/compliance.server'
import { notifyEvent } from '~/models/event-notices.server'
import { saveMailPreferences } from '~/models/reminders.server'
import { sendWeeklySummaries, weeklySummaryOf } from '~/models/weekly-summary.server'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { insertAnnualReport, insertIncident, insertRequest } from '~db/factories'
import { inboxItems, mailOutbox, notices, users, validityPeriods } from '~db/schema'
import type { ReminderSource } from '~db/schema/enums'
import { makeLab, makeUser, setupTestDb } from '../helpers'

// The weekly summary's numbers and its delivery (issue 15 item 5). Monday 2026-12-07, 08:00 in
// Suzhou. Two districts, 姑苏区 (320508) and 虎丘区 (320505), each with one lab of every kind:
// clean (certified 2026-06-01, secured, a full team: nothing due), expiring (its period ends
// 2027-01-19), failing (no emergency plan), late (certified 2025-06-01: year 1's deliverable is
// past due and not accepted, so it fails too; its report is filed and awaits review), and incidents and requests on the
// clean lab: one open and late (its report deadline passed unreported), one open in time, one
// closed; one request past its decision deadline, one not yet.
const NOW = new Date('2026-12-07T00:00:00Z')
const TUESDAY = new Date('2026-12-08T01:00:00Z')
const NEXT_MONDAY = new Date('2026-12-14T00:00:00Z')
const GUSU = '320508' as const
const HUQIU = '320505' as const

let db: Db
type Fixture = { clean: number; expiring: number; failing: number; late: number; names: string[] }
let labs: Record<typeof GUSU | typeof HUQIU, Fixture>
let people: Record<'bureau' | 'gusu' | 'gusu2' | 'huqiu' | 'labUser' | 'expert', number>

function district(code: typeof GUSU | typeof HUQIU, tag: string): Fixture {
  const full = { secured: true, teamSize: 15 }
  const clean = makeLab(db, { districtCode: code, name: `${tag}正常实验室`, startDate: '2026-06-01', ...full })
  const expiring = makeLab(db, { districtCode: code, name: `${tag}到期实验室`, startDate: '2026-06-01', endDate: '2027-01-19', ...full })
  const failing = makeLab(db, { districtCode: code, name: `${tag}未通过实验室`, startDate: '2026-06-01', teamSize: 15 })
  const late = makeLab(db, { districtCode: code, name: `${tag}逾期实验室`, startDate: '2025-06-01', ...full })
  const period = db.select().from(validityPeriods).where(eq(validityPeriods.labId, late.id)).get()!
  insertAnnualReport(db, { labId: late.id, periodId: period.id, validityYear: 1, status: 'submitted', content: {} })
  const incident = (title: string, fields: Partial<Parameters<typeof insertIncident>[1]>) =>
    insertIncident(db, {
      labId: clean.id,
      grade: 'IV',
      title,
      discoveredAt: '2026-12-03T02:00:00.000Z',
      reportDeadline: '2026-12-06T02:00:00.000Z',
      ...fields,
    })
  incident(`${tag}未报告事件`, {})
  incident(`${tag}按时报告事件`, { reportDeadline: '2026-12-08T02:00:00.000Z', reportedAt: '2026-12-04T02:00:00.000Z' })
  incident(`${tag}已关闭事件`, { reportedAt: '2026-12-04T02:00:00.000Z', status: 'closed', closedAt: '2026-12-05T02:00:00.000Z' })
  insertRequest(db, { labId: clean.id, title: `${tag}超时申请`, neededBy: '2027-03-01', status: 'submitted', deadline: '2026-12-01' })
  insertRequest(db, { labId: clean.id, title: `${tag}未超时申请`, neededBy: '2027-03-01', status: 'submitted', deadline: '2026-12-10' })
  return {
    clean: clean.id,
    expiring: expiring.id,
    failing: failing.id,
    late: late.id,
    names: [`${tag}正常实验室`, `${tag}到期实验室`, `${tag}未通过实验室`, `${tag}逾期实验室`, `${tag}未报告事件`, `${tag}超时申请`],
  }
}

async function person(fields: Parameters<typeof makeUser>[1], email: string) {
  const u = await makeUser(db, fields)
  db.update(users).set({ email }).where(eq(users.id, u.id)).run()
  return u.id
}

beforeEach(async () => {
  setClock(NOW)
  db = setupTestDb()
  labs = { [GUSU]: district(GUSU, '姑苏'), [HUQIU]: district(HUQIU, '虎丘') } as typeof labs
  people = {
    bureau: await person({ role: 'bureau' }, 'bureau@example.org'),
    gusu: await person({ role: 'district', districtCode: GUSU }, 'gusu@example.org'),
    gusu2: await person({ role: 'district', districtCode: GUSU }, 'gusu2@example.org'),
    huqiu: await person({ role: 'district', districtCode: HUQIU }, 'huqiu@example.org'),
    labUser: await person({ role: 'lab', labId: labs[GUSU].late }, 'lab@example.org'),
    expert: await person({ role: 'expert' }, 'expert@example.org'),
  }
  ensureComplianceFresh('2026-12-07')
})
afterEach(() => setClock(undefined))

const summaryOf = (scope: SummaryScope) => weeklySummaryOf({ scope, now: NOW })
const textOf = (scope: SummaryScope) =>
  composeWeeklySummary(translator('zh'), summaryOf(scope))
    .map((l) => `${l.text} ${l.link ?? ''}`)
    .join('\n')

const inboxOf = (userId: number) =>
  db
    .select({ source: notices.source, day: notices.dueDate, title: notices.title, link: notices.link, labId: notices.labId })
    .from(inboxItems)
    .innerJoin(notices, eq(notices.id, inboxItems.noticeId))
    .where(eq(inboxItems.userId, userId))
    .all()
const mailTo = (address: string) => db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, address)).all()

describe('the numbers of one scope', () => {
  test("a district's summary counts its own labs only, section by section", () => {
    const g = labs[GUSU]
    const s = summaryOf({ kind: 'district', districtCode: GUSU })
    expect(s.week).toBe('2026-12-07')
    expect(s.expiring).toEqual({ total: 1, items: [expect.objectContaining({ labId: g.expiring, endDate: '2027-01-19' })] })
    expect(s.failing.total).toBe(2)
    expect(s.failing.items.map((i) => i.labId).sort()).toEqual([g.failing, g.late].sort())
    expect(s.lateFilings.total).toBe(2)
    expect(s.lateFilings.items.map((i) => [i.labId, i.kind, i.year, i.dueDate, i.state, i.link])).toEqual([
      [g.late, 'deliverable', 1, '2026-05-31', 'missing', `/labs/${g.late}/deliverables`],
      [g.late, 'annual_report', 1, '2026-06-30', 'awaiting', `/labs/${g.late}/reports`],
    ])
    // the closed one is not open; the one past its report deadline is late and listed first
    expect(s.incidents.total).toBe(2)
    expect(s.incidents.late).toBe(1)
    expect(s.incidents.items.map((i) => [i.title, i.late])).toEqual([
      ['姑苏未报告事件', 'report'],
      ['姑苏按时报告事件', null],
    ])
    expect(s.requests.total).toBe(1)
    expect(s.requests.items).toEqual([expect.objectContaining({ labId: g.clean, title: '姑苏超时申请', deadline: '2026-12-01' })])
    expect(s.byDistrict).toEqual([])
  })

  test("a district's summary never names another district's lab, incident or request", () => {
    const gusu = textOf({ kind: 'district', districtCode: GUSU })
    const huqiu = textOf({ kind: 'district', districtCode: HUQIU })
    for (const name of labs[HUQIU].names) expect(gusu).not.toContain(name)
    for (const name of labs[GUSU].names.filter((n) => n !== '姑苏正常实验室')) expect(gusu).toContain(name)
    for (const name of labs[GUSU].names) expect(huqiu).not.toContain(name)
    for (const id of Object.values(labs[HUQIU]).filter((v) => typeof v === 'number')) expect(gusu).not.toContain(`/labs/${id}`)
  })

  test("the bureau's covers the city, with a line per district", () => {
    const s = summaryOf({ kind: 'bureau' })
    expect([s.expiring.total, s.failing.total, s.lateFilings.total, s.incidents.total, s.incidents.late, s.requests.total]).toEqual([
      2, 4, 4, 4, 2, 2,
    ])
    const line = { expiring: 1, failing: 2, lateFilings: 2, incidents: 2, lateIncidents: 1, requests: 1 }
    expect(s.byDistrict).toEqual([
      { districtCode: GUSU, ...line },
      { districtCode: HUQIU, ...line },
    ])
    const text = textOf({ kind: 'bureau' })
    for (const name of [...labs[GUSU].names, ...labs[HUQIU].names].filter((n) => !n.endsWith('正常实验室'))) expect(text).toContain(name)
  })

  test('an incident open for more than 30 days is late even when it was reported in time', () => {
    insertIncident(db, {
      labId: labs[GUSU].clean,
      grade: 'IV',
      title: '久未关闭事件',
      discoveredAt: '2026-11-01T02:00:00.000Z',
      reportDeadline: '2026-11-04T02:00:00.000Z',
      reportedAt: '2026-11-02T02:00:00.000Z',
      status: 'contained',
    })
    const s = summaryOf({ kind: 'district', districtCode: GUSU })
    expect(s.incidents.late).toBe(2)
    expect(s.incidents.items).toContainEqual(expect.objectContaining({ title: '久未关闭事件', late: 'open_long' }))
  })

  test('each list stops at ten and the count goes on', () => {
    for (let i = 0; i < 12; i++)
      insertRequest(db, {
        labId: labs[HUQIU].clean,
        title: `积压申请${i}`,
        neededBy: '2027-03-01',
        status: 'accepted',
        deadline: '2026-11-20',
      })
    const s = summaryOf({ kind: 'district', districtCode: HUQIU })
    expect(s.requests.total).toBe(13)
    expect(s.requests.items).toHaveLength(10)
    expect(textOf({ kind: 'district', districtCode: HUQIU })).toContain('……另有 3 项')
  })
})

describe('delivery', () => {
  test('each office account gets one inbox item linking to the dashboard and one mail with the summary; labs and experts get none', () => {
    const result = sendWeeklySummaries({ now: NOW })
    expect(result).toMatchObject({ week: '2026-12-07', sent: 4, queued: 4 })
    const [item] = inboxOf(people.gusu)
    expect(inboxOf(people.gusu)).toHaveLength(1)
    expect(item).toMatchObject({ source: 'weekly_summary', day: '2026-12-07', link: '/', labId: null })
    expect(item.title).toEqual({
      key: 'notices.weekly.title',
      params: { week: '2026-12-07', expiring: 1, failing: 2, lateFilings: 2, incidents: 2, lateIncidents: 1, requests: 1 },
    })
    expect(inboxOf(people.bureau)[0].title.params).toMatchObject({ expiring: 2, failing: 4, requests: 2 })
    expect(inboxOf(people.labUser)).toEqual([])
    expect(inboxOf(people.expert)).toEqual([])
    const [mail] = mailTo('gusu@example.org')
    expect(mail.subject).toContain('2026-12-07 周汇总')
    expect(mail.body).toContain('【90 天内到期】1 家实验室\n    http://localhost:3000/labs?status=expiring')
    expect(mail.body).toContain(
      `姑苏逾期实验室：第 1 有效年度的年度报告，截止 2026-06-30（已过 160 天），已报送，待审核\n    http://localhost:3000/labs/${labs[GUSU].late}/reports`,
    )
    expect(mail.body).not.toContain('虎丘')
    expect(mailTo('huqiu@example.org')[0].body).not.toContain('姑苏')
    expect(mailTo('bureau@example.org')[0].body).toContain('【各区情况】')
    expect(mailTo('lab@example.org')).toEqual([])
    expect(mailTo('expert@example.org')).toEqual([])
  })

  test('a rerun the same Monday and a catch-up on Tuesday send nothing new; the next Monday sends a new week', () => {
    expect(sendWeeklySummaries({ now: NOW }).sent).toBe(4)
    expect(sendWeeklySummaries({ now: NOW })).toMatchObject({ sent: 0, queued: 0 })
    setClock(TUESDAY)
    expect(sendWeeklySummaries({ now: TUESDAY })).toMatchObject({ week: '2026-12-07', sent: 0, queued: 0 })
    setClock(NEXT_MONDAY)
    expect(sendWeeklySummaries({ now: NEXT_MONDAY })).toMatchObject({ week: '2026-12-14', sent: 4, queued: 4 })
    expect(inboxOf(people.gusu).map((i) => i.day)).toEqual(['2026-12-07', '2026-12-14'])
  })

  test("after downtime over Monday, Tuesday's run sends that week's summary once, keyed by the Monday", () => {
    setClock(TUESDAY)
    expect(sendWeeklySummaries({ now: TUESDAY })).toMatchObject({ week: '2026-12-07', sent: 4 })
    expect(sendWeeklySummaries({ now: new Date('2026-12-09T01:00:00Z') }).sent).toBe(0)
    expect(inboxOf(people.huqiu).map((i) => i.day)).toEqual(['2026-12-07'])
  })

  test('a person who turned the summary off gets neither the inbox item nor the mail; their colleague still does', () => {
    const kinds = noticeKindsFor('district')
    saveMailPreferences({
      db,
      userId: people.gusu,
      kinds,
      mailed: new Set<ReminderSource>(kinds.filter((k) => k !== 'weekly_summary')),
      at: NOW,
    })
    sendWeeklySummaries({ now: NOW })
    expect(inboxOf(people.gusu)).toEqual([])
    expect(mailTo('gusu@example.org')).toEqual([])
    expect(inboxOf(people.gusu2)).toHaveLength(1)
    expect(mailTo('gusu2@example.org')).toHaveLength(1)
  })

  test('turning off another kind still stops only its mail: the inbox keeps it', () => {
    const kinds = noticeKindsFor('district')
    saveMailPreferences({ db, userId: people.gusu, kinds, mailed: new Set<ReminderSource>(kinds.filter((k) => k !== 'filing')), at: NOW })
    db.transaction((tx) =>
      notifyEvent(tx, {
        source: 'filing',
        sourceId: 1,
        day: '2026-12-07',
        step: 0,
        labId: labs[GUSU].late,
        title: { key: 'reminders.title.drill', params: { lab: '姑苏逾期实验室' } },
        link: `/labs/${labs[GUSU].late}/reports`,
        to: { districtCodes: [GUSU] },
        at: NOW,
      }),
    )
    expect(inboxOf(people.gusu)).toHaveLength(1)
    expect(mailTo('gusu@example.org')).toEqual([])
  })
})
