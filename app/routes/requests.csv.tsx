import type { LoaderFunctionArgs } from '@remix-run/node'
import { can } from '~/domain/permissions'
import { requestQueueExport } from '~/models/list-exports.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { csvResponse } from '~/utils/csv.server'
import { translatorFor } from '~/utils/locale.server'

// The request queue as CSV (/requests/csv): the same query with the same filters and sort, every
// page, the table's columns plus the request's number, whether it is overdue (still waiting past
// its deadline) and, once decided, the working days taken and whether it was in time. Scoped like
// the table, so an export never holds more than the user sees; labs and experts have no queue (404).
// Its workbook twin is /requests/xlsx.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const actor = actorOf(user)
  // like every page outside one's scope, it does not exist for those without a queue
  if (!can(actor, 'request:queue')) throw new Response('Not found', { status: 404 })
  const date = today()
  const t = translatorFor(request, user.locale)
  const { header, rows } = requestQueueExport({ actor, search: new URL(request.url).searchParams, today: date, t })
  return csvResponse({
    header,
    rows,
    fileName: `${t('requestService.csvName')}-${date}.csv`,
    asciiName: `requests-${date}.csv`,
    signal: request.signal,
  })
}
