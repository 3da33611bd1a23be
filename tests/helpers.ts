import { markAllLabsStale } from '~/models/compliance-freshness.server'
import { openDb, openDbImage, type Db } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import {
  insertDrill,
  insertLab,
  insertOrganisation,
  insertPartner,
  insertPeriod,
  insertSecurityPlan,
  insertTeamMember,
} from '~db/factories'
import { today } from '~/utils/clock.server'
import type { DistrictCode, Role } from '~db/schema/enums'
import { db as appDb, setDb } from '~/utils/db.server'
import { hashPassword } from '~/utils/password.server'
import { createSession } from '~/utils/session.server'
import type { LoaderFunctionArgs } from '@remix-run/node'
import type { MessageKey } from '~/i18n'
import { and, eq, getTableColumns } from 'drizzle-orm'
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core'
import { requestTypeRules, reviewAssignments, reviewCriteria, settings, users } from '~db/schema'
import { SETTING_KEYS } from '~/domain/settings'

export const TEST_PASSWORD = 'correct-horse-battery'
export const TEST_ORIGIN = 'http://localhost:3000'
export const TEST_CONTEXT = { clientIp: '127.0.0.1' }

// The real migrations, run once per test process (each file is its own fork): every test then
// starts from a copy of the migrated database.
let migratedImage: Buffer | undefined

// A fresh in-memory database with the real migrations, installed as the app's database.
export function setupTestDb(): Db {
  if (!migratedImage) {
    const migrated = openDb(':memory:')
    runMigrations(migrated)
    migratedImage = migrated.$client.serialize()
    migrated.$client.close()
  }
  const db = openDbImage(migratedImage)
  setDb(db)
  return db
}

let passwordHash: Promise<string> | undefined

let serial = 0
const next = () => ++serial

export async function makeUser(
  db: Db,
  {
    role,
    districtCode = null,
    labId = null,
    username,
    active = true,
  }: { role: Role; districtCode?: DistrictCode | null; labId?: number | null; username?: string; active?: boolean },
) {
  passwordHash ??= hashPassword(TEST_PASSWORD)
  const fields = {
    username: username ?? `${role}${next()}`,
    displayName: '',
    passwordHash: await passwordHash,
    role,
    districtCode,
    labId,
    active,
  }
  fields.displayName = `${fields.username} 用户`
  return insertUserColumns(db, fields)
}

/**
 * Writes only the columns given, as the code of its time did: a migration test builds an old
 * schema and writes users through this before upgrading, and drizzle's insert would name every
 * column of today's table (users.department_id came with 0042). The row comes back mapped as
 * drizzle maps it, holding the columns the schema has.
 */
export function insertUserColumns(db: Db, fields: Partial<Record<keyof typeof userColumns, unknown>>): typeof users.$inferSelect {
  const given = Object.entries(fields).filter(([, v]) => v !== undefined) as [keyof typeof userColumns, unknown][]
  const names = given.map(([key]) => `"${userColumns[key].name}"`).join(', ')
  const values = given.map(([key, v]) => userColumns[key].mapToDriverValue(v))
  const row = db.$client
    .prepare(`INSERT INTO users (${names}) VALUES (${given.map(() => '?').join(', ')}) RETURNING *`)
    .get(...values) as Record<string, unknown>
  const user: Record<string, unknown> = {}
  for (const [key, column] of Object.entries(userColumns))
    if (column.name in row) user[key] = row[column.name] === null ? null : column.mapFromDriverValue(row[column.name])
  return user as typeof users.$inferSelect
}
const userColumns = getTableColumns(users)

// The Cookie header of a fresh session for `user`.
export function signIn(user: { id: number }): string {
  const { token } = createSession({ userId: user.id, request: new Request(TEST_ORIGIN), ip: '127.0.0.1' })
  const cookie = `lc_session=${token}`
  signedIn.set(cookie, user.id)
  return cookie
}
// whose session a cookie is, for the version of the expert's own assignment (reviewVersion)
const signedIn = new Map<string, number>()

