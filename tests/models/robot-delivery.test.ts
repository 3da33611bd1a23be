import { eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { deliveriesSettled, deliverSoon } from '~/models/deliver-soon.server'
import { notifyEvent, type EventNotice } from '~/models/event-notices.server'
import { deliverMail, retryMail } from '~/models/mail.server'
import { deliverRobots } from '~/models/robot-delivery.server'
import { deleteRobot } from '~/models/robots.server'
import { setClock } from '~/utils/clock.server'
import { forgetEnv } from '~/utils/env.server'
import type { Db } from '~db/client.server'
import { chatRobots, mailOutbox, notices } from '~db/schema'
import { mailJob } from '../../jobs/mail'
import { makeLab, makeUser, setupTestDb } from '../helpers'
import { startRobotStandIn, type RobotStandIn } from '../robot-stand-in'

// Robot messages go from the outbox to each robot's webhook (issue 15): DingTalk's markdown signed
// with 加签, WeCom's markdown, through a stand-in that checks format and signature as the robots do.
const NOW = new Date('2026-12-04T02:00:00Z')
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000)
const SECRET = 'SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd'
let db: Db
let robots: RobotStandIn
let lab: ReturnType<typeof makeLab>

beforeAll(async () => {
  process.env.ROBOT_HOSTS = '127.0.0.1'
  forgetEnv()
  robots = await startRobotStandIn({ dingtalk: { signed: SECRET, plain: null }, wecom: ['wk'] })
})
afterAll(async () => {
  delete process.env.ROBOT_HOSTS
  forgetEnv()
  await robots.stop()
})
beforeEach(() => {
  setClock(NOW)
  db = setupTestDb()
  lab = makeLab(db, { districtCode: '320508' })
  robots.received.length = 0
})
afterEach(() => setClock(undefined))

function addRobot(fields: Partial<typeof chatRobots.$inferInsert> & Pick<typeof chatRobots.$inferInsert, 'provider' | 'webhookUrl'>) {
  return db
    .insert(chatRobots)
    .values({ name: `${fields.provider} 群`, districtCode: null, ...fields })
    .returning()
    .get()
}

const event = (over: Partial<EventNotice> = {}): EventNotice => ({
  source: 'incident',
  sourceId: 7,
  day: '2026-12-04',
  step: 0,
  labId: lab.id,
  title: { key: 'reminders.title.drill', params: { lab: '苏州测试实验室' } },
  link: `/labs/${lab.id}/incidents/7`,
  to: {},
  robots: { bureau: true },
  at: NOW,
  ...over,
})

const tell = (over: Partial<EventNotice> = {}) => db.transaction((tx) => notifyEvent(tx, event(over)))
const outboxRow = (id: number) => db.select().from(mailOutbox).where(eq(mailOutbox.id, id)).get()!
const deliver = (now = NOW, signClock?: () => number) => deliverRobots({ db, now, signClock })

describe('each robot gets its own format', () => {
  test('a signed DingTalk robot receives a markdown message with a valid, fresh signature', async () => {
    const robot = addRobot({ provider: 'dingtalk', webhookUrl: robots.dingtalkUrl('signed'), secret: SECRET })
    const { outboxIds } = tell()
    expect(outboxIds).toHaveLength(1)
    expect(await deliver()).toEqual({ attempted: 1, posted: 1, failed: 0 })
    expect(robots.received).toHaveLength(1)
    const got = robots.received[0]
    expect(got).toMatchObject({ provider: 'dingtalk', token: 'signed', signed: true, errcode: 0 })
    expect(Math.abs(got.timestamp! - Date.now())).toBeLessThan(60_000)
    const md = (got.payload as { markdown: { title: string; text: string } }).markdown
    expect(got.payload).toMatchObject({ msgtype: 'markdown' })
    expect(md.title).toContain('苏州测试实验室')
    expect(md.text).toContain(`(http://localhost:3000/labs/${lab.id}/incidents/7)`)
    expect(outboxRow(outboxIds[0])).toMatchObject({ status: 'sent', attempts: 1, lastError: null, robotId: robot.id })
  })

  test('an unsigned DingTalk robot is posted without timestamp and sign', async () => {
    addRobot({ provider: 'dingtalk', webhookUrl: robots.dingtalkUrl('plain') })
    tell()
    expect(await deliver()).toMatchObject({ posted: 1 })
    expect(robots.received[0]).toMatchObject({ token: 'plain', errcode: 0 })
    expect(robots.received[0].timestamp).toBeUndefined()
  })

  test('a WeCom robot receives markdown content with the link', async () => {
    addRobot({ provider: 'wecom', webhookUrl: robots.wecomUrl('wk') })
    tell()
    expect(await deliver()).toMatchObject({ posted: 1 })
    const content = (robots.received[0].payload as { markdown: { content: string } }).markdown.content
    expect(robots.received[0]).toMatchObject({ provider: 'wecom', token: 'wk', errcode: 0, payload: { msgtype: 'markdown' } })
    expect(content).toContain('苏州测试实验室')
    expect(content).toContain(`/labs/${lab.id}/incidents/7)`)
  })

  test('a title far over WeCom’s 4096 bytes is cut and still taken by the robot, the link kept', async () => {
    addRobot({ provider: 'wecom', webhookUrl: robots.wecomUrl('wk') })
    const { outboxIds } = tell({ title: { key: 'reminders.title.drill', params: { lab: '很长的实验室名称'.repeat(400) } } })
    expect(await deliver()).toMatchObject({ posted: 1 })
    const content = (robots.received[0].payload as { markdown: { content: string } }).markdown.content
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(4096)
    expect(content).toMatch(new RegExp(`…\\n\\n?.*\\(http://localhost:3000/labs/${lab.id}/incidents/7\\)$`))
    expect(outboxRow(outboxIds[0]).status).toBe('sent')
  })
})

