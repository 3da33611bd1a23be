import { z } from 'zod'
import {
  DELIVERABLE_FORMS,
  DISTRICT_CODES,
  OUTCOME_KINDS,
  OUTCOME_VERIFICATIONS,
  type DeliverableForm,
  type DistrictCode,
  type OutcomeKind,
  type OutcomeVerification,
} from '~db/schema/enums'
import { formatWan } from '~/domain/money'
import type { MessageKey, Translate } from '~/i18n'
import { optionalEnum, pageParams, searchEntries, sortParams } from '~/utils/list-params'
import type { XlsxType, XlsxValue } from '~/utils/xlsx.server'

// The city outcomes dashboard (/outcomes) and its register (/outcomes/register) keep their state in
// the URL, so every bar, slice and total links to exactly the register rows it counts and the CSV
// and xlsx exports are the register, row for row. Plain .ts: the browser bundle builds the links.

// 'none': an accepted deliverable that was not transferred (the register's items without a kind)
export const KIND_FILTERS = [...OUTCOME_KINDS, 'none'] as const
export type KindFilter = (typeof KIND_FILTERS)[number]

// an outcome recorded in the register, or an accepted annual deliverable counted as one
export const ITEM_SOURCES = ['outcome', 'deliverable'] as const
export type ItemSource = (typeof ITEM_SOURCES)[number]

export const REGISTER_SORTS = ['date', 'lab', 'value'] as const
export type RegisterSort = (typeof REGISTER_SORTS)[number]

// the programme's first round was 2023; a year outside this range is a typing slip, not a filter
export const FIRST_YEAR = 2020
export const LAST_YEAR = 2100

export type OutcomeFilter = {
  year?: number
  districtCode?: DistrictCode
  direction?: number
  form?: DeliverableForm
  kind?: KindFilter
  verification?: OutcomeVerification
  source?: ItemSource
  labId?: number
}

// A malformed value means "all" (an old bookmark still opens); a district filter outside the
// viewer's scope is not malformed and is refused by the loader (404).
const FilterParams = z.object({
  year: z.coerce.number().int().min(FIRST_YEAR).max(LAST_YEAR).optional().catch(undefined),
  district: optionalEnum(DISTRICT_CODES),
  direction: z.coerce.number().int().min(1).max(14).optional().catch(undefined),
  form: optionalEnum(DELIVERABLE_FORMS),
  kind: optionalEnum(KIND_FILTERS),
  verification: optionalEnum(OUTCOME_VERIFICATIONS),
  source: optionalEnum(ITEM_SOURCES),
})

// A lab named by id (the pace table's links): an id that is no id names no lab, so it is not
// found (404) like any lab outside one's scope, never quietly dropped to show everything.
function labParam(search: URLSearchParams): number | undefined {
  const raw = search.get('lab')
  if (raw === null || raw === '') return undefined
  return /^[1-9]\d{0,14}$/.test(raw) ? Number(raw) : 0
}

export function parseOutcomeFilter(search: URLSearchParams): OutcomeFilter {
  const p = FilterParams.parse(searchEntries(search))
  return {
    year: p.year,
    districtCode: p.district,
    direction: p.direction,
    form: p.form,
    kind: p.kind,
    verification: p.verification,
    source: p.source,
    labId: labParam(search),
  }
}

const RegisterParams = z.object({ ...sortParams(REGISTER_SORTS, 'date'), ...pageParams(20) })

export type RegisterState = { filter: OutcomeFilter; sort: RegisterSort; dir: 'asc' | 'desc'; page: number; pageSize: number }

/** The register's URL state: the dashboard's filters, then sort (newest first by default) and page. */
export function parseRegisterParams(search: URLSearchParams): RegisterState {
  const entries = searchEntries(search)
  const p = RegisterParams.parse(entries)
  // dates read newest first unless the user asked otherwise
  const dir = entries.dir === 'asc' || entries.dir === 'desc' ? entries.dir : p.sort === 'lab' ? 'asc' : 'desc'
  return { filter: parseOutcomeFilter(search), sort: p.sort, dir, page: p.page, pageSize: p.size }
}

