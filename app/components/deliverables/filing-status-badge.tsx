import type { FilingStatus } from '~db/schema/enums'
import { useT } from '~/i18n/use-t'
import { Badge } from '~/components/ui/badge'

// A filing's place in its review (deliverables; annual reports read the same statuses).
const FILING_STATUS_CLASSES: Record<FilingStatus, string> = {
  draft: 'bg-slate-200 text-slate-800',
  submitted: 'bg-sky-700 text-white',
  returned: 'bg-amber-700 text-white',
  accepted: 'bg-green-700 text-white',
  superseded: 'bg-slate-500 text-white line-through decoration-1',
}

export function FilingStatusBadge({ status }: { status: FilingStatus }) {
  const t = useT()
  return (
    <Badge className={FILING_STATUS_CLASSES[status]} data={{ 'data-filing-status': status }}>
      {t(`deliverables.status.${status}`)}
    </Badge>
  )
}
