import { inflateRawSync } from 'node:zlib'
import ExcelJS from 'exceljs'
import { bufferReader, isOle, isZip, oleStreamNames, sniffFileType, SNIFF_HEAD_BYTES, zipEntries, type ZipEntry } from '~/domain/file-types'
import type { ImportTable } from '~/domain/import-table'
import type { MessageKey } from '~/i18n'

// Reads an uploaded spreadsheet (.xlsx or CSV) into one ImportTable: the first visible sheet
// that is not a notes sheet, its header the first row with two or more filled cells, every cell
// as the text the user sees. The type is decided by the bytes, never by the name. A file that
// cannot be read safely or unambiguously is refused with a message key; nothing is stored
// either way. The guards run before the expensive part: sizes, the ZIP's declared and actual
// inflated sizes and the row and cell counts are checked before exceljs parses anything.

export type FileRefusal = { key: MessageKey; vars?: Record<string, string | number> }
export type ReadResult = { ok: true; table: ImportTable } | { ok: false; refusal: FileRefusal }

export type ReadLimits = {
  // the upload itself
  maxBytes?: number
  // data rows below the header
  maxRows?: number
  // columns up to the last filled one
  maxColumns?: number
  // cells written in the workbook's sheets, formatted empty ones included (the parse cost)
  maxCells?: number
  // all parts of an .xlsx inflated, and the ratio a big part may be compressed by
  maxUnpackedBytes?: number
  maxRatio?: number
}

export type ReadOptions = ReadLimits & {
  // Which row is the header, when the caller knows its columns (e.g. "matches a required
  // column"): the first of the first 20 filled rows it accepts. Without it, or when it accepts
  // none, the header is the first row with two or more filled cells.
  isHeader?: (cells: readonly string[]) => boolean
}

type Options = Required<ReadLimits> & Pick<ReadOptions, 'isHeader'>

export const IMPORT_LIMITS = {
  maxBytes: 10 * 1024 * 1024,
  maxRows: 10_000,
  maxColumns: 200,
  maxCells: 300_000,
  maxUnpackedBytes: 100 * 1024 * 1024,
  maxRatio: 100,
} as const satisfies Required<ReadLimits>

const MB = 1024 * 1024
// a part smaller than this is not judged by its ratio: tiny XML compresses well and is harmless
const RATIO_FLOOR_BYTES = 1 * MB
const MAX_ZIP_ENTRIES = 10_000
// rows and cells a sheet may have beyond the data limits (title rows, blank rows, a notes sheet)
const ROW_SLACK = 1_000

// Template notes sheets (填表说明) come second; a notes sheet put first is skipped all the same.
const NOTES_SHEET = /说明|须知|注意事项|^(notes?|instructions?|read ?me|help)$/i

const refuse = (key: MessageKey, vars?: FileRefusal['vars']): ReadResult => ({ ok: false, refusal: { key, vars } })

export async function readImportFile({
  bytes,
  fileName,
  ...limits
}: { bytes: Uint8Array; fileName: string } & ReadOptions): Promise<ReadResult> {
  const limit = { ...IMPORT_LIMITS, ...limits }
  if (bytes.length === 0) return refuse('importFile.empty')
  if (bytes.length > limit.maxBytes) return refuse('importFile.tooLarge', { max: megabytes(limit.maxBytes) })
  const head = bytes.subarray(0, SNIFF_HEAD_BYTES)
  if (isZip(head)) return readZip(bytes, limit)
  if (isOle(head)) return readOle(bytes)
  const known = sniffFileType(head)
  if (known) return refuse('importFile.notSpreadsheet', { kind: known.label })
  return readCsv(bytes, fileName, limit)
}

function megabytes(n: number) {
  return Math.round((n / MB) * 10) / 10
}

// ---------------------------------------------------------------------------------------------
// Containers

