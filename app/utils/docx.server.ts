import { formatNumber } from '~/domain/numbers'
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IParagraphOptions,
} from 'docx'

// The editable Word copy (.docx) the city's guide asks for beside the sealed PDF: the page set-up,
// styles and building blocks the annual report and the renewal dossier share
// (app/documents/*.server.ts). The layout follows GB/T 9704-2012 (党政机关公文格式) as far as a
// report with tables allows: A4 portrait, margins 37/35/28/26 mm, title in 宋体 bold, headings in
// 黑体, body in 仿宋, page numbers in the footer. Word and WPS find the Chinese fonts by their
// Chinese names; the font table gives each its English name too (SimSun, SimHei, FangSong), which
// Word tries when the first is not installed.

export type DocBlock = Paragraph | Table
export type DocField = { label: string; value: string }
export type DocCell = string | number
export type DocTable = { headers: readonly string[]; rows: readonly (readonly DocCell[])[] }

/** Font sizes in 号, as half-points (Word's unit for w:sz). */
export const SIZE = { 二号: 44, 三号: 32, 四号: 28, 小四: 24, 五号: 21, 小五: 18 } as const

export const FONT = {
  title: '宋体',
  heading: '黑体',
  body: '仿宋',
  table: '宋体',
  latin: 'Times New Roman',
} as const

const A4 = { width: 11906, height: 16838 } // twips: 210 × 297 mm
const MARGIN = { top: 37, bottom: 35, left: 28, right: 26 } // mm, GB/T 9704-2012 §5.2.1

// 1 mm = 1440 / 25.4 twips, rounded (docx's own helper rounds down: 37 mm would be 2097)
const mm = (n: number) => Math.round((n * 1440) / 25.4)

const fontOf = (eastAsia: string) => ({ ascii: FONT.latin, hAnsi: FONT.latin, eastAsia, cs: FONT.latin, hint: 'eastAsia' })

const STYLE = { title: 'DocTitle', subtitle: 'DocSubtitle', mark: 'DocMark', cell: 'TableText', note: 'DocNote', sign: 'DocSign' }

const styles = {
  default: {
    document: {
      run: { font: fontOf(FONT.body), size: SIZE.小四, language: { value: 'en-US', eastAsia: 'zh-CN' } },
      paragraph: { spacing: { line: 360 } }, // 1.5 lines
    },
    // real Heading 1/2 styles (with their outline levels), so Word's navigation pane lists the sections
    heading1: {
      run: { font: fontOf(FONT.heading), size: SIZE.三号, bold: false, color: '000000' },
      paragraph: { spacing: { before: 240, after: 120, line: 360 }, keepNext: true, keepLines: true, outlineLevel: 0 },
    },
    heading2: {
      run: { font: fontOf(FONT.heading), size: SIZE.四号, bold: false, color: '000000' },
      paragraph: { spacing: { before: 180, after: 80, line: 360 }, keepNext: true, keepLines: true, outlineLevel: 1 },
    },
  },
  paragraphStyles: [
    {
      id: STYLE.title,
      name: 'Document Title',
      basedOn: 'Normal',
      next: STYLE.subtitle,
      quickFormat: true,
      run: { font: fontOf(FONT.title), size: SIZE.二号, bold: true },
      paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 0, after: 240, line: 400 } },
    },
    {
      id: STYLE.subtitle,
      name: 'Document Subtitle',
      basedOn: 'Normal',
      run: { font: fontOf(FONT.body), size: SIZE.三号 },
      paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 60 } },
    },
    {
      id: STYLE.mark,
      name: 'Draft Mark',
      basedOn: 'Normal',
      run: { font: fontOf(FONT.heading), size: SIZE.四号, color: 'B91C1C' },
      paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 120 } },
    },
    {
      id: STYLE.cell,
      name: 'Table Text',
      basedOn: 'Normal',
      run: { font: fontOf(FONT.table), size: SIZE.五号 },
      paragraph: { spacing: { before: 0, after: 0, line: 276 } },
    },
    {
      id: STYLE.note,
      name: 'Note',
      basedOn: 'Normal',
      run: { font: fontOf(FONT.body), size: SIZE.五号, color: '475569' },
      paragraph: { spacing: { before: 60, after: 60, line: 300 } },
    },
    {
      id: STYLE.sign,
      name: 'Signature Line',
      basedOn: 'Normal',
      run: { font: fontOf(FONT.body), size: SIZE.四号 },
      paragraph: { spacing: { before: 240, after: 0, line: 480 }, indent: { left: mm(70) }, keepNext: true },
    },
  ],
}

