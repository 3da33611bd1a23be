import { and, asc, eq } from 'drizzle-orm'
import { customIndicators, users } from '~db/schema'
import type { CustomIndicator } from '~db/schema/indicators'
import { INDICATOR_NAME_MAX, INDICATOR_UNITS } from '~/domain/indicators'
import { can } from '~/domain/permissions'
import { now } from '~/utils/clock.server'
import { db } from '~/utils/db.server'
import type { FieldErrors } from '~/utils/forms'
import { recordAudit } from './audit.server'
import { auditActorOf, forbidden, invalid, notFound, type ActingUser, type Result } from './result.server'
import { checkVersion, seenVersion, staleRefusal } from './row-version.server'

// 自定义指标 (issue 16, part 1): indicators the bureau adds to the built-in catalogue
// (app/domain/indicators.ts), on /settings/indicators. Renamed or (de)activated, never deleted
// and never given another unit: plans keep their targets in the unit they were typed in. Every
// change is audited ('custom_indicator') and versioned (docs/decisions/010-stale-decisions.md).

export type CustomIndicatorResult = Result<{ changed: boolean }>

export function listCustomIndicators() {
  return db()
    .select({
      id: customIndicators.id,
      nameZh: customIndicators.nameZh,
      nameEn: customIndicators.nameEn,
      unit: customIndicators.unit,
      active: customIndicators.active,
      rowVersion: customIndicators.rowVersion,
      updatedAt: customIndicators.updatedAt,
      updatedBy: users.displayName,
    })
    .from(customIndicators)
    .leftJoin(users, eq(users.id, customIndicators.updatedBy))
    .orderBy(asc(customIndicators.id))
    .all()
}

type Names = { nameZh: string; nameEn: string }

function checkNames(names: Names, others: CustomIndicator[]): FieldErrors {
  const errors: FieldErrors = {}
  for (const field of ['nameZh', 'nameEn'] as const) {
    const value = names[field]
    if (!value) errors[field] = { key: 'form.required' }
    else if (Array.from(value).length > INDICATOR_NAME_MAX) errors[field] = { key: 'form.tooLong', vars: { max: INDICATOR_NAME_MAX } }
    else if (others.some((c) => c.active && c[field].toLowerCase() === value.toLowerCase()))
      errors[field] = { key: 'indicators.error.duplicate' }
  }
  return errors
}

const namesOf = (raw: { nameZh?: string; nameEn?: string }): Names => ({
  nameZh: (raw.nameZh ?? '').trim(),
  nameEn: (raw.nameEn ?? '').trim(),
})

/** A new custom indicator, active, with the unit its targets are typed in. */
export function addCustomIndicator({ by, raw }: { by: ActingUser; raw: Record<string, string | undefined> }): CustomIndicatorResult {
  if (!can(by, 'settings:manage')) return forbidden()
  const at = now()
  return db().transaction((tx): CustomIndicatorResult => {
    const names = namesOf(raw)
    const errors = checkNames(names, tx.select().from(customIndicators).all())
    const unit = INDICATOR_UNITS.find((u) => u === raw.unit)
    if (!unit) errors.unit = { key: 'form.invalidChoice' }
    if (Object.keys(errors).length) return invalid(errors)
    const row = tx
      .insert(customIndicators)
      .values({ ...names, unit: unit!, updatedAt: at.toISOString(), updatedBy: by.id })
      .returning()
      .get()
    recordAudit(tx, { actor: auditActorOf(by), action: 'create', entityType: 'custom_indicator', entityId: row.id, after: row, at })
    return { ok: true, changed: true }
  })
}

/** Renames a custom indicator and/or (de)activates it; the unit stays. */
export function updateCustomIndicator({
  by,
  id,
  raw,
  version,
}: {
  by: ActingUser
  id: number
  raw: { nameZh?: string; nameEn?: string; active?: boolean }
  // the indicator's row version the page showed
  version: unknown
}): CustomIndicatorResult {
  if (!can(by, 'settings:manage')) return forbidden()
  // a form without a version (an old tab, a hand-made post) is refused before anything is read
  const seen = seenVersion(version)
  if (seen === undefined || !Number.isInteger(seen)) return invalid({ _form: { key: 'stale.badVersion' } })
  const at = now()
  return db().transaction((tx): CustomIndicatorResult => {
    const all = tx.select().from(customIndicators).all()
    const before = all.find((c) => c.id === id)
    if (!before) return notFound()
    const moved = checkVersion(before, seen, { entityType: 'custom_indicator', entityId: id }, tx)
    if (moved) return moved
    const names = raw.nameZh === undefined && raw.nameEn === undefined ? { nameZh: before.nameZh, nameEn: before.nameEn } : namesOf(raw)
    const active = raw.active ?? before.active
    const errors = active
      ? checkNames(
          names,
          all.filter((c) => c.id !== id),
        )
      : {}
    if (Object.keys(errors).length) return invalid(errors)
    if (names.nameZh === before.nameZh && names.nameEn === before.nameEn && active === before.active) return { ok: true, changed: false }
    const after = tx
      .update(customIndicators)
      .set({ ...names, active, updatedAt: at.toISOString(), updatedBy: by.id, rowVersion: before.rowVersion + 1 })
      .where(and(eq(customIndicators.id, id), eq(customIndicators.rowVersion, before.rowVersion)))
      .returning()
      .get()
    if (!after) return staleRefusal({ entityType: 'custom_indicator', entityId: id, status: null }, tx)
    recordAudit(tx, { actor: auditActorOf(by), action: 'update', entityType: 'custom_indicator', entityId: id, before, after, at })
    return { ok: true, changed: true }
  })
}
