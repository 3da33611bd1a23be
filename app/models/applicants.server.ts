import { randomBytes } from 'node:crypto'
import { and, asc, count, desc, eq, ne, or, sql, type SQL } from 'drizzle-orm'
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core'
import { z } from 'zod'
import { applicants, cityDepartments, users, type Applicant } from '~db/schema'
import { DISTRICT_CODES, ORG_KINDS, type ApplicantStatus, type DistrictCode } from '~db/schema/enums'
import { canManageApplicant, isConfirmedApplicant, type Actor } from '~/domain/permissions'
import { isPhone } from '~/domain/phone'
import { checkUscc } from '~/domain/uscc'
import { now as clockNow } from '~/utils/clock.server'
import { db } from '~/utils/db.server'
import { fieldErrorsOf, requiredText, type FieldErrors } from '~/utils/forms'
import { hashPassword } from '~/utils/password.server'
import type { APPLICANT_SORTS } from './applicant-params'
import { notifyApplicantDecided, notifyApplicantRegistered } from './applicant-notices.server'
import { recordAudit, type AuditActor } from './audit.server'
import { containsPattern } from './like.server'
import { auditActorOf, conflict, forbidden, invalid, notFound, ok, type ActingUser, type Refusal, type Result } from './result.server'
import { checkVersion, seenVersion, staleRefusal } from './row-version.server'
import { applicantScope } from './scope.server'
import { NewPasswordField, UsernameField, withPasswordMin } from './users.server'

// 申报单位 (issue 21, docs/decisions/024 plan step 1): an organisation applying in certification
// rounds. It registers itself on /register (pending until the office it chose confirms it) or its
// office creates it on /applicants/new (confirmed at once). Every step writes its audit row
// (entity 'applicant') with before and after in the step's transaction.

export const APPLICANT_NAME_MAX = 100

// The recommending office as one select value: 'district:320508' or 'department:3'.
const OfficeField = z
  .string({ error: 'applicants.error.office' })
  .regex(/^(district:\d{6}|department:\d{1,9})$/, 'applicants.error.office')
  .transform((v) => {
    const [kind, code] = v.split(':')
    return kind === 'district'
      ? { officeDistrictCode: code as DistrictCode, officeDepartmentId: null }
      : { officeDistrictCode: null, officeDepartmentId: Number(code) }
  })
  .refine((o) => o.officeDistrictCode === null || (DISTRICT_CODES as readonly string[]).includes(o.officeDistrictCode), {
    message: 'applicants.error.office',
  })

const OrganisationFields = z.object({
  name: requiredText(APPLICANT_NAME_MAX),
  uscc: z.string({ error: 'form.required' }),
  orgKind: z.enum(ORG_KINDS, { error: 'form.invalidChoice' }),
  office: OfficeField,
  contactName: requiredText(64),
  contactPhone: requiredText(30).refine(isPhone, 'form.invalidPhone'),
  contactEmail: requiredText(200).refine((v) => z.email().safeParse(v).success, 'form.invalidEmail'),
})
const AccountFields = z.object({ username: UsernameField })
const RegisterFields = OrganisationFields.extend({ username: UsernameField, password: NewPasswordField })

export type ApplicantFields = Omit<z.infer<typeof OrganisationFields>, 'office'> & {
  officeDistrictCode: DistrictCode | null
  officeDepartmentId: number | null
}

/** A credit code's problem as the form shows it, or null; a valid code outside Suzhou only warns. */
export function usccProblem(input: string): FieldErrors[string] | null {
  const check = checkUscc(input)
  return check.ok ? null : { key: `applicants.error.uscc.${check.error}` }
}

function parseOrganisation(values: Record<string, string>, schema: typeof OrganisationFields | typeof RegisterFields = OrganisationFields) {
  const parsed = schema.safeParse(values)
  const errors: FieldErrors = parsed.success ? {} : fieldErrorsOf(parsed.error)
  const usccError = usccProblem(values.uscc ?? '')
  if (usccError) errors.uscc = usccError
  const office = OfficeField.safeParse(values.office ?? '')
  if (office.success && office.data.officeDepartmentId !== null && !isActiveDepartment(office.data.officeDepartmentId))
    errors.office = { key: 'applicants.error.office' }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false as const, errors: withPasswordMin(errors) }
  const { office: chosen, ...rest } = parsed.data
  return { ok: true as const, fields: { ...rest, uscc: checkUscc(rest.uscc).code, ...chosen } as ApplicantFields, data: parsed.data }
}

