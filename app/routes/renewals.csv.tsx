import type { LoaderFunctionArgs } from '@remix-run/node'
import { pipelineExport } from '~/models/list-exports.server'
import { actorOf, requireCapability } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { toCsv } from '~/utils/csv'
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
  return new Response(toCsv(header, rows), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="renewals-${date}.csv"; filename*=UTF-8''${encodeURIComponent(
        `${t('renewalPipeline.csvName')}-${date}.csv`,
      )}`,
      'Cache-Control': 'no-store',
    },
  })
}
