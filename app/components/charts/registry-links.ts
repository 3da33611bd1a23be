import type { CheckResult, LabStatus } from '~db/schema/enums'

// Links from the dashboard into the registry (app/routes/labs._index.tsx). One builder, so
// the dashboard's tests can open every link the charts and tiles make and compare totals.
export type RegistryLink = {
  district?: string
  direction?: number | string
  status?: LabStatus
  compliance?: CheckResult
  // 'YYYY-MM': the latest period ends that month, undecided
  expires?: string
  sort?: 'endDate'
}

export function registryHref(filter: RegistryLink): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(filter)) if (value !== undefined) params.set(key, String(value))
  const query = params.toString()
  return query ? `/labs?${query}` : '/labs'
}

// What each dashboard tile counts, as the registry view that lists exactly those labs.
export const TILE_LINKS = {
  total: registryHref({}),
  activeOnly: registryHref({ status: 'active' }),
  renewed: registryHref({ status: 'renewed' }),
  expiring: registryHref({ status: 'expiring', sort: 'endDate' }),
  expired: registryHref({ status: 'expired', sort: 'endDate' }),
  failing: registryHref({ compliance: 'failing' }),
} as const
