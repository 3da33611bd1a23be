import { eq } from 'drizzle-orm'
import { db } from '~/utils/db.server'
import { chatRobots } from './schema'

export const DEMO_ROBOT_NAME = '市局值班群（示例，未启用）'

/**
 * The demo registers no working webhook (the demo has no network and no real group): one bureau
 * DingTalk robot, switched off, whose address is a visible placeholder, so 设置 → 群机器人 shows what a
 * registered robot looks like. Switched off, nothing is ever posted to it; the demo's notices to
 * robots queue nothing. Once per database.
 */
export function seedDemoRobots({ now }: { now: Date }) {
  const existing = db().select({ id: chatRobots.id }).from(chatRobots).where(eq(chatRobots.name, DEMO_ROBOT_NAME)).get()
  if (existing) return
  db()
    .insert(chatRobots)
    .values({
      districtCode: null,
      provider: 'dingtalk',
      name: DEMO_ROBOT_NAME,
      webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=DEMO-PLACEHOLDER-NOT-A-REAL-TOKEN',
      secret: null,
      active: false,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    })
    .run()
}
