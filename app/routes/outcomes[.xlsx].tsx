import type { LoaderFunctionArgs } from '@remix-run/node'
import { scopedOutcomeFilter } from '~/models/outcome-dashboard.server'
import { parseOutcomeFilter } from '~/models/outcome-dashboard-params'
import { outcomesSummary } from '~/models/summary-exports.server'
import { actorOf, requireCapability } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { translatorFor } from '~/utils/locale.server'
import { sheetsResponse } from '~/utils/xlsx.server'

// The outcomes dashboard as a workbook (/outcomes.xlsx): a sheet per panel of /outcomes under the
// same filters (totals, each chart, the plan fulfilment, ahead and behind, the evaluation). Scoped
// as the page: the bureau the city, a district office its district (another district's filter is
// 404), a lab its own lab; experts 404.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'outcome:dashboard')
  const actor = actorOf(user)
  const scoped = scopedOutcomeFilter(actor, parseOutcomeFilter(new URL(request.url).searchParams))
  if (!scoped) throw new Response('Not found', { status: 404 })
  const t = translatorFor(request, user.locale)
  const scope =
    user.role === 'bureau'
      ? t('cityOutcomes.scope.city')
      : user.role === 'district' && user.districtCode
        ? t('cityOutcomes.scope.district', { district: t(`district.${user.districtCode}`) })
        : t('cityOutcomes.scope.lab')
  const date = today()
  return sheetsResponse({
    sheets: outcomesSummary({ actor, filter: scoped.filter, today: date, t, scope: scoped.lab ? `${scope}：${scoped.lab.name}` : scope }),
    fileName: `${t('exports.outcomes.fileName')}-${date}`,
    asciiName: `outcomes-summary-${date}`,
  })
}
