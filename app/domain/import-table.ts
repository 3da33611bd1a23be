// The shape every spreadsheet import passes through (issue 17): a file is read into one table
// (app/utils/import-file.server.ts), its header row is matched to a kind's columns here, and the
// kind's rules (app/models/imports/*) judge each record. Pure: no file, no database.

// One column of an import kind: its Chinese header as the template writes it, the other headers
// offices use for it, and what the template says about it.
export type ImportColumn = {
  key: string
  header: string
  aliases: readonly string[]
  required: boolean
  // the template's example row and its notes sheet
  example: string
  note: string
  // the values a drop-down in the template offers (labels as the user types them)
  choices?: readonly string[]
}

// A row as the user sees it in Excel or WPS: rowNumber counts from 1 and includes the header.
export type ImportRow = { rowNumber: number; cells: string[] }

export type ImportTable = { sheetName: string; headerRowNumber: number; header: string[]; rows: ImportRow[] }

export type ImportRecord = { rowNumber: number; values: Record<string, string> }

export type ColumnMatch =
  | { ok: true; indexOf: Record<string, number>; ignored: string[] }
  | { ok: false; missing: string[]; duplicated: string[] }

// Headers compare without spaces, required-marks (*) and case, full-width forms folded.
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/[\s*＊]/g, '')
    .toLowerCase()
}

export function matchColumns(header: readonly string[], columns: readonly ImportColumn[]): ColumnMatch {
  const wanted = new Map<string, string>()
  for (const c of columns) for (const name of [c.header, ...c.aliases]) wanted.set(normaliseHeader(name), c.key)
  const indexOf: Record<string, number> = {}
  const ignored: string[] = []
  const duplicated: string[] = []
  header.forEach((h, i) => {
    const key = wanted.get(normaliseHeader(h))
    if (!key) {
      if (h.trim()) ignored.push(h)
      return
    }
    if (key in indexOf) duplicated.push(h)
    else indexOf[key] = i
  })
  const missing = columns.filter((c) => c.required && !(c.key in indexOf)).map((c) => c.header)
  if (missing.length || duplicated.length) return { ok: false, missing, duplicated }
  return { ok: true, indexOf, ignored }
}

// Records keyed by column; a row whose every matched cell is blank is no record at all.
export function recordsOf(table: ImportTable, indexOf: Record<string, number>): ImportRecord[] {
  const records: ImportRecord[] = []
  for (const row of table.rows) {
    const values: Record<string, string> = {}
    for (const [key, i] of Object.entries(indexOf)) values[key] = (row.cells[i] ?? '').trim()
    if (Object.values(values).some((v) => v !== '')) records.push({ rowNumber: row.rowNumber, values })
  }
  return records
}
