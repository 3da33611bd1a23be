import { useLocation } from '@remix-run/react'
import { PageHeader } from '~/components/ui/page-header'
import { useT } from '~/i18n/use-t'

// A server-driven list's heading: its title, how many rows the filters match, and the CSV and
// Excel exports of those rows. The export keeps the filters and the sort of the current URL but not the page or
// the page size, so it holds every matching row, not the page on screen.
export function ListHeader({
  title,
  count,
  countTestId,
  exportPath,
  exportLabel,
  xlsxPath,
}: {
  title: string
  count: string
  countTestId: string
  exportPath: string
  exportLabel: string
  /** the workbook of the same rows (issue 17) */
  xlsxPath?: string
}) {
  const t = useT()
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
        <>
          <a className="btn" href={exportQuery ? `${exportPath}?${exportQuery}` : exportPath} data-testid="export-csv" download>
            {exportLabel}
          </a>
          {xlsxPath ? (
            <a className="btn" href={exportQuery ? `${xlsxPath}?${exportQuery}` : xlsxPath} data-testid="export-xlsx" download>
              {t('common.exportXlsx')}
            </a>
          ) : null}
        </>
      }
    />
  )
}
