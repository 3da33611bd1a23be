import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useMemo } from 'react'
import { APPLICANT_STATUSES } from '~db/schema/enums'
import { ApplicantStatusBadge, useOfficeName } from '~/components/applicants/office-name'
import { CsvLink } from '~/components/data-table/csv-link'
import { DataTable, Pagination, type ColumnDef } from '~/components/data-table/data-table'
import { FilterForm, FilterSelect } from '~/components/data-table/filter-form'
import { XlsxLink } from '~/components/data-table/xlsx-link'
import { PageHeader } from '~/components/ui/page-header'
import { formatShanghaiMinute } from '~/domain/dates'
import { pageMessages } from '~/i18n/messages-asset.server'
import { pageTitle } from '~/i18n/meta'
import { usePageMessages, useT } from '~/i18n/use-t'
import { parseApplicantParams } from '~/models/applicant-params'
import { listApplicants, pendingApplicantCount, type ApplicantRow } from '~/models/applicants.server'
import { actorOf, requireCapability } from '~/utils/auth.server'
import { PAGE_SIZES } from '~/utils/list-params'
import { localeOf } from '~/utils/locale.server'

// 申报单位 (issue 21): the registrations an office confirms, in its scope (applicantScope): the bureau
// every one, a district office those naming its district, a city department those naming it.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'applicant:manage')
  const actor = actorOf(user)
  const { filter, page, size } = parseApplicantParams(new URL(request.url).searchParams)
  const { rows, total } = listApplicants({ actor, filter, page, pageSize: size })
  return {
    rows: rows.map((r) => ({ ...r, createdText: formatShanghaiMinute(r.createdAt) })),
    total,
    pending: pendingApplicantCount(actor),
    filter,
    page,
    pageSize: size,
    messages: pageMessages(localeOf(request, user.locale), 'applicants.'),
  }
}

type Row = ApplicantRow & { createdText: string }

export default function ApplicantsPage() {
  const { rows, total, pending, filter, page, pageSize, messages } = useLoaderData<typeof loader>()
  usePageMessages(messages)
  const t = useT()
  const officeName = useOfficeName()
  const columns = useMemo<ColumnDef<Row>[]>(
    () => [
      {
        id: 'name',
        header: t('applicants.col.name'),
        meta: { sortKey: 'name' },
        cell: ({ row }) => (
          <Link to={`/applicants/${row.original.id}`} className="link font-medium">
            {row.original.name}
          </Link>
        ),
      },
      {
        id: 'uscc',
        header: t('applicants.col.uscc'),
        meta: { sortKey: 'uscc' },
        cell: ({ row }) => <code translate="no">{row.original.uscc}</code>,
      },
      { id: 'kind', header: t('applicants.col.kind'), cell: ({ row }) => t(`orgKind.${row.original.orgKind}`) },
      { id: 'office', header: t('applicants.col.office'), cell: ({ row }) => officeName(row.original) },
      { id: 'contact', header: t('applicants.col.contact'), cell: ({ row }) => row.original.contactName },
      {
        id: 'status',
        header: t('applicants.col.status'),
        meta: { sortKey: 'status' },
        cell: ({ row }) => <ApplicantStatusBadge status={row.original.status} />,
      },
      {
        id: 'createdAt',
        header: t('applicants.col.createdAt'),
        meta: { sortKey: 'createdAt' },
        cell: ({ row }) => <span className="tabular-nums">{row.original.createdText}</span>,
      },
    ],
    [t, officeName],
  )
  return (
    <div className="space-y-4">
      <PageHeader
        title={t('applicants.title')}
        subtitle={t('applicants.intro')}
        badges={
          pending > 0 ? (
            <span className="token rounded bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900" data-testid="pending-count">
              {t('applicants.pending', { count: pending })}
            </span>
          ) : null
        }
        actions={
          <>
            <CsvLink path="/applicants.csv" label={t('applicants.exportCsv')} />
            <XlsxLink path="/applicants.xlsx" />
            <Link to="/applicants/new" className="btn-primary">
              {t('applicants.new')}
            </Link>
          </>
        }
      />
      <FilterForm
        hidden={{ sort: filter.sort, dir: filter.dir, size: pageSize }}
        resetTo="/applicants"
        search={{ value: filter.q, placeholder: t('applicants.searchPlaceholder') }}
      >
        <FilterSelect
          name="status"
          label={t('applicants.filter.status')}
          value={filter.status}
          options={APPLICANT_STATUSES.map((s) => [s, t(`applicants.status.${s}`)] as const)}
        />
      </FilterForm>
      {rows.length === 0 ? <p className="text-sm text-slate-500">{t('applicants.none')}</p> : null}
      <DataTable rows={rows} columns={columns} visibility={{}} sort={filter.sort} dir={filter.dir} getRowId={(r) => String(r.id)} />
      <Pagination page={page} pageSize={pageSize} total={total} sizes={PAGE_SIZES} />
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'applicants.title')
