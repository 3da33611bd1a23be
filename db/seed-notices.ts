import { runSendReminders } from '../jobs/reminders'
import { seedFilingNotices } from './seed-notices-filings'
import { seedOutcomeNotices } from './seed-notices-outcomes'
import { seedRenewalNotices } from './seed-notices-renewals'
import { seedDemoWeeklySummaries } from './seed-notices-weekly'
import { seedRequestNotices } from './seed-notices-requests'
import { seedDemoRobots } from './seed-notices-robots'
import { seedReminderSnoozeDemo } from './seed-notices-reminders'
import { seedIncidentNotices } from './seed-notices-incidents'
import { seedDemoPublicNotice } from './seed-public-notices'
import { seedApplicantNotices } from './seed-notices-applicants'
import { seedDemoApplications } from './seed-applications'
import { seedDemoRoundStages } from './seed-round-stages'

/**
 * The demo's inboxes (issue 15): what the demo accounts would have been told by the day the demo
 * starts. The due-date reminders as the daily run sends them, then each kind of event notice told
 * through the same functions the pages use, so the demo shows every kind a person can receive.
 * Runs after the seed, on the app's database handle (setDb), like seedComplianceHistory.
 */
export async function seedDemoNotices({ now }: { now: Date }) {
  // before the run: the lab's snooze holds its own step back, the offices' escalations go out
  seedReminderSnoozeDemo({ now })
  runSendReminders({ now })
  // each kind of event notice adds its demo story here
  seedFilingNotices({ now })
  seedRequestNotices({ now })
  seedDemoRobots({ now })
  seedIncidentNotices()
  seedRenewalNotices({ now })
  // one renewal under 公示 with an objection pending (the switch is on in the demo only)
  seedDemoPublicNotice({ now })
  seedOutcomeNotices({ now })
  seedApplicantNotices({ now })
  seedDemoApplications({ now })
  // the rounds past the open one: recommending, reviewing, under 公示, certified (accounts are
  // hashed asynchronously, hence the await)
  await seedDemoRoundStages({ now })
  // last: the week's summary counts what the stories above left open
  seedDemoWeeklySummaries({ now })
}