// An OLE2 compound file is an Excel 97–2003 workbook or, with EncryptionInfo, a password-
// protected .xlsx ([MS-OFFCRYPTO] 2.3.4: the package is encrypted inside a compound file).
function readOle(bytes: Uint8Array): ReadResult {
  const streams = oleStreamNames(bufferReader(bytes), bytes.length)
  if (!streams) return refuse('importFile.corrupt')
  if (streams.includes('EncryptionInfo') || streams.includes('EncryptedPackage')) return refuse('importFile.encrypted')
  if (streams.includes('Workbook') || streams.includes('Book')) return refuse('importFile.saveAsXlsx', { kind: 'Excel 97–2003 (.xls)' })
  if (streams.includes('WordDocument')) return refuse('importFile.notSpreadsheet', { kind: 'Word 97–2003' })
  if (streams.includes('PowerPoint Document')) return refuse('importFile.notSpreadsheet', { kind: 'PowerPoint 97–2003' })
  return refuse('importFile.binary')
}

async function readZip(bytes: Uint8Array, limit: Options): Promise<ReadResult> {
  const entries = zipEntries(bufferReader(bytes), bytes.length)
  if (!entries || entries.length === 0) return refuse('importFile.corrupt')
  const names = entries.map((e) => e.name.replace(/^\//, ''))
  const type = sniffFileType(bytes.subarray(0, SNIFF_HEAD_BYTES), { zipEntries: names })
  if (!type && names.some((n) => n.toLowerCase().endsWith('vbaproject.bin'))) return refuse('importFile.macros')
  if (type?.kind === 'ods') return refuse('importFile.saveAsXlsx', { kind: 'OpenDocument (.ods)' })
  if (type && type.kind !== 'xlsx' && type.kind !== 'zip') return refuse('importFile.notSpreadsheet', { kind: type.label })
  if (names.includes('xl/workbook.bin')) return refuse('importFile.saveAsXlsx', { kind: 'Excel Binary (.xlsb)' })
  if (!names.includes('xl/workbook.xml')) return refuse('importFile.notWorkbook')

  const bomb = () => refuse('importFile.zipBomb', { max: megabytes(limit.maxUnpackedBytes), ratio: limit.maxRatio })
  if (entries.length > MAX_ZIP_ENTRIES) return bomb()
  // what the archive declares, before anything is inflated
  let declared = 0
  for (const e of entries) {
    if (e.flags & 0x01) return refuse('importFile.encrypted')
    if (e.method !== 0 && e.method !== 8) return refuse('importFile.corrupt')
    declared += e.uncompressedSize
    if (declared > limit.maxUnpackedBytes) return bomb()
    if (e.uncompressedSize > RATIO_FLOOR_BYTES && e.uncompressedSize > limit.maxRatio * Math.max(e.compressedSize, 1)) return bomb()
  }
  // what it really holds: each part is inflated with its declared size as a hard cap, so a
  // directory that lies about sizes cannot make exceljs (JSZip) inflate without bound
  let cells = 0
  for (const e of entries) {
    const data = inflateEntry(bytes, e)
    if (data === 'corrupt') return refuse('importFile.corrupt')
    if (data === 'bomb') return bomb()
    // OOXML has no DTDs; one here could only be an entity-expansion attack on the XML parser
    if (/\.(xml|rels|vml)$/i.test(e.name) && (data.indexOf('<!DOCTYPE') >= 0 || data.indexOf('<!ENTITY') >= 0))
      return refuse('importFile.corrupt')
    if (/^\/?xl\/worksheets\/[^/]+\.xml$/i.test(e.name)) {
      const xml = data.toString('latin1')
      const rows = countMatches(xml, /<(?:[A-Za-z_][\w.-]*:)?row[\s/>]/g)
      if (rows > limit.maxRows + ROW_SLACK) return refuse('importFile.tooManyRows', { max: limit.maxRows })
      cells += countMatches(xml, /<(?:[A-Za-z_][\w.-]*:)?c[\s/>]/g)
      if (cells > limit.maxCells) return refuse('importFile.tooManyCells', { max: limit.maxCells })
    }
    // more distinct strings than cells can only be padding, and each costs exceljs a parse
    if (/^\/?xl\/sharedStrings\.xml$/i.test(e.name)) {
      const strings = countMatches(data.toString('latin1'), /<(?:[A-Za-z_][\w.-]*:)?si[\s/>]/g)
      if (strings > limit.maxCells) return refuse('importFile.tooManyCells', { max: limit.maxCells })
    }
  }

  const book = new ExcelJS.Workbook()
  try {
    await book.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer)
  } catch {
    return refuse('importFile.corrupt')
  }
  return readWorkbook(book, limit)
}

function inflateEntry(bytes: Uint8Array, e: ZipEntry): Buffer | 'corrupt' | 'bomb' {
  const at = e.localHeaderOffset
  const local = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (at + 30 > local.length || local.readUInt32LE(at) !== 0x04034b50) return 'corrupt'
  const start = at + 30 + local.readUInt16LE(at + 26) + local.readUInt16LE(at + 28)
  if (start + e.compressedSize > local.length) return 'corrupt'
  const raw = local.subarray(start, start + e.compressedSize)
  if (e.method === 0) return raw.length === e.uncompressedSize ? raw : 'corrupt'
  let out: Buffer
  try {
    out = inflateRawSync(raw, { maxOutputLength: Math.max(e.uncompressedSize, 1) })
  } catch (error) {
    return (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'bomb' : 'corrupt'
  }
  return out.length === e.uncompressedSize ? out : 'corrupt'
}

function countMatches(text: string, pattern: RegExp) {
  let n = 0
  pattern.lastIndex = 0
  while (pattern.exec(text)) n++
  return n
}

// ---------------------------------------------------------------------------------------------
// Workbook

type Grid = { rowNumber: number; cells: string[] }[]

function readWorkbook(book: ExcelJS.Workbook, limit: Options): ReadResult {
  const sheets = book.worksheets
  const visible = sheets.filter((s) => (s.state ?? 'visible') === 'visible')
  const candidates = visible.filter((s) => !NOTES_SHEET.test(s.name.trim()))
  const ws = candidates[0]
  if (!ws || !hasContent(ws)) {
    const hidden = sheets.find((s) => (s.state ?? 'visible') !== 'visible' && hasContent(s))
    if (hidden) return refuse('importFile.hiddenSheet', { sheet: hidden.name })
    if (!ws) return refuse('importFile.noSheet')
    const other = candidates.slice(1).find(hasContent)
    if (other) return refuse('importFile.emptyFirstSheet', { sheet: ws.name, other: other.name })
    return refuse('importFile.noData', { sheet: ws.name })
  }

  // every cell as text, refusing formulas: a cached result is whatever the last program that
  // saved the file computed (or nothing at all, for generated files), so it is not trusted
  const grid: Grid = []
  const hiddenRows = new Set<number>()
  let formulaCell: string | null = null
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (formulaCell) return
    const cells: string[] = []
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      if (formulaCell) return
      if (isFormula(cell)) {
        formulaCell = cell.address
        return
      }
      // a merged cell's other parts echo its value; they are empty to the eye
      if (cell.type === ExcelJS.ValueType.Merge) return
      cells[col - 1] = cellText(cell)
    })
    if (row.hidden) hiddenRows.add(rowNumber)
    grid.push({ rowNumber, cells: Array.from(cells, (c) => c ?? '') })
  })
  if (formulaCell) return refuse('importFile.formula', { sheet: ws.name, cell: formulaCell })

  const shaped = shapeTable(grid, ws.name, limit)
  if (!shaped.ok) return shaped
  const { table } = shaped

  // exceljs keeps a sheet's merges in a private map (4.4.0); the tests pin what it holds
  const merges = Object.values((ws as unknown as { _merges: Record<string, MergeRange> })._merges ?? {}).sort(
    (a, b) => a.top - b.top || a.left - b.left,
  )
  const h = table.headerRowNumber
  const inHeader = merges.filter((m) => m.top <= h && m.bottom >= h)
  if (inHeader.length) return refuse('importFile.mergedHeader', { cells: listOf(inHeader.map((m) => m.range)) })
  const inData = merges.filter((m) => m.bottom > h && cellText(ws.getCell(m.top, m.left)).trim() !== '')
  if (inData.length) return refuse('importFile.mergedCells', { cells: listOf(inData.map((m) => m.range)) })

  const hiddenWithData = table.rows.filter((r) => hiddenRows.has(r.rowNumber)).map((r) => r.rowNumber)
  if (hiddenRows.has(h)) hiddenWithData.unshift(h)
  if (hiddenWithData.length) return refuse('importFile.hiddenRows', { rows: listOf(hiddenWithData) })
  const hiddenColumns: string[] = []
  for (let c = 1; c <= table.header.length; c++) {
    const column = ws.getColumn(c)
    const used = table.header[c - 1].trim() !== '' || table.rows.some((r) => r.cells[c - 1].trim() !== '')
    if (column.hidden && used) hiddenColumns.push(column.letter)
  }
  if (hiddenColumns.length) return refuse('importFile.hiddenColumns', { columns: listOf(hiddenColumns) })
  return shaped
}

