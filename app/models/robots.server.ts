import { and, asc, eq, isNotNull, isNull, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import { chatRobots, mailOutbox, users } from '~db/schema'
import { ROBOT_PROVIDERS, type DistrictCode, type RobotProvider } from '~db/schema/enums'
import { formatShanghaiTime } from '~/domain/dates'
import { checkWebhookUrl, DINGTALK_SECRET, maskSecret, robotHosts } from '~/domain/robots'
import { translator } from '~/i18n'
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import type { FieldErrors } from '~/utils/forms'
import { queueRobotMessage } from './event-notices.server'
import { recordAudit } from './audit.server'
import { deliverRobots } from './robot-delivery.server'
import {
  forbidden,
  invalid,
  notFound,
  ok,
  type ActingUser,
  type Invalid,
  type NotFound,
  type Forbidden,
  type Result,
} from './result.server'
import { checkVersion, seenVersion, staleRefusal, type StaleRefusal } from './row-version.server'

// An office's chat robots (issue 15): the bureau's (district_code NULL) and each district
// office's. An office manages its own robots only; the bureau also sees the districts' robots,
// read only. The webhook address (it carries the robot's access token) and the DingTalk secret
// never leave the server in full: pages and audit rows show their last four characters.

type Owner = { districtCode: DistrictCode | null }

// the office whose robots this user manages; none for labs and experts
function ownerOf(user: Pick<ActingUser, 'role' | 'districtCode'>): Owner | null {
  if (user.role === 'bureau') return { districtCode: null }
  if (user.role === 'district' && user.districtCode) return { districtCode: user.districtCode }
  return null
}

const ownedBy = (owner: Owner): SQL =>
  owner.districtCode ? eq(chatRobots.districtCode, owner.districtCode) : isNull(chatRobots.districtCode)

const shown = (r: typeof chatRobots.$inferSelect) => ({
  id: r.id,
  districtCode: r.districtCode,
  provider: r.provider,
  name: r.name,
  webhook: maskSecret(r.webhookUrl)!,
  secret: maskSecret(r.secret),
  active: r.active,
  rowVersion: r.rowVersion,
})

// what an audit row keeps of a robot: who and what, never the address or secret in full
const audited = (r: Pick<typeof chatRobots.$inferSelect, 'districtCode' | 'provider' | 'name' | 'webhookUrl' | 'secret' | 'active'>) => ({
  districtCode: r.districtCode,
  provider: r.provider,
  name: r.name,
  webhookUrl: maskSecret(r.webhookUrl),
  secret: maskSecret(r.secret),
  active: r.active,
})

/** The user's office's robots (masked), and for the bureau the districts' robots, read only. */
export function robotsPage(user: Pick<ActingUser, 'role' | 'districtCode'>) {
  const owner = ownerOf(user)
  if (!owner) return null
  const mine = db()
    .select({ robot: chatRobots, updatedBy: users.displayName })
    .from(chatRobots)
    .leftJoin(users, eq(users.id, chatRobots.updatedBy))
    .where(ownedBy(owner))
    .orderBy(asc(chatRobots.id))
    .all()
    .map(({ robot, updatedBy }) => ({ ...shown(robot), updatedAt: formatShanghaiTime(robot.updatedAt), updatedBy }))
  const districts =
    owner.districtCode === null
      ? db()
          .select()
          .from(chatRobots)
          .where(isNotNull(chatRobots.districtCode))
          .orderBy(asc(chatRobots.districtCode), asc(chatRobots.id))
          .all()
          .map(shown)
      : []
  return { mine, districts, hosts: robotHosts(env().ROBOT_HOSTS) }
}

// ------------------------------------------------------------------------------ the form

const RobotForm = z.object({
  provider: z.enum(ROBOT_PROVIDERS, { error: 'robots.error.provider' }),
  name: z.string().trim().min(1, 'robots.error.name').max(60, 'robots.error.name'),
  webhookUrl: z.string().trim().max(2000, 'robots.error.webhookUrl').default(''),
  secret: z.string().trim().max(300, 'robots.error.secret').default(''),
  clearSecret: z.string().optional(),
  active: z.string().optional(),
})

export type RobotInput = {
  provider: RobotProvider
  name: string
  webhookUrl: string | null
  secret: string | null | undefined
  active: boolean
}

/**
 * The form's values checked: a missing webhook address keeps the current one (null) when editing;
 * the secret is undefined to keep it, null to remove it. A WeCom robot has no secret.
 */
export function parseRobotForm(
  values: Record<string, string>,
  { creating }: { creating: boolean },
): Result<{ input: RobotInput }, Invalid> {
  const parsed = RobotForm.safeParse(values)
  const errors: FieldErrors = {}
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0])
      errors[field] ??= { key: issue.message as 'robots.error.name' }
    }
    return invalid(errors)
  }
  const v = parsed.data
  const hosts = robotHosts(env().ROBOT_HOSTS)
  if (!v.webhookUrl) {
    if (creating) errors.webhookUrl = { key: 'robots.error.webhookRequired' }
  } else {
    const checked = checkWebhookUrl(v.webhookUrl, hosts)
    if (!checked.ok)
      errors.webhookUrl =
        checked.reason === 'host'
          ? { key: 'robots.error.webhookHost', vars: { hosts: hosts.join(', ') } }
          : { key: checked.reason === 'scheme' ? 'robots.error.webhookScheme' : 'robots.error.webhookUrl' }
  }
  if (v.secret && v.provider === 'wecom') errors.secret = { key: 'robots.error.secretWecom' }
  else if (v.secret && !DINGTALK_SECRET.test(v.secret)) errors.secret = { key: 'robots.error.secret' }
  if (Object.keys(errors).length) return invalid(errors)
  const secret = v.provider === 'wecom' || v.clearSecret === 'on' ? null : v.secret ? v.secret : creating ? null : undefined
  return ok({ input: { provider: v.provider, name: v.name, webhookUrl: v.webhookUrl || null, secret, active: v.active === 'on' } })
}

