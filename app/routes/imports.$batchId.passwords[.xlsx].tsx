import type { LoaderFunctionArgs } from '@remix-run/node'
import ExcelJS from 'exceljs'
import { takePasswords } from '~/models/imports/imports.server'
import { actorOf, requireCapability } from '~/utils/auth.server'
import { spreadsheetResponse } from '~/utils/import-download.server'
import { idParam } from '~/utils/params'

// The initial passwords of the accounts an import created (issue 17), once: the sheet lives in
// the server's memory only until this download, for the user who applied the import
// (docs/decisions/015-spreadsheet-import.md). A second request, or anyone else's, is 404.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'import:manage')
  const token = new URL(request.url).searchParams.get('token') ?? ''
  const rows = takePasswords({ token, batchId: idParam(params.batchId), actor: actorOf(user) })
  if (!rows) throw new Response('Not found', { status: 404 })
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('初始密码')
  sheet.columns = [
    { header: '用户名', key: 'username', width: 24 },
    { header: '初始密码', key: 'password', width: 24 },
  ]
  sheet.getRow(1).font = { bold: true }
  for (const r of rows) sheet.addRow(r)
  return spreadsheetResponse({
    bytes: new Uint8Array(await book.xlsx.writeBuffer()),
    format: 'xlsx',
    name: `import-${params.batchId}-passwords`,
  })
}
