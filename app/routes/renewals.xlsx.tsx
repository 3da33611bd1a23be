import type { LoaderFunctionArgs } from '@remix-run/node'
import { pipelineExport } from '~/models/list-exports.server'
import { actorOf, requireCapability } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { localeOf, translatorFor } from '~/utils/locale.server'
import { sheetResponse } from '~/utils/xlsx.server'

// The renewal pipeline as a workbook (/renewals/xlsx): the CSV's rows and columns for the same
// filters and sort, days as dates. Labs and experts have no pipeline (404).
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'renewal:pipeline')
  const date = today()
  const t = translatorFor(request, user.locale)
  const { sheet } = pipelineExport({
    actor: actorOf(user),
    search: new URL(request.url).searchParams,
    today: date,
    t,
    locale: localeOf(request, user.locale),
  })
  const name = t('renewalPipeline.csvName')
  return sheetResponse({ sheet: sheet(name), fileName: `${name}-${date}`, asciiName: `renewals-${date}`, signal: request.signal })
}
