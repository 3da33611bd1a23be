import { runSendReminders } from '../jobs/reminders'
import { seedIncidentNotices } from './seed-notices-incidents'

/**
 * The demo's inboxes (issue 15): what the demo accounts would have been told by the day the demo
 * starts. The due-date reminders as the daily run sends them, then each kind of event notice told
 * through the same functions the pages use, so the demo shows every kind a person can receive.
 * Runs after the seed, on the app's database handle (setDb), like seedComplianceHistory.
 */
export function seedDemoNotices({ now }: { now: Date }) {
  runSendReminders({ now })
  // each kind of event notice adds its demo story here
  seedIncidentNotices()
}
