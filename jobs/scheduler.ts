import cron from 'node-cron'
import { JOB_TIMEZONE, JOBS, type Job } from './registry'
import { runJob } from './runner'

// The only node-cron import. Each job gets a task in Asia/Shanghai time; a run's outcome is
// recorded by runJob, logged here, and never stops the other tasks or the next run.
export function startScheduler({ jobs = JOBS }: { jobs?: readonly Job[] } = {}): () => Promise<void> {
  const tasks = jobs.map((job) =>
    cron.schedule(
      job.cron,
      async () => {
        try {
          const run = await runJob({ name: job.name, now: new Date(), trigger: 'schedule', jobs })
          const line = { job: run.job, runId: run.runId, status: run.status, summary: run.summary, error: run.error }
          if (run.status === 'failed') console.error(`scheduled job: ${JSON.stringify(line)}`)
          else console.log(`scheduled job: ${JSON.stringify(line)}`)
        } catch (error) {
          // the run could not even be recorded (the database is unavailable)
          console.error(`scheduled job ${job.name} could not run:`, error)
        }
      },
      { timezone: JOB_TIMEZONE, name: `labcycle:${job.name}`, noOverlap: true },
    ),
  )
  console.log(`Scheduler started: ${jobs.map((j) => `${j.name} (${j.cron})`).join(', ')} in ${JOB_TIMEZONE}`)
  return async () => {
    for (const task of tasks) await task.destroy()
  }
}
