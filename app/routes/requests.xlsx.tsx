import type { LoaderFunctionArgs } from '@remix-run/node'
import { can } from '~/domain/permissions'
import { requestQueueExport } from '~/models/list-exports.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { translatorFor } from '~/utils/locale.server'
import { sheetResponse } from '~/utils/xlsx.server'

// The request queue as a workbook (/requests/xlsx): the CSV's rows and columns for the same filters
// and sort, days as dates. Labs and experts have no queue (404).
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const actor = actorOf(user)
  if (!can(actor, 'request:queue')) throw new Response('Not found', { status: 404 })
  const date = today()
  const t = translatorFor(request, user.locale)
  const { sheet } = requestQueueExport({ actor, search: new URL(request.url).searchParams, today: date, t })
  const name = t('requestService.csvName')
  return sheetResponse({ sheet: sheet(name), fileName: `${name}-${date}`, asciiName: `requests-${date}`, signal: request.signal })
}
