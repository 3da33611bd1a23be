import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { serverForSuite } from '../app-server'
import { startRobotStandIn, type RobotStandIn } from '../robot-stand-in'
import { dbQuery, signIn } from './http'

// A chat robot registered over HTTP on the running server, its test message delivered through the
// outbox to a stand-in robot that checks DingTalk's 加签 signature; a refused message retried from
// the outbox and sent by the mail job. The server may post to 127.0.0.1 only (ROBOT_HOSTS).
const SECRET = 'SEC5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c'
const TOKEN = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0'

describe('chat robots on the running server', () => {
  const server = serverForSuite({ env: { ROBOT_HOSTS: '127.0.0.1' } })
  let robot: RobotStandIn
  beforeAll(async () => {
    robot = await startRobotStandIn({ dingtalk: { [TOKEN]: SECRET } })
  })
  afterAll(async () => {
    await robot?.stop()
  })

  test('the bureau registers a signed DingTalk robot, its test message arrives signed, and a refused one is retried', async () => {
    const bureau = await signIn(server.baseUrl, 'bureau')
    const settings = await bureau.get('/settings')
    expect(await settings.text()).toContain('href="/settings/robots"')

    // a host off the allow-list is refused, in Chinese, and nothing is stored
    const refused = await bureau.post('/settings/robots', {
      intent: 'create',
      provider: 'dingtalk',
      name: '市局值班群',
      webhookUrl: 'http://169.254.169.254/latest/meta-data',
      secret: SECRET,
      active: 'on',
    })
    expect(refused.status).toBe(400)
    const refusedHtml = await refused.text()
    expect(refusedHtml).toContain('不允许的主机')
    expect(refusedHtml).toContain('市局值班群')
    expect(refusedHtml).not.toContain(SECRET)
    expect(dbQuery(server.dataDir, "SELECT id FROM chat_robots WHERE name = '市局值班群'")).toEqual([])

    const created = await bureau.post('/settings/robots', {
      intent: 'create',
      provider: 'dingtalk',
      name: '市局值班群',
      webhookUrl: robot.dingtalkUrl(TOKEN),
      secret: SECRET,
      active: 'on',
    })
    expect(created.status, await created.clone().text()).toBe(302)
    const [{ id }] = dbQuery<{ id: number }>(server.dataDir, "SELECT id FROM chat_robots WHERE name = '市局值班群'")

    // the page shows the address and the secret by their last four characters only
    const page = await (await bureau.get('/settings/robots')).text()
    expect(page).toContain('市局值班群')
    expect(page).toContain(`••••${TOKEN.slice(-4)}`)
    expect(page).toContain(`••••${SECRET.slice(-4)}`)
    expect(page).not.toContain(TOKEN)
    expect(page).not.toContain(SECRET)
    const audit = dbQuery<{ before: string | null; after: string | null }>(
      server.dataDir,
      "SELECT before, after FROM audit_log WHERE entity_type = 'chat_robot'",
    )
    expect(JSON.stringify(audit)).not.toContain(TOKEN)
    expect(JSON.stringify(audit)).not.toContain(SECRET)

    // the test message: queued and delivered at once, correctly signed and fresh
    const tested = await bureau.post('/settings/robots', { intent: 'test', id: String(id) })
    expect(tested.status).toBe(200)
    expect(await tested.text()).toContain('测试消息已发送到“市局值班群”')
    expect(robot.received).toHaveLength(1)
    expect(robot.received[0]).toMatchObject({
      provider: 'dingtalk',
      token: TOKEN,
      signed: true,
      errcode: 0,
      payload: { msgtype: 'markdown' },
    })
    expect(Math.abs(robot.received[0].timestamp! - Date.now())).toBeLessThan(5 * 60_000)

    // the robot refuses the next one: the page says why, the outbox keeps the robot's error
    robot.force({ errcode: 310000, errmsg: 'sign not match' })
    const failed = await bureau.post('/settings/robots', { intent: 'test', id: String(id) })
    expect(await failed.text()).toContain('errcode 310000: sign not match')
    const [row] = dbQuery<{ id: number; status: string; last_error: string }>(
      server.dataDir,
      "SELECT id, status, last_error FROM mail_outbox WHERE channel = 'robot' AND status = 'failed'",
    )
    expect(row.last_error).toBe('errcode 310000: sign not match')
    const outbox = await (await bureau.get('/outbox?channel=robot')).text()
    expect(outbox).toContain('errcode 310000: sign not match')
    expect(outbox).toContain('市局值班群')

    // retried from the outbox, sent by the mail job (no SMTP configured: robots go out anyway)
    expect((await bureau.post('/outbox', { intent: 'retry', id: String(row.id) })).status).toBe(302)
    expect((await bureau.post('/jobs', { intent: 'run', job: 'mail' })).status).toBe(302)
    expect(dbQuery(server.dataDir, 'SELECT status, attempts FROM mail_outbox WHERE id = ?', row.id)).toEqual([
      { status: 'sent', attempts: 2 },
    ])
    expect(robot.received.map((r) => r.errcode)).toEqual([0, 310000, 0])
    expect(robot.received[2]).toMatchObject({ signed: true, token: TOKEN })
  })

  test('a district office reaches its own robots page from its navigation; not the bureau’s robot, nor a lab the page', async () => {
    const gusu = await signIn(server.baseUrl, 'gusu')
    expect(await (await gusu.get('/')).text()).toContain('href="/settings/robots"')
    const page = await gusu.get('/settings/robots')
    expect(page.status).toBe(200)
    expect(await page.text()).not.toContain('市局值班群')
    const [{ id }] = dbQuery<{ id: number }>(server.dataDir, "SELECT id FROM chat_robots WHERE name = '市局值班群'")
    expect((await gusu.post('/settings/robots', { intent: 'test', id: String(id) })).status).toBe(404)
    expect((await gusu.get('/settings')).status).toBe(404)
    const lab = await signIn(server.baseUrl, 'lab')
    expect((await lab.get('/settings/robots')).status).toBe(404)
  })
})
