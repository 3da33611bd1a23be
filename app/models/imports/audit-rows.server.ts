import { auditLog } from '~db/schema'
import type { Db } from '~/utils/db.server'
import type { AuditActor } from '../audit.server'
import { markLabsStale } from '../compliance-freshness.server'

// The audit rows of one import (issue 17): one per record written, each naming the batch in its
// `after`, inserted in chunks inside the import's transaction. recordAudit marks each row's lab
// stale one insert at a time; here the labs of the whole batch are marked in one insert when the
// rows are flushed (docs/decisions/015-spreadsheet-import.md), the same marks in one statement.

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
    const labIds = [...new Set(rows.flatMap((r) => (r.labId === null ? [] : [r.labId])))]
    for (let i = 0; i < labIds.length; i += CHUNK * 10) markLabsStale(tx, labIds.slice(i, i + CHUNK * 10))
    this.entries.length = 0
  }
}
