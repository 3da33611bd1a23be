import { workCalendar } from '~/models/calendar.server'
import { ensureLedger } from '~/models/obligations.server'
import { planReminders, recordReminders } from '~/models/reminders.server'
import { announceRenewalWindows } from '~/models/renewals.server'
import { ruleSettings } from '~/models/settings.server'
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import type { Job, JobSummary } from './job'
import { deliverOutbox } from './mail'
import { inRolledBackTransaction } from './rolled-back'

/**
 * The daily reminders run (issue 7): every open obligation of every lab in force, the rules'
 * step for each recipient, recorded under the notices' unique key, one digest per recipient
 * queued, then the outbox sent. Idempotent by the key: a rerun at the same `now` sends nothing
 * new, and a run after days of downtime sends each recipient the latest step only
 * (app/domain/reminders.ts). Never reads the clock: `now` decides the day.
 */
export function runSendReminders({ now, dryRun = false }: { now: Date; dryRun?: boolean }) {
  const record = () => {
    ensureLedger()
    const plan = planReminders({ db: db(), now, settings: ruleSettings(), calendar: workCalendar() })
    const recorded = recordReminders({ db: db(), plan, now, baseUrl: env().APP_URL })
    // labs whose renewal window has opened are told they may apply (issue 8)
    const windowsOpened = announceRenewalWindows({ day: plan.today })
    return { plan, recorded, windowsOpened }
  }
  const { plan, recorded, windowsOpened } = dryRun ? inRolledBackTransaction(record) : record()
  return {
    today: plan.today,
    // obligations looked at, and how many of them are done
    checked: plan.checked,
    completed: plan.completed,
    // recipient steps due now; sent: new (inbox notices); skipped: already sent before
    due: plan.due.length,
    sent: recorded.sent,
    skipped: recorded.skipped,
    // missed older steps not sent because a later one went instead (catch-up)
    superseded: plan.superseded,
    recipients: recorded.recipients,
    // digests queued for mail
    queued: recorded.queued,
    // labs told today that their renewal window is open
    windowsOpened,
  }
}

export const remindersJob: Job = {
  name: 'reminders',
  cron: '30 8 * * *',
  description: 'Send due-date reminders and escalations (inbox and one mail digest per recipient), then deliver queued mail',
  lockTtlMs: 30 * 60 * 1000,
  async run({ now, dryRun }): Promise<JobSummary> {
    const summary = runSendReminders({ now, dryRun })
    if (dryRun) return { ...summary, mailed: 0, failed: 0 }
    const delivery = await deliverOutbox({ now })
    return { ...summary, mailed: delivery.mailed, failed: delivery.failed, mailPending: delivery.pending }
  },
}