// ------------------------------------------------------------------------------ writes

/** Registers a robot for the user's own office. Audited with the address and secret masked. */
export function createRobot({
  user,
  input,
  at,
}: {
  user: ActingUser
  input: RobotInput
  at: Date
}): Result<{ id: number; name: string }, Forbidden | Invalid> {
  const owner = ownerOf(user)
  if (!owner) return forbidden()
  if (!input.webhookUrl) return invalid({ webhookUrl: { key: 'robots.error.webhookRequired' } })
  const values = {
    districtCode: owner.districtCode,
    provider: input.provider,
    name: input.name,
    webhookUrl: input.webhookUrl,
    secret: input.secret ?? null,
    active: input.active,
  }
  return db().transaction((tx) => {
    const row = tx
      .insert(chatRobots)
      .values({ ...values, createdAt: at.toISOString(), updatedAt: at.toISOString(), updatedBy: user.id })
      .returning()
      .get()
    recordAudit(tx, { actor: user, action: 'create', entityType: 'chat_robot', entityId: row.id, after: audited(row), at })
    return ok({ id: row.id, name: row.name })
  })
}

/** Changes one of the office's robots, at the version the page showed (409 when someone saved it since). */
export function updateRobot({
  user,
  id,
  input,
  version,
  at,
}: {
  user: ActingUser
  id: number
  input: RobotInput
  version: unknown
  at: Date
}): Result<{ changed: boolean; name: string }, NotFound | Invalid | StaleRefusal> {
  const owner = ownerOf(user)
  if (!owner) return notFound()
  return db().transaction((tx) => {
    const before = tx
      .select()
      .from(chatRobots)
      .where(and(eq(chatRobots.id, id), ownedBy(owner)))
      .get()
    if (!before) return notFound()
    const moved = checkVersion(before, seenVersion(version), { entityType: 'chat_robot', entityId: id }, tx)
    if (moved) return moved
    const next = {
      provider: input.provider,
      name: input.name,
      webhookUrl: input.webhookUrl ?? before.webhookUrl,
      secret: input.secret === undefined ? before.secret : input.secret,
      active: input.active,
    }
    const same = (Object.keys(next) as (keyof typeof next)[]).every((k) => next[k] === before[k])
    if (same) return ok({ changed: false, name: before.name })
    const written = tx
      .update(chatRobots)
      .set({ ...next, rowVersion: before.rowVersion + 1, updatedAt: at.toISOString(), updatedBy: user.id })
      .where(and(eq(chatRobots.id, id), eq(chatRobots.rowVersion, before.rowVersion)))
      .returning({ id: chatRobots.id })
      .get()
    if (!written) return staleRefusal({ entityType: 'chat_robot', entityId: id, status: null }, tx)
    recordAudit(tx, {
      actor: user,
      action: 'update',
      entityType: 'chat_robot',
      entityId: id,
      before: audited(before),
      after: audited({ ...before, ...next }),
      at,
    })
    return ok({ changed: true, name: next.name })
  })
}

