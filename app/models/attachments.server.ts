import fs from 'node:fs'
import path from 'node:path'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { and, asc, count, eq, getTableColumns, inArray, isNull } from 'drizzle-orm'
import { annualReports, attachments, deliverables, importBatches, labs, resourceRequests, users, type Attachment } from '~db/schema'
import { nameForType } from '~/domain/file-types'
import { canViewLab, isOwnLab, type Actor } from '~/domain/permissions'
import { now } from '~/utils/clock.server'
import { afterCommit, db, type Db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { stageBytes, uploadTempDir, type StagedFile } from '~/utils/upload.server'
import { recordAudit, type AuditActor } from './audit.server'
import { findRenewal } from './renewal-access.server'
import { ROUND_APPLICATION_OWNER, roundApplicationVisible } from './round-application-access.server'

// Attachments of filings (issue 4). The bytes live outside the web root, under
// DATA_DIR/attachments/<first two hex digits>/<sha256>: one file per distinct content, however
// many rows point at it. A row is one upload: who attached what, under which name, to what.
// Everything here is synchronous on purpose: placing a file, the row and its audit, and the
// "is this content still used" check after a removal cannot interleave with another request.

// labId null: an owner that belongs to no lab yet (a certification application, issue 21); kind:
// which of the owner's files it is, where the owner asks for kinds (the round's required files)
export type AttachmentOwner = { type: string; id: number; labId: number | null; kind?: string }

export type AttachmentListItem = {
  id: number
  originalName: string
  size: number
  mediaType: string
  createdAt: string
  uploadedByName: string | null
}

// A transaction the caller already holds, when the attachment belongs to a row it is creating.
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

const SHA256 = /^[0-9a-f]{64}$/

export function attachmentsRoot() {
  const root = path.resolve(env().DATA_DIR, 'attachments')
  // express serves public/: stored files must never be reachable without the access check
  const publicDir = path.resolve('public')
  if (root === publicDir || root.startsWith(`${publicDir}${path.sep}`)) throw new Error('DATA_DIR must not be inside public/')
  return root
}

export function storedPathOf(sha256: string) {
  if (!SHA256.test(sha256)) throw new Error('not a SHA-256 digest')
  return path.join(attachmentsRoot(), sha256.slice(0, 2), sha256)
}

// Moves a staged file into the store; false when the same content was already there.
function placeInStore(file: StagedFile): boolean {
  const tempPath = path.resolve(file.tempPath)
  if (path.dirname(tempPath) !== uploadTempDir()) throw new Error('not a staged upload')
  const target = storedPathOf(file.sha256)
  if (fs.existsSync(target)) {
    touch(target)
    fs.rmSync(tempPath, { force: true })
    return false
  }
  fs.mkdirSync(path.dirname(target), { recursive: true })
  try {
    fs.renameSync(tempPath, target) // atomic: a reader sees no file or the whole file
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error
    // a store on another file system: copy beside the target, then rename
    const beside = `${target}.${process.pid}.tmp`
    fs.copyFileSync(tempPath, beside)
    syncFile(beside)
    fs.renameSync(beside, target)
    fs.rmSync(tempPath, { force: true })
  }
  // The staged file's bytes were synced when it was written; the rename is durable once its
  // directory is. Only then may the row that points at it commit (issue 14).
  syncFile(path.dirname(target))
  return true
}

function syncFile(file: string) {
  const fd = fs.openSync(file, 'r')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

// Content already in the store gets a new row: its age restarts, so a sweep of content unused
// for a day does not take it while the row is being written.
function touch(target: string) {
  const at = new Date()
  fs.utimesSync(target, at, at)
}

function isUsed(reader: Pick<Db, 'select'>, sha256: string) {
  return (reader.select({ n: count() }).from(attachments).where(eq(attachments.sha256, sha256)).get()?.n ?? 0) > 0
}

function audited(row: Attachment) {
  const { ownerType, ownerId, originalName, size, mediaType, sha256 } = row
  return { ownerType, ownerId, originalName, size, mediaType, sha256 }
}

export type AttachmentFile = StagedFile | { name: string; bytes: Uint8Array }

function staged(file: AttachmentFile): StagedFile {
  if ('tempPath' in file) return file
  const result = stageBytes(file)
  if ('key' in result) throw new Error(`attachment refused (${result.key}): ${file.name}`)
  return result
}

/**
 * Stores the files and attaches them to `owner`, each with its audit row, in one transaction
 * (the caller's, when `tx` is given). Staged files are moved into the store; bytes are checked
 * like an upload and throw when refused.
 */
export function saveAttachments({
  owner,
  files,
  actor,
  tx,
}: {
  owner: AttachmentOwner
  files: readonly AttachmentFile[]
  actor: AuditActor
  tx?: Tx
}): Attachment[] {
  const ready = files.map(staged)
  const placed = ready.filter((file) => placeInStore(file))
  const at = now()
  const insert = (w: Tx | Db) =>
    ready.map((file) => {
      const row = w
        .insert(attachments)
        .values({
          labId: owner.labId,
          ownerType: owner.type,
          ownerId: owner.id,
          kind: owner.kind ?? null,
          sha256: file.sha256,
          size: file.size,
          mediaType: file.mediaType,
          originalName: nameForType(file.originalName, file.mediaType),
          uploadedBy: actor.id,
          createdAt: at.toISOString(),
        })
        .returning()
        .get()
      recordAudit(w, { actor, action: 'create', entityType: 'attachment', entityId: row.id, labId: owner.labId, after: audited(row), at })
      return row
    })
  try {
    return tx ? insert(tx) : db().transaction(insert)
  } catch (error) {
    // content this call brought into the store and nothing else uses
    for (const file of placed) if (!isUsed(db(), file.sha256)) fs.rmSync(storedPathOf(file.sha256), { force: true })
    throw error
  }
}

export function saveAttachment({ owner, file, actor, tx }: { owner: AttachmentOwner; file: AttachmentFile; actor: AuditActor; tx?: Tx }) {
  return saveAttachments({ owner, files: [file], actor, tx })[0]
}

const sameLab = (labId: number | null) => (labId === null ? isNull(attachments.labId) : eq(attachments.labId, labId))

const ofOwner = (owner: AttachmentOwner) =>
  and(eq(attachments.ownerType, owner.type), eq(attachments.ownerId, owner.id), sameLab(owner.labId))

// The caller has already decided that the actor may see `owner` (its page's loader).
export function attachmentsOf(owner: AttachmentOwner): AttachmentListItem[] {
  return attachmentsByOwner({ type: owner.type, ids: [owner.id], labId: owner.labId }).get(owner.id)!
}

/**
 * The files of several owners of one type in one lab, by owner id, in one query (a page listing
 * every version of a plan). The caller has already decided that the actor may see them.
 */
export function attachmentsByOwner({ type, ids, labId }: { type: string; ids: readonly number[]; labId: number | null }) {
  const byOwner = new Map<number, AttachmentListItem[]>(ids.map((id) => [id, []]))
  if (ids.length === 0) return byOwner
  const rows = db()
    .select({
      ownerId: attachments.ownerId,
      id: attachments.id,
      originalName: attachments.originalName,
      size: attachments.size,
      mediaType: attachments.mediaType,
      createdAt: attachments.createdAt,
      uploadedByName: users.displayName,
    })
    .from(attachments)
    .leftJoin(users, eq(users.id, attachments.uploadedBy))
    // attachments_owner_idx
    .where(and(eq(attachments.ownerType, type), inArray(attachments.ownerId, [...ids]), sameLab(labId)))
    .orderBy(asc(attachments.createdAt), asc(attachments.id))
    .all()
  // rows saved before names followed their type (issue 14) are shown as they are downloaded
  for (const { ownerId, ...item } of rows)
    byOwner.get(ownerId)!.push({ ...item, originalName: nameForType(item.originalName, item.mediaType) })
  return byOwner
}

/**
 * Detaches one attachment of `owner` (an id of another owner is "not found": false). The stored
 * content is deleted after the commit unless another row still uses it.
 */
export function removeAttachment({
  owner,
  attachmentId,
  actor,
}: {
  owner: AttachmentOwner
  attachmentId: number
  actor: AuditActor
}): boolean {
  const removed = db().transaction((tx) => {
    const row = tx
      .select()
      .from(attachments)
      .where(and(eq(attachments.id, attachmentId), ofOwner(owner)))
      .get()
    if (!row) return null
    tx.delete(attachments).where(eq(attachments.id, row.id)).run()
    recordAudit(tx, {
      actor,
      action: 'delete',
      entityType: 'attachment',
      entityId: row.id,
      labId: row.labId,
      before: audited(row),
      at: now(),
    })
    return row
  })
  if (!removed) return false
  // after the commit of the caller's transaction too: a row restored by a rollback keeps its file
  afterCommit(() => {
    if (!isUsed(db(), removed.sha256)) fs.rmSync(storedPathOf(removed.sha256), { force: true })
  })
  return true
}

/** Attaches `from`'s files to `to` as well (a new version starts with its predecessor's files); the bytes are shared. */
export function copyAttachments({ from, to, actor }: { from: AttachmentOwner; to: AttachmentOwner; actor: AuditActor }) {
  const at = now()
  db().transaction((tx) => {
    for (const row of tx.select().from(attachments).where(ofOwner(from)).all()) {
      const { id: _id, ...copy } = row
      const created = tx
        .insert(attachments)
        .values({ ...copy, ownerType: to.type, ownerId: to.id, labId: to.labId, createdAt: at.toISOString() })
        .returning()
        .get()
      recordAudit(tx, {
        actor,
        action: 'create',
        entityType: 'attachment',
        entityId: created.id,
        labId: to.labId,
        after: audited(created),
        at,
      })
    }
  })
}

/** Detaches every file of `owner` (its draft was deleted); content nothing else uses is deleted. */
export function removeAllAttachments({ owner, actor }: { owner: AttachmentOwner; actor: AuditActor }) {
  for (const row of attachmentsOf(owner)) removeAttachment({ owner, attachmentId: row.id, actor })
}

/**
 * The attachment and where its bytes are, or null when the actor may not read it: its lab is out of
 * sight, or what it is attached to is (a draft is its lab's own; a renewal's files follow the
 * renewal's own rule, which lets an assigned expert read them).
 */
export function attachmentForDownload({ id, actor }: { id: number; actor: Actor }): { attachment: Attachment; path: string } | null {
  const row = db()
    .select({ attachment: getTableColumns(attachments), districtCode: labs.districtCode })
    .from(attachments)
    .leftJoin(labs, eq(labs.id, attachments.labId))
    .where(eq(attachments.id, id))
    .get()
  if (!row || !ownerVisible(actor, row.attachment, row.districtCode)) return null
  // an older row may carry a name from before names were cleaned and matched to their type
  const attachment = { ...row.attachment, originalName: nameForType(row.attachment.originalName, row.attachment.mediaType) }
  return { attachment, path: storedPathOf(row.attachment.sha256) }
}

// The owners that have drafts, and how to read their status.
const DRAFT_OWNERS: Record<string, (id: number) => string | undefined> = {
  deliverable: (id) => db().select({ status: deliverables.status }).from(deliverables).where(eq(deliverables.id, id)).get()?.status,
  annual_report: (id) => db().select({ status: annualReports.status }).from(annualReports).where(eq(annualReports.id, id)).get()?.status,
  resource_request: (id) =>
    db().select({ status: resourceRequests.status }).from(resourceRequests).where(eq(resourceRequests.id, id)).get()?.status,
}

function ownerVisible(actor: Actor, attachment: Attachment, districtCode: string | null): boolean {
  // a certification application's files follow the application's own scope (issue 21)
  if (attachment.ownerType === ROUND_APPLICATION_OWNER) return roundApplicationVisible(actor, attachment.ownerId, attachment.kind)
  if (attachment.labId === null || districtCode === null) return false
  if (attachment.ownerType === 'renewal') return findRenewal(actor, attachment.labId, attachment.ownerId) !== null
  const lab = { id: attachment.labId, districtCode }
  if (!canViewLab(actor, lab)) return false
  if (isOwnLab(actor, lab)) return true
  const statusOf = DRAFT_OWNERS[attachment.ownerType]
  return !statusOf || statusOf(attachment.ownerId) !== 'draft'
}

/**
 * The stored bytes as a web stream, opened before a response starts so that a missing file is a
 * 404 rather than a broken download; null (and a log line) when the file is gone.
 */
export async function openStoredFile(file: string): Promise<ReadableStream<Uint8Array> | null> {
  try {
    const stream = await new Promise<fs.ReadStream>((resolve, reject) => {
      const opened = fs.createReadStream(file)
      opened.once('open', () => resolve(opened))
      opened.once('error', reject)
    })
    return createReadableStreamFromReadable(stream)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    console.error(`attachment store: ${file} is missing`)
    return null
  }
}

/**
 * Housekeeping for a periodic job: removes staged uploads older than `olderThanMs` (an action
 * that failed before saving or discarding them) and stored content no row uses any more (rows
 * removed with their lab, or a caller's transaction that rolled back after saveAttachments).
 * `dryRun` counts what would be removed and removes nothing.
 */
export function sweepAttachmentFiles({
  now: at,
  olderThanMs = 24 * 3600 * 1000,
  dryRun = false,
}: {
  now: Date
  olderThanMs?: number
  dryRun?: boolean
}) {
  const cutoff = at.getTime() - olderThanMs
  const old = (file: string) => fs.statSync(file).mtimeMs < cutoff
  const remove = (file: string) => {
    if (!dryRun) fs.rmSync(file, { force: true })
  }
  let staleUploads = 0
  let orphans = 0
  const tmp = uploadTempDir()
  if (fs.existsSync(tmp)) {
    for (const name of fs.readdirSync(tmp)) {
      const file = path.join(tmp, name)
      if (old(file)) {
        remove(file)
        staleUploads++
      }
    }
  }
  const root = attachmentsRoot()
  if (fs.existsSync(root)) {
    for (const prefix of fs.readdirSync(root)) {
      const dir = path.join(root, prefix)
      const hashes = fs.readdirSync(dir).filter((name) => SHA256.test(name))
      if (!hashes.length) continue
      // an import batch's kept file (issue 17) is stored content in use too
      const used = new Set(
        [
          ...db().selectDistinct({ sha256: attachments.sha256 }).from(attachments).where(inArray(attachments.sha256, hashes)).all(),
          ...db().selectDistinct({ sha256: importBatches.sha256 }).from(importBatches).where(inArray(importBatches.sha256, hashes)).all(),
        ].map((r) => r.sha256),
      )
      for (const sha256 of hashes) {
        if (used.has(sha256) || !old(path.join(dir, sha256))) continue
        remove(path.join(dir, sha256))
        orphans++
      }
      // a copy across file systems cut short (placeInStore) is no stored content either
      for (const name of fs.readdirSync(dir).filter((n) => PARTIAL_COPY.test(n))) {
        if (!old(path.join(dir, name))) continue
        remove(path.join(dir, name))
        staleUploads++
      }
    }
  }
  return { staleUploads, orphans }
}

const PARTIAL_COPY = /^[0-9a-f]{64}\.\d+\.tmp$/

/**
 * At start-up, before the first request: what a killed process left behind is removed at once,
 * not a day later (issue 14): every staged upload (no request that staged it is alive) and
 * every stored file no row points at (placed by a transaction that never committed). Only files
 * older than this process's start, so nothing this process is writing is touched.
 */
export function sweepAfterRestart(processStartedAt: Date) {
  return sweepAttachmentFiles({ now: processStartedAt, olderThanMs: 0 })
}
