import ICAL from 'ical.js'
import { and, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { resetRateLimits } from '~/api/serve.server'
import { ensureLedger } from '~/models/ledger.server'
import { setClock } from '~/utils/clock.server'
import { action as accountAction, loader as accountLoader } from '~/routes/account'
import { loader as feedLoader } from '~/routes/feeds.$token'
import type { Db } from '~db/client.server'
import { auditLog, calendarFeeds, obligations, users, type User } from '~db/schema'
import { insertIncident, insertRequest } from '~db/factories'
import { pinClock } from '../clock'
import { formRequest, getRequest, makeLab, makeUser, outcome, setupTestDb, signIn, TEST_CONTEXT, TEST_ORIGIN } from '../helpers'

// The personal deadline feed (issue 20 item 4): the address made on the account page, fetched as
// a calendar app would and read back with Mozilla's iCalendar parser (ical.js).

pinClock('2026-12-06T02:00:00.000Z')

let db: Db
let gusuA: number
let gusuB: number
let wuzhong: number
let people: Record<'bureau' | 'gusu' | 'wuzhongOffice' | 'lab' | 'otherLab' | 'expert', User>

beforeEach(async () => {
  db = setupTestDb()
  resetRateLimits()
  gusuA = makeLab(db, { districtCode: '320508', name: '姑苏甲实验室', startDate: '2025-06-01', secured: true }).id
  gusuB = makeLab(db, { districtCode: '320508', name: '姑苏乙实验室', startDate: '2025-03-10' }).id
  wuzhong = makeLab(db, { districtCode: '320506', name: '吴中实验室', startDate: '2025-02-01' }).id
  ensureLedger()
  people = {
    bureau: await makeUser(db, { role: 'bureau' }),
    gusu: await makeUser(db, { role: 'district', districtCode: '320508' }),
    wuzhongOffice: await makeUser(db, { role: 'district', districtCode: '320506' }),
    lab: await makeUser(db, { role: 'lab', labId: gusuA }),
    otherLab: await makeUser(db, { role: 'lab', labId: gusuB }),
    expert: await makeUser(db, { role: 'expert' }),
  }
})

const postAccount = (who: User, intent: string) =>
  outcome(() => accountAction({ request: formRequest('/account', { intent }, signIn(who)), params: {}, context: TEST_CONTEXT }))

/** Makes (or replaces) `who`'s address on the account page and returns it as shown. */
async function addressOf(who: User, intent = 'createFeed'): Promise<string> {
  const answer = await postAccount(who, intent)
  expect(answer.status).toBe(200)
  return (answer.body.created as { url: string }).url
}

async function fetchFeed(url: string) {
  const path = new URL(url).pathname
  const token = path.split('/').pop()!
  const response = (await feedLoader({
    request: new Request(new URL(path, TEST_ORIGIN)),
    params: { token },
    context: TEST_CONTEXT,
  })) as Response
  return { status: response.status, type: response.headers.get('Content-Type'), text: await response.text() }
}

type Parsed = { uid: string; start: string; isDate: boolean; end: string; summary: string; description: string; url: string }

async function eventsOf(url: string): Promise<Parsed[]> {
  const { status, type, text } = await fetchFeed(url)
  expect(status).toBe(200)
  expect(type).toBe('text/calendar; charset=utf-8')
  const vcal = new ICAL.Component(ICAL.parse(text))
  expect(vcal.getFirstPropertyValue('x-wr-timezone')).toBe('Asia/Shanghai')
  return vcal.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v)
    return {
      uid: e.uid,
      start: e.startDate.toString(),
      isDate: e.startDate.isDate,
      end: e.endDate.toString(),
      summary: e.summary,
      description: e.description,
      url: String(v.getFirstPropertyValue('url')),
    }
  })
}

