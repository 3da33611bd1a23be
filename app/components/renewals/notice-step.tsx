import { Link } from '@remix-run/react'
import { useT } from '~/i18n/use-t'

// 公示 of the decision (or the re-check) to renew: its days, where it stands, and (the bureau) its objections page
export function NoticeStep({
  notice,
  today: day,
  canManage,
}: {
  notice: { id: number; startsOn: string; endsOn: string; confirmed: boolean; recheck: boolean }
  today: string
  canManage: boolean
}) {
  const t = useT()
  const state = notice.confirmed ? 'confirmed' : day <= notice.endsOn ? 'open' : 'ended'
  return (
    <section className="card space-y-1" aria-labelledby="notice-title" data-testid="renewal-notice" data-state={state}>
      <h2 id="notice-title" className="font-semibold">
        {t('notice.title')}
      </h2>
      {notice.recheck ? <p data-testid="notice-recheck">{t('notice.recheckProposal')}</p> : null}
      <p>{t('notice.period', { from: notice.startsOn, to: notice.endsOn })}</p>
      <p className="text-sm">{t(`notice.state.${state}`)}</p>
      {canManage ? (
        <Link to={`/notices/${notice.id}`} className="link text-sm" data-testid="notice-link">
          {t('notice.open')}
        </Link>
      ) : null}
    </section>
  )
}
