import { and, asc, eq, inArray } from 'drizzle-orm'
import type { z } from 'zod'
import { labs, validityPeriods } from '~db/schema'
import { LAB_STATUSES, type LabStatus, type RenewalStatus } from '~db/schema/enums'
import type { IsoDate } from '~/domain/dates'
import type { Actor } from '~/domain/permissions'
import { labPeriods } from '~/domain/validity'
import { isMessageKey, type Translate } from '~/i18n'
import { listReportYears } from '~/models/annual-reports.server'
import { countLabsByWorstResult, labChecksOf } from '~/models/compliance.server'
import { labComplianceHistory } from '~/models/compliance-history.server'
import { listDeliverables } from '~/models/deliverables.server'
import { countLabsByDistrictAndStatus, countLabsByStatus, getLabRow, listLabsAfter } from '~/models/labs.server'
import { listLabIncidents } from '~/models/incidents.server'
import { listLabOutcomeItems } from '~/models/lab-outcome-items.server'
import { ledgerWithState } from '~/models/obligations.server'
import { listRequestsAfter } from '~/models/request-queue.server'
import { listPipelineAfter, meanReviewTotals } from '~/models/renewal-pipeline-keyset.server'
import type { PipelineStage } from '~/models/renewal-pipeline-params'
import { labScope } from '~/models/scope.server'
import { db } from '~/utils/db.server'
import { encodeCursor, type Cursor } from './cursor'
import * as S from './schemas'

// The read API's endpoints (issue 20), one registry: the route modules (app/routes/api.v1.*)
// serve each through app/api/serve.server.ts, and /api/v1/openapi.json is built from the same
// entries (app/api/openapi.server.ts). The API's code lives in app/api/ rather than app/models/:
// it shapes answers for programs over the models the pages use, as the routes do for people.

export type ApiContext<P, Q> = {
  actor: Actor
  path: P
  query: Q
  cursor: Cursor | null
  today: IsoDate
  windowDays: number
  t: Translate
}

export type Endpoint<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> = {
  operationId: string
  /** OpenAPI path under /api/v1, with {param} placeholders */
  path: string
  summary: { zh: string; en: string }
  pathParams: P | null
  query: Q
  response: R
  /** whether the answer is a page with next_cursor (takes limit and cursor) */
  paginated: boolean
  /** the answer, or null when the record does not exist in the actor's scope (404) */
  run: (ctx: ApiContext<z.output<P>, z.output<Q>>) => z.input<R> | null
}

const endpoint = <P extends z.ZodType, Q extends z.ZodType, R extends z.ZodType>(e: Endpoint<P, Q, R>) => e

/** A stored timestamp as RFC 3339 in UTC (the schema's Instant), or null. */
const instant = (text: string | null) => (text === null ? null : new Date(text).toISOString())

const API_SORTS = { name: 'name', end_date: 'endDate' } as const

// The validity period in force on `today` of each lab on a page (labPeriods, the rule the lab
// page uses), read for those labs only.
function periodsInForce(labIds: number[], today: IsoDate) {
  const all = labIds.length ? db().select().from(validityPeriods).where(inArray(validityPeriods.labId, labIds)).all() : []
  return new Map(
    labIds.map((id) => {
      const inForce = labPeriods(
        all.filter((p) => p.labId === id),
        today,
      ).inForce
      return [id, inForce ? { start: inForce.startDate, end: inForce.endDate } : null]
    }),
  )
}

type LabRowLike = NonNullable<ReturnType<typeof getLabRow>>

function labOf(row: LabRowLike, inForce: Map<number, { start: string; end: string } | null>): z.input<typeof S.Lab> {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    district: row.districtCode,
    direction: row.direction,
    host_organisation: { id: row.hostOrgId, name: row.hostName },
    period_in_force: inForce.get(row.id) ?? null,
    worst_check: row.compliance,
  }
}

/** The lab when the actor may see it: every per-lab endpoint asks first, so out of scope is a 404. */
function visibleLabId(actor: Actor, labId: number): number | null {
  return (
    db()
      .select({ id: labs.id })
      .from(labs)
      .where(and(eq(labs.id, labId), labScope(actor)))
      .get()?.id ?? null
  )
}

