import { complianceJob } from './compliance'
import type { Job } from './job'
import { sweepAttachmentsJob } from './sweep-attachments'

export type { Job }

// Cron expressions are read in this zone: "00:10" is 00:10 in Suzhou whatever the server's TZ.
export const JOB_TIMEZONE = 'Asia/Shanghai'

// Only jobs that do something are listed. The daily reminders run (08:30) joins this list with
// its rules (issue 7), so the schedule never records runs that checked nothing.
export const JOBS: readonly Job[] = [complianceJob, sweepAttachmentsJob]

export function findJob(name: string, jobs: readonly Job[] = JOBS): Job | undefined {
  return jobs.find((job) => job.name === name)
}
