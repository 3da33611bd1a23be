import type { LoaderFunctionArgs } from '@remix-run/node'
import { incidentsExport } from '~/models/list-exports.server'
import { actorOf, requireCapability } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { csvResponse } from '~/utils/csv.server'
import { translatorFor } from '~/utils/locale.server'

// The security page's incident table as CSV: the same query with the same filters and sort,
// every page. Scoped like the table, so an export never holds more than the user sees.
// Its workbook twin is /security/incidents/xlsx.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'incident:view_all')
  const t = translatorFor(request, user.locale)
  const { header, rows } = incidentsExport({ actor: actorOf(user), search: new URL(request.url).searchParams, t, now: now() })
  const date = today()
  return csvResponse({ header, rows, fileName: `数据安全事件-${date}.csv`, asciiName: `incidents-${date}.csv`, signal: request.signal })
}
