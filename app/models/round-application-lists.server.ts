import { and, asc, count, desc, eq, inArray, isNotNull, type SQL } from 'drizzle-orm'
import { applicants, certificationRounds, cityDepartments, roundApplications } from '~db/schema'
import { DISTRICT_CODES, type DistrictCode } from '~db/schema/enums'
import type { RecommendingOffice } from '~/domain/certification/actors'
import { APPLICATION_STATUSES, type ApplicationStatus } from '~/domain/certification/application-steps'
import { isLate, roundStage } from '~/domain/certification/round-dates'
import type { Actor } from '~/domain/permissions'
import { db } from '~/utils/db.server'
import { certificationActorOf, ofOffice } from './round-application-access.server'
import { officeQuota } from './round-applications.server'
import type { Sort } from './round-application-form'

// The /applications page's lists (issue 21): an applicant's open rounds and its own applications;
// an office's applicants' submitted applications in a round with its counts and quota; the
// bureau's every submitted application, filtered by office, status and direction.

export const PAGE_SIZE = 50

const roundView = (r: typeof certificationRounds.$inferSelect, at: Date) => ({
  id: r.id,
  year: r.year,
  nameZh: r.nameZh,
  nameEn: r.nameEn,
  applicationsDueAt: r.applicationsDueAt,
  recommendationsDueAt: r.recommendationsDueAt,
  stage: roundStage(at, r),
})

/** What the applicant's home shows: rounds still open to it and its own applications, each with its deadline. */
export function applicantHome({ actor, at }: { actor: Actor; at: Date }) {
  const who = certificationActorOf(actor)
  if (!who || who.role !== 'applicant') return null
  const rounds = db().select().from(certificationRounds).orderBy(desc(certificationRounds.applicationsDueAt)).all()
  // round_applications_applicant_round_uq
  const own = db()
    .select({
      id: roundApplications.id,
      roundId: roundApplications.roundId,
      status: roundApplications.status,
      labName: roundApplications.labName,
    })
    .from(roundApplications)
    .where(eq(roundApplications.applicantId, who.applicantId))
    .all()
  const byRound = new Map(own.map((a) => [a.roundId, a]))
  return {
    openRounds: rounds.filter((r) => !isLate(at, r.applicationsDueAt) && !byRound.has(r.id)).map((r) => roundView(r, at)),
    applications: rounds.filter((r) => byRound.has(r.id)).map((r) => ({ ...byRound.get(r.id)!, round: roundView(r, at) })),
  }
}

export type OfficeFilter = {
  roundId?: number
  status?: ApplicationStatus
  direction?: number
  // the bureau's filter: 'district:320508' or 'department:3'
  office?: string
  sort?: Sort
  page?: number
}

function parseOffice(key: string | undefined): RecommendingOffice | null {
  const [kind, value] = (key ?? '').split(':')
  if (kind === 'district' && (DISTRICT_CODES as readonly string[]).includes(value)) return { kind, districtCode: value as DistrictCode }
  if (kind === 'department' && /^\d{1,9}$/.test(value)) return { kind, departmentId: Number(value) }
  return null
}

// The round a list shows (the one asked for, else the latest), and the office whose applications
// it lists: an office's own; the bureau's filter, or every office.
function listScope({ actor, filter }: { actor: Actor; filter: OfficeFilter }) {
  const who = certificationActorOf(actor)
  if (!who || (who.role !== 'office' && who.role !== 'bureau')) return null
  const rounds = db().select().from(certificationRounds).orderBy(desc(certificationRounds.applicationsDueAt)).all()
  const round = rounds.find((r) => r.id === filter.roundId) ?? rounds[0]
  const office = who.role === 'office' ? who.office : parseOffice(filter.office)
  // round_applications_district_idx / _department_idx for an office, _round_status_idx for the bureau
  const scope: SQL[] = round ? [eq(roundApplications.roundId, round.id), isNotNull(roundApplications.submittedAt)] : []
  if (office) scope.push(ofOffice(office))
  const where = [...scope]
  if (filter.status && (APPLICATION_STATUSES as readonly string[]).includes(filter.status))
    where.push(eq(roundApplications.status, filter.status))
  if (filter.direction) where.push(eq(roundApplications.direction, filter.direction))
  const order =
    filter.sort === 'applicant'
      ? [asc(applicants.name), asc(roundApplications.id)]
      : filter.sort === 'status'
        ? [asc(roundApplications.status), asc(roundApplications.id)]
        : [asc(roundApplications.submittedAt), asc(roundApplications.id)]
  return { who, rounds, round, office, scope, where, order }
}

const listRow = {
  id: roundApplications.id,
  applicantName: applicants.name,
  labName: roundApplications.labName,
  direction: roundApplications.direction,
  status: roundApplications.status,
  submittedAt: roundApplications.submittedAt,
  officeDistrictCode: roundApplications.officeDistrictCode,
  officeDepartmentId: roundApplications.officeDepartmentId,
}

const departmentNames = () =>
  db().select({ id: cityDepartments.id, nameZh: cityDepartments.nameZh, nameEn: cityDepartments.nameEn }).from(cityDepartments).all()

/**
 * Every row of the list with its filters and sort, not one page (the list's CSV and workbook);
 * null for a role without the list.
 */
export function officeListRows({ actor, filter }: { actor: Actor; filter: OfficeFilter }) {
  const list = listScope({ actor, filter })
  if (!list) return null
  const { round, where, order } = list
  const rows = round
    ? db()
        .select(listRow)
        .from(roundApplications)
        .innerJoin(applicants, eq(applicants.id, roundApplications.applicantId))
        .where(and(...where))
        .orderBy(...order)
        .all()
    : []
  return { round, rows, departments: departmentNames() }
}

/** The offices' and the bureau's list of one round: submitted-at-least-once applications in scope. */
export function officeList({ actor, at, filter }: { actor: Actor; at: Date; filter: OfficeFilter }) {
  const list = listScope({ actor, filter })
  if (!list) return null
  const { who, rounds, round, office, scope, where, order } = list
  const base = {
    rounds: rounds.map((r) => roundView(r, at)),
    departments: departmentNames(),
    isBureau: who.role === 'bureau',
  }
  if (!round) return { ...base, round: null, rows: [], counts: {}, total: 0, quota: null, late: [] }
  const counts = Object.fromEntries(
    db()
      .select({ status: roundApplications.status, n: count() })
      .from(roundApplications)
      .where(and(...scope))
      .groupBy(roundApplications.status)
      .all()
      .map((c) => [c.status, c.n]),
  ) as Partial<Record<ApplicationStatus, number>>
  const page = Math.max(1, filter.page ?? 1)
  const total =
    db()
      .select({ n: count() })
      .from(roundApplications)
      .where(and(...where))
      .get()?.n ?? 0
  const rows = db()
    .select(listRow)
    .from(roundApplications)
    .innerJoin(applicants, eq(applicants.id, roundApplications.applicantId))
    .where(and(...where))
    .orderBy(...order)
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .all()
  // late items (ADR 024 step 7): still awaiting the office after its deadline, listed, never accepted
  const late = isLate(at, round.recommendationsDueAt)
    ? db()
        .select({ id: roundApplications.id })
        .from(roundApplications)
        .where(and(...scope, inArray(roundApplications.status, ['submitted'])))
        .all()
        .map((r) => r.id)
    : []
  return {
    ...base,
    round: roundView(round, at),
    rows,
    counts,
    total,
    page,
    quota: office ? officeQuota(db(), round.id, office) : null,
    late,
  }
}
