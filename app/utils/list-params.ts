import { z } from 'zod'

// The URL state every server-driven list shares: search text, sort, direction, page and size.
// Unknown or malformed values fall back to defaults instead of failing the page, so an old
// bookmark still opens.
export const PAGE_SIZES = [20, 50, 100] as const

export const searchText = z.string().trim().max(100).optional().catch(undefined)

export function optionalEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values).optional().catch(undefined)
}

export function pageParams(defaultSize: (typeof PAGE_SIZES)[number] = 20) {
  return {
    page: z.coerce.number().int().min(1).max(100_000).catch(1),
    size: z.coerce
      .number()
      .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
      .catch(defaultSize),
  }
}

export function sortParams<const S extends readonly [string, ...string[]]>(sorts: S, defaultSort: S[number]) {
  return {
    sort: z.enum(sorts).catch(defaultSort),
    dir: z.enum(['asc', 'desc']).catch('asc'),
  }
}

// The query string without empty fields: an empty select means "all".
export function searchEntries(search: URLSearchParams): Record<string, string> {
  return Object.fromEntries([...search.entries()].filter(([, v]) => v.trim() !== ''))
}
