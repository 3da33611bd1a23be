import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { RequestStatusBadge, useQuantity } from '~/components/requests/request-status-badge'
import { PageHeader } from '~/components/ui/page-header'
import { RequestDate } from '~/components/requests/request-date'
import { isPastDeadline } from '~/domain/resource-requests'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { canAskForSupport, listLabRequests } from '~/models/resource-requests.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { idParam } from '~/utils/params'

// A lab's own requests: every step of each is on its page. A lab files a handful a year, so the
// list is short and unpaged; the bureau's and districts' queues (/requests) page in SQL. Like the
// queue it opens on what awaits a decision, overdue first (listLabRequests orders it).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const actor = actorOf(user)
  const found = listLabRequests({ actor, labId: idParam(params.labId) })
  if (!found) throw new Response('Not found', { status: 404 })
  return { lab: found.lab, requests: found.requests, canCreate: canAskForSupport(actor, found.lab), today: today() }
}

export default function LabRequests() {
  const { lab, requests, canCreate, today } = useLoaderData<typeof loader>()
  const t = useT()
  const qty = useQuantity()
  return (
    <div className="space-y-4">
      <PageHeader
        title={t('requests.labTitle', { lab: lab.name })}
        actions={
          <>
            {canCreate ? (
              <Link to="new" className="btn-primary">
                {t('requests.new')}
              </Link>
            ) : null}
            <Link to={`/labs/${lab.id}`} className="btn">
              {t('requests.backToLab')}
            </Link>
          </>
        }
        subtitle={t('requests.intro')}
      />
      {requests.length === 0 ? (
        <p className="card text-sm text-slate-600">{t('requests.empty')}</p>
      ) : (
        <div className="card table-scroll" tabIndex={0}>
          <table className="min-w-full" data-testid="lab-requests">
            <thead>
              <tr>
                <th className="th">{t('requests.col.title')}</th>
                <th className="th">{t('requests.col.type')}</th>
                <th className="th">{t('requests.col.quantity')}</th>
                <th className="th">{t('requests.col.status')}</th>
                <th className="th">{t('requests.col.submittedOn')}</th>
                <th className="th">{t('requests.col.deadlineOrDecided')}</th>
                <th className="th">{t('requests.col.granted')}</th>
              </tr>
            </thead>
            <tbody>
              {requests.map((r) => {
                const overdue = isPastDeadline(r, today)
                return (
                  <tr key={r.id} data-request-id={r.id} className={overdue ? 'bg-red-50' : undefined}>
                    <td className="td">
                      <Link to={String(r.id)} className="link">
                        {r.title}
                      </Link>
                    </td>
                    <td className="td whitespace-nowrap">{t(`requests.type.${r.type}`)}</td>
                    <td className="td token tabular-nums">{qty(r.quantity, r.unit)}</td>
                    <td className="td">
                      <RequestStatusBadge status={r.status} />
                      {overdue ? <span className="ml-1 text-xs font-medium text-red-800">{t('requests.badge.overdue')}</span> : null}
                    </td>
                    <td className="td token tabular-nums">{r.submittedOn ?? '—'}</td>
                    <td className="td token tabular-nums" data-testid="request-date">
                      <RequestDate request={r} />
                    </td>
                    <td className="td token tabular-nums">{r.grantedQuantity !== null ? qty(r.grantedQuantity, r.unit) : '—'}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'requests.title')
