import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { ColumnDef } from '~/components/data-table/data-table'
import { useMemo } from 'react'
import { DISTRICT_CODES, RESOURCE_TYPES } from '~db/schema/enums'
import { RequestStatusBadge } from '~/components/requests/request-status-badge'
import { DataTable, Pagination } from '~/components/data-table/data-table'
import { DistrictFilter, FilterForm, FilterSelect } from '~/components/data-table/filter-form'
import { ListHeader } from '~/components/data-table/list-header'
import { OverdueBadge } from '~/components/data-table/overdue-badge'
import { can } from '~/domain/permissions'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { listRequestQueue, type RequestQueueRow } from '~/models/request-queue.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { PAGE_SIZES } from '~/utils/list-params'
import { parseRequestQueueParams, QUEUE_STATUSES, REQUEST_QUEUE_COLUMNS, REQUEST_STAGES } from '~/models/request-queue-params'

// The bureau's and a district's queue of resource requests (issue 6, item 4). A lab account has
// its own list at /labs/<lab>/requests (drafts included) and is sent there; an expert has none.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request)
  if (user.role === 'lab' && user.labId) throw redirect(`/labs/${user.labId}/requests`)
  const actor = actorOf(user)
  // like every page outside one's scope, it does not exist for those without a queue
  if (!can(actor, 'request:queue')) throw new Response('Not found', { status: 404 })
  const state = parseRequestQueueParams(new URL(request.url).searchParams, { isDistrict: user.role === 'district' })
  const { rows, total } = listRequestQueue({ actor, today: today(), ...state, filter: state.filter })
  return {
    rows,
    total,
    state,
    role: user.role,
    districts: user.role === 'district' ? [] : DISTRICT_CODES,
  }
}

const TABLE_COLUMNS = REQUEST_QUEUE_COLUMNS.filter((c) => !c.csvOnly)

export default function RequestQueuePage() {
  const { rows, total, state, role, districts } = useLoaderData<typeof loader>()
  const t = useT()
  const { filter } = state

  const columns = useMemo<ColumnDef<RequestQueueRow>[]>(
    () =>
      TABLE_COLUMNS.map((col) => ({
        id: col.id,
        header: t(col.label),
        meta: { sortKey: col.sort },
        cell: ({ row: { original: r } }) => {
          // an overdue request reads red in every cell, with the badge by its deadline
          const tone = r.overdue ? 'text-red-700' : ''
          if (col.id === 'title')
            return (
              <Link to={`/labs/${r.labId}/requests/${r.id}`} className={`link font-medium ${tone}`}>
                {r.title}
              </Link>
            )
          if (col.id === 'status') return <RequestStatusBadge status={r.status} />
          if (col.id === 'deadline')
            return (
              <span className={`token tabular-nums ${tone}`}>
                {col.text(r, t)}
                {r.overdue ? <OverdueBadge label={t('requests.badge.overdue')} /> : null}
              </span>
            )
          return (
            <span
              className={`${tone} ${col.id === 'quantity' || col.id === 'granted' || col.id.endsWith('On') ? 'token tabular-nums' : ''}`}
            >
              {col.text(r, t)}
            </span>
          )
        },
      })),
    [t],
  )

  return (
    <div className="space-y-4">
      <ListHeader
        title={t('requests.queue.title')}
        count={t('requests.count', { n: total })}
        countTestId="queue-count"
        exportPath="/requests/csv"
        xlsxPath="/requests/xlsx"
        exportLabel={t('requests.export')}
      />
      <p className="text-sm text-slate-700">{t(role === 'district' ? 'requestService.queue.districtIntro' : 'requests.queue.intro')}</p>

      <FilterForm
        hidden={{ sort: state.sort, dir: state.dir, size: state.pageSize }}
        resetTo="/requests"
        search={{ value: filter.q, placeholder: t('requests.filter.search') }}
      >
        <FilterSelect
          name="stage"
          label={t('requests.filter.stage')}
          value={filter.stage}
          options={REQUEST_STAGES.map((s) => [s, t(`requests.stage.${s}`)] as const)}
        />
        <FilterSelect
          name="status"
          label={t('requests.filter.status')}
          value={filter.status}
          options={QUEUE_STATUSES.map((s) => [s, t(`requests.status.${s}`)] as const)}
        />
        <FilterSelect
          name="type"
          label={t('requests.filter.type')}
          value={filter.type}
          options={RESOURCE_TYPES.map((s) => [s, t(`requests.type.${s}`)] as const)}
        />
        <DistrictFilter label={t('requests.filter.district')} value={filter.districtCode} districts={districts} />
      </FilterForm>

      <DataTable rows={rows} columns={columns} visibility={{}} sort={state.sort} dir={state.dir} getRowId={(r) => String(r.id)} />
      <Pagination page={state.page} pageSize={state.pageSize} total={total} sizes={PAGE_SIZES} />
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'requests.queue.title')
