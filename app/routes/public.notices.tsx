import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { noticeCoverageWarning } from '~/domain/certification/public-notice'
import type { MessageKey } from '~/i18n'
import { translator } from '~/i18n'
import { pageMessages } from '~/i18n/messages-asset.server'
import { pageTitle } from '~/i18n/meta'
import { usePageMessages, useT } from '~/i18n/use-t'
import { listPublicNotices, type PublicNoticeRow } from '~/models/public-notices.server'
import { getUser } from '~/utils/auth.server'
import { localeOf } from '~/utils/locale.server'
import { PageHeader } from '~/components/ui/page-header'
import { TableScroll } from '~/components/ui/table-scroll'

// GET /public/notices (公示, issue 21 item 6): the notices anyone may read, signed in or not (no
// requireUser, as /login and /api/v1/docs). Indexed on purpose: a public notice is meant to be
// found. Only what the notice makes public (lab, host, district, direction, the decision and its
// period): no contact, grade, score or reasons. The coverage warning is the server's words
// (certification.* stays off the browser's script), sent as text.
export async function loader({ request }: LoaderFunctionArgs) {
  const locale = localeOf(request, getUser(request)?.locale)
  const t = translator(locale)
  const { renewals, applications } = listPublicNotices()
  const withWarning = (rows: PublicNoticeRow[]) =>
    rows.map((r) => {
      const years = [...new Set([r.startsOn.slice(0, 4), r.endsOn.slice(0, 4)])].map(Number)
      const warning = noticeCoverageWarning({ estimated: r.estimated, unknownYears: years } as Parameters<typeof noticeCoverageWarning>[0])
      const day = (d: string) => (locale === 'zh' ? `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日` : d)
      // "公示期：8月1日至8月9日", as notices read
      const period = t('notice.period', { from: day(r.startsOn), to: day(r.endsOn) })
      return { ...r, period, warning: warning ? t(warning.key, warning.params) : null }
    })
  return { renewals: withWarning(renewals), applications: withWarning(applications), messages: pageMessages(locale, 'notice.') }
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>['renewals'][number]

export default function PublicNoticesPage() {
  const { renewals, applications, messages } = useLoaderData<typeof loader>()
  usePageMessages(messages)
  const t = useT()
  return (
    <div className="space-y-4">
      <PageHeader title={t('notice.public.title')} subtitle={t('notice.public.intro')} />
      <NoticeSection id="renewals" title={t('notice.public.renewals')} rows={renewals} />
      <NoticeSection id="applications" title={t('notice.public.applications')} rows={applications} />
      <section className="card" aria-labelledby="how-to-object">
        <h2 id="how-to-object" className="sr-only">
          {t('notice.public.howToObjectTitle')}
        </h2>
        <p className="text-sm">{t('notice.public.howToObject')}</p>
      </section>
    </div>
  )
}

function NoticeSection({ id, title, rows }: { id: string; title: string; rows: Row[] }) {
  const t = useT()
  return (
    <section className="card space-y-2" aria-labelledby={`notices-${id}`} data-testid={`notices-${id}`}>
      <h2 id={`notices-${id}`} className="text-lg font-semibold">
        {title}
      </h2>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">{t('notice.public.none')}</p>
      ) : (
        <TableScroll>
          <table className="min-w-full">
            <thead>
              <tr>
                <th className="th">{t('notice.col.lab')}</th>
                <th className="th">{t('notice.col.host')}</th>
                <th className="th">{t('notice.col.district')}</th>
                <th className="th">{t('notice.col.direction')}</th>
                <th className="th">{t('notice.col.decision')}</th>
                <th className="th">{t('notice.col.period')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-notice={r.id} data-state={r.state}>
                  <td className="td">{r.labName}</td>
                  <td className="td">{r.hostName}</td>
                  <td className="td">{r.districtCode ? t(`district.${r.districtCode}` as MessageKey) : '—'}</td>
                  <td className="td">{r.direction !== null ? t(`direction.${r.direction}` as MessageKey) : '—'}</td>
                  <td className="td">{t(`notice.decision.${r.decision}` as MessageKey)}</td>
                  <td className="td">
                    <p>{r.period}</p>
                    <p className={r.state === 'open' ? 'text-sm text-emerald-800' : 'text-sm text-slate-600'}>
                      {t(`notice.state.${r.state}`)}
                    </p>
                    {r.warning ? <p className="text-sm text-amber-800">{r.warning}</p> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'notice.public.title')
