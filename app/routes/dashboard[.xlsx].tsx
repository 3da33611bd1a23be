import type { LoaderFunctionArgs } from '@remix-run/node'
import { dashboardSummary } from '~/models/summary-exports.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { translatorFor } from '~/utils/locale.server'
import { sheetsResponse } from '~/utils/xlsx.server'

// The dashboard as a workbook (/dashboard.xlsx), for the bureau's periodic report: a sheet per
// panel of / (the tiles, labs by district, by direction, expiries, compliance, what needs
// attention, resource requests). The bureau's is the city's, a district office's its own district;
// a lab's home and an expert's tasks are no dashboard (404).
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request)
  if (user.role !== 'bureau' && user.role !== 'district') throw new Response('Not found', { status: 404 })
  const t = translatorFor(request, user.locale)
  const date = today()
  const sheets = dashboardSummary({ actor: actorOf(user), today: date, t })
  const scope = user.role === 'district' && user.districtCode ? `-${t(`district.${user.districtCode}`)}` : ''
  return sheetsResponse({
    sheets,
    fileName: `${t('exports.summary.fileName')}${scope}-${date}`,
    asciiName: `dashboard${user.role === 'district' ? `-${user.districtCode}` : ''}-${date}`,
  })
}
