import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { translator } from '~/i18n'
import { action, loader } from '~/routes/settings_.robots'
import { forgetEnv } from '~/utils/env.server'
import type { Db } from '~db/client.server'
import { auditLog, chatRobots, mailOutbox } from '~db/schema'
import { pinClock } from '../clock'
import {
  currentVersion,
  errorsOf,
  formRequest,
  getRequest,
  makeUser,
  outcome,
  setupTestDb,
  signIn,
  TEST_CONTEXT,
  valuesOf,
} from '../helpers'
import { startRobotStandIn, type RobotStandIn } from '../robot-stand-in'

// The offices' chat robot settings (issue 15): each office its own robots; the bureau sees the
// districts' read only; addresses and secrets never leave the server in full.
const zh = translator('zh')
const SECRET = 'SEC9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0'
const TOKEN = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9'
let db: Db
let stand: RobotStandIn
let cookies: Record<'bureau' | 'gusu' | 'huqiu' | 'lab' | 'expert', string>

pinClock(new Date('2026-12-04T02:00:00Z'))
beforeAll(async () => {
  process.env.ROBOT_HOSTS = '127.0.0.1'
  forgetEnv()
  stand = await startRobotStandIn({ dingtalk: { [TOKEN]: SECRET }, wecom: ['wk'] })
})
afterAll(async () => {
  delete process.env.ROBOT_HOSTS
  forgetEnv()
  await stand.stop()
})
beforeEach(async () => {
  db = setupTestDb()
  stand.received.length = 0
  cookies = {
    bureau: signIn(await makeUser(db, { role: 'bureau' })),
    gusu: signIn(await makeUser(db, { role: 'district', districtCode: '320508' })),
    huqiu: signIn(await makeUser(db, { role: 'district', districtCode: '320505' })),
    lab: signIn(await makeUser(db, { role: 'lab' })),
    expert: signIn(await makeUser(db, { role: 'expert' })),
  }
})

const load = (cookie: string) =>
  outcome(() => loader({ request: getRequest('/settings/robots', cookie), params: {}, context: TEST_CONTEXT }))
const post = (cookie: string, fields: Record<string, string>) =>
  outcome(() => action({ request: formRequest('/settings/robots', fields, cookie), params: {}, context: TEST_CONTEXT }))

const dingtalk = () => ({
  intent: 'create',
  provider: 'dingtalk',
  name: '市局值班群',
  webhookUrl: stand.dingtalkUrl(TOKEN),
  secret: SECRET,
  active: 'on',
})
const robotsOf = () => db.select().from(chatRobots).orderBy(chatRobots.id).all()
const version = (id: number) => currentVersion(chatRobots, id)

async function register(cookie: string, fields: Record<string, string> = dingtalk()) {
  const done = await post(cookie, fields)
  expect(done.status, JSON.stringify(done.body)).toBe(302)
  return robotsOf().at(-1)!
}