// Word's font table: each Chinese font with its English name (w:altName) and its panose/charset,
// so Word and WPS substitute a like font where it is missing.
const FONT_TABLE = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${[
  { name: '宋体', alt: 'SimSun', panose: '02010600030101010101', family: 'auto', pitch: 'variable' },
  { name: '黑体', alt: 'SimHei', panose: '02010609060101010101', family: 'modern', pitch: 'fixed' },
  { name: '仿宋', alt: 'FangSong', panose: '02010609060101010101', family: 'modern', pitch: 'fixed' },
]
  .map(
    (f) =>
      `<w:font w:name="${f.name}"><w:altName w:val="${f.alt}"/><w:panose1 w:val="${f.panose}"/><w:charset w:val="86"/><w:family w:val="${f.family}"/><w:pitch w:val="${f.pitch}"/></w:font>`,
  )
  .join(
    '',
  )}<w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>`

/** Lines of user text as paragraphs (a blank line is kept as an empty paragraph); `empty` when there is none. */
export function textBlocks(value: string, empty: string, options: IParagraphOptions = {}): Paragraph[] {
  if (!value.trim()) return [note(empty)]
  return (
    value
      .replace(/\r\n?/g, '\n')
      .trim()
      .split('\n')
      // the first line indented two characters (firstLine for readers that ignore firstLineChars)
      .map((line) => new Paragraph({ indent: { firstLine: 2 * 240, firstLineChars: 200 }, ...options, children: [new TextRun(line)] }))
  )
}

export const title = (text: string) => new Paragraph({ style: STYLE.title, children: [new TextRun(text)] })
export const subtitle = (text: string) => new Paragraph({ style: STYLE.subtitle, children: [new TextRun(text)] })
export const mark = (text: string) => new Paragraph({ style: STYLE.mark, children: [new TextRun(text)] })
export const centered = (text: string) => new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun(text)] })
export const note = (text: string) => new Paragraph({ style: STYLE.note, children: [new TextRun(text)] })
export const paragraph = (text: string, options: { bold?: boolean } = {}) =>
  new Paragraph({ children: [new TextRun({ text, bold: options.bold })] })

export function heading(text: string, level: 1 | 2, options: { pageBreakBefore?: boolean } = {}) {
  return new Paragraph({
    heading: level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
    pageBreakBefore: options.pageBreakBefore,
    children: [new TextRun(text)],
  })
}

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' }
const BORDERS = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER }
const HEAD_SHADING = { type: ShadingType.CLEAR, color: 'auto', fill: 'F1F5F9' }
const CELL_MARGINS = { top: 40, bottom: 40, left: 80, right: 80 }

/** A number as the page shows it: 1200.5 → "1,200.5". */

type CellOptions = { header?: boolean; right?: boolean; bold?: boolean; columnSpan?: number; rowSpan?: number; width?: number }

function cell(value: DocCell, o: CellOptions = {}) {
  const text = typeof value === 'number' ? formatNumber(value) : value
  return new TableCell({
    columnSpan: o.columnSpan,
    rowSpan: o.rowSpan,
    width: o.width === undefined ? undefined : { size: o.width, type: WidthType.DXA },
    shading: o.header ? HEAD_SHADING : undefined,
    margins: CELL_MARGINS,
    verticalAlign: o.header ? VerticalAlignTable.CENTER : VerticalAlignTable.TOP,
    children: (text === '' ? [''] : text.split('\n')).map(
      (line) =>
        new Paragraph({
          style: STYLE.cell,
          alignment: o.right || typeof value === 'number' ? AlignmentType.RIGHT : AlignmentType.LEFT,
          children: [new TextRun({ text: line, bold: o.header || o.bold ? true : undefined })],
        }),
    ),
  })
}

// The width between the margins: 210 − 28 − 26 = 156 mm.
const TEXT_WIDTH = mm(210 - MARGIN.left - MARGIN.right)

// A table of fixed column widths, as wide as the text: Word, WPS and LibreOffice lay it out alike.
function table(rows: TableRow[], widths: readonly number[]) {
  return new Table({
    rows,
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [...widths],
    borders: BORDERS,
    layout: TableLayoutType.FIXED,
  })
}

/** Labelled values, one row each: the label in a shaded first column. */
export function fieldTable(fields: readonly DocField[]): Table {
  const label = Math.round(TEXT_WIDTH * 0.28)
  const widths = [label, TEXT_WIDTH - label]
  return table(
    fields.map(
      (f) =>
        new TableRow({
          cantSplit: true,
          children: [cell(f.label, { header: true, width: widths[0] }), cell(f.value || '—', { width: widths[1] })],
        }),
    ),
    widths,
  )
}

// How wide a text sets in 五号: a CJK character is one em (210 twips), anything else about half.
const EM_HALF = 105
const textWidth = (text: string) =>
  Math.max(0, ...text.split('\n').map((line) => Array.from(line).reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e7f ? 2 : 1), 0) * EM_HALF))
const PADDING = CELL_MARGINS.left + CELL_MARGINS.right + 60
// a header may wrap, two CJK characters to a line; a column is never narrower than that
const HEADER_CAP = 4 * EM_HALF
const MIN_COLUMN = 4 * EM_HALF

/**
 * Column widths from the cells' text: every column as wide as its longest line when they all fit;
 * otherwise the short columns (dates, statuses, figures) keep their width and the long ones share
 * what is left equally (water-filling), so a date never breaks while a title wraps.
 */
export function columnWidths(headers: readonly string[], rows: readonly (readonly DocCell[])[], total = TEXT_WIDTH): number[] {
  const count = Math.max(headers.length, ...rows.map((r) => r.length))
  const natural = Array.from({ length: count }, (_, i) => {
    const body = Math.max(0, ...rows.map((r) => textWidth(typeof r[i] === 'number' ? formatNumber(r[i] as number) : (r[i] ?? ''))))
    return Math.max(MIN_COLUMN, body, Math.min(HEADER_CAP, textWidth(headers[i] ?? ''))) + PADDING
  })
  const sum = natural.reduce((a, b) => a + b, 0)
  if (sum <= total)
    return spread(
      natural.map((n) => (n * total) / sum),
      total,
    )
  let remaining = total
  let left = count
  let cap = 0
  for (const n of [...natural].sort((a, b) => a - b)) {
    if (n * left > remaining) {
      cap = remaining / left
      break
    }
    remaining -= n
    left -= 1
  }
  return spread(
    natural.map((n) => Math.min(n, cap)),
    total,
  )
}

// whole twips that add up to the total exactly
function spread(widths: number[], total: number): number[] {
  const whole = widths.map((w) => Math.floor(w))
  whole[whole.length - 1] += total - whole.reduce((a, b) => a + b, 0)
  return whole
}

export type HeaderCell = { text: string; columnSpan?: number; rowSpan?: number }

/**
 * A table with its header row(s) repeated on every page and rows kept whole, or the `empty` note
 * when it has no rows. Numbers, and the columns in `right`, are right-aligned; `totalRow` sets the
 * last row in bold (a total line). A header of several rows (merged cells) is sized by its last row.
 */
export function dataTable(
  t: DocTable | { headerRows: readonly (readonly HeaderCell[])[]; rows: readonly (readonly DocCell[])[] },
  empty: string,
  options: { right?: readonly number[]; totalRow?: boolean } = {},
): DocBlock {
  if (t.rows.length === 0) return note(empty)
  const simple = !('headerRows' in t)
  const headerRows: readonly (readonly HeaderCell[])[] = simple ? [t.headers.map((text) => ({ text }))] : t.headerRows
  const widths = columnWidths(simple ? t.headers : [], t.rows)
  const right = options.right ?? []
  return table(
    [
      ...headerRows.map(
        (cells) =>
          new TableRow({
            tableHeader: true,
            cantSplit: true,
            children: cells.map((h, i) =>
              cell(h.text, { header: true, columnSpan: h.columnSpan, rowSpan: h.rowSpan, width: simple ? widths[i] : undefined }),
            ),
          }),
      ),
      ...t.rows.map(
        (row, r) =>
          new TableRow({
            cantSplit: true,
            children: row.map((value, i) =>
              cell(value, { right: right.includes(i), bold: options.totalRow === true && r === t.rows.length - 1, width: widths[i] }),
            ),
          }),
      ),
    ],
    widths,
  )
}

/** A numbered list as plain numbered lines (1. 2. …): reads the same in Word, WPS and on paper. */
export function numberedLines(lines: readonly string[]): Paragraph[] {
  return lines.map((line, i) => new Paragraph({ indent: { left: 360 }, children: [new TextRun(`${i + 1}. ${line}`)] }))
}

/** The signature and seal lines the paper copy ends with, each followed by room to sign. */
export function signatureBlock(lines: readonly string[]): Paragraph[] {
  return [
    new Paragraph({ spacing: { before: 480 }, keepNext: true, children: [] }),
    ...lines.map((line, i) => new Paragraph({ style: STYLE.sign, keepNext: i < lines.length - 1, children: [new TextRun(line)] })),
  ]
}

/**
 * The whole document: A4 portrait with the official margins, page numbers in the footer
 * (`pageLabel` is split around {page} and {pages}), and `headerText` (a draft's mark) at the top
 * of every page when given.
 */
export async function buildDocx({
  docTitle,
  children,
  pageLabel,
  headerText,
}: {
  docTitle: string
  children: DocBlock[]
  pageLabel: string
  headerText?: string
}): Promise<Buffer> {
  const doc = new Document({
    title: docTitle,
    creator: 'Labcycle',
    styles,
    sections: [
      {
        properties: {
          page: {
            size: A4,
            margin: {
              top: mm(MARGIN.top),
              bottom: mm(MARGIN.bottom),
              left: mm(MARGIN.left),
              right: mm(MARGIN.right),
              header: mm(15),
              footer: mm(20),
            },
          },
        },
        headers: headerText
          ? { default: new Header({ children: [new Paragraph({ style: STYLE.mark, children: [new TextRun(headerText)] })] }) }
          : undefined,
        footers: { default: new Footer({ children: [pageNumberLine(pageLabel)] }) },
        children,
      },
    ],
  })
  return Packer.toBuffer(doc, false, [{ path: 'word/fontTable.xml', data: FONT_TABLE }])
}

function pageNumberLine(label: string) {
  const parts = label.split(/(\{page\}|\{pages\})/).filter(Boolean)
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: parts.map(
      (p) =>
        new TextRun({
          font: fontOf(FONT.title),
          size: SIZE.小五,
          children: [p === '{page}' ? PageNumber.CURRENT : p === '{pages}' ? PageNumber.TOTAL_PAGES : p],
        }),
    ),
  })
}

/** The .docx download: the name in the reader's language (RFC 5987) with a plain ASCII one for old clients. */
export function docxResponse({ buffer, fileName, asciiName }: { buffer: Buffer; fileName: string; asciiName: string }): Response {
  // a lab's name may hold characters no file system takes; RFC 5987 also wants ' ( ) * escaped
  const safe = `${fileName.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_')}.docx`
  const encoded = encodeURIComponent(safe).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  const ascii = asciiName.replace(/[^A-Za-z0-9._-]+/g, '_')
  return new Response(new Uint8Array(buffer), {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'Content-Disposition': `attachment; filename="${ascii}.docx"; filename*=UTF-8''${encoded}`,
      'Cache-Control': 'no-store',
    },
  })
}
