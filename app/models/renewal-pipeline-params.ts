import { z } from 'zod'
import { DISTRICT_CODES, type DistrictCode, type RecheckDecision, type RenewalDecision } from '~db/schema/enums'
import type { MessageKey, Translate } from '~/i18n'
import type { XlsxType, XlsxValue } from '~/utils/xlsx.server'
import { optionalEnum, pageParams, searchEntries, searchText, sortParams } from '~/utils/list-params'

// The renewal pipeline's state lives in the URL (/renewals), so the tiles link to exactly the rows
// they count and the CSV export is the table, row for row. Declared here, not in the .server
// model, because the browser bundle needs them too.

// upcoming: the window is open and the period has not ended, no application yet (a draft counts
// as none: it is the lab's own); not_applied: the period ended without one; applied: submitted,
// awaiting the bureau; under_review: experts assigned; rectifying: renewed after rectification,
// awaiting the re-check; decided: settled.
export const PIPELINE_STAGES = ['upcoming', 'not_applied', 'applied', 'under_review', 'rectifying', 'decided'] as const
export type PipelineStage = (typeof PIPELINE_STAGES)[number]

export const PIPELINE_SORTS = ['end', 'lab', 'decided'] as const
export type PipelineSort = (typeof PIPELINE_SORTS)[number]

export type PipelineFilter = {
  q?: string
  stage?: PipelineStage
  districtCode?: DistrictCode
  direction?: number
}

const PipelineParams = z.object({
  q: searchText,
  stage: optionalEnum(PIPELINE_STAGES),
  district: optionalEnum(DISTRICT_CODES),
  direction: z.coerce.number().int().min(1).max(14).optional().catch(undefined),
  ...sortParams(PIPELINE_SORTS, 'end'),
  ...pageParams(),
})

export type PipelineState = { filter: PipelineFilter; sort: PipelineSort; dir: 'asc' | 'desc'; page: number; pageSize: number }

/** The pipeline's URL state; a district's district filter is dropped (its scope already is its district). */
export function parsePipelineParams(search: URLSearchParams, { isDistrict }: { isDistrict: boolean }): PipelineState {
  const p = PipelineParams.parse(searchEntries(search))
  return {
    filter: { q: p.q, stage: p.stage, districtCode: isDistrict ? undefined : p.district, direction: p.direction },
    sort: p.sort,
    dir: p.dir,
    page: p.page,
    pageSize: p.size,
  }
}

/** A link into the pipeline keeping the other filters (the tiles change only the stage). */
export function pipelineHref(filter: PipelineFilter & { sort?: PipelineSort; dir?: 'asc' | 'desc' }) {
  const params = new URLSearchParams()
  const entries: [string, string | number | undefined][] = [
    ['stage', filter.stage],
    ['district', filter.districtCode],
    ['direction', filter.direction],
    ['q', filter.q],
    ['sort', filter.sort],
    ['dir', filter.dir],
  ]
  for (const [key, value] of entries) if (value !== undefined && value !== '') params.set(key, String(value))
  const query = params.toString()
  return query ? `/renewals?${query}` : '/renewals'
}

export type PipelineRow = {
  // NULL while there is no renewal the bureau may open (none, or the lab's own draft)
  renewalId: number | null
  labId: number
  periodId: number
  labName: string
  districtCode: DistrictCode
  direction: number
  endDate: string
  stage: PipelineStage
  submittedOn: string | null
  reviewsDone: number
  reviewsTotal: number
  decision: RenewalDecision | null
  recheckDecision: RecheckDecision | null
  grade: string | null
  decidedOn: string | null
  rectificationDeadline: string | null
  overdue: boolean
}

/**
 * What needs the bureau's attention now, as the compliance checks say it
 * (app/domain/compliance/renewal-checks.ts): a period ended without an application, an
 * application undecided after the period's end, a rectification past its deadline.
 */
