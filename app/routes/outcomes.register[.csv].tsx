import type { LoaderFunctionArgs } from '@remix-run/node'
import { scopedOutcomeFilter } from '~/models/outcome-dashboard.server'
import { parseRegisterParams } from '~/models/outcome-dashboard-params'
import { registerExport } from '~/models/outcome-register-export.server'
import { actorOf, requireCapability } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { translatorFor } from '~/utils/locale.server'
import { csvResponse } from '~/utils/csv.server'

// The city outcome register as CSV (/outcomes/register.csv): the register's filters and sort,
// every page, its columns plus the row's number and the lab's direction; values in 万元 exactly as
// stored (whole yuan). Scoped like the register; UTF-8 with a byte-order mark for Excel.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'outcome:dashboard')
  const actor = actorOf(user)
  const state = parseRegisterParams(new URL(request.url).searchParams)
  const scoped = scopedOutcomeFilter(actor, state.filter)
  if (!scoped) throw new Response('Not found', { status: 404 })
  const t = translatorFor(request, user.locale)
  const { header, rows } = registerExport({ actor, state: { ...state, filter: scoped.filter }, t })
  const date = today()
  const fileName = `${t('cityOutcomes.register.fileName')}-${date}`
  return csvResponse({ header, rows, fileName: `${fileName}.csv`, asciiName: `outcome-register-${date}.csv`, signal: request.signal })
}
