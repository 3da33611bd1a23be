import { Link } from '@remix-run/react'
import { useT } from '~/i18n/use-t'
import { PIPELINE_STAGES, pipelineHref, type PipelineFilter, type PipelineStage } from '~/models/renewal-pipeline-params'

// Stages the bureau must act on read red once they hold anything; the rest by their place in the flow.
const TONES: Record<PipelineStage, string> = {
  upcoming: 'border-sky-600',
  not_applied: 'border-red-700',
  applied: 'border-amber-500',
  under_review: 'border-indigo-600',
  rectifying: 'border-orange-600',
  decided: 'border-green-700',
}

/**
 * One tile per stage with its count under the current filters (the stage aside); each opens the
 * table filtered to that stage, so the count is the table's total. The selected stage is marked.
 */
export function PipelineTiles({ counts, filter }: { counts: Record<PipelineStage, number>; filter: PipelineFilter }) {
  const t = useT()
  return (
    <nav aria-label={t('renewalPipeline.tiles')} className="grid gap-3 sm:grid-cols-3 xl:grid-cols-6">
      {PIPELINE_STAGES.map((stage) => {
        const to = pipelineHref({
          ...filter,
          stage: filter.stage === stage ? undefined : stage,
          ...(stage === 'decided' ? { sort: 'decided', dir: 'desc' } : {}),
        })
        const selected = filter.stage === stage
        const tone = stage === 'not_applied' && counts[stage] === 0 ? 'border-slate-300' : TONES[stage]
        return (
          <Link
            key={stage}
            to={to}
            className={`card block border-l-4 ${tone} hover:shadow ${selected ? 'ring-2 ring-sky-700' : ''}`}
            aria-current={selected ? 'page' : undefined}
            data-testid={`pipeline-tile-${stage}`}
            data-href={to}
            preventScrollReset
          >
            <div className="text-sm text-slate-600">{t(`renewals.stage.${stage}`)}</div>
            <div className="mt-1 text-3xl font-semibold tabular-nums" data-testid="tile-value">
              {counts[stage]}
            </div>
          </Link>
        )
      })}
    </nav>
  )
}
