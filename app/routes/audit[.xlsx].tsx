import type { LoaderFunctionArgs } from '@remix-run/node'
import { auditExport, AUDIT_EXPORT_MAX } from '~/models/list-exports.server'
import { requireCapability } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { translatorFor } from '~/utils/locale.server'
import { tableWorkbookResponse } from '~/utils/xlsx.server'

// The audit log as a workbook (/audit.xlsx): the page's filters, the latest AUDIT_EXPORT_MAX
// entries at most, times in Beijing time. When the filters match more, a second sheet says how
// many were left out (and the response header X-Export-Total gives the total). The bureau's alone.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'audit:view')
  const t = translatorFor(request, user.locale)
  const found = auditExport({ search: new URL(request.url).searchParams, t })
  const name = t('audit.title')
  const note = found.capped
    ? [
        {
          name: t('exports.note.sheet'),
          columns: [{ header: t('exports.note.col') }],
          rows: [[t('exports.audit.capped', { max: AUDIT_EXPORT_MAX, total: found.total })]],
          pausable: true,
        },
      ]
    : []
  const date = today()
  return tableWorkbookResponse({
    sheets: [found.sheet(name), ...note],
    fileName: `${name}-${date}`,
    asciiName: `audit-${date}`,
    signal: request.signal,
    headers: { 'X-Export-Total': String(found.total), 'X-Export-Rows': String(found.rows.length) },
  })
}
