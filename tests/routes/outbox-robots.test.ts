import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { notifyEvent } from '~/models/event-notices.server'
import { deliverMail } from '~/models/mail.server'
import { action, loader } from '~/routes/outbox'
import { forgetEnv } from '~/utils/env.server'
import type { Db } from '~db/client.server'
import { chatRobots, mailOutbox } from '~db/schema'
import { pinClock } from '../clock'
import { formRequest, getRequest, makeLab, makeUser, outcome, setupTestDb, signIn, TEST_CONTEXT } from '../helpers'
import { startRobotStandIn, type RobotStandIn } from '../robot-stand-in'

// The outbox page shows robot messages next to mail (issue 15): the channel, the robot and its
// office, the robot's error; it filters by channel; a failed robot message can be retried.
const NOW = new Date('2026-12-04T02:00:00Z')
let db: Db
let stand: RobotStandIn
let bureau: string

pinClock(NOW)
beforeAll(async () => {
  process.env.ROBOT_HOSTS = '127.0.0.1'
  forgetEnv()
  stand = await startRobotStandIn({ wecom: ['wk'] })
})
afterAll(async () => {
  delete process.env.ROBOT_HOSTS
  forgetEnv()
  await stand.stop()
})
beforeEach(async () => {
  db = setupTestDb()
  bureau = signIn(await makeUser(db, { role: 'bureau' }))
})

type Page = {
  messages: {
    id: number
    channel: string
    robot: { name: string; districtCode: string | null } | null
    status: string
    lastError: string | null
  }[]
}
const load = async (url = '/outbox') =>
  (await outcome(() => loader({ request: getRequest(url, bureau), params: {}, context: TEST_CONTEXT }))).body as Page

test('a robot message that failed shows its robot, office and error, is filtered by channel and can be retried', async () => {
  const lab = makeLab(db, { districtCode: '320508' })
  const robot = db
    .insert(chatRobots)
    .values({ districtCode: '320508', provider: 'wecom', name: '姑苏区值班群', webhookUrl: stand.wecomUrl('wk') })
    .returning()
    .get()
  db.insert(mailOutbox)
    .values({ toAddress: 'a@example.org', locale: 'zh', subject: '邮件', body: 'b', nextAttemptAt: NOW.toISOString() })
    .run()
  const { outboxIds } = db.transaction((tx) =>
    notifyEvent(tx, {
      source: 'incident',
      sourceId: 1,
      day: '2026-12-04',
      step: 0,
      labId: lab.id,
      title: { key: 'reminders.title.drill', params: { lab: '实验室' } },
      link: `/labs/${lab.id}`,
      to: {},
      robots: { districtCodes: ['320508'] },
      at: NOW,
    }),
  )
  stand.force({ errcode: 45009, errmsg: 'api freq out of limit' })
  await deliverMail({ db, now: NOW, transport: null, from: 'x' })

  const all = await load()
  expect(all.messages.map((m) => m.channel).sort()).toEqual(['email', 'robot'])
  expect(all.messages.find((m) => m.channel === 'robot')).toMatchObject({
    id: outboxIds[0],
    robot: { name: '姑苏区值班群', districtCode: '320508' },
    status: 'failed',
    lastError: 'errcode 45009: api freq out of limit',
  })
  expect((await load('/outbox?channel=robot')).messages.map((m) => m.id)).toEqual([outboxIds[0]])
  expect((await load('/outbox?channel=email')).messages.map((m) => m.channel)).toEqual(['email'])

  const retried = await outcome(() =>
    action({ request: formRequest('/outbox', { intent: 'retry', id: String(outboxIds[0]) }, bureau), params: {}, context: TEST_CONTEXT }),
  )
  expect(retried.location).toBe(`/outbox?retried=${outboxIds[0]}`)
  await deliverMail({ db, now: NOW, transport: null, from: 'x' })
  expect(db.select().from(mailOutbox).where(eq(mailOutbox.id, outboxIds[0])).get()).toMatchObject({ status: 'sent', attempts: 2 })
  expect(stand.received.map((r) => r.errcode)).toEqual([45009, 0])

  // once the robot is deleted its messages still show, under the name they were sent to
  db.update(mailOutbox).set({ robotId: null }).run()
  db.delete(chatRobots).where(eq(chatRobots.id, robot.id)).run()
  expect((await load('/outbox?channel=robot')).messages[0].robot).toMatchObject({ name: '姑苏区值班群', deleted: true })
})
