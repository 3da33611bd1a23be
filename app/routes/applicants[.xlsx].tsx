import type { LoaderFunctionArgs } from '@remix-run/node'
import { applicantsExport } from '~/models/round-list-exports.server'
import { actorOf, requireCapability } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { localeOf, translatorFor } from '~/utils/locale.server'
import { sheetResponse } from '~/utils/xlsx.server'

// 申报单位 as a workbook (/applicants.xlsx, issue 21 item 8): the CSV's rows, the credit code kept
// as text, the registration as a Beijing time.
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
  const name = t('applicants.fileName')
  return sheetResponse({ sheet: list.sheet(name), fileName: `${name}-${date}`, asciiName: `applicants-${date}`, signal: request.signal })
}
