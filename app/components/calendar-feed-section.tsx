import { Form } from '@remix-run/react'
import { webcalOf } from '~/domain/calendar-feed'
import { formatShanghaiMinute } from '~/domain/dates'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'
import { ConfirmSubmit } from './ui/confirm-submit'
import { FormAlert } from './ui/field'
import { CopyableSecret } from './ui/copyable-secret'
import { SavedNotice } from './ui/saved-notice'

// 我的账户 › 日历订阅 (issue 20 item 4): the user's one feed address — whether it is live and when a
// calendar last read it, create / replace / revoke, and a new address shown once with a webcal
// link and one line per calendar app on how to add it.
export function CalendarFeedSection({
  live,
  created,
  errors,
  revoked,
}: {
  live: { createdAt: string; lastFetchedAt: string | null } | null
  created?: { url: string; replaced: boolean }
  errors?: FieldErrors
  revoked: boolean
}) {
  const t = useT()
  return (
    <section className="card space-y-3" id="calendar-feed" data-testid="calendar-feed">
      <h2 className="font-semibold">{t('calendarFeed.title')}</h2>
      <p className="text-sm text-slate-600">{t('calendarFeed.intro')}</p>
      {revoked ? <SavedNotice>{t('calendarFeed.revoked')}</SavedNotice> : null}
      <FormAlert errors={errors} />
      {created ? <NewFeed {...created} /> : null}
      {live ? (
        <>
          <p className="text-sm" data-testid="calendar-feed-live">
            {t('calendarFeed.live', {
              created: formatShanghaiMinute(live.createdAt),
              fetched: live.lastFetchedAt ? formatShanghaiMinute(live.lastFetchedAt) : t('calendarFeed.neverFetched'),
            })}
          </p>
          <div className="flex flex-wrap gap-2">
            <Form method="post">
              <input type="hidden" name="intent" value="replaceFeed" />
              <ConfirmSubmit
                label={t('calendarFeed.replace')}
                className="btn"
                danger={false}
                question={t('calendarFeed.replace.question')}
                consequence={t('calendarFeed.replace.consequence')}
                testId="replace-feed"
              />
            </Form>
            <Form method="post">
              <input type="hidden" name="intent" value="revokeFeed" />
              <ConfirmSubmit
                label={t('calendarFeed.revoke')}
                question={t('calendarFeed.revoke.question')}
                consequence={t('calendarFeed.revoke.consequence')}
                testId="revoke-feed"
              />
            </Form>
          </div>
        </>
      ) : (
        <>
          <p className="text-sm text-slate-500">{t('calendarFeed.none')}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="createFeed" />
            <button type="submit" className="btn-primary" data-testid="create-feed">
              {t('calendarFeed.create')}
            </button>
          </Form>
        </>
      )}
    </section>
  )
}

function NewFeed({ url, replaced }: { url: string; replaced: boolean }) {
  const t = useT()
  const webcal = webcalOf(url)
  return (
    <div role="status" className="space-y-2 rounded border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="new-feed-shown">
      <p className="font-semibold">{replaced ? t('calendarFeed.replaced.title') : t('calendarFeed.created.title')}</p>
      <p className="text-amber-900">{t('calendarFeed.created.warning')}</p>
      <CopyableSecret id="new-feed-url" label={t('calendarFeed.created.https')} value={url} testId="new-feed-url" />
      <p>
        <a className="link underline" href={webcal} data-testid="new-feed-webcal">
          {t('calendarFeed.created.webcal')}
        </a>
      </p>
      <h3 className="font-semibold">{t('calendarFeed.howto.title')}</h3>
      <ul className="list-disc space-y-1 pl-5">
        <li>{t('calendarFeed.howto.outlook')}</li>
        <li>{t('calendarFeed.howto.apple')}</li>
        <li>{t('calendarFeed.howto.dingtalk')}</li>
        <li>{t('calendarFeed.howto.wecom')}</li>
      </ul>
    </div>
  )
}
