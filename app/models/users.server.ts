import { and, asc, count, desc, eq, or, sql, type SQL } from 'drizzle-orm'
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core'
import { z } from 'zod'
import { cityDepartments, labs, organisations, sessions, users, type User } from '~db/schema'
import { DISTRICT_CODES, ROLES, type DistrictCode, type Role } from '~db/schema/enums'
import { now } from '~/utils/clock.server'
import { db } from '~/utils/db.server'
import { fieldErrorsOf, optionalText, requiredText, type FieldErrors } from '~/utils/forms'
import { MIN_PASSWORD_LENGTH } from '~/utils/password.server'
import { destroyAllSessionsOfUser, destroyOtherSessionsOfUser } from '~/utils/session.server'
import { recordAudit, type AuditActor } from './audit.server'
import { containsPattern } from './like.server'
import { invalid, type Invalid } from './result.server'

export const USER_SORTS = ['username', 'displayName', 'role', 'lastLogin'] as const
export type UserSort = (typeof USER_SORTS)[number]

export type UserFilter = { q?: string; role?: Role; sort: UserSort; dir: 'asc' | 'desc' }

// Everything about a user except the password hash: what pages, audit rows and tests may see.
export type PublicUser = Omit<User, 'passwordHash'>

function publicUser(user: User): PublicUser {
  const { passwordHash: _hash, ...rest } = user
  return rest
}

const publicColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  email: users.email,
  role: users.role,
  districtCode: users.districtCode,
  labId: users.labId,
  organisationId: users.organisationId,
  departmentId: users.departmentId,
  applicantId: users.applicantId,
  locale: users.locale,
  active: users.active,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
}

// pageSize null: every row (the workbook)
export function listUsers({ filter, page, pageSize }: { filter: UserFilter; page: number; pageSize: number | null }) {
  const conditions: SQL[] = []
  if (filter.role) conditions.push(eq(users.role, filter.role))
  const q = filter.q?.trim()
  if (q) {
    const pattern = containsPattern(q)
    const like = (column: AnySQLiteColumn) => sql`${column} LIKE ${pattern} ESCAPE '\\'`
    conditions.push(or(like(users.username), like(users.displayName), like(users.email))!)
  }
  const where = conditions.length ? and(...conditions) : undefined
  const sortColumn: Record<UserSort, AnySQLiteColumn | SQL> = {
    username: sql`lower(${users.username})`,
    displayName: users.displayName,
    role: users.role,
    // never signed in sorts as oldest
    lastLogin: sql`coalesce(${users.lastLoginAt}, '')`,
  }
  const order = filter.dir === 'desc' ? desc : asc
  const rows = db()
    .select({ ...publicColumns, labName: labs.name, departmentNameZh: cityDepartments.nameZh, departmentNameEn: cityDepartments.nameEn })
    .from(users)
    .leftJoin(labs, eq(labs.id, users.labId))
    .leftJoin(cityDepartments, eq(cityDepartments.id, users.departmentId))
    .where(where)
    .orderBy(order(sortColumn[filter.sort]), asc(users.id))
    .limit(pageSize ?? -1)
    .offset(pageSize === null ? 0 : (page - 1) * pageSize)
    .all()
  const total = db().select({ n: count() }).from(users).where(where).get()?.n ?? 0
  return { rows, total }
}

export type UserRow = ReturnType<typeof listUsers>['rows'][number]

export function getUserById(id: number) {
  return db()
    .select({ ...publicColumns, labName: labs.name })
    .from(users)
    .leftJoin(labs, eq(labs.id, users.labId))
    .where(eq(users.id, id))
    .get()
}

export function labOptions() {
  return db().select({ id: labs.id, name: labs.name }).from(labs).orderBy(asc(labs.name)).all()
}

// Organisations an expert may work for, for the user forms (评审回避: labs it hosts or joins are never assigned to the expert).
export function organisationOptions() {
  return db().select({ id: organisations.id, name: organisations.name }).from(organisations).orderBy(asc(organisations.name)).all()
}

function organisationExists(id: number) {
  return Boolean(db().select({ id: organisations.id }).from(organisations).where(eq(organisations.id, id)).get())
}

export function labNameOf(labId: number | null) {
  if (labId === null) return null
  return db().select({ name: labs.name }).from(labs).where(eq(labs.id, labId)).get()?.name ?? null
}

