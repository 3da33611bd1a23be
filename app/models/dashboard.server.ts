import { DISTRICT_CODES, type LabStatus } from '../../db/schema/enums'
import type { IsoDate } from '../domain/dates'
import type { Actor } from '../domain/permissions'
import { daysUntilExpiry } from '../domain/validity'
import { countLabsBelowThreshold, countLabsByDistrictAndStatus, countLabsByStatus, listLabs } from './labs.server'
import { ruleSettings } from './settings.server'

// Everything the bureau's and a district's dashboard shows, scoped to the actor.
export function dashboardData({ actor, today }: { actor: Actor; today: IsoDate }) {
  const windowDays = ruleSettings().expiryWindowDays
  const byStatus = countLabsByStatus({ actor, today, windowDays })
  const statusCount = (s: LabStatus) => byStatus.find((r) => r.status === s)?.n ?? 0
  const attention = (['expired', 'expiring'] as const).flatMap(
    (status) =>
      listLabs({
        actor,
        filter: { status, sort: 'endDate', dir: 'asc' },
        today,
        windowDays,
        page: 1,
        pageSize: 10,
      }).rows,
  )
  return {
    today,
    windowDays,
    scope: actor.role === 'district' ? actor.districtCode : null,
    tiles: {
      total: byStatus.reduce((sum, r) => sum + r.n, 0),
      active: statusCount('active') + statusCount('renewed'),
      expiring: statusCount('expiring'),
      expired: statusCount('expired'),
      belowThreshold: countLabsBelowThreshold({ actor }),
    },
    byDistrict: countLabsByDistrictAndStatus({ actor, today, windowDays }),
    districts: actor.role === 'district' && actor.districtCode ? [actor.districtCode] : [...DISTRICT_CODES],
    attention: attention.map((lab) => ({
      ...lab,
      daysLeft: lab.endDate ? daysUntilExpiry({ endDate: lab.endDate, today }) : null,
    })),
  }
}

export type DashboardData = ReturnType<typeof dashboardData>
