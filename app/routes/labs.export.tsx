import type { LoaderFunctionArgs } from '@remix-run/node'
import { ruleSettings } from '~/models/settings.server'
import { listLabs } from '~/models/labs.server'
import { actorOf, requireCapability } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { toCsv } from '~/utils/csv'
import { LAB_COLUMNS, parseRegistryParams } from '~/models/lab-registry'
import { translatorFor } from '~/utils/locale.server'

// The registry's CSV: the same query as the table with the same filters and sort, every page,
// the chosen columns. Scoped like the table, so an export never holds more than the user sees.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'registry:view')
  const actor = actorOf(user)
  const state = parseRegistryParams(new URL(request.url).searchParams)
  const date = today()
  const { rows } = listLabs({
    actor,
    filter: state.filter,
    today: date,
    windowDays: ruleSettings().expiryWindowDays,
    page: 1,
    pageSize: null,
  })
  const t = translatorFor(request, user.locale)
  const columns = LAB_COLUMNS.filter((c) => state.columns.includes(c.id))
  const csv = toCsv(
    columns.map((c) => t(c.label)),
    rows.map((row) => columns.map((c) => c.text(row, t))),
  )
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="labs-${date}.csv"; filename*=UTF-8''${encodeURIComponent(`实验室名录-${date}.csv`)}`,
      'Cache-Control': 'no-store',
    },
  })
}