/** The filter as query parameters, in a stable order (the links and the exports share it). */
export function filterQuery(filter: OutcomeFilter, extra: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams()
  const entries: [string, string | number | undefined][] = [
    ['year', filter.year],
    ['district', filter.districtCode],
    ['direction', filter.direction],
    ['form', filter.form],
    ['kind', filter.kind],
    ['verification', filter.verification],
    ['source', filter.source],
    ['lab', filter.labId],
    ...Object.entries(extra),
  ]
  for (const [key, value] of entries) if (value !== undefined && value !== '') params.set(key, String(value))
  const query = params.toString()
  return query ? `?${query}` : ''
}

/** The register rows a figure counts: the page's filters with the figure's own dimension set. */
export const registerHref = (filter: OutcomeFilter, set: Partial<OutcomeFilter> = {}) =>
  `/outcomes/register${filterQuery({ ...filter, ...set })}`

export const dashboardHref = (filter: OutcomeFilter) => `/outcomes${filterQuery(filter)}`

export const hasFilter = (filter: OutcomeFilter) => Object.values(filter).some((v) => v !== undefined)

/** One register row: an outcome, or an accepted deliverable (several forms, a transfer when it was transferred). */
export type RegisterRow = {
  source: ItemSource
  id: number
  labId: number
  labName: string
  districtCode: DistrictCode
  direction: number
  title: string
  forms: DeliverableForm[]
  kind: OutcomeKind | null
  date: string
  valueYuan: number | null
  verification: OutcomeVerification
}

/** Where a row leads: the outcome's page, or the accepted deliverable's. */
export const registerRowHref = (r: Pick<RegisterRow, 'source' | 'id' | 'labId'>) =>
  r.source === 'outcome' ? `/labs/${r.labId}/outcomes/${r.id}` : `/labs/${r.labId}/deliverables/${r.id}`

// Fulfilment buckets: 0–9 … 90–99, then 100 (a plan met in full): eleven bars.
export const FULFILMENT_BUCKETS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const
export const bucketOf = (fulfilment: number) => Math.min(10, Math.floor(fulfilment / 10))

const kindText = (kind: OutcomeKind | null, t: Translate) => t(kind ? (`outcomes.kind.${kind}` as MessageKey) : 'cityOutcomes.kind.none')

// One list of columns for the table, the CSV and the xlsx, so an export reads as the table does.
// The number is for the spreadsheet; the table links the title.
export const REGISTER_COLUMNS: {
  id: string
  label: MessageKey
  sort?: RegisterSort
  exportOnly?: boolean
  // the workbook's cell (issue 17): a real date, 万元 as a number
  type?: XlsxType
  value?: (r: RegisterRow) => XlsxValue
  text: (r: RegisterRow, t: Translate) => string
}[] = [
  { id: 'id', label: 'cityOutcomes.col.id', exportOnly: true, text: (r) => `${r.source === 'outcome' ? 'O' : 'D'}${r.id}` },
  { id: 'title', label: 'cityOutcomes.col.title', text: (r) => r.title },
  { id: 'source', label: 'cityOutcomes.col.source', text: (r, t) => t(`cityOutcomes.source.${r.source}`) },
  { id: 'lab', label: 'cityOutcomes.col.lab', sort: 'lab', text: (r) => r.labName },
  { id: 'district', label: 'cityOutcomes.col.district', text: (r, t) => t(`district.${r.districtCode}` as MessageKey) },
  { id: 'direction', label: 'cityOutcomes.col.direction', exportOnly: true, text: (r, t) => t(`direction.${r.direction}` as MessageKey) },
  { id: 'form', label: 'cityOutcomes.col.form', text: (r, t) => r.forms.map((f) => t(`deliverables.form.${f}` as MessageKey)).join('、') },
  { id: 'kind', label: 'cityOutcomes.col.kind', text: (r, t) => kindText(r.kind, t) },
  { id: 'date', label: 'cityOutcomes.col.date', sort: 'date', type: 'date', text: (r) => r.date },
  {
    id: 'value',
    label: 'cityOutcomes.col.valueWan',
    sort: 'value',
    type: 'wan',
    value: (r) => r.valueYuan,
    text: (r) => (r.valueYuan === null ? '' : formatWan(r.valueYuan)),
  },
  {
    id: 'verification',
    label: 'cityOutcomes.col.verification',
    text: (r, t) => t(`outcomes.verification.${r.verification}` as MessageKey),
  },
]
