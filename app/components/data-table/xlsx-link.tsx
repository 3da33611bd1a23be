import { useLocation } from '@remix-run/react'
import { useT } from '~/i18n/use-t'

// 导出 Excel (issue 17): the workbook of the list on screen, with the URL's filters and sort but
// not its page or page size, so it holds every matching row.
export function XlsxLink({ path, keep = true, title }: { path: string; keep?: boolean; title?: string }) {
  const t = useT()
  const location = useLocation()
  const params = new URLSearchParams(keep ? location.search : '')
  for (const key of ['page', 'size', 'saved']) params.delete(key)
  const query = params.toString()
  return (
    <a className="btn" href={query ? `${path}?${query}` : path} data-testid="export-xlsx" title={title} download>
      {t('common.exportXlsx')}
    </a>
  )
}