type MergeRange = { top: number; left: number; bottom: number; right: number; range: string }

function listOf(items: (string | number)[], max = 5) {
  return items.length > max ? `${items.slice(0, max).join(', ')}, …` : items.join(', ')
}

function hasContent(ws: ExcelJS.Worksheet) {
  let found = false
  ws.eachRow({ includeEmpty: false }, (row) => {
    if (found) return
    row.eachCell({ includeEmpty: false }, (cell) => {
      if (!found && cell.type !== ExcelJS.ValueType.Merge && (isFormula(cell) || cellText(cell).trim() !== '')) found = true
    })
  })
  return found
}

function isFormula(cell: ExcelJS.Cell) {
  const v = cell.value as unknown
  return cell.type === ExcelJS.ValueType.Formula || (typeof v === 'object' && v !== null && ('formula' in v || 'sharedFormula' in v))
}

// The text Excel or WPS shows for a value entered by hand: dates as days, numbers without
// binary noise or exponents, rich text and links as their text, errors as their code.
export function cellText(cell: Pick<ExcelJS.Cell, 'value' | 'numFmt'>): string {
  const v = cell.value as unknown
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v.replace(/\r\n?/g, '\n')
  if (typeof v === 'number') return isPercentFormat(cell.numFmt) ? `${plainNumber(v * 100)}%` : plainNumber(v)
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE'
  if (v instanceof Date) return dateText(v)
  if (typeof v === 'object') {
    const o = v as { error?: string; richText?: { text: string }[]; text?: unknown; hyperlink?: string }
    if (typeof o.error === 'string') return o.error
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text ?? '').join('')
    if ('text' in o) return cellText({ value: o.text as ExcelJS.CellValue, numFmt: cell.numFmt })
  }
  return String(v)
}

