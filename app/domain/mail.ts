// Reminder e-mail (issue 7): one digest per recipient per run, in the recipient's language, and
// the back-off between attempts when the SMTP server fails. Pure.
import type { Locale, ReminderAudience } from '~db/schema/enums'
import { isMessageKey, translator, type MessageVars, type Translate } from '~/i18n'
import type { IsoDate } from './dates'
import { reminderState } from './reminders'

// 15 min, 30 min, 1 h, 2 h, … capped at a day; after MAX_MAIL_ATTEMPTS the message is given up
// (status failed, no next attempt) and waits for the bureau's retry on /outbox.
export const FIRST_RETRY_MS = 15 * 60 * 1000
export const MAX_RETRY_MS = 24 * 60 * 60 * 1000
export const MAX_MAIL_ATTEMPTS = 10

/** When to try again after `attempts` failed attempts, or null to give up. */
/**
 * One Message-ID per outbox row, the same on every attempt: when a retry sends a message that did
 * reach the recipient before (the answer was lost, or a run was killed after sending), mail
 * programs see the same message twice and show it once. The row's id and creation instant keep it
 * unique across installations that share a sender domain.
 */
export function outboxMessageId({ id, createdAt, from }: { id: number; createdAt: string; from: string }): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'labcycle.invalid'
  return `<labcycle.outbox.${id}.${Date.parse(createdAt)}@${domain}>`
}

export function nextAttemptAfterFailure(attempts: number, now: Date): Date | null {
  if (attempts >= MAX_MAIL_ATTEMPTS) return null
  const delay = Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS)
  return new Date(now.getTime() + delay)
}

export type DigestItem = {
  title: { key: string; params: MessageVars }
  dueDate: IsoDate
  audience: ReminderAudience
  // told to someone other than who owes it (app/domain/reminders.ts isEscalation)
  escalation: boolean
  link: string
}

/** A stored title in the reader's language; a key this version does not know is shown as its values. */
export function titleText(t: Translate, title: { key: string; params: MessageVars }): string {
  return isMessageKey(title.key) ? t(title.key, title.params) : Object.values(title.params).join(' · ')
}

export function stateText(t: Translate, dueDate: IsoDate, today: IsoDate): string {
  const { state, days } = reminderState(dueDate, today)
  return t(`reminders.state.${state}`, { days, due: dueDate })
}

/** Subject and plain-text body of one recipient's digest. `baseUrl` makes the links absolute. */
export function composeDigest({
  locale,
  name,
  items,
  today,
  baseUrl,
}: {
  locale: Locale
  name: string
  items: readonly DigestItem[]
  today: IsoDate
  baseUrl: string
}): { subject: string; body: string } {
  const t = translator(locale)
  const base = baseUrl.replace(/\/+$/, '')
  const lines = items.map(
    (item) =>
      `- ${item.escalation ? t('mail.escalated') : ''}${titleText(t, item.title)}: ${stateText(t, item.dueDate, today)}\n  ${base}${item.link}`,
  )
  const body = [t('mail.greeting', { name }), '', t('mail.intro', { date: today }), '', ...lines, '', t('mail.footer'), ''].join('\n')
  return { subject: t('mail.subject', { count: items.length }), body }
}

// More of an event than its one line, in the reader's language: lines of text, each with an optional
// app path (made absolute in mail), and a footer in place of the usual one (a weekly summary's).
export type EventDetails = { lines: readonly { text: string; link?: string }[]; footer?: string }

/** Subject and plain-text body of the mail telling one person of one event. */
export function composeEventMail({
  locale,
  name,
  title,
  link,
  at,
  baseUrl,
  details,
}: {
  locale: Locale
  name: string
  title: { key: string; params: MessageVars }
  link: string
  at: Date
  baseUrl: string
  details?: (t: Translate) => EventDetails
}): { subject: string; body: string } {
  const t = translator(locale)
  const text = titleText(t, title)
  const base = baseUrl.replace(/\/+$/, '')
  const more = details?.(t)
  const body = [
    t('mail.greeting', { name }),
    '',
    t('mail.eventIntro', { time: shanghaiMinute(at) }),
    '',
    `- ${text}`,
    `  ${base}${link}`,
    ...(more ? ['', ...more.lines.flatMap((l) => (l.link ? [l.text, `    ${base}${l.link}`] : [l.text]))] : []),
    '',
    more?.footer ?? t('mail.eventFooter'),
    '',
  ].join('\n')
  return { subject: t('mail.eventSubject', { title: text }), body }
}

/** A chat robot's message of one event: a heading and a Markdown line with the link (zh). */
export function composeRobotText({
  title,
  link,
  at,
  baseUrl,
}: {
  title: { key: string; params: MessageVars }
  link: string
  at: Date
  baseUrl: string
}): { subject: string; body: string } {
  const t = translator('zh')
  const text = titleText(t, title)
  return { subject: text, body: `${text}\n\n${shanghaiMinute(at)} · [${t('mail.robotOpen')}](${baseUrl.replace(/\/+$/, '')}${link})` }
}

// '2026-12-05 09:30' in Beijing time; one formatter for every mail (building one costs more than
// the mail it dates)
const SHANGHAI_MINUTE = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' })
function shanghaiMinute(at: Date): string {
  return SHANGHAI_MINUTE.format(at)
}
