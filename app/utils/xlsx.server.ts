import ExcelJS from 'exceljs'

// One sheet of a list as Excel and WPS open it: the page's columns under a bold, frozen header row
// with an autofilter, widths that fit (a CJK character counts two), and every cell kept as text,
// so a date or a code like 0012 is never turned into a number. The lists' .xlsx routes answer
// with this, beside their CSV twins (same rows, same columns).
export async function xlsxResponse({
  sheet,
  header,
  rows,
  fileName,
  asciiName,
}: {
  sheet: string
  header: readonly string[]
  rows: readonly (readonly string[])[]
  // the download's name in the user's language, and a plain one for old clients (no extension)
  fileName: string
  asciiName: string
}): Promise<Response> {
  const book = new ExcelJS.Workbook()
  book.creator = 'Labcycle'
  // Excel's sheet names: at most 31 characters, none of []:*?/\
  const ws = book.addWorksheet(sheet.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31))
  const widths = header.map(widthOf)
  ws.addRow([...header]).font = { bold: true }
  for (const cells of rows) {
    const row = ws.addRow([...cells])
    cells.forEach((cell, i) => {
      row.getCell(i + 1).numFmt = '@'
      widths[i] = Math.max(widths[i] ?? 0, widthOf(cell))
    })
  }
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = Math.min(60, Math.max(8, w + 2))))
  ws.views = [{ state: 'frozen', ySplit: 1 }]
  if (header.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: header.length } }
  const buffer = await book.xlsx.writeBuffer()
  return new Response(new Uint8Array(buffer as ArrayBuffer), {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="${asciiName}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${fileName}.xlsx`)}`,
      'Cache-Control': 'no-store',
    },
  })
}

// a CJK character takes about two columns' width
const widthOf = (value: string) => Array.from(value).reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e7f ? 2 : 1), 0)
