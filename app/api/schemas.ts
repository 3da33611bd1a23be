import { z } from 'zod'
import {
  CHECK_OWNERS,
  CHECK_RESULTS,
  DELIVERABLE_FORMS,
  DIRECTIONS,
  DISTRICT_CODES,
  DISTRICT_OPINIONS,
  FILING_KINDS,
  FILING_STATUSES,
  INCIDENT_GRADES,
  INCIDENT_STATUSES,
  LAB_STATUSES,
  OBLIGATION_KINDS,
  OUTCOME_KINDS,
  OUTCOME_VERIFICATIONS,
  PERIOD_OUTCOMES,
  RECHECK_DECISIONS,
  RENEWAL_DECISIONS,
  RENEWAL_STATUSES,
  RESOURCE_TYPES,
  RESOURCE_UNITS,
} from '~db/schema/enums'
import { QUEUE_STATUSES } from '~/models/request-queue-params'
import { PIPELINE_STAGES } from '~/models/renewal-pipeline-params'
import { FIRST_YEAR, ITEM_SOURCES, KIND_FILTERS, LAST_YEAR } from '~/models/outcome-dashboard-params'

// The shapes of the read API's answers and questions (issue 20). The route handlers parse their
// output with these, and /api/v1/openapi.json is generated from the very same objects, so the
// contract and the answers cannot drift apart. Field names are snake_case, days are YYYY-MM-DD
// (Asia/Shanghai), instants RFC 3339 in UTC, ids the database's own (stable).

const Id = z.number().int().positive()
const Day = z.iso.date()
const Instant = z.iso.datetime()

// --- query parameters -------------------------------------------------------------------------

/** Page size and position of every paginated list: `limit` rows after `cursor`. */
export const PageParams = {
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('rows per page, 1 to 200'),
  cursor: z.string().max(1000).optional().describe('the next_cursor of the previous page; opaque'),
}

export const LabListParams = z
  .object({
    district: z.enum(DISTRICT_CODES).optional().describe('district code (行政区划代码)'),
    direction: z.coerce.number().int().min(1).max(DIRECTIONS.length).optional().describe('research direction, 1 to 14'),
    status: z.enum(LAB_STATUSES).optional(),
    q: z.string().trim().min(1).max(100).optional().describe('part of the name, host organisation, director or certificate number'),
    sort: z.enum(['name', '-name', 'end_date', '-end_date']).default('name').describe('a leading minus sorts descending'),
    ...PageParams,
  })
  .strict()

export const RequestListParams = z
  .object({
    status: z.enum(QUEUE_STATUSES).optional().describe('drafts are the lab’s own and never listed'),
    type: z.enum(RESOURCE_TYPES).optional(),
    district: z.enum(DISTRICT_CODES).optional().describe("the lab's district; within your scope, so another district's code finds none"),
    lab: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().describe("one lab's requests (a lab id)"),
    ...PageParams,
  })
  .strict()

export const RenewalListParams = z
  .object({
    stage: z.enum(PIPELINE_STAGES).optional().describe('where the renewal stands, as the tiles of 续期办理 name it'),
    district: z.enum(DISTRICT_CODES).optional().describe("the lab's district; within your scope, so another district's code finds none"),
    direction: z.coerce.number().int().min(1).max(DIRECTIONS.length).optional().describe('research direction, 1 to 14'),
    q: z.string().trim().min(1).max(100).optional().describe("part of the lab's name"),
    ...PageParams,
  })
  .strict()

export const OutcomeListParams = z
  .object({
    source: z.enum(ITEM_SOURCES).optional().describe('an outcome recorded in the register, or an accepted annual deliverable'),
    form: z.enum(DELIVERABLE_FORMS).optional(),
    kind: z.enum(KIND_FILTERS).optional().describe('none: an accepted deliverable that was not transferred'),
    verification: z.enum(OUTCOME_VERIFICATIONS).optional().describe('an accepted deliverable counts as verified'),
    year: z.coerce.number().int().min(FIRST_YEAR).max(LAST_YEAR).optional().describe("the calendar year of the item's date"),
  })
  .strict()

const Month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
  .describe('YYYY-MM (Asia/Shanghai), included')

export const ComplianceHistoryParams = z
  .object({ from: Month.optional(), to: Month.optional() })
  .strict()
  .refine((p) => !p.from || !p.to || p.from <= p.to, { path: ['to'], message: 'to before from' })

export const NoParams = z.object({}).strict()

export const LabPathParams = z.object({ labId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }).strict()

// --- answers ----------------------------------------------------------------------------------

const PeriodSpan = z.object({ start: Day, end: Day })

export const Lab = z.object({
  id: Id,
  name: z.string(),
  status: z.enum(LAB_STATUSES),
  district: z.enum(DISTRICT_CODES),
  direction: z.number().int().min(1).max(DIRECTIONS.length),
  host_organisation: z.object({ id: Id, name: z.string() }),
  period_in_force: PeriodSpan.nullable().describe('the validity period in force today; null before certification'),
  worst_check: z.enum(CHECK_RESULTS).nullable().describe("the lab's worst compliance check; null when not tracked"),
})

