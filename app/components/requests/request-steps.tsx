import { Form, useNavigation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { REQUEST_LIMITS } from '~/domain/resource-requests'
import { requestStepNeedsComment, type RequestStep } from '~/domain/request-workflow'
import { VersionField } from '~/components/ui/stale-notice'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'
import { ConfirmSubmit } from '~/components/ui/confirm-submit'

export type RequestStepFeedback = { intent: string; errors?: FieldErrors; values?: Record<string, unknown> }

// One small form per step the workflow offers this user now (availableRequestSteps); the server
// checks the same table again whatever was shown. A step that failed shows its messages and
// keeps what was typed.
export function RequestSteps({
  steps,
  feedback,
  asked,
  unitLabel,
  today,
  version,
}: {
  steps: RequestStep[]
  feedback?: RequestStepFeedback
  // the request's row version the page shows: every step form posts it
  version: number
  asked: number
  unitLabel: string
  today: string
}) {
  if (steps.length === 0) return null
  return (
    <div className="grid gap-4 md:grid-cols-2" data-testid="request-steps">
      {steps.map((step) => (
        <StepForm
          key={step}
          step={step}
          feedback={feedback?.intent === step ? feedback : undefined}
          asked={asked}
          unitLabel={unitLabel}
          today={today}
          version={version}
        />
      ))}
    </div>
  )
}

function StepForm({
  step,
  feedback,
  asked,
  unitLabel,
  today,
  version,
}: {
  step: RequestStep
  feedback?: RequestStepFeedback
  asked: number
  unitLabel: string
  today: string
  version: number
}) {
  const t = useT()
  const navigation = useNavigation()
  const errors = feedback?.errors
  const typed = (name: string, fallback = '') =>
    typeof feedback?.values?.[name] === 'string' ? (feedback.values[name] as string) : fallback
  const id = (name: string) => `${step}-${name}`
  const formError = errors?._form
  const danger = step === 'reject' || step === 'withdraw' || step === 'return'
  return (
    <Form method="post" className="space-y-2 rounded border border-slate-200 p-3" data-step={step} noValidate>
      <input type="hidden" name="intent" value={step} />
      <VersionField version={version} />
      <p className="text-sm text-slate-600">{t(`requests.stepHint.${step}`)}</p>
      {formError ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-800" data-testid={`error-${step}`}>
          {t(formError.key, formError.vars)}
        </p>
      ) : null}
      {step === 'district_opinion' ? (
        <fieldset aria-describedby={errors?.opinion ? id('opinion-error') : undefined}>
          <legend className="label">
            {t('requests.field.opinion')}
            <Required />
          </legend>
          <div className="flex gap-4 py-1">
            {(['support', 'oppose'] as const).map((o) => (
              <label key={o} className="inline-flex items-center gap-1 text-sm">
                <input type="radio" name="opinion" value={o} defaultChecked={typed('opinion') === o} />
                {t(`requests.opinion.${o}`)}
              </label>
            ))}
          </div>
          <FieldError id={id('opinion-error')} error={errors?.opinion} />
        </fieldset>
      ) : null}
      {step === 'partly_approve' ? (
        <StepInput
          id={id('grantedQuantity')}
          label={`${t('requests.field.grantedQuantity')}（${unitLabel}）`}
          required
          hint={t('requests.field.grantedHint', { asked })}
          error={errors?.grantedQuantity}
        >
          <input
            id={id('grantedQuantity')}
            name="grantedQuantity"
            className="input"
            inputMode="decimal"
            defaultValue={typed('grantedQuantity')}
            aria-invalid={Boolean(errors?.grantedQuantity)}
          />
        </StepInput>
      ) : null}
      {step === 'fulfil' ? (
        <>
          <StepInput id={id('fulfilledOn')} label={t('requests.field.fulfilledOn')} required error={errors?.fulfilledOn}>
            <input
              id={id('fulfilledOn')}
              name="fulfilledOn"
              type="date"
              max={today}
              className="input"
              defaultValue={typed('fulfilledOn', today)}
              aria-invalid={Boolean(errors?.fulfilledOn)}
            />
          </StepInput>
          <StepInput
            id={id('deliveredQuantity')}
            label={`${t('requests.field.deliveredQuantity')}（${unitLabel}）`}
            error={errors?.deliveredQuantity}
          >
            <input
              id={id('deliveredQuantity')}
              name="deliveredQuantity"
              className="input"
              inputMode="decimal"
              defaultValue={typed('deliveredQuantity')}
              aria-invalid={Boolean(errors?.deliveredQuantity)}
            />
          </StepInput>
          <StepInput id={id('deliveryNote')} label={t('requests.field.deliveryNote')} required error={errors?.deliveryNote}>
            <textarea
              id={id('deliveryNote')}
              name="deliveryNote"
              rows={3}
              className="input"
              maxLength={REQUEST_LIMITS.deliveryNote}
              defaultValue={typed('deliveryNote')}
              aria-invalid={Boolean(errors?.deliveryNote)}
            />
          </StepInput>
        </>
      ) : null}
      <StepInput
        id={id('comment')}
        label={step === 'reject' ? t('requests.field.reason') : t('requests.field.comment')}
        required={requestStepNeedsComment(step)}
        error={errors?.comment}
      >
        <textarea
          id={id('comment')}
          name="comment"
          rows={3}
          className="input"
          maxLength={REQUEST_LIMITS.comment}
          defaultValue={typed('comment')}
          aria-invalid={Boolean(errors?.comment)}
        />
      </StepInput>
      {isConfirmedStep(step) ? (
        <ConfirmSubmit
          className={danger ? 'btn' : 'btn-primary'}
          danger={step !== 'approve' && step !== 'partly_approve'}
          label={t(`requests.step.${step}`)}
          disabled={navigation.state === 'submitting'}
          question={t(`confirm.request.${step}.question`)}
          consequence={<p>{t(`confirm.request.${step}.body`)}</p>}
        />
      ) : (
        <button type="submit" className={danger ? 'btn' : 'btn-primary'} disabled={navigation.state === 'submitting'}>
          {t(`requests.step.${step}`)}
        </button>
      )}
    </Form>
  )
}

// the steps that end something for good: a withdrawal, and the bureau's decision
const CONFIRMED_STEPS = ['withdraw', 'reject', 'approve', 'partly_approve'] as const
const isConfirmedStep = (step: RequestStep): step is (typeof CONFIRMED_STEPS)[number] =>
  (CONFIRMED_STEPS as readonly string[]).includes(step)

function Required() {
  return (
    <span className="ml-1 text-red-700" aria-hidden>
      *
    </span>
  )
}

function FieldError({ id, error }: { id: string; error?: FieldErrors[string] }) {
  const t = useT()
  if (!error) return null
  return (
    <p id={id} className="field-error" role="alert" data-testid={`error-${id}`}>
      {t(error.key, error.vars)}
    </p>
  )
}

function StepInput({
  id,
  label,
  required,
  hint,
  error,
  children,
}: {
  id: string
  label: string
  required?: boolean
  hint?: string
  error?: FieldErrors[string]
  children: ReactNode
}) {
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
        {required ? <Required /> : null}
      </label>
      {children}
      {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
      <FieldError id={`${id}-error`} error={error} />
    </div>
  )
}
