import { and, asc, count, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm'
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core'
import { labPartners, labs, organisations, teamMembers, validityPeriods } from '~db/schema'
import type { LabStatus } from '~db/schema/enums'
import { addDays, type IsoDate } from '~/domain/dates'
import type { Actor } from '~/domain/permissions'
import { MIN_QUALIFIED_RESEARCHERS, MIN_TEAM_SIZE, QUALIFYING_DEGREES, QUALIFYING_TITLES } from '~/domain/team'
import { db } from '~/utils/db.server'
import type { LabFilter, LabSort } from './lab-registry'
import { complianceCondition, ensureComplianceFresh, worstResultSql } from './compliance.server'
import { latestPeriodOfLab, statusSql, undecidedEndingBetween } from './lab-status.server'
import { containsPattern } from './like.server'
import { labScope } from './scope.server'

// Per-lab roster counts recounted from team_members (team_members_lab_idx). The qualifying sets
// come from app/domain/team.ts so the registry and the lab page agree. The registry reads the
// same counts from labs.headcount and labs.qualified, kept by triggers (migration 0026);
// tests/models/lab-registry-agreement.test.ts holds the two to one answer.
export function teamCounts() {
  const headcount = sql<number>`(SELECT count(*) FROM team_members tm WHERE tm.lab_id = "labs"."id" AND tm.active = 1)`
  const qualified = sql<number>`(SELECT count(*) FROM team_members tm WHERE tm.lab_id = "labs"."id" AND tm.active = 1
    AND tm.role <> 'administrator'
    AND (tm.title_level IN ${[...QUALIFYING_TITLES]} OR tm.degree IN ${[...QUALIFYING_DEGREES]}))`
  return { headcount, qualified }
}

function registryQuery({
  actor,
  filter,
  today,
  windowDays,
}: {
  actor: Actor
  filter: Omit<LabFilter, 'sort' | 'dir'>
  today: IsoDate
  windowDays: number
}) {
  const period = latestPeriodOfLab()
  const { latest } = period
  const status = statusSql(latest, today, windowDays)
  const conditions: (SQL | undefined)[] = [labScope(actor)]
  if (filter.districtCode) conditions.push(eq(labs.districtCode, filter.districtCode))
  if (filter.direction) conditions.push(eq(labs.direction, filter.direction))
  if (filter.status) conditions.push(sql`${status} = ${filter.status}`)
  if (filter.compliance) {
    ensureComplianceFresh(today)
    conditions.push(complianceCondition(filter.compliance))
  }
  if (filter.expires) conditions.push(undecidedEndingBetween(latest, `${filter.expires}-01`, `${filter.expires}-31`))
  if (filter.status === 'expiring') conditions.push(labsWithPeriodEnding(today, addDays(today, windowDays)))
  if (filter.expires) conditions.push(labsWithPeriodEnding(`${filter.expires}-01`, `${filter.expires}-31`))
  const q = filter.q?.trim()
  if (q) {
    const pattern = containsPattern(q)
    const likeEscaped = (column: SQL | AnySQLiteColumn) => sql`${column} LIKE ${pattern} ESCAPE '\\'`
    // a term of 3 characters or more is first looked up in the trigram index: only the labs it
    // finds are tested below (shorter terms have no trigram and test every lab, as before)
    if ([...q].length >= 3) conditions.push(sql`${labs.id} IN (SELECT rowid FROM lab_search WHERE lab_search MATCH ${trigramPhrase(q)})`)
    conditions.push(
      or(
        likeEscaped(labs.name),
        likeEscaped(organisations.name),
        likeEscaped(labs.directorName),
        likeEscaped(sql`coalesce(${latest.certificateNo}, '')`),
      ),
    )
  }
  const where = and(...conditions.filter((c): c is SQL => c !== undefined))
  // which joins the conditions read: a count needs no other (every lab has its host, a foreign key)
  const needsHost = Boolean(q)
  const needsLatest = Boolean(q || filter.status || filter.expires)
  return { period, latest, status, where, needsHost, needsLatest }
}

// Labs with a period ending between two days: every lab whose latest period does is among them,
// so the status 'expiring' and the month of the `expires` filter read validity_periods_end_idx
// for their candidates instead of working out every lab's latest period (issue 18).
function labsWithPeriodEnding(from: string, to: string): SQL {
  return sql`${labs.id} IN (SELECT vp.lab_id FROM validity_periods vp WHERE vp.end_date BETWEEN ${from} AND ${to})`
}

// The search text as one FTS5 phrase: the trigram tokenizer matches it as a substring, ignoring
// case (a superset of LIKE's ASCII-only case folding, so no lab the LIKE test keeps is lost).
export function trigramPhrase(q: string): string {
  return `"${q.replaceAll('"', '""')}"`
}

export function listLabs({
  actor,
  filter,
  today,
  windowDays,
  page,
  pageSize,
}: {
  actor: Actor
  filter: LabFilter
  today: IsoDate
  windowDays: number
  page: number
  pageSize: number | null // null: every row (export)
}) {
  ensureComplianceFresh(today)
  const { period, latest, status, where, needsHost, needsLatest } = registryQuery({ actor, filter, today, windowDays })
  const compliance = worstResultSql()
  const sortColumn: Record<LabSort, SQL | AnySQLiteColumn> = {
    name: labs.name,
    district: labs.districtCode,
    direction: labs.direction,
    status,
    // worst first when descending; labs not in force (NULL) sort before 'ok'
    compliance: sql`(SELECT max(c.severity) FROM lab_checks c WHERE c.lab_id = "labs"."id")`,
    endDate: sql`${latest.endDate}`,
    headcount: labs.headcount,
    qualified: labs.qualified,
    host: organisations.name,
  }
  const order = filter.dir === 'desc' ? desc : asc
  const orderBy = [order(sortColumn[filter.sort]), asc(labs.id)]
  const columns = {
    id: labs.id,
    name: labs.name,
    direction: labs.direction,
    districtCode: labs.districtCode,
    hostName: organisations.name,
    directorName: labs.directorName,
    contactName: labs.contactName,
    contactPhone: labs.contactPhone,
    certificateNo: sql<string | null>`${latest.certificateNo}`,
    startDate: sql<string | null>`${latest.startDate}`,
    endDate: sql<string | null>`${latest.endDate}`,
    status: sql<LabStatus>`${status}`,
    compliance,
    headcount: labs.headcount,
    qualified: labs.qualified,
  }
  const rowsOf = (condition: SQL | undefined) =>
    db()
      .select(columns)
      .from(labs)
      .innerJoin(organisations, eq(organisations.id, labs.hostOrgId))
      .leftJoin(period.table, period.on)
      .where(condition)
  // the export: every row in one query
  if (pageSize === null) {
    const rows = rowsOf(where)
      .orderBy(...orderBy)
      .all()
    return { rows, total: rows.length }
  }
  // A page: first its ids, reading only the joins the filter and the sort need, then the columns
  // of those ids alone, so what a page costs no longer includes every matching lab's columns.
  const sortNeedsHost = filter.sort === 'host'
  const sortNeedsLatest = filter.sort === 'status' || filter.sort === 'endDate'
  let pageIds = db().select({ id: labs.id }).from(labs).$dynamic()
  if (needsHost || sortNeedsHost) pageIds = pageIds.innerJoin(organisations, eq(organisations.id, labs.hostOrgId))
  if (needsLatest || sortNeedsLatest) pageIds = pageIds.leftJoin(period.table, period.on)
  const ids = pageIds
    .where(where)
    .orderBy(...orderBy)
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all()
    .map((r) => r.id)
  const byId = new Map(ids.length ? rowsOf(inArray(labs.id, ids)).all().map((r) => [r.id, r]) : [])
  const rows = ids.map((id) => byId.get(id)!)
  let counted = db().select({ n: count() }).from(labs).$dynamic()
  if (needsHost) counted = counted.innerJoin(organisations, eq(organisations.id, labs.hostOrgId))
  if (needsLatest) counted = counted.leftJoin(period.table, period.on)
  const total = counted.where(where).get()?.n ?? 0
  return { rows, total }
}

export type LabRow = ReturnType<typeof listLabs>['rows'][number]

// Lab counts per status, for the dashboard tiles, scoped like the registry.
export function countLabsByStatus({ actor, today, windowDays }: { actor: Actor; today: IsoDate; windowDays: number }) {
  const { period, status, where } = registryQuery({ actor, filter: {}, today, windowDays })
  return db()
    .select({ status: sql<LabStatus>`${status}`.as('status'), n: count() })
    .from(labs)
    .innerJoin(organisations, eq(organisations.id, labs.hostOrgId))
    .leftJoin(period.table, period.on)
    .where(where)
    .groupBy(sql`1`)
    .all()
}

// Lab counts per district and status (dashboard chart), scoped.
export function countLabsByDistrictAndStatus({ actor, today, windowDays }: { actor: Actor; today: IsoDate; windowDays: number }) {
  const { period, status, where } = registryQuery({ actor, filter: {}, today, windowDays })
  return db()
    .select({ districtCode: labs.districtCode, status: sql<LabStatus>`${status}`.as('status'), n: count() })
    .from(labs)
    .innerJoin(organisations, eq(organisations.id, labs.hostOrgId))
    .leftJoin(period.table, period.on)
    .where(where)
    .groupBy(labs.districtCode, sql`2`)
    .all()
}

// One lab with everything its page shows, or null when it does not exist or is out of scope.
export function getLab({ id, actor }: { id: number; actor: Actor }) {
  const scope = labScope(actor)
  const lab = db()
    .select()
    .from(labs)
    .where(and(eq(labs.id, id), scope))
    .get()
  if (!lab) return null
  const host = db().select().from(organisations).where(eq(organisations.id, lab.hostOrgId)).get()!
  const partners = db()
    .select({
      id: organisations.id,
      name: organisations.name,
      creditCode: organisations.creditCode,
      kind: organisations.kind,
      districtCode: organisations.districtCode,
    })
    .from(labPartners)
    .innerJoin(organisations, eq(organisations.id, labPartners.orgId))
    .where(eq(labPartners.labId, id))
    .orderBy(asc(organisations.name))
    .all()
  const periods = db().select().from(validityPeriods).where(eq(validityPeriods.labId, id)).orderBy(asc(validityPeriods.sequence)).all()
  const team = db().select().from(teamMembers).where(eq(teamMembers.labId, id)).orderBy(desc(teamMembers.active), asc(teamMembers.id)).all()
  return { lab, host, partners, periods, team }
}

export type LabDetail = NonNullable<ReturnType<typeof getLab>>

// Labs whose active roster misses either threshold (dashboard tile), scoped.
export function countLabsBelowThreshold({ actor }: { actor: Actor }) {
  const team = teamCounts()
  return (
    db()
      .select({ n: count() })
      .from(labs)
      .where(and(labScope(actor), sql`(${team.headcount} < ${MIN_TEAM_SIZE} OR ${team.qualified} < ${MIN_QUALIFIED_RESEARCHERS})`))
      .get()?.n ?? 0
  )
}
