import ExcelJS from 'exceljs'
import type { ImportKind } from '~db/schema/enums'
import { translator } from '~/i18n'
import { COLUMNS } from './kinds'

// The import template and the "export in import format" workbook (issue 17): one layout, so an
// export read back is an import. Sheet 1 holds the records under the template's headers (* marks
// a required column), sheet 2 is 填表说明 explaining every column, and a hidden sheet 'lists'
// holds the drop-down lists the data validations point at.

const SHEET_NAMES: Record<ImportKind, string> = { organisations: '单位', labs: '实验室', rosters: '团队名单', users: '用户' }
// enough rows for a large file's drop-downs without bloating the template
const VALIDATED_ROWS = 1000

const headerText = (c: { header: string; required: boolean }) => (c.required ? `${c.header}*` : c.header)

function columnLetter(n: number): string {
  let s = ''
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s
  return s
}

/** The workbook of `kind`: the example row when `rows` is null (the template), else the records. */
export async function importWorkbook({ kind, rows }: { kind: ImportKind; rows: Record<string, string>[] | null }): Promise<Buffer> {
  const t = translator('zh')
  const columns = COLUMNS[kind]
  const book = new ExcelJS.Workbook()
  book.creator = 'Labcycle'
  const sheet = book.addWorksheet(SHEET_NAMES[kind], { views: [{ state: 'frozen', ySplit: 1 }] })
  const notes = book.addWorksheet(t('imports.notes.title'))
  const lists = book.addWorksheet('lists', { state: 'hidden' })

  sheet.columns = columns.map((c) => ({
    header: headerText(c),
    key: c.key,
    width: Math.min(40, Math.max(12, c.header.length * 2 + 4, c.example.length + 2)),
    // text cells: a credit code or a certificate number is never turned into a number
    style: { numFmt: '@' },
  }))
  sheet.getRow(1).font = { bold: true }
  const data = rows ?? [Object.fromEntries(columns.map((c) => [c.key, c.example]))]
  for (const r of data) sheet.addRow(Object.fromEntries(columns.map((c) => [c.key, r[c.key] ?? ''])))

  columns.forEach((c, i) => {
    if (!c.choices?.length) return
    const listCol = columnLetter(i + 1)
    c.choices.forEach((choice, j) => (lists.getCell(`${listCol}${j + 1}`).value = choice))
    const letter = columnLetter(i + 1)
    const validation: ExcelJS.DataValidation = {
      type: 'list',
      allowBlank: !c.required,
      formulae: [`lists!$${listCol}$1:$${listCol}$${c.choices.length}`],
      showErrorMessage: true,
      errorTitle: c.header,
      error: t('imports.error.choice', { value: '' }).replace('“”', ''),
    }
    for (let row = 2; row <= Math.max(VALIDATED_ROWS, data.length + 1); row++) sheet.getCell(`${letter}${row}`).dataValidation = validation
  })

  notes.columns = [
    { header: t('imports.notes.column'), key: 'column', width: 24 },
    { header: t('imports.notes.required'), key: 'required', width: 8 },
    { header: t('imports.notes.note'), key: 'note', width: 70 },
    { header: t('imports.notes.choices'), key: 'choices', width: 50 },
  ]
  notes.getRow(1).font = { bold: true }
  for (const c of columns)
    notes.addRow({
      column: [c.header, ...c.aliases.slice(0, 3)].join(' / '),
      required: c.required ? '是' : '',
      note: c.note,
      choices: (c.choices ?? []).join('、'),
    })
  notes.addRow({})
  notes.addRow({ column: t('imports.notes.general') })
  notes.getColumn('note').alignment = { wrapText: true, vertical: 'top' }

  return Buffer.from(await book.xlsx.writeBuffer())
}

const csvCell = (v: string) =>
  /[",\r\n]/.test(v) || /^[=+\-@]/.test(v) ? `"${(/^[=+\-@]/.test(v) ? `'${v}` : v).replace(/"/g, '""')}"` : v

/** The same as CSV (UTF-8 with a BOM, so Excel reads the Chinese headers). */
export function importCsv({ kind, rows }: { kind: ImportKind; rows: Record<string, string>[] | null }): string {
  const columns = COLUMNS[kind]
  const data = rows ?? [Object.fromEntries(columns.map((c) => [c.key, c.example]))]
  const lines = [columns.map((c) => csvCell(headerText(c))), ...data.map((r) => columns.map((c) => csvCell(r[c.key] ?? '')))]
  return `\uFEFF${lines.map((l) => l.join(',')).join('\r\n')}\r\n`
}
