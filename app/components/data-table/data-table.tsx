import { Link, useLocation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useT } from '~/i18n/use-t'

/**
 * A column: its id (the visibility and the URL's column choice name it), its heading, how a row's
 * cell renders, and the `sort` value its heading links to when the list sorts by it. The tables
 * used @tanstack/react-table for this; it rendered these four things and nothing else (sorting,
 * paging and filtering are the server's), for 14 KB of gzipped JavaScript on every list page
 * (docs/decisions/018-client-javascript.md).
 */
export type ColumnDef<Row> = {
  id: string
  header: ReactNode
  cell?: (context: { row: { original: Row } }) => ReactNode
  meta?: { sortKey?: string }
}
/** Column id → shown; a column not named is shown. */
export type VisibilityState = Record<string, boolean>

// A server-driven table: sorting, paging and filtering happen in SQL, the state lives in the
// URL, and this component only renders rows and links that change the URL.
export function DataTable<Row>({
  rows,
  columns,
  visibility,
  sort,
  dir,
  getRowId,
}: {
  rows: Row[]
  columns: ColumnDef<Row>[]
  visibility: VisibilityState
  sort: string
  dir: 'asc' | 'desc'
  getRowId: (row: Row) => string
}) {
  const t = useT()
  const location = useLocation()
  const shown = columns.filter((column) => visibility[column.id] !== false)

  function sortHref(sortKey: string) {
    const params = new URLSearchParams(location.search)
    const nextDir = sort === sortKey && dir === 'asc' ? 'desc' : 'asc'
    params.set('sort', sortKey)
    params.set('dir', nextDir)
    params.delete('page')
    return `?${params}`
  }

  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full" data-testid="data-table">
        <thead>
          <tr>
            {shown.map((column) => {
              const sortKey = column.meta?.sortKey
              const active = sortKey !== undefined && sortKey === sort
              return (
                <th key={column.id} className="th" aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                  {sortKey ? (
                    <Link to={sortHref(sortKey)} className="inline-flex items-center gap-1 hover:text-sky-800" preventScrollReset>
                      {column.header}
                      <span aria-hidden>{active ? (dir === 'asc' ? '▲' : '▼') : '↕'}</span>
                      {active ? <span className="sr-only">{dir === 'asc' ? t('common.sortAsc') : t('common.sortDesc')}</span> : null}
                    </Link>
                  ) : (
                    column.header
                  )}
                </th>
              )
            })}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td className="td text-center text-slate-500" colSpan={shown.length}>
                {t('common.noRows')}
              </td>
            </tr>
          ) : (
            rows.map((original) => (
              <tr key={getRowId(original)} className="hover:bg-slate-50" data-testid="row">
                {shown.map((column) => (
                  <td key={column.id} className="td">
                    {column.cell?.({ row: { original } }) ?? null}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  )
}

export function Pagination({ page, pageSize, total, sizes }: { page: number; pageSize: number; total: number; sizes: readonly number[] }) {
  const t = useT()
  const location = useLocation()
  const pages = Math.max(1, Math.ceil(total / pageSize))
  const href = (changes: Record<string, string>) => {
    const params = new URLSearchParams(location.search)
    for (const [k, v] of Object.entries(changes)) params.set(k, v)
    return `?${params}`
  }
  return (
    <nav className="mt-3 flex flex-wrap items-center gap-3 text-sm" aria-label="pagination">
      <span data-testid="page-info">{t('common.page', { page: Math.min(page, pages), pages, total })}</span>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link className="btn" to={href({ page: String(page - 1) })} preventScrollReset>
            {t('common.previous')}
          </Link>
        ) : null}
        {page < pages ? (
          <Link className="btn" to={href({ page: String(page + 1) })} preventScrollReset>
            {t('common.next')}
          </Link>
        ) : null}
      </div>
      <span className="ml-auto flex items-center gap-1">
        {t('common.perPage')}
        {sizes.map((size) => (
          <Link
            key={size}
            to={href({ size: String(size), page: '1' })}
            className={`rounded px-2 py-0.5 ${size === pageSize ? 'bg-sky-700 text-white' : 'hover:bg-slate-200'}`}
          >
            {size}
          </Link>
        ))}
      </span>
    </nav>
  )
}
