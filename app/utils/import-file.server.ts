import ExcelJS from 'exceljs'
import type { ImportTable } from '~/domain/import-table'
import type { MessageKey } from '~/i18n'

// Reads an uploaded spreadsheet (.xlsx or CSV) into one ImportTable: the first visible sheet,
// its first row the header, every cell as the text the user sees. A file that cannot be read
// safely is refused with a message key; nothing is stored either way.

export type FileRefusal = { key: MessageKey; vars?: Record<string, string | number> }
export type ReadResult = { ok: true; table: ImportTable } | { ok: false; refusal: FileRefusal }

export async function readImportFile({ bytes, fileName }: { bytes: Uint8Array; fileName: string }): Promise<ReadResult> {
  if (/\.csv$/i.test(fileName)) return { ok: true, table: csvTable(new TextDecoder('utf-8').decode(bytes)) }
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer)
  const ws = book.worksheets[0]
  const table: ImportTable = { sheetName: ws.name, headerRowNumber: 1, header: [], rows: [] }
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = []
    row.eachCell({ includeEmpty: true }, (cell, col) => (cells[col - 1] = cell.text ?? ''))
    if (rowNumber === 1) table.header = Array.from(cells, (c) => c ?? '')
    else table.rows.push({ rowNumber, cells: Array.from(cells, (c) => c ?? '') })
  })
  return { ok: true, table }
}

// RFC 4180 fields: quoted fields may hold commas, quotes ("") and line breaks.
function csvTable(text: string): ImportTable {
  const records: string[][] = []
  let field = ''
  let row: string[] = []
  let quoted = false
  const body = text.replace(/^\uFEFF/, '')
  const endField = () => {
    row.push(field)
    field = ''
  }
  const endRow = () => {
    endField()
    records.push(row)
    row = []
  }
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') endField()
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++
      endRow()
    } else field += ch
  }
  if (field !== '' || row.length) endRow()
  const [header = [], ...rest] = records
  return { sheetName: 'CSV', headerRowNumber: 1, header, rows: rest.map((cells, i) => ({ rowNumber: i + 2, cells })) }
}
