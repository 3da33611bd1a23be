import { formatQuantity } from '~/domain/numbers'
import { z } from 'zod'
import { DISTRICT_CODES, REQUEST_STATUSES, RESOURCE_TYPES } from '~db/schema/enums'
import type { DistrictCode, RequestStatus, ResourceType, ResourceUnit } from '~db/schema/enums'
import type { MessageKey, Translate } from '~/i18n'
import { optionalEnum, pageParams, searchEntries, searchText, sortParams } from '~/utils/list-params'
import type { XlsxType, XlsxValue } from '~/utils/xlsx.server'

// The resource-request queue's state lives in the URL (/requests), so the dashboard's tiles and
// charts can link to exactly the rows they count and the CSV export is the table, row for row.
// Declared here, not in the .server model, because the browser bundle needs them too.

// open: awaiting a decision; overdue: awaiting and past its deadline; decided: the bureau has
// decided; awaiting_me: the requests whose next step is the viewer's (bureau or district).
export const REQUEST_STAGES = ['open', 'overdue', 'awaiting_me', 'decided'] as const
export type RequestStage = (typeof REQUEST_STAGES)[number]

// 'awaiting' (the default, issue 19 item 7): what awaits a decision first, past its deadline first
// among them, then by deadline; the rest after. It is no column's sort, so no header is marked.
export const REQUEST_QUEUE_SORTS = ['awaiting', 'deadline', 'submittedOn', 'decidedOn', 'lab', 'type', 'status'] as const
export type RequestQueueSort = (typeof REQUEST_QUEUE_SORTS)[number]

// A queue shows what has been submitted; drafts belong to their lab alone.
export const QUEUE_STATUSES = REQUEST_STATUSES.filter((s): s is Exclude<RequestStatus, 'draft'> => s !== 'draft')

export type RequestQueueFilter = {
  q?: string
  status?: Exclude<RequestStatus, 'draft'>
  type?: ResourceType
  districtCode?: DistrictCode
  stage?: RequestStage
  /** one lab's requests (the read API's `lab` filter; the queue page has none) */
  labId?: number
}

const QueueParams = z.object({
  q: searchText,
  status: optionalEnum(QUEUE_STATUSES as unknown as readonly [Exclude<RequestStatus, 'draft'>, ...Exclude<RequestStatus, 'draft'>[]]),
  type: optionalEnum(RESOURCE_TYPES),
  district: optionalEnum(DISTRICT_CODES),
  stage: optionalEnum(REQUEST_STAGES),
  ...sortParams(REQUEST_QUEUE_SORTS, 'awaiting'),
  ...pageParams(),
})

export type RequestQueueState = { filter: RequestQueueFilter; sort: RequestQueueSort; dir: 'asc' | 'desc'; page: number; pageSize: number }

/** The queue's URL state; a district's district filter is dropped (its scope already is its district). */
export function parseRequestQueueParams(search: URLSearchParams, { isDistrict }: { isDistrict: boolean }): RequestQueueState {
  const p = QueueParams.parse(searchEntries(search))
  return {
    filter: { q: p.q, status: p.status, type: p.type, districtCode: isDistrict ? undefined : p.district, stage: p.stage },
    sort: p.sort,
    dir: p.dir,
    page: p.page,
    pageSize: p.size,
  }
}

/** A link into the queue (dashboard tiles and charts). */
export function requestQueueHref(filter: {
  stage?: RequestStage
  type?: ResourceType
  status?: RequestStatus
  district?: DistrictCode
  sort?: RequestQueueSort
}) {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(filter)) if (value !== undefined) params.set(key, String(value))
  const query = params.toString()
  return query ? `/requests?${query}` : '/requests'
}

export type RequestQueueRowText = {
  id: number
  labName: string
  districtCode: DistrictCode
  type: ResourceType
  title: string
  quantity: number
  unit: ResourceUnit
  granted: number | null
  status: RequestStatus
  submittedOn: string | null
  deadline: string | null
  decidedOn: string | null
  // stored at the decision (app/domain/resource-requests.ts decisionFacts); null until decided
  decisionWorkingDays: number | null
  decidedInTime: boolean | null
  overdue: boolean
}

// formatQuantity (app/domain/numbers.ts) keeps one formatter for every call: toLocaleString builds
// a new one each time, which cost 5 of the 9 s of the request export's 37,000 rows (issue 18)
export { formatQuantity }

export const quantityText = (n: number, unit: ResourceUnit, t: Translate) =>
  `${formatQuantity(n)} ${t(`requests.unit.${unit}` as MessageKey, { count: n })}`

// One list of columns for the table and the CSV, so the export reads as the table does.
// The number, the overdue mark and the decision's speed are for the spreadsheet; the table links
// the title and badges the deadline. Overdue marks a request still waiting; a late decision shows
// in the last two columns, so the export does not hide it once decided.
export const REQUEST_QUEUE_COLUMNS: {
  id: string
  label: MessageKey
  sort?: RequestQueueSort
  csvOnly?: boolean
  // the workbook's cell: days as dates, numbers as numbers
  type?: XlsxType
  value?: (r: RequestQueueRowText) => XlsxValue
  text: (r: RequestQueueRowText, t: Translate) => string
}[] = [
  { id: 'id', label: 'requestService.col.id', csvOnly: true, type: 'integer', value: (r) => r.id, text: (r) => String(r.id) },
  { id: 'title', label: 'requests.col.title', text: (r) => r.title },
  { id: 'lab', label: 'requests.col.lab', sort: 'lab', text: (r) => r.labName },
  { id: 'district', label: 'requests.col.district', text: (r, t) => t(`district.${r.districtCode}` as MessageKey) },
  { id: 'type', label: 'requests.col.type', sort: 'type', text: (r, t) => t(`requests.type.${r.type}` as MessageKey) },
  { id: 'quantity', label: 'requests.col.quantity', text: (r, t) => quantityText(r.quantity, r.unit, t) },
  { id: 'granted', label: 'requests.col.granted', text: (r, t) => (r.granted === null ? '' : quantityText(r.granted, r.unit, t)) },
  { id: 'status', label: 'requests.col.status', sort: 'status', text: (r, t) => t(`requests.status.${r.status}` as MessageKey) },
  { id: 'submittedOn', label: 'requests.col.submittedOn', sort: 'submittedOn', type: 'date', text: (r) => r.submittedOn ?? '' },
  { id: 'deadline', label: 'requests.col.deadline', sort: 'deadline', type: 'date', text: (r) => r.deadline ?? '' },
  { id: 'decidedOn', label: 'requests.col.decidedOn', sort: 'decidedOn', type: 'date', text: (r) => r.decidedOn ?? '' },
  { id: 'overdue', label: 'requests.badge.overdue', csvOnly: true, text: (r, t) => (r.overdue ? t('common.yes') : '') },
  {
    id: 'workingDays',
    label: 'requestService.col.workingDays',
    csvOnly: true,
    type: 'integer',
    value: (r) => r.decisionWorkingDays,
    text: (r) => (r.decisionWorkingDays === null ? '' : String(r.decisionWorkingDays)),
  },
  {
    id: 'inTime',
    label: 'requestService.col.inTime',
    csvOnly: true,
    text: (r, t) => (r.decidedInTime === null ? '' : t(r.decidedInTime ? 'common.yes' : 'common.no')),
  },
]
