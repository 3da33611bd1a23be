import type { AssignmentStatus } from '~db/schema/enums'
import { useT } from '~/i18n/use-t'

const COLOURS: Record<AssignmentStatus, string> = {
  assigned: 'border-amber-300 bg-amber-50 text-amber-900',
  submitted: 'border-green-300 bg-green-50 text-green-800',
  conflict: 'border-slate-300 bg-slate-100 text-slate-700',
}

// An expert assignment's status: waiting for the review, reviewed, or declined for a conflict.
export function AssignmentStatusBadge({ status }: { status: AssignmentStatus }) {
  const t = useT()
  return (
    <span
      className={`inline-block whitespace-nowrap rounded border px-2 py-0.5 text-xs font-medium ${COLOURS[status]}`}
      data-assignment-status={status}
    >
      {t(`assignmentStatus.${status}`)}
    </span>
  )
}
