import { complianceJob } from './compliance'
import type { Job } from './job'
import { mailJob } from './mail'
import { remindersJob } from './reminders'
import { sweepAttachmentsJob } from './sweep-attachments'
import { weeklySummaryJob } from './weekly-summary'

export type { Job }

// Cron expressions are read in this zone: "00:10" is 00:10 in Suzhou whatever the server's TZ.
export const JOB_TIMEZONE = 'Asia/Shanghai'

// Only jobs that do something are listed: compliance 00:10, the attachment sweep 03:30, the
// reminders 08:30 (issue 7), hourly the mail the reminders could not send at once, and the weekly
// summary on Mondays at 08:00 (issue 15).
export const JOBS: readonly Job[] = [complianceJob, sweepAttachmentsJob, remindersJob, mailJob, weeklySummaryJob]

export function findJob(name: string, jobs: readonly Job[] = JOBS): Job | undefined {
  return jobs.find((job) => job.name === name)
}
