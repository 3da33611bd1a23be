import { auditLog } from '~db/schema'
import type { Db } from '~/utils/db.server'
import type { AuditActor } from '../audit.server'

// The audit rows of one import (issue 17): one per record written, each naming the batch in its
// `after`, inserted in chunks inside the import's transaction. recordAudit would also mark each
// lab stale row by row; an import marks every lab stale once for the batch instead
// (docs/decisions/015-spreadsheet-import.md), so the rows go in here.

type Entry = { action: string; entityType: string; entityId: number | string; labId?: number | null; before?: unknown; after?: unknown }

const CHUNK = 500

export class ImportAudit {
  private readonly entries: Entry[] = []
  constructor(
    private readonly actor: AuditActor,
    private readonly batchId: number,
    private readonly at: Date,
  ) {}

  add(entry: Entry) {
    this.entries.push(entry)
  }

  flush(tx: Pick<Db, 'insert'>) {
    const at = this.at.toISOString()
    const rows = this.entries.map((e) => ({
      at,
      actorUserId: this.actor.id,
      actorName: this.actor.displayName,
      action: e.action,
      entityType: e.entityType,
      entityId: String(e.entityId),
      labId: e.labId ?? null,
      before: e.before ?? null,
      after: { ...(e.after as object), importBatchId: this.batchId },
      ip: this.actor.ip ?? '',
    }))
    for (let i = 0; i < rows.length; i += CHUNK)
      tx.insert(auditLog)
        .values(rows.slice(i, i + CHUNK))
        .run()
    this.entries.length = 0
  }
}
