import { ComplianceShareChart } from '~/components/charts/compliance-share-chart'
import { ExpiriesByMonthChart } from '~/components/charts/expiries-by-month-chart'
import { LabsByDirectionChart } from '~/components/charts/labs-by-direction-chart'
import { LabsByDistrictChart } from '~/components/charts/labs-by-district-chart'
import { useT } from '~/i18n/use-t'
import type { DashboardData } from '~/models/dashboard.server'
import { XlsxLink } from '~/components/data-table/xlsx-link'
import { NeedsAttention } from './needs-attention'
import { DashboardTiles } from './tiles'

// The bureau's dashboard; a district officer sees the same, scoped to its district.
export function Overview({ data }: { data: DashboardData }) {
  const t = useT()
  const scopeLabel = data.scope ? t(`district.${data.scope}`) : t('dashboard.scopeCity')
  return (
    <div className="space-y-6">
      <div className="flex items-baseline gap-3">
        <h1 className="text-xl font-semibold">{t('dashboard.title')}</h1>
        <span className="text-slate-600" data-testid="dashboard-scope">
          {scopeLabel}
        </span>
        {/* every panel below as a sheet, for the periodic report (issue 17) */}
        <span className="ml-auto">
          <XlsxLink path="/dashboard.xlsx" keep={false} />
        </span>
      </div>
      <DashboardTiles data={data} />
      <NeedsAttention attention={data.attention} districts={data.districts} />
      {/* a district office's own district would be one bar: its tiles say the same (issue 19) */}
      {data.districts.length > 1 ? <LabsByDistrictChart counts={data.byDistrict} districts={data.districts} /> : null}
      <LabsByDirectionChart counts={data.byDirection} />
      <ExpiriesByMonthChart counts={data.expiries} />
      <ComplianceShareChart months={data.complianceShare} />
    </div>
  )
}
