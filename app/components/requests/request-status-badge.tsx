import type { RequestStatus, ResourceUnit } from '~db/schema/enums'
import { useT } from '~/i18n/use-t'
import { quantityText } from '~/models/request-queue-params'
import { Badge } from '~/components/ui/badge'

// A request's place in its handling: blue while the bureau has it, amber when the lab must act,
// green once granted, grey when settled otherwise.
const CLASSES: Record<RequestStatus, string> = {
  draft: 'bg-slate-200 text-slate-800',
  submitted: 'bg-sky-700 text-white',
  district_reviewed: 'bg-sky-700 text-white',
  returned: 'bg-amber-700 text-white',
  accepted: 'bg-sky-900 text-white',
  approved: 'bg-green-700 text-white',
  partly_approved: 'bg-teal-700 text-white',
  rejected: 'bg-red-700 text-white',
  fulfilled: 'bg-green-900 text-white',
  closed: 'bg-slate-500 text-white',
  withdrawn: 'bg-slate-500 text-white',
}

export function RequestStatusBadge({ status }: { status: RequestStatus }) {
  const t = useT()
  return (
    <Badge className={CLASSES[status]} data={{ 'data-request-status': status }}>
      {t(`requests.status.${status}`)}
    </Badge>
  )
}

/** A quantity as people read it: 1,200.5 rather than 1200.5, with the unit's label. */
export function useQuantity() {
  const t = useT()
  return (quantity: number, unit: ResourceUnit) => quantityText(quantity, unit, t)
}
