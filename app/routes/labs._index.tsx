import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation, useSubmit } from '@remix-run/react'
import type { ColumnDef } from '~/components/data-table/data-table'
import { useMemo } from 'react'
import { CHECK_RESULTS, DIRECTIONS, DISTRICT_CODES, LAB_STATUSES } from '~db/schema/enums'
import { DataTable, Pagination } from '~/components/data-table/data-table'
import { DistrictFilter, FilterForm, FilterSelect } from '~/components/data-table/filter-form'
import { ResultBadge } from '~/components/compliance/result-badge'
import { StatusBadge } from '~/components/status-badge'
import { PageHeader } from '~/components/ui/page-header'
import { can } from '~/domain/permissions'
import { MIN_QUALIFIED_RESEARCHERS, MIN_TEAM_SIZE } from '~/domain/team'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { listLabs, type LabRow } from '~/models/labs.server'
import { ruleSettings } from '~/models/settings.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { LAB_COLUMNS, parseRegistryParams } from '~/models/lab-registry'
import { PAGE_SIZES } from '~/utils/list-params'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request)
  if (user.role === 'lab' && user.labId) throw redirect(`/labs/${user.labId}`)
  const actor = actorOf(user)
  if (!can(actor, 'registry:view')) throw new Response('Not found', { status: 404 })
  const state = parseRegistryParams(new URL(request.url).searchParams)
  const { rows, total } = listLabs({
    actor,
    filter: state.filter,
    today: today(),
    windowDays: ruleSettings().expiryWindowDays,
    page: state.page,
    pageSize: state.pageSize,
  })
  return {
    rows,
    total,
    state,
    canCreate: can(actor, 'lab:create'),
    // a district office imports its own labs' rosters (issue 17)
    canImportRosters: actor.role === 'district' && can(actor, 'import:roster'),
    districts: user.role === 'district' && user.districtCode ? [user.districtCode] : DISTRICT_CODES,
  }
}

// The month filter comes from the dashboard's expiry chart; it has no select of its own, so it
// shows as a chip that can be cleared.
function ExpiresChip({ month }: { month: string }) {
  const t = useT()
  const location = useLocation()
  const without = new URLSearchParams(location.search)
  without.delete('expires')
  without.delete('page')
  return (
    <p className="flex items-center gap-2 text-sm" data-testid="expires-filter">
      <span className="rounded bg-sky-100 px-2 py-1 text-sky-900">{t('labs.filter.expires', { month })}</span>
      <Link to={`/labs?${without}`} className="link">
        {t('labs.filter.clearExpires')}
      </Link>
    </p>
  )
}

export default function LabRegistry() {
  const { rows, total, state, canCreate, canImportRosters, districts } = useLoaderData<typeof loader>()
  const t = useT()
  const location = useLocation()
  const submit = useSubmit()
  const { filter } = state

  const columns = useMemo<ColumnDef<LabRow>[]>(
    () =>
      LAB_COLUMNS.map((col) => ({
        id: col.id,
        header: t(col.label),
        meta: { sortKey: col.sort },
        cell: ({ row }) => {
          const lab = row.original
          if (col.id === 'name')
            return (
              <Link to={`/labs/${lab.id}`} className="link font-medium">
                {lab.name}
              </Link>
            )
          if (col.id === 'status') return <StatusBadge status={lab.status} />
          if (col.id === 'compliance') return lab.compliance ? <ResultBadge result={lab.compliance} /> : '—'
          if (col.id === 'headcount' || col.id === 'qualified') {
            const below = col.id === 'headcount' ? lab.headcount < MIN_TEAM_SIZE : lab.qualified < MIN_QUALIFIED_RESEARCHERS
            return <span className={`token tabular-nums ${below ? 'font-semibold text-red-700' : ''}`}>{col.text(lab, t)}</span>
          }
          // a date reads as one word (issue 19: "2027-10-" over "02" in a narrow table)
          if (col.type === 'date') return <span className="token tabular-nums">{col.text(lab, t)}</span>
          return col.text(lab, t)
        },
      })),
    [t],
  )
  const visibility = Object.fromEntries(LAB_COLUMNS.map((c) => [c.id, state.columns.includes(c.id)]))
  const exportParams = new URLSearchParams(location.search)
  exportParams.delete('page')
  exportParams.delete('size')
  exportParams.set('cols', state.columns.join(','))

  return (
    <div className="space-y-4">
      <PageHeader
        title={t('labs.title')}
        actions={
          <>
            <a className="btn" href={`/labs/export?${exportParams}`} data-testid="export-csv" download>
              {t('common.export')}
            </a>
            <a className="btn" href={`/labs/export.xlsx?${exportParams}`} data-testid="export-xlsx" download>
              {t('common.exportXlsx')}
            </a>
            {canImportRosters ? (
              <Link to="/imports" className="btn" data-testid="import-link">
                {t('imports.link.team')}
              </Link>
            ) : null}
            {canCreate ? (
              <>
                <Link to="/imports/new?kind=labs" className="btn" data-testid="import-link">
                  {t('imports.link.list')}
                </Link>
                <Link to="/labs/new" className="btn-primary">
                  {t('labs.new')}
                </Link>
              </>
            ) : null}
          </>
        }
      />

      <FilterForm
        hidden={{ sort: filter.sort, dir: filter.dir, size: state.pageSize, cols: state.columns.join(',') }}
        resetTo="/labs"
        search={{ value: filter.q, placeholder: t('labs.searchPlaceholder') }}
      >
        <DistrictFilter label={t('labs.filter.district')} value={filter.districtCode} districts={districts} />
        <FilterSelect
          name="direction"
          label={t('labs.filter.direction')}
          value={filter.direction}
          options={DIRECTIONS.map((d) => [d, `${d}. ${t(`direction.${d}`)}`] as const)}
        />
        <FilterSelect
          name="status"
          label={t('labs.filter.status')}
          value={filter.status}
          options={LAB_STATUSES.map((s) => [s, t(`status.${s}`)] as const)}
        />
        <FilterSelect
          name="compliance"
          label={t('labs.filter.compliance')}
          value={filter.compliance}
          options={CHECK_RESULTS.map((r) => [r, t(`compliance.filter.${r}`)] as const)}
        />
      </FilterForm>
      {filter.expires ? <ExpiresChip month={filter.expires} /> : null}

      <details className="card" data-testid="column-chooser">
        <summary className="cursor-pointer text-sm font-medium">{t('common.columns')}</summary>
        <Form
          method="get"
          className="mt-2 flex flex-wrap gap-4"
          onChange={(e) => {
            const form = e.currentTarget
            const chosen = [...form.querySelectorAll<HTMLInputElement>('input[data-col]:checked')].map((i) => i.value)
            const params = new URLSearchParams(location.search)
            params.set('cols', chosen.join(','))
            submit(params, { preventScrollReset: true })
          }}
        >
          {LAB_COLUMNS.map((col) => (
            <label key={col.id} className="flex items-center gap-1 text-sm">
              <input type="checkbox" data-col value={col.id} defaultChecked={state.columns.includes(col.id)} disabled={col.id === 'name'} />
              {t(col.label)}
            </label>
          ))}
        </Form>
      </details>

      <DataTable rows={rows} columns={columns} visibility={visibility} sort={filter.sort} dir={filter.dir} getRowId={(r) => String(r.id)} />
      <Pagination page={state.page} pageSize={state.pageSize} total={total} sizes={PAGE_SIZES} />
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'labs.title')
