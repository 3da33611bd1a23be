import { z } from 'zod'
import { CHECK_RESULTS, DIRECTIONS, DISTRICT_CODES, LAB_STATUSES } from '~db/schema/enums'
import type { MessageKey, Translate } from '~/i18n'
import { optionalEnum, pageParams, searchEntries, searchText, sortParams } from '~/utils/list-params'
import type { XlsxType, XlsxValue } from '~/utils/xlsx.server'
import type { CheckResult, DistrictCode, LabStatus } from '~db/schema/enums'

// The registry's state lives in the URL, so a filtered view can be bookmarked, shared, and
// exported as exactly the rows it shows. Unknown values fall back to defaults instead of failing.
// Declared here, not in the .server model, because the browser bundle needs them too.
export const LAB_SORTS = ['name', 'district', 'direction', 'status', 'compliance', 'endDate', 'headcount', 'qualified', 'host'] as const
export type LabSort = (typeof LAB_SORTS)[number]

export type LabFilter = {
  q?: string
  districtCode?: DistrictCode
  direction?: number
  status?: LabStatus
  // the lab's worst compliance check (labs not in force have none)
  compliance?: CheckResult
  // 'YYYY-MM': the latest period ends in that month and is undecided
  expires?: string
  sort: LabSort
  dir: 'asc' | 'desc'
}

const RegistryParams = z.object({
  q: searchText,
  district: optionalEnum(DISTRICT_CODES),
  direction: z.coerce
    .number()
    .int()
    .refine((n) => (DIRECTIONS as readonly number[]).includes(n))
    .optional()
    .catch(undefined),
  status: optionalEnum(LAB_STATUSES),
  compliance: optionalEnum(CHECK_RESULTS),
  expires: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional()
    .catch(undefined),
  ...sortParams(LAB_SORTS, 'name'),
  ...pageParams(),
  cols: z.string().optional().catch(undefined),
})

export type RegistryState = {
  filter: LabFilter
  page: number
  pageSize: number
  columns: LabColumnId[]
}

export function parseRegistryParams(search: URLSearchParams): RegistryState {
  const p = RegistryParams.parse(searchEntries(search))
  return {
    filter: {
      q: p.q,
      districtCode: p.district,
      direction: p.direction,
      status: p.status,
      compliance: p.compliance,
      expires: p.expires,
      sort: p.sort,
      dir: p.dir,
    },
    page: p.page,
    pageSize: p.size,
    columns: parseColumns(p.cols),
  }
}

export type LabColumnId =
  | 'name'
  | 'district'
  | 'direction'
  | 'host'
  | 'director'
  | 'contact'
  | 'phone'
  | 'certificate'
  | 'start'
  | 'end'
  | 'status'
  | 'compliance'
  | 'headcount'
  | 'qualified'

type RowForText = {
  name: string
  districtCode: string
  direction: number
  hostName: string
  directorName: string
  contactName: string
  contactPhone: string
  certificateNo: string | null
  startDate: string | null
  endDate: string | null
  status: string
  compliance: string | null
  headcount: number
  qualified: number
}

// One list of columns for the table, the column chooser and the CSV and xlsx exports (the
// workbook writes days as dates and counts as numbers: `type`, `value`).
export const LAB_COLUMNS: {
  id: LabColumnId
  label: MessageKey
  sort?: LabFilter['sort']
  byDefault: boolean
  type?: XlsxType
  value?: (row: RowForText) => XlsxValue
  text: (row: RowForText, t: Translate) => string
}[] = [
  { id: 'name', label: 'labs.col.name', sort: 'name', byDefault: true, text: (r) => r.name },
  {
    id: 'district',
    label: 'labs.col.district',
    sort: 'district',
    byDefault: true,
    text: (r, t) => t(`district.${r.districtCode}` as MessageKey),
  },
  {
    id: 'direction',
    label: 'labs.col.direction',
    sort: 'direction',
    byDefault: true,
    text: (r, t) => t(`direction.${r.direction}` as MessageKey),
  },
  { id: 'host', label: 'labs.col.host', sort: 'host', byDefault: true, text: (r) => r.hostName },
  { id: 'director', label: 'labs.col.director', byDefault: false, text: (r) => r.directorName },
  { id: 'contact', label: 'labs.col.contact', byDefault: false, text: (r) => r.contactName },
  { id: 'phone', label: 'labs.col.phone', byDefault: false, text: (r) => r.contactPhone },
  { id: 'certificate', label: 'labs.col.certificate', byDefault: false, text: (r) => r.certificateNo ?? '' },
  { id: 'start', label: 'labs.col.start', byDefault: false, type: 'date', text: (r) => r.startDate ?? '' },
  { id: 'end', label: 'labs.col.end', sort: 'endDate', byDefault: true, type: 'date', text: (r) => r.endDate ?? '' },
  { id: 'status', label: 'labs.col.status', sort: 'status', byDefault: true, text: (r, t) => t(`status.${r.status}` as MessageKey) },
  {
    id: 'compliance',
    label: 'labs.col.compliance',
    sort: 'compliance',
    byDefault: true,
    text: (r, t) => (r.compliance ? t(`compliance.result.${r.compliance}` as MessageKey) : '—'),
  },
  {
    id: 'headcount',
    label: 'labs.col.headcount',
    sort: 'headcount',
    byDefault: true,
    type: 'integer',
    value: (r) => r.headcount,
    text: (r) => String(r.headcount),
  },
  {
    id: 'qualified',
    label: 'labs.col.qualified',
    sort: 'qualified',
    byDefault: true,
    type: 'integer',
    value: (r) => r.qualified,
    text: (r) => String(r.qualified),
  },
]

const DEFAULT_COLUMNS = LAB_COLUMNS.filter((c) => c.byDefault).map((c) => c.id)

function parseColumns(cols: string | undefined): LabColumnId[] {
  if (!cols) return DEFAULT_COLUMNS
  const wanted = new Set(cols.split(','))
  const chosen = LAB_COLUMNS.filter((c) => wanted.has(c.id)).map((c) => c.id)
  // the name column always stays: it is the link to the lab
  return chosen.includes('name') ? chosen : ['name', ...chosen]
}

export function isDefaultColumns(columns: LabColumnId[]) {
  return columns.length === DEFAULT_COLUMNS.length && columns.every((c, i) => c === DEFAULT_COLUMNS[i])
}
