import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { ColumnDef } from '~/components/data-table/data-table'
import { useMemo } from 'react'
import { ROLES } from '~db/schema/enums'
import { DataTable, Pagination } from '~/components/data-table/data-table'
import { FilterForm, FilterSelect } from '~/components/data-table/filter-form'
import { PageHeader } from '~/components/ui/page-header'
import { pageTitle } from '~/i18n/meta'
import { useLocale, useT } from '~/i18n/use-t'
import { parseUserParams } from '~/models/list-exports.server'
import { listUsers, type UserRow } from '~/models/users.server'
import { formatShanghaiTime } from '~/domain/dates'
import { requireCapability } from '~/utils/auth.server'
import { PAGE_SIZES } from '~/utils/list-params'
import { XlsxLink } from '~/components/data-table/xlsx-link'

export async function loader({ request }: LoaderFunctionArgs) {
  const me = requireCapability(request, 'user:manage')
  const p = parseUserParams(new URL(request.url).searchParams)
  const filter = p.filter
  const { rows, total } = listUsers({ filter, page: p.page, pageSize: p.size })
  return {
    rows: rows.map((r) => ({ ...r, lastLoginText: r.lastLoginAt ? formatShanghaiTime(r.lastLoginAt) : null })),
    total,
    filter,
    page: p.page,
    pageSize: p.size,
    meId: me.id,
  }
}

type Row = UserRow & { lastLoginText: string | null }

export default function UsersPage() {
  const { rows, total, filter, page, pageSize, meId } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()

  const columns = useMemo<ColumnDef<Row>[]>(
    () => [
      {
        id: 'username',
        header: t('users.col.username'),
        meta: { sortKey: 'username' },
        cell: ({ row }) => (
          <Link to={`/users/${row.original.id}`} className="link font-mono">
            {row.original.username}
          </Link>
        ),
      },
      {
        id: 'displayName',
        header: t('users.col.displayName'),
        meta: { sortKey: 'displayName' },
        cell: ({ row }) => (
          <>
            {row.original.displayName}
            {row.original.id === meId ? <span className="ml-1 text-xs text-slate-500">{t('users.self')}</span> : null}
          </>
        ),
      },
      { id: 'role', header: t('users.col.role'), meta: { sortKey: 'role' }, cell: ({ row }) => t(`role.${row.original.role}`) },
      {
        id: 'scope',
        header: t('users.col.scope'),
        cell: ({ row }) => {
          const u = row.original
          if (u.role === 'district' && u.districtCode) return t(`district.${u.districtCode}`)
          if (u.role === 'department' && u.departmentId) return (locale === 'en' ? u.departmentNameEn : u.departmentNameZh) ?? '—'
          if (u.role === 'lab' && u.labId)
            return (
              <Link to={`/labs/${u.labId}`} className="link">
                {u.labName ?? `#${u.labId}`}
              </Link>
            )
          return '—'
        },
      },
      {
        id: 'active',
        header: t('users.col.active'),
        cell: ({ row }) =>
          row.original.active ? (
            <span className="text-green-700">{t('users.active')}</span>
          ) : (
            <span className="font-medium text-slate-500" data-testid="inactive">
              {t('users.inactive')}
            </span>
          ),
      },
      {
        id: 'lastLogin',
        header: t('users.col.lastLogin'),
        meta: { sortKey: 'lastLogin' },
        cell: ({ row }) => <span className="token tabular-nums">{row.original.lastLoginText ?? t('users.never')}</span>,
      },
    ],
    [t, meId, locale],
  )

  return (
    <div className="space-y-4">
      <PageHeader
        title={t('users.title')}
        actions={
          <>
            <XlsxLink path="/users.xlsx" />
            <Link to="/imports/new?kind=users" className="btn" data-testid="import-link">
              {t('imports.link.list')}
            </Link>
            <Link to="/users/new" className="btn-primary">
              {t('users.new')}
            </Link>
          </>
        }
      />

      <FilterForm
        hidden={{ sort: filter.sort, dir: filter.dir, size: pageSize }}
        resetTo="/users"
        search={{ value: filter.q, placeholder: t('users.searchPlaceholder') }}
      >
        <FilterSelect
          name="role"
          label={t('users.filter.role')}
          value={filter.role}
          options={ROLES.map((r) => [r, t(`role.${r}`)] as const)}
        />
      </FilterForm>

      <DataTable rows={rows} columns={columns} visibility={{}} sort={filter.sort} dir={filter.dir} getRowId={(r) => String(r.id)} />
      <Pagination page={page} pageSize={pageSize} total={total} sizes={PAGE_SIZES} />
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'users.title')
