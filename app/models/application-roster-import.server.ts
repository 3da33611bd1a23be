import { eq } from 'drizzle-orm'
import { roundApplicationMembers } from '~db/schema'
import type { Degree, TeamRole, TitleLevel } from '~db/schema/enums'
import type { MessageKey } from '~/i18n'
import { now } from '~/utils/clock.server'
import { recordsIn } from './imports/imports.server'
import { codeOf, DEGREE_LABELS, TEAM_ROLE_LABELS, TITLE_LABELS, YES_NO_LABELS } from './imports/kinds'
import { RowNotes, SeenKeys, type CellNote } from './imports/outcome'
import { editApplication, sideRefusal } from './round-applications.server'
import { invalid, type ActingUser, type Refusal, type Result } from './result.server'
import { MemberFields } from './team-form'

// The application's team roster from a spreadsheet (issue 21 item 3): the same xlsx/CSV template
// as the labs' roster import (imports/kinds.ts ROSTER_COLUMNS, read by imports.server.ts), each
// row judged by the team form's field rules. The file is the roster: it replaces the application's
// members as a whole, since an application lists one team at one moment (the labs' import adds and
// updates because a lab's roster has a history). Any refused row refuses the file and nothing is
// written; the conditions (team ≥ 15, ≥ 3 senior) are the page's findings, read from the members.
// The certificate number column is ignored (an applicant has no lab yet); 在岗 = 否 rows are left out.

export const ROSTER_IMPORT_MAX_ROWS = 500

type Member = { name: string; titleLevel: TitleLevel; degree: Degree; role: TeamRole }
export type RosterRowError = CellNote & { rowNumber: number }
export type RowsRefused = {
  ok: false
  error: 'invalid'
  errors: { file: { key: MessageKey; vars?: Record<string, number> } }
  rows: RosterRowError[]
}

/** The members a file names, or each refused row's reasons (column by the template's header). */
export function judgeRosterRecords(records: readonly { rowNumber: number; values: Record<string, string> }[]) {
  const members: Member[] = []
  const rows: RosterRowError[] = []
  const seen = new SeenKeys()
  for (const r of records) {
    const v = r.values
    const notes = new RowNotes('rosters')
    const active = v.active ? codeOf(YES_NO_LABELS, v.active) : 'true'
    if (!active) notes.error('active', 'imports.error.choice', { value: v.active })
    const codes = {
      titleLevel: codeOf(TITLE_LABELS, v.titleLevel ?? ''),
      degree: codeOf(DEGREE_LABELS, v.degree ?? ''),
      role: codeOf(TEAM_ROLE_LABELS, v.role ?? ''),
    }
    for (const key of ['titleLevel', 'degree', 'role'] as const)
      if (v[key] && !codes[key]) notes.error(key, 'imports.error.choice', { value: v[key] })
    const parsed = MemberFields.safeParse({
      name: v.name ?? '',
      titleLevel: codes.titleLevel ?? v.titleLevel ?? '',
      degree: codes.degree ?? v.degree ?? '',
      role: codes.role ?? v.role ?? '',
    })
    if (!parsed.success) notes.zod(parsed.error)
    const name = parsed.success ? parsed.data.name : (v.name ?? '').trim()
    if (name && active === 'true') {
      const first = seen.firstRowOf(name, r.rowNumber)
      if (first !== null) notes.error('name', 'imports.error.duplicateInFile', { row: first })
    }
    if (notes.refused || !parsed.success) rows.push(...notes.errors.map((e) => ({ ...e, rowNumber: r.rowNumber })))
    else if (active === 'true')
      members.push({
        name,
        titleLevel: parsed.data.titleLevel as TitleLevel,
        degree: parsed.data.degree as Degree,
        role: parsed.data.role as TeamRole,
      })
  }
  return { members, rows }
}

/**
 * Replaces the application's roster with the file's members: only its applicant, while it may edit
 * (editApplication), on the version the page showed. Scope and side are asked before the file is read.
 */
export async function importApplicationRoster({
  by,
  id,
  version,
  bytes,
  fileName,
  at = now(),
}: {
  by: ActingUser
  id: number
  version: unknown
  bytes: Uint8Array
  fileName: string
  at?: Date
}): Promise<Result<{ id: number; version: number; imported: number }, Refusal | RowsRefused>> {
  const refused = sideRefusal(by, id, 'applicant')
  if (refused && !refused.ok) return refused
  if (bytes.length === 0) return invalid({ file: { key: 'imports.error.file' } })
  const read = await recordsIn('rosters', bytes, fileName)
  if (!read.ok) return invalid({ file: read.refusal })
  if (read.records.length > ROSTER_IMPORT_MAX_ROWS)
    return invalid({ file: { key: 'applications.rosterImport.tooManyRows', vars: { max: ROSTER_IMPORT_MAX_ROWS } } })
  const { members, rows } = judgeRosterRecords(read.records)
  if (rows.length)
    return {
      ok: false,
      error: 'invalid',
      errors: { file: { key: 'applications.rosterImport.rowsRefused', vars: { n: new Set(rows.map((r) => r.rowNumber)).size } } },
      rows,
    }
  if (!members.length) return invalid({ file: { key: 'applications.rosterImport.noMembers' } })
  const saved = editApplication({
    by,
    id,
    version,
    at,
    plan: (_row, tx) => {
      const before = tx.select().from(roundApplicationMembers).where(eq(roundApplicationMembers.applicationId, id)).all()
      return {
        write: (w) => {
          w.delete(roundApplicationMembers).where(eq(roundApplicationMembers.applicationId, id)).run()
          w.insert(roundApplicationMembers)
            .values(members.map((m) => ({ applicationId: id, ...m })))
            .run()
        },
        // the audit row keeps the roster before and after: the import replaced it as a whole
        detail: { importRoster: { fileName, before: before.map(({ applicationId: _a, ...m }) => m), after: members } },
      }
    },
  })
  return saved.ok ? { ...saved, imported: members.length } : saved
}
