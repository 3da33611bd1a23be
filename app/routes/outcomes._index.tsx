import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { DISTRICT_CODES, type DistrictCode } from '~db/schema/enums'
import { OutcomeDashboard } from '~/components/outcomes/dashboard/outcome-dashboard'
import { OutcomeFilters } from '~/components/outcomes/dashboard/outcome-filters'
import { PageHeader } from '~/components/ui/page-header'
import { XlsxLink } from '~/components/data-table/xlsx-link'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { outcomeDashboardData, scopedOutcomeFilter } from '~/models/outcome-dashboard.server'
import { FIRST_YEAR, parseOutcomeFilter, registerHref } from '~/models/outcome-dashboard-params'
import { actorOf, requireCapability } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'

// 成果看板 (issue 16, part 4): what the labs produced, for the bureau (the city), a district office
// (its own district: another district's filter is 404) and a lab account (its own lab); experts
// have no such page (404). Every figure is scoped and aggregated in SQL.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'outcome:dashboard')
  const actor = actorOf(user)
  const scoped = scopedOutcomeFilter(actor, parseOutcomeFilter(new URL(request.url).searchParams))
  if (!scoped) throw new Response('Not found', { status: 404 })
  const day = today()
  const thisYear = Number(day.slice(0, 4))
  return {
    data: outcomeDashboardData({ actor, filter: scoped.filter, today: day }),
    filter: scoped.filter,
    lab: scoped.lab,
    scope: user.role === 'bureau' ? ('city' as const) : user.role === 'district' ? ('district' as const) : ('lab' as const),
    scopeDistrict: user.districtCode,
    years: Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, i) => thisYear - i),
    // a district office's filter and chart are its own district; a lab's figures are its own lab
    districts: user.role === 'bureau' ? (DISTRICT_CODES as readonly DistrictCode[]) : [],
  }
}

export default function OutcomeDashboardPage() {
  const { data, filter, lab, scope, scopeDistrict, years, districts } = useLoaderData<typeof loader>()
  const t = useT()
  const scopeLabel =
    scope === 'city'
      ? t('cityOutcomes.scope.city')
      : scope === 'district' && scopeDistrict
        ? t('cityOutcomes.scope.district', { district: t(`district.${scopeDistrict}`) })
        : t('cityOutcomes.scope.lab')
  return (
    <div className="space-y-4">
      <PageHeader
        title={t('cityOutcomes.title')}
        badges={
          <span className="text-slate-600" data-testid="outcomes-scope">
            {scopeLabel}
          </span>
        }
        actions={
          <>
            <XlsxLink path="/outcomes.xlsx" />
            <Link to={registerHref(filter)} className="btn" data-testid="open-register">
              {t('cityOutcomes.register.title')}
            </Link>
          </>
        }
        subtitle={t('cityOutcomes.intro')}
      />
      <OutcomeFilters filter={filter} years={years} districts={districts} resetTo="/outcomes" lab={lab} showSource />
      <OutcomeDashboard data={data} filter={filter} districts={districts} showDirections={scope !== 'lab'} />
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'cityOutcomes.title')
