import { Form, Link } from '@remix-run/react'
import { AttachmentList } from '~/components/attachments/attachment-list'
import { FormAlert } from '~/components/ui/field'
import { VersionField } from '~/components/ui/stale-notice'
import { useT } from '~/i18n/use-t'
import type { PlanRow } from '~/models/security.server'
import type { FieldErrors } from '~/utils/forms'
import { AcknowledgementText } from './plan-card'
import { ConfirmSubmit } from '~/components/ui/confirm-submit'

// Every version of the plan, newest approval first, each with its documents. The lab corrects
// (and removes documents of) a version until the bureau acknowledges it; the bureau acknowledges.
export function PlanVersions({
  plans,
  currentPlanId,
  canEdit,
  canAcknowledge,
  acknowledgeErrors,
}: {
  plans: PlanRow[]
  currentPlanId: number | null
  canEdit: boolean
  canAcknowledge: boolean
  acknowledgeErrors?: { planId: string; errors: FieldErrors }
}) {
  const t = useT()
  if (plans.length === 0) return null
  return (
    <div className="table-scroll" tabIndex={0}>
      <table className="min-w-full" data-testid="plan-versions">
        <thead>
          <tr>
            <th className="th">{t('security.plan.version')}</th>
            <th className="th">{t('security.plan.approvedOn')}</th>
            <th className="th">{t('security.plan.nextReviewOn')}</th>
            <th className="th">{t('security.plan.responsiblePerson')}</th>
            <th className="th">{t('security.plan.documents')}</th>
            <th className="th">{t('security.plan.acknowledgement')}</th>
          </tr>
        </thead>
        <tbody>
          {plans.map((p) => (
            <tr key={p.id} id={`plan-${p.id}`} data-plan={p.id} className="align-top">
              <td className="td whitespace-nowrap">
                <span className="font-medium">{p.version}</span>
                {p.id === currentPlanId ? (
                  <span className="ml-2 rounded bg-sky-100 px-1.5 py-0.5 text-xs text-sky-900">{t('security.plan.currentBadge')}</span>
                ) : null}
                <p className="mt-1 max-w-xs whitespace-pre-wrap text-xs text-slate-600">{p.scope}</p>
              </td>
              <td className="td token tabular-nums">{p.approvedOn}</td>
              <td className="td token tabular-nums">{p.nextReviewOn}</td>
              <td className="td text-sm">
                {p.responsiblePerson}
                <p className="text-xs text-slate-600">{p.contact24h}</p>
              </td>
              <td className="td min-w-64">
                <AttachmentList attachments={p.documents} canRemove={canEdit && !p.acknowledgedAt && p.documents.length > 1} />
              </td>
              <td className="td text-sm">
                <AcknowledgementText plan={p} />
                {canAcknowledge && !p.acknowledgedAt ? (
                  <AcknowledgeButton plan={p} errors={acknowledgeErrors?.planId === String(p.id) ? acknowledgeErrors.errors : undefined} />
                ) : null}
                {canEdit && !p.acknowledgedAt ? (
                  <p className="mt-2">
                    <Link to={`?edit=${p.id}#plan-form`} className="link" preventScrollReset>
                      {t('security.plan.edit')}
                    </Link>
                  </p>
                ) : null}
                {canEdit && p.acknowledgedAt ? <p className="mt-1 text-xs text-slate-500">{t('security.plan.locked')}</p> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function AcknowledgeButton({ plan, errors }: { plan: PlanRow; errors?: FieldErrors }) {
  const t = useT()
  return (
    <Form method="post" className="mt-2 space-y-1">
      <FormAlert errors={errors} />
      <input type="hidden" name="intent" value="acknowledge" />
      <input type="hidden" name="planId" value={plan.id} />
      <VersionField version={plan.rowVersion} />
      <ConfirmSubmit
        className="btn-primary"
        danger={false}
        label={t('security.plan.acknowledge')}
        question={t('confirm.plan.question', { version: plan.version })}
        consequence={<p>{t('confirm.plan.body')}</p>}
      />
    </Form>
  )
}