function isActiveDepartment(id: number) {
  return Boolean(
    db()
      .select({ id: cityDepartments.id })
      .from(cityDepartments)
      .where(and(eq(cityDepartments.id, id), eq(cityDepartments.active, true)))
      .get(),
  )
}

type Tx = Parameters<Parameters<ReturnType<typeof db>['transaction']>[0]>[0]
type Reader = Pick<Tx, 'select'>

const liveHolderOf = (q: Reader, uscc: string) =>
  q
    .select({ id: applicants.id })
    .from(applicants)
    .where(and(eq(applicants.uscc, uscc), ne(applicants.status, 'refused')))
    .get()

const usernameTaken = (q: Reader, username: string) =>
  Boolean(
    q
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.username}) = lower(${username})`)
      .get(),
  )

// Before any write: one live registration per credit code (applicants_uscc_live_uq), one account per username.
function takenProblems(q: Reader, fields: ApplicantFields, username: string): FieldErrors {
  const errors: FieldErrors = {}
  if (liveHolderOf(q, fields.uscc)) errors.uscc = { key: 'applicants.error.usccTaken' }
  if (usernameTaken(q, username)) errors.username = { key: 'users.error.usernameTaken' }
  return errors
}

const snapshot = (a: Applicant) => {
  const { rowVersion: _v, createdAt: _c, updatedAt: _u, ...rest } = a
  return rest
}

function insertApplicant(
  tx: Tx,
  {
    fields,
    username,
    passwordHash,
    status,
    by,
    at,
  }: { fields: ApplicantFields; username: string; passwordHash: string; status: ApplicantStatus; by: number | null; at: Date },
) {
  const stamp = at.toISOString()
  const applicant = tx
    .insert(applicants)
    .values({
      ...fields,
      status,
      decidedBy: status === 'confirmed' ? by : null,
      decidedAt: status === 'confirmed' ? stamp : null,
      createdAt: stamp,
      updatedAt: stamp,
      updatedBy: by,
    })
    .returning()
    .get()
  const user = tx
    .insert(users)
    .values({
      username,
      passwordHash,
      displayName: fields.contactName,
      email: fields.contactEmail,
      role: 'applicant',
      applicantId: applicant.id,
      createdAt: stamp,
      updatedAt: stamp,
    })
    .returning({ id: users.id })
    .get()
  return { applicant, userId: user.id }
}

export type RegisterResult =
  | { ok: true; applicantId: number; userId: number; inSuzhou: boolean }
  | { ok: false; error: 'invalid'; errors: FieldErrors }
  | { ok: false; error: 'throttled'; minutes: number }

/**
 * A registration on /register: the applicant (pending) and its account in one transaction,
 * audited, its office told. `wait` and `count` are the per-address throttle's (the route keeps its
 * state), checked and counted inside the same immediate transaction so parallel posts cannot pass together.
 */
export async function registerApplicant({
  values,
  ip,
  throttle,
  now = clockNow(),
}: {
  values: Record<string, string>
  ip: string
  throttle: { wait: (tx: Tx) => number; count: (tx: Tx) => void }
  now?: Date
}): Promise<RegisterResult> {
  const parsed = parseOrganisation(values, RegisterFields)
  if (!parsed.ok) return { ok: false, error: 'invalid', errors: parsed.errors }
  const { username, password } = parsed.data as z.infer<typeof RegisterFields>
  const passwordHash = await hashPassword(password)
  return db().transaction(
    (tx): RegisterResult => {
      const minutes = throttle.wait(tx)
      if (minutes > 0) return { ok: false, error: 'throttled', minutes }
      const taken = takenProblems(tx, parsed.fields, username)
      if (Object.keys(taken).length) return { ok: false, error: 'invalid', errors: taken }
      const { applicant, userId } = insertApplicant(tx, {
        fields: parsed.fields,
        username,
        passwordHash,
        status: 'pending',
        by: null,
        at: now,
      })
      const actor: AuditActor = { id: userId, displayName: parsed.fields.contactName, ip }
      recordAudit(tx, {
        actor,
        action: 'create',
        entityType: 'applicant',
        entityId: applicant.id,
        after: { ...snapshot(applicant), username, by: 'register' },
        at: now,
      })
      throttle.count(tx)
      notifyApplicantRegistered(tx, { applicant, at: now })
      const check = checkUscc(applicant.uscc)
      return { ok: true, applicantId: applicant.id, userId, inSuzhou: check.ok && check.inSuzhou }
    },
    { behavior: 'immediate' },
  )
}

// 12 characters from an alphabet without look-alikes (0/O, 1/l/I), as the user import's initial passwords.
const PASSWORD_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'
function initialPassword() {
  return Array.from(randomBytes(12), (b) => PASSWORD_ALPHABET[b % PASSWORD_ALPHABET.length]).join('')
}

/** An office creates an applicant on its behalf (/applicants/new): confirmed at once; the initial password is returned once. */
export async function createApplicantByOffice({
  by,
  values,
  now = clockNow(),
}: {
  by: ActingUser
  values: Record<string, string>
  now?: Date
}): Promise<Result<{ applicantId: number; username: string; password: string }, Refusal>> {
  if (!canManageAny(by)) return forbidden()
  const parsed = parseOrganisation(values)
  const account = AccountFields.safeParse(values)
  const errors: FieldErrors = { ...(parsed.ok ? {} : parsed.errors), ...(account.success ? {} : fieldErrorsOf(account.error)) }
  if (parsed.ok && !canManageApplicant(by, parsed.fields)) errors.office = { key: 'applicants.error.officeNotYours' }
  if (!parsed.ok || !account.success || Object.keys(errors).length) return invalid(errors)
  const password = initialPassword()
  const passwordHash = await hashPassword(password)
  const username = account.data.username
  return db().transaction((tx) => {
    const taken = takenProblems(tx, parsed.fields, username)
    if (Object.keys(taken).length) return invalid(taken)
    const { applicant } = insertApplicant(tx, { fields: parsed.fields, username, passwordHash, status: 'confirmed', by: by.id, at: now })
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'create',
      entityType: 'applicant',
      entityId: applicant.id,
      after: { ...snapshot(applicant), username, by: 'office' },
      at: now,
    })
    return ok({ applicantId: applicant.id, username, password })
  })
}

const canManageAny = (actor: Actor) =>
  actor.role === 'bureau' ||
  (actor.role === 'district' && actor.districtCode !== null) ||
  (actor.role === 'department' && actor.departmentId != null)

const Reason = z.object({
  reason: z.string({ error: 'applicants.error.reasonRequired' }).trim().min(1, 'applicants.error.reasonRequired').max(500, 'form.tooLong'),
})

/** The office confirms or refuses a pending registration on the version its page showed; the applicant is told. */
export function decideApplicant({
  by,
  id,
  decision,
  reason,
  version,
  now = clockNow(),
}: {
  by: ActingUser
  id: number
  decision: 'confirm' | 'refuse'
  reason?: string
  version: unknown
  now?: Date
}): Result<{ id: number }, Refusal> {
  if (!canManageAny(by)) return forbidden()
  const current = getApplicant({ actor: by, id })
  if (!current) return notFound()
  const parsedReason = decision === 'refuse' ? Reason.safeParse({ reason: reason ?? '' }) : null
  if (parsedReason && !parsedReason.success) return invalid(fieldErrorsOf(parsedReason.error))
  return db().transaction((tx) => {
    const row = tx.select().from(applicants).where(eq(applicants.id, id)).get()!
    const stale = checkVersion(row, seenVersion(version), { entityType: 'applicant', entityId: id }, tx)
    if (stale) return stale
    if (row.status !== 'pending') return conflict('applicants.error.decided')
    const at = now.toISOString()
    const after = tx
      .update(applicants)
      .set({
        status: decision === 'confirm' ? 'confirmed' : 'refused',
        statusReason: parsedReason?.success ? parsedReason.data.reason : '',
        decidedBy: by.id,
        decidedAt: at,
        updatedAt: at,
        updatedBy: by.id,
        rowVersion: row.rowVersion + 1,
      })
      .where(and(eq(applicants.id, id), eq(applicants.rowVersion, row.rowVersion)))
      .returning()
      .get()
    if (!after) return staleRefusal({ entityType: 'applicant', entityId: id, status: row.status }, tx)
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'decide',
      entityType: 'applicant',
      entityId: id,
      before: snapshot(row),
      after: snapshot(after),
      at: now,
    })
    notifyApplicantDecided(tx, { applicant: after, at: now })
    return ok({ id })
  })
}

// ---- Reading, always through applicantScope ------------------------------------------------

export type ApplicantSort = (typeof APPLICANT_SORTS)[number]
export type ApplicantFilter = { q?: string; status?: ApplicantStatus; sort: ApplicantSort; dir: 'asc' | 'desc' }

const listColumns = {
  id: applicants.id,
  name: applicants.name,
  uscc: applicants.uscc,
  orgKind: applicants.orgKind,
  officeDistrictCode: applicants.officeDistrictCode,
  officeDepartmentId: applicants.officeDepartmentId,
  departmentNameZh: cityDepartments.nameZh,
  departmentNameEn: cityDepartments.nameEn,
  contactName: applicants.contactName,
  status: applicants.status,
  createdAt: applicants.createdAt,
}

export function listApplicants({
  actor,
  filter,
  page,
  pageSize,
}: {
  actor: Actor
  filter: ApplicantFilter
  page: number
  // null: every row (the list's CSV and workbook)
  pageSize: number | null
}) {
  const conditions: (SQL | undefined)[] = [applicantScope(actor)]
  if (filter.status) conditions.push(eq(applicants.status, filter.status))
  const q = filter.q?.trim()
  if (q) {
    const pattern = containsPattern(q)
    const like = (column: AnySQLiteColumn) => sql`${column} LIKE ${pattern} ESCAPE '\\'`
    conditions.push(or(like(applicants.name), like(applicants.uscc), like(applicants.contactName)))
  }
  const where = and(...conditions)
  const sortColumn: Record<ApplicantSort, AnySQLiteColumn> = {
    createdAt: applicants.createdAt,
    name: applicants.name,
    uscc: applicants.uscc,
    status: applicants.status,
  }
  const order = filter.dir === 'desc' ? desc : asc
  const query = db()
    .select(listColumns)
    .from(applicants)
    .leftJoin(cityDepartments, eq(cityDepartments.id, applicants.officeDepartmentId))
    .where(where)
    .orderBy(order(sortColumn[filter.sort]), asc(applicants.id))
  const rows =
    pageSize === null
      ? query.all()
      : query
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .all()
  const total = db().select({ n: count() }).from(applicants).where(where).get()?.n ?? 0
  return { rows, total }
}

export type ApplicantRow = ReturnType<typeof listApplicants>['rows'][number]

/** Registrations waiting for this office (the nav badge and the page header). */
export function pendingApplicantCount(actor: Actor): number {
  return (
    db()
      .select({ n: count() })
      .from(applicants)
      .where(and(applicantScope(actor), eq(applicants.status, 'pending')))
      .get()?.n ?? 0
  )
}

/** One applicant in the actor's scope, or null (the route answers 404). */
export function getApplicant({ actor, id }: { actor: Actor; id: number }) {
  if (!Number.isInteger(id) || id <= 0) return null
  const row = db()
    .select({
      ...detailColumns(),
      departmentNameZh: cityDepartments.nameZh,
      departmentNameEn: cityDepartments.nameEn,
      deciderName: users.displayName,
    })
    .from(applicants)
    .leftJoin(cityDepartments, eq(cityDepartments.id, applicants.officeDepartmentId))
    .leftJoin(users, eq(users.id, applicants.decidedBy))
    .where(and(eq(applicants.id, id), applicantScope(actor)))
    .get()
  return row ?? null
}

function detailColumns() {
  const { id, name, uscc, orgKind, officeDistrictCode, officeDepartmentId, contactName, contactPhone, contactEmail, status, statusReason } =
    applicants
  return {
    id,
    name,
    uscc,
    orgKind,
    officeDistrictCode,
    officeDepartmentId,
    contactName,
    contactPhone,
    contactEmail,
    status,
    statusReason,
    decidedAt: applicants.decidedAt,
    rowVersion: applicants.rowVersion,
    createdAt: applicants.createdAt,
  }
}

/** The signed-in applicant's own organisation (its status page), or null for any other account. */
export function ownApplicant(actor: Actor) {
  return actor.role === 'applicant' && actor.applicantId != null ? getApplicant({ actor, id: actor.applicantId }) : null
}

/** Throws 404 unless the signed-in account is a confirmed applicant: every page that needs one calls this. */
export function requireConfirmedApplicant(actor: Actor) {
  const own = ownApplicant(actor)
  if (!own || !isConfirmedApplicant(actor, own)) throw new Response('Not found', { status: 404 })
  return own
}

/** The recommending offices an applicant may choose: the ten districts and the active city departments. */
export function officeChoices() {
  const departments = db()
    .select({ id: cityDepartments.id, nameZh: cityDepartments.nameZh, nameEn: cityDepartments.nameEn })
    .from(cityDepartments)
    .where(eq(cityDepartments.active, true))
    .orderBy(asc(cityDepartments.code))
    .all()
  return { districts: [...DISTRICT_CODES], departments }
}
