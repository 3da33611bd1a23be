import { asc, eq, inArray } from 'drizzle-orm'
import { users } from '~db/schema'
import type { DistrictCode, Role } from '~db/schema/enums'
import type { Db } from '~/utils/db.server'
import { destroyAllSessionsOfUser } from '~/utils/session.server'
import { roleScopeProblems, UserFieldsSchema, UsernameField, type UserFields } from '../users.server'
import type { ImportAudit } from './audit-rows.server'
import { codeOf, DISTRICT_LABELS, labelOf, USER_ROLE_LABELS, YES_NO_LABELS } from './kinds'
import { labOfCertificate, OrgIndex, periodsByCertificate } from './labs.server'
import { acceptedRow, changesOf, RowNotes, SeenKeys, type JudgedRow, type RecordsIn } from './outcome'

// User accounts by username (issue 17), with the user form's rules (UsernameField,
// UserFieldsSchema, roleScopeProblems). A new account gets a random initial password at the
// apply, shown once (docs/decisions/015-spreadsheet-import.md); an existing account is updated
// but never changes role through a file: a row that would is refused as the username taken.

type Reader = Pick<Db, 'select'>
export type UserPayload = { id: number | null; username: string; fields: UserFields }

type Lookups = { certOfLab: Map<number, string>; orgs: OrgIndex }

function shown(u: { username: string } & UserFields, { certOfLab, orgs }: Lookups): Record<string, string> {
  return {
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    role: labelOf(USER_ROLE_LABELS, u.role),
    district: labelOf(DISTRICT_LABELS, u.districtCode),
    lab: u.labId === null ? '' : (certOfLab.get(u.labId) ?? ''),
    organisation: u.organisationId === null ? '' : (orgs.byId.get(u.organisationId)?.creditCode ?? ''),
    active: u.active ? '是' : '否',
  }
}

function lookups(q: Reader) {
  const byCert = periodsByCertificate(q)
  const certOfLab = new Map<number, string>()
  for (const list of byCert.values()) for (const p of list) if (p.latest) certOfLab.set(p.labId, p.certificateNo)
  return { byCert, certOfLab, orgs: new OrgIndex(q) }
}

