import { eq } from 'drizzle-orm'
import { settings, users } from '~db/schema'
import { resolveSettings, SETTING_DEFINITIONS, SETTING_KEYS, type RuleSettings, type SettingKey } from '~/domain/settings'
import { db } from '~/utils/db.server'
import { recordAudit, type AuditActor } from './audit.server'
import { markAllLabsStale } from './compliance-freshness.server'

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
    }
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
        set: { value, updatedAt: at.toISOString(), updatedBy: actor.id },
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
