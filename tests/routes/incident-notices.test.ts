import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import { deliveriesSettled } from '~/models/deliver-soon.server'
import { loader as rootLoader } from '~/root'
import { action as incidentAction, loader as incidentLoader } from '~/routes/labs.$labId.incidents.$incidentId'
import { action as listAction } from '~/routes/labs.$labId.incidents._index'
import { action as securityAction } from '~/routes/labs.$labId.security'
import { loader as overviewLoader } from '~/routes/security'
import { action as settingsAction, loader as settingsLoader } from '~/routes/settings'
import { forgetEnv } from '~/utils/env.server'
import type { Db } from '~db/client.server'
import { auditLog, chatRobots, incidents, mailOutbox, notices, securityPlans, users } from '~db/schema'
import {
  formRequest,
  getRequest,
  makeCast,
  makeLab,
  outcome,
  settingVersionFields,
  setupTestDb,
  TEST_CONTEXT,
  TEST_ORIGIN,
  withVersion,
} from '../helpers'
import { pinClock } from '../clock'
import { startRobotStandIn } from '../robot-stand-in'
import { decodeSubject, startSmtp } from '../smtp'

// Issue 15 parts 1 and 2: who is told when a lab reports, regrades or closes an incident and
// when an emergency plan is submitted or acknowledged, and who is not; the urgent alert (inbox,
// mail sent at once, chat robots) and the bureau's acknowledgement of it.

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-incident-notices-'))
process.env.DATA_DIR = dataDir
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

// 2026-05-01 12:00 in Suzhou
const NOW = new Date('2026-05-01T04:00:00.000Z')
pinClock(NOW)

const PEOPLE = ['reporter', 'colleague', 'otherLab', 'otherDistrictLab', 'gusu', 'huqiu', 'bureau', 'expert'] as const
type Person = (typeof PEOPLE)[number]

let db: Db
let labId: number
let otherLabId: number
let farLabId: number
let ids: Record<Person, number>
let cookies: Record<Person, string>

beforeEach(async () => {
  db = setupTestDb()
  labId = makeLab(db, { districtCode: '320508', name: '姑苏数据实验室', secured: true }).id
  otherLabId = makeLab(db, { districtCode: '320508' }).id
  farLabId = makeLab(db, { districtCode: '320505' }).id
  const cast = await makeCast(db, {
    reporter: { role: 'lab', labId },
    colleague: { role: 'lab', labId },
    otherLab: { role: 'lab', labId: otherLabId },
    otherDistrictLab: { role: 'lab', labId: farLabId },
    gusu: { role: 'district', districtCode: '320508' },
    huqiu: { role: 'district', districtCode: '320505' },
    bureau: { role: 'bureau' },
    expert: { role: 'expert' },
  })
  ids = Object.fromEntries(PEOPLE.map((p) => [p, cast.users[p].id])) as Record<Person, number>
  cookies = cast.cookies
  for (const p of PEOPLE)
    db.update(users)
      .set({ email: `${p}@example.cn` })
      .where(eq(users.id, ids[p]))
      .run()
})

const REPORT = {
  intent: 'report',
  grade: 'III',
  title: '合作单位账号被盗用批量下载数据',
  discoveredAt: '2026-05-01T10:30',
  reportedAt: '',
  description: '监测发现合作单位账号在非工作时间批量下载数据。',
  dataAffected: '',
  measures: '',
}

const params = (p: Record<string, number>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]))

async function report(grade: string, cookie = cookies.reporter, lab = labId) {
  const o = await outcome(() =>
    listAction({
      request: formRequest(`/labs/${lab}/incidents`, { ...REPORT, grade }, cookie),
      params: params({ labId: lab }),
      context: TEST_CONTEXT,
    }),
  )
  expect(o.status, JSON.stringify(o.body)).toBe(302)
  return Number(/\/incidents\/(\d+)\?/.exec(o.location!)![1])
}

const act = (incidentId: number, fields: Record<string, string>, cookie: string, lab = labId) =>
  outcome(() =>
    incidentAction({
      request: formRequest(`/labs/${lab}/incidents/${incidentId}`, withVersion(incidents, incidentId, fields), cookie),
      params: params({ labId: lab, incidentId }),
      context: TEST_CONTEXT,
    }),
  )

const regrade = (incidentId: number, grade: string) =>
  act(incidentId, { intent: 'regrade', grade, reason: '核实影响范围后更正' }, cookies.reporter)