export type UserSpec = Parameters<typeof makeUser>[1]
export type TestUser = Awaited<ReturnType<typeof makeUser>>

// The bureau user most route tests act as.
export const CHIEF: UserSpec = { role: 'bureau', username: 'chief' }

// The Cookie header of a fresh session for a new user.
export async function signInAs(db: Db, spec: UserSpec): Promise<string> {
  return signIn(await makeUser(db, spec))
}

// The Cookie header of a fresh session for the bureau's chief.
export const signInChief = (db: Db) => signInAs(db, CHIEF)

// The people a test plays with: one user per key, made in key order, each with its session.
export async function makeCast<K extends string>(
  db: Db,
  specs: Record<K, UserSpec>,
): Promise<{ users: Record<K, TestUser>; cookies: Record<K, string> }> {
  const users = {} as Record<K, TestUser>
  const cookies = {} as Record<K, string>
  for (const key of Object.keys(specs) as K[]) {
    users[key] = await makeUser(db, specs[key])
    cookies[key] = signIn(users[key])
  }
  return { users, cookies }
}

export function makeOrg(db: Db, { districtCode = '320508', name }: { districtCode?: DistrictCode; name?: string } = {}) {
  return insertOrganisation(db, { districtCode, ...(name ? { name } : {}) })
}

// A lab with its first period (two years from `startDate` unless `endDate` says otherwise), built
// from the shared factories (db/factories.ts) the demo seed uses too.
export function makeLab(
  db: Db,
  {
    districtCode = '320508',
    name,
    startDate = '2025-06-01',
    endDate,
    hostOrgId,
    partnerOrgIds = [],
    direction = 1,
    teamSize = 0,
    secured = false,
  }: {
    districtCode?: DistrictCode
    name?: string
    startDate?: string
    endDate?: string
    hostOrgId?: number
    partnerOrgIds?: number[]
    direction?: number
    teamSize?: number
    // a current emergency plan and a drill today, so the security checks pass
    secured?: boolean
  } = {},
) {
  const host = hostOrgId ?? makeOrg(db, { districtCode }).id
  const n = next()
  const lab = insertLab(db, { name: name ?? `测试实验室${n}`, direction, districtCode, hostOrgId: host })
  insertPeriod(db, { labId: lab.id, sequence: 1, startDate, ...(endDate ? { endDate } : {}), certificateNo: `T-${n}` })
  for (const orgId of partnerOrgIds) insertPartner(db, { labId: lab.id, orgId })
  for (let i = 0; i < teamSize; i++)
    insertTeamMember(db, { labId: lab.id, name: `成员${i}`, titleLevel: i < 3 ? 'associate_senior' : 'intermediate' })
  if (secured) {
    insertSecurityPlan(db, { labId: lab.id, approvedOn: startDate })
    insertDrill(db, { labId: lab.id, heldOn: today() })
  }
  // written around the models, so the stored compliance results must be recomputed
  markAllLabsStale(db)
  return lab
}

export function formRequest(url: string, fields: Record<string, string | string[]>, cookie?: string) {
  const body = new URLSearchParams()
  for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item)
  return new Request(new URL(url, TEST_ORIGIN), {
    method: 'POST',
    body,
    headers: { Origin: TEST_ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
  })
}

export function getRequest(url: string, cookie?: string) {
  return new Request(new URL(url, TEST_ORIGIN), { headers: cookie ? { Cookie: cookie } : {} })
}

// What a Remix loader or action takes; the tests call them with TEST_CONTEXT, as server.ts does.
export type RouteFunction = (args: LoaderFunctionArgs) => unknown

export type Outcome = { status: number; location: string | null; setCookie: string | null; body: Record<string, unknown> }