describe('the robot refuses', () => {
  test('a wrong secret: DingTalk answers 200 with errcode 310000, the message fails with that error and waits for its back-off', async () => {
    addRobot({ provider: 'dingtalk', webhookUrl: robots.dingtalkUrl('signed'), secret: 'SECwrongwrongwrongwrongwrong' })
    const { outboxIds } = tell()
    expect(await deliver()).toEqual({ attempted: 1, posted: 0, failed: 1 })
    expect(robots.received[0]).toMatchObject({ signed: false, errcode: 310000 })
    expect(outboxRow(outboxIds[0])).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'errcode 310000: sign not match',
      nextAttemptAt: later(15).toISOString(),
    })
  })

  test('a signature more than an hour old is refused as DingTalk does (the signing clock is the wall clock)', async () => {
    addRobot({ provider: 'dingtalk', webhookUrl: robots.dingtalkUrl('signed'), secret: SECRET })
    const { outboxIds } = tell()
    await deliver(NOW, () => Date.now() - 61 * 60_000)
    expect(robots.received[0]).toMatchObject({ signed: true, errcode: 310000 })
    expect(outboxRow(outboxIds[0]).lastError).toBe('errcode 310000: invalid timestamp')
  })

  test('an unknown WeCom key: errcode 93000 is kept as the error', async () => {
    addRobot({ provider: 'wecom', webhookUrl: robots.wecomUrl('gone') })
    const { outboxIds } = tell()
    await deliver()
    expect(outboxRow(outboxIds[0])).toMatchObject({ status: 'failed', lastError: 'errcode 93000: invalid webhook url' })
  })

  test('an outage, then the robot is back: failed, backed off, retried when due, sent once', async () => {
    addRobot({ provider: 'wecom', webhookUrl: robots.wecomUrl('wk') })
    const { outboxIds } = tell()
    robots.force({ status: 502, errcode: -1, errmsg: 'bad gateway' }, { status: 200, errcode: 45009, errmsg: 'api freq out of limit' })
    await deliver()
    expect(outboxRow(outboxIds[0])).toMatchObject({ status: 'failed', attempts: 1, lastError: 'HTTP 502 errcode -1: bad gateway' })
    // before the back-off has passed nothing is tried
    expect(await deliver(later(10))).toEqual({ attempted: 0, posted: 0, failed: 0 })
    await deliver(later(15))
    expect(outboxRow(outboxIds[0])).toMatchObject({ status: 'failed', attempts: 2, nextAttemptAt: later(45).toISOString() })
    expect(await deliver(later(45))).toEqual({ attempted: 1, posted: 1, failed: 0 })
    expect(await deliver(later(600))).toEqual({ attempted: 0, posted: 0, failed: 0 })
    expect(robots.received.map((r) => r.errcode)).toEqual([-1, 45009, 0])
    expect(outboxRow(outboxIds[0])).toMatchObject({ status: 'sent', attempts: 3, lastError: null })
  })

  test('nothing listening: the connection error is kept and the message waits', async () => {
    const gone = await startRobotStandIn()
    const url = gone.wecomUrl('wk')
    await gone.stop()
    addRobot({ provider: 'wecom', webhookUrl: url })
    const { outboxIds } = tell()
    await deliver()
    expect(outboxRow(outboxIds[0])).toMatchObject({ status: 'failed', nextAttemptAt: later(15).toISOString() })
    expect(outboxRow(outboxIds[0]).lastError).toMatch(/ECONNREFUSED/)
  })
})

