import type { LoaderFunctionArgs } from '@remix-run/node'
import { outcomeExportTable } from '~/models/outcome-export'
import { parseOutcomeListParams } from '~/models/outcome-list-params'
import { exportOutcomes } from '~/models/outcomes.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { translatorFor } from '~/utils/locale.server'
import { idParam } from '~/utils/params'
import { xlsxResponse } from '~/utils/xlsx.server'

// The lab's outcome register as a workbook (/labs/:labId/outcomes/xlsx): the CSV's rows and
// columns, with the list's filters. Scoped like the list (404 out of scope).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const filter = parseOutcomeListParams(new URL(request.url).searchParams)
  const found = exportOutcomes({ actor: actorOf(user), labId: idParam(params.labId), filter })
  if (!found) throw new Response('Not found', { status: 404 })
  const t = translatorFor(request, user.locale)
  const { header, rows } = outcomeExportTable(found, t)
  const date = today()
  return xlsxResponse({
    sheet: t('outcomes.title'),
    header,
    rows,
    fileName: `${t('outcomes.title')}-${found.lab.name}-${date}`,
    asciiName: `outcomes-${found.lab.id}-${date}`,
  })
}