function isPercentFormat(numFmt: string | undefined) {
  return !!numFmt && numFmt.replace(/"[^"]*"|\[[^\]]*]/g, '').includes('%')
}

/**
 * A number as Excel shows it in a General cell, but never in E notation: 15 significant digits
 * (Excel's own precision, which drops 0.1 + 0.2's noise), written out in full. A phone number
 * 13912345678 stays itself; an 18-digit code typed as a number has already lost its last digits
 * in Excel, and comes out as the digits Excel kept (the rules then refuse it).
 */
export function plainNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n)
  const rounded = Number(n.toPrecision(15))
  if (rounded === 0) return '0'
  const s = String(rounded)
  const e = s.indexOf('e')
  if (e < 0) return s
  const negative = s.startsWith('-')
  const mantissa = s.slice(negative ? 1 : 0, e)
  const exponent = Number(s.slice(e + 1))
  const point = mantissa.indexOf('.')
  const digits = mantissa.replace('.', '')
  const at = (point < 0 ? mantissa.length : point) + exponent
  let out: string
  if (at >= digits.length) out = digits + '0'.repeat(at - digits.length)
  else if (at <= 0) out = `0.${'0'.repeat(-at)}${digits}`
  else out = `${digits.slice(0, at)}.${digits.slice(at)}`
  return negative ? `-${out}` : out
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/**
 * exceljs turns a date cell's serial number into the instant at that wall-clock time in UTC, so
 * the UTC fields are the day the user typed, whatever the server's time zone. A date is
 * YYYY-MM-DD; a time of day is added when there is one; a time alone (serial below 1) is HH:mm.
 */
