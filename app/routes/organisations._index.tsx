import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useSubmit } from '@remix-run/react'
import type { ColumnDef } from '@tanstack/react-table'
import { useMemo } from 'react'
import { z } from 'zod'
import { DISTRICT_CODES, ORG_KINDS } from '../../db/schema/enums'
import { DataTable, Pagination } from '~/components/data-table/data-table'
import { MAX_JOINT_APPLICATIONS } from '~/domain/joint-applications'
import { useT } from '~/i18n/use-t'
import { listOrganisations, ORG_SORTS, type OrgRow } from '~/models/organisations.server'
import { requireRole } from '~/utils/auth.server'

const PAGE_SIZES = [20, 50, 100] as const

// URL state: unknown values fall back to defaults rather than failing the page. Built inside a
// function: ORG_SORTS comes from a .server module, which is empty in the browser bundle, and a
// module-level z.enum(undefined) would throw there when the page hydrates.
function parseListParams(search: URLSearchParams) {
  return z
    .object({
      q: z.string().trim().max(100).optional().catch(undefined),
      kind: z.enum(ORG_KINDS).optional().catch(undefined),
      district: z.enum(DISTRICT_CODES).optional().catch(undefined),
      sort: z.enum(ORG_SORTS).catch('name'),
      dir: z.enum(['asc', 'desc']).catch('asc'),
      page: z.coerce.number().int().min(1).max(100_000).catch(1),
      size: z.coerce
        .number()
        .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
        .catch(20),
    })
    .parse(Object.fromEntries([...search.entries()].filter(([, v]) => v !== '')))
}

export async function loader({ request }: LoaderFunctionArgs) {
  requireRole(request, ['bureau'])
  const p = parseListParams(new URL(request.url).searchParams)
  const filter = { q: p.q, kind: p.kind, districtCode: p.district, sort: p.sort, dir: p.dir }
  const { rows, total } = listOrganisations({ filter, page: p.page, pageSize: p.size })
  return { rows, total, filter, page: p.page, pageSize: p.size }
}

export default function OrganisationsPage() {
  const { rows, total, filter, page, pageSize } = useLoaderData<typeof loader>()
  const t = useT()
  const submit = useSubmit()

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
      { id: 'creditCode', header: t('orgs.col.creditCode'), meta: { sortKey: 'creditCode' }, cell: ({ row }) => <code>{row.original.creditCode}</code> },
      { id: 'kind', header: t('orgs.col.kind'), meta: { sortKey: 'kind' }, cell: ({ row }) => t(`orgKind.${row.original.kind}`) },
      { id: 'district', header: t('orgs.col.district'), meta: { sortKey: 'district' }, cell: ({ row }) => t(`district.${row.original.districtCode}`) },
      {
        id: 'hostedLabs',
        header: t('orgs.col.hostedLabs'),
        meta: { sortKey: 'hostedLabs' },
        cell: ({ row }) => <span className="tabular-nums">{row.original.hostedLabs}</span>,
      },
      {
        id: 'joint',
        header: t('orgs.col.joint'),
        meta: { sortKey: 'joint' },
        cell: ({ row }) => {
          const n = row.original.jointApplications
          return (
            <span className={`tabular-nums ${n > MAX_JOINT_APPLICATIONS ? 'font-semibold text-red-700' : ''}`} data-testid="joint-count">
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
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">{t('orgs.title')}</h1>
        <Link to="/organisations/new" className="btn-primary ml-auto">
          {t('orgs.new')}
        </Link>
      </div>

      <Form method="get" className="card flex flex-wrap items-end gap-3" onChange={(e) => submit(e.currentTarget)} role="search">
        <input type="hidden" name="sort" value={filter.sort} />
        <input type="hidden" name="dir" value={filter.dir} />
        <input type="hidden" name="size" value={pageSize} />
        <div className="min-w-64 flex-1">
          <label className="label" htmlFor="q">
            {t('common.search')}
          </label>
          <input id="q" name="q" type="search" defaultValue={filter.q ?? ''} placeholder={t('orgs.searchPlaceholder')} className="input" />
        </div>
        <div>
          <label className="label" htmlFor="kind">
            {t('orgs.filter.kind')}
          </label>
          <select id="kind" name="kind" defaultValue={filter.kind ?? ''} className="input">
            <option value="">{t('common.all')}</option>
            {ORG_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`orgKind.${kind}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="district">
            {t('orgs.filter.district')}
          </label>
          <select id="district" name="district" defaultValue={filter.districtCode ?? ''} className="input">
            <option value="">{t('common.all')}</option>
            {DISTRICT_CODES.map((code) => (
              <option key={code} value={code}>
                {t(`district.${code}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn-primary">
          {t('common.filter')}
        </button>
        <Link to="/organisations" className="btn">
          {t('common.reset')}
        </Link>
      </Form>

      <DataTable rows={rows} columns={columns} visibility={{}} sort={filter.sort} dir={filter.dir} getRowId={(r) => String(r.id)} />
      <Pagination page={page} pageSize={pageSize} total={total} sizes={PAGE_SIZES} />
    </div>
  )
}

export const meta: MetaFunction = () => [{ title: 'Labcycle · 单位管理' }]
