import cron from 'node-cron'
import { afterEach, expect, test } from 'vitest'
import type { Job } from '../../jobs/job'
import { startScheduler } from '../../jobs/scheduler'

let stop: (() => Promise<void>) | undefined
afterEach(async () => {
  await stop?.()
  stop = undefined
})

const job: Job = { name: 'probe', cron: '10 0 * * *', description: 'test', lockTtlMs: 60_000, run: () => ({ checked: 0 }) }

test('the scheduler reads a job’s cron in Beijing time and its stop function removes the tasks', async () => {
  stop = startScheduler({ jobs: [job] })
  const task = [...cron.getTasks().values()].find((t) => t.name === 'labcycle:probe')
  expect(task).toBeDefined()
  // 00:10 in Asia/Shanghai is 16:10 UTC the day before, whatever the process's TZ
  const next = task!.getNextRun()!
  expect(next.toISOString().slice(11, 16)).toBe('16:10')
  await stop()
  stop = undefined
  expect([...cron.getTasks().values()].some((t) => t.name === 'labcycle:probe')).toBe(false)
})
