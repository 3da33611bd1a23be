import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
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
// same counts from labs.headcount and labs.qualified, kept by triggers (migration 0029);
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
  const where = and(...[...conditions, q ? searchCondition(q, 'drive') : undefined].filter((c): c is SQL => c !== undefined))
  const whereWalking = and(...[...conditions, q ? searchCondition(q, 'walk') : undefined].filter((c): c is SQL => c !== undefined))
  // the one join the conditions may read: a count needs no other (every lab has its host, a foreign key)
  const needsLatest = Boolean(filter.status || filter.expires)
  return { period, latest, status, where, whereWalking, needsLatest }
}

// Labs with a period ending between two days: every lab whose latest period does is among them,
// so the status 'expiring' and the month of the `expires` filter read validity_periods_end_idx
// for their candidates instead of working out every lab's latest period (issue 18).
function labsWithPeriodEnding(from: string, to: string): SQL {
  return sql`${labs.id} IN (SELECT vp.lab_id FROM validity_periods vp WHERE vp.end_date BETWEEN ${from} AND ${to})`
}

// The search box: labs whose name, host organisation, director or latest certificate contains the
// text (LIKE: any case of ASCII letters). lab_search holds exactly those four texts per lab, kept
// by triggers (migration 0029), so the test reads one small row per lab instead of joining every
// lab's host and latest period; a text of 3 or more characters first finds its candidates in the
// trigram index, shorter ones (no trigram) test every row. tests/models/lab-registry-agreement.test.ts
// holds lab_search to the tables after every kind of write.
// 'drive' lets SQLite start from the matching labs (few of them: look each up, sort them); 'walk'
// makes it walk the page's sort order and test each lab's own row, stopping when the page is full
// (many of them).
function searchCondition(q: string, plan: 'drive' | 'walk'): SQL {
  const pattern = containsPattern(q)
  const like = (column: string) => sql`${sql.identifier(column)} LIKE ${pattern} ESCAPE '\\'`
  const contains = sql`(${like('name')} OR ${like('host')} OR ${like('director')} OR ${like('certificate')})`
  const candidates = [...q].length >= 3 ? sql`lab_search MATCH ${trigramPhrase(q)} AND ` : sql``
  if (plan === 'walk') return sql`EXISTS (SELECT 1 FROM lab_search WHERE rowid = ${labs.id} AND ${contains})`
  return sql`${labs.id} IN (SELECT rowid FROM lab_search WHERE ${candidates}${contains})`
}

// The search text as one FTS5 phrase: the trigram tokenizer matches it as a substring, ignoring
// case (a superset of LIKE's ASCII-only case folding, so no lab the LIKE test keeps is lost).
function trigramPhrase(q: string): string {
  return `"${q.replaceAll('"', '""')}"`
}

// Past this many matches of a search, a page walks its sort order instead of sorting the matches.
const WALK_FROM = 1000

// The registry's sort keys as SQL, over the lab's latest period (latestPeriodOfLab) and its status.
function sortColumnOf(sort: LabSort, latest: LatestColumns, status: SQL): SQL | AnySQLiteColumn {
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
  return sortColumn[sort]
}

type LatestPeriodJoin = ReturnType<typeof latestPeriodOfLab>
type LatestColumns = LatestPeriodJoin['latest']

// A registry row's columns, for the labs `condition` picks (a page's ids, one lab).
function registryRows({ period, status, condition }: { period: LatestPeriodJoin; status: SQL; condition: SQL | undefined }) {
  const { latest } = period
  return db()
    .select({
      id: labs.id,
      name: labs.name,
      direction: labs.direction,
      districtCode: labs.districtCode,
      hostOrgId: labs.hostOrgId,
      hostName: organisations.name,
      directorName: labs.directorName,
      contactName: labs.contactName,
      contactPhone: labs.contactPhone,
      certificateNo: sql<string | null>`${latest.certificateNo}`,
      startDate: sql<string | null>`${latest.startDate}`,
      endDate: sql<string | null>`${latest.endDate}`,
      status: sql<LabStatus>`${status}`,
      compliance: worstResultSql(),
      headcount: labs.headcount,
      qualified: labs.qualified,
    })
    .from(labs)
    .innerJoin(organisations, eq(organisations.id, labs.hostOrgId))
    .leftJoin(period.table, period.on)
    .where(condition)
}

