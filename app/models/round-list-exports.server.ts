import type { Locale } from '~db/schema/enums'
import { formatShanghaiTime } from '~/domain/dates'
import type { Actor } from '~/domain/permissions'
import type { MessageKey, Translate } from '~/i18n'
import type { ListColumn } from '~/utils/xlsx.server'
import { parseApplicantParams } from './applicant-params'
import { listApplicants, type ApplicantRow } from './applicants.server'
import { parseApplicationListParams } from './application-list-params'
import { exportOf, type ListExport } from './list-exports.server'
import { officeListRows } from './round-application-lists.server'

// The certification round's lists as files (issue 21 item 8): /applications and /applicants with
// the URL's filters and sort, every row, scoped as the page is. One function per list gives both
// the CSV's rows and the workbook's typed sheet (list-exports.server.ts's exportOf), so the two
// never disagree.

type Args = { actor: Actor; search: URLSearchParams; t: Translate; locale: Locale }

type DepartmentName = { id: number; nameZh: string; nameEn: string }
type OfficeColumns = { officeDistrictCode: string | null; officeDepartmentId: number | null }

const officeText = (r: OfficeColumns, departments: readonly DepartmentName[], locale: Locale, t: Translate) => {
  if (r.officeDistrictCode) return t(`district.${r.officeDistrictCode}` as MessageKey)
  const d = departments.find((x) => x.id === r.officeDepartmentId)
  return d ? (locale === 'zh' ? d.nameZh : d.nameEn) : ''
}

/** The offices' and the bureau's list of a round's applications; null for a role without it (404). */
export function applicationsExport({ actor, search, t, locale }: Args): (ListExport & { roundName: string }) | null {
  const filter = parseApplicationListParams(search)
  const list = officeListRows({ actor, filter: { ...filter, roundId: filter.round } })
  if (!list) return null
  type Row = (typeof list.rows)[number]
  const columns: ListColumn<Row>[] = [
    { label: 'applications.col.number', type: 'integer', value: (r) => r.id, text: (r) => String(r.id) },
    { label: 'applications.col.applicant', text: (r) => r.applicantName },
    { label: 'applications.col.lab', text: (r) => r.labName },
    { label: 'applications.col.direction', text: (r, tr) => (r.direction ? tr(`direction.${r.direction}` as MessageKey) : '') },
    { label: 'applications.col.office', text: (r, tr) => officeText(r, list.departments, locale, tr) },
    {
      label: 'applications.col.submittedAt',
      type: 'datetime',
      value: (r) => r.submittedAt,
      text: (r) => (r.submittedAt ? formatShanghaiTime(r.submittedAt) : ''),
    },
    { label: 'applications.col.status', text: (r, tr) => tr(`applications.status.${r.status}`) },
  ]
  const roundName = list.round ? (locale === 'zh' ? list.round.nameZh : list.round.nameEn) : ''
  return { ...exportOf(columns, list.rows, t), roundName }
}

const APPLICANT_COLUMNS: ListColumn<ApplicantRow & { locale: Locale }>[] = [
  { label: 'applicants.col.name', text: (r) => r.name },
  { label: 'applicants.col.uscc', type: 'text', text: (r) => r.uscc },
  { label: 'applicants.col.kind', text: (r, t) => t(`orgKind.${r.orgKind}`) },
  {
    label: 'applicants.col.office',
    text: (r, t) =>
      r.officeDistrictCode
        ? t(`district.${r.officeDistrictCode}` as MessageKey)
        : ((r.locale === 'zh' ? r.departmentNameZh : r.departmentNameEn) ?? ''),
  },
  { label: 'applicants.col.contact', text: (r) => r.contactName },
  { label: 'applicants.col.status', text: (r, t) => t(`applicants.status.${r.status}`) },
  { label: 'applicants.col.createdAt', type: 'datetime', value: (r) => r.createdAt, text: (r) => formatShanghaiTime(r.createdAt) },
]

/** 申报单位 (/applicants) in the actor's scope (applicantScope), with the list's search, status and sort. */
export function applicantsExport({ actor, search, t, locale }: Args): ListExport {
  const { filter } = parseApplicantParams(search)
  const { rows } = listApplicants({ actor, filter, page: 1, pageSize: null })
  return exportOf(
    APPLICANT_COLUMNS,
    rows.map((r) => ({ ...r, locale })),
    t,
  )
}
