import type { RenewalDecision, RenewalStatus } from '~db/schema/enums'
import { useT } from '~/i18n/use-t'
import { Badge } from '~/components/ui/badge'

const CLASSES: Record<RenewalStatus, string> = {
  draft: 'bg-slate-200 text-slate-800',
  submitted: 'bg-sky-700 text-white',
  under_review: 'bg-indigo-700 text-white',
  rectifying: 'bg-amber-700 text-white',
  decided: 'bg-slate-600 text-white',
}

export function RenewalStatusBadge({ status }: { status: RenewalStatus }) {
  const t = useT()
  return (
    <Badge className={CLASSES[status]} data={{ 'data-renewal-status': status }}>
      {t(`renewals.status.${status}`)}
    </Badge>
  )
}

const DECISION_CLASSES: Record<RenewalDecision, string> = {
  renew: 'bg-green-700 text-white',
  renew_after_rectification: 'bg-amber-700 text-white',
  not_renew: 'bg-red-700 text-white',
  revoke: 'bg-red-900 text-white',
}

export function DecisionBadge({ decision }: { decision: RenewalDecision }) {
  const t = useT()
  return (
    <Badge className={DECISION_CLASSES[decision]} data={{ 'data-decision': decision }}>
      {t(`renewals.decision.${decision}`)}
    </Badge>
  )
}
