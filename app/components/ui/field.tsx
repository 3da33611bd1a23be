import type { ReactNode } from 'react'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

// A labelled form control with its error (and optional warning or hint) announced to
// screen readers. `children` receives the ids it must carry. A page with several forms gives each
// its own `idPrefix`, so two fields of one name keep distinct ids.
export function Field({
  name,
  label,
  errors,
  hint,
  warning,
  required,
  idPrefix = 'field',
  children,
}: {
  idPrefix?: string
  name: string
  label: string
  errors?: FieldErrors
  hint?: string
  warning?: string | null
  required?: boolean
  children: (props: { id: string; name: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }) => ReactNode
}) {
  const t = useT()
  const error = errors?.[name]
  const id = `${idPrefix}-${name}`
  const describedBy = [error ? `${id}-error` : null, warning ? `${id}-warning` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ')
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
        {required ? (
          <span className="ml-1 text-red-700" aria-hidden>
            *
          </span>
        ) : null}
      </label>
      {children({ id, name, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy || undefined })}
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert" data-testid={`error-${name}`}>
          {t(error.key, error.vars)}
        </p>
      ) : null}
      {warning ? (
        <p id={`${id}-warning`} className="field-warning" data-testid={`warning-${name}`}>
          {warning}
        </p>
      ) : null}
    </div>
  )
}

/**
 * A refusal no form on the page shows: the form it came from is not offered now (a step already
 * taken, a state that changed) or the submission was tampered with (issue 14). Its messages, at
 * the top, so a refused submission is never silent.
 */
export function RefusalNotice({ errors }: { errors?: FieldErrors }) {
  const t = useT()
  if (!errors || Object.keys(errors).length === 0) return null
  const messages = [...new Set(Object.values(errors).flatMap((e) => (e ? [t(e.key, e.vars)] : [])))]
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-800" data-testid="refusal-notice">
      {t('form.notSaved')} {messages.join(' ')}
    </div>
  )
}

export function FormAlert({ errors }: { errors?: FieldErrors }) {
  const t = useT()
  if (!errors || Object.keys(errors).length === 0) return null
  const formError = errors._form
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-800" data-testid="form-alert">
      {formError ? t(formError.key, formError.vars) : t('form.fixErrors')}
    </div>
  )
}
