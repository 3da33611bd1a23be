import ExcelJS from 'exceljs'
import type { MessageKey, Translate } from '~/i18n'

// The lists' workbooks as Excel and WPS open them (issue 17). Each sheet is a table: the page's
// columns under a bold, frozen header row with an autofilter over the rows, widths that fit (a CJK
// character counts two). Every column declares what it holds, so the workbook can be sorted and
// summed without retyping:
//   text      a string kept as text (numFmt '@'): a code like 0012 or a phone number stays as typed,
//             and a value starting with = + - @ is a string, never a formula
//   date      a day 'YYYY-MM-DD' (Asia/Shanghai, as the app keeps days) as a real Excel date,
//             'yyyy-mm-dd'; built with Date.UTC, so no time zone shifts it by a day
//   datetime  an instant (ISO, UTC) as the wall-clock time in Asia/Shanghai, 'yyyy-mm-dd hh:mm'
//   integer   a whole number
//   decimal   a number shown with two decimals (scores)
//   number    a number as it is (General): a column mixing counts and 万元, each row saying its unit
//   wan       money given in whole yuan (as stored, app/domain/money.ts) written in 万元 as a number,
//             '#,##0.00'; the header says 万元
//   percent   a share given in percent (0–100, as the app computes it), written as a fraction, '0.0%'
// A value that does not fit its type (a '—', an unparseable day) is written as text, and an empty
// value (null, undefined, '') is a blank cell.

export type XlsxType = 'text' | 'date' | 'datetime' | 'integer' | 'decimal' | 'number' | 'wan' | 'percent'
export type XlsxValue = string | number | null | undefined
export type XlsxColumn = { header: string; type?: XlsxType }
export type XlsxSheet = {
  name: string
  columns: readonly XlsxColumn[]
  rows: readonly (readonly XlsxValue[])[]
}

const FORMATS: Record<XlsxType, string> = {
  text: '@',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
  integer: '0',
  decimal: '0.00',
  number: 'General',
  wan: '#,##0.00',
  percent: '0.0%',
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/
// Asia/Shanghai has kept UTC+8 without summer time since 1991
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000

/** 'YYYY-MM-DD' as the Date Excel stores for that day (midnight UTC: exceljs counts days in UTC). */
export function excelDay(value: string): Date | null {
  const m = ISO_DAY.exec(value)
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  // 2025-02-30 is not a day
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? date : null
}

/** An instant as the Date whose UTC fields are its wall-clock time in Shanghai (to the second; shown to the minute). */
export function excelShanghaiTime(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return null
  const ms = Date.parse(value)
  if (Number.isNaN(ms)) return null
  return new Date(Math.floor((ms + SHANGHAI_OFFSET_MS) / 1000) * 1000)
}

type Written = { value: ExcelJS.CellValue; numFmt: string; width: number }

// one cell: its value, its format and how wide it shows
function cellOf(type: XlsxType, value: XlsxValue): Written {
  const asText = (v: string): Written => ({ value: v, numFmt: '@', width: widthOf(v) })
  if (value === null || value === undefined || value === '') return { value: null, numFmt: FORMATS[type], width: 0 }
  if (type === 'text') return asText(String(value))
  if (type === 'date') {
    const day = typeof value === 'string' ? excelDay(value) : null
    return day ? { value: day, numFmt: FORMATS.date, width: 10 } : asText(String(value))
  }
  if (type === 'datetime') {
    const at = typeof value === 'string' ? excelShanghaiTime(value) : null
    return at ? { value: at, numFmt: FORMATS.datetime, width: 16 } : asText(String(value))
  }
  const n = typeof value === 'number' ? value : Number(value)
  if (!Number.isFinite(n)) return asText(String(value))
  // whole yuan to 万元: one division of an integer, the nearest double to the exact decimal
  if (type === 'wan') return { value: n / 10_000, numFmt: FORMATS.wan, width: numberWidth(n / 10_000, 2) }
  if (type === 'percent') return { value: n / 100, numFmt: FORMATS.percent, width: numberWidth(n, 1) + 1 }
  if (type === 'decimal') return { value: n, numFmt: FORMATS.decimal, width: numberWidth(n, 2) }
  if (type === 'number') return { value: n, numFmt: FORMATS.number, width: String(n).length }
  return { value: n, numFmt: FORMATS.integer, width: String(Math.round(n)).length }
}

const numberWidth = (n: number, decimals: number) => {
  const whole = String(Math.trunc(Math.abs(n))).length
  return whole + Math.floor((whole - 1) / 3) + (decimals ? decimals + 1 : 0) + (n < 0 ? 1 : 0)
}

/** The header as written: a 万元 column says so (in either language). */
export function headerOf(column: XlsxColumn): string {
  if (column.type !== 'wan' || /万元|10k/i.test(column.header)) return column.header
  return `${column.header}（万元）`
}

/** Excel's sheet names: 1–31 characters, none of []:*?/\, not starting or ending with an apostrophe, unique in the book. */
export function sheetName(name: string, taken: ReadonlySet<string> = new Set()): string {
  const base =
    Array.from(name.replace(/[[\]:*?/\\\u0000-\u001f]/g, ' ').trim())
      .slice(0, 31)
      .join('')
      .replace(/^'+|'+$/g, '')
      .trim() || 'Sheet'
  const lower = new Set([...taken].map((n) => n.toLowerCase()))
  if (!lower.has(base.toLowerCase())) return base
  for (let i = 2; ; i++) {
    const suffix = ` (${i})`
    const candidate =
      Array.from(base)
        .slice(0, 31 - suffix.length)
        .join('') + suffix
    if (!lower.has(candidate.toLowerCase())) return candidate
  }
}

const MIN_WIDTH = 8
const MAX_WIDTH = 60

/** Adds one table sheet to a workbook. */
export function addTableSheet(book: ExcelJS.Workbook, sheet: XlsxSheet): ExcelJS.Worksheet {
  const taken = new Set(book.worksheets.map((w) => w.name))
  const ws = book.addWorksheet(sheetName(sheet.name, taken))
  const types = sheet.columns.map((c) => c.type ?? 'text')
  const headers = sheet.columns.map(headerOf)
  const widths = headers.map(widthOf)
  const head = ws.addRow(headers)
  head.font = { bold: true }
  head.eachCell((cell) => (cell.numFmt = '@'))
  for (const values of sheet.rows) {
    const cells = types.map((type, i) => cellOf(type, values[i]))
    const row = ws.addRow(cells.map((c) => c.value))
    cells.forEach((c, i) => {
      const cell = row.getCell(i + 1)
      // a string is written as a string (exceljs makes a formula only of a { formula } object, which
      // no cell here is), so a text starting with = + - @ never runs: tests/utils/xlsx.test.ts
      cell.numFmt = c.numFmt
      widths[i] = Math.max(widths[i] ?? 0, c.width)
    })
  }
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w + 2))))
  ws.views = [{ state: 'frozen', ySplit: 1 }]
  if (headers.length)
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, sheet.rows.length + 1), column: headers.length } }
  return ws
}

