import ExcelJS from 'exceljs'
import type { RouteFunction } from './helpers'
import { getRequest, TEST_CONTEXT } from './helpers'

// Reading the app's workbooks back (issue 17): a sheet's rows as the cells' values, and as the text
// the CSV twin writes for them, so a test can say "the same rows as the CSV" and still check that a
// day is a Date and 万元 a number.

export type Sheet = { name: string; ws: ExcelJS.Worksheet; cells: ExcelJS.Cell[][]; text: string[][] }

const pad = (n: number) => String(n).padStart(2, '0')

/** A cell as its CSV text: a day 'YYYY-MM-DD', a time 'YYYY-MM-DD HH:mm:ss' (formatShanghaiTime), 万元 as formatWan writes it, a share in percent. */
export function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value
  if (v === null || v === undefined) return ''
  if (v instanceof Date) {
    const day = `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`
    return cell.numFmt?.includes('hh') ? `${day} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}` : day
  }
  if (typeof v === 'number') return cell.numFmt?.endsWith('%') ? String(Math.round(v * 1000) / 10) : String(v)
  return String(v)
}

export async function readWorkbook(response: Response): Promise<Sheet[]> {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(await response.arrayBuffer())
  return book.worksheets.map((ws) => {
    const cells: ExcelJS.Cell[][] = []
    ws.eachRow({ includeEmpty: true }, (row) => {
      const n = ws.columnCount
      cells.push(Array.from({ length: n }, (_, i) => row.getCell(i + 1)))
    })
    return { name: ws.name, ws, cells, text: cells.map((r) => r.map(cellText)) }
  })
}

/** Calls an .xlsx loader; a thrown Response (404, 403, a redirect) comes back as its status. */
export async function fetchXlsx(
  loader: RouteFunction,
  url: string,
  cookie?: string,
  params: Record<string, string> = {},
): Promise<{ status: number; response: Response | null; sheets: Sheet[] }> {
  try {
    const response = (await loader({ request: getRequest(url, cookie), params, context: TEST_CONTEXT })) as Response
    const sheets = response.status === 200 ? await readWorkbook(response.clone()) : []
    return { status: response.status, response, sheets }
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, response: thrown, sheets: [] }
    throw thrown
  }
}
