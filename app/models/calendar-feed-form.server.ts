import { data, redirect } from '@remix-run/node'
import { z } from 'zod'
import { feedPath } from '~/domain/calendar-feed'
import { env } from '~/utils/env.server'
import type { FieldErrors } from '~/utils/forms'
import type { AuditActor } from './audit.server'
import { issueCalendarFeed, revokeCalendarFeed } from './calendar-feeds.server'

// The account page's calendar feed intents (issue 20 item 4). A new address is answered with the
// page's data, not a redirect: the secret is shown once and never stored where a reload finds it.
// createFeed and replaceFeed do the same (a live address is revoked first); they are two intents
// so the audit and the page say which the user meant.

export const FEED_INTENTS = ['createFeed', 'replaceFeed', 'revokeFeed'] as const
export type FeedIntent = (typeof FEED_INTENTS)[number]

const FeedForm = z.object({ intent: z.enum(FEED_INTENTS) })

export function isFeedIntent(value: unknown): value is FeedIntent {
  return (FEED_INTENTS as readonly unknown[]).includes(value)
}

export type FeedFormAnswer = {
  form: 'feed'
  errors?: FieldErrors
  created?: { url: string; replaced: boolean }
}

/** The full address of a feed: the configured public origin (APP_URL), as calendar servers fetch it from outside. */
export function feedUrlOf(token: string): string {
  return `${env().APP_URL.replace(/\/+$/, '')}${feedPath(token)}`
}

export function handleFeedIntent({ form, userId, actor, now }: { form: FormData; userId: number; actor: AuditActor; now: Date }) {
  const parsed = FeedForm.safeParse(Object.fromEntries(form))
  if (!parsed.success) return data<FeedFormAnswer>({ form: 'feed', errors: { _form: { key: 'form.invalidChoice' } } }, { status: 400 })
  if (parsed.data.intent === 'revokeFeed') {
    // nothing live (a second tab, a double click): what the user asked for already holds, and
    // nothing is written; only the user's own address can be named, so there is no one else's to find
    revokeCalendarFeed({ userId, actor, now })
    return redirect('/account?feedRevoked=1#calendar-feed')
  }
  const { token, replaced } = issueCalendarFeed({ userId, actor, now })
  return data<FeedFormAnswer>({ form: 'feed', created: { url: feedUrlOf(token), replaced } })
}
