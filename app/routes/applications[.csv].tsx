import type { LoaderFunctionArgs } from '@remix-run/node'
import { applicationsExport } from '~/models/round-list-exports.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { csvResponse } from '~/utils/csv.server'
import { localeOf, translatorFor } from '~/utils/locale.server'

// A round's applications as CSV (/applications.csv, issue 21 item 8): the offices' and the
// bureau's list with its filters and sort, every row, scoped as the list is; an applicant's home,
// a lab or an expert has no such list (404). Its workbook twin is /applications.xlsx.
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
  return csvResponse({
    header: list.header,
    rows: list.rows,
    fileName: `${t('applications.fileName', { round: list.roundName })}-${date}.csv`,
    asciiName: `applications-${date}.csv`,
    signal: request.signal,
  })
}
