import { performance } from 'node:perf_hooks'
import ExcelJS from 'exceljs'
import theme1 from 'exceljs/lib/xlsx/xml/theme1.js'
import type { MessageKey, Translate } from '~/i18n'
import { DeflateWriter, deflateText, joinDeflated, ZipWriter, type Deflated } from './zip.server'

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
  // read once, in order: an array, or rows produced as they are read (an export's query)
  rows: Iterable<readonly XlsxValue[]>
  // the rows may be read with pauses in between (other requests run meanwhile): true unless they
  // come from a statement kept open on the shared connection, which nothing else may use until done
  pausable?: boolean
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
  let count = 0
  for (const values of sheet.rows) {
    count++
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
  if (headers.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, count + 1), column: headers.length } }
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

/** One typed sheet as a download, streamed (tableWorkbookResponse). */
export function sheetResponse({
  sheet,
  fileName,
  asciiName,
  signal,
}: {
  sheet: XlsxSheet
  fileName: string
  asciiName: string
  signal?: AbortSignal
}) {
  return tableWorkbookResponse({ sheets: [sheet], fileName, asciiName, signal })
}

/** Several typed sheets as one download, streamed (tableWorkbookResponse). */
export function sheetsResponse({
  sheets,
  fileName,
  asciiName,
  signal,
}: {
  sheets: readonly XlsxSheet[]
  fileName: string
  asciiName: string
  signal?: AbortSignal
}) {
  return tableWorkbookResponse({ sheets, fileName, asciiName, signal })
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** The headers of a download: its name in the user's language, a plain one for old clients. */
export function downloadHeaders({ type, fileName, asciiName }: { type: string; fileName: string; asciiName: string }) {
  return {
    'Content-Type': type,
    'Content-Disposition': `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    'Cache-Control': 'no-store',
  }
}

// ---- the table workbooks, streamed ---------------------------------------------------------------
// An export of every row (issue 18: the outcome register is some 190,000 rows at 5,000 labs) is
// written as it is read, the sheet's XML straight into a zip (app/utils/zip.server.ts), never as a
// workbook held in memory: exceljs's model of it took 3 GB and 40 s. The file reads as the one
// addTableSheet builds (tests/routes/export-equivalence.test.ts holds them to the same cells,
// formats, widths, frozen header and autofilter). Two differences in the XML only: strings are
// inline (t="inlineStr", as Excel, WPS and LibreOffice read them) rather than a shared-string table
// that would keep every distinct string of the export in memory, and the styles are a fixed table.
// The column widths come before the rows in a sheet, so a sheet's rows are deflated first (about a
// tenth of their XML, kept until the sheet is done) and its head put in front of them.

// cellXfs: 0 the default, 1 the bold header row, 2 a header cell, then one per number format
const FORMAT_STYLE: Record<string, number> = {
  '@': 3,
  'yyyy-mm-dd': 4,
  'yyyy-mm-dd hh:mm': 5,
  '0': 6,
  '#,##0.00': 7,
  '0.0%': 8,
  '0.00': 9,
  General: 0,
}
const xf = (numFmtId: number, fontId = 0) =>
  `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="0" borderId="0" xfId="0"${numFmtId ? ' applyNumberFormat="1"' : ''}${fontId ? ' applyFont="1"' : ''}/>`
const STYLES_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac x16r2" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" xmlns:x16r2="http://schemas.microsoft.com/office/spreadsheetml/2015/02/main">' +
  '<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/><numFmt numFmtId="166" formatCode="0.0%"/></numFmts>' +
  '<fonts count="2" x14ac:knownFonts="1"><font><color theme="1"/><family val="2"/><scheme val="minor"/><sz val="11"/><name val="Calibri"/></font><font><b/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  `<cellXfs count="10">${[xf(0), xf(0, 1), xf(49, 1), xf(49), xf(164), xf(165), xf(1), xf(4), xf(166), xf(2)].join('')}</cellXfs>` +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/>' +
  '<tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/></styleSheet>'

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
const SHEET_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml'

function contentTypesXml(sheetCount: number) {
  const sheets = Array.from(
    { length: sheetCount },
    (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${SHEET_TYPE}"/>`,
  ).join('')
  return (
    XML_HEAD +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets}` +
    '<Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>'
  )
}

const ROOT_RELS =
  XML_HEAD +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>'

function appXml(names: string[]) {
  return (
    XML_HEAD +
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>' +
    `<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${names.length}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
    `<TitlesOfParts><vt:vector size="${names.length}" baseType="lpstr">${names.map((n) => `<vt:lpstr>${xmlText(n)}</vt:lpstr>`).join('')}</vt:vector></TitlesOfParts>` +
    '<Company></Company><Manager></Manager><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0300</AppVersion></Properties>'
  )
}