/** A workbook of table sheets, in order (the dashboards' summaries: one sheet per panel). */
export function buildWorkbook(sheets: readonly XlsxSheet[]): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook()
  book.creator = 'Labcycle'
  for (const sheet of sheets) addTableSheet(book, sheet)
  return book
}

/** The download of a workbook: its name in the user's language, a plain one for old clients (no extension). */
export async function workbookResponse({
  book,
  fileName,
  asciiName,
  headers = {},
}: {
  book: ExcelJS.Workbook
  fileName: string
  asciiName: string
  headers?: Record<string, string>
}): Promise<Response> {
  const buffer = await book.xlsx.writeBuffer()
  return new Response(new Uint8Array(buffer as ArrayBuffer), {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="${asciiName}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${fileName}.xlsx`)}`,
      'Cache-Control': 'no-store',
      ...headers,
    },
  })
}

/** One typed sheet as a download. */
export function sheetResponse({ sheet, fileName, asciiName }: { sheet: XlsxSheet; fileName: string; asciiName: string }) {
  return workbookResponse({ book: buildWorkbook([sheet]), fileName, asciiName })
}

/** Several typed sheets as one download. */
export function sheetsResponse({ sheets, fileName, asciiName }: { sheets: readonly XlsxSheet[]; fileName: string; asciiName: string }) {
  return workbookResponse({ book: buildWorkbook(sheets), fileName, asciiName })
}

/** A list column as the page, its CSV and its workbook share it: the label, the CSV text, and for
 * the workbook its type (text unless it says) and typed value (the CSV text unless it gives one). */
export type ListColumn<R> = {
  label: MessageKey
  type?: XlsxType
  value?: (row: R, t: Translate) => XlsxValue
  text: (row: R, t: Translate) => string
}

/** A list's rows under its columns as one typed sheet. */
export function listSheet<R>({
  name,
  columns,
  rows,
  t,
}: {
  name: string
  columns: readonly ListColumn<R>[]
  rows: readonly R[]
  t: Translate
}): XlsxSheet {
  return {
    name,
    columns: columns.map((c) => ({ header: t(c.label), type: c.type })),
    rows: rows.map((r) => columns.map((c) => (c.value ? c.value(r, t) : c.text(r, t)))),
  }
}

// a CJK character (and a full-width form) takes about two columns' width
export const widthOf = (value: string) =>
  Math.max(0, ...value.split('\n').map((line) => Array.from(line).reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e7f ? 2 : 1), 0)))
