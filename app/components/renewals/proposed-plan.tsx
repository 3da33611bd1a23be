import { Form, Link } from '@remix-run/react'
import { TargetFields, TargetTable } from '~/components/plans/plan-lines'
import { Field, FormAlert } from '~/components/ui/field'
import { VersionField } from '~/components/ui/stale-notice'
import { formatShanghaiMinute } from '~/domain/dates'
import type { MessageKey } from '~/i18n'
import { useT } from '~/i18n/use-t'
import type { ProposedPlan } from '~/models/renewal-plans.server'
import type { FieldErrors } from '~/utils/forms'

// The next period's indicator plan on a renewal's page (issue 16): the lab's form while the renewal
// is undecided, the bureau's approve / return form once submitted, otherwise the targets as read.
// `feedback` is the action's answer to one of the plan's own forms (stale answers already taken out).
export function ProposedPlanSection({
  labId,
  proposed,
  feedback,
}: {
  labId: number
  proposed: ProposedPlan
  feedback?: { intent: string; errors?: FieldErrors; values?: Record<string, string> }
}) {
  const t = useT()
  const { plan, lines } = proposed
  // a renewal decided without a proposed plan (or before there were any) has nothing to show
  if (proposed.renewalDecided && !plan) return null
  const status = plan?.status ?? 'none'
  const editFeedback = feedback?.intent === 'savePlan' || feedback?.intent === 'submitPlan' ? feedback : undefined
  const decideFeedback = feedback?.intent === 'approvePlan' || feedback?.intent === 'returnPlan' ? feedback : undefined
  return (
    <section id="proposed-plan" className="card space-y-3" aria-labelledby="proposed-plan-title" data-testid="proposed-plan">
      <h2 id="proposed-plan-title" className="font-semibold">
        {t('renewalPlan.title', { n: proposed.sequence })}
      </h2>
      <p className="text-sm text-slate-600">{t('renewalPlan.intro')}</p>
      <p className="text-sm" data-testid="proposed-plan-status">
        {t('plan.status')}: {t(`plan.status.${status}` as MessageKey)}
        {plan?.decidedAt && plan.decidedBy
          ? ` · ${t('plan.decided', { who: plan.decidedBy, at: formatShanghaiMinute(plan.decidedAt) })}`
          : null}
      </p>
      {plan?.status === 'returned' && plan.returnReason ? (
        <p className="field-warning">{t('plan.returnReason', { reason: plan.returnReason })}</p>
      ) : null}
      {proposed.renewalDecided && plan ? (
        plan.periodId !== null ? (
          <p className="text-sm" data-testid="proposed-plan-carried">
            {t('renewalPlan.carried', { n: proposed.sequence })}{' '}
            <Link to={`/labs/${labId}/plan?period=${plan.periodId}`} className="link">
              {t('renewalPlan.openPeriodPlan')}
            </Link>
          </p>
        ) : (
          <p className="text-sm text-slate-600">{t('renewalPlan.notCarried')}</p>
        )
      ) : null}
      {proposed.canEdit ? (
        <Form method="post" key={plan?.rowVersion ?? 0} className="space-y-3" noValidate data-testid="proposed-plan-form">
          <VersionField version={plan?.rowVersion ?? 0} />
          <FormAlert errors={editFeedback?.errors} />
          <p className="text-xs text-slate-500">{t('plan.targetHint')}</p>
          <TargetFields lines={lines} errors={editFeedback?.errors} typed={editFeedback?.values} />
          {proposed.canSubmit ? null : <p className="text-sm text-slate-600">{t('renewalPlan.submitAfterApplication')}</p>}
          <div className="flex gap-2">
            <button className="btn" name="intent" value="savePlan">
              {t('renewalPlan.save')}
            </button>
            {proposed.canSubmit ? (
              <button className="btn btn-primary" name="intent" value="submitPlan">
                {t('renewalPlan.submit')}
              </button>
            ) : null}
          </div>
        </Form>
      ) : plan ? (
        <TargetTable lines={lines} testId="proposed-plan-targets" />
      ) : (
        <p className="text-sm text-slate-600">{t('renewalPlan.none')}</p>
      )}
      {proposed.canDecide && plan ? (
        <Form method="post" className="space-y-2 border-t pt-3" noValidate data-testid="proposed-plan-decide">
          <VersionField version={plan.rowVersion} />
          <FormAlert errors={decideFeedback?.errors} />
          <Field name="reason" idPrefix="plan" label={t('plan.reason')} errors={decideFeedback?.errors}>
            {(p) => <textarea {...p} className="input" rows={3} defaultValue={decideFeedback?.values?.reason ?? ''} />}
          </Field>
          <div className="flex gap-2">
            <button className="btn btn-primary" name="intent" value="approvePlan">
              {t('renewalPlan.approve')}
            </button>
            <button className="btn" name="intent" value="returnPlan">
              {t('renewalPlan.return')}
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  )
}
