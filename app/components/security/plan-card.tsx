import { formatShanghaiTime } from '~/domain/dates'
import type { MessageKey } from '~/i18n'
import { useT } from '~/i18n/use-t'
import type { PlanRow, PlanState } from '~/models/security.server'

const STATE_STYLE: Record<PlanState, string> = {
  ok: 'bg-green-100 text-green-900',
  due_soon: 'bg-amber-100 text-amber-900',
  overdue: 'bg-red-100 text-red-900',
  none: 'bg-red-100 text-red-900',
  not_tracked: 'bg-slate-100 text-slate-700',
}

export function PlanStateBadge({ state }: { state: PlanState }) {
  const t = useT()
  return (
    <span
      className={`inline-flex whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ${STATE_STYLE[state]}`}
      data-testid="plan-state"
      data-state={state}
    >
      {t(`security.plan.state.${state}`)}
    </span>
  )
}

/** Who acknowledged a version and when, or that it awaits the bureau. */
export function AcknowledgementText({ plan }: { plan: Pick<PlanRow, 'acknowledgedAt' | 'acknowledgedByName'> }) {
  const t = useT()
  if (!plan.acknowledgedAt) return <span className="text-amber-800">{t('security.plan.notAcknowledged')}</span>
  const time = formatShanghaiTime(plan.acknowledgedAt)
  return (
    <span>
      {plan.acknowledgedByName
        ? t('security.plan.acknowledgedBy', { name: plan.acknowledgedByName, time })
        : t('security.plan.acknowledgedAt', { time })}
    </span>
  )
}

// The current version (latest by approval date) with the stored check's verdict on it.
export function PlanCard({
  plan,
  state,
  check,
}: {
  plan: PlanRow | null
  state: PlanState
  check: { reasonKey: string; reasonParams: Record<string, string | number> } | null
}) {
  const t = useT()
  return (
    <section className="card space-y-3" aria-labelledby="plan-title" data-testid="plan-card">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="plan-title" className="font-semibold">
          {t('security.plan.title')}
        </h2>
        <PlanStateBadge state={state} />
      </div>
      {check ? (
        <p className="text-sm text-slate-700">
          {t('security.plan.check', { reason: t(check.reasonKey as MessageKey, check.reasonParams) })}
        </p>
      ) : null}
      {plan ? (
        <dl className="grid gap-x-6 gap-y-2 text-sm md:grid-cols-2">
          <Item term={t('security.plan.current')} value={plan.version} />
          <Item term={t('security.plan.approvedOn')} value={plan.approvedOn} />
          <Item term={t('security.plan.nextReviewOn')} value={plan.nextReviewOn} />
          <Item term={t('security.plan.responsiblePerson')} value={plan.responsiblePerson} />
          <Item term={t('security.plan.contact24h')} value={plan.contact24h} />
          <div>
            <dt className="text-slate-500">{t('security.plan.acknowledgement')}</dt>
            <dd>
              <AcknowledgementText plan={plan} />
            </dd>
          </div>
          <Item className="md:col-span-2" term={t('security.plan.scope')} value={plan.scope} />
        </dl>
      ) : (
        <p className="text-sm text-slate-600">{t('security.plan.none')}</p>
      )}
    </section>
  )
}

// a term and its value; className places the pair in the list's grid (a <dl> holds dt/dd in a div, no deeper)
function Item({ term, value, className }: { term: string; value: string; className?: string }) {
  return (
    <div className={className}>
      <dt className="text-slate-500">{term}</dt>
      <dd className="whitespace-pre-wrap">{value}</dd>
    </div>
  )
}
