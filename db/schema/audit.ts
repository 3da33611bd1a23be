import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'

// Every mutation that matters: who, what, when, before and after. Rows are never updated.
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    // NULL for the system (seed, command line) and failed sign-ins
    actorUserId: integer('actor_user_id'),
    // the actor's name at the time, so the record survives renames
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull().default(''),
    // the lab the change concerns, if any: lets the audit view filter by lab
    labId: integer('lab_id'),
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
    ip: text('ip').notNull().default(''),
  },
  (t) => [
    // the audit browser sorts newest first and filters by entity, actor and lab
    index('audit_at_idx').on(t.at),
    index('audit_entity_idx').on(t.entityType, t.entityId),
    index('audit_actor_idx').on(t.actorUserId),
    // a lab's timeline reads its audit entries newest first
    index('audit_lab_idx').on(t.labId, t.at),
  ],
)

export type AuditEntry = typeof auditLog.$inferSelect
