import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useLocation } from '@remix-run/react'
import type { ColumnDef } from '~/components/data-table/data-table'
import { useMemo } from 'react'
import { DISTRICT_CODES, type DistrictCode } from '~db/schema/enums'
import { DataTable, Pagination } from '~/components/data-table/data-table'
import { OutcomeFilters } from '~/components/outcomes/dashboard/outcome-filters'
import { OutcomeVerificationBadge } from '~/components/outcomes/verification-badge'
import { Badge } from '~/components/ui/badge'
import { PageHeader } from '~/components/ui/page-header'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { scopedOutcomeFilter } from '~/models/outcome-dashboard.server'
import {
  dashboardHref,
  FIRST_YEAR,
  parseRegisterParams,
  REGISTER_COLUMNS,
  registerRowHref,
  type RegisterRow,
} from '~/models/outcome-dashboard-params'
import { listRegister } from '~/models/outcome-register.server'
import { actorOf, requireCapability } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { PAGE_SIZES } from '~/utils/list-params'

// 成果清单 (issue 16, part 4): the rows behind every figure of /outcomes, city-wide for the bureau,
// a district office's own district, a lab's own outcomes; filtered, sorted and paged in SQL.
// Accepted deliverables are listed as outcomes, marked, and open their deliverable page.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'outcome:dashboard')
  const actor = actorOf(user)
  const state = parseRegisterParams(new URL(request.url).searchParams)
  const scoped = scopedOutcomeFilter(actor, state.filter)
  if (!scoped) throw new Response('Not found', { status: 404 })
  const { rows, total } = listRegister({
    actor,
    filter: scoped.filter,
    sort: state.sort,
    dir: state.dir,
    page: state.page,
    pageSize: state.pageSize,
  })
  const thisYear = Number(today().slice(0, 4))
  return {
    rows,
    total,
    state,
    lab: scoped.lab,
    years: Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, i) => thisYear - i),
    districts: user.role === 'bureau' ? (DISTRICT_CODES as readonly DistrictCode[]) : [],
  }
}

const TABLE_COLUMNS = REGISTER_COLUMNS.filter((c) => !c.exportOnly)

export default function OutcomeRegisterPage() {
  const { rows, total, state, lab, years, districts } = useLoaderData<typeof loader>()
  const t = useT()
  const location = useLocation()
  const exportParams = new URLSearchParams(location.search)
  exportParams.delete('page')
  exportParams.delete('size')
  const query = exportParams.size > 0 ? `?${exportParams}` : ''

  const columns = useMemo<ColumnDef<RegisterRow>[]>(
    () =>
      TABLE_COLUMNS.map((col) => ({
        id: col.id,
        header: t(col.label),
        meta: { sortKey: col.sort },
        cell: ({ row: { original: r } }) => {
          if (col.id === 'title')
            return (
              <Link to={registerRowHref(r)} className="link font-medium" data-testid="register-link">
                {r.title}
              </Link>
            )
          if (col.id === 'lab')
            return (
              <Link to={`/labs/${r.labId}`} className="link">
                {r.labName}
              </Link>
            )
          // an accepted annual deliverable counted as an outcome is marked as such
          if (col.id === 'source')
            return r.source === 'deliverable' ? (
              <Badge className="bg-teal-100 text-teal-900" data={{ 'data-source': r.source }}>
                {col.text(r, t)}
              </Badge>
            ) : (
              <span className="text-slate-700" data-source={r.source}>
                {col.text(r, t)}
              </span>
            )
          if (col.id === 'verification') return <OutcomeVerificationBadge verification={r.verification} />
          const numeric = col.id === 'date' || col.id === 'value'
          return <span className={numeric ? 'token tabular-nums' : ''}>{col.text(r, t)}</span>
        },
      })),
    [t],
  )

  return (
    <div className="space-y-4">
      <PageHeader
        title={t('cityOutcomes.register.title')}
        back={{ to: dashboardHref(state.filter), label: t('cityOutcomes.register.back') }}
        badges={
          <span className="text-slate-600" data-testid="register-count">
            {t('cityOutcomes.register.count', { n: total })}
          </span>
        }
        actions={
          <>
            <a className="btn" href={`/outcomes/register.csv${query}`} data-testid="export-csv" download>
              {t('cityOutcomes.register.csv')}
            </a>
            <a className="btn" href={`/outcomes/register.xlsx${query}`} data-testid="export-xlsx" download>
              {t('cityOutcomes.register.xlsx')}
            </a>
          </>
        }
        subtitle={t('cityOutcomes.register.intro')}
      />
      <OutcomeFilters
        filter={state.filter}
        years={years}
        districts={districts}
        resetTo="/outcomes/register"
        hidden={{ sort: state.sort, dir: state.dir, size: state.pageSize }}
        lab={lab}
        showSource
      />
      {rows.length === 0 ? (
        <p className="card text-slate-600" data-testid="register-empty">
          {t('cityOutcomes.register.empty')}
        </p>
      ) : (
        <DataTable
          rows={rows}
          columns={columns}
          visibility={{}}
          sort={state.sort}
          dir={state.dir}
          getRowId={(r) => `${r.source}-${r.id}`}
        />
      )}
      <Pagination page={state.page} pageSize={state.pageSize} total={total} sizes={PAGE_SIZES} />
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'cityOutcomes.register.title')
