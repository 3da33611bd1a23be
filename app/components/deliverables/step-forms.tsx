import { Form, useNavigation } from '@remix-run/react'
import { OptionsSelect } from '~/components/ui/options-select'
import { useActiveGradeOptions } from '~/components/filings/grade-label'
import { OpinionField } from '~/components/filings/opinion-field'
import { StepCommentField } from '~/components/filings/step-comment-field'
import { useRecordWarnings, type DecisionFactsData, RecordLines } from '~/components/compliance/decision-facts'
import { ConfirmSubmit } from '~/components/ui/confirm-submit'
import { stepNeedsGrade, type FilingStep } from '~/domain/filing-workflow'
import type { Grade } from '~/domain/grades'
import { DELIVERABLE_LIMITS } from '~/domain/deliverables'
import { VersionField } from '~/components/ui/stale-notice'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

export type StepFeedback = { intent: string; errors?: FieldErrors; values?: Record<string, unknown> }

// One small form per step the workflow offers this user now (availableSteps); the server checks
// the same table again whatever was shown. A step that failed shows its messages and keeps the
// comment typed. Accepting offers the active grades of `grades` (the whole scale, in order).
export function StepForms({
  steps,
  feedback,
  grades,
  version,
  facts,
}: {
  // the lab's record: accepting names its failing checks and violations in the dialog
  facts?: Pick<DecisionFactsData, 'failing' | 'warning' | 'counting'> | null
  steps: FilingStep[]
  feedback?: StepFeedback
  grades: readonly Grade[]
  // the deliverable's row version the page shows: every step form posts it
  version: number
}) {
  const t = useT()
  if (steps.length === 0) return <p className="text-sm text-slate-600">{t('deliverables.noSteps')}</p>
  return (
    <div className="grid gap-4 md:grid-cols-2" data-testid="step-forms">
      {steps.map((step) => (
        <StepForm
          key={step}
          step={step}
          feedback={feedback?.intent === step ? feedback : undefined}
          grades={grades}
          version={version}
          facts={facts}
        />
      ))}
    </div>
  )
}

function StepForm({
  step,
  feedback,
  grades,
  version,
  facts,
}: {
  step: FilingStep
  feedback?: StepFeedback
  grades: readonly Grade[]
  version: number
  facts?: Pick<DecisionFactsData, 'failing' | 'warning' | 'counting'> | null
}) {
  const t = useT()
  const record = useRecordWarnings(facts)
  const gradeOptions = useActiveGradeOptions(grades)
  const navigation = useNavigation()
  const errors = feedback?.errors
  const typed = (name: string) => (typeof feedback?.values?.[name] === 'string' ? (feedback.values[name] as string) : '')
  const withGrade = step === 'accept'
  const formError = errors?._form
  const gradeError = errors?.grade
  const id = (name: string) => `${step}-${name}`
  return (
    <Form method="post" className="space-y-2 rounded border border-slate-200 p-3" data-step={step} noValidate>
      <input type="hidden" name="intent" value={step} />
      <VersionField version={version} />
      <p className="text-sm text-slate-600">{t(`deliverables.stepHint.${step}`)}</p>
      {formError ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-800" data-testid={`error-${step}`}>
          {t(formError.key, formError.vars)}
        </p>
      ) : null}
      {withGrade ? (
        <div>
          <label htmlFor={id('grade')} className="label">
            {t('deliverables.field.grade')}
            {stepNeedsGrade(step, 'deliverable') ? (
              <span className="ml-1 text-red-700" aria-hidden>
                *
              </span>
            ) : null}
          </label>
          <OptionsSelect
            id={id('grade')}
            name="grade"
            defaultValue={typed('grade')}
            aria-invalid={Boolean(gradeError)}
            blank={t('deliverables.grade.none')}
            options={gradeOptions}
          />
          {gradeError ? (
            <p className="field-error" role="alert">
              {t(gradeError.key, gradeError.vars)}
            </p>
          ) : null}
        </div>
      ) : null}
      {step === 'district_opinion' ? <OpinionField defaultValue={typed('opinion')} error={errors?.opinion} /> : null}
      <StepCommentField
        step={step}
        label={step === 'district_opinion' ? t('filings.opinion.reasons') : t('deliverables.field.comment')}
        maxLength={DELIVERABLE_LIMITS.comment}
        rows={3}
        defaultValue={typed('comment')}
        error={errors?.comment}
      />
      {step === 'accept' ? (
        <ConfirmSubmit
          className="btn-primary"
          danger={false}
          label={t(`deliverables.step.${step}`)}
          disabled={navigation.state === 'submitting'}
          question={t('confirm.filing.accept.question')}
          consequence={
            <>
              <p>{t('confirm.filing.accept.body')}</p>
              <RecordLines lines={record} />
            </>
          }
        />
      ) : (
        <button type="submit" className={step === 'return' ? 'btn' : 'btn-primary'} disabled={navigation.state === 'submitting'}>
          {t(`deliverables.step.${step}`)}
        </button>
      )}
    </Form>
  )
}
