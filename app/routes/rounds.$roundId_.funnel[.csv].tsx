import type { LoaderFunctionArgs } from '@remix-run/node'
import { funnelCsv, funnelOfRequest } from '~/models/round-funnel-export.server'
import { csvResponse } from '~/utils/csv.server'

// The round at a glance as CSV (/rounds/:roundId/funnel.csv): the funnel's figures by office, by
// direction and in total, scoped and sorted as the page is. Its workbook twin is funnel.xlsx.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const loaded = funnelOfRequest(request, params)
  const { header, rows } = funnelCsv(loaded)
  return csvResponse({ header, rows, fileName: `${loaded.fileName}.csv`, asciiName: `${loaded.asciiName}.csv`, signal: request.signal })
}