const acknowledge = (incidentId: number, cookie = cookies.bureau, fields: Record<string, string> = {}) =>
  act(incidentId, { intent: 'acknowledge', ...fields }, cookie)

// Each person's inbox notices: the kind and the title's key, with the link and the event's key.
const inboxOf = (p: Person) =>
  db
    .select({ source: notices.source, key: notices.title, link: notices.link, sourceId: notices.sourceId, step: notices.offsetDays })
    .from(notices)
    .where(and(eq(notices.recipientId, ids[p]), eq(notices.channel, 'inbox')))
    .all()
    .map((n) => ({ ...n, key: (n.key as { key: string }).key }))
const told = () =>
  Object.fromEntries(PEOPLE.map((p) => [p, inboxOf(p).map((n) => `${n.source} ${n.key}`)]).filter(([, list]) => list.length > 0))
const mailTo = (p: Person) =>
  db
    .select()
    .from(mailOutbox)
    .where(eq(mailOutbox.toAddress, `${p}@example.cn`))
    .all()
const incident = (id: number) => db.select().from(incidents).where(eq(incidents.id, id)).get()!

async function alertsBadge(cookie: string) {
  const root = await outcome(() => rootLoader({ request: getRequest('/', cookie), params: {}, context: TEST_CONTEXT }))
  return (root.body as { nav: { links: { id: string; count: number }[] } }).nav.links.find((l) => l.id === 'security')?.count
}

async function setAlertGrades(n: number) {
  const o = await outcome(() =>
    settingsAction({
      request: formRequest('/settings', { ...settingVersionFields(), intent: 'settings', incidentAlertGrades: String(n) }, cookies.bureau),
      params: {},
      context: TEST_CONTEXT,
    }),
  )
  expect(o.status, JSON.stringify(o.body)).toBe(302)
}

describe('an incident reported', () => {
  test('a grade III report tells the bureau, the district and the colleague; nobody else, and no alert', async () => {
    const id = await report('III')
    expect(told()).toEqual({
      colleague: ['incident notices.incident.reported'],
      gusu: ['incident notices.incident.reported'],
      bureau: ['incident notices.incident.reported'],
    })
    expect(inboxOf('gusu')[0].link).toBe(`/labs/${labId}/incidents/${id}`)
    expect(incident(id).alertedAt).toBeNull()
    // an ordinary notice's mail waits for the hourly run
    expect(mailTo('bureau').map((m) => m.status)).toEqual(['queued'])
    expect(await alertsBadge(cookies.bureau)).toBe(0)
  })

  test('a grade II report alerts the bureau and the district; the colleague is told; the badge counts it', async () => {
    const id = await report('II')
    expect(told()).toEqual({
      colleague: ['incident notices.incident.reported'],
      gusu: ['incident_alert notices.incident.alert'],
      bureau: ['incident_alert notices.incident.alert'],
    })
    expect(incident(id).alertedAt).toBe(NOW.toISOString())
    expect(await alertsBadge(cookies.bureau)).toBe(1)
    // the district is alerted but does not acknowledge: no count it could not clear
    expect(await alertsBadge(cookies.gusu)).toBe(0)
  })

  test('with only grade I urgent, a grade II report is an ordinary notice and a grade I report alerts', async () => {
    await setAlertGrades(1)
    const page = await outcome(() =>
      settingsLoader({ request: getRequest('/settings', cookies.bureau), params: {}, context: TEST_CONTEXT }),
    )
    expect((page.body as { rows: { key: string; value: number }[] }).rows.find((r) => r.key === 'incidentAlertGrades')?.value).toBe(1)
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'setting'), eq(auditLog.entityId, 'incidentAlertGrades')))
      .all()
    expect(audit.map((a) => [a.before, a.after])).toEqual([[{ incidentAlertGrades: 2 }, { incidentAlertGrades: 1 }]])

    const second = await report('II')
    expect(inboxOf('bureau').map((n) => n.source)).toEqual(['incident'])
    expect(incident(second).alertedAt).toBeNull()
    await report('I')
    expect(inboxOf('bureau').map((n) => n.source)).toEqual(['incident', 'incident_alert'])
    expect(await alertsBadge(cookies.bureau)).toBe(1)
  })

  test('with no grade urgent (0), even grade I is an ordinary notice', async () => {
    await setAlertGrades(0)
    await report('I')
    expect(inboxOf('gusu').map((n) => n.source)).toEqual(['incident'])
  })

  test('the alert setting refuses a value outside 0–4 and a stale form', async () => {
    const bad = await outcome(() =>
      settingsAction({
        request: formRequest('/settings', { ...settingVersionFields(), intent: 'settings', incidentAlertGrades: '5' }, cookies.bureau),
        params: {},
        context: TEST_CONTEXT,
      }),
    )
    expect(bad.status).toBe(400)
    const versions = settingVersionFields()
    await setAlertGrades(1)
    const stale = await outcome(() =>
      settingsAction({
        request: formRequest('/settings', { ...versions, intent: 'settings', incidentAlertGrades: '3' }, cookies.bureau),
        params: {},
        context: TEST_CONTEXT,
      }),
    )
    expect(stale.status).toBe(409)
  })

  test("another district's lab reporting alerts its own district, never gusu", async () => {
    await report('I', cookies.otherDistrictLab, farLabId)
    expect(told()).toEqual({ huqiu: ['incident_alert notices.incident.alert'], bureau: ['incident_alert notices.incident.alert'] })
  })
})

