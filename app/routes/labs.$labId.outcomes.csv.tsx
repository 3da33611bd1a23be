import type { LoaderFunctionArgs } from '@remix-run/node'
import { exportOutcomes } from '~/models/outcomes.server'
import { outcomeExportTable } from '~/models/outcome-export'
import { actorOf, requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { csvResponse } from '~/utils/csv.server'
import { translatorFor } from '~/utils/locale.server'
import { idParam } from '~/utils/params'
import { parseOutcomeListParams } from '~/models/outcome-list-params'

// The lab's outcome register as CSV (/labs/:labId/outcomes/csv), with the list's filters, every
// page, every field (outcomeExportTable). Scoped like the list (404 out of scope).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const filter = parseOutcomeListParams(new URL(request.url).searchParams)
  const found = exportOutcomes({ actor: actorOf(user), labId: idParam(params.labId), filter })
  if (!found) throw new Response('Not found', { status: 404 })
  const t = translatorFor(request, user.locale)
  const { header, rows } = outcomeExportTable(found, t)
  const date = today()
  return csvResponse({
    header,
    rows,
    fileName: `${t('outcomes.title')}-${found.lab.name}-${date}.csv`,
    asciiName: `outcomes-${found.lab.id}-${date}.csv`,
    signal: request.signal,
  })
}
