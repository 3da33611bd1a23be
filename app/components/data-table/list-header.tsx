import { useLocation } from '@remix-run/react'
import { PageHeader } from '~/components/ui/page-header'

// A server-driven list's heading: its title, how many rows the filters match, and the CSV export
// of those rows. The export keeps the filters and the sort of the current URL but not the page or
// the page size, so it holds every matching row, not the page on screen.
export function ListHeader({
  title,
  count,
  countTestId,
  exportPath,
  exportLabel,
}: {
  title: string
  count: string
  countTestId: string
  exportPath: string
  exportLabel: string
}) {
  const location = useLocation()
  const exportParams = new URLSearchParams(location.search)
  exportParams.delete('page')
  exportParams.delete('size')
  const exportQuery = exportParams.toString()
  return (
    <PageHeader
      title={title}
      badges={
        <span className="text-slate-600" data-testid={countTestId}>
          {count}
        </span>
      }
      actions={
        <a className="btn" href={exportQuery ? `${exportPath}?${exportQuery}` : exportPath} data-testid="export-csv" download>
          {exportLabel}
        </a>
      }
    />
  )
}
