import type { LoaderFunctionArgs } from '@remix-run/node'
import { exportRowsFor, importFileParam } from '~/models/imports/imports.server'
import { importCsv, importWorkbook } from '~/models/imports/workbook.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { spreadsheetResponse } from '~/utils/import-download.server'

// The current records in exactly the template's columns (/imports/export/labs.xlsx or .csv), so
// that an export read back is an import. Scoped: a district its own labs and rosters, a lab its
// own roster; organisations and users the bureau's only; 404 for anything else.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const file = importFileParam(params.file)
  const rows = file ? exportRowsFor(file.kind, actorOf(user)) : null
  if (!file || !rows) throw new Response('Not found', { status: 404 })
  const name = `${file.kind}-import-format`
  return file.format === 'xlsx'
    ? spreadsheetResponse({ bytes: await importWorkbook({ kind: file.kind, rows }), format: 'xlsx', name })
    : spreadsheetResponse({ bytes: importCsv({ kind: file.kind, rows }), format: 'csv', name })
}
