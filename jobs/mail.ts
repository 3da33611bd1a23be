import { deliverMail, pendingMail, smtpTransport } from '~/models/mail.server'
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import type { Job } from './job'

/** Sends the outbox through SMTP_URL (nothing without it). Shared by this job and the reminders job. */
export async function deliverOutbox({ now }: { now: Date }) {
  const { SMTP_URL, MAIL_FROM } = env()
  const transport = SMTP_URL ? smtpTransport(SMTP_URL) : null
  try {
    return await deliverMail({ db: db(), now, transport, from: MAIL_FROM })
  } finally {
    transport?.close?.()
  }
}

// Hourly: what the reminders run queued but could not send (SMTP down) goes out on the next hour
// whose back-off has come, instead of waiting a day. Dry run: counts what is waiting, sends nothing.
export const mailJob: Job = {
  name: 'mail',
  cron: '15 * * * *',
  description: 'Send queued reminder mail and retry failed messages with back-off',
  lockTtlMs: 30 * 60 * 1000,
  async run({ now, dryRun }) {
    if (dryRun) {
      // counted, never delivered: without a transport deliverMail would still post robot messages
      const pending = pendingMail(db())
      return { checked: pending, mailed: 0, failed: 0, pending }
    }
    const { attempted, mailed, failed, pending } = await deliverOutbox({ now })
    return { checked: attempted, mailed, failed, pending }
  },
}
