import type { LoaderFunctionArgs } from '@remix-run/node'
import { can } from '~/domain/permissions'
import { roundsExport } from '~/models/list-exports.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { translatorFor } from '~/utils/locale.server'
import { sheetResponse } from '~/utils/xlsx.server'

// The evaluation rounds as a workbook (/evaluations.xlsx): the page's table, a column per final
// grade. The bureau has every round; a district office the published ones with its own labs'
// grades. A lab has no list of rounds (the page sends it to its own results): 404, as for experts.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const actor = actorOf(user)
  if (actor.role === 'lab' || !can(actor, 'evaluation:view')) throw new Response('Not found', { status: 404 })
  const t = translatorFor(request, user.locale)
  const { sheet } = roundsExport({ actor, t })
  const date = today()
  const name = t('evaluation.rounds')
  return sheetResponse({ sheet: sheet(name), fileName: `${t('evaluation.title')}-${date}`, asciiName: `evaluation-rounds-${date}` })
}
