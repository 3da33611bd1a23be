import { and, asc, count, desc, eq, ne, or, sql, type SQL } from 'drizzle-orm'
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core'
import { labPartners, labs, organisations, type Organisation } from '~db/schema'
import { z } from 'zod'
import { DISTRICT_CODES, ORG_KINDS, type DistrictCode, type OrgKind } from '~db/schema/enums'
import { countJointApplications } from '~/domain/joint-applications'
import { jointLabsInvolving } from './joint-applications.server'
import { checkUscc } from '~/domain/uscc'
import { now } from '~/utils/clock.server'
import { db } from '~/utils/db.server'
import { fieldErrorsOf, requiredText, type FieldErrors } from '~/utils/forms'
import { markAllLabsStale } from './compliance-freshness.server'
import { recordAudit, type AuditActor } from './audit.server'
import { containsPattern } from './like.server'
import { invalid, notFound, type Invalid, type NotFound, type Result } from './result.server'

export const ORG_SORTS = ['name', 'creditCode', 'kind', 'district', 'hostedLabs', 'joint'] as const
export type OrgSort = (typeof ORG_SORTS)[number]

export type OrgFilter = {
  q?: string
  kind?: OrgKind
  districtCode?: DistrictCode
  sort: OrgSort
  dir: 'asc' | 'desc'
}

export type OrgInput = { name: string; creditCode: string; kind: OrgKind; districtCode: DistrictCode }

// The SQL twin of countJointApplications (app/domain/joint-applications.ts): labs that are
// joint (a partner other than the host) and in which the organisation takes part, as host or
// partner. tests/routes/organisations.test.ts checks the list and the detail page agree.
// The outer id is spelt out with its table: drizzle may render a bare column unqualified,
// which inside the subquery would silently bind to the lab's own id.
const outerOrgId = sql`${organisations}.id`

// Counted as the joint labs it hosts plus those it is a partner of and does not host (the two
// never overlap), each by its index (labs_host_org_idx, lab_partners_org_idx): a page of 50
// organisations then reads their own labs, not every lab of the city once per row.
function jointCountSql(): SQL<number> {
  const isJoint = (lab: string) =>
    sql.raw(`EXISTS (SELECT 1 FROM lab_partners jp WHERE jp.lab_id = ${lab}.id AND jp.org_id <> ${lab}.host_org_id)`)
  return sql<number>`((SELECT count(*) FROM ${labs} jl WHERE jl.host_org_id = ${outerOrgId} AND ${isJoint('jl')})
    + (SELECT count(*) FROM ${labPartners} jq JOIN ${labs} jn ON jn.id = jq.lab_id
        WHERE jq.org_id = ${outerOrgId} AND jn.host_org_id <> ${outerOrgId} AND ${isJoint('jn')}))`
}

function hostedCountSql(): SQL<number> {
  return sql<number>`(SELECT count(*) FROM ${labs} hl WHERE hl.host_org_id = ${outerOrgId})`
}

// pageSize null: every row (the workbook)
export function listOrganisations({ filter, page, pageSize }: { filter: OrgFilter; page: number; pageSize: number | null }) {
  const conditions: SQL[] = []
  if (filter.kind) conditions.push(eq(organisations.kind, filter.kind))
  if (filter.districtCode) conditions.push(eq(organisations.districtCode, filter.districtCode))
  const q = filter.q?.trim()
  if (q) {
    const pattern = containsPattern(q)
    // codes are stored normalised (upper case, no spaces), so the search normalises too
    const codePattern = containsPattern(q.replace(/\s+/g, '').toUpperCase())
    conditions.push(
      or(sql`${organisations.name} LIKE ${pattern} ESCAPE '\\'`, sql`${organisations.creditCode} LIKE ${codePattern} ESCAPE '\\'`)!,
    )
  }
  const where = conditions.length ? and(...conditions) : undefined
  const joint = jointCountSql()
  const hosted = hostedCountSql()
  const sortColumn: Record<OrgSort, SQL | AnySQLiteColumn> = {
    name: organisations.name,
    creditCode: organisations.creditCode,
    kind: organisations.kind,
    district: organisations.districtCode,
    hostedLabs: hosted,
    joint,
  }
  const order = filter.dir === 'desc' ? desc : asc
  const rows = db()
    .select({
      id: organisations.id,
      name: organisations.name,
      creditCode: organisations.creditCode,
      kind: organisations.kind,
      districtCode: organisations.districtCode,
      hostedLabs: hosted,
      jointApplications: joint,
    })
    .from(organisations)
    .where(where)
    .orderBy(order(sortColumn[filter.sort]), asc(organisations.id))
    .limit(pageSize ?? -1)
    .offset(pageSize === null ? 0 : (page - 1) * pageSize)
    .all()
  const total = db().select({ n: count() }).from(organisations).where(where).get()?.n ?? 0
  return { rows, total }
}

export type OrgRow = ReturnType<typeof listOrganisations>['rows'][number]

