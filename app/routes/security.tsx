import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData, useLocation } from '@remix-run/react'
import { INCIDENT_GRADES, INCIDENT_STATUSES, type IncidentGrade } from '~db/schema/enums'
import { Pagination } from '~/components/data-table/data-table'
import { DistrictFilter, FilterForm, FilterSelect } from '~/components/data-table/filter-form'
import { useMonthLabel } from '~/components/charts/chart-parts'
import { IncidentsByMonthChart } from '~/components/incidents/incidents-by-month-chart'
import { PendingAlerts } from '~/components/incidents/incident-alert'
import { IncidentsTable } from '~/components/incidents/incidents-table'
import { SecurityLabsTable } from '~/components/incidents/security-labs-table'
import { INCIDENT_CHART_MONTHS, recentMonths, SECURITY_CHECK_IDS } from '~/domain/incidents'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { countIncidentsByMonth, listIncidents, parseSecurityParams, securityAttention } from '~/models/security-overview.server'
import { listPendingAlerts } from '~/models/incidents.server'
import { actorOf, requireCapability } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { PAGE_SIZES } from '~/utils/list-params'

const LABS_PAGE_SIZE = 20

// 数据安全: the bureau's (and a district's, for its own labs) one screen answering which labs
// have no current plan or drill, which had serious incidents and which reported late; then every
// incident by month and grade, and every incident in a table with its CSV export.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'incident:view_all')
  const actor = actorOf(user)
  const p = parseSecurityParams(new URL(request.url).searchParams, actor)
  const date = today()
  const attention = { actor, today: date, districtCode: p.district, check: p.check, pageSize: LABS_PAGE_SIZE }
  let labs = securityAttention({ ...attention, page: p.labsPage })
  const labsPages = Math.max(1, Math.ceil(labs.total / LABS_PAGE_SIZE))
  // a page past the end (an old bookmark, a list that shrank) shows the last page
  if (p.labsPage > labsPages) labs = securityAttention({ ...attention, page: labsPages })
  const months = recentMonths(date, INCIDENT_CHART_MONTHS)
  const { rows, total } = listIncidents({ actor, filter: p.filter, sort: p.sort, dir: p.dir, page: p.page, pageSize: p.size, now: now() })
  return {
    role: user.role,
    scope: user.role === 'district' ? user.districtCode : null,
    params: {
      district: p.district,
      check: p.check,
      grade: p.grade,
      status: p.status,
      late: p.late,
      month: p.month,
      q: p.q,
      sort: p.sort,
      dir: p.dir,
    },
    labs: { ...labs, page: Math.min(p.labsPage, labsPages), pageSize: LABS_PAGE_SIZE },
    months,
    counts: countIncidentsByMonth({ actor, months, districtCode: p.district }),
    incidents: { rows, total, page: p.page, pageSize: p.size },
    // urgent alerts the bureau has not acknowledged, in this office's scope (issue 15)
    alerts: listPendingAlerts(actor),
  }
}

export default function SecurityPage() {
  const { role, scope, params, labs, months, counts, incidents, alerts } = useLoaderData<typeof loader>()
  const t = useT()
  const location = useLocation()
  const monthLabel = useMonthLabel()
  const district = params.district
  const chartHref = (month: string, grade?: IncidentGrade) => {
    const q = new URLSearchParams({ ...(district ? { district } : {}), month, ...(grade ? { grade } : {}) })
    return `/security?${q}#incidents`
  }
  const exportParams = new URLSearchParams(location.search)
  for (const key of ['page', 'size', 'labsPage', 'check']) exportParams.delete(key)
  const exportQuery = exportParams.toString()
  // the other sections' state, kept when one section's filter changes
  const keep = (names: (keyof typeof params)[]) => Object.fromEntries(names.map((n) => [n, params[n]]))
  const monthOptions = (
    params.month && !months.includes(params.month) ? [params.month, ...[...months].reverse()] : [...months].reverse()
  ).map((m) => [m, monthLabel(m)] as const)
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold">{t('incidents.overview.title')}</h1>
        <p className="text-sm text-slate-700">
          {scope ? t('incidents.overview.introDistrict', { district: t(`district.${scope}`) }) : t('incidents.overview.intro')}
        </p>
      </div>
      <PendingAlerts rows={alerts} bureau={role === 'bureau'} />
      {role === 'bureau' ? (
        <FilterForm hidden={{}} resetTo="/security">
          <DistrictFilter label={t('incidents.filter.district')} value={district} />
        </FilterForm>
      ) : null}

      <section className="card space-y-3" id="labs" aria-labelledby="labs-title">
        <div>
          <h2 id="labs-title" className="font-semibold">
            {t('incidents.labs.title')}
          </h2>
          <p className="text-sm text-slate-600">{t('incidents.labs.hint')}</p>
        </div>
        <FilterForm
          hidden={keep(['district', 'grade', 'status', 'late', 'month', 'q', 'sort', 'dir'])}
          resetTo={district ? `/security?district=${district}` : '/security'}
        >
          <FilterSelect
            name="check"
            label={t('incidents.filter.check')}
            value={params.check}
            options={SECURITY_CHECK_IDS.map((c) => [c, t(`compliance.check.${c}`)] as const)}
          />
        </FilterForm>
        <SecurityLabsTable rows={labs.rows} total={labs.total} page={labs.page} pageSize={labs.pageSize} />
      </section>

      <IncidentsByMonthChart months={months} counts={counts} hrefOf={chartHref} />

      <section className="space-y-3" id="incidents" aria-labelledby="incidents-title">
        <div className="flex flex-wrap items-center gap-3">
          <h2 id="incidents-title" className="font-semibold">
            {t('incidents.overview.tableTitle')}
          </h2>
          <a
            className="btn ml-auto"
            href={`/security/incidents/csv${exportQuery ? `?${exportQuery}` : ''}`}
            data-testid="export-csv"
            download
          >
            {t('common.export')}
          </a>
          <a href={`/security/incidents/xlsx${exportQuery ? `?${exportQuery}` : ''}`} className="btn" data-testid="export-xlsx" download>
            {t('common.exportXlsx')}
          </a>
        </div>
        {/* keyed by its selects: a chart segment changes them through a link, and the form must show it */}
        <FilterForm
          key={[params.grade, params.status, params.month, params.late].join('|')}
          hidden={{ ...keep(['district', 'check', 'sort', 'dir']), size: incidents.pageSize }}
          resetTo={district ? `/security?district=${district}#incidents` : '/security#incidents'}
          search={{ value: params.q, placeholder: t('incidents.filter.search') }}
        >
          <FilterSelect
            name="grade"
            label={t('incidents.col.grade')}
            value={params.grade}
            options={INCIDENT_GRADES.map((g) => [g, t(`incidents.grade.${g}`)] as const)}
          />
          <FilterSelect
            name="status"
            label={t('incidents.col.status')}
            value={params.status}
            options={INCIDENT_STATUSES.map((s) => [s, t(`incidents.status.${s}`)] as const)}
          />
          <FilterSelect name="month" label={t('incidents.filter.month')} value={params.month} options={monthOptions} />
          <FilterSelect
            name="late"
            label={t('incidents.filter.late')}
            value={params.late}
            options={[['1', t('incidents.filter.lateOnly')] as const]}
          />
        </FilterForm>
        <IncidentsTable rows={incidents.rows} sort={params.sort} dir={params.dir} />
        <Pagination page={incidents.page} pageSize={incidents.pageSize} total={incidents.total} sizes={PAGE_SIZES} />
      </section>
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'incidents.overview.title')