export const listLabsEndpoint = endpoint({
  operationId: 'listLabs',
  path: '/labs',
  summary: { zh: '实验室列表（筛选、排序、分页）', en: 'Labs: filter, sort, page' },
  pathParams: null,
  query: S.LabListParams,
  response: S.LabPage,
  paginated: true,
  run: ({ actor, query, cursor, today, windowDays }) => {
    const dir = query.sort.startsWith('-') ? 'desc' : 'asc'
    const sort = API_SORTS[query.sort.replace(/^-/, '') as keyof typeof API_SORTS]
    const { rows, total, more } = listLabsAfter({
      actor,
      filter: { districtCode: query.district, direction: query.direction, status: query.status, q: query.q, sort, dir },
      today,
      windowDays,
      after: cursor,
      limit: query.limit,
    })
    const inForce = periodsInForce(
      rows.map((r) => r.id),
      today,
    )
    const last = rows.at(-1)
    return {
      data: rows.map((r) => labOf(r, inForce)),
      total,
      next_cursor: more && last ? encodeCursor({ key: sort === 'name' ? last.name : last.endDate, id: last.id }) : null,
    }
  },
})

export const getLabEndpoint = endpoint({
  operationId: 'getLab',
  path: '/labs/{labId}',
  summary: { zh: '单个实验室', en: 'One lab' },
  pathParams: S.LabPathParams,
  query: S.NoParams,
  response: S.LabDetail,
  paginated: false,
  run: ({ actor, path, today, windowDays }) => {
    const row = getLabRow({ id: path.labId, actor, today, windowDays })
    if (!row) return null
    return {
      ...labOf(row, periodsInForce([row.id], today)),
      director_name: row.directorName,
      certificate_no: row.certificateNo,
      team: { headcount: row.headcount, qualified: row.qualified },
    }
  },
})

export const labPeriodsEndpoint = endpoint({
  operationId: 'listLabPeriods',
  path: '/labs/{labId}/periods',
  summary: { zh: '实验室的有效期（全部，按顺序）', en: "A lab's validity periods, in order (all of them)" },
  pathParams: S.LabPathParams,
  query: S.NoParams,
  response: S.Periods,
  paginated: false,
  run: ({ actor, path, today }) => {
    const labId = visibleLabId(actor, path.labId)
    if (labId === null) return null
    const all = db().select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).orderBy(asc(validityPeriods.sequence)).all()
    const inForce = labPeriods(all, today).inForce
    return {
      data: all.map((p) => ({
        id: p.id,
        sequence: p.sequence,
        start: p.startDate,
        end: p.endDate,
        certificate_no: p.certificateNo,
        outcome: p.outcome,
        outcome_date: p.outcomeDate,
        in_force: p.id === inForce?.id,
      })),
    }
  },
})

export const labChecksEndpoint = endpoint({
  operationId: 'listLabChecks',
  path: '/labs/{labId}/checks',
  summary: { zh: '实验室的合规检查结果（最严重的在前）', en: "A lab's compliance checks, worst first" },
  pathParams: S.LabPathParams,
  query: S.NoParams,
  response: S.Checks,
  paginated: false,
  run: ({ actor, path, today, t }) => {
    const labId = visibleLabId(actor, path.labId)
    if (labId === null) return null
    return {
      data: labChecksOf({ labId, today }).map((c) => ({
        check_id: c.checkId,
        subject: c.subject,
        result: c.result,
        owner: c.owner,
        reason_key: c.reasonKey,
        reason_params: c.reasonParams,
        reason: isMessageKey(c.reasonKey) ? t(c.reasonKey, c.reasonParams) : c.reasonKey,
        concerns_date: c.concernsDate,
        evaluated_on: c.evaluatedOn,
      })),
    }
  },
})

