import type { LoaderFunctionArgs } from '@remix-run/node'
import { reviewsExport } from '~/models/list-exports.server'
import { actorOf, requireCapability } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { translatorFor } from '~/utils/locale.server'
import { sheetResponse } from '~/utils/xlsx.server'

// The review queue as a workbook (/reviews.xlsx): every filing the page's filters select, oldest
// first, with its submission time and the days it has waited. The bureau's queue is the city's, a
// district office's its own labs' filings awaiting its opinion; labs and experts have none (404).
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'review:view')
  const date = today()
  const t = translatorFor(request, user.locale)
  const { sheet } = reviewsExport({ actor: actorOf(user), search: new URL(request.url).searchParams, today: date, t })
  const name = t('reviews.title')
  return sheetResponse({ sheet: sheet(name), fileName: `${name}-${date}`, asciiName: `reviews-${date}`, signal: request.signal })
}