const labsIn = (events: Parsed[]) => new Set(events.map((e) => Number(/\/labs\/(\d+)\//.exec(e.url)?.[1])))

describe('a lab user’s feed', () => {
  test('every event has a UID, an all-day start on its Shanghai day and a summary, with the lab and a link', async () => {
    const events = await eventsOf(await addressOf(people.lab))
    expect(events.length).toBeGreaterThan(2)
    for (const e of events) {
      expect(e.uid).toMatch(/@labcycle$/)
      expect(e.isDate).toBe(true)
      expect(e.summary).toContain('姑苏甲实验室')
      expect(e.description).toContain('实验室：姑苏甲实验室')
      expect(e.url).toMatch(new RegExp(`^http://localhost:3000/labs/${gusuA}/`))
    }
    // the period 2025-06-01 … 2027-05-31 ends on its last day; the renewal window opens 120 days before
    expect(events.find((e) => e.uid.startsWith('validity-'))).toMatchObject({ start: '2027-05-31', end: '2027-06-01' })
    expect(events.find((e) => e.uid.startsWith('renewal-window-opens-'))).toMatchObject({ start: '2027-01-31' })
    // the open year's deliverable and report, as the ledger has them
    const ledger = db.select().from(obligations).where(eq(obligations.labId, gusuA)).all()
    for (const o of ledger.filter((o) => o.dueDate >= '2026-09-07'))
      expect(events.find((e) => e.uid === `${o.kind.replace('_', '-')}-${o.id}@labcycle`)?.start).toBe(o.dueDate)
  })

  test('a deadline that is an instant falls on its Shanghai day, not its UTC one', async () => {
    // 17:30 UTC on the 9th is 01:30 on the 10th in Shanghai
    const incident = insertIncident(db, {
      labId: gusuA,
      grade: 'III',
      discoveredAt: '2026-12-08T17:30:00.000Z',
      reportDeadline: '2026-12-09T17:30:00.000Z',
    })
    const events = await eventsOf(await addressOf(people.lab))
    expect(events.find((e) => e.uid === `incident-report-${incident.id}@labcycle`)).toMatchObject({
      start: '2026-12-10',
      end: '2026-12-11',
    })
  })

  test('holds no other lab’s events', async () => {
    insertRequest(db, { labId: gusuB, neededBy: '2027-02-01', status: 'submitted', deadline: '2026-12-20', title: '乙的算力申请' })
    const events = await eventsOf(await addressOf(people.lab))
    expect(labsIn(events)).toEqual(new Set([gusuA]))
    expect(JSON.stringify(events)).not.toMatch(/姑苏乙|吴中|乙的算力申请/)
  })

  test('its own request’s decision deadline is there', async () => {
    const request = insertRequest(db, {
      labId: gusuA,
      neededBy: '2027-02-01',
      status: 'submitted',
      deadline: '2026-12-20',
      title: '甲的算力申请',
    })
    const events = await eventsOf(await addressOf(people.lab))
    expect(events.find((e) => e.uid === `request-decision-${request.id}@labcycle`)).toMatchObject({ start: '2026-12-20' })
  })

  test('a long Chinese title folded over several lines and a title with , ; \\ read back whole', async () => {
    const title = `${'城市级多源异构数据融合治理'.repeat(4)}，含“逗号,分号;反斜杠\\”`
    const request = insertRequest(db, { labId: gusuA, neededBy: '2027-02-01', status: 'submitted', deadline: '2026-12-21', title })
    const url = await addressOf(people.lab)
    const { text } = await fetchFeed(url)
    const lines = text.split('\r\n')
    expect(lines.some((l) => l.startsWith(' '))).toBe(true)
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75)
    const event = (await eventsOf(url)).find((e) => e.uid === `request-decision-${request.id}@labcycle`)
    expect(event?.summary).toBe(`姑苏甲实验室：资源申请“${title}”的决定时限`)
  })

  test('UIDs are the same on two fetches, and a moved due date moves the same event', async () => {
    const url = await addressOf(people.lab)
    const first = await eventsOf(url)
    expect((await eventsOf(url)).map((e) => e.uid)).toEqual(first.map((e) => e.uid))
    const due = db
      .select()
      .from(obligations)
      .where(and(eq(obligations.labId, gusuA), eq(obligations.kind, 'deliverable'), eq(obligations.validityYear, 2)))
      .get()!
    const uid = `deliverable-${due.id}@labcycle`
    expect(first.find((e) => e.uid === uid)?.start).toBe(due.dueDate)
    db.update(obligations).set({ dueDate: '2027-07-15' }).where(eq(obligations.id, due.id)).run()
    const moved = await eventsOf(url)
    expect(moved.filter((e) => e.uid === uid)).toMatchObject([{ start: '2027-07-15', end: '2027-07-16' }])
    expect(moved.map((e) => e.uid).sort()).toEqual(first.map((e) => e.uid).sort())
  })

  test('speaks English to a user who chose English', async () => {
    db.update(users).set({ locale: 'en' }).where(eq(users.id, people.lab.id)).run()
    const events = await eventsOf(await addressOf(people.lab))
    expect(events.find((e) => e.uid.startsWith('validity-'))?.summary).toBe(
      '姑苏甲实验室: certification ends on 2027-05-31 (renewal application due)',
    )
  })
})

describe('the offices’ and the expert’s feeds', () => {
  test('a district sees its own labs and no other district’s', async () => {
    expect(labsIn(await eventsOf(await addressOf(people.gusu)))).toEqual(new Set([gusuA, gusuB]))
    expect(labsIn(await eventsOf(await addressOf(people.wuzhongOffice)))).toEqual(new Set([wuzhong]))
  })

  test('two labs’ deadlines of one kind on one day are one event naming both, linked to the office’s page', async () => {
    // a second 姑苏 lab certified the same day as 姑苏甲: every due date the same
    const twin = makeLab(db, { districtCode: '320508', name: '姑苏丙实验室', startDate: '2025-06-01' }).id
    ensureLedger()
    const events = await eventsOf(await addressOf(people.gusu))
    const report = db
      .select()
      .from(obligations)
      .where(and(eq(obligations.labId, twin), eq(obligations.kind, 'annual_report'), eq(obligations.validityYear, 2)))
      .get()!
    const day = events.filter((e) => e.start === report.dueDate && e.summary.startsWith('年度报告'))
    expect(day).toHaveLength(1)
    expect(day[0]).toMatchObject({
      uid: `annual-report-day-${report.dueDate}@labcycle`,
      summary: '年度报告 · 2 家实验室',
      url: 'http://localhost:3000/reviews',
    })
    expect(day[0]!.description).toContain('姑苏丙实验室、姑苏甲实验室')
    // the labs themselves still get their own event, with its link and alarm
    const labEvents = await eventsOf(await addressOf(people.lab))
    expect(labEvents.filter((e) => e.start === report.dueDate && e.uid.startsWith('annual-report-'))).toHaveLength(1)
    expect(labsIn(labEvents)).toEqual(new Set([gusuA]))
  })

  test('the bureau’s own decisions: each upcoming one its own event, the overdue ones of a day one event', async () => {
    insertRequest(db, { labId: gusuA, neededBy: '2027-02-01', status: 'submitted', deadline: '2026-12-01' })
    insertRequest(db, { labId: wuzhong, neededBy: '2027-02-01', status: 'submitted', deadline: '2026-12-01' })
    insertRequest(db, { labId: gusuB, neededBy: '2027-02-01', status: 'submitted', deadline: '2026-12-20' })
    const decisions = (await eventsOf(await addressOf(people.bureau))).filter((e) => e.uid.startsWith('request-decision-'))
    expect(decisions.map((e) => [e.start, e.uid.includes('-day-') ? 'day' : 'own'])).toEqual([
      ['2026-12-01', 'day'],
      ['2026-12-20', 'own'],
    ])
    expect(decisions[0]!.summary).toMatch(/ · 2 家实验室$/)
    expect(decisions[0]!.url).toBe('http://localhost:3000/requests')
  })

  test('the bureau sees every lab', async () => {
    expect(labsIn(await eventsOf(await addressOf(people.bureau)))).toEqual(new Set([gusuA, gusuB, wuzhong]))
  })

  test('only what the reader owes rings the day before: the lab’s filings for the lab, decisions for the bureau', async () => {
    insertRequest(db, { labId: gusuA, neededBy: '2027-02-01', status: 'submitted', deadline: '2026-12-20' })
    const alarmed = async (who: User) => {
      const { text } = await fetchFeed(await addressOf(who))
      const vcal = new ICAL.Component(ICAL.parse(text))
      return new Set(
        vcal
          .getAllSubcomponents('vevent')
          .filter((v) => v.getFirstSubcomponent('valarm'))
          .map((v) => String(v.getFirstPropertyValue('uid')).replace(/-\d+@labcycle$/, '')),
      )
    }
    expect(await alarmed(people.lab)).toEqual(new Set(['renewal-window-opens', 'deliverable', 'validity', 'annual-report', 'drill']))
    expect(await alarmed(people.gusu)).toEqual(new Set())
    expect(await alarmed(people.bureau)).toEqual(new Set(['request-decision']))
  })

  test('an office’s feed is kept five minutes: a moved date shows after that', async () => {
    const url = await addressOf(people.gusu)
    const due = db
      .select()
      .from(obligations)
      .where(and(eq(obligations.labId, gusuB), eq(obligations.kind, 'annual_report'), eq(obligations.validityYear, 2)))
      .get()!
    const uid = `annual-report-${due.id}@labcycle`
    expect((await eventsOf(url)).find((e) => e.uid === uid)?.start).toBe(due.dueDate)
    db.update(obligations).set({ dueDate: '2027-08-01' }).where(eq(obligations.id, due.id)).run()
    setClock(new Date('2026-12-06T02:04:59.000Z'))
    expect((await eventsOf(url)).find((e) => e.uid === uid)?.start).toBe(due.dueDate)
    setClock(new Date('2026-12-06T02:05:00.000Z'))
    expect((await eventsOf(url)).find((e) => e.uid === uid)?.start).toBe('2027-08-01')
  })

  test('an expert gets a valid, empty calendar: their assignments carry no deadline', async () => {
    expect(await eventsOf(await addressOf(people.expert))).toEqual([])
  })
})

describe('the address', () => {
  test('is shown once as a full URL with a webcal twin, stored only as a hash, and audited', async () => {
    const url = await addressOf(people.lab)
    expect(url).toMatch(/^http:\/\/localhost:3000\/feeds\/cal_\d+_[A-Za-z0-9_-]{43}\.ics$/)
    // the secret is all 43 characters after the id: base64url may hold '_' itself, and a short tail
    // of it could turn up by chance in the stored hash (this test failed now and then that way)
    const secret = /cal_\d+_([A-Za-z0-9_-]{43})\.ics$/.exec(url)![1]!
    expect(JSON.stringify(db.select().from(calendarFeeds).all())).not.toContain(secret)
    const page = await outcome(() =>
      accountLoader({ request: getRequest('/account', signIn(people.lab)), params: {}, context: TEST_CONTEXT }),
    )
    expect(page.body.feed).toMatchObject({ lastFetchedAt: null })
    expect(JSON.stringify(page.body)).not.toContain(secret)
    expect(db.select().from(auditLog).where(eq(auditLog.entityType, 'calendar_feed')).all()).toMatchObject([
      { action: 'create', actorUserId: people.lab.id },
    ])
  })

  test('a fetch is recorded for the account page', async () => {
    const url = await addressOf(people.lab)
    await fetchFeed(url)
    const page = await outcome(() =>
      accountLoader({ request: getRequest('/account', signIn(people.lab)), params: {}, context: TEST_CONTEXT }),
    )
    expect(page.body.feed).toMatchObject({ lastFetchedAt: '2026-12-06T02:00:00.000Z' })
  })

  test('replaced: the old address is a 404 at once, the new one answers, one audit row says so', async () => {
    const old = await addressOf(people.lab)
    const fresh = await addressOf(people.lab, 'replaceFeed')
    expect(fresh).not.toBe(old)
    expect((await fetchFeed(old)).status).toBe(404)
    expect((await fetchFeed(fresh)).status).toBe(200)
    const audit = db.select().from(auditLog).where(eq(auditLog.entityType, 'calendar_feed')).all()
    expect(audit.map((a) => a.action)).toEqual(['create', 'replace'])
  })

  test('revoked: a 404, audited, and the page offers a new one', async () => {
    const url = await addressOf(people.lab)
    const revoked = await postAccount(people.lab, 'revokeFeed')
    expect(revoked).toMatchObject({ status: 302, location: '/account?feedRevoked=1#calendar-feed' })
    expect((await fetchFeed(url)).status).toBe(404)
    expect(
      db
        .select()
        .from(auditLog)
        .where(eq(auditLog.entityType, 'calendar_feed'))
        .all()
        .map((a) => a.action),
    ).toEqual(['create', 'revoke'])
    const page = await outcome(() =>
      accountLoader({ request: getRequest('/account', signIn(people.lab)), params: {}, context: TEST_CONTEXT }),
    )
    expect(page.body.feed).toBeNull()
  })

  test('revoking when nothing is live (a second tab) lands on the page and writes nothing', async () => {
    expect(await postAccount(people.lab, 'revokeFeed')).toMatchObject({ status: 302, location: '/account?feedRevoked=1#calendar-feed' })
    expect(db.select().from(auditLog).where(eq(auditLog.entityType, 'calendar_feed')).all()).toEqual([])
  })

  test('one user’s revoke does not touch another user’s address', async () => {
    const mine = await addressOf(people.lab)
    await addressOf(people.otherLab)
    await postAccount(people.otherLab, 'revokeFeed')
    expect((await fetchFeed(mine)).status).toBe(200)
  })

  test('a deactivated user’s address is a 404', async () => {
    const url = await addressOf(people.lab)
    db.update(users).set({ active: false }).where(eq(users.id, people.lab.id)).run()
    expect((await fetchFeed(url)).status).toBe(404)
  })

  test('an unknown, malformed or wrong-secret address is the same bare 404', async () => {
    const url = await addressOf(people.lab)
    const wrongSecret = url.replace(
      /_([A-Za-z0-9_-])([A-Za-z0-9_-]{42})\.ics$/,
      (_m, c: string, rest: string) => `_${c === 'A' ? 'B' : 'A'}${rest}.ics`,
    )
    for (const bad of [wrongSecret, url.replace(/cal_\d+_/, 'cal_999_'), `${TEST_ORIGIN}/feeds/nothing.ics`, url.slice(0, -4)]) {
      const answer = await fetchFeed(bad)
      expect(answer).toEqual({ status: 404, type: 'text/plain; charset=utf-8', text: 'Not found' })
    }
  })

  test('is rate-limited like the API: the 121st call in a burst is a 429 with Retry-After', async () => {
    const url = await addressOf(people.expert)
    const token = new URL(url).pathname.split('/').pop()!
    let last: Response | undefined
    for (let i = 0; i < 121; i++)
      last = (await feedLoader({ request: new Request(url), params: { token }, context: TEST_CONTEXT })) as Response
    expect(last!.status).toBe(429)
    expect(Number(last!.headers.get('Retry-After'))).toBeGreaterThan(0)
  })
})
