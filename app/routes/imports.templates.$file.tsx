import type { LoaderFunctionArgs } from '@remix-run/node'
import { importFileParam, mayImport } from '~/models/imports/imports.server'
import { importCsv, importWorkbook } from '~/models/imports/workbook.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { spreadsheetResponse } from '~/utils/import-download.server'

// The import template of a kind (/imports/templates/labs.xlsx or .csv): Chinese headers, one
// example row, the drop-down lists and 填表说明. For whoever may import that kind; 404 otherwise.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const file = importFileParam(params.file)
  if (!file || !mayImport(actorOf(user), file.kind)) throw new Response('Not found', { status: 404 })
  const name = `template-${file.kind}`
  return file.format === 'xlsx'
    ? spreadsheetResponse({ bytes: await importWorkbook({ kind: file.kind, rows: null }), format: 'xlsx', name })
    : spreadsheetResponse({ bytes: importCsv({ kind: file.kind, rows: null }), format: 'csv', name })
}
