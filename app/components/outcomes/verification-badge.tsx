import type { OutcomeVerification } from '~db/schema/enums'
import { Badge } from '~/components/ui/badge'
import { useT } from '~/i18n/use-t'

const VERIFICATION_CLASSES: Record<OutcomeVerification, string> = {
  unverified: 'bg-slate-200 text-slate-800',
  checked: 'bg-sky-700 text-white',
  verified: 'bg-green-700 text-white',
  disputed: 'bg-amber-700 text-white',
}

export function OutcomeVerificationBadge({ verification }: { verification: OutcomeVerification }) {
  const t = useT()
  return (
    <Badge className={VERIFICATION_CLASSES[verification]} data={{ 'data-verification': verification }}>
      {t(`outcomes.verification.${verification}`)}
    </Badge>
  )
}