export const LabDetail = Lab.extend({
  director_name: z.string(),
  certificate_no: z.string().nullable().describe('of the latest period'),
  team: z.object({ headcount: z.number().int().min(0), qualified: z.number().int().min(0) }),
})

export const Period = z.object({
  id: Id,
  sequence: z.number().int().positive(),
  start: Day,
  end: Day,
  certificate_no: z.string(),
  outcome: z.enum(PERIOD_OUTCOMES).nullable().describe('the decision at its end; null while undecided'),
  outcome_date: Day.nullable(),
  in_force: z.boolean(),
})

export const Check = z.object({
  check_id: z.string(),
  subject: z.string().describe("'' for the lab as a whole; y1, y2 for a validity year"),
  result: z.enum(CHECK_RESULTS),
  owner: z.enum(CHECK_OWNERS).describe("whose move it is: the lab's, or the bureau's own"),
  reason_key: z.string(),
  reason_params: z.record(z.string(), z.union([z.string(), z.number()])),
  reason: z.string().describe('the reason in the language asked for'),
  concerns_date: Day.nullable(),
  evaluated_on: Day,
})

export const OBLIGATION_STATES = [...CHECK_RESULTS, 'not_due', 'unjudged', 'past_period'] as const

export const Obligation = z.object({
  id: Id,
  period_id: Id,
  period_sequence: z.number().int().positive(),
  validity_year: z.number().int().min(1).max(2),
  kind: z.enum(OBLIGATION_KINDS),
  year_start: Day,
  year_end: Day,
  due_date: Day,
  original_due_date: Day,
  due_date_estimated: z.boolean(),
  state: z.enum(OBLIGATION_STATES).describe('the compliance verdict, or why there is none yet'),
  extensions: z.array(z.object({ from: Day, to: Day, reason: z.string(), recorded_at: Instant })),
})

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item) })
}

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    total: z.number().int().min(0).describe('rows matching the filters in your scope, on every page'),
    next_cursor: z.string().nullable().describe('pass as cursor for the next page; null on the last'),
  })
}

export const Filing = z
  .object({
    id: Id,
    kind: z.enum(FILING_KINDS),
    title: z.string().describe("a deliverable's title; for an annual report its period and year, in the language asked for"),
    period_sequence: z.number().int().positive().nullable().describe('null for a deliverable completed outside every period'),
    validity_year: z.number().int().min(1).max(2).nullable(),
    version: z.number().int().positive().describe('a deliverable revised after acceptance has a later version; reports are 1'),
    status: z.enum(FILING_STATUSES),
    grade: z.string().nullable(),
    submitted_at: Instant.nullable(),
    decided_at: Instant.nullable(),
    district_opinion: z.enum(DISTRICT_OPINIONS).nullable().describe("the district's 推荐 / 不推荐, when given"),
    district_opinion_at: Instant.nullable(),
    filed_late_days: z
      .number()
      .int()
      .min(1)
      .nullable()
      .describe('逾期提交: days after the due date it was first filed; null when on time or not yet filed'),
  })
  .describe('a filing: its state, never its content or attachments')

export const ResourceRequest = z.object({
  id: Id,
  lab: z.object({ id: Id, name: z.string(), district: z.enum(DISTRICT_CODES) }),
  type: z.enum(RESOURCE_TYPES),
  title: z.string(),
  status: z.enum(QUEUE_STATUSES),
  quantity: z.number().min(0),
  unit: z.enum(RESOURCE_UNITS),
  granted_quantity: z.number().min(0).nullable().describe('what the bureau granted; null until approved'),
  submitted_at: Instant.nullable().describe('the latest submission: a resubmission after a return restarts the clock'),
  deadline: Day.nullable().describe('the day the decision is due'),
  decided_on: Day.nullable(),
})

export const Incident = z
  .object({
    id: Id,
    level: z.enum(INCIDENT_GRADES).describe('事件分级: I is the gravest'),
    title: z.string(),
    status: z.enum(INCIDENT_STATUSES),
    discovered_at: Instant,
    reported_at: Instant.nullable(),
    report_deadline: Instant.describe("discovery plus the level's reporting hours when it was recorded or regraded"),
    closed_at: Instant.nullable(),
    timing: z
      .object({
        state: z.enum(['on_time', 'late', 'pending', 'overdue']).describe('pending and overdue: not reported yet'),
        limit_hours: z.number().int().min(0),
        minutes_taken: z.number().int().min(0).nullable().describe('on_time: from discovery to the report'),
        minutes_late: z.number().int().min(0).nullable().describe('late and overdue: past the deadline'),
        minutes_left: z.number().int().nullable().describe('pending: to the deadline'),
      })
      .describe('the report against its deadline, to the minute, as the incident page says it'),
  })
  .describe('an incident in summary: its description, affected data and measures are not given')

