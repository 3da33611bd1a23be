import type { LoaderFunctionArgs } from '@remix-run/node'
import { ledgerExport } from '~/models/lab-exports.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { translatorFor } from '~/utils/locale.server'
import { idParam } from '~/utils/params'
import { sheetResponse } from '~/utils/xlsx.server'

// A lab's obligation ledger as a workbook (/labs/:labId/obligations.xlsx): every period's rows as
// the page lists them, due dates as dates, with the verdict and why. Scoped like the page: the
// bureau every lab, a district its own, a lab itself; otherwise 404.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const t = translatorFor(request, user.locale)
  const date = today()
  const found = ledgerExport({ actor: actorOf(user), labId: idParam(params.labId), today: date, t })
  if (!found) throw new Response('Not found', { status: 404 })
  const name = t('obligations.title')
  return sheetResponse({
    sheet: found.sheet(name),
    fileName: `${name}-${found.lab.name}-${date}`,
    asciiName: `obligations-${found.lab.id}-${date}`,
  })
}