export const labComplianceHistoryEndpoint = endpoint({
  operationId: 'listLabComplianceHistory',
  path: '/labs/{labId}/compliance-history',
  summary: {
    zh: '实验室的合规记录（按月：当月最严重结果、不合规与预警项数），可按起止月份筛选',
    en: "A lab's compliance month by month: worst result, failing and warning checks; from/to months",
  },
  pathParams: S.LabPathParams,
  query: S.ComplianceHistoryParams,
  response: S.ComplianceHistory,
  paginated: false,
  run: ({ actor, path, query, today }) => {
    const labId = visibleLabId(actor, path.labId)
    if (labId === null) return null
    return {
      data: labComplianceHistory({ labId, today, from: query.from, to: query.to }).map((m) => ({
        month: m.month,
        worst: m.worst,
        failing: m.failing,
        warnings: m.warnings,
        recorded_at: instant(m.recordedAt)!,
      })),
    }
  },
})

export const labObligationsEndpoint = endpoint({
  operationId: 'listLabObligations',
  path: '/labs/{labId}/obligations',
  summary: {
    zh: '实验室的年度义务（成果、年度报告）及期限和状态',
    en: "A lab's yearly obligations (deliverable, annual report): due dates and state",
  },
  pathParams: S.LabPathParams,
  query: S.NoParams,
  response: S.Obligations,
  paginated: false,
  run: ({ actor, path, today }) => {
    const labId = visibleLabId(actor, path.labId)
    if (labId === null) return null
    return {
      data: ledgerWithState({ labId, today }).map((o) => ({
        id: o.id,
        period_id: o.periodId,
        period_sequence: o.sequence,
        validity_year: o.validityYear,
        kind: o.kind,
        year_start: o.yearStart,
        year_end: o.yearEnd,
        due_date: o.dueDate,
        original_due_date: o.originalDueDate,
        due_date_estimated: o.dueDateEstimated,
        state: o.verdict?.result ?? o.state ?? 'unjudged',
        extensions: o.extensions.map((e) => ({ from: e.fromDate, to: e.toDate, reason: e.reason, recorded_at: e.createdAt })),
      })),
    }
  },
})

export const labFilingsEndpoint = endpoint({
  operationId: 'listLabFilings',
  path: '/labs/{labId}/filings',
  summary: {
    zh: '实验室的报送（年度成果、年度报告）：状态、评定、区县意见、是否逾期提交，不含内容和附件',
    en: "A lab's filings (deliverables, annual reports): state, grade, district opinion, lateness; no contents",
  },
  pathParams: S.LabPathParams,
  query: S.NoParams,
  response: S.Filings,
  paginated: false,
  run: ({ actor, path, t }) => {
    // the pages' own lists: the latest version of each deliverable, and each year's report
    const years = listReportYears({ actor, labId: path.labId })
    if (years === null) return null
    const reports = years.flatMap((y) =>
      y.report
        ? [
            {
              id: y.report.id,
              kind: 'annual_report' as const,
              title: t('reports.detailTitle', { sequence: y.sequence, year: y.validityYear }),
              period_sequence: y.sequence,
              validity_year: y.validityYear,
              version: 1,
              status: y.report.status,
              grade: y.report.grade,
              submitted_at: instant(y.report.submittedAt),
              decided_at: instant(y.report.decidedAt),
              district_opinion: y.report.districtOpinion,
              district_opinion_at: instant(y.report.districtOpinionAt),
              filed_late_days: y.filedLateDays,
            },
          ]
        : [],
    )
    const deliverables = listDeliverables({ actor, labId: path.labId }).map((d) => ({
      id: d.id,
      kind: 'deliverable' as const,
      title: d.title,
      period_sequence: d.placement.ok ? d.placement.sequence : null,
      validity_year: d.placement.ok ? d.placement.validityYear : null,
      version: d.version,
      status: d.status,
      grade: d.grade,
      submitted_at: instant(d.submittedAt),
      decided_at: instant(d.decidedAt),
      district_opinion: d.districtOpinion,
      district_opinion_at: instant(d.districtOpinionAt),
      filed_late_days: d.filedLateDays,
    }))
    return { data: [...reports, ...deliverables] }
  },
})

export const labIncidentsEndpoint = endpoint({
  operationId: 'listLabIncidents',
  path: '/labs/{labId}/incidents',
  summary: {
    zh: '实验室的数据安全事件（摘要：分级、状态、时间、是否按时报告；不含事件经过）',
    en: "A lab's data-security incidents in summary: level, status, times, report timing; no details",
  },
  pathParams: S.LabPathParams,
  query: S.NoParams,
  response: S.Incidents,
  paginated: false,
  run: ({ actor, path }) => {
    // the lab page's list, latest discovery first; its free text beyond the title stays out
    const rows = listLabIncidents({ actor, labId: path.labId })
    if (rows === null) return null
    return {
      data: rows.map((r) => ({
        id: r.id,
        level: r.grade,
        title: r.title,
        status: r.status,
        discovered_at: instant(r.discoveredAt)!,
        reported_at: instant(r.reportedAt),
        report_deadline: instant(r.reportDeadline)!,
        closed_at: instant(r.closedAt),
        timing: {
          state: r.timing.state,
          limit_hours: r.timing.limitHours,
          minutes_taken: r.timing.state === 'on_time' ? r.timing.minutesTaken : null,
          minutes_late: r.timing.state === 'late' || r.timing.state === 'overdue' ? r.timing.minutesLate : null,
          minutes_left: r.timing.state === 'pending' ? r.timing.minutesLeft : null,
        },
      })),
    }
  },
})

export const labOutcomesEndpoint = endpoint({
  operationId: 'listLabOutcomes',
  path: '/labs/{labId}/outcomes',
  summary: {
    zh: '实验室的成果登记（含已通过的年度成果）：类型、形式、日期、金额、核实状态，按日期从新到旧',
    en: "A lab's outcome register, accepted deliverables included: kind, forms, date, value, verification; newest first",
  },
  pathParams: S.LabPathParams,
  query: S.OutcomeListParams,
  response: S.Outcomes,
  paginated: false,
  run: ({ actor, path, query }) => {
    // the register's rows for the lab (/outcomes/register), with its filters and order
    const items = listLabOutcomeItems({ actor, labId: path.labId, filter: query })
    if (items === null) return null
    return {
      data: items.map((i) => ({
        id: i.id,
        source: i.source,
        period_id: i.periodId,
        period_sequence: i.periodSequence,
        validity_year: i.validityYear,
        title: i.title,
        forms: i.forms,
        kind: i.kind,
        date: i.date,
        value_yuan: i.valueYuan,
        verification: i.verification,
      })),
    }
  },
})

export const listRequestsEndpoint = endpoint({
  operationId: 'listRequests',
  path: '/requests',
  summary: {
    zh: '资源申请列表（筛选、分页，最新的在前；不含草稿）',
    en: 'Resource requests: filter and page, newest first (drafts excepted)',
  },
  pathParams: null,
  query: S.RequestListParams,
  response: S.RequestPage,
  paginated: true,
  run: ({ actor, query, cursor, today }) => {
    // the queue page's scope and filters (app/models/request-queue.server.ts), paged by id
    const { rows, total, more } = listRequestsAfter({
      actor,
      today,
      filter: { status: query.status, type: query.type, districtCode: query.district, labId: query.lab },
      beforeId: cursor?.id ?? null,
      limit: query.limit,
    })
    const last = rows.at(-1)
    return {
      data: rows.map((r) => ({
        id: r.id,
        lab: { id: r.labId, name: r.labName, district: r.districtCode },
        type: r.type,
        title: r.title,
        // the queue never lists a draft (submittedInScope)
        status: r.status as z.input<typeof S.ResourceRequest>['status'],
        quantity: r.quantity,
        unit: r.unit,
        granted_quantity: r.granted,
        submitted_at: instant(r.submittedAt),
        deadline: r.deadline,
        decided_on: r.decidedOn,
      })),
      total,
      next_cursor: more && last ? encodeCursor({ key: null, id: last.id }) : null,
    }
  },
})

// The renewal's status behind a stage; upcoming and not_applied have no application to speak of.
const STATUS_OF_STAGE: Record<PipelineStage, RenewalStatus | null> = {
  upcoming: null,
  not_applied: null,
  applied: 'submitted',
  under_review: 'under_review',
  rectifying: 'rectifying',
  decided: 'decided',
}

export const listRenewalsEndpoint = endpoint({
  operationId: 'listRenewals',
  path: '/renewals',
  summary: {
    zh: '续期办理：临近或已届满的有效期及其续期申请、专家评审和决定（筛选、分页）',
    en: 'Renewals: periods near or past their end, their application, reviews and decision (filter, page)',
  },
  pathParams: null,
  query: S.RenewalListParams,
  response: S.RenewalPage,
  paginated: true,
  run: ({ actor, query, cursor, today }) => {
    // the /renewals page's rows, filters and counts (renewal-pipeline.server.ts) in its end order;
    // the cursor names the last row's end and period
    const { rows, total, more } = listPipelineAfter({
      actor,
      today,
      filter: { stage: query.stage, districtCode: query.district, direction: query.direction, q: query.q },
      after: cursor ? { endDate: cursor.key ?? '', periodId: cursor.id } : null,
      limit: query.limit,
    })
    // what each role's pages show: the pipeline's review counts to the bureau and a district, the
    // review panel's mean to the bureau; an expert's review page shows no decision
    const seesReviews = actor.role === 'bureau' || actor.role === 'district'
    const means = actor.role === 'bureau' ? meanReviewTotals(rows.flatMap((r) => (r.renewalId === null ? [] : [r.renewalId]))) : new Map()
    const seesDecision = actor.role !== 'expert'
    const last = rows.at(-1)
    return {
      data: rows.map((r) => ({
        period_id: r.periodId,
        lab: { id: r.labId, name: r.labName, district: r.districtCode },
        direction: r.direction,
        period_end: r.endDate,
        stage: r.stage,
        overdue: r.overdue,
        renewal_id: r.renewalId,
        renewal_status: r.renewalId === null ? null : STATUS_OF_STAGE[r.stage],
        submitted_on: r.submittedOn,
        decision: seesDecision ? r.decision : null,
        recheck_decision: seesDecision ? r.recheckDecision : null,
        grade: seesDecision ? r.grade : null,
        decided_on: seesDecision ? r.decidedOn : null,
        rectification_deadline: seesDecision ? r.rectificationDeadline : null,
        reviews: seesReviews
          ? { done: r.reviewsDone, total: r.reviewsTotal, mean_total: r.renewalId === null ? null : (means.get(r.renewalId) ?? null) }
          : null,
      })),
      total,
      next_cursor: more && last ? encodeCursor({ key: last.endDate, id: last.periodId }) : null,
    }
  },
})

const zeroByStatus = (): Record<LabStatus, number> => Object.fromEntries(LAB_STATUSES.map((s) => [s, 0])) as Record<LabStatus, number>

export const dashboardEndpoint = endpoint({
  operationId: 'getDashboard',
  path: '/dashboard',
  summary: {
    zh: '首页统计：按状态、合规结果和区县的实验室数（仅限可见范围）',
    en: "The dashboard's counts: labs by status, worst check and district (in scope)",
  },
  pathParams: null,
  query: S.NoParams,
  response: S.Dashboard,
  paginated: false,
  run: ({ actor, today, windowDays }) => {
    const byStatus = zeroByStatus()
    for (const r of countLabsByStatus({ actor, today, windowDays })) byStatus[r.status] = r.n
    const districts = new Map<string, Record<LabStatus, number>>()
    for (const r of countLabsByDistrictAndStatus({ actor, today, windowDays })) {
      const counts = districts.get(r.districtCode) ?? zeroByStatus()
      counts[r.status] = r.n
      districts.set(r.districtCode, counts)
    }
    return {
      labs: {
        total: Object.values(byStatus).reduce((a, b) => a + b, 0),
        by_status: byStatus,
        by_worst_check: countLabsByWorstResult({ actor, today }),
        by_district: [...districts.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([district, counts]) => ({
            district: district as z.input<typeof S.Dashboard>['labs']['by_district'][number]['district'],
            total: Object.values(counts).reduce((a, b) => a + b, 0),
            by_status: counts,
          })),
      },
    }
  },
})

/** Every endpoint, in the order the contract and the docs page list them. */
export const ENDPOINTS: Endpoint[] = [
  listLabsEndpoint,
  getLabEndpoint,
  labPeriodsEndpoint,
  labChecksEndpoint,
  labComplianceHistoryEndpoint,
  labObligationsEndpoint,
  labFilingsEndpoint,
  labIncidentsEndpoint,
  labOutcomesEndpoint,
  listRequestsEndpoint,
  listRenewalsEndpoint,
  dashboardEndpoint,
] as Endpoint[]