export function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return ''
  const t = new Date(Math.round(d.getTime() / 1000) * 1000)
  const day = `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`
  const seconds = t.getUTCSeconds()
  const time = `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}${seconds ? `:${pad(seconds)}` : ''}`
  if (t.getTime() < Date.UTC(1899, 11, 31)) return time
  return time === '00:00' ? day : `${day} ${time}`
}

// ---------------------------------------------------------------------------------------------
// The table: header, data rows, widths

function shapeTable(grid: Grid, sheetName: string, limit: Options): ReadResult {
  const filled = (cells: string[]) => cells.filter((c) => c.trim() !== '').length
  const nonEmpty = grid.filter((r) => filled(r.cells) > 0)
  if (nonEmpty.length === 0) return refuse('importFile.noData', { sheet: sheetName })
  // a title row above the header has one filled cell (often merged across the table)
  const header =
    (limit.isHeader && nonEmpty.slice(0, 20).find((r) => limit.isHeader!(r.cells))) ??
    nonEmpty.find((r) => filled(r.cells) >= 2) ??
    nonEmpty[0]
  const data = nonEmpty.filter((r) => r.rowNumber > header.rowNumber)
  if (data.length === 0) return refuse('importFile.headerOnly', { sheet: sheetName, row: header.rowNumber })
  if (data.length > limit.maxRows) return refuse('importFile.tooManyRows', { max: limit.maxRows })
  let width = 0
  for (const r of [header, ...data]) {
    for (let i = r.cells.length - 1; i >= width; i--) {
      if (r.cells[i].trim() !== '') {
        width = i + 1
        break
      }
    }
  }
  if (width > limit.maxColumns) return refuse('importFile.tooManyColumns', { max: limit.maxColumns })
  const fit = (cells: string[]) => Array.from({ length: width }, (_, i) => cells[i] ?? '')
  return {
    ok: true,
    table: {
      sheetName,
      headerRowNumber: header.rowNumber,
      header: fit(header.cells),
      rows: data.map((r) => ({ rowNumber: r.rowNumber, cells: fit(r.cells) })),
    },
  }
}

// ---------------------------------------------------------------------------------------------
// CSV and tab-separated text

type Decoded = { ok: true; text: string } | { ok: false; refusal: FileRefusal }

/**
 * The text of a CSV file: UTF-8 (with or without BOM) when the bytes are valid UTF-8, UTF-16
 * with its BOM (Excel's "Unicode text"), else GB18030, the superset of the GBK that Excel and
 * WPS write on a Chinese Windows. Bytes that are none of these are refused, never guessed.
 */
export function decodeText(bytes: Uint8Array): Decoded {
  const fatal = (encoding: string, from = 0) => {
    try {
      return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(from))
    } catch {
      return null
    }
  }
  let text: string | null
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) text = fatal('utf-8', 3)
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) text = fatal('utf-16le', 2)
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = fatal('utf-16be', 2)
  else {
    // NUL never occurs in text in these encodings: binary junk, or UTF-16 without a BOM
    if (bytes.includes(0)) return { ok: false, refusal: { key: 'importFile.binary' } }
    text = fatal('utf-8') ?? fatal('gb18030')
  }
  if (text === null) return { ok: false, refusal: { key: 'importFile.encoding' } }
  if (text.includes('\u0000')) return { ok: false, refusal: { key: 'importFile.binary' } }
  return { ok: true, text }
}

