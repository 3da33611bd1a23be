import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { AssignmentStatusBadge } from '~/components/renewals/review-status'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { pageTitle } from '~/i18n/meta'
import { usePageMessages, useT } from '~/i18n/use-t'
import { catalogs } from '~/i18n/catalogs.server'
import { myApplicationReviews } from '~/models/application-review.server'
import { z } from 'zod'
import { Pagination } from '~/components/data-table/data-table'
import { countMyAssignments, listMyAssignments } from '~/models/expert-review.server'
import { actingUserOf, actorOf, requireCapability } from '~/utils/auth.server'
import { localeOf } from '~/utils/locale.server'
import { pageParams, PAGE_SIZES, searchEntries } from '~/utils/list-params'

// 50 at a time: an expert on a province's panel can hold hundreds of renewals (issue 18)
const PageParams = z.object(pageParams(50))

// 评审任务: the expert's own queue, the only way into a renewal for an expert. Other roles have
// their renewals on the lab pages; this page does not exist for them.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'assignment:review')
  const actor = actorOf(user)
  const p = PageParams.parse(searchEntries(new URL(request.url).searchParams))
  const total = countMyAssignments(actor)
  // a page past the end shows the last one, not an empty queue
  const page = Math.min(p.page, Math.max(1, Math.ceil(total / p.size)))
  // certification applications to review (issue 21): few per expert, listed whole; their words
  // are the round pages' (page-local), sent with the data
  const applications = myApplicationReviews(actingUserOf(user, context))
  const locale = localeOf(request, user.locale)
  const messages = Object.fromEntries(
    Object.entries(catalogs[locale] as Record<string, string>).filter(([k]) => k.startsWith('rounds.review.expert.')),
  )
  return { rows: listMyAssignments(actor, { page, pageSize: p.size }), total, page, pageSize: p.size, applications, messages }
}

export default function AssignmentsPage() {
  const { rows, total, page, pageSize, applications, messages } = useLoaderData<typeof loader>()
  usePageMessages(messages)
  const [params] = useSearchParams()
  const t = useT()
  return (
    <div className="space-y-4">
      <PageHeader title={t('assignments.title')} subtitle={t('assignments.intro')} />
      {params.get('saved') === 'conflict' ? <SavedNotice>{t('assignments.saved.conflict')}</SavedNotice> : null}
      {rows.length === 0 ? (
        <p className="card text-sm text-slate-600" data-testid="assignments-empty">
          {t('assignments.empty')}
        </p>
      ) : (
        <div className="card table-scroll" tabIndex={0}>
          <table className="min-w-full" data-testid="assignments">
            <thead>
              <tr>
                <th className="th">{t('assignments.col.lab')}</th>
                <th className="th">{t('assignments.col.periodEnd')}</th>
                <th className="th">{t('assignments.col.renewal')}</th>
                <th className="th">{t('assignments.col.status')}</th>
                <th className="th text-right">{t('assignments.col.total')}</th>
                <th className="th" />
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.assignmentId} data-assignment={r.assignmentId}>
                  <td className="td">
                    <p className="font-medium">{r.labName}</p>
                    <p className="text-xs text-slate-600">{t(`district.${r.districtCode}`)}</p>
                  </td>
                  <td className="td token tabular-nums">{r.periodEnd}</td>
                  <td className="td">{t(`renewals.status.${r.renewalStatus}`)}</td>
                  <td className="td">
                    <AssignmentStatusBadge status={r.status} />
                  </td>
                  <td className="td text-right token tabular-nums">{r.totalScore ?? '—'}</td>
                  <td className="td">
                    <Link to={`/labs/${r.labId}/renewals/${r.renewalId}/review`} className="link">
                      {t('assignments.open')}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pagination page={page} pageSize={pageSize} total={total} sizes={PAGE_SIZES} />
        </div>
      )}
      {applications.length ? (
        <section className="card space-y-2" data-testid="application-reviews">
          <h2 className="font-semibold">{t('rounds.review.expert.section')}</h2>
          <ul className="space-y-1">
            {applications.map((a) => (
              <li key={a.id} className="flex flex-wrap items-center gap-2 text-sm">
                <span className="font-medium">{a.applicantName}</span>
                <span>{a.labName}</span>
                <AssignmentStatusBadge status={a.status} />
                <span className="token tabular-nums">{a.totalScore ?? '—'}</span>
                <Link to={`/assignments/applications/${a.id}`} className="link">
                  {t('rounds.review.expert.open')}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'assignments.title')
