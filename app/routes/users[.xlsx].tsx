import type { LoaderFunctionArgs } from '@remix-run/node'
import { usersExport } from '~/models/list-exports.server'
import { requireCapability } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { translatorFor } from '~/utils/locale.server'
import { sheetResponse } from '~/utils/xlsx.server'

// The users as a workbook (/users.xlsx): every row the page's filters and sort select, with the
// page's columns (never a password hash or a session). The bureau's alone, like the page.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'user:manage')
  const t = translatorFor(request, user.locale)
  const { sheet } = usersExport({ search: new URL(request.url).searchParams, t })
  const date = today()
  const name = t('users.title')
  return sheetResponse({ sheet: sheet(name), fileName: `${name}-${date}`, asciiName: `users-${date}` })
}