export function judgeUsers({ records, q, actorId }: { records: RecordsIn; q: Reader; actorId: number }): JudgedRow<UserPayload>[] {
  const { byCert, certOfLab, orgs } = lookups(q)
  const stored = new Map(
    q
      .select()
      .from(users)
      .all()
      .map((u) => [u.username.toLowerCase(), u]),
  )
  const seen = new SeenKeys()
  return records.map((r) => {
    const v = r.values
    const notes = new RowNotes('users')
    const username = UsernameField.safeParse(v.username ?? '')
    if (!username.success) notes.zod(username.error, { '': 'username' })
    else {
      const first = seen.firstRowOf(username.data, r.rowNumber)
      if (first !== null) notes.error('username', 'imports.error.duplicateInFile', { row: first })
    }
    const role = codeOf(USER_ROLE_LABELS, v.role ?? '') as Role | null
    const districtCode = v.district ? codeOf(DISTRICT_LABELS, v.district) : ''
    const active = v.active ? codeOf(YES_NO_LABELS, v.active) : 'true'
    if (v.role && !role) notes.error('role', 'imports.error.choice', { value: v.role })
    if (v.district && !districtCode) notes.error('district', 'imports.error.choice', { value: v.district })
    if (v.active && !active) notes.error('active', 'imports.error.choice', { value: v.active })
    let labId: number | null = null
    if (role === 'lab' && v.lab) {
      const found = labOfCertificate(byCert, v.lab)
      if (found && found !== 'earlier' && found !== 'ambiguous') labId = found.labId
      else notes.error('lab', 'imports.error.unknownLab', { value: v.lab })
    }
    let organisationId: number | null = null
    if (role === 'expert' && v.organisation) {
      const found = orgs.find(v.organisation)
      if (found && found !== 'ambiguous') organisationId = found.id
      else notes.error('organisation', found ? 'imports.error.orgAmbiguous' : 'imports.error.unknownOrg', { value: v.organisation })
    }
    for (const [field, error] of Object.entries(roleScopeProblems(role, { districtCode: districtCode ?? '', labId: v.lab ?? '' })))
      if (error) notes.error(field === 'districtCode' ? 'district' : field === 'labId' ? 'lab' : 'role', error.key)
    const parsed = UserFieldsSchema.safeParse({
      displayName: v.displayName ?? '',
      email: v.email ?? '',
      role: role ?? v.role ?? '',
      districtCode: districtCode || undefined,
      active: active !== 'false',
    })
    if (!parsed.success) notes.zod(parsed.error, { districtCode: 'district' })
    const label = [v.username, v.displayName].filter(Boolean).join(' ')
    const existing = username.success ? stored.get(username.data) : undefined
    // as the user form: nobody disables their own account
    if (existing && existing.id === actorId && active === 'false') notes.error('active', 'users.error.selfDeactivate')
    if (existing && role && existing.role !== role)
      notes.error('username', 'imports.error.usernameOtherRole', { role: labelOf(USER_ROLE_LABELS, existing.role) })
    if (notes.refused || !parsed.success || !username.success || !role)
      return { rowNumber: r.rowNumber, label, outcome: 'refused', errors: notes.errors, warnings: notes.warnings, changes: [] }
    const fields: UserFields = {
      displayName: parsed.data.displayName,
      email: parsed.data.email,
      role,
      districtCode: role === 'district' ? (districtCode as DistrictCode) : null,
      labId: role === 'lab' ? labId : null,
      organisationId: role === 'expert' ? organisationId : null,
      active: active !== 'false',
    }
    const look = { certOfLab, orgs }
    const changes = existing ? changesOf('users', shown(existing, look), shown({ username: existing.username, ...fields }, look)) : []
    return acceptedRow({
      rowNumber: r.rowNumber,
      label,
      matched: Boolean(existing),
      changes,
      warnings: notes.warnings,
      payload: { id: existing?.id ?? null, username: existing?.username ?? username.data, fields },
    })
  })
}

export function applyUsers({
  tx,
  rows,
  audit,
  at,
  hashOf,
}: {
  tx: Db
  rows: JudgedRow<UserPayload>[]
  audit: ImportAudit
  at: Date
  // the new accounts' initial password hashes, by username (hashed before the transaction)
  hashOf: Map<string, string>
}) {
  for (const row of rows) {
    const p = row.payload
    if (!p) continue
    if (p.id === null) {
      const passwordHash = hashOf.get(p.username)
      if (!passwordHash) throw new Error(`no initial password for ${p.username}`)
      const { passwordHash: _h, ...user } = tx
        .insert(users)
        .values({ username: p.username, passwordHash, ...p.fields })
        .returning()
        .get()
      audit.add({ action: 'create', entityType: 'user', entityId: user.id, labId: user.labId, after: user })
    } else {
      const { passwordHash: _b, ...before } = tx.select().from(users).where(eq(users.id, p.id)).get()!
      const { passwordHash: _a, ...after } = tx
        .update(users)
        .set({ ...p.fields, updatedAt: at.toISOString() })
        .where(eq(users.id, p.id))
        .returning()
        .get()
      // as the user form does: a disabled account's sessions end with it, in this transaction
      if (before.active && !after.active) destroyAllSessionsOfUser(p.id)
      audit.add({ action: 'update', entityType: 'user', entityId: p.id, labId: after.labId ?? before.labId, before, after })
    }
  }
}

/** Every account in the template's columns (never a password). */
// The roles the import writes. The certification round's accounts (applicant, department) are
// made on /applicants and /users with what the sheet has no column for (the applicant's
// registration, the city department), so the sheet neither carries nor takes them: an export
// read back is then unchanged.
const IMPORTED_ROLES: Role[] = ['bureau', 'district', 'lab', 'expert']

export function exportUsers(q: Reader): Record<string, string>[] {
  const look = lookups(q)
  return q
    .select()
    .from(users)
    .where(inArray(users.role, IMPORTED_ROLES))
    .orderBy(asc(users.username))
    .all()
    .map((u) => shown(u, look))
}