function readCsv(bytes: Uint8Array, fileName: string, limit: Options): ReadResult {
  const decoded = decodeText(bytes)
  if (!decoded.ok) return decoded
  const text = decoded.text
  // web systems often export an HTML or XML table under an .xls name; Excel opens it, we do not
  const start = text.slice(0, 512).trimStart().toLowerCase()
  if (/^<(!doctype html|html|table|meta)\b/.test(start)) return refuse('importFile.saveAsXlsx', { kind: 'HTML' })
  if (start.startsWith('<?xml')) return refuse('importFile.saveAsXlsx', { kind: 'XML' })
  const parsed = parseDelimited(text, delimiterOf(text, fileName))
  if (!parsed.ok) return refuse('importFile.csvQuote', { line: parsed.line })
  // Excel shows record n on row n: a quoted line break stays inside its cell
  const grid: Grid = parsed.records.map((cells, i) => ({ rowNumber: i + 1, cells }))
  return shapeTable(grid, 'CSV', limit)
}

// Comma, unless the first line has more tabs than commas (Excel's "Unicode text" and .tsv files).
function delimiterOf(text: string, fileName: string): ',' | '\t' {
  const firstLine = text.slice(0, Math.max(text.search(/[\r\n]/), 0) || text.length)
  const tabs = firstLine.split('\t').length - 1
  const commas = firstLine.split(',').length - 1
  if (tabs > commas) return '\t'
  if (tabs === commas && /\.(tsv|txt)$/i.test(fileName)) return '\t'
  return ','
}

type Parsed = { ok: true; records: string[][] } | { ok: false; line: number }

/**
 * RFC 4180 fields as Excel reads them: a field that starts with a quote may hold the delimiter,
 * doubled quotes and line breaks; a quote inside an unquoted field is a character; text after a
 * closing quote is appended. A quote that never closes would swallow the rest of the file into
 * one cell, so it is refused with the line it opened on.
 */
export function parseDelimited(text: string, delimiter: ',' | '\t' = ','): Parsed {
  const records: string[][] = []
  let row: string[] = []
  let field = ''
  let line = 1
  let openedOn = 0
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const n = body.length
  let i = 0
  let fieldStart = true
  while (i < n) {
    const ch = body[i]
    if (fieldStart && ch === '"') {
      openedOn = line
      i++
      let closed = false
      while (i < n) {
        const q = body.indexOf('"', i)
        if (q < 0) break
        const chunk = body.slice(i, q)
        field += chunk
        line += countLineBreaks(chunk)
        if (body[q + 1] === '"') {
          field += '"'
          i = q + 2
        } else {
          i = q + 1
          closed = true
          break
        }
      }
      if (!closed) return { ok: false, line: openedOn }
      fieldStart = false
      continue
    }
    fieldStart = false
    if (ch === delimiter) {
      row.push(field)
      field = ''
      fieldStart = true
      i++
    } else if (ch === '\n' || ch === '\r') {
      row.push(field)
      records.push(row)
      row = []
      field = ''
      fieldStart = true
      i += ch === '\r' && body[i + 1] === '\n' ? 2 : 1
      line++
    } else {
      // the run of plain characters up to the next delimiter, quote-free break or line end
      let j = i + 1
      while (j < n) {
        const c = body[j]
        if (c === delimiter || c === '\n' || c === '\r') break
        j++
      }
      field += body.slice(i, j)
      i = j
    }
  }
  if (!fieldStart || field !== '' || row.length) {
    row.push(field)
    records.push(row)
  }
  return { ok: true, records: records.map((r) => r.map((c) => c.replace(/\r\n?/g, '\n'))) }
}

function countLineBreaks(s: string) {
  let count = 0
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k)
    if (c === 10) count++
    else if (c === 13 && s.charCodeAt(k + 1) !== 10) count++
  }
  return count
}
