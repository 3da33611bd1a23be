import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { AssignmentStatusBadge } from '~/components/renewals/review-status'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { z } from 'zod'
import { Pagination } from '~/components/data-table/data-table'
import { countMyAssignments, listMyAssignments } from '~/models/expert-review.server'
import { actorOf, requireCapability } from '~/utils/auth.server'
import { pageParams, PAGE_SIZES, searchEntries } from '~/utils/list-params'

// 50 at a time: an expert on a province's panel can hold hundreds of renewals (issue 18)
const PageParams = z.object(pageParams(50))

// 评审任务: the expert's own queue, the only way into a renewal for an expert. Other roles have
// their renewals on the lab pages; this page does not exist for them.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'assignment:review')
  const actor = actorOf(user)
  const p = PageParams.parse(searchEntries(new URL(request.url).searchParams))
  const total = countMyAssignments(actor)
  // a page past the end shows the last one, not an empty queue
  const page = Math.min(p.page, Math.max(1, Math.ceil(total / p.size)))
  return { rows: listMyAssignments(actor, { page, pageSize: p.size }), total, page, pageSize: p.size }
}

export default function AssignmentsPage() {
  const { rows, total, page, pageSize } = useLoaderData<typeof loader>()
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
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'assignments.title')
