import { createHash, randomBytes, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { and, count, desc, eq, type SQL } from 'drizzle-orm'
import { importBatches, type ImportBatch } from '~db/schema'
import type { ImportKind } from '~db/schema/enums'
import { matchColumns, recordsOf, type ImportRecord } from '~/domain/import-table'
import { can, type Actor } from '~/domain/permissions'
import { readImportFile, type FileRefusal } from '~/utils/import-file.server'
import { now, today } from '~/utils/clock.server'
import { atomically, db, type Db } from '~/utils/db.server'
import { hashPassword } from '~/utils/password.server'
import { uploadTempDir } from '~/utils/upload.server'
import { storedPathOf } from '../attachments.server'
import { recordAudit } from '../audit.server'
import { auditActorOf, type ActingUser } from '../result.server'
import { ImportAudit } from './audit-rows.server'
import { COLUMNS, isImportKind } from './kinds'
import { applyLabs, exportLabs, judgeLabs } from './labs.server'
import { applyOrganisations, exportOrganisations, judgeOrganisations } from './organisations.server'
import { countsOf, type JudgedRow, type OutcomeCounts } from './outcome'
import { applyRosters, exportRosters, judgeRosters, labIdsInScope } from './rosters.server'
import { applyUsers, exportUsers, judgeUsers, type UserPayload } from './users.server'

// The spreadsheet import (issue 17, docs/decisions/015-spreadsheet-import.md): an upload is
// staged, the preview reads and judges it and writes nothing, the apply reads the staged file
// again, judges every row against the database as it is then, and writes the accepted rows,
// their audit rows and the batch in one transaction, keeping the file in the attachments store.

export const IMPORT_MAX_BYTES = 10 * 1024 * 1024

/** Which kinds an actor imports: the bureau every kind; a district and a lab account rosters only. */
export function mayImport(actor: Actor, kind: ImportKind): boolean {
  return can(actor, kind === 'rosters' ? 'import:roster' : 'import:manage')
}

export function importKindsOf(actor: Actor): ImportKind[] {
  return (['organisations', 'labs', 'rosters', 'users'] as const).filter((k) => mayImport(actor, k))
}

// ---- templates and exports ------------------------------------------------------------------

/** "labs.xlsx" → the kind and the format; null for anything else. */
export function importFileParam(file: string | undefined): { kind: ImportKind; format: 'xlsx' | 'csv' } | null {
  const m = /^(organisations|labs|rosters|users)\.(xlsx|csv)$/.exec(file ?? '')
  return m ? { kind: m[1] as ImportKind, format: m[2] as 'xlsx' | 'csv' } : null
}

/**
 * The records of `kind` in import format, scoped: organisations and users the bureau's only; labs
 * the bureau's or a district's own; rosters the bureau's, a district's own labs' or a lab's own.
 * Null when the actor exports no such records.
 */
export function exportRowsFor(kind: ImportKind, actor: Actor): Record<string, string>[] | null {
  const q = db()
  // every lab for the bureau (no filter), else the labs canViewLab lets this actor see
  const scopedLabIds = () => (can(actor, 'import:manage') ? null : labIdsInScope(q, actor))
  switch (kind) {
    case 'organisations':
      return can(actor, 'import:manage') ? exportOrganisations(q) : null
    case 'users':
      return can(actor, 'import:manage') ? exportUsers(q) : null
    case 'labs': {
      if (!can(actor, 'registry:view')) return null
      const ids = scopedLabIds()
      return exportLabs(q, ids === null ? null : [...ids].sort((x, y) => x - y))
    }
    case 'rosters':
      return mayImport(actor, 'rosters') ? exportRosters(q, scopedLabIds()) : null
  }
}

// ---- staging --------------------------------------------------------------------------------

type StagedMeta = { kind: ImportKind; fileName: string; sha256: string; size: number; actorId: number }
const TOKEN = /^[0-9a-f-]{36}$/

const stagedPath = (token: string) => path.join(uploadTempDir(), `import-${token}.upload`)
const metaPath = (token: string) => path.join(uploadTempDir(), `import-${token}.json`)

/** Keeps an uploaded file for its preview and apply; the token is the preview page's address. */
export function stageImport({ kind, fileName, bytes, actor }: { kind: ImportKind; fileName: string; bytes: Uint8Array; actor: Actor }) {
  const token = randomUUID()
  fs.mkdirSync(uploadTempDir(), { recursive: true })
  fs.writeFileSync(stagedPath(token), bytes, { mode: 0o600 })
  const meta: StagedMeta = {
    kind,
    fileName,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.byteLength,
    actorId: actor.id,
  }
  fs.writeFileSync(metaPath(token), JSON.stringify(meta), { mode: 0o600 })
  return token
}

/** The staged file of `token`, only for the user who uploaded it (anyone else: null, a 404). */
export function loadStaged(token: string, actor: Actor): { meta: StagedMeta; bytes: Uint8Array } | null {
  if (!TOKEN.test(token)) return null
  try {
    const meta = JSON.parse(fs.readFileSync(metaPath(token), 'utf8')) as StagedMeta
    if (meta.actorId !== actor.id || !isImportKind(meta.kind) || !mayImport(actor, meta.kind)) return null
    return { meta, bytes: fs.readFileSync(stagedPath(token)) }
  } catch {
    return null
  }
}

export function discardStagedImport(token: string) {
  if (!TOKEN.test(token)) return
  fs.rmSync(stagedPath(token), { force: true })
  fs.rmSync(metaPath(token), { force: true })
}

// ---- judging --------------------------------------------------------------------------------

export type ImportPreview = {
  kind: ImportKind
  rows: JudgedRow[]
  counts: OutcomeCounts
  ignoredHeaders: string[]
}

export type PreviewResult = { ok: true; preview: ImportPreview; records: ImportRecord[] } | { ok: false; refusal: FileRefusal }

function judge(kind: ImportKind, records: ImportRecord[], actor: Actor, q: Pick<Db, 'select'>): JudgedRow[] {
  switch (kind) {
    case 'organisations':
      return judgeOrganisations({ records, q })
    case 'labs':
      return judgeLabs({ records, q, today: today() })
    case 'rosters':
      return judgeRosters({ records, q, actor })
    case 'users':
      return judgeUsers({ records, q, actorId: actor.id })
  }
}

/** A file read into records of the kind's template: the columns matched, or why not (the application roster reads it too). */
export async function recordsIn(kind: ImportKind, bytes: Uint8Array, fileName: string) {
  let read
  try {
    // the header is the first row that names every required column (a title row above it is skipped)
    read = await readImportFile({ bytes, fileName, isHeader: (cells) => matchColumns(cells, COLUMNS[kind]).ok })
  } catch {
    // a file the reader could not open (a damaged workbook): a refusal, never a 500
    return { ok: false as const, refusal: { key: 'imports.error.unreadable' } as FileRefusal }
  }
  if (!read.ok) return read
  const match = matchColumns(read.table.header, COLUMNS[kind])
  if (!match.ok) {
    const refusal: FileRefusal = match.missing.length
      ? { key: 'imports.error.missingColumns', vars: { columns: match.missing.join('、') } }
      : { key: 'imports.error.duplicatedColumns', vars: { columns: match.duplicated.join('、') } }
    return { ok: false as const, refusal }
  }
  const records = recordsOf(read.table, match.indexOf)
  if (records.length === 0) return { ok: false as const, refusal: { key: 'imports.error.noRows' } as FileRefusal }
  return { ok: true as const, records, ignored: match.ignored }
}

/** Reads and judges a file; writes nothing. */
export async function previewImport({
  kind,
  bytes,
  fileName,
  actor,
}: {
  kind: ImportKind
  bytes: Uint8Array
  fileName: string
  actor: Actor
}): Promise<PreviewResult> {
  const read = await recordsIn(kind, bytes, fileName)
  if (!read.ok) return read
  const rows = judge(kind, read.records, actor, db())
  return { ok: true, records: read.records, preview: { kind, rows, counts: countsOf(rows), ignoredHeaders: read.ignored } }
}

// ---- applying -------------------------------------------------------------------------------

export type ApplyResult = { ok: true; batch: ImportBatch; passwordsToken: string | null } | { ok: false; refusal: FileRefusal }

// 12 characters from an alphabet without look-alikes (0/O, 1/l/I): about 70 bits. Certification's
// new lab accounts (app/models/certify.server.ts) get theirs here too.
const PASSWORD_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'
export function initialPassword() {
  const bytes = randomBytes(12)
  return Array.from(bytes, (b) => PASSWORD_ALPHABET[b % PASSWORD_ALPHABET.length]).join('')
}

// Brings the file into the attachments store under its SHA-256 (synced before the batch row
// that names it commits), so backups copy it and the sweep keeps it while the row exists.
function keepFile(bytes: Uint8Array, sha256: string) {
  const target = storedPathOf(sha256)
  if (fs.existsSync(target)) {
    const at = new Date()
    fs.utimesSync(target, at, at)
    return
  }
  fs.mkdirSync(path.dirname(target), { recursive: true })
  const beside = `${target}.${process.pid}.tmp`
  const fd = fs.openSync(beside, 'w', 0o600)
  try {
    fs.writeSync(fd, bytes)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  fs.renameSync(beside, target)
}

/**
 * Re-reads the staged file, judges it against the database as it is now and writes every
 * accepted row in one transaction with the batch and its audit rows; refused rows are skipped
 * and counted. A file that changes nothing writes nothing at all (no batch either).
 */
export async function applyImport({ token, actor }: { token: string; actor: ActingUser }): Promise<ApplyResult | null> {
  const staged = loadStaged(token, actor)
  if (!staged) return null
  const { meta, bytes } = staged
  const read = await recordsIn(meta.kind, bytes, meta.fileName)
  if (!read.ok) return read
  // New accounts' passwords are hashed before the transaction (scrypt is slow and async); the
  // judge inside the transaction decides which rows are still new.
  const passwords = new Map<string, string>()
  const hashOf = new Map<string, string>()
  if (meta.kind === 'users') {
    const ahead = judge('users', read.records, actor, db()) as JudgedRow<UserPayload>[]
    for (const row of ahead) if (row.payload && row.payload.id === null) passwords.set(row.payload.username, initialPassword())
    await Promise.all([...passwords].map(async ([username, password]) => hashOf.set(username, await hashPassword(password))))
  }
  const at = now()
  const auditActor = auditActorOf(actor)
  const records = read.records
  let result
  try {
    result = writeImport()
  } catch (error) {
    if (error instanceof StaleImport) return { ok: false, refusal: { key: 'imports.error.changedSincePreview' } }
    throw error
  }
  discardStagedImport(token)
  if (!result.batch) return { ok: true, batch: unchangedBatch(meta, result.counts, actor, at), passwordsToken: null }
  const shown = result.created.map((username) => ({ username, password: passwords.get(username)! }))
  return { ok: true, batch: result.batch, passwordsToken: shown.length ? keepPasswordsOnce(result.batch.id, actor.id, shown) : null }

  function writeImport() {
    return atomically(() => {
      const tx = db()
      const rows = judge(meta.kind, records, actor, tx)
      const counts = countsOf(rows)
      if (counts.new + counts.updated === 0) return { batch: null, counts, created: [] as string[] }
      // a user who turned new between preview and apply without a password ready: refuse the apply
      const created = rows.flatMap((r) => {
        const p = r.payload as UserPayload | undefined
        return meta.kind === 'users' && p && p.id === null ? [p.username] : []
      })
      if (created.some((u) => !hashOf.has(u))) throw new StaleImport()
      keepFile(bytes, meta.sha256)
      const batch = tx
        .insert(importBatches)
        .values({
          kind: meta.kind,
          actorUserId: actor.id,
          actorName: actor.displayName,
          fileName: meta.fileName,
          sha256: meta.sha256,
          size: meta.size,
          newCount: counts.new,
          updatedCount: counts.updated,
          unchangedCount: counts.unchanged,
          refusedCount: counts.refused,
          createdAt: at.toISOString(),
        })
        .returning()
        .get()
      recordAudit(tx, { actor: auditActor, action: 'import', entityType: 'import_batch', entityId: batch.id, after: batch, at })
      const audit = new ImportAudit(auditActor, batch.id, at)
      const accepted = rows.filter((r) => r.payload)
      switch (meta.kind) {
        case 'organisations':
          applyOrganisations({ tx, rows: accepted as never, audit, at })
          break
        case 'labs':
          applyLabs({ tx, rows: accepted as never, audit, at })
          break
        case 'rosters':
          applyRosters({ tx, rows: accepted as never, audit, at })
          break
        case 'users':
          applyUsers({ tx, rows: accepted as never, audit, at, hashOf })
          break
      }
      audit.flush(tx)
      return { batch, counts, created }
    })
  }
}

class StaleImport extends Error {
  constructor() {
    super('the file changed meaning between the preview and the apply')
  }
}

// A file that changed nothing is not recorded; the result page still shows its counts.
function unchangedBatch(meta: StagedMeta, counts: OutcomeCounts, actor: ActingUser, at: Date): ImportBatch {
  return {
    id: 0,
    kind: meta.kind,
    actorUserId: actor.id,
    actorName: actor.displayName,
    fileName: meta.fileName,
    sha256: meta.sha256,
    size: meta.size,
    newCount: 0,
    updatedCount: 0,
    unchangedCount: counts.unchanged,
    refusedCount: counts.refused,
    createdAt: at.toISOString(),
  }
}

// ---- the new accounts' initial passwords: in this process's memory, handed out once ----------

type PasswordSheet = { batchId: number; actorId: number; expires: number; rows: { username: string; password: string }[] }
declare global {
  var __labcycleImportPasswords: Map<string, PasswordSheet> | undefined
}
const sheets = (): Map<string, PasswordSheet> => (globalThis.__labcycleImportPasswords ??= new Map())
const PASSWORD_SHEET_MS = 30 * 60 * 1000

function keepPasswordsOnce(batchId: number, actorId: number, rows: PasswordSheet['rows']) {
  const token = randomBytes(24).toString('hex')
  const at = Date.now()
  for (const [key, sheet] of sheets()) if (sheet.expires < at) sheets().delete(key)
  sheets().set(token, { batchId, actorId, expires: at + PASSWORD_SHEET_MS, rows })
  return token
}

/** The initial passwords of a batch's new accounts, once: the sheet is gone after this call. */
export function takePasswords({ token, batchId, actor }: { token: string; batchId: number; actor: Actor }) {
  const sheet = sheets().get(token)
  if (!sheet || sheet.batchId !== batchId || sheet.actorId !== actor.id || sheet.expires < Date.now()) return null
  sheets().delete(token)
  return sheet.rows
}

// ---- batches --------------------------------------------------------------------------------

/** Past imports: the bureau's list is every import, anyone else's their own. */
/** The imports this actor sees, newest first: a page of them, or every one (pageSize null, the workbook). */
export function listBatches({ actor, page, pageSize }: { actor: Actor; page: number; pageSize: number | null }) {
  const where: SQL | undefined = can(actor, 'import:manage') ? undefined : eq(importBatches.actorUserId, actor.id)
  const query = db().select().from(importBatches).where(where).orderBy(desc(importBatches.createdAt), desc(importBatches.id))
  const rows =
    pageSize === null
      ? query.all()
      : query
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .all()
  const total = db().select({ n: count() }).from(importBatches).where(where).get()?.n ?? 0
  return { rows, total }
}

/** One batch, for the bureau or the user who made it; null otherwise (a 404). */
export function getBatch({ id, actor }: { id: number; actor: Actor }) {
  const where = can(actor, 'import:manage')
    ? eq(importBatches.id, id)
    : and(eq(importBatches.id, id), eq(importBatches.actorUserId, actor.id))
  return db().select().from(importBatches).where(where).get() ?? null
}

/** The kept file of a batch: the bureau's only. */
export function batchFile({ id, actor }: { id: number; actor: Actor }) {
  if (!can(actor, 'import:manage')) return null
  const batch = getBatch({ id, actor })
  if (!batch) return null
  return { batch, path: storedPathOf(batch.sha256) }
}
