import { eq } from 'drizzle-orm'
import { addDays, shanghaiDate } from '~/domain/dates'
import { labReminders, snoozeReminder } from '~/models/reminder-snoozes.server'
import { ruleSettings } from '~/models/settings.server'
import { db } from '~/utils/db.server'
import { users } from './schema'

/**
 * The demo's snoozed reminder (issue 15 part 6): two days ago the 'lab' account snoozed the
 * reminders of its most pressing open obligation for a week, through the same function its
 * obligations page uses. Runs before the demo's reminders run, so that run holds the lab's own
 * step back while the district's and bureau's escalations go out, and the lab's obligations page
 * shows 提醒已暂缓至 … to every demo office. Open incidents' follow-ups need no story of their own:
 * the reminders run follows every open incident of the demo labs up.
 */
export function seedReminderSnoozeDemo({ now }: { now: Date }) {
  const account = db().select().from(users).where(eq(users.username, 'lab')).get()
  if (!account?.labId) return
  const snoozedAt = new Date(now.getTime() - 2 * 86_400_000)
  const today = shanghaiDate(snoozedAt)
  const settings = ruleSettings()
  const item = labReminders({ db: db(), labId: account.labId, today, settings }).find((r) => r.snoozable)
  if (!item) return
  snoozeReminder({
    db: db(),
    by: { id: account.id, role: 'lab', labId: account.labId, districtCode: account.districtCode, displayName: account.displayName },
    labId: account.labId,
    source: item.source,
    sourceId: item.sourceId,
    until: addDays(today, 7),
    settings,
    now: snoozedAt,
  })
}