export const PipelineRenewal = z
  .object({
    period_id: Id,
    lab: z.object({ id: Id, name: z.string(), district: z.enum(DISTRICT_CODES) }),
    direction: z.number().int().min(1).max(DIRECTIONS.length),
    period_end: Day,
    stage: z
      .enum(PIPELINE_STAGES)
      .describe(
        'upcoming: the window is open, no application; not_applied: the period ended without one; applied; under_review; rectifying: renewed after rectification, awaiting the re-check; decided',
      ),
    overdue: z.boolean().describe('not applied by the end, undecided after it, or a rectification past its deadline'),
    renewal_id: Id.nullable().describe("null while there is no application (a draft is the lab's own and not shown)"),
    renewal_status: z.enum(RENEWAL_STATUSES).nullable(),
    submitted_on: Day.nullable(),
    decision: z.enum(RENEWAL_DECISIONS).nullable().describe('null while undecided, and for an expert (its review page does not show it)'),
    recheck_decision: z.enum(RECHECK_DECISIONS).nullable().describe('after a rectification, the re-check’s result'),
    grade: z.string().nullable(),
    decided_on: Day.nullable(),
    rectification_deadline: Day.nullable(),
    reviews: z
      .object({
        done: z.number().int().min(0),
        total: z.number().int().min(0).describe('experts assigned, a declared conflict not counted'),
        mean_total: z.number().nullable().describe("the mean of the submitted reviews' weighted totals; the bureau's only, else null"),
      })
      .nullable()
      .describe('expert reviews as the pipeline shows them: to the bureau and a district; null for a lab and an expert'),
  })
  .describe('one period near or past its end, or one decided renewal, as 续期办理 (/renewals) lists it')

export const OutcomeItem = z
  .object({
    id: Id.describe('the outcome’s id, or the deliverable’s: ids are unique within a source'),
    source: z.enum(ITEM_SOURCES),
    period_id: Id.nullable().describe('the validity period it counts for; null for a deliverable completed outside every period'),
    period_sequence: z.number().int().positive().nullable(),
    validity_year: z.number().int().min(1).max(2).nullable(),
    title: z.string(),
    forms: z.array(z.enum(DELIVERABLE_FORMS)).describe('场景、算法、数据、产品'),
    kind: z.enum(OUTCOME_KINDS).nullable().describe('a deliverable is a transfer when it was transferred, else null'),
    date: Day.describe('when it happened; a deliverable’s completion day'),
    value_yuan: z.number().int().min(0).nullable().describe('whole yuan (the register shows 万元); null where no value applies'),
    verification: z.enum(OUTCOME_VERIFICATIONS),
  })
  .describe('one item of the outcome register (成果登记): its description, partners and reviewers’ notes are not given')

export const ComplianceMonth = z
  .object({
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
      .describe('YYYY-MM, Asia/Shanghai'),
    worst: z.enum(CHECK_RESULTS).describe("the worst result of the lab's checks as last evaluated in the month"),
    failing: z.number().int().min(0).describe('checks failing'),
    warnings: z.number().int().min(0).describe('checks warning'),
    recorded_at: Instant.describe('when the month was last evaluated; the current month changes until it ends'),
  })
  .describe('the last evaluation of a month stands for the month')

export const LabPage = pageOf(Lab)
export const ComplianceHistory = listOf(ComplianceMonth).describe(
  'oldest month first; months before tracking began, or while the lab was not tracked, are absent (a few dozen: whole)',
)
export const Outcomes = listOf(OutcomeItem).describe(
  'every item of the lab in the register, newest first (a few dozen a lab: whole, not paged)',
)
export const RenewalPage = pageOf(PipelineRenewal).describe(
  'by period end, then lab name, then period id; a lab sees its own rows, an expert the renewals assigned to it',
)
export const RequestPage = pageOf(ResourceRequest).describe('newest request first (by id, descending); drafts are never listed')
export const Filings = listOf(Filing)
export const Incidents = listOf(Incident)
export const Periods = listOf(Period)
export const Checks = listOf(Check)
export const Obligations = listOf(Obligation)

const StatusCounts = z.object(
  Object.fromEntries(LAB_STATUSES.map((s) => [s, z.number().int().min(0)])) as Record<(typeof LAB_STATUSES)[number], z.ZodNumber>,
)

export const Dashboard = z.object({
  labs: z.object({
    total: z.number().int().min(0),
    by_status: StatusCounts,
    by_worst_check: z.object({ ok: z.number().int().min(0), warning: z.number().int().min(0), failing: z.number().int().min(0) }),
    by_district: z.array(z.object({ district: z.enum(DISTRICT_CODES), total: z.number().int().min(0), by_status: StatusCounts })),
  }),
})
