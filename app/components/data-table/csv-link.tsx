import { useLocation } from '@remix-run/react'

// 导出 CSV beside XlsxLink: the same rows with the URL's filters and sort, never its page or page
// size. The label is the page's own (its page-local messages), so no word joins every page's script.
export function CsvLink({ path, label }: { path: string; label: string }) {
  const location = useLocation()
  const params = new URLSearchParams(location.search)
  for (const key of ['page', 'size', 'saved']) params.delete(key)
  const query = params.toString()
  return (
    <a className="btn" href={query ? `${path}?${query}` : path} data-testid="export-csv" download>
      {label}
    </a>
  )
}
