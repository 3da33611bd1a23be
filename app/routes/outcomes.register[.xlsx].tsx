import type { LoaderFunctionArgs } from '@remix-run/node'
import { scopedOutcomeFilter } from '~/models/outcome-dashboard.server'
import { parseRegisterParams } from '~/models/outcome-dashboard-params'
import { registerExport } from '~/models/outcome-register-export.server'
import { actorOf, requireCapability } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { translatorFor } from '~/utils/locale.server'
import { sheetResponse } from '~/utils/xlsx.server'

// The city outcome register as a workbook (/outcomes/register.xlsx): the same rows and columns as
// the CSV, one sheet; dates are dates and 万元 numbers.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'outcome:dashboard')
  const actor = actorOf(user)
  const state = parseRegisterParams(new URL(request.url).searchParams)
  const scoped = scopedOutcomeFilter(actor, state.filter)
  if (!scoped) throw new Response('Not found', { status: 404 })
  const t = translatorFor(request, user.locale)
  const { sheet } = registerExport({ actor, state: { ...state, filter: scoped.filter }, t })
  const date = today()
  return sheetResponse({
    sheet: sheet(t('cityOutcomes.register.sheet')),
    fileName: `${t('cityOutcomes.register.fileName')}-${date}`,
    asciiName: `outcome-register-${date}`,
    signal: request.signal,
  })
}