export function isPipelineOverdue(row: Pick<PipelineRow, 'stage' | 'endDate' | 'rectificationDeadline'>, today: string): boolean {
  switch (row.stage) {
    case 'not_applied':
      return true
    case 'applied':
    case 'under_review':
      return row.endDate < today
    case 'rectifying':
      return row.rectificationDeadline !== null && row.rectificationDeadline < today
    default:
      return false
  }
}

/** Where the lab name leads: the renewal when the bureau may open it, else the lab's renewal entry. */
export function pipelineRowHref(r: Pick<PipelineRow, 'labId' | 'renewalId'>): string {
  return r.renewalId === null ? `/labs/${r.labId}/renewal` : `/labs/${r.labId}/renewals/${r.renewalId}`
}

export type GradeText = (code: string | null) => string

/** The decision as read: after a rectification, with the re-check's result once there is one. */
export function decisionText(r: Pick<PipelineRow, 'decision' | 'recheckDecision'>, t: Translate): string {
  if (!r.decision) return ''
  const text = t(`renewals.decision.${r.decision}` as MessageKey)
  return r.recheckDecision ? `${text} · ${t(`renewals.recheck.${r.recheckDecision}` as MessageKey)}` : text
}

// One list of columns for the table and the CSV, so the export reads as the table does.
// The renewal number and the overdue mark are for the spreadsheet; the table links the lab and badges the stage.
export const PIPELINE_COLUMNS: {
  id: string
  label: MessageKey
  sort?: PipelineSort
  csvOnly?: boolean
  // the workbook's cell: days as dates, numbers as numbers
  type?: XlsxType
  value?: (r: PipelineRow) => XlsxValue
  text: (r: PipelineRow, t: Translate, grade: GradeText) => string
}[] = [
  {
    id: 'renewalId',
    label: 'renewalPipeline.col.renewalId',
    csvOnly: true,
    type: 'integer',
    value: (r) => r.renewalId,
    text: (r) => (r.renewalId === null ? '' : String(r.renewalId)),
  },
  { id: 'lab', label: 'renewals.col.lab', sort: 'lab', text: (r) => r.labName },
  { id: 'district', label: 'renewals.col.district', text: (r, t) => t(`district.${r.districtCode}` as MessageKey) },
  { id: 'direction', label: 'renewals.col.direction', text: (r, t) => t(`direction.${r.direction}` as MessageKey) },
  { id: 'end', label: 'renewals.col.end', sort: 'end', type: 'date', text: (r) => r.endDate },
  { id: 'stage', label: 'renewals.col.stage', text: (r, t) => t(`renewals.stage.${r.stage}` as MessageKey) },
  { id: 'submitted', label: 'renewals.col.submitted', type: 'date', text: (r) => r.submittedOn ?? '' },
  {
    id: 'reviews',
    label: 'renewals.col.reviews',
    text: (r, t) => (r.reviewsTotal === 0 ? '' : t('renewals.reviews', { done: r.reviewsDone, total: r.reviewsTotal })),
  },
  { id: 'decision', label: 'renewals.col.decision', text: (r, t) => decisionText(r, t) },
  { id: 'grade', label: 'renewals.col.grade', text: (r, _t, grade) => (r.grade ? grade(r.grade) : '') },
  { id: 'decided', label: 'renewalPipeline.col.decidedOn', sort: 'decided', type: 'date', text: (r) => r.decidedOn ?? '' },
  {
    id: 'rectificationDeadline',
    label: 'renewals.field.rectificationDeadline',
    csvOnly: true,
    type: 'date',
    text: (r) => (r.stage === 'rectifying' ? (r.rectificationDeadline ?? '') : ''),
  },
  { id: 'overdue', label: 'renewalPipeline.overdue', csvOnly: true, text: (r, t) => (r.overdue ? t('common.yes') : '') },
]

// Aggregates of decisions: one count per category (grade code, district, direction) and decision.
export type DecisionCount = { key: string; decision: RenewalDecision; n: number }
export type PipelineAggregates = { byGrade: DecisionCount[]; byDistrict: DecisionCount[]; byDirection: DecisionCount[] }

// The grade bucket of decisions taken without a grade (a revocation, the system's not-renewed).
export const NO_GRADE = ''
