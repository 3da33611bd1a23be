import { z } from 'zod'
import { FUNNEL_STAGES, type FunnelCounts } from '~/domain/certification/funnel'

// The funnel page's URL state (/rounds/:roundId/funnel): one sort for both of its tables, by a
// stage's count, by places used (the office table only) or in the catalogue's order ('name').
// Unlike the long lists, a value the page never links to is refused (400): the page and its
// exports are few and linked, so a wrong value is a mistake worth saying, not a default to hide.
export const FUNNEL_SORTS = ['name', ...FUNNEL_STAGES, 'quotaUsed'] as const
export type FunnelSort = (typeof FUNNEL_SORTS)[number]

const Params = z.object({
  sort: z.enum(FUNNEL_SORTS).default('name'),
  dir: z.enum(['asc', 'desc']).default('asc'),
})
export type FunnelParams = z.infer<typeof Params>

/** The sort the URL asks for, or null when it names something the page does not have. */
export function parseFunnelParams(search: URLSearchParams): FunnelParams | null {
  const known = Object.fromEntries([...search].filter(([key]) => key === 'sort' || key === 'dir'))
  const parsed = Params.safeParse(known)
  return parsed.success ? parsed.data : null
}

type Sortable = { counts: FunnelCounts; quotaUsed?: number }

/**
 * Rows in the order asked: 'name' keeps the order given (districts as the catalogue lists them,
 * then departments; directions 1–14), the others by their number, ties in the order given.
 */
export function sortFunnelRows<R extends Sortable>(rows: readonly R[], { sort, dir }: FunnelParams): R[] {
  const sign = dir === 'asc' ? 1 : -1
  const valueOf = (r: R, i: number) => (sort === 'name' ? i : sort === 'quotaUsed' ? (r.quotaUsed ?? 0) : r.counts[sort])
  return rows
    .map((row, i) => ({ row, i, v: valueOf(row, i) }))
    .sort((a, b) => sign * (a.v - b.v) || a.i - b.i)
    .map((x) => x.row)
}
