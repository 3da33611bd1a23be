import type { LoaderFunctionArgs } from '@remix-run/node'
import { planExport } from '~/models/lab-exports.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { localeOf, translatorFor } from '~/utils/locale.server'
import { idParam } from '~/utils/params'
import { sheetsResponse } from '~/utils/xlsx.server'

// A lab's plan page as a workbook (/labs/:labId/plan.xlsx?period=): the plan's targets and the
// progress against them, a sheet each, for the period the page shows. Scoped like the page (404).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const raw = new URL(request.url).searchParams.get('period')
  const found = planExport({
    actor: actorOf(user),
    labId: idParam(params.labId),
    periodId: raw === null || raw === '' ? null : idParam(raw),
    t: translatorFor(request, user.locale),
    locale: localeOf(request, user.locale),
  })
  if (!found) throw new Response('Not found', { status: 404 })
  const t = translatorFor(request, user.locale)
  const date = today()
  return sheetsResponse({
    sheets: found.sheets,
    fileName: `${t('plan.title')}-${found.lab.name}-${date}`,
    asciiName: `plan-${found.lab.id}-${date}`,
  })
}