describe('the alert goes out at once', () => {
  test('the alert mail reaches the SMTP server before any scheduled run; the ordinary mail waits', async () => {
    const smtp = await startSmtp()
    process.env.SMTP_URL = smtp.url
    forgetEnv()
    try {
      await report('I')
      await deliveriesSettled()
      expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(['bureau@example.cn', 'gusu@example.cn'])
      expect(decodeSubject(smtp.received[0].raw)).toBe('【Labcycle】紧急：姑苏数据实验室报告 I 级安全事件“合作单位账号被盗用批量下载数据”')
      expect(mailTo('bureau')[0].status).toBe('sent')
      // the colleague's notice is not an alert: its mail waits for the hourly run
      expect(mailTo('colleague').map((m) => m.status)).toEqual(['queued'])
      // a grade III report sends nothing at once
      await report('III')
      await deliveriesSettled()
      expect(smtp.received).toHaveLength(2)
    } finally {
      delete process.env.SMTP_URL
      forgetEnv()
      await smtp.stop()
    }
  })

  test("the bureau's and the district's robots are queued a message; another district's robot is not", async () => {
    const robot = (districtCode: '320508' | '320505' | null, name: string) =>
      db.insert(chatRobots).values({ districtCode, provider: 'wecom', name, webhookUrl: 'http://127.0.0.1:9/x' }).returning().get().id
    const bureauRobot = robot(null, '市局值班群')
    const gusuRobot = robot('320508', '姑苏区群')
    robot('320505', '虎丘区群')
    await report('III')
    expect(db.select().from(mailOutbox).where(eq(mailOutbox.channel, 'robot')).all()).toHaveLength(0)
    await report('II')
    const queued = db.select().from(mailOutbox).where(eq(mailOutbox.channel, 'robot')).all()
    expect(queued.map((m) => m.robotId).sort()).toEqual([bureauRobot, gusuRobot].sort())
    expect(queued[0].body).toContain('紧急：姑苏数据实验室报告 II 级安全事件')
  })
})

describe('the alert reaches the offices’ chat robots at once', () => {
  test('a grade I report is posted, signed, to the bureau’s DingTalk group and gusu’s WeCom group before any run; huqiu’s hears nothing', async () => {
    const secret = 'SEC' + 'a1'.repeat(32)
    const robots = await startRobotStandIn({ dingtalk: { city: secret }, wecom: ['gusu-key', 'huqiu-key'] })
    process.env.ROBOT_HOSTS = '127.0.0.1'
    forgetEnv()
    try {
      const add = (districtCode: '320508' | '320505' | null, provider: 'dingtalk' | 'wecom', webhookUrl: string, withSecret?: string) =>
        db
          .insert(chatRobots)
          .values({ districtCode, provider, name: provider, webhookUrl, secret: withSecret ?? null })
          .run()
      add(null, 'dingtalk', robots.dingtalkUrl('city'), secret)
      add('320508', 'wecom', robots.wecomUrl('gusu-key'))
      add('320505', 'wecom', robots.wecomUrl('huqiu-key'))
      await report('I')
      await deliveriesSettled()
      expect(robots.received.map((r) => [r.provider, r.token, r.errcode, r.signed ?? null]).sort()).toEqual([
        ['dingtalk', 'city', 0, true],
        ['wecom', 'gusu-key', 0, null],
      ])
      const text = JSON.stringify(robots.received.map((r) => r.payload))
      expect(text).toContain('紧急：姑苏数据实验室报告 I 级安全事件')
      expect(
        db
          .select()
          .from(mailOutbox)
          .where(eq(mailOutbox.channel, 'robot'))
          .all()
          .map((m) => m.status),
      ).toEqual(['sent', 'sent'])
    } finally {
      delete process.env.ROBOT_HOSTS
      forgetEnv()
      await robots.stop()
    }
  })
})

