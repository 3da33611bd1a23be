import { FEED_REFRESH_MINUTES } from '~/domain/calendar-feed'
import { buildCalendar } from '~/domain/ical'
import { translator } from '~/i18n'
import { actorOf } from '~/utils/auth.server'
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import type { SessionUser } from '~/utils/session.server'
import { isDayGroup } from '~/domain/calendar-feed'
import { feedItemsFor, officePageOf, type FeedItemKind } from './calendar-feed-events.server'
import { ruleSettings } from './settings.server'

// The text of one user's feed (issue 20 item 4): their deadlines (feedItemsFor) in their own
// language, each with its lab's name and the address of the page where it is acted on.

// a day's summary names this many labs, then how many in all: a description stays readable in a
// calendar's detail pane, and the office page the event links to lists them all
const LABS_NAMED = 30

export function calendarFeedText(user: SessionUser, now: Date): string {
  const t = translator(user.locale)
  const base = env().APP_URL.replace(/\/+$/, '')
  const kindLabel = (kind: FeedItemKind) =>
    kind === 'renewal_window_opens' ? t('ics.kind.renewal_window_opens') : t(`reminders.source.${kind}`)
  const events = feedItemsFor({ db: db(), actor: actorOf(user), now, settings: ruleSettings() }).map((item) => {
    if (isDayGroup(item)) {
      const url = `${base}${officePageOf(item.items[0]!.kind)}`
      const names = item.items.map((i) => i.labName).sort((a, b) => a.localeCompare(b, 'zh'))
      const shown = names.slice(0, LABS_NAMED).join(t('ics.event.labSeparator'))
      const more = names.length > LABS_NAMED ? t('ics.event.andMore', { count: names.length }) : ''
      return {
        uid: item.uid,
        date: item.date,
        summary: t('ics.event.daySummary', { kind: kindLabel(item.items[0]!.kind), count: names.length }),
        description: `${t('ics.event.labs', { labs: shown + more })}\n${url}`,
        url,
        categories: kindLabel(item.items[0]!.kind),
        // the labs owe these; the office watches them and is not rung
        alarm: false,
      }
    }
    const url = `${base}${item.link}`
    return {
      uid: item.uid,
      date: item.date,
      summary: t(item.title.key, item.title.params),
      description: `${t('ics.event.lab', { lab: item.labName })}\n${url}`,
      url,
      categories: kindLabel(item.kind),
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