function usernameTakenIn(tx: Pick<ReturnType<typeof db>, 'select'>, username: string) {
  return Boolean(
    tx
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.username}) = lower(${username})`)
      .get(),
  )
}

export function isUsernameTaken(username: string) {
  return usernameTakenIn(db(), username)
}

export function passwordHashOf(userId: number) {
  return db().select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId)).get()?.hash ?? null
}

// ---- Form parsing, shared by the new and the edit page --------------------------------------

export const UsernameField = z
  .string({ error: 'form.required' })
  .trim()
  .min(1, 'form.required')
  .min(3, 'users.error.usernameLength')
  .max(32, 'users.error.usernameLength')
  .regex(/^[a-z0-9_.-]+$/, 'users.error.usernameCharset')

export const NewPasswordField = z
  .string({ error: 'form.required' })
  .min(1, 'form.required')
  .min(MIN_PASSWORD_LENGTH, 'account.passwordTooShort')
  .max(200, 'form.tooLong')

// fieldErrorsOf only fills {max}; the too-short message needs {min}.
export function withPasswordMin(errors: FieldErrors): FieldErrors {
  for (const error of Object.values(errors)) {
    if (error?.key === 'account.passwordTooShort') error.vars = { min: MIN_PASSWORD_LENGTH }
  }
  return errors
}

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v)

export const UserFieldsSchema = z.object({
  displayName: requiredText(64),
  email: optionalText(200).refine((v) => v === '' || z.email().safeParse(v).success, 'form.invalidEmail'),
  role: z.enum(ROLES, { error: 'form.invalidChoice' }),
  districtCode: z.preprocess(blankToUndefined, z.enum(DISTRICT_CODES, { error: 'form.invalidChoice' }).optional()),
  labId: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: 'form.invalidChoice' }).int('form.invalidChoice').positive('form.invalidChoice').optional(),
  ),
  organisationId: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: 'form.invalidChoice' }).int('form.invalidChoice').positive('form.invalidChoice').optional(),
  ),
  departmentId: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: 'form.invalidChoice' }).int('form.invalidChoice').positive('form.invalidChoice').optional(),
  ),
  active: z.boolean(),
})

export type UserFields = {
  displayName: string
  email: string
  role: Role
  districtCode: DistrictCode | null
  labId: number | null
  organisationId: number | null
  // a city department's office (role 'department', issue 21); the user import sets none
  departmentId?: number | null
  active: boolean
}

function stringEntries(form: FormData) {
  return Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === 'string'))
}

// A district user needs a district, a lab user a lab, a department user its department; the form
// and the user import ask here. An applicant account is never made here: it belongs to an applicant
// organisation, which registers itself (/register) or its office creates (/applicants/new).
export function roleScopeProblems(
  role: Role | null,
  given: { districtCode?: string; labId?: string; departmentId?: string },
  { keepsApplicant = false }: { keepsApplicant?: boolean } = {},
): FieldErrors {
  const errors: FieldErrors = {}
  if (role === 'district' && !given.districtCode) errors.districtCode = { key: 'users.error.districtRequired' }
  if (role === 'lab' && !given.labId) errors.labId = { key: 'users.error.labRequired' }
  if (role === 'department' && !given.departmentId) errors.departmentId = { key: 'users.error.departmentRequired' }
  if (role === 'applicant' && !keepsApplicant) errors.role = { key: 'users.error.applicantRole' }
  return errors
}

function activeDepartmentExists(id: number) {
  return Boolean(
    db()
      .select({ id: cityDepartments.id })
      .from(cityDepartments)
      .where(and(eq(cityDepartments.id, id), eq(cityDepartments.active, true)))
      .get(),
  )
}

/** The active city departments, for the department account's select. */
export function departmentOptions() {
  return db()
    .select({ id: cityDepartments.id, nameZh: cityDepartments.nameZh, nameEn: cityDepartments.nameEn })
    .from(cityDepartments)
    .where(eq(cityDepartments.active, true))
    .orderBy(asc(cityDepartments.code))
    .all()
}

// A district user needs a district, a lab user a lab that exists, a department user an active
// department; other roles carry none of them. `currentRole`: the edited account's role (an
// applicant account stays one, with its organisation; no other account becomes one here).
export function parseUserFields(
  form: FormData,
  { currentRole }: { currentRole?: Role } = {},
): { ok: true; fields: UserFields } | { ok: false; errors: FieldErrors } {
  const raw = stringEntries(form)
  const parsed = UserFieldsSchema.safeParse({ ...raw, active: raw.active === 'on' })
  const errors: FieldErrors = parsed.success ? {} : fieldErrorsOf(parsed.error)
  const role = parsed.success ? parsed.data.role : (ROLES as readonly string[]).includes(raw.role ?? '') ? (raw.role as Role) : null
  for (const [field, error] of Object.entries(roleScopeProblems(role, raw, { keepsApplicant: currentRole === 'applicant' })))
    errors[field] ??= error
  if (
    role === 'department' &&
    parsed.success &&
    parsed.data.departmentId !== undefined &&
    !activeDepartmentExists(parsed.data.departmentId)
  ) {
    errors.departmentId = { key: 'form.invalidChoice' }
  }
  if (role === 'lab' && parsed.success && parsed.data.labId !== undefined && labNameOf(parsed.data.labId) === null) {
    errors.labId = { key: 'form.invalidChoice' }
  }
  if (role === 'expert' && parsed.success && parsed.data.organisationId !== undefined && !organisationExists(parsed.data.organisationId)) {
    errors.organisationId = { key: 'form.invalidChoice' }
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors }
  const d = parsed.data
  return {
    ok: true,
    fields: {
      displayName: d.displayName,
      email: d.email,
      role: d.role,
      districtCode: d.role === 'district' ? (d.districtCode ?? null) : null,
      labId: d.role === 'lab' ? (d.labId ?? null) : null,
      // only an expert's employer matters (it decides which labs the expert may not review)
      organisationId: d.role === 'expert' ? (d.organisationId ?? null) : null,
      departmentId: d.role === 'department' ? (d.departmentId ?? null) : null,
      active: d.active,
    },
  }
}

const CreateExtraSchema = z.object({ username: UsernameField, password: NewPasswordField })

export function parseNewUserForm(
  form: FormData,
): { ok: true; fields: UserFields; username: string; password: string } | { ok: false; errors: FieldErrors } {
  const base = parseUserFields(form)
  const extra = CreateExtraSchema.safeParse(stringEntries(form))
  const errors: FieldErrors = { ...(base.ok ? {} : base.errors), ...(extra.success ? {} : fieldErrorsOf(extra.error)) }
  if (extra.success && isUsernameTaken(extra.data.username)) errors.username = { key: 'users.error.usernameTaken' }
  if (!base.ok || !extra.success || Object.keys(errors).length > 0) return { ok: false, errors: withPasswordMin(errors) }
  return { ok: true, fields: base.fields, username: extra.data.username, password: extra.data.password }
}

// ---- Mutations: each one and its audit row in one transaction --------------------------------

export function createUser({
  username,
  passwordHash,
  fields,
  actor,
}: {
  username: string
  passwordHash: string
  fields: UserFields
  actor: AuditActor
}): { ok: true; user: PublicUser } | Invalid {
  return db().transaction((tx) => {
    if (usernameTakenIn(tx, username)) return invalid({ username: { key: 'users.error.usernameTaken' } })
    const user = publicUser(
      tx
        .insert(users)
        .values({ username, passwordHash, ...fields })
        .returning()
        .get(),
    )
    recordAudit(tx, { actor, action: 'create', entityType: 'user', entityId: user.id, labId: user.labId, after: user, at: now() })
    return { ok: true, user } as const
  })
}

// Deactivating a user also ends every session it has, in the same transaction.
export function updateUser({ id, fields, actor }: { id: number; fields: UserFields; actor: AuditActor }): PublicUser | null {
  return db().transaction((tx) => {
    const row = tx.select().from(users).where(eq(users.id, id)).get()
    if (!row) return null
    const at = now()
    const after = publicUser(
      tx
        .update(users)
        .set({ ...fields, ...(fields.role === 'applicant' ? {} : { applicantId: null }), updatedAt: at.toISOString() })
        .where(eq(users.id, id))
        .returning()
        .get(),
    )
    // destroyAllSessionsOfUser runs on the same connection, so it is part of this transaction
    if (row.active && !after.active) destroyAllSessionsOfUser(id)
    recordAudit(tx, {
      actor,
      action: 'update',
      entityType: 'user',
      entityId: id,
      labId: after.labId ?? row.labId,
      before: publicUser(row),
      after,
      at,
    })
    return after
  })
}

export function resetUserPassword({ id, passwordHash, actor }: { id: number; passwordHash: string; actor: AuditActor }) {
  return db().transaction((tx) => {
    const row = tx.select({ id: users.id, username: users.username, labId: users.labId }).from(users).where(eq(users.id, id)).get()
    if (!row) return false
    const at = now()
    tx.update(users).set({ passwordHash, updatedAt: at.toISOString() }).where(eq(users.id, id)).run()
    const ended = tx.select({ n: count() }).from(sessions).where(eq(sessions.userId, id)).get()?.n ?? 0
    destroyAllSessionsOfUser(id)
    // no hashes in the audit trail: only that it happened and what it ended
    recordAudit(tx, {
      actor,
      action: 'password_reset',
      entityType: 'user',
      entityId: id,
      labId: row.labId,
      after: { username: row.username, sessionsEnded: ended },
      at,
    })
    return true
  })
}

// The signed-in user's own change: every other session ends, the current one stays.
export function changeOwnPassword({
  userId,
  passwordHash,
  request,
  actor,
}: {
  userId: number
  passwordHash: string
  request: Request
  actor: AuditActor
}) {
  db().transaction((tx) => {
    const at = now()
    tx.update(users).set({ passwordHash, updatedAt: at.toISOString() }).where(eq(users.id, userId)).run()
    const ended = destroyOtherSessionsOfUser({ userId, request })
    recordAudit(tx, {
      actor,
      action: 'password_changed',
      entityType: 'user',
      entityId: userId,
      after: { otherSessionsEnded: ended },
      at,
    })
  })
}
