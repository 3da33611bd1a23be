import { and, asc, count, desc, eq, or, sql, type SQL } from 'drizzle-orm'
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core'
import { labPartners, labs, organisations, teamMembers, validityPeriods } from '~db/schema'
import type { LabStatus } from '~db/schema/enums'
import type { IsoDate } from '~/domain/dates'
import type { Actor } from '~/domain/permissions'
import { MIN_QUALIFIED_RESEARCHERS, MIN_TEAM_SIZE, QUALIFYING_DEGREES, QUALIFYING_TITLES } from '~/domain/team'
import { db } from '~/utils/db.server'
import type { LabFilter, LabSort } from './lab-registry'
import { complianceCondition, ensureComplianceFresh, worstResultSql } from './compliance.server'
import { latestPeriodOfLab, statusSql, undecidedEndingBetween } from './lab-status.server'
import { containsPattern } from './like.server'
import { labScope } from './scope.server'

// Per-lab roster counts as correlated subqueries: SQLite evaluates them only for the rows a
// page emits (team_members_lab_idx), instead of aggregating every roster in the city first.
// The qualifying sets come from app/domain/team.ts so the registry and the lab page agree.
function teamCounts() {
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
  const team = teamCounts()
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
  const q = filter.q?.trim()
  if (q) {
    const pattern = containsPattern(q)
    const likeEscaped = (column: SQL | AnySQLiteColumn) => sql`${column} LIKE ${pattern} ESCAPE '\\'`
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
  return { period, latest, team, status, where, needsHost, needsLatest }
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
  const { period, latest, team, status, where, needsHost, needsLatest } = registryQuery({ actor, filter, today, windowDays })
  const compliance = worstResultSql()
  const sortColumn: Record<LabSort, SQL | AnySQLiteColumn> = {
    name: labs.name,
    district: labs.districtCode,
    direction: labs.direction,
    status,
    // worst first when descending; labs not in force (NULL) sort before 'ok'
    compliance: sql`(SELECT max(c.severity) FROM lab_checks c WHERE c.lab_id = "labs"."id")`,
    endDate: sql`${latest.endDate}`,
    headcount: team.headcount,
    qualified: team.qualified,
    host: organisations.name,
  }
  const order = filter.dir === 'desc' ? desc : asc
  const base = db()
    .select({
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
      headcount: team.headcount,
      qualified: team.qualified,
    })
    .from(labs)
    .innerJoin(organisations, eq(organisations.id, labs.hostOrgId))
    .leftJoin(period.table, period.on)
    .where(where)
    .orderBy(order(sortColumn[filter.sort]), asc(labs.id))
  const rows =
    pageSize === null
      ? base.all()
      : base
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .all()
  let total = rows.length
  if (pageSize !== null) {
    let counted = db().select({ n: count() }).from(labs).$dynamic()
    if (needsHost) counted = counted.innerJoin(organisations, eq(organisations.id, labs.hostOrgId))
    if (needsLatest) counted = counted.leftJoin(period.table, period.on)
    total = counted.where(where).get()?.n ?? 0
  }
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
