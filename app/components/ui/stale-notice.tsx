import type { ShouldRevalidateFunction } from '@remix-run/react'
import { formatShanghaiTime } from '~/domain/dates'
import { useT } from '~/i18n/use-t'
import { VERSION_FIELD, type StaleState } from '~/models/stale-state'

// The two shared pieces of stale decisions (docs/decisions/010-stale-decisions.md): the hidden
// field every decision and edit form posts, and the notice a page shows when its post lost the
// race (409 with `stale`). The page itself is reloaded from current data (shouldRevalidate
// below), so the forms under the notice already offer what the row allows now.

/** The row version the page showed; the model refuses the post when the row has moved on since. */
export function VersionField({ version }: { version: number }) {
  return <input type="hidden" name={VERSION_FIELD} value={version} />
}

type StaleAnswer = { stale?: StaleState; values?: Record<string, unknown> }

/**
 * Someone else changed it first: says so, says what the row is now (status, by whom, when) and
 * keeps what the user typed, which the form that replaced theirs may no longer have a box for.
 */
export function StaleNotice({
  answer,
  statusLabel,
  typedField = 'comment',
}: {
  answer: object | undefined | null
  statusLabel?: (status: string) => string
  typedField?: string
}) {
  const t = useT()
  const stale = (answer as StaleAnswer | undefined | null)?.stale
  if (!stale) return null
  const status = stale.status && statusLabel ? statusLabel(stale.status) : stale.status
  const when = stale.at ? formatShanghaiTime(stale.at).slice(5, 16) : null
  const typed = (answer as StaleAnswer).values?.[typedField]
  return (
    <div
      role="alert"
      className="space-y-1 rounded border border-amber-400 bg-amber-50 p-3 text-sm text-amber-900"
      data-testid="stale-notice"
    >
      <p className="font-semibold">{t('stale.changed')}</p>
      {status ? (
        <p data-testid="stale-current">
          {stale.by && when ? t('stale.currentBy', { status, by: stale.by, at: when }) : t('stale.current', { status })}
        </p>
      ) : stale.by && when ? (
        <p data-testid="stale-current">{t('stale.changedBy', { by: stale.by, at: when })}</p>
      ) : null}
      <p>{t('stale.reloaded')}</p>
      {typeof typed === 'string' && typed.trim() ? (
        <div>
          <p>{t('stale.yourText')}</p>
          <blockquote className="whitespace-pre-wrap border-l-4 border-amber-300 pl-2" data-testid="stale-typed">
            {typed}
          </blockquote>
        </div>
      ) : null}
    </div>
  )
}

/** Whether an action's answer is a stale page's 409. */
export const isStaleAnswer = (answer: unknown): boolean => typeof answer === 'object' && answer !== null && 'stale' in answer

/** A form's feedback without the stale refusal's message, which the notice above already says. */
/**
 * The key of an edit form: the form is rebuilt from current data only after a stale answer. A
 * version that moved under the user's own hand (a refused submit that still saved the draft) must
 * not rebuild it, or what they typed while the page reloaded would be lost.
 */
export function editFormKey(feedback: unknown, version: number): string {
  return isStaleAnswer(feedback) ? `stale-${version}` : 'current'
}

export function withoutStale<F extends { errors?: unknown }>(feedback: F | undefined): F | undefined {
  return isStaleAnswer(feedback) ? { ...feedback!, errors: undefined } : feedback
}

/**
 * A 409 answer reloads the page's data: with single fetch Remix skips revalidation after a 4xx
 * answer, and a page that lost the race must show what the row is now.
 */
export const revalidateWhenStale: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate
