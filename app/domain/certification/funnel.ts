// The round at a glance (issue 21, item 8): how far its applications got, by office and by
// direction, each office's places used against its quota, and what is late. Counted from the
// applications' statuses, so the funnel never disagrees with the steps (application-steps.ts).
import { addDays, shanghaiDate, shanghaiDayStart, type IsoDate } from '~/domain/dates'
import { officeKey, type RecommendingOffice } from './actors'
import { onTime, type ApplicationStatus } from './application-steps'
import { holdsQuotaPlace } from './recommendation-quota'

export const FUNNEL_STAGES = ['applied', 'recommended', 'reviewed', 'shortlisted', 'certified'] as const
export type FunnelStage = (typeof FUNNEL_STAGES)[number]

// The furthest stage each status has reached. A draft has not applied; a withdrawn application
// left the round and is counted apart. "reviewed" is reaching the experts (under review or
// decided by them); objection_sustained was shortlisted and published before it left the list.
const REACHED: Record<ApplicationStatus, FunnelStage | null> = {
  draft: null,
  withdrawn: null,
  submitted: 'applied',
  returned: 'applied',
  rejected: 'applied',
  recommended: 'recommended',
  under_review: 'reviewed',
  not_shortlisted: 'reviewed',
  shortlisted: 'shortlisted',
  in_notice: 'shortlisted',
  objection_sustained: 'shortlisted',
  certified: 'certified',
}

export type FunnelCounts = Record<FunnelStage, number>

export type FunnelApplication = {
  id: number
  status: ApplicationStatus
  office: RecommendingOffice
  direction: number | null
  // the last day of its public notice, once published (public-notice.ts)
  noticeLastDay: IsoDate | null
}

const emptyCounts = (): FunnelCounts => ({ applied: 0, recommended: 0, reviewed: 0, shortlisted: 0, certified: 0 })

function add(counts: FunnelCounts, status: ApplicationStatus, n = 1) {
  const reached = REACHED[status]
  if (!reached) return
  // each stage counts every application that reached it or went further
  for (const stage of FUNNEL_STAGES.slice(0, FUNNEL_STAGES.indexOf(reached) + 1)) counts[stage] += n
}

export type LateKind = 'not_submitted' | 'not_decided_by_office' | 'notice_ended_undecided'

// since: the UTC instant the turn ran out (a deadline, or the end of the notice's last day)
export type LateItem = { applicationId: number; office: RecommendingOffice; kind: LateKind; since: string }

// Late means someone's turn has passed its deadline: the applicant's draft or returned application
// after the applicants' deadline; a submitted one the office neither recommended nor rejected by
// its own; a notice whose last day is over without certification or a sustained objection.
function lateItem(app: FunnelApplication, round: RoundDeadlines, now: Date): LateItem | null {
  const item = (kind: LateKind, since: string) => ({ applicationId: app.id, office: app.office, kind, since })
  if ((app.status === 'draft' || app.status === 'returned') && !onTime(now, round.applicationsDueAt))
    return item('not_submitted', round.applicationsDueAt)
  if (app.status === 'submitted' && !onTime(now, round.recommendationsDueAt))
    return item('not_decided_by_office', round.recommendationsDueAt)
  if (app.status === 'in_notice' && app.noticeLastDay && app.noticeLastDay < shanghaiDate(now))
    return item('notice_ended_undecided', shanghaiDayStart(addDays(app.noticeLastDay, 1)))
  return null
}

export type RoundDeadlines = { applicationsDueAt: string; recommendationsDueAt: string }

export type OfficeRow = { office: RecommendingOffice; counts: FunnelCounts; quota: number; quotaUsed: number }

export type RoundFunnel = {
  total: FunnelCounts
  withdrawn: number
  byOffice: OfficeRow[]
  byDirection: { direction: number | null; counts: FunnelCounts }[]
  late: LateItem[]
}

// The statuses lateItem can flag: a model reads only these applications one by one for the late
// list (the others are counted by group), and the domain test holds the two to agreement.
export const MAY_BE_LATE = ['draft', 'returned', 'submitted', 'in_notice'] as const satisfies readonly ApplicationStatus[]

/** The applications at or past their deadline on `now`, in the order given. */
export function lateItems({
  applications,
  round,
  now,
}: {
  applications: readonly FunnelApplication[]
  round: RoundDeadlines
  now: Date
}): LateItem[] {
  return applications.flatMap((app) => lateItem(app, round, now) ?? [])
}

// Applications of one status, office and direction, counted together (a SQL GROUP BY's row).
export type FunnelGroup = Pick<FunnelApplication, 'status' | 'office' | 'direction'> & { count: number }

/**
 * The funnel's counts from grouped applications. `offices` are the recommending offices to show
 * (every district and active department, so an office without applicants reads 0 of its quota);
 * `quotaOf` is the round's quota rule (round-dates.ts). Rows keep the order of `offices`;
 * directions ascend, an application without one last.
 */
export function funnelCounts({
  groups,
  offices,
  quotaOf,
}: {
  groups: readonly FunnelGroup[]
  offices: readonly RecommendingOffice[]
  quotaOf: (office: RecommendingOffice) => number
}): Omit<RoundFunnel, 'late'> {
  const total = emptyCounts()
  const rows = new Map(
    offices.map((office) => [officeKey(office), { office, counts: emptyCounts(), quota: quotaOf(office), quotaUsed: 0 }]),
  )
  const directions = new Map<number | null, FunnelCounts>()
  let withdrawn = 0
  for (const group of groups) {
    const { status, count: n } = group
    if (status === 'withdrawn') withdrawn += n
    add(total, status, n)
    const key = officeKey(group.office)
    if (!rows.has(key)) rows.set(key, { office: group.office, counts: emptyCounts(), quota: quotaOf(group.office), quotaUsed: 0 })
    const row = rows.get(key)!
    add(row.counts, status, n)
    if (holdsQuotaPlace(status)) row.quotaUsed += n
    if (!directions.has(group.direction)) directions.set(group.direction, emptyCounts())
    add(directions.get(group.direction)!, status, n)
  }
  const byDirection = [...directions]
    .map(([direction, counts]) => ({ direction, counts }))
    .sort((a, b) => (a.direction ?? Infinity) - (b.direction ?? Infinity))
  return { total, withdrawn, byOffice: [...rows.values()], byDirection }
}

/** The funnel of one round from its applications one by one: funnelCounts with each counted once, and lateItems. */
export function roundFunnel({
  applications,
  offices,
  quotaOf,
  round,
  now,
}: {
  applications: readonly FunnelApplication[]
  offices: readonly RecommendingOffice[]
  quotaOf: (office: RecommendingOffice) => number
  round: RoundDeadlines
  now: Date
}): RoundFunnel {
  const groups = applications.map((app) => ({ status: app.status, office: app.office, direction: app.direction, count: 1 }))
  return { ...funnelCounts({ groups, offices, quotaOf }), late: lateItems({ applications, round, now }) }
}
