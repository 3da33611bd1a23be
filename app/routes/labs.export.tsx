import type { LoaderFunctionArgs } from '@remix-run/node'
import { registryExport } from '~/models/list-exports.server'
import { actorOf, requireCapability } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { csvResponse } from '~/utils/csv.server'
import { translatorFor } from '~/utils/locale.server'

// The registry's CSV: the same query as the table with the same filters and sort, every page,
// the chosen columns. Scoped like the table, so an export never holds more than the user sees.
// Its workbook twin is /labs/export.xlsx (registryExport for both).
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'registry:view')
  const date = today()
  const t = translatorFor(request, user.locale)
  const { header, rows } = registryExport({ actor: actorOf(user), search: new URL(request.url).searchParams, today: date, t })
  return csvResponse({ header, rows, fileName: `实验室名录-${date}.csv`, asciiName: `labs-${date}.csv`, signal: request.signal })
}
