import { eq } from 'drizzle-orm'
import { appMeta } from '~db/schema'
import { db, type Db } from '~/utils/db.server'

export function isDemoInstallation(): boolean {
  return db().select().from(appMeta).where(eq(appMeta.key, 'demo')).get()?.value === 'true'
}

// Facts the first-run checklist (app/domain/first-run.ts) reads that no other row records: the
// bureau saved the rule settings page (even unchanged, which writes no setting), and the last
// `npm run backup` (scripts/backup.ts writes the key itself, by name).
export const SETTINGS_SAVED_KEY = 'settings_saved_at'
export const LAST_BACKUP_KEY = 'last_backup_at'

export function metaValue(key: string): string | null {
  return db().select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, key)).get()?.value ?? null
}

export function setMetaValue(conn: Pick<Db, 'insert'>, key: string, value: string) {
  conn.insert(appMeta).values({ key, value }).onConflictDoUpdate({ target: appMeta.key, set: { value } }).run()
}
