import { DecisionTimeChart, type DecisionTimeRow } from '~/components/charts/decision-time-chart'
import { RequestsByTypeChart } from '~/components/charts/requests-by-type-chart'
import { useT } from '~/i18n/use-t'
import type { DecisionSpeed, RequestServiceStats } from '~/models/request-stats.server'
import { DISTRICT_CODES, RESOURCE_TYPES, type DistrictCode } from '~db/schema/enums'
import { requestQueueHref } from '~/models/request-queue-params'
import { ServiceGranted } from './service-granted'
import { ServiceTiles } from './service-tiles'

// Every group in its usual order, those without a decision shown as — rather than left out.
function speedRows<K extends string>(keys: readonly K[], speeds: DecisionSpeed[], name: (key: K) => string): DecisionTimeRow[] {
  return keys.map((key) => {
    const s = speeds.find((x) => x.group === key)
    return { key, name: name(key), n: s?.n ?? 0, inTime: s?.inTime ?? 0, median: s?.median ?? null, p90: s?.p90 ?? null }
  })
}

// The dashboard's section on how the bureau serves labs (issue 6): for the bureau city-wide, for
// a district its own labs (the statistics are scoped in SQL; `scope` only picks the columns).
export function ServiceSection({ stats, scope }: { stats: RequestServiceStats; scope: DistrictCode | null }) {
  const t = useT()
  const districts = scope ? [scope] : DISTRICT_CODES
  return (
    <section className="space-y-4" data-testid="request-service" aria-labelledby="request-service-title">
      <div>
        <h2 id="request-service-title" className="text-lg font-semibold">
          {t('requests.dash.title')}
        </h2>
        <p className="text-sm text-slate-600">{t('requests.dash.intro')}</p>
      </div>
      <ServiceTiles stats={stats} />
      <RequestsByTypeChart counts={stats.byTypeStatus} />
      <DecisionTimeChart
        title={t('requests.dash.speedByType')}
        testId="chart-decision-time-by-type"
        rows={speedRows(RESOURCE_TYPES, stats.speedByType, (type) => t(`requests.type.${type}`))}
        hrefOf={(type) => requestQueueHref({ stage: 'decided', type: type as (typeof RESOURCE_TYPES)[number], sort: 'decidedOn' })}
      />
      {districts.length > 1 ? (
        <DecisionTimeChart
          title={t('requests.dash.speedByDistrict')}
          testId="chart-decision-time-by-district"
          rows={speedRows(districts, stats.speedByDistrict, (code) => t(`district.${code}`))}
          hrefOf={(code) => requestQueueHref({ stage: 'decided', district: code as DistrictCode, sort: 'decidedOn' })}
        />
      ) : null}
      <ServiceGranted rows={stats.granted} districts={districts} />
    </section>
  )
}