describe('registering and changing a robot', () => {
  test('the bureau registers a signed DingTalk robot: saved in full, shown masked, audited masked', async () => {
    const done = await post(cookies.bureau, dingtalk())
    expect(done.status).toBe(302)
    const [robot] = robotsOf()
    expect(done.location).toBe(`/settings/robots?saved=created&robot=${robot.id}`)
    expect(robot).toMatchObject({
      districtCode: null,
      provider: 'dingtalk',
      name: '市局值班群',
      webhookUrl: stand.dingtalkUrl(TOKEN),
      secret: SECRET,
      active: true,
    })

    const page = await load(cookies.bureau)
    const mine = (page.body.mine as { webhook: string; secret: string }[])[0]
    expect(mine).toMatchObject({ webhook: `••••${TOKEN.slice(-4)}`, secret: `••••${SECRET.slice(-4)}` })
    // neither the token nor the secret is in anything the page receives
    expect(JSON.stringify(page.body)).not.toContain(TOKEN.slice(0, 20))
    expect(JSON.stringify(page.body)).not.toContain(SECRET.slice(0, 20))

    const [audit] = db.select().from(auditLog).where(eq(auditLog.entityType, 'chat_robot')).all()
    expect(audit).toMatchObject({ action: 'create', entityId: String(robot.id) })
    expect(JSON.stringify(audit)).not.toContain(TOKEN.slice(0, 20))
    expect(JSON.stringify(audit)).not.toContain(SECRET.slice(0, 20))
    expect(audit.after).toMatchObject({ webhookUrl: `••••${TOKEN.slice(-4)}`, secret: `••••${SECRET.slice(-4)}` })
  })

  test('a district office registers its own robot; the bureau sees it read only, masked; another district does not', async () => {
    const robot = await register(cookies.gusu, {
      intent: 'create',
      provider: 'wecom',
      name: '姑苏区群',
      webhookUrl: stand.wecomUrl('wk'),
      active: 'on',
    })
    expect(robot).toMatchObject({ districtCode: '320508', provider: 'wecom', secret: null })
    expect((await load(cookies.gusu)).body).toMatchObject({ mine: [{ id: robot.id, name: '姑苏区群' }], districts: [], bureau: false })
    const bureauPage = await load(cookies.bureau)
    expect(bureauPage.body).toMatchObject({ mine: [], districts: [{ id: robot.id, districtCode: '320508', webhook: '••••y=wk' }] })
    expect((await load(cookies.huqiu)).body).toMatchObject({ mine: [], districts: [] })
  })

  test('editing with the address and secret left empty keeps them; switching off and removing the secret are audited', async () => {
    const robot = await register(cookies.bureau)
    const edited = await post(cookies.bureau, {
      intent: 'update',
      id: String(robot.id),
      rowVersion: version(robot.id),
      provider: 'dingtalk',
      name: '市局应急群',
      webhookUrl: '',
      secret: '',
      clearSecret: 'on',
    })
    expect(edited.location).toBe(`/settings/robots?saved=updated&robot=${robot.id}`)
    expect(robotsOf()[0]).toMatchObject({
      name: '市局应急群',
      webhookUrl: robot.webhookUrl,
      secret: null,
      active: false,
      rowVersion: robot.rowVersion + 1,
    })
    const update = db.select().from(auditLog).where(eq(auditLog.action, 'update')).get()!
    expect(update.before).toMatchObject({ name: '市局值班群', secret: `••••${SECRET.slice(-4)}`, active: true })
    expect(update.after).toMatchObject({ name: '市局应急群', secret: null, active: false })
  })

  test('the same values again change nothing and write no audit row', async () => {
    const robot = await register(cookies.bureau)
    const again = await post(cookies.bureau, {
      ...dingtalk(),
      intent: 'update',
      id: String(robot.id),
      rowVersion: version(robot.id),
      webhookUrl: '',
      secret: '',
    })
    expect(again.location).toContain('saved=unchanged')
    expect(db.select().from(auditLog).where(eq(auditLog.action, 'update')).all()).toEqual([])
  })

  test('deleting a robot removes it and audits who did', async () => {
    const robot = await register(cookies.bureau)
    const done = await post(cookies.bureau, { intent: 'delete', id: String(robot.id), rowVersion: version(robot.id) })
    expect(done.location).toBe('/settings/robots?saved=deleted')
    expect(robotsOf()).toEqual([])
    expect(db.select().from(auditLog).where(eq(auditLog.action, 'delete')).get()!.before).toMatchObject({ name: '市局值班群' })
  })
})

describe('the test message', () => {
  test('goes through the outbox to the robot at once, correctly signed, and the page says it arrived', async () => {
    const robot = await register(cookies.bureau)
    const tested = await post(cookies.bureau, { intent: 'test', id: String(robot.id) })
    expect(tested.status).toBe(200)
    expect(tested.body.tested).toEqual({ name: '市局值班群', sent: true, error: null })
    expect(stand.received).toHaveLength(1)
    expect(stand.received[0]).toMatchObject({ provider: 'dingtalk', signed: true, errcode: 0 })
    expect(JSON.stringify(stand.received[0].payload)).toContain(zh('robots.testSubject'))
    expect(db.select().from(mailOutbox).all()).toMatchObject([{ channel: 'robot', robotId: robot.id, status: 'sent' }])
    expect(db.select().from(auditLog).where(eq(auditLog.action, 'test')).all()).toHaveLength(1)
  })

  test('a robot that refuses: the page shows the robot’s own error', async () => {
    const robot = await register(cookies.gusu, {
      intent: 'create',
      provider: 'wecom',
      name: '旧群',
      webhookUrl: stand.wecomUrl('removed'),
      active: 'on',
    })
    const tested = await post(cookies.gusu, { intent: 'test', id: String(robot.id) })
    expect(tested.body.tested).toEqual({ name: '旧群', sent: false, error: 'errcode 93000: invalid webhook url' })
  })
})

