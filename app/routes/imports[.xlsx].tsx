import type { LoaderFunctionArgs } from '@remix-run/node'
import { importBatchesExport } from '~/models/list-exports.server'
import { actorOf, requireCapability } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { translatorFor } from '~/utils/locale.server'
import { sheetResponse } from '~/utils/xlsx.server'

// The imports list as a workbook (/imports.xlsx): every import the page would page through, the
// bureau's all, anyone else's their own; experts import nothing (404, like the page).
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'import:roster')
  const t = translatorFor(request, user.locale)
  const { sheet } = importBatchesExport({ actor: actorOf(user), t })
  const date = today()
  const name = t('imports.history')
  return sheetResponse({ sheet: sheet(name), fileName: `${name}-${date}`, asciiName: `imports-${date}` })
}
