import type { LoaderFunctionArgs } from '@remix-run/node'
import { applicantsExport } from '~/models/round-list-exports.server'
import { actorOf, requireCapability } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { csvResponse } from '~/utils/csv.server'
import { localeOf, translatorFor } from '~/utils/locale.server'

// 申报单位 as CSV (/applicants.csv, issue 21 item 8): the list's search, status and sort, every
// row, in the office's scope (applicantScope). Its workbook twin is /applicants.xlsx.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'applicant:manage')
  const t = translatorFor(request, user.locale)
  const list = applicantsExport({
    actor: actorOf(user),
    search: new URL(request.url).searchParams,
    t,
    locale: localeOf(request, user.locale),
  })
  const date = today()
  return csvResponse({
    header: list.header,
    rows: list.rows,
    fileName: `${t('applicants.fileName')}-${date}.csv`,
    asciiName: `applicants-${date}.csv`,
    signal: request.signal,
  })
}
