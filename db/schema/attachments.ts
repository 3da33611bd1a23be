import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { labs } from './labs'
import { users } from './users'
import { createdAt } from './columns'

// Files attached to a filing. The bytes live outside the web root under their SHA-256
// (app/models/attachments.server.ts); a row is what the user uploaded, with its original name
// and the type its content was recognised as.
export const attachments = sqliteTable(
  'attachments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // null for a file that belongs to no lab yet: a certification application's (issue 21)
    labId: integer('lab_id').references(() => labs.id, { onDelete: 'cascade' }),
    // what it is attached to, e.g. 'deliverable' 12
    ownerType: text('owner_type').notNull(),
    ownerId: integer('owner_id').notNull(),
    // which of the owner's files it is where the owner asks for kinds (a round's required
    // attachments, the office's sealed letter); null for a filing's files
    kind: text('kind'),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    mediaType: text('media_type').notNull(),
    originalName: text('original_name').notNull(),
    uploadedBy: integer('uploaded_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('attachments_owner_idx').on(t.ownerType, t.ownerId), index('attachments_sha_idx').on(t.sha256)],
)

export type Attachment = typeof attachments.$inferSelect
