import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { ColumnDef } from '~/components/data-table/data-table'
import { useMemo } from 'react'
import { FILING_KINDS } from '~db/schema/enums'
import { DataTable, Pagination } from '~/components/data-table/data-table'
import { DistrictFilter, FilterForm, FilterSelect } from '~/components/data-table/filter-form'
import { PageHeader } from '~/components/ui/page-header'
import { XlsxLink } from '~/components/data-table/xlsx-link'
import { formatShanghaiTime } from '~/domain/dates'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { reviewQueue, type QueueRow } from '~/models/review-queue.server'
import { actorOf, requireCapability } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { PAGE_SIZES } from '~/utils/list-params'
import { parseReviewParams, waitingDays } from '~/models/list-exports.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'review:view')
  const actor = actorOf(user)
  const p = parseReviewParams(new URL(request.url).searchParams, actor)
  const filter = p.filter
  const { rows, total } = reviewQueue({ actor, filter, page: p.page, pageSize: p.size })
  const date = today()
  return {
    role: user.role,
    filter,
    page: p.page,
    pageSize: p.size,
    total,
    rows: rows.map((r) => ({ ...r, waitingDays: waitingDays(r.submittedAt, date) })),
  }
}

type Row = QueueRow & { waitingDays: number }

export default function ReviewQueuePage() {
  const { role, filter, page, pageSize, total, rows } = useLoaderData<typeof loader>()
  const t = useT()
  const columns = useMemo<ColumnDef<Row>[]>(
    () => [
      {
        id: 'item',
        header: t('reviews.col.item'),
        cell: ({ row: { original: r } }) => (
          <Link
            to={r.kind === 'deliverable' ? `/labs/${r.labId}/deliverables/${r.id}` : `/labs/${r.labId}/reports/${r.id}`}
            className="link font-medium"
          >
            {r.kind === 'deliverable' ? r.title : t('reviews.reportTitle', { period: r.periodSequence ?? '', year: r.validityYear ?? '' })}
          </Link>
        ),
      },
      { id: 'kind', header: t('reviews.col.kind'), cell: ({ row }) => t(`reviews.kind.${row.original.kind}`) },
      {
        id: 'lab',
        header: t('reviews.col.lab'),
        cell: ({ row }) => (
          <Link to={`/labs/${row.original.labId}`} className="link">
            {row.original.labName}
          </Link>
        ),
      },
      { id: 'district', header: t('reviews.col.district'), cell: ({ row }) => t(`district.${row.original.districtCode}`) },
      {
        id: 'submitted',
        header: t('reviews.col.submitted'),
        cell: ({ row }) => <span className="token tabular-nums">{formatShanghaiTime(row.original.submittedAt)}</span>,
      },
      {
        id: 'waiting',
        header: t('reviews.col.waiting'),
        cell: ({ row }) => (
          <span className={`token tabular-nums ${row.original.waitingDays > 20 ? 'font-semibold text-red-700' : ''}`}>
            {t('reviews.days', { n: row.original.waitingDays })}
          </span>
        ),
      },
      {
        id: 'opinion',
        header: t('reviews.col.opinion'),
        cell: ({ row }) => (row.original.districtOpinionAt ? t('reviews.opinion.given') : t('reviews.opinion.none')),
      },
    ],
    [t],
  )
  return (
    <div className="space-y-4">
      <PageHeader
        title={t('reviews.title')}
        subtitle={t(role === 'bureau' ? 'reviews.intro.bureau' : 'reviews.intro.district')}
        actions={<XlsxLink path="/reviews.xlsx" />}
      />
      <FilterForm hidden={{ size: pageSize }} resetTo="/reviews" search={{ value: filter.q, placeholder: t('reviews.search') }}>
        <FilterSelect
          name="kind"
          label={t('reviews.filter.kind')}
          value={filter.kind}
          options={FILING_KINDS.map((k) => [k, t(`reviews.kind.${k}`)] as const)}
        />
        {role === 'bureau' ? <DistrictFilter label={t('reviews.filter.district')} value={filter.districtCode} /> : null}
      </FilterForm>
      {rows.length === 0 ? (
        <p className="card text-slate-600" data-testid="queue-empty">
          {t('reviews.empty')}
        </p>
      ) : (
        <>
          <DataTable rows={rows} columns={columns} visibility={{}} sort="submitted" dir="asc" getRowId={(r) => `${r.kind}:${r.id}`} />
          <Pagination page={page} pageSize={pageSize} total={total} sizes={PAGE_SIZES} />
        </>
      )}
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'reviews.title')
