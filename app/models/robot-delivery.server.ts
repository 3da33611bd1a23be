import { and, eq, inArray, isNotNull, lte, sql, type SQL } from 'drizzle-orm'
import { chatRobots, mailOutbox } from '~db/schema'
import { nextAttemptAfterFailure } from '~/domain/mail'
import { checkWebhookUrl, robotAnswerError, robotHosts, robotRequest } from '~/domain/robots'
import type { Db } from '~/utils/db.server'
import { env } from '~/utils/env.server'

// How long one robot may take to answer: a dead webhook fails the attempt and the message waits
// for its next one, like mail when the SMTP server does not answer.
export const ROBOT_TIMEOUT_MS = 10_000

// Why a robot message cannot go out at all, kept on the row as a message key (the outbox page
// shows it in the reader's language); the bureau may retry it once the robot is back.
export const ROBOT_GONE = {
  deleted: 'outbox.robotError.deleted',
  inactive: 'outbox.robotError.inactive',
  host: 'outbox.robotError.host',
} as const

function deliverable(now: Date): SQL {
  return and(
    eq(mailOutbox.channel, 'robot'),
    inArray(mailOutbox.status, ['queued', 'failed']),
    isNotNull(mailOutbox.nextAttemptAt),
    lte(mailOutbox.nextAttemptAt, now.toISOString()),
  )!
}

export type RobotDelivery = { attempted: number; posted: number; failed: number }

/**
 * Posts the robot messages that are due to their robots' webhooks, each claimed first by one
 * atomic UPDATE exactly as mail is (deliverMail), so two deliverers never post one message twice.
 * A message counts as delivered only when the robot answers HTTP 200 with errcode 0; anything else
 * keeps the robot's error on the row and schedules the next attempt by the mail back-off. A
 * message whose robot was deleted or switched off, or whose address is no longer on the allow-list,
 * fails for good (no next attempt) with the reason.
 */
export async function deliverRobots({
  db,
  now,
  limit = 200,
  only,
  signClock = Date.now,
}: {
  db: Db
  now: Date
  limit?: number
  only?: readonly number[]
  // the wall clock DingTalk checks a signature's timestamp against (tests move it)
  signClock?: () => number
}): Promise<RobotDelivery> {
  const ids = db
    .select({ id: mailOutbox.id })
    .from(mailOutbox)
    .where(and(deliverable(now), only ? inArray(mailOutbox.id, [...only]) : undefined))
    .orderBy(mailOutbox.id)
    .limit(limit)
    .all()
  const result: RobotDelivery = { attempted: 0, posted: 0, failed: 0 }
  const hosts = robotHosts(env().ROBOT_HOSTS)
  for (const { id } of ids) {
    const claimed = db
      .update(mailOutbox)
      .set({ status: 'sending', attempts: sql`${mailOutbox.attempts} + 1` })
      .where(and(eq(mailOutbox.id, id), deliverable(now)))
      .returning()
      .get()
    if (!claimed) continue
    result.attempted++
    const robot = claimed.robotId ? db.select().from(chatRobots).where(eq(chatRobots.id, claimed.robotId)).get() : undefined
    const gone = !robot
      ? ROBOT_GONE.deleted
      : !robot.active
        ? ROBOT_GONE.inactive
        : !checkWebhookUrl(robot.webhookUrl, hosts).ok
          ? ROBOT_GONE.host
          : null
    if (gone || !robot) {
      db.update(mailOutbox).set({ status: 'failed', lastError: gone, nextAttemptAt: null }).where(eq(mailOutbox.id, id)).run()
      result.failed++
      continue
    }
    const error = await post(
      robotRequest({
        provider: robot.provider,
        webhookUrl: robot.webhookUrl,
        secret: robot.secret,
        subject: claimed.subject,
        body: claimed.body,
        signedAt: signClock(),
      }),
    )
    if (error === null) {
      db.update(mailOutbox)
        .set({ status: 'sent', sentAt: now.toISOString(), lastError: null, nextAttemptAt: null })
        .where(eq(mailOutbox.id, id))
        .run()
      result.posted++
    } else {
      const next = nextAttemptAfterFailure(claimed.attempts, now)
      db.update(mailOutbox)
        .set({ status: 'failed', lastError: error, nextAttemptAt: next?.toISOString() ?? null })
        .where(eq(mailOutbox.id, id))
        .run()
      result.failed++
    }
  }
  return result
}

// null when the robot took the message, else what went wrong (never the address: it holds the token)
async function post({ url, payload }: { url: string; payload: unknown }): Promise<string | null> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(payload),
      // a redirect could lead off the allow-list: it is an error, not followed
      redirect: 'manual',
      signal: AbortSignal.timeout(ROBOT_TIMEOUT_MS),
    })
    return robotAnswerError(res.status, await res.text())
  } catch (error) {
    if (!(error instanceof Error)) return String(error)
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause
    return cause?.code ? `${error.message} (${cause.code})` : error.message
  }
}
