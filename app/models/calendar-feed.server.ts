import { FEED_REFRESH_MINUTES } from '~/domain/calendar-feed'
import { buildCalendar } from '~/domain/ical'
import { translator } from '~/i18n'
import { actorOf } from '~/utils/auth.server'
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import type { SessionUser } from '~/utils/session.server'
import { feedItemsFor } from './calendar-feed-events.server'
import { ruleSettings } from './settings.server'

// The text of one user's feed (issue 20 item 4): their deadlines (feedItemsFor) in their own
// language, each with its lab's name and the address of the page where it is acted on.

export function calendarFeedText(user: SessionUser, now: Date): string {
  const t = translator(user.locale)
  const base = env().APP_URL.replace(/\/+$/, '')
  const events = feedItemsFor({ db: db(), actor: actorOf(user), now, settings: ruleSettings() }).map((item) => {
    const url = `${base}${item.link}`
    return {
      uid: item.uid,
      date: item.date,
      summary: t(item.title.key, item.title.params),
      description: `${t('ics.event.lab', { lab: item.labName })}\n${url}`,
      url,
      categories: item.kind === 'renewal_window_opens' ? t('ics.kind.renewal_window_opens') : t(`reminders.source.${item.kind}`),
      // a reminder the day before on what the reader owes; the offices watch, they are not rung for each lab
      alarm: item.owedBy === user.role,
    }
  })
  return buildCalendar({
    prodId: '-//Labcycle//Deadlines//ZH',
    name: t('ics.calendarName', { name: user.displayName }),
    refreshMinutes: FEED_REFRESH_MINUTES,
    stamp: now,
    events,
  })
}