export function getOrganisation(id: number) {
  const org = db().select().from(organisations).where(eq(organisations.id, id)).get()
  if (!org) return null
  const hostedLabs = db()
    .select({ id: labs.id, name: labs.name, districtCode: labs.districtCode })
    .from(labs)
    .where(eq(labs.hostOrgId, id))
    .orderBy(asc(labs.name))
    .all()
  const partnerLabs = db()
    .select({ id: labs.id, name: labs.name, districtCode: labs.districtCode, hostName: organisations.name })
    .from(labPartners)
    .innerJoin(labs, eq(labs.id, labPartners.labId))
    .innerJoin(organisations, eq(organisations.id, labs.hostOrgId))
    .where(eq(labPartners.orgId, id))
    .orderBy(asc(labs.name))
    .all()
  // The count comes from the domain rule itself, over every lab the organisation is in.
  const jointApplications = countJointApplications({ orgId: id, labs: jointLabsInvolving([id], 0) })
  return { org, hostedLabs, partnerLabs, jointApplications }
}

export type OrgDetail = NonNullable<ReturnType<typeof getOrganisation>>

// another organisation holds the credit code (400 on the form), or the organisation is gone (404)
export type OrgSaveResult = Result<{ org: Organisation }, Invalid | NotFound>

// Inside the write transaction, so two bureau users saving the same code at once cannot both win
// (better-sqlite3 serialises transactions on the connection).
function codeTakenBy(tx: Pick<ReturnType<typeof db>, 'select'>, creditCode: string, exceptId?: number) {
  const conditions = [eq(organisations.creditCode, creditCode), exceptId === undefined ? undefined : ne(organisations.id, exceptId)]
  return Boolean(
    tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(and(...conditions))
      .get(),
  )
}

export function isCreditCodeTaken(creditCode: string, exceptId?: number) {
  return codeTakenBy(db(), creditCode, exceptId)
}

export function createOrganisation({ input, actor }: { input: OrgInput; actor: AuditActor }): OrgSaveResult {
  return db().transaction((tx) => {
    if (codeTakenBy(tx, input.creditCode)) return invalid({ creditCode: { key: 'orgs.error.duplicateCode' } })
    const org = tx.insert(organisations).values(input).returning().get()
    recordAudit(tx, { actor, action: 'create', entityType: 'organisation', entityId: org.id, after: org, at: now() })
    return { ok: true, org } as const
  })
}

export function updateOrganisation({ id, input, actor }: { id: number; input: OrgInput; actor: AuditActor }): OrgSaveResult {
  return db().transaction((tx) => {
    const before = tx.select().from(organisations).where(eq(organisations.id, id)).get()
    if (!before) return notFound()
    if (codeTakenBy(tx, input.creditCode, id)) return invalid({ creditCode: { key: 'orgs.error.duplicateCode' } })
    const at = now()
    const org = tx
      .update(organisations)
      .set({ ...input, updatedAt: at.toISOString() })
      .where(eq(organisations.id, id))
      .returning()
      .get()
    recordAudit(tx, { actor, action: 'update', entityType: 'organisation', entityId: id, before, after: org, at })
    markAllLabsStale(tx) // check reasons name the organisation
    return { ok: true, org } as const
  })
}

// The organisation form, shared by the new and the edit page. The credit code goes through
// checkUscc (GB 32100); a valid code registered outside Suzhou (not 3205xx) is a warning the
// user must consciously accept by ticking confirmRegion, but only when the code is new or
// changed: re-saving a name does not ask again about a code already accepted.
export const OrgFormSchema = z.object({
  name: requiredText(100),
  kind: z.enum(ORG_KINDS, { error: 'form.invalidChoice' }),
  districtCode: z.enum(DISTRICT_CODES, { error: 'form.invalidChoice' }),
  confirmRegion: z.literal('on').optional(),
})

export type OrgFormResult =
  | { ok: true; input: OrgInput }
  | { ok: false; errors: FieldErrors; warnings: FieldErrors; needsRegionConfirmation: boolean }

export function parseOrganisationForm(form: FormData, { orgId, storedCode }: { orgId?: number; storedCode?: string } = {}): OrgFormResult {
  const raw = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string'))
  const parsed = OrgFormSchema.safeParse({ ...raw, confirmRegion: raw.confirmRegion === 'on' ? 'on' : undefined })
  const errors: FieldErrors = parsed.success ? {} : fieldErrorsOf(parsed.error)
  const warnings: FieldErrors = {}
  let needsRegionConfirmation = false
  const check = checkUscc(typeof raw.creditCode === 'string' ? raw.creditCode : '')
  if (!check.ok) {
    errors.creditCode = { key: `orgs.error.uscc.${check.error}` }
  } else {
    if (isCreditCodeTaken(check.code, orgId)) errors.creditCode = { key: 'orgs.error.duplicateCode' }
    if (!check.inSuzhou) {
      warnings.creditCode = { key: 'orgs.warning.region', vars: { region: check.regionCode } }
      needsRegionConfirmation = check.code !== storedCode
      if (needsRegionConfirmation && raw.confirmRegion !== 'on') errors.confirmRegion = { key: 'orgs.error.confirmRegion' }
    }
  }
  if (!parsed.success || !check.ok || Object.keys(errors).length > 0) {
    return { ok: false, errors, warnings, needsRegionConfirmation }
  }
  const { name, kind, districtCode } = parsed.data
  return { ok: true, input: { name, creditCode: check.code, kind, districtCode } }
}

// For the edit page: the warning a stored code deserves, without asking for confirmation again.
export function regionWarningOf(creditCode: string): FieldErrors {
  const check = checkUscc(creditCode)
  return check.ok && !check.inSuzhou ? { creditCode: { key: 'orgs.warning.region', vars: { region: check.regionCode } } } : {}
}
