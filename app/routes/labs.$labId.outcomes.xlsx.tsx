import type { LoaderFunctionArgs } from '@remix-run/node'
import { outcomeExportTable } from '~/models/outcome-export'
import { parseOutcomeListParams } from '~/models/outcome-list-params'
import { exportOutcomes } from '~/models/outcomes.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { translatorFor } from '~/utils/locale.server'
import { idParam } from '~/utils/params'
import { sheetResponse } from '~/utils/xlsx.server'

// The lab's outcome register as a workbook (/labs/:labId/outcomes/xlsx): the CSV's rows and
// columns, with the list's filters; the date a date, the value 万元 as a number. Scoped like the list (404 out of scope).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const filter = parseOutcomeListParams(new URL(request.url).searchParams)
  const found = exportOutcomes({ actor: actorOf(user), labId: idParam(params.labId), filter })
  if (!found) throw new Response('Not found', { status: 404 })
  const t = translatorFor(request, user.locale)
  const { sheet } = outcomeExportTable(found, t)
  const date = today()
  return sheetResponse({
    sheet: sheet(t('outcomes.title')),
    fileName: `${t('outcomes.title')}-${found.lab.name}-${date}`,
    asciiName: `outcomes-${found.lab.id}-${date}`,
  })
}