describe('an incident regraded and closed', () => {
  test('a regrade into an urgent grade alerts; between urgent grades or out of them it is a regrade notice', async () => {
    const id = await report('III')
    expect((await regrade(id, 'I')).status).toBe(302)
    expect(inboxOf('bureau').map((n) => `${n.source} ${n.key} ${n.step}`)).toEqual([
      'incident notices.incident.reported 0',
      'incident_alert notices.incident.alertRegraded 2',
    ])
    expect(inboxOf('huqiu')).toEqual([])
    expect(incident(id).alertedAt).toBe(NOW.toISOString())
    expect(await alertsBadge(cookies.bureau)).toBe(1)

    // I → II: still urgent and already alerted: told as a regrade, not a second alert
    expect((await regrade(id, 'II')).status).toBe(302)
    // II → IV: told; the alert raised stays until the bureau acknowledges it
    expect((await regrade(id, 'IV')).status).toBe(302)
    expect(inboxOf('gusu').map((n) => `${n.source} ${n.key}`)).toEqual([
      'incident notices.incident.reported',
      'incident_alert notices.incident.alertRegraded',
      'incident notices.incident.regraded',
      'incident notices.incident.regraded',
    ])
    expect(inboxOf('colleague')).toHaveLength(4)
    expect(inboxOf('reporter')).toEqual([])
    expect(await alertsBadge(cookies.bureau)).toBe(1)

    // acknowledged, then IV → II: a new alert, waiting for a new acknowledgement
    expect((await acknowledge(id)).status).toBe(302)
    expect(await alertsBadge(cookies.bureau)).toBe(0)
    expect((await regrade(id, 'II')).status).toBe(302)
    expect(incident(id).alertAcknowledgedAt).toBeNull()
    expect(await alertsBadge(cookies.bureau)).toBe(1)
    expect(inboxOf('bureau').filter((n) => n.source === 'incident_alert')).toHaveLength(2)
  })

  test('closing tells the bureau, the district and the colleague; the steps before it tell nobody', async () => {
    const id = await report('IV')
    for (const to of ['contained', 'resolved'])
      expect((await act(id, { intent: 'advance', to, note: '处置中' }, cookies.reporter)).status).toBe(302)
    expect(inboxOf('bureau')).toHaveLength(1)
    expect((await act(id, { intent: 'advance', to: 'closed', note: '处置完毕' }, cookies.reporter)).status).toBe(302)
    expect(told()).toEqual({
      colleague: ['incident notices.incident.reported', 'incident notices.incident.closed'],
      gusu: ['incident notices.incident.reported', 'incident notices.incident.closed'],
      bureau: ['incident notices.incident.reported', 'incident notices.incident.closed'],
    })
    expect(inboxOf('gusu')[1].step).toBe(1)
  })
})

