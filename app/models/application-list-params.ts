import { z } from 'zod'
import { APPLICATION_STATUSES } from '~/domain/certification/application-steps'
import { SORTS } from './round-application-form'

// The /applications list's URL state (issue 21): round, status, direction, the bureau's office
// filter, sort and page. A value the page never offers falls back to none, as on the other lists;
// the list's CSV and workbook read the same state.
const Filter = z.object({
  round: z.coerce.number().int().positive().optional().catch(undefined),
  status: z.enum(APPLICATION_STATUSES).optional().catch(undefined),
  direction: z.coerce.number().int().min(1).max(14).optional().catch(undefined),
  office: z.string().max(40).optional().catch(undefined),
  sort: z.enum(SORTS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
})
export type ApplicationListFilter = z.infer<typeof Filter>

export function parseApplicationListParams(search: URLSearchParams): ApplicationListFilter {
  return Filter.parse(Object.fromEntries(search))
}
