import { now } from '~/utils/clock.server'
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { deliverMail, smtpTransport, type DeliveryResult } from './mail.server'

// Deliveries started by a page (an urgent alert) that have not finished yet: the page answers at
// once and the messages go out beside it. Tests and a stopping server wait for them.
const inFlight = new Set<Promise<DeliveryResult | null>>()

/**
 * Tries these outbox messages now instead of at the next hourly run (issue 15: an urgent incident
 * is not left waiting). Call after the transaction that queued them has committed. A failure is
 * what it is at any run: the message keeps its back-off and the hourly job retries it; nothing
 * here throws into the page.
 */
export function deliverSoon(outboxIds: readonly number[], at: Date = now()): void {
  if (!outboxIds.length) return
  const { SMTP_URL, MAIL_FROM } = env()
  const transport = SMTP_URL ? smtpTransport(SMTP_URL) : null
  const run = deliverMail({ db: db(), now: at, transport, from: MAIL_FROM, only: outboxIds })
    .catch((error: unknown) => {
      console.error('immediate delivery failed; the mail job will retry:', error)
      return null
    })
    .finally(() => {
      transport?.close?.()
      inFlight.delete(run)
    })
  inFlight.add(run)
}

/** Waits for every delivery deliverSoon started (tests; a server shutting down). */
export async function deliveriesSettled(): Promise<void> {
  while (inFlight.size) await Promise.all([...inFlight])
}
