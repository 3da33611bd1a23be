import { Form } from '@remix-run/react'
import { useState } from 'react'
import { AttachmentInput } from '~/components/attachments/attachment-input'
import { Field, FormAlert } from '~/components/ui/field'
import { isIsoDate } from '~/domain/dates'
import { planReviewDate } from '~/domain/security'
import { VersionField } from '~/components/ui/stale-notice'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

// A version of the emergency plan: a new one (its document required) or a correction of one the
// bureau has not acknowledged (files sent along are added). The next review follows the approval
// date (approval + the bureau's review cycle) until the lab types its own, earlier date.
export function PlanForm({
  intent,
  planId,
  version,
  values,
  errors,
  reviewMonths,
  maxMb,
  today,
  submitLabel,
  limits,
}: {
  intent: 'addPlan' | 'updatePlan'
  planId?: number
  // the version's row version when editing it
  version?: number
  values: Record<string, string | null | undefined>
  errors?: FieldErrors
  reviewMonths: number
  maxMb: number
  today: string
  submitLabel: string
  // PLAN_LIMITS of the model, from the loader
  limits: { version: number; scope: number; responsiblePerson: number }
}) {
  const t = useT()
  const v = (name: string) => values[name] ?? ''
  const [approvedOn, setApprovedOn] = useState(v('approvedOn'))
  const [nextReviewOn, setNextReviewOn] = useState(v('nextReviewOn'))
  const [ownReview, setOwnReview] = useState(v('nextReviewOn') !== '')
  const latest = isIsoDate(approvedOn) ? planReviewDate({ approvedOn, months: reviewMonths }) : undefined
  const isNew = intent === 'addPlan'
  return (
    <Form
      method="post"
      encType="multipart/form-data"
      className="space-y-3"
      noValidate
      data-testid={isNew ? 'plan-form' : `plan-edit-${planId}`}
    >
      <input type="hidden" name="intent" value={intent} />
      {planId ? <input type="hidden" name="planId" value={planId} /> : null}
      {version !== undefined ? <VersionField version={version} /> : null}
      <FormAlert errors={errors} />
      <div className="grid gap-4 md:grid-cols-2">
        <Field name="version" label={t('security.plan.version')} hint={t('security.plan.versionHint')} errors={errors} required>
          {(p) => <input {...p} className="input" maxLength={limits.version} defaultValue={v('version')} />}
        </Field>
        <Field name="approvedOn" label={t('security.plan.approvedOn')} errors={errors} required>
          {(p) => (
            <input
              {...p}
              type="date"
              className="input"
              max={today}
              value={approvedOn}
              onChange={(e) => {
                const next = e.currentTarget.value
                setApprovedOn(next)
                if (!ownReview && isIsoDate(next)) setNextReviewOn(planReviewDate({ approvedOn: next, months: reviewMonths }))
              }}
            />
          )}
        </Field>
        <Field name="responsiblePerson" label={t('security.plan.responsiblePerson')} errors={errors} required>
          {(p) => <input {...p} className="input" maxLength={limits.responsiblePerson} defaultValue={v('responsiblePerson')} />}
        </Field>
        <Field name="contact24h" label={t('security.plan.contact24h')} hint={t('security.plan.contact24hHint')} errors={errors} required>
          {(p) => <input {...p} type="tel" className="input" defaultValue={v('contact24h')} />}
        </Field>
        <Field
          name="nextReviewOn"
          label={t('security.plan.nextReviewOn')}
          hint={t('security.plan.nextReviewHint', { months: reviewMonths })}
          errors={errors}
        >
          {(p) => (
            <input
              {...p}
              type="date"
              className="input"
              min={isIsoDate(approvedOn) ? approvedOn : undefined}
              max={latest}
              value={nextReviewOn}
              onChange={(e) => {
                setNextReviewOn(e.currentTarget.value)
                setOwnReview(e.currentTarget.value !== '')
              }}
            />
          )}
        </Field>
        <div className="md:col-span-2">
          <Field name="scope" label={t('security.plan.scope')} errors={errors} required>
            {(p) => <textarea {...p} rows={3} className="input" maxLength={limits.scope} defaultValue={v('scope')} />}
          </Field>
        </div>
        <div className="md:col-span-2">
          <AttachmentInput
            maxMb={maxMb}
            errors={errors}
            label={isNew ? t('security.plan.documentLabel') : t('security.plan.moreFiles')}
            required={isNew}
          />
        </div>
      </div>
      <button type="submit" className="btn-primary">
        {submitLabel}
      </button>
    </Form>
  )
}
