import type { LoaderFunctionArgs } from '@remix-run/node'
import { funnelOfRequest, funnelSheets } from '~/models/round-funnel-export.server'
import { sheetsResponse } from '~/utils/xlsx.server'

// The round at a glance as a workbook (/rounds/:roundId/funnel.xlsx): a sheet per table on the
// page (by office with places used, by direction, late items), scoped and sorted as the page is.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const loaded = funnelOfRequest(request, params)
  return sheetsResponse({ sheets: funnelSheets(loaded), fileName: loaded.fileName, asciiName: loaded.asciiName, signal: request.signal })
}
