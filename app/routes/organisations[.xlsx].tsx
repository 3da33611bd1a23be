import type { LoaderFunctionArgs } from '@remix-run/node'
import { organisationsExport } from '~/models/list-exports.server'
import { requireCapability } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { translatorFor } from '~/utils/locale.server'
import { sheetResponse } from '~/utils/xlsx.server'

// The organisations as a workbook (/organisations.xlsx): every row the page's filters and sort
// select; credit codes as text. The bureau's alone, like the page.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'organisation:manage')
  const t = translatorFor(request, user.locale)
  const { sheet } = organisationsExport({ search: new URL(request.url).searchParams, t })
  const date = today()
  const name = t('orgs.title')
  return sheetResponse({ sheet: sheet(name), fileName: `${name}-${date}`, asciiName: `organisations-${date}` })
}
