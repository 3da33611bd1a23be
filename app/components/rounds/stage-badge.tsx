import type { RoundProgress } from '~/domain/certification/round-progress'
import { useT } from '~/i18n/use-t'
import { Badge } from '~/components/ui/badge'

const TONE: Record<RoundProgress, string> = {
  open: 'bg-green-100 text-green-800',
  recommending: 'bg-amber-100 text-amber-900',
  reviewing: 'bg-slate-200 text-slate-800',
  shortlisted: 'bg-sky-100 text-sky-900',
  in_notice: 'bg-violet-100 text-violet-900',
  certified: 'bg-emerald-100 text-emerald-900',
  closed: 'bg-slate-100 text-slate-700',
}

/** Where a round stands (roundProgress): its dates, then how far its applications got. */
export function RoundStageBadge({ stage }: { stage: RoundProgress }) {
  const t = useT()
  return (
    <Badge className={TONE[stage]} data={{ 'data-round-stage': stage }}>
      {t(`rounds.stage.${stage}`)}
    </Badge>
  )
}
