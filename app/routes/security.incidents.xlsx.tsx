import type { LoaderFunctionArgs } from '@remix-run/node'
import { incidentsExport } from '~/models/list-exports.server'
import { actorOf, requireCapability } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { translatorFor } from '~/utils/locale.server'
import { sheetResponse } from '~/utils/xlsx.server'

// The security page's incidents as a workbook (/security/incidents/xlsx): the CSV's rows and
// columns for the same filters and sort, times as Shanghai date-times. Scoped like the table.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'incident:view_all')
  const t = translatorFor(request, user.locale)
  const { sheet } = incidentsExport({ actor: actorOf(user), search: new URL(request.url).searchParams, t, now: now() })
  const date = today()
  const name = t('incidents.overview.tableTitle')
  return sheetResponse({ sheet: sheet(name), fileName: `${name}-${date}`, asciiName: `incidents-${date}`, signal: request.signal })
}
