import { Form } from '@remix-run/react'
import { OptionsSelect } from '~/components/ui/options-select'
import { useActiveGradeOptions } from '~/components/filings/grade-label'
import { OpinionField } from '~/components/filings/opinion-field'
import { StepCommentField } from '~/components/filings/step-comment-field'
import { useRecordWarnings, type DecisionFactsData, RecordLines } from '~/components/compliance/decision-facts'
import { ConfirmSubmit } from '~/components/ui/confirm-submit'
import { Field, FormAlert } from '~/components/ui/field'
import { REPORT_LIMITS } from '~/domain/annual-report'
import type { Grade } from '~/domain/grades'
import { VersionField } from '~/components/ui/stale-notice'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

export const REVIEW_STEPS = ['district_opinion', 'return', 'accept'] as const
export type ReviewStep = (typeof REVIEW_STEPS)[number]

// The district's opinion and the bureau's decision, one form per step the workflow offers this
// user now (app/domain/filing-workflow.ts decides which). Accepting offers the active grades of
// `grades` (the whole scale, in order).
export function ReviewSteps({
  steps,
  failed,
  grades,
  version,
  facts,
}: {
  // the lab's record: accepting names its failing checks and violations in the dialog
  facts?: Pick<DecisionFactsData, 'failing' | 'warning' | 'counting'> | null
  steps: ReviewStep[]
  grades: readonly Grade[]
  // the report's row version the page shows: every step form posts it
  version: number
  // the step whose form was sent back with errors, and what it held
  failed?: { intent: string; errors?: FieldErrors; values: Record<string, string> }
}) {
  if (steps.length === 0) return null
  return (
    <div className="grid gap-4 md:grid-cols-2" data-testid="review-steps">
      {steps.map((step) => (
        <StepForm
          key={step}
          step={step}
          failed={failed?.intent === step ? failed : undefined}
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
  failed,
  grades,
  version,
  facts,
}: {
  step: ReviewStep
  failed?: { errors?: FieldErrors; values: Record<string, string> }
  grades: readonly Grade[]
  version: number
  facts?: Pick<DecisionFactsData, 'failing' | 'warning' | 'counting'> | null
}) {
  const t = useT()
  const record = useRecordWarnings(facts)
  const gradeOptions = useActiveGradeOptions(grades)
  const errors = failed?.errors
  const v = failed?.values ?? {}
  return (
    <Form method="post" className="card space-y-3" noValidate aria-labelledby={`step-${step}`}>
      <h2 id={`step-${step}`} className="font-semibold">
        {t(`reports.step.${step}.title`)}
      </h2>
      <p className="text-xs text-slate-500">{t(`reports.step.${step}.hint`)}</p>
      <input type="hidden" name="intent" value={step} />
      <VersionField version={version} />
      <FormAlert errors={errors} />
      {step === 'accept' ? (
        <Field name="grade" label={t('reports.field.grade')} errors={errors} required>
          {(p) => <OptionsSelect {...p} defaultValue={v.grade ?? ''} blank={t('reports.step.chooseGrade')} options={gradeOptions} />}
        </Field>
      ) : null}
      {step === 'district_opinion' ? <OpinionField defaultValue={v.opinion ?? ''} error={errors?.opinion} /> : null}
      <StepCommentField
        step={step}
        label={step === 'district_opinion' ? t('filings.opinion.reasons') : t('reports.field.comment')}
        maxLength={REPORT_LIMITS.comment}
        rows={4}
        defaultValue={v.comment ?? ''}
        error={errors?.comment}
      />
      {step === 'accept' ? (
        <ConfirmSubmit
          className="btn-primary"
          danger={false}
          label={t(`reports.step.${step}.button`)}
          question={t('confirm.filing.accept.question')}
          consequence={
            <>
              <p>{t('confirm.filing.accept.body')}</p>
              <RecordLines lines={record} />
            </>
          }
        />
      ) : (
        <button type="submit" className={step === 'return' ? 'btn-danger' : 'btn-primary'}>
          {t(`reports.step.${step}.button`)}
        </button>
      )}
    </Form>
  )
}