export function listLabs({
  actor,
  filter,
  today,
  windowDays,
  page,
  pageSize,
  walkFrom = WALK_FROM,
}: {
  actor: Actor
  filter: LabFilter
  today: IsoDate
  windowDays: number
  page: number
  pageSize: number | null // null: every row (export)
  walkFrom?: number // tests set it to take either plan on a small data set
}) {
  ensureComplianceFresh(today)
  const { period, latest, status, where, whereWalking, needsLatest } = registryQuery({ actor, filter, today, windowDays })
  const sortColumn = sortColumnOf(filter.sort, latest, status)
  const order = filter.dir === 'desc' ? desc : asc
  const orderBy = [order(sortColumn), asc(labs.id)]
  const rowsOf = (condition: SQL | undefined) => registryRows({ period, status, condition })
  // the export: every row in one query
  if (pageSize === null) {
    const rows = rowsOf(where)
      .orderBy(...orderBy)
      .all()
    return { rows, total: rows.length }
  }
  // A page: first its ids, reading only the joins the filter and the sort need, then the columns
  // of those ids alone, so what a page costs no longer includes every matching lab's columns.
  let counted = db().select({ n: count() }).from(labs).$dynamic()
  if (needsLatest) counted = counted.leftJoin(period.table, period.on)
  const total = counted.where(where).get()?.n ?? 0
  const sortNeedsHost = filter.sort === 'host'
  const sortNeedsLatest = filter.sort === 'status' || filter.sort === 'endDate'
  let pageIds = db().select({ id: labs.id }).from(labs).$dynamic()
  if (sortNeedsHost) pageIds = pageIds.innerJoin(organisations, eq(organisations.id, labs.hostOrgId))
  if (needsLatest || sortNeedsLatest) pageIds = pageIds.leftJoin(period.table, period.on)
  const ids = pageIds
    .where(total > walkFrom ? whereWalking : where)
    .orderBy(...orderBy)
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all()
    .map((r) => r.id)
  const byId = new Map(
    ids.length
      ? rowsOf(inArray(labs.id, ids))
          .all()
          .map((r) => [r.id, r])
      : [],
  )
  const rows = ids.map((id) => byId.get(id)!)
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

// The read API's lab list (issue 20): the registry's filters and scope, paged by keyset instead of
// by offset: the rows strictly after `after` (the previous page's last sort key and id) in the
// order (sort key, id), one more than `limit` to tell whether a next page exists. `total` counts
// every lab the filter matches in scope, whatever the page.
export function listLabsAfter({
  actor,
  filter,
  today,
  windowDays,
  after,
  limit,
}: {
  actor: Actor
  filter: Omit<LabFilter, 'sort' | 'dir'> & { sort: 'name' | 'endDate'; dir: 'asc' | 'desc' }
  today: IsoDate
  windowDays: number
  after: { key: string | null; id: number } | null
  limit: number
}) {
  ensureComplianceFresh(today)
  const { period, latest, status, where, needsLatest } = registryQuery({ actor, filter, today, windowDays })
  let counted = db().select({ n: count() }).from(labs).$dynamic()
  if (needsLatest) counted = counted.leftJoin(period.table, period.on)
  const total = counted.where(where).get()?.n ?? 0
  const key = sortColumnOf(filter.sort, latest, status)
  const order = filter.dir === 'desc' ? desc : asc
  let pageIds = db().select({ id: labs.id }).from(labs).$dynamic()
  if (needsLatest || filter.sort === 'endDate') pageIds = pageIds.leftJoin(period.table, period.on)
  const ids = pageIds
    .where(and(where, after ? keysetAfter({ key, dir: filter.dir, after }) : undefined))
    .orderBy(order(key), asc(labs.id))
    .limit(limit + 1)
    .all()
    .map((r) => r.id)
  const more = ids.length > limit
  const pageIdList = ids.slice(0, limit)
  const byId = new Map(
    pageIdList.length
      ? registryRows({ period, status, condition: inArray(labs.id, pageIdList) })
          .all()
          .map((r) => [r.id, r])
      : [],
  )
  return { rows: pageIdList.map((id) => byId.get(id)!), total, more }
}

// Rows after (key, id) in the order `key dir, id asc`. SQLite sorts NULL first ascending and last
// descending, and a lab without a period has a NULL end date.
function keysetAfter({
  key,
  dir,
  after,
}: {
  key: SQL | AnySQLiteColumn
  dir: 'asc' | 'desc'
  after: { key: string | null; id: number }
}): SQL {
  if (dir === 'asc')
    return after.key === null
      ? sql`((${key} IS NULL AND ${labs.id} > ${after.id}) OR ${key} IS NOT NULL)`
      : sql`(${key} > ${after.key} OR (${key} = ${after.key} AND ${labs.id} > ${after.id}))`
  return after.key === null
    ? sql`(${key} IS NULL AND ${labs.id} > ${after.id})`
    : sql`(${key} < ${after.key} OR (${key} = ${after.key} AND ${labs.id} > ${after.id}) OR ${key} IS NULL)`
}

/** One lab as a registry row, or null when it does not exist or is out of the actor's scope. */
export function getLabRow({ id, actor, today, windowDays }: { id: number; actor: Actor; today: IsoDate; windowDays: number }) {
  ensureComplianceFresh(today)
  const period = latestPeriodOfLab()
  const status = statusSql(period.latest, today, windowDays)
  return registryRows({ period, status, condition: and(eq(labs.id, id), labScope(actor)) }).get() ?? null
}