function coreXml(at: Date) {
  const stamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z')
  return (
    XML_HEAD +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:creator>Labcycle</dc:creator><cp:lastModifiedBy>Labcycle</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified></cp:coreProperties>`
  )
}

function workbookXml(names: string[]) {
  return (
    XML_HEAD +
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr defaultThemeVersion="164011" filterPrivacy="1"/><sheets>' +
    names.map((n, i) => `<sheet sheetId="${i + 1}" name="${xmlText(n)}" state="visible" r:id="rId${i + 3}"/>`).join('') +
    '</sheets><calcPr calcId="171027"/></workbook>'
  )
}

function workbookRelsXml(count: number) {
  const rel = (id: number, type: string, target: string) =>
    `<Relationship Id="rId${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/>`
  return (
    XML_HEAD +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    rel(1, 'styles', 'styles.xml') +
    rel(2, 'theme', 'theme/theme1.xml') +
    Array.from({ length: count }, (_, i) => rel(i + 3, 'worksheet', `worksheets/sheet${i + 1}.xml`)).join('') +
    '</Relationships>'
  )
}

// XML text as exceljs escapes it: the five entities, and the control characters XML cannot hold dropped
const ESCAPES: Record<string, string> = { '"': '&quot;', '&': '&amp;', "'": '&apos;', '<': '&lt;', '>': '&gt;' }
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g
const xmlText = (value: string) => value.replace(NOT_XML, '').replace(/["&'<>]/g, (c) => ESCAPES[c]!)

/** 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let s = ''
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s
  return s
}

const EXCEL_EPOCH_DAYS = 25569 // 1970-01-01 in Excel's 1900 date system
const stringCell = (ref: string, style: number, value: string) =>
  `<c r="${ref}" s="${style}" t="inlineStr"><is><t${/^\s|\n|\s$/.test(value) ? ' xml:space="preserve"' : ''}>${xmlText(value)}</t></is></c>`

function cellXml(ref: string, written: Written): string | null {
  const style = FORMAT_STYLE[written.numFmt] ?? 0
  const v = written.value
  if (v === null || v === undefined) return style ? `<c r="${ref}" s="${style}"/>` : null
  if (typeof v === 'string') return stringCell(ref, style, v)
  const n = v instanceof Date ? EXCEL_EPOCH_DAYS + v.getTime() / 86_400_000 : (v as number)
  return `<c r="${ref}"${style ? ` s="${style}"` : ''}><v>${n}</v></c>`
}

const EXCELJS_DEFAULT_WIDTH = 9

const SHEET_OPEN =
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">'
const SHEET_VIEW =
  '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15" outlineLevelRow="0" outlineLevelCol="0" x14ac:dyDescent="55"/>'
const SHEET_CLOSE =
  '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><pageSetup orientation="portrait" horizontalDpi="4294967295" verticalDpi="4294967295" scale="100" fitToWidth="1" fitToHeight="1"/></worksheet>'

// how long the writer works before it lets other requests run (when the rows allow a pause)
const SLICE_MS = 20
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

export type StreamControl = { pause: boolean; signal?: AbortSignal }

class Aborted extends Error {}

/** Checks every few rows whether to stop (the client went away) or let other work run. */
export function pacer({ pause, signal }: StreamControl) {
  let since = performance.now()
  let n = 0
  return async () => {
    if (++n % 64) return
    if (signal?.aborted) throw new Aborted()
    if (pause && performance.now() - since >= SLICE_MS) {
      await nextTurn()
      since = performance.now()
    }
  }
}

/** One sheet's XML, deflated: its rows read once, in order. */
async function sheetEntry(sheet: XlsxSheet, control: StreamControl): Promise<Deflated> {
  const types = sheet.columns.map((c) => c.type ?? 'text')
  const headers = sheet.columns.map(headerOf)
  const widths = headers.map(widthOf)
  const letters = headers.map((_, i) => columnLetter(i + 1))
  const last = letters[letters.length - 1]
  const body = new DeflateWriter()
  let r = 1
  if (headers.length) {
    body.write(`<row r="1" spans="1:${headers.length}" s="1" customFormat="1" x14ac:dyDescent="0.25">`)
    headers.forEach((h, i) => body.write(stringCell(`${letters[i]}1`, 2, h)))
    body.write('</row>')
    const pace = pacer(control)
    for (const values of sheet.rows) {
      r++
      let first = 0
      let lastCell = 0
      let cells = ''
      for (let i = 0; i < types.length; i++) {
        const written = cellOf(types[i]!, values[i])
        if (written.width > widths[i]!) widths[i] = written.width
        const xml = cellXml(`${letters[i]}${r}`, written)
        if (xml === null) continue
        if (!first) first = i + 1
        lastCell = i + 1
        cells += xml
      }
      body.write(`<row r="${r}"${first ? ` spans="${first}:${lastCell}"` : ''} x14ac:dyDescent="0.25">${cells}</row>`)
      await pace()
    }
  }
  const rows = body.endOpen()
  // widths as addTableSheet sets them, written as exceljs wrote them: neighbours of one width share
  // a <col>, and a width of 9 (exceljs's default) is left out, so Excel shows that column at its
  // standard width (8.43) as it always has
  const cols: string[] = []
  const shown = widths.map((w) => Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w + 2)))
  for (let i = 0; i < shown.length; ) {
    if (shown[i] === EXCELJS_DEFAULT_WIDTH) {
      i++
      continue
    }
    let j = i
    while (j + 1 < shown.length && shown[j + 1] === shown[i]) j++
    cols.push(`<col min="${i + 1}" max="${j + 1}" width="${shown[i]}" customWidth="1"/>`)
    i = j + 1
  }
  const range = headers.length ? `A1:${last}${r}` : 'A1:A1'
  const head =
    XML_HEAD +
    SHEET_OPEN +
    `<dimension ref="${range}"/>` +
    SHEET_VIEW +
    (cols.length ? `<cols>${cols.join('')}</cols>` : '') +
    (headers.length ? '<sheetData>' : '<sheetData/>')
  const tail = (headers.length ? `</sheetData><autoFilter ref="${range}"/>` : '') + SHEET_CLOSE
  return joinDeflated(head, rows, tail)
}

/** The workbook's bytes, part by part, as they are written. */
async function* tableWorkbookParts(sheets: readonly XlsxSheet[], control: StreamControl, at: Date): AsyncGenerator<Buffer> {
  const taken = new Set<string>()
  const names = sheets.map((s) => {
    const name = sheetName(s.name, taken)
    taken.add(name)
    return name
  })
  const zip = new ZipWriter(at)
  yield* zip.entry('[Content_Types].xml', deflateText(contentTypesXml(sheets.length)))
  yield* zip.entry('_rels/.rels', deflateText(ROOT_RELS))
  yield* zip.entry('docProps/app.xml', deflateText(appXml(names)))
  yield* zip.entry('docProps/core.xml', deflateText(coreXml(at)))
  yield* zip.entry('xl/workbook.xml', deflateText(workbookXml(names)))
  yield* zip.entry('xl/_rels/workbook.xml.rels', deflateText(workbookRelsXml(sheets.length)))
  yield* zip.entry('xl/theme/theme1.xml', deflateText(theme1))
  yield* zip.entry('xl/styles.xml', deflateText(STYLES_XML))
  for (const [i, sheet] of sheets.entries()) yield* zip.entry(`xl/worksheets/sheet${i + 1}.xml`, await sheetEntry(sheet, control))
  yield zip.end()
}

/**
 * A stream of the parts an async generator makes. A failure once the response has started (its
 * headers are sent) cannot become an error page: it is logged and the response cut short, so the
 * client sees a broken download, never a whole-looking file; the server goes on. The client going
 * away ends it quietly (the generator's `finally` frees what it held).
 */
export function streamOf(parts: AsyncGenerator<Uint8Array>, what: string): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await parts.next()
        if (done) controller.close()
        else controller.enqueue(value)
      } catch (error) {
        if (error instanceof Aborted) return controller.close()
        console.error(`${what}: the download failed part-way and was cut short`, error)
        controller.error(error)
      }
    },
    async cancel() {
      await parts.return(undefined)
    },
  })
}

