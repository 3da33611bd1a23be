import { sendWeeklySummaries } from '~/models/weekly-summary.server'

/**
 * The demo's weekly summaries (issue 15 item 5): the bureau and every district office as the
 * Monday run tells them, keyed by the most recent Monday on or before the demo's day, as the job's
 * catch-up run would send it that day (numbers as of the demo's day, so they match the dashboard).
 */
export function seedDemoWeeklySummaries({ now }: { now: Date }) {
  return sendWeeklySummaries({ now })
}
