import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { noticeKindsFor } from '~/domain/notice-kinds'
import { deliveriesSettled, deliverSoon } from '~/models/deliver-soon.server'
import { notifyEvent, type EventNotice } from '~/models/event-notices.server'
import { saveMailPreferences } from '~/models/reminders.server'
import { setClock } from '~/utils/clock.server'
import { forgetEnv } from '~/utils/env.server'
import type { Db } from '~db/client.server'
import { chatRobots, inboxItems, mailOutbox, notices, users } from '~db/schema'
import { makeLab, makeUser, setupTestDb } from '../helpers'
import { decodeSubject, startSmtp } from '../smtp'

// The one writer of event notices (issue 15): every channel under one key, scope decides who hears.
const NOW = new Date('2026-12-04T02:00:00Z')
let db: Db
let lab: ReturnType<typeof makeLab>
let people: Record<'labUser' | 'otherLabUser' | 'gusu' | 'huqiu' | 'bureau' | 'expert', number>

async function person(fields: Parameters<typeof makeUser>[1], email: string) {
  const u = await makeUser(db, fields)
  db.update(users).set({ email }).where(eq(users.id, u.id)).run()
  return u.id
}

beforeEach(async () => {
  setClock(NOW)
  db = setupTestDb()
  lab = makeLab(db, { districtCode: '320508' })
  const other = makeLab(db, { districtCode: '320505' })
  people = {
    labUser: await person({ role: 'lab', labId: lab.id }, 'lab@example.org'),
    otherLabUser: await person({ role: 'lab', labId: other.id }, 'other@example.org'),
    gusu: await person({ role: 'district', districtCode: '320508' }, 'gusu@example.org'),
    huqiu: await person({ role: 'district', districtCode: '320505' }, 'huqiu@example.org'),
    bureau: await person({ role: 'bureau' }, ''),
    expert: await person({ role: 'expert' }, 'expert@example.org'),
  }
})

const event = (over: Partial<EventNotice> = {}): EventNotice => ({
  source: 'filing',
  sourceId: 41,
  day: '2026-12-04',
  step: 0,
  labId: lab.id,
  title: { key: 'reminders.title.drill', params: { lab: '测试实验室' } },
  link: `/labs/${lab.id}/reports/1`,
  to: { lab: { id: lab.id, districtCode: '320508', district: true } },
  at: NOW,
  ...over,
})

const inboxOf = (userId: number) => db.select().from(inboxItems).where(eq(inboxItems.userId, userId)).all()
const mailTo = (address: string) => db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, address)).all()

describe('who hears of an event', () => {
  test('the lab and its district office, never another lab, another district, the bureau or an expert', () => {
    const delivery = db.transaction((tx) => notifyEvent(tx, event()))
    expect(delivery.sent).toBe(2)
    expect(inboxOf(people.labUser)).toHaveLength(1)
    expect(inboxOf(people.gusu)).toHaveLength(1)
    for (const outsider of [people.otherLabUser, people.huqiu, people.bureau, people.expert]) expect(inboxOf(outsider)).toHaveLength(0)
  })

  test('each person with an address gets one mail in their language with the absolute link', () => {
    db.update(users).set({ locale: 'en' }).where(eq(users.id, people.gusu)).run()
    const { outboxIds } = db.transaction((tx) => notifyEvent(tx, event()))
    expect(outboxIds).toHaveLength(2)
    const [labMail] = mailTo('lab@example.org')
    expect(labMail.subject).toBe('【Labcycle】测试实验室：数据安全应急演练')
    expect(labMail.body).toContain(`http://localhost:3000/labs/${lab.id}/reports/1`)
    expect(labMail.body).toContain('2026-12-04 10:00')
    expect(mailTo('gusu@example.org')[0].subject).toBe('[Labcycle] 测试实验室: data-security drill')
  })

  test('the same event told twice reaches nobody twice, on any channel', () => {
    db.insert(chatRobots).values({ provider: 'wecom', name: '市局群', webhookUrl: 'http://127.0.0.1:9/x' }).run()
    db.transaction((tx) => notifyEvent(tx, event({ robots: { bureau: true } })))
    const again = db.transaction((tx) => notifyEvent(tx, event({ robots: { bureau: true } })))
    expect(again).toEqual({ sent: 0, outboxIds: [] })
    expect(inboxOf(people.labUser)).toHaveLength(1)
    expect(db.select().from(mailOutbox).all()).toHaveLength(3)
  })

  test('a kind turned off under 我的账户 stops the mail, never the inbox', () => {
    saveMailPreferences({ db, userId: people.labUser, kinds: noticeKindsFor('lab'), mailed: new Set(['request']), at: NOW })
    db.transaction((tx) => notifyEvent(tx, event()))
    expect(inboxOf(people.labUser)).toHaveLength(1)
    expect(mailTo('lab@example.org')).toHaveLength(0)
    expect(mailTo('gusu@example.org')).toHaveLength(1)
  })

  test("an office's robots get one message each; another district's and a switched-off robot get none", () => {
    const add = (districtCode: '320508' | '320505' | null, name: string, active = true) =>
      db
        .insert(chatRobots)
        .values({ districtCode, provider: 'dingtalk', name, webhookUrl: 'http://127.0.0.1:9/x', active })
        .returning()
        .get()
    const bureauRobot = add(null, '市局群')
    const gusuRobot = add('320508', '姑苏群')
    add('320505', '虎丘群')
    add('320508', '停用群', false)
    db.transaction((tx) => notifyEvent(tx, event({ robots: { bureau: true, districtCodes: ['320508'] } })))
    const robotMessages = db.select().from(mailOutbox).where(eq(mailOutbox.channel, 'robot')).all()
    expect(robotMessages.map((m) => m.robotId).sort()).toEqual([bureauRobot.id, gusuRobot.id].sort())
    expect(robotMessages[0].body).toContain(`](http://localhost:3000/labs/${lab.id}/reports/1)`)
    const robotNotices = db.select().from(notices).where(eq(notices.channel, 'robot')).all()
    expect(robotNotices.map((n) => [n.robotId, n.recipientId, n.audience]).sort()).toEqual(
      [
        [bureauRobot.id, null, 'bureau'],
        [gusuRobot.id, null, 'district'],
      ].sort(),
    )
  })
})

describe('delivering at once', () => {
  test('deliverSoon sends the messages it is given through SMTP, and only those', async () => {
    const smtp = await startSmtp()
    process.env.SMTP_URL = smtp.url
    forgetEnv()
    try {
      const first = db.transaction((tx) => notifyEvent(tx, event()))
      db.transaction((tx) => notifyEvent(tx, event({ sourceId: 42, to: { userIds: [people.expert] } })))
      deliverSoon(first.outboxIds, NOW)
      await deliveriesSettled()
      expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(['gusu@example.org', 'lab@example.org'])
      expect(decodeSubject(smtp.received.find((m) => m.to[0] === 'lab@example.org')!.raw)).toBe('【Labcycle】测试实验室：数据安全应急演练')
      expect(mailTo('expert@example.org')[0].status).toBe('queued')
    } finally {
      delete process.env.SMTP_URL
      forgetEnv()
      await smtp.stop()
    }
  })
})