/** The rows of one or more typed sheets as a workbook download, streamed as it is written. */
export function tableWorkbookResponse({
  sheets,
  fileName,
  asciiName,
  signal,
  headers = {},
}: {
  sheets: readonly XlsxSheet[]
  fileName: string
  asciiName: string
  signal?: AbortSignal
  headers?: Record<string, string>
}): Response {
  const control = { pause: sheets.every((s) => s.pausable), signal }
  return new Response(streamOf(tableWorkbookParts(sheets, control, new Date()), `${asciiName}.xlsx`), {
    headers: { ...downloadHeaders({ type: XLSX_TYPE, fileName: `${fileName}.xlsx`, asciiName: `${asciiName}.xlsx` }), ...headers },
  })
}

/** A list column as the page, its CSV and its workbook share it: the label, the CSV text, and for
 * the workbook its type (text unless it says) and typed value (the CSV text unless it gives one). */
export type ListColumn<R> = {
  label: MessageKey
  type?: XlsxType
  value?: (row: R, t: Translate) => XlsxValue
  text: (row: R, t: Translate) => string
}

/** Each of `rows` through `map`, as they are read (once). */
export function* mapRows<R, T>(rows: Iterable<R>, map: (row: R) => T): Generator<T> {
  for (const row of rows) yield map(row)
}

/** A list's rows under its columns as one typed sheet, each row's cells made as it is written. */
export function listSheet<R>({
  name,
  columns,
  rows,
  t,
  pausable = true,
}: {
  name: string
  columns: readonly ListColumn<R>[]
  rows: Iterable<R>
  t: Translate
  pausable?: boolean
}): XlsxSheet {
  return {
    name,
    columns: columns.map((c) => ({ header: t(c.label), type: c.type })),
    rows: mapRows(rows, (r) => columns.map((c) => (c.value ? c.value(r, t) : c.text(r, t)))),
    pausable,
  }
}

// a CJK character (and a full-width form) takes about two columns' width
export const widthOf = (value: string) =>
  Math.max(0, ...value.split('\n').map((line) => Array.from(line).reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e7f ? 2 : 1), 0)))
