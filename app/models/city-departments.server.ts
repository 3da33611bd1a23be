import { asc, desc, eq } from 'drizzle-orm'
import { z } from 'zod'
import { cityDepartments, users } from '~db/schema'
import { now } from '~/utils/clock.server'
import { db } from '~/utils/db.server'
import { fieldErrorsOf, requiredText } from '~/utils/forms'
import { recordAudit } from './audit.server'
import { auditActorOf, forbidden, invalid, notFound, ok, type ActingUser, type Refusal, type Result } from './result.server'
import { checkVersion, seenVersion, staleRefusal } from './row-version.server'

// 市级部门 (issue 21): the city departments that recommend applicants beside the ten district
// offices, a registry the bureau keeps on /departments. Deactivated, never deleted: a past round's
// quota override and (later) its applications keep naming the department.

export const DEPARTMENT_CODE_MAX = 16
export const DEPARTMENT_NAME_MAX = 60

const Names = z.object({
  nameZh: requiredText(DEPARTMENT_NAME_MAX),
  nameEn: requiredText(DEPARTMENT_NAME_MAX * 2),
})
const NewDepartment = Names.extend({
  // lower-case ascii, as exports and later accounts name the office
  code: z
    .string({ error: 'form.required' })
    .trim()
    .toLowerCase()
    .min(1, 'form.required')
    .max(DEPARTMENT_CODE_MAX, 'form.tooLong')
    .regex(/^[a-z][a-z0-9_-]*$/, 'departments.error.code'),
})

const columns = {
  id: cityDepartments.id,
  code: cityDepartments.code,
  nameZh: cityDepartments.nameZh,
  nameEn: cityDepartments.nameEn,
  active: cityDepartments.active,
  rowVersion: cityDepartments.rowVersion,
}
type Department = { id: number; code: string; nameZh: string; nameEn: string; active: boolean; rowVersion: number }

/** The registry: active departments first, then by code, with who changed each last. */
export function listDepartments() {
  return db()
    .select({ ...columns, updatedAt: cityDepartments.updatedAt, updatedBy: users.displayName })
    .from(cityDepartments)
    .leftJoin(users, eq(users.id, cityDepartments.updatedBy))
    .orderBy(desc(cityDepartments.active), asc(cityDepartments.code))
    .all()
}

/** The departments that recommend in rounds now (the round page's quota table). */
export function activeDepartments(): Department[] {
  return db().select(columns).from(cityDepartments).where(eq(cityDepartments.active, true)).orderBy(asc(cityDepartments.code)).all()
}

type DepartmentResult = Result<{ id: number; changed: boolean }, Refusal>

const snapshot = ({ rowVersion: _v, ...d }: Department) => d

export function addDepartment({ by, values }: { by: ActingUser; values: Record<string, string> }): DepartmentResult {
  if (by.role !== 'bureau') return forbidden()
  const parsed = NewDepartment.safeParse(values)
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error))
  const at = now()
  return db().transaction((tx): DepartmentResult => {
    const taken = tx.select({ id: cityDepartments.id }).from(cityDepartments).where(eq(cityDepartments.code, parsed.data.code)).get()
    if (taken) return invalid({ code: { key: 'departments.error.codeTaken' } })
    const row = tx
      .insert(cityDepartments)
      .values({ ...parsed.data, createdAt: at.toISOString(), updatedAt: at.toISOString(), updatedBy: by.id })
      .returning(columns)
      .get()
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'create',
      entityType: 'city_department',
      entityId: row.id,
      after: snapshot(row),
      at,
    })
    return ok({ id: row.id, changed: true })
  })
}

// One department's change on the version the page showed, audited with before and after.
function changeDepartment(
  by: ActingUser,
  id: number,
  version: unknown,
  plan: (d: Department) => Refusal | Partial<Pick<Department, 'nameZh' | 'nameEn' | 'active'>>,
): DepartmentResult {
  if (by.role !== 'bureau') return forbidden()
  const at = now()
  return db().transaction((tx): DepartmentResult => {
    const current = tx.select(columns).from(cityDepartments).where(eq(cityDepartments.id, id)).get()
    if (!current) return notFound()
    const stale = checkVersion(current, seenVersion(version), { entityType: 'city_department', entityId: id }, tx)
    if (stale) return stale
    const change = plan(current)
    if ('ok' in change) return change
    const next = { ...current, ...change }
    if (JSON.stringify(next) === JSON.stringify(current)) return ok({ id, changed: false })
    const row = tx
      .update(cityDepartments)
      .set({ ...change, updatedAt: at.toISOString(), updatedBy: by.id, rowVersion: current.rowVersion + 1 })
      .where(eq(cityDepartments.id, id))
      .returning(columns)
      .get()
    if (!row) return staleRefusal({ entityType: 'city_department', entityId: id, status: null }, tx)
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'update',
      entityType: 'city_department',
      entityId: id,
      before: snapshot(current),
      after: snapshot(row),
      at,
    })
    return ok({ id, changed: true })
  })
}

export function renameDepartment({ by, id, values }: { by: ActingUser; id: number; values: Record<string, string> }): DepartmentResult {
  const parsed = Names.safeParse(values)
  if (!parsed.success) {
    if (by.role !== 'bureau') return forbidden()
    return invalid(fieldErrorsOf(parsed.error))
  }
  return changeDepartment(by, id, values.rowVersion, () => parsed.data)
}

export function setDepartmentActive({ by, id, active, version }: { by: ActingUser; id: number; active: boolean; version: unknown }) {
  return changeDepartment(by, id, version, () => ({ active }))
}
