import type { LoaderFunctionArgs } from '@remix-run/node'
import { registryExport } from '~/models/list-exports.server'
import { actorOf, requireCapability } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { translatorFor } from '~/utils/locale.server'
import { sheetResponse } from '~/utils/xlsx.server'

// The registry as a workbook (/labs/export.xlsx): the CSV's rows and chosen columns for the same
// filters and sort, dates as dates and counts as numbers. Scoped like the table.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'registry:view')
  const date = today()
  const t = translatorFor(request, user.locale)
  const { sheet } = registryExport({ actor: actorOf(user), search: new URL(request.url).searchParams, today: date, t })
  return sheetResponse({
    sheet: sheet(t('labs.title')),
    fileName: `${t('labs.title')}-${date}`,
    asciiName: `labs-${date}`,
    signal: request.signal,
  })
}
