import type { LoaderFunctionArgs } from '@remix-run/node'
import { spendRateCall } from '~/api/serve.server'
import { authenticateFeed, recordFeedFetch } from '~/models/calendar-feeds.server'
import { calendarFeedText } from '~/models/calendar-feed.server'
import { now as clockNow } from '~/utils/clock.server'

// GET /feeds/cal_<id>_<secret>.ics (issue 20 item 4, docs/decisions/023-calendar-feed.md): a
// user's deadlines as iCalendar for Outlook, Apple Calendar, 钉钉 and 企业微信. The address is the
// credential (calendar apps send no header), so every refusal — malformed, unknown, revoked, an
// inactive user — is the same bare 404 that says nothing about why.

const notFound = () => new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })

export function loader({ params }: LoaderFunctionArgs) {
  const now = clockNow()
  const feed = authenticateFeed(params.token ?? '')
  if (!feed) return notFound()
  // polled like the API, so limited by the API's bucket
  const rate = spendRateCall(`feed:${feed.feedId}`, now)
  if (!rate.allowed)
    return new Response('Too many requests', {
      status: 429,
      headers: { 'Retry-After': String(rate.retryAfterSeconds), 'Content-Type': 'text/plain; charset=utf-8' },
    })
  recordFeedFetch(feed.feedId, now)
  return new Response(calendarFeedText(feed.user, now), {
    status: 200,
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': 'inline; filename="labcycle.ics"',
      'Content-Language': feed.user.locale,
    },
  })
}
