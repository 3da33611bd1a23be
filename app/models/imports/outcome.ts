import type { z } from 'zod'
import type { ImportKind } from '~db/schema/enums'
import type { ImportRecord } from '~/domain/import-table'
import { isMessageKey, type MessageKey } from '~/i18n'
import { headerOf } from './kinds'

// What the preview shows for each row of an import (issue 17), and what the apply writes from.
// Plain .ts: the preview page renders these.

export const ROW_OUTCOMES = ['new', 'updated', 'unchanged', 'refused'] as const
export type RowOutcome = (typeof ROW_OUTCOMES)[number]

/** A message about one cell: the column's header as the template names it. */
export type CellNote = { column: string; key: MessageKey; vars?: Record<string, string | number> }

/** One changed cell of an updated row, as the user reads it (labels, not codes). */
export type CellChange = { column: string; before: string; after: string }

export type JudgedRow<P = unknown> = {
  rowNumber: number
  // what identifies the record to the user: a credit code, a certificate number and a name…
  label: string
  outcome: RowOutcome
  errors: CellNote[]
  warnings: CellNote[]
  changes: CellChange[]
  // what the apply writes; absent on refused and unchanged rows
  payload?: P
}

// A row every rule accepted: new when nothing matched it, else updated or unchanged by its
// changes; only a row that writes carries its payload.
export function acceptedRow<P>({
  rowNumber,
  label,
  matched,
  changes,
  warnings,
  payload,
}: {
  rowNumber: number
  label: string
  matched: boolean
  changes: CellChange[]
  warnings: CellNote[]
  payload: P
}): JudgedRow<P> {
  const outcome = !matched ? 'new' : changes.length ? 'updated' : 'unchanged'
  return { rowNumber, label, outcome, errors: [], warnings, changes, ...(outcome === 'unchanged' ? {} : { payload }) }
}

export type OutcomeCounts = Record<RowOutcome, number>

export function countsOf(rows: readonly { outcome: RowOutcome }[]): OutcomeCounts {
  const counts: OutcomeCounts = { new: 0, updated: 0, unchanged: 0, refused: 0 }
  for (const r of rows) counts[r.outcome]++
  return counts
}

/** Collects a row's notes by column key; the first error per column is kept. */
export class RowNotes {
  readonly errors: CellNote[] = []
  readonly warnings: CellNote[] = []
  private readonly erred = new Set<string>()
  constructor(private readonly kind: ImportKind) {}

  error(key: string, message: MessageKey, vars?: Record<string, string | number>) {
    if (this.erred.has(key)) return
    this.erred.add(key)
    this.errors.push({ column: headerOf(this.kind, key), key: message, ...(vars ? { vars } : {}) })
  }

  warn(key: string, message: MessageKey, vars?: Record<string, string | number>) {
    this.warnings.push({ column: headerOf(this.kind, key), key: message, ...(vars ? { vars } : {}) })
  }

  has(key: string) {
    return this.erred.has(key)
  }

  get refused() {
    return this.errors.length > 0
  }

  /** A form schema's issues, each on the column its field comes from (`columnOf` maps field → column key). */
  zod(error: z.ZodError, columnOf: Record<string, string> = {}) {
    for (const issue of error.issues) {
      const field = String(issue.path[0] ?? '')
      const vars = issue.code === 'too_big' ? { max: Number(issue.maximum) } : undefined
      const message: MessageKey = isMessageKey(issue.message)
        ? issue.message
        : issue.code === 'too_big'
          ? 'form.tooLong'
          : 'form.invalidChoice'
      this.error(columnOf[field] ?? field, message, vars)
    }
  }
}

/** The changed cells between two shown versions of a record (same keys, shown as text). */
export function changesOf(kind: ImportKind, before: Record<string, string>, after: Record<string, string>): CellChange[] {
  return Object.keys(after)
    .filter((k) => (before[k] ?? '') !== (after[k] ?? ''))
    .map((k) => ({ column: headerOf(kind, k), before: before[k] ?? '', after: after[k] ?? '' }))
}

/** The same key twice in one file: the later row is refused, naming the first. */
export class SeenKeys {
  private readonly rows = new Map<string, number>()
  firstRowOf(key: string, rowNumber: number): number | null {
    const first = this.rows.get(key)
    if (first !== undefined) return first
    this.rows.set(key, rowNumber)
    return null
  }
}

export type RecordsIn = readonly ImportRecord[]
