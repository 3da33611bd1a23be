import { sendWeeklySummaries } from '~/models/weekly-summary.server'
import type { Job, JobSummary } from './job'
import { deliverOutbox } from './mail'
import { inRolledBackTransaction } from './rolled-back'

/**
 * Monday 08:00 (Asia/Shanghai): the bureau's and each district office's weekly summary (issue 15
 * item 5), then the outbox sent. Idempotent by the notices' key, whose day is the week's Monday: a
 * rerun sends nothing new, a run on Tuesday after downtime sends the week's summary once, and no
 * run ever sends a past week's. Dry run: the same path in a rolled-back transaction.
 */
export const weeklySummaryJob: Job = {
  name: 'weekly-summary',
  cron: '0 8 * * 1',
  description: "Send the bureau's and each district office's weekly summary (inbox and mail), then deliver queued mail",
  lockTtlMs: 30 * 60 * 1000,
  async run({ now, dryRun }): Promise<JobSummary> {
    const result = dryRun ? inRolledBackTransaction(() => sendWeeklySummaries({ now })) : sendWeeklySummaries({ now })
    const summary = {
      week: result.week,
      today: result.today,
      // offices summarised; sent: people told in the inbox (new); queued: mails
      checked: result.offices,
      sent: result.sent,
      queued: result.queued,
      // the city's numbers, as the bureau's summary states them
      ...result.bureau,
    }
    if (dryRun) return { ...summary, mailed: 0, failed: 0 }
    const delivery = await deliverOutbox({ now })
    return { ...summary, mailed: delivery.mailed, failed: delivery.failed, mailPending: delivery.pending }
  },
}