// Runs a loader or action and returns its status, redirect target, cookie and data, whether it
// returned data, returned a Response or threw one.
export async function outcome(run: () => Promise<unknown>): Promise<Outcome> {
  const fromResponse = (r: Response): Outcome => ({
    status: r.status,
    location: r.headers.get('Location'),
    setCookie: r.headers.get('Set-Cookie'),
    body: {},
  })
  try {
    const result = await run()
    if (result instanceof Response) return fromResponse(result)
    const wrapped = result as { type?: string; data?: unknown; init?: { status?: number } }
    if (wrapped?.type === 'DataWithResponseInit') {
      return { status: wrapped.init?.status ?? 200, location: null, setCookie: null, body: wrapped.data as Record<string, unknown> }
    }
    return { status: 200, location: null, setCookie: null, body: result as Record<string, unknown> }
  } catch (thrown) {
    if (thrown instanceof Response) return fromResponse(thrown)
    throw thrown
  }
}

export async function statusOf(run: () => Promise<unknown>): Promise<number> {
  return (await outcome(run)).status
}

export type FormErrors = Record<string, { key: MessageKey; vars?: Record<string, string | number> }>
export const errorsOf = (o: Outcome) => o.body.errors as FormErrors
// What the form sent back to the page: strings, and string lists for multi-selects.
export const valuesOf = (o: Outcome) => o.body.values as Record<string, string>

// Stale decisions (docs/decisions/010-stale-decisions.md): every decision or edit form posts the
// row version its page shows, and the server refuses a post without one. A test posts what the
// page would send: the row's version as it is now.
type VersionedTable = SQLiteTable & { id: SQLiteColumn; rowVersion: SQLiteColumn }

/** The row's current row_version, as its page renders it into the form's hidden field. */
export function currentVersion(table: VersionedTable, id: number): string {
  const row = appDb().select({ v: table.rowVersion }).from(table).where(eq(table.id, id)).get() as { v: number } | undefined
  return row ? String(row.v) : '0'
}

/** The fields with the row's current version added, unless the test posts a version itself. */
export function withVersion<F extends Record<string, string | string[]>>(table: VersionedTable, id: number, fields: F): F {
  return 'rowVersion' in fields ? fields : { rowVersion: currentVersion(table, id), ...fields }
}

/** The settings form's versions, one `rowVersion.<key>` per setting (0 for one still at its default). */
export function settingVersionFields(): Record<string, string> {
  const stored = appDb().select({ key: settings.key, v: settings.rowVersion }).from(settings).all()
  return Object.fromEntries(SETTING_KEYS.map((key) => [`rowVersion.${key}`, String(stored.find((s) => s.key === key)?.v ?? 0)]))
}

/** A request type's rule version as /settings/requests renders it (0 for one still at its default). */
export function typeRuleVersion(type: string): string {
  const row = appDb()
    .select({ v: requestTypeRules.rowVersion })
    .from(requestTypeRules)
    .where(eq(requestTypeRules.type, type as never))
    .get()
  return String(row?.v ?? 0)
}

/** Every active review criterion's version, by id, as the weights form on /settings/criteria posts them. */
export function criteriaVersions(): Record<string, string> {
  const rows = appDb()
    .select({ id: reviewCriteria.id, v: reviewCriteria.rowVersion, active: reviewCriteria.active })
    .from(reviewCriteria)
    .all()
  return Object.fromEntries(rows.filter((r) => r.active).map((r) => [String(r.id), String(r.v)]))
}

/** The version of the signed-in expert's assignment on a renewal, as their review page posts it. */
export function reviewVersion(renewalId: number, cookie: string): string {
  const expertId = signedIn.get(cookie) ?? 0
  const row = appDb()
    .select({ v: reviewAssignments.rowVersion })
    .from(reviewAssignments)
    .where(and(eq(reviewAssignments.renewalId, renewalId), eq(reviewAssignments.expertId, expertId)))
    .get()
  return String(row?.v ?? 0)
}
