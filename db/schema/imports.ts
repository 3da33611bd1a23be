import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { users } from './users'
import { createdAt } from './columns'
import { IMPORT_KINDS } from './enums'

// One applied import: who brought which file in, and what it did. The file's bytes are kept in
// the attachments store under their SHA-256 (app/models/attachments.server.ts storedPathOf), so
// backups copy them and the sweep leaves them; every record it wrote has its own audit row
// naming the batch.
export const importBatches = sqliteTable(
  'import_batches',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: IMPORT_KINDS }).notNull(),
    actorUserId: integer('actor_user_id').references(() => users.id),
    actorName: text('actor_name').notNull(),
    fileName: text('file_name').notNull(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    newCount: integer('new_count').notNull(),
    updatedCount: integer('updated_count').notNull(),
    unchangedCount: integer('unchanged_count').notNull(),
    refusedCount: integer('refused_count').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    // the imports page lists newest first, a non-bureau user only their own
    index('import_batches_actor_idx').on(t.actorUserId, t.createdAt),
    // the attachment sweep and the backup ask whether a stored file is still used
    index('import_batches_sha_idx').on(t.sha256),
  ],
)

export type ImportBatch = typeof importBatches.$inferSelect
