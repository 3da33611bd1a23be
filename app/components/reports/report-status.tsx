import type { FilingStatus } from '~db/schema/enums'
import { useT } from '~/i18n/use-t'

const STATUS_CLASSES: Record<FilingStatus, string> = {
  draft: 'bg-slate-100 text-slate-700 border-slate-300',
  submitted: 'bg-sky-50 text-sky-800 border-sky-300',
  returned: 'bg-amber-50 text-amber-800 border-amber-300',
  accepted: 'bg-green-50 text-green-800 border-green-300',
  superseded: 'bg-slate-50 text-slate-500 border-slate-200',
}

export function ReportStatusBadge({ status }: { status: FilingStatus }) {
  const t = useT()
  return (
    <span
      className={`inline-block whitespace-nowrap rounded border px-2 py-0.5 text-xs font-medium ${STATUS_CLASSES[status]}`}
      data-status={status}
    >
      {t(`reports.status.${status}`)}
    </span>
  )
}
