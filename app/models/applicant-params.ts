import { z } from 'zod'
import { APPLICANT_STATUSES } from '~db/schema/enums'
import { optionalEnum, pageParams, searchEntries, searchText, sortParams } from '~/utils/list-params'

// The /applicants list's URL state: search, status, sort, page (bad values fall back to defaults).
export const APPLICANT_SORTS = ['createdAt', 'name', 'uscc', 'status'] as const

export function parseApplicantParams(search: URLSearchParams) {
  const p = z
    .object({ q: searchText, status: optionalEnum(APPLICANT_STATUSES), ...sortParams(APPLICANT_SORTS, 'createdAt'), ...pageParams() })
    .parse(searchEntries(search))
  // newest registrations first unless the reader chose a direction
  const dir = search.get('dir') ? p.dir : p.sort === 'createdAt' ? 'desc' : p.dir
  return { filter: { q: p.q, status: p.status, sort: p.sort, dir }, page: p.page, size: p.size }
}
