import { stepNeedsComment, type FilingStep } from '~/domain/filing-workflow'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

// The comment of one workflow step's form; FILING_STEPS says whether the step needs one. Not
// <Field>: several step forms share a page, so the ids carry the step.
export function StepCommentField({
  step,
  label,
  maxLength,
  rows,
  defaultValue,
  error,
}: {
  step: FilingStep
  label: string
  maxLength: number
  rows: number
  defaultValue: string
  error?: FieldErrors[string]
}) {
  const t = useT()
  const id = `${step}-comment`
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
        {stepNeedsComment(step) ? (
          <span className="ml-1 text-red-700" aria-hidden>
            *
          </span>
        ) : null}
      </label>
      <textarea
        id={id}
        name="comment"
        rows={rows}
        maxLength={maxLength}
        className="input"
        defaultValue={defaultValue}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert" data-testid="error-comment">
          {t(error.key, error.vars)}
        </p>
      ) : null}
    </div>
  )
}
