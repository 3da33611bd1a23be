import { eq } from 'drizzle-orm'
import { appMeta } from '~db/schema'
import { db } from '~/utils/db.server'

export function isDemoInstallation(): boolean {
  return db().select().from(appMeta).where(eq(appMeta.key, 'demo')).get()?.value === 'true'
}
