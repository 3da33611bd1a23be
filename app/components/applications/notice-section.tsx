import { Link } from '@remix-run/react'
import { useT } from '~/i18n/use-t'

// An application's 公示 on its page (issue 21 item 6): the period, and after a sustained
// objection the bureau's reason, to whoever sees the application; the objections themselves are
// on the bureau's notice page, linked for the bureau only.
export function NoticeSection({
  notice,
  status,
  bureau,
}: {
  notice: { id: number; startsOn: string; endsOn: string; withdrawnReason: string }
  status: string
  bureau: boolean
}) {
  const t = useT()
  return (
    <section className="card space-y-1 text-sm" data-testid="application-notice">
      <h2 className="font-semibold">{t('applications.notice.title')}</h2>
      <p>{t('applications.notice.period', { from: notice.startsOn, to: notice.endsOn })}</p>
      {status === 'objection_sustained' ? (
        <p className="whitespace-pre-wrap">{t('applications.notice.sustained', { reason: notice.withdrawnReason })}</p>
      ) : null}
      <p className="flex gap-4">
        <Link to="/public/notices" className="link">
          {t('applications.notice.public')}
        </Link>
        {bureau ? (
          <Link to={`/notices/${notice.id}`} className="link">
            {t('applications.notice.objections')}
          </Link>
        ) : null}
      </p>
    </section>
  )
}
