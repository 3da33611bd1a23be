import type { RoundStage } from '~/domain/certification/round-dates'
import { useT } from '~/i18n/use-t'
import { Badge } from '~/components/ui/badge'

const TONE: Record<RoundStage, string> = {
  open: 'bg-green-100 text-green-800',
  recommending: 'bg-amber-100 text-amber-900',
  reviewing: 'bg-slate-200 text-slate-800',
}

/** Where a round stands on its dates (roundStage). */
export function RoundStageBadge({ stage }: { stage: RoundStage }) {
  const t = useT()
  return (
    <Badge className={TONE[stage]} data={{ 'data-round-stage': stage }}>
      {t(`rounds.stage.${stage}`)}
    </Badge>
  )
}
