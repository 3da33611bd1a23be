import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { ColumnDef } from '~/components/data-table/data-table'
import { useMemo } from 'react'
import { ORG_KINDS } from '~db/schema/enums'
import { DataTable, Pagination } from '~/components/data-table/data-table'
import { DistrictFilter, FilterForm, FilterSelect } from '~/components/data-table/filter-form'
import { PageHeader } from '~/components/ui/page-header'
import { MAX_JOINT_APPLICATIONS } from '~/domain/joint-applications'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { parseOrgParams } from '~/models/list-exports.server'
import { listOrganisations, type OrgRow } from '~/models/organisations.server'
import { requireCapability } from '~/utils/auth.server'
import { PAGE_SIZES } from '~/utils/list-params'
import { XlsxLink } from '~/components/data-table/xlsx-link'

export async function loader({ request }: LoaderFunctionArgs) {
  requireCapability(request, 'organisation:manage')
  const { filter, page, size } = parseOrgParams(new URL(request.url).searchParams)
  const { rows, total } = listOrganisations({ filter, page, pageSize: size })
  return { rows, total, filter, page, pageSize: size }
}

export default function OrganisationsPage() {
  const { rows, total, filter, page, pageSize } = useLoaderData<typeof loader>()
  const t = useT()

  const columns = useMemo<ColumnDef<OrgRow>[]>(
    () => [
      {
        id: 'name',
        header: t('orgs.col.name'),
        meta: { sortKey: 'name' },
        cell: ({ row }) => (
          <Link to={`/organisations/${row.original.id}`} className="link font-medium">
            {row.original.name}
          </Link>
        ),
      },
      {
        id: 'creditCode',
        header: t('orgs.col.creditCode'),
        meta: { sortKey: 'creditCode' },
        cell: ({ row }) => <code>{row.original.creditCode}</code>,
      },
      { id: 'kind', header: t('orgs.col.kind'), meta: { sortKey: 'kind' }, cell: ({ row }) => t(`orgKind.${row.original.kind}`) },
      {
        id: 'district',
        header: t('orgs.col.district'),
        meta: { sortKey: 'district' },
        cell: ({ row }) => t(`district.${row.original.districtCode}`),
      },
      {
        id: 'hostedLabs',
        header: t('orgs.col.hostedLabs'),
        meta: { sortKey: 'hostedLabs' },
        cell: ({ row }) => <span className="token tabular-nums">{row.original.hostedLabs}</span>,
      },
      {
        id: 'joint',
        header: t('orgs.col.joint'),
        meta: { sortKey: 'joint' },
        cell: ({ row }) => {
          const n = row.original.jointApplications
          return (
            <span
              className={`token tabular-nums ${n > MAX_JOINT_APPLICATIONS ? 'font-semibold text-red-700' : ''}`}
              data-testid="joint-count"
            >
              {t('orgs.jointOf', { n, max: MAX_JOINT_APPLICATIONS })}
            </span>
          )
        },
      },
    ],
    [t],
  )

  return (
    <div className="space-y-4">
      <PageHeader
        title={t('orgs.title')}
        actions={
          <>
            <XlsxLink path="/organisations.xlsx" />
            <Link to="/imports/new?kind=organisations" className="btn" data-testid="import-link">
              {t('imports.link.list')}
            </Link>
            <Link to="/organisations/new" className="btn-primary">
              {t('orgs.new')}
            </Link>
          </>
        }
      />

      <FilterForm
        hidden={{ sort: filter.sort, dir: filter.dir, size: pageSize }}
        resetTo="/organisations"
        search={{ value: filter.q, placeholder: t('orgs.searchPlaceholder') }}
      >
        <FilterSelect
          name="kind"
          label={t('orgs.filter.kind')}
          value={filter.kind}
          options={ORG_KINDS.map((k) => [k, t(`orgKind.${k}`)] as const)}
        />
        <DistrictFilter label={t('orgs.filter.district')} value={filter.districtCode} />
      </FilterForm>

      <DataTable rows={rows} columns={columns} visibility={{}} sort={filter.sort} dir={filter.dir} getRowId={(r) => String(r.id)} />
      <Pagination page={page} pageSize={pageSize} total={total} sizes={PAGE_SIZES} />
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'orgs.title')
