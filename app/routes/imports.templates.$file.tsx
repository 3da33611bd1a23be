import type { LoaderFunctionArgs } from '@remix-run/node'
import { can } from '~/domain/permissions'
import { importFileParam, mayImport } from '~/models/imports/imports.server'
import { importCsv, importWorkbook } from '~/models/imports/workbook.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { spreadsheetResponse } from '~/utils/import-download.server'

// The import template of a kind (/imports/templates/labs.xlsx or .csv): Chinese headers, one
// example row, the drop-down lists and 填表说明. For whoever may import that kind (and the roster's
// for an applicant account); 404 otherwise.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const file = importFileParam(params.file)
  // an applicant fills its application's roster from the same template (issue 21 item 3)
  const applicantRoster = file?.kind === 'rosters' && can(actorOf(user), 'application:apply')
  if (!file || !(mayImport(actorOf(user), file.kind) || applicantRoster)) throw new Response('Not found', { status: 404 })
  const name = `template-${file.kind}`
  return file.format === 'xlsx'
    ? spreadsheetResponse({ bytes: await importWorkbook({ kind: file.kind, rows: null }), format: 'xlsx', name })
    : spreadsheetResponse({ bytes: importCsv({ kind: file.kind, rows: null }), format: 'csv', name })
}
