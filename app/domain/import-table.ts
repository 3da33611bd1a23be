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

// Headers compare the way a person reads them: full-width forms folded (NFKC: （）＊：Ａ), case,
// spaces, required marks (* ※ ★) and punctuation (。：、.-/) ignored, so "联系电话：", "*联系电话"
// and "联系 电话" are one header, and "No." is "no". Brackets are kept here; see headerStem.
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{Pc}\p{Pd}\p{Po}\p{Pi}\p{Pf}※★☆]/gu, '')
}

// Bracketed words are notes on a header ("联系电话（手机）", "金额【万元】", "日期[YYYY-MM-DD]"):
// the stem without them matches when the full header does not.
const BRACKETED = /[(\[{【〔〖<《〈「『][^()\[\]{}【】〔〕〖〗<>《》〈〉「」『』]*[)\]}】〕〗>》〉」』]/g

export function headerStem(header: string): string {
  return normaliseHeader(header.normalize('NFKC').replace(BRACKETED, ''))
}

/**
 * Which column of the file holds each of a kind's columns. A header matches a column's header or
 * one of its aliases as normalised, or else by its stem without bracketed notes, when that stem
 * names one column only. A column found twice is refused rather than one of the two picked.
 */
export function matchColumns(header: readonly string[], columns: readonly ImportColumn[]): ColumnMatch {
  const exact = new Map<string, string>()
  const stems = new Map<string, string | null>()
  for (const c of columns) {
    for (const name of [c.header, ...c.aliases]) {
      const full = normaliseHeader(name)
      if (full) exact.set(full, c.key)
      const stem = headerStem(name)
      if (!stem) continue
      // a stem two columns share ("电话（办公）", "电话（手机）") matches neither
      const seen = stems.get(stem)
      stems.set(stem, seen === undefined || seen === c.key ? c.key : null)
    }
  }
  const keyOf = (h: string) => exact.get(normaliseHeader(h)) ?? exact.get(headerStem(h)) ?? stems.get(headerStem(h)) ?? undefined
  const indexOf: Record<string, number> = {}
  const ignored: string[] = []
  const duplicated: string[] = []
  header.forEach((h, i) => {
    const key = h.trim() ? keyOf(h) : undefined
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
