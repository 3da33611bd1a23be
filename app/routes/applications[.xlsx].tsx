import type { LoaderFunctionArgs } from '@remix-run/node'
import { applicationsExport } from '~/models/round-list-exports.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { localeOf, translatorFor } from '~/utils/locale.server'
import { sheetResponse } from '~/utils/xlsx.server'

// A round's applications as a workbook (/applications.xlsx, issue 21 item 8): the CSV's rows for
// the same filters and sort, the submission as a Beijing time, the number as a number.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const t = translatorFor(request, user.locale)
  const list = applicationsExport({
    actor: actorOf(user),
    search: new URL(request.url).searchParams,
    t,
    locale: localeOf(request, user.locale),
  })
  if (!list) throw new Response('Not found', { status: 404 })
  const date = today()
  const name = t('applications.fileName', { round: list.roundName })
  return sheetResponse({ sheet: list.sheet(name), fileName: `${name}-${date}`, asciiName: `applications-${date}`, signal: request.signal })
}