test('two deliverers at once post each message once (claimed before it is sent)', async () => {
  addRobot({ provider: 'dingtalk', webhookUrl: robots.dingtalkUrl('signed'), secret: SECRET })
  addRobot({ provider: 'wecom', webhookUrl: robots.wecomUrl('wk') })
  for (let i = 1; i <= 10; i++) tell({ sourceId: i })
  const [a, b] = await Promise.all([deliver(), deliver()])
  expect(a.posted + b.posted).toBe(20)
  expect(a.attempted + b.attempted).toBe(20)
  expect(robots.received).toHaveLength(20)
  expect(
    db
      .select()
      .from(mailOutbox)
      .all()
      .every((m) => m.status === 'sent' && m.attempts === 1),
  ).toBe(true)
})

describe('a robot that is no more', () => {
  test('a deleted robot’s queued message fails with the reason, for good; the ledger forgets the robot', async () => {
    const robot = addRobot({ provider: 'wecom', webhookUrl: robots.wecomUrl('wk') })
    const { outboxIds } = tell()
    const bureau = await makeUser(db, { role: 'bureau' })
    const actor = { ...bureau, role: 'bureau' as const, districtCode: null, labId: null, displayName: '市局' }
    expect(deleteRobot({ user: actor, id: robot.id, version: robot.rowVersion, at: NOW })).toMatchObject({ ok: true })
    expect(await deliver()).toEqual({ attempted: 1, posted: 0, failed: 1 })
    expect(outboxRow(outboxIds[0])).toMatchObject({
      status: 'failed',
      robotId: null,
      lastError: 'outbox.robotError.deleted',
      nextAttemptAt: null,
    })
    expect(robots.received).toEqual([])
    expect(db.select().from(notices).where(eq(notices.channel, 'robot')).all()).toEqual([])
  })

  test('a switched-off robot’s queued message fails with the reason; the bureau can retry it once it is on again', async () => {
    const robot = addRobot({ provider: 'wecom', webhookUrl: robots.wecomUrl('wk') })
    const { outboxIds } = tell()
    db.update(chatRobots).set({ active: false }).where(eq(chatRobots.id, robot.id)).run()
    await deliver()
    expect(outboxRow(outboxIds[0])).toMatchObject({ status: 'failed', lastError: 'outbox.robotError.inactive', nextAttemptAt: null })
    db.update(chatRobots).set({ active: true }).where(eq(chatRobots.id, robot.id)).run()
    expect(retryMail({ db, id: outboxIds[0], actor: { id: null, displayName: 'bureau' }, now: later(5) })).toBe('retried')
    expect(await deliver(later(5))).toMatchObject({ posted: 1 })
    expect(robots.received).toHaveLength(1)
  })

  test('an address no longer on the allow-list is not called', async () => {
    addRobot({ provider: 'wecom', webhookUrl: robots.wecomUrl('wk') })
    const { outboxIds } = tell()
    process.env.ROBOT_HOSTS = 'qyapi.weixin.qq.com'
    forgetEnv()
    try {
      await deliver()
    } finally {
      process.env.ROBOT_HOSTS = '127.0.0.1'
      forgetEnv()
    }
    expect(outboxRow(outboxIds[0])).toMatchObject({ status: 'failed', lastError: 'outbox.robotError.host' })
    expect(robots.received).toEqual([])
  })
})

describe('every deliverer delivers robot messages', () => {
  test('deliverMail without SMTP posts robot messages and leaves mail queued', async () => {
    addRobot({ provider: 'wecom', webhookUrl: robots.wecomUrl('wk') })
    tell()
    db.insert(mailOutbox)
      .values({ toAddress: 'a@example.org', locale: 'zh', subject: 's', body: 'b', nextAttemptAt: NOW.toISOString() })
      .run()
    expect(await deliverMail({ db, now: NOW, transport: null, from: 'x' })).toEqual({ attempted: 1, mailed: 1, failed: 0, pending: 1 })
    expect(robots.received).toHaveLength(1)
  })

  test('deliverSoon posts the robot messages it is given at once', async () => {
    addRobot({ provider: 'dingtalk', webhookUrl: robots.dingtalkUrl('signed'), secret: SECRET })
    const first = tell({ sourceId: 1 })
    tell({ sourceId: 2 })
    deliverSoon(first.outboxIds, NOW)
    await deliveriesSettled()
    expect(robots.received).toHaveLength(1)
    expect(outboxRow(first.outboxIds[0]).status).toBe('sent')
  })

  test('the mail job’s dry run counts robot messages and posts nothing', async () => {
    addRobot({ provider: 'wecom', webhookUrl: robots.wecomUrl('wk') })
    tell()
    expect(await mailJob.run({ now: NOW, dryRun: true } as Parameters<typeof mailJob.run>[0])).toMatchObject({ pending: 1, mailed: 0 })
    expect(robots.received).toEqual([])
  })
})
