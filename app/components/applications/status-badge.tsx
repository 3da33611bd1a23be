import type { ApplicationStatus } from '~/domain/certification/application-steps'
import { useT } from '~/i18n/use-t'
import { Badge } from '~/components/ui/badge'

const TONE: Partial<Record<ApplicationStatus, string>> = {
  draft: 'bg-slate-100 text-slate-800',
  submitted: 'bg-blue-100 text-blue-900',
  returned: 'bg-amber-100 text-amber-900',
  rejected: 'bg-red-100 text-red-900',
  withdrawn: 'bg-slate-200 text-slate-800',
  recommended: 'bg-green-100 text-green-800',
}

/** An application's status, in the page's words (applications.status.*). */
export function ApplicationStatusBadge({ status }: { status: ApplicationStatus }) {
  const t = useT()
  return (
    <Badge className={TONE[status] ?? 'bg-slate-100 text-slate-800'} data={{ 'data-application-status': status }}>
      {t(`applications.status.${status}`)}
    </Badge>
  )
}