/** Deletes one of the office's robots; its queued messages then fail with the reason (robot-delivery). */
export function deleteRobot({
  user,
  id,
  version,
  at,
}: {
  user: ActingUser
  id: number
  version: unknown
  at: Date
}): Result<object, NotFound | Invalid | StaleRefusal> {
  const owner = ownerOf(user)
  if (!owner) return notFound()
  return db().transaction((tx) => {
    const before = tx
      .select()
      .from(chatRobots)
      .where(and(eq(chatRobots.id, id), ownedBy(owner)))
      .get()
    if (!before) return notFound()
    const moved = checkVersion(before, seenVersion(version), { entityType: 'chat_robot', entityId: id }, tx)
    if (moved) return moved
    // its messages stay in the outbox and let go of the robot (mail_outbox.robot_id ON DELETE SET NULL)
    tx.delete(chatRobots)
      .where(and(eq(chatRobots.id, id), eq(chatRobots.rowVersion, before.rowVersion)))
      .run()
    recordAudit(tx, { actor: user, action: 'delete', entityType: 'chat_robot', entityId: id, before: audited(before), at })
    return ok({})
  })
}

/**
 * Queues a test message to one of the office's robots and delivers it at once through the outbox
 * (the same path as every robot message): the answer says whether the robot took it, or what it
 * said. Audited (who tested which robot).
 */
export async function testRobot({
  user,
  id,
  at,
}: {
  user: ActingUser
  id: number
  at: Date
}): Promise<Result<{ name: string; sent: boolean; error: string | null }, NotFound>> {
  const owner = ownerOf(user)
  if (!owner) return notFound()
  const robot = db()
    .select()
    .from(chatRobots)
    .where(and(eq(chatRobots.id, id), ownedBy(owner)))
    .get()
  if (!robot) return notFound()
  const zh = translator('zh')
  const subject = zh('robots.testSubject')
  const base = env().APP_URL.replace(/\/+$/, '')
  const body = `${subject}\n\n${zh('robots.testBody', { who: user.displayName, time: formatShanghaiTime(at.toISOString()) })}\n\n[${zh('robots.testOpen')}](${base}/settings/robots)`
  const queued = db().transaction((tx) => {
    const messageId = queueRobotMessage(tx, robot, { subject, body, at })
    recordAudit(tx, { actor: user, action: 'test', entityType: 'chat_robot', entityId: robot.id, after: { outboxId: messageId }, at })
    return messageId
  })
  await deliverRobots({ db: db(), now: at, only: [queued] })
  const after = db().select().from(mailOutbox).where(eq(mailOutbox.id, queued)).get()!
  return ok({ name: robot.name, sent: after.status === 'sent', error: after.status === 'sent' ? null : after.lastError })
}
