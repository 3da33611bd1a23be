import { eq } from 'drizzle-orm'
import { settings, users } from '~db/schema'
import { resolveSettings, SETTING_DEFINITIONS, SETTING_KEYS, type RuleSettings, type SettingKey } from '~/domain/settings'
import { db } from '~/utils/db.server'
import { recordAudit, type AuditActor } from './audit.server'
import { markAllLabsStale } from './compliance-freshness.server'
import { setMetaValue, SETTINGS_SAVED_KEY } from './meta.server'
import { ok, type Invalid, type Result } from './result.server'
import { checkVersion, nextVersion, seenVersion, type StaleRefusal } from './row-version.server'

// The bureau's rule settings over their defaults. One small query; callers read it per request.
export function ruleSettings(): RuleSettings {
  return resolveSettings(db().select({ key: settings.key, value: settings.value }).from(settings).all())
}

// Every setting with its default, bounds and who changed it last, for the settings page.
export function settingRows() {
  const stored = db()
    .select({
      key: settings.key,
      value: settings.value,
      rowVersion: settings.rowVersion,
      updatedAt: settings.updatedAt,
      updatedBy: users.displayName,
    })
    .from(settings)
    .leftJoin(users, eq(users.id, settings.updatedBy))
    .all()
  const current = ruleSettings()
  return SETTING_KEYS.map((key) => {
    const row = stored.find((s) => s.key === key)
    return {
      key,
      value: current[key],
      ...SETTING_DEFINITIONS[key],
      updatedAt: row?.updatedAt ?? null,
      updatedBy: row?.updatedBy ?? null,
      // 0 while the default stands (no row): the version the settings form posts back
      rowVersion: row?.rowVersion ?? 0,
    }
  })
}

/**
 * Saves the settings form: every posted value, all or none. `versions` are the row versions the
 * form showed per key (0: the default); if any of them moved on since, someone else saved first
 * and nothing is written (409 with who and when), since the form also posts the values it did not
 * change and would put back the other person's old ones.
 */
export function saveSettings({
  values,
  versions,
  actor,
  at,
}: {
  values: Partial<Record<SettingKey, number>>
  versions: Partial<Record<SettingKey, unknown>>
  actor: AuditActor & { id: number }
  at: Date
}): Result<{ changed: number }, Invalid | StaleRefusal> {
  return db().transaction((tx) => {
    const stored = tx.select({ key: settings.key, rowVersion: settings.rowVersion }).from(settings).all()
    for (const key of Object.keys(values) as SettingKey[]) {
      const row = { rowVersion: stored.find((s) => s.key === key)?.rowVersion ?? 0, status: null }
      const moved = checkVersion(row, seenVersion(versions[key]), { entityType: 'setting', entityId: key }, tx)
      if (moved) return moved
    }
    let changed = 0
    for (const [key, value] of Object.entries(values) as [SettingKey, number][]) if (updateSetting({ key, value, actor, at })) changed++
    // reviewed, even when every default stands: the first-run checklist's item (app/domain/first-run.ts)
    setMetaValue(tx, SETTINGS_SAVED_KEY, at.toISOString())
    return ok({ changed })
  })
}

/** Returns false when nothing changed (no audit row is written then). */
export function updateSetting({
  key,
  value,
  actor,
  at,
}: {
  key: SettingKey
  value: number
  actor: AuditActor & { id: number }
  at: Date
}): boolean {
  return db().transaction((tx) => {
    const before = resolveSettings(tx.select({ key: settings.key, value: settings.value }).from(settings).all())[key]
    if (before === value) return false
    tx.insert(settings)
      .values({ key, value, updatedAt: at.toISOString(), updatedBy: actor.id })
      .onConflictDoUpdate({
        target: settings.key,
        set: { value, updatedAt: at.toISOString(), updatedBy: actor.id, rowVersion: nextVersion(settings.rowVersion) },
      })
      .run()
    recordAudit(tx, {
      actor,
      action: 'update',
      entityType: 'setting',
      entityId: key,
      before: { [key]: before },
      after: { [key]: value },
      at,
    })
    markAllLabsStale(tx) // statuses and checks of every lab depend on the rules
    return true
  })
}
