import type { LoaderFunctionArgs } from '@remix-run/node'
import { pipelineExport } from '~/models/list-exports.server'
import { actorOf, requireCapability } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { csvResponse } from '~/utils/csv.server'
import { localeOf, translatorFor } from '~/utils/locale.server'

// The renewal pipeline as CSV (/renewals/csv): the same query with the same filters and sort,
// every page, the table's columns plus the renewal's number, the rectification deadline and
// whether it is overdue. Scoped like the table; labs and experts have no pipeline (404).
// Its workbook twin is /renewals/xlsx.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'renewal:pipeline')
  const date = today()
  const t = translatorFor(request, user.locale)
  const { header, rows } = pipelineExport({
    actor: actorOf(user),
    search: new URL(request.url).searchParams,
    today: date,
    t,
    locale: localeOf(request, user.locale),
  })
  return csvResponse({
    header,
    rows,
    fileName: `${t('renewalPipeline.csvName')}-${date}.csv`,
    asciiName: `renewals-${date}.csv`,
    signal: request.signal,
  })
}