describe('scope', () => {
  test.each(['lab', 'expert'] as const)('a %s account has no robots page and cannot post to it (404)', async (who) => {
    expect((await load(cookies[who])).status).toBe(404)
    expect((await post(cookies[who], dingtalk())).status).toBe(404)
    expect(robotsOf()).toEqual([])
  })

  test('a district cannot touch another district’s robot or the bureau’s, nor the bureau a district’s: 404, nothing changes', async () => {
    const gusu = await register(cookies.gusu, {
      intent: 'create',
      provider: 'wecom',
      name: '姑苏区群',
      webhookUrl: stand.wecomUrl('wk'),
      active: 'on',
    })
    const bureau = await register(cookies.bureau)
    const attempts: [string, number][] = [
      [cookies.huqiu, gusu.id],
      [cookies.gusu, bureau.id],
      [cookies.bureau, gusu.id],
    ]
    for (const [cookie, id] of attempts) {
      for (const intent of ['update', 'delete', 'test']) {
        const answer = await post(cookie, { ...dingtalk(), intent, id: String(id), rowVersion: version(id), webhookUrl: '', secret: '' })
        expect(answer.status, `${intent} ${id}`).toBe(404)
      }
    }
    expect(robotsOf().map((r) => [r.name, r.rowVersion])).toEqual([
      ['姑苏区群', 1],
      ['市局值班群', 1],
    ])
    expect(stand.received).toEqual([])
  })
})

describe('bad input', () => {
  test.each([
    [{ webhookUrl: 'not a url' }, 'webhookUrl', 'robots.error.webhookUrl'],
    [{ webhookUrl: 'ftp://127.0.0.1/robot/send' }, 'webhookUrl', 'robots.error.webhookScheme'],
    [{ webhookUrl: 'http://169.254.169.254/latest/meta-data' }, 'webhookUrl', 'robots.error.webhookHost'],
    [{ webhookUrl: '' }, 'webhookUrl', 'robots.error.webhookRequired'],
    [{ secret: 'not-a-secret' }, 'secret', 'robots.error.secret'],
    [{ provider: 'wecom', webhookUrl: 'http://127.0.0.1/cgi-bin/webhook/send?key=wk' }, 'secret', 'robots.error.secretWecom'],
    [{ provider: 'slack' }, 'provider', 'robots.error.provider'],
    [{ name: '  ' }, 'name', 'robots.error.name'],
    [{ name: '长'.repeat(61) }, 'name', 'robots.error.name'],
  ])('%o → 400 on %s, what was typed kept except the address and secret', async (change, field, key) => {
    const answer = await post(cookies.bureau, { ...dingtalk(), ...change })
    expect(answer.status).toBe(400)
    expect(errorsOf(answer)[field].key).toBe(key)
    expect(zh(key as never, { hosts: '127.0.0.1' })).not.toBe(key)
    const back = valuesOf(answer)
    expect(back).toMatchObject({ name: (change as { name?: string }).name ?? '市局值班群', active: 'on' })
    expect(back.webhookUrl).toBeUndefined()
    expect(back.secret).toBeUndefined()
    expect(JSON.stringify(answer.body)).not.toContain(SECRET.slice(0, 20))
    expect(robotsOf()).toEqual([])
  })

  test('the host message names the allowed hosts, in Chinese', async () => {
    const answer = await post(cookies.bureau, { ...dingtalk(), webhookUrl: 'https://evil.example/robot/send?access_token=x' })
    const error = errorsOf(answer).webhookUrl
    expect(zh(error.key, error.vars)).toBe('不允许的主机：Webhook 地址只能指向 127.0.0.1。')
  })

  test('an unknown intent or a missing id is a 400 with a message, not a crash', async () => {
    expect(errorsOf(await post(cookies.bureau, { intent: 'explode' }))._form.key).toBe('form.invalidChoice')
    expect((await post(cookies.bureau, { intent: 'test' })).status).toBe(400)
    expect((await post(cookies.bureau, { intent: 'update', id: 'abc' })).status).toBe(400)
  })

  test('an edit on a page someone has saved since is refused with 409; one without a version with 400', async () => {
    const robot = await register(cookies.bureau)
    const seen = version(robot.id)
    await post(cookies.bureau, {
      ...dingtalk(),
      intent: 'update',
      id: String(robot.id),
      rowVersion: seen,
      name: '第一人',
      webhookUrl: '',
      secret: '',
    })
    const stale = await post(cookies.bureau, {
      ...dingtalk(),
      intent: 'update',
      id: String(robot.id),
      rowVersion: seen,
      name: '第二人',
      webhookUrl: '',
      secret: '',
    })
    expect(stale.status).toBe(409)
    expect(stale.body.stale).toBeTruthy()
    const staleDelete = await post(cookies.bureau, { intent: 'delete', id: String(robot.id), rowVersion: seen })
    expect(staleDelete.status).toBe(409)
    const none = await post(cookies.bureau, {
      ...dingtalk(),
      intent: 'update',
      id: String(robot.id),
      name: '第三人',
      webhookUrl: '',
      secret: '',
    })
    expect(none.status).toBe(400)
    expect(robotsOf()).toMatchObject([{ name: '第一人' }])
  })
})
