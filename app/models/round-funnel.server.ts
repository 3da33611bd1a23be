import { and, asc, count, eq, inArray, isNull, type SQL } from 'drizzle-orm'
import { applicants, certificationRounds, cityDepartments, publicNotices, roundApplications, roundOfficeQuotas } from '~db/schema'
import { DISTRICT_CODES, type Locale } from '~db/schema/enums'
import type { RecommendingOffice } from '~/domain/certification/actors'
import { funnelCounts, lateItems, MAY_BE_LATE } from '~/domain/certification/funnel'
import { quotaFor } from '~/domain/certification/round-dates'
import { roundProgress } from '~/domain/certification/round-progress'
import type { Actor } from '~/domain/permissions'
import type { Translate } from '~/i18n'
import { db } from '~/utils/db.server'
import { roundStatuses } from './rounds.server'
import { certificationActorOf, everSubmitted, officeOf, ofOffice } from './round-application-access.server'
import { sortFunnelRows, type FunnelParams } from './round-funnel-params'

// The round at a glance (issue 21 item 8): its funnel by office and by direction, each office's
// places used against its quota, and what is late. Scoped like the offices' lists: the bureau
// every office, an office its own applicants only; applications never submitted are the
// applicant's alone, so they are neither counted (a draft has not applied) nor listed as late.

export type DepartmentName = { id: number; nameZh: string; nameEn: string }

/** The round's funnel as `actor` may see it, or null (404): no such round, or a role with no office. */
export function roundFunnelPage({ actor, roundId, at, params }: { actor: Actor; roundId: number; at: Date; params: FunnelParams }) {
  const who = certificationActorOf(actor)
  if (!who || (who.role !== 'office' && who.role !== 'bureau')) return null
  const round = db().select().from(certificationRounds).where(eq(certificationRounds.id, roundId)).get()
  if (!round) return null
  const own = who.role === 'office' ? who.office : null
  const scope: SQL[] = [eq(roundApplications.roundId, round.id), everSubmitted]
  if (own) scope.push(ofOffice(own))
  // the statuses counted in SQL, one row per status, office and direction: the domain rule
  // (funnel.ts) decides which stages each status reached. round_applications_round_status_idx for
  // the bureau, _district_idx / _department_idx for an office.
  const groups = db()
    .select({
      status: roundApplications.status,
      officeDistrictCode: roundApplications.officeDistrictCode,
      officeDepartmentId: roundApplications.officeDepartmentId,
      direction: roundApplications.direction,
      count: count(),
    })
    .from(roundApplications)
    .where(and(...scope))
    .groupBy(
      roundApplications.status,
      roundApplications.officeDistrictCode,
      roundApplications.officeDepartmentId,
      roundApplications.direction,
    )
    .all()
  const departments = db()
    .select({ id: cityDepartments.id, nameZh: cityDepartments.nameZh, nameEn: cityDepartments.nameEn, active: cityDepartments.active })
    .from(cityDepartments)
    .orderBy(asc(cityDepartments.id))
    .all()
  // the bureau sees every office, so one without applicants reads 0 of its quota
  const offices: RecommendingOffice[] = own
    ? [own]
    : [
        ...DISTRICT_CODES.map((districtCode) => ({ kind: 'district' as const, districtCode })),
        ...departments.filter((d) => d.active).map((d) => ({ kind: 'department' as const, departmentId: d.id })),
      ]
  const overrides = db().select().from(roundOfficeQuotas).where(eq(roundOfficeQuotas.roundId, round.id)).all()
  const quotaOf = (o: RecommendingOffice) =>
    quotaFor(
      round,
      overrides,
      o.kind === 'district' ? { kind: 'district', code: o.districtCode } : { kind: 'department', id: o.departmentId },
    )
  const counts = funnelCounts({
    groups: groups.map((g) => ({ status: g.status, office: officeOf(g), direction: g.direction, count: g.count })),
    offices,
    quotaOf,
  })
  // the few that may be late, one by one, with the last day of a live notice
  const candidates = db()
    .select({
      id: roundApplications.id,
      status: roundApplications.status,
      officeDistrictCode: roundApplications.officeDistrictCode,
      officeDepartmentId: roundApplications.officeDepartmentId,
      direction: roundApplications.direction,
      labName: roundApplications.labName,
      applicantName: applicants.name,
      noticeLastDay: publicNotices.endsOn,
    })
    .from(roundApplications)
    .innerJoin(applicants, eq(applicants.id, roundApplications.applicantId))
    .leftJoin(
      publicNotices,
      and(
        eq(publicNotices.subjectKind, 'application'),
        eq(publicNotices.subjectId, roundApplications.id),
        isNull(publicNotices.withdrawnAt),
      ),
    )
    .where(and(...scope, inArray(roundApplications.status, [...MAY_BE_LATE])))
    .orderBy(asc(roundApplications.id))
    .all()
  const byId = new Map(candidates.map((c) => [c.id, c]))
  const late = lateItems({ applications: candidates.map((c) => ({ ...c, office: officeOf(c) })), round, now: at }).map((item) => ({
    ...item,
    applicantName: byId.get(item.applicationId)!.applicantName,
    labName: byId.get(item.applicationId)!.labName,
  }))
  return {
    round: {
      id: round.id,
      year: round.year,
      nameZh: round.nameZh,
      nameEn: round.nameEn,
      applicationsDueAt: round.applicationsDueAt,
      recommendationsDueAt: round.recommendationsDueAt,
      stage: roundProgress(at, round, roundStatuses(db(), round.id).get(round.id) ?? []),
    },
    isBureau: who.role === 'bureau',
    total: counts.total,
    withdrawn: counts.withdrawn,
    byOffice: sortFunnelRows(counts.byOffice, params),
    byDirection: sortFunnelRows(counts.byDirection, params),
    late,
    departments: departments.map(({ id, nameZh, nameEn }): DepartmentName => ({ id, nameZh, nameEn })),
  }
}

export type RoundFunnelPage = NonNullable<ReturnType<typeof roundFunnelPage>>

/** An office's name in `locale`: a district from the catalogue, a department by its own name. */
export function officeName(office: RecommendingOffice, departments: readonly DepartmentName[], locale: Locale, t: Translate): string {
  if (office.kind === 'district') return t(`district.${office.districtCode}`)
  const d = departments.find((x) => x.id === office.departmentId)
  return d ? (locale === 'zh' ? d.nameZh : d.nameEn) : ''
}