describe('the bureau acknowledges an alert', () => {
  test('acknowledged: recorded with who and when, audited, the badge and the /security list drop it', async () => {
    const id = await report('I')
    const overview = async (cookie: string) =>
      (await outcome(() => overviewLoader({ request: getRequest('/security', cookie), params: {}, context: TEST_CONTEXT }))).body as {
        alerts: { id: number }[]
      }
    expect((await overview(cookies.bureau)).alerts.map((a) => a.id)).toEqual([id])
    // the district sees its own district's alert awaiting the bureau; another district does not
    expect((await overview(cookies.gusu)).alerts.map((a) => a.id)).toEqual([id])
    expect((await overview(cookies.huqiu)).alerts).toEqual([])

    const page = await outcome(() =>
      incidentLoader({
        request: getRequest(`/labs/${labId}/incidents/${id}`, cookies.bureau),
        params: params({ labId, incidentId: id }),
        context: TEST_CONTEXT,
      }),
    )
    expect(page.body).toMatchObject({ canAcknowledge: true, alert: { alertedAt: NOW.toISOString(), acknowledgedAt: null } })

    const done = await acknowledge(id)
    expect(done.location).toBe(`/labs/${labId}/incidents/${id}?saved=alertAcknowledged`)
    expect(incident(id)).toMatchObject({ alertAcknowledgedAt: NOW.toISOString(), alertAcknowledgedBy: ids.bureau })
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'incident'), eq(auditLog.action, 'acknowledge_alert')))
      .all()
    expect(audit).toHaveLength(1)
    expect(await alertsBadge(cookies.bureau)).toBe(0)
    expect((await overview(cookies.bureau)).alerts).toEqual([])
    const after = await outcome(() =>
      incidentLoader({
        request: getRequest(`/labs/${labId}/incidents/${id}`, cookies.gusu),
        params: params({ labId, incidentId: id }),
        context: TEST_CONTEXT,
      }),
    )
    expect(after.body).toMatchObject({ canAcknowledge: false, alert: { acknowledgedAt: NOW.toISOString() } })
  })

  test('the district and the lab may not (403), another district and another lab see no such page (404)', async () => {
    const id = await report('I')
    expect((await acknowledge(id, cookies.gusu)).status).toBe(403)
    expect((await acknowledge(id, cookies.reporter)).status).toBe(403)
    expect((await acknowledge(id, cookies.huqiu)).status).toBe(404)
    expect((await acknowledge(id, cookies.otherLab)).status).toBe(404)
    expect((await acknowledge(id, cookies.expert)).status).toBe(404)
    expect(incident(id).alertAcknowledgedAt).toBeNull()
  })

  test('a stale page is refused (409), a missing version is bad input (400), an incident without alert has nothing to acknowledge', async () => {
    const id = await report('I')
    const shown = String(incident(id).rowVersion)
    expect((await act(id, { intent: 'note', note: '区局已电话联系实验室' }, cookies.gusu)).status).toBe(302)
    const stale = await acknowledge(id, cookies.bureau, { rowVersion: shown })
    expect(stale.status).toBe(409)
    expect(stale.body).toHaveProperty('stale')
    expect((await acknowledge(id, cookies.bureau, { rowVersion: '' })).status).toBe(400)
    expect(incident(id).alertAcknowledgedAt).toBeNull()

    expect((await acknowledge(id)).status).toBe(302)
    const again = await acknowledge(id)
    expect(again.status).toBe(409)
    const quiet = await report('IV')
    expect((await acknowledge(quiet)).status).toBe(409)
  })
})

describe('an emergency plan', () => {
  const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')
  function postPlan(fields: Record<string, string>, cookie: string, file = true) {
    const form = new FormData()
    for (const [k, v] of Object.entries(fields)) form.append(k, v)
    if (file) form.append('attachments', new File([new Uint8Array(PDF)], '应急预案.pdf'))
    const request = new Request(new URL(`/labs/${labId}/security`, TEST_ORIGIN), {
      method: 'POST',
      body: form,
      headers: { Origin: TEST_ORIGIN, Cookie: cookie },
    })
    return outcome(() => securityAction({ request, params: params({ labId }), context: TEST_CONTEXT }))
  }

  test('a new version tells the bureau only; its acknowledgement tells the lab only', async () => {
    const added = await postPlan(
      {
        intent: 'addPlan',
        version: 'V2.0',
        approvedOn: '2026-04-20',
        scope: '实验室全部数据资源',
        responsiblePerson: '张三',
        contact24h: '13800000000',
        nextReviewOn: '',
      },
      cookies.reporter,
    )
    expect(added.status, JSON.stringify(added.body)).toBe(302)
    const plan = db
      .select()
      .from(securityPlans)
      .where(and(eq(securityPlans.labId, labId), eq(securityPlans.version, 'V2.0')))
      .get()!
    expect(told()).toEqual({ bureau: ['security_plan notices.plan.submitted'] })
    expect(inboxOf('bureau')[0]).toMatchObject({ link: `/labs/${labId}/security`, sourceId: plan.id, step: 0 })

    const ack = await postPlan(
      { intent: 'acknowledge', planId: String(plan.id), rowVersion: String(plan.rowVersion) },
      cookies.bureau,
      false,
    )
    expect(ack.status, JSON.stringify(ack.body)).toBe(302)
    expect(told()).toEqual({
      reporter: ['security_plan notices.plan.acknowledged'],
      colleague: ['security_plan notices.plan.acknowledged'],
      bureau: ['security_plan notices.plan.submitted'],
    })
    expect(inboxOf('reporter')[0]).toMatchObject({ sourceId: plan.id, step: 1 })
  })
})
