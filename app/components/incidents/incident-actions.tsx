import { Form, useNavigation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { INCIDENT_GRADES, type IncidentGrade, type IncidentStatus } from '~db/schema/enums'
import { INCIDENT_LIMITS } from '~/domain/incidents'
import { VersionField } from '~/components/ui/stale-notice'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

export type ActionFeedback = { intent: string; errors?: FieldErrors; values?: Record<string, string> }

// The small forms of an incident page. Each carries its intent; a failed one shows its messages
// and keeps what was typed. Ids are prefixed by the intent, since several forms share field names.

function ActionForm({
  intent,
  feedback,
  children,
  submit,
  version,
}: {
  intent: string
  feedback?: ActionFeedback
  children: ReactNode
  submit: string
  // the incident's row version the page shows, for the forms that change it (a note only adds)
  version?: number
}) {
  const t = useT()
  const navigation = useNavigation()
  const formError = feedback?.errors?._form
  return (
    <Form method="post" className="space-y-2 rounded border border-slate-200 p-3" data-intent={intent} noValidate>
      <input type="hidden" name="intent" value={intent} />
      {version !== undefined ? <VersionField version={version} /> : null}
      {formError ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-800" data-testid={`error-${intent}`}>
          {t(formError.key, formError.vars)}
        </p>
      ) : null}
      {children}
      <button type="submit" className="btn-primary" disabled={navigation.state === 'submitting'}>
        {submit}
      </button>
    </Form>
  )
}

function TextArea({
  intent,
  name,
  label,
  feedback,
  hint,
}: {
  intent: string
  name: string
  label: string
  feedback?: ActionFeedback
  hint?: string
}) {
  const t = useT()
  const id = `${intent}-${name}`
  const error = feedback?.errors?.[name]
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
        <span className="ml-1 text-red-700" aria-hidden>
          *
        </span>
      </label>
      <textarea
        id={id}
        name={name}
        rows={3}
        className="input"
        maxLength={INCIDENT_LIMITS.note}
        defaultValue={feedback?.values?.[name] ?? ''}
        aria-invalid={Boolean(error)}
        aria-describedby={[error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined}
      />
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {t(error.key, error.vars)}
        </p>
      ) : null}
    </div>
  )
}

/** The one step the incident can take next, with its required note. */
export function StepForm({
  next,
  feedback,
  version,
}: {
  next: Exclude<IncidentStatus, 'open'>
  feedback?: ActionFeedback
  version: number
}) {
  const t = useT()
  return (
    <ActionForm intent="advance" feedback={feedback} submit={t(`incidents.step.${next}`)} version={version}>
      <input type="hidden" name="to" value={next} />
      <p className="text-sm text-slate-600">{t(`incidents.stepHint.${next}`)}</p>
      <TextArea intent="advance" name="note" label={t('incidents.field.stepNote')} feedback={feedback} />
    </ActionForm>
  )
}

export function NoteForm({ feedback }: { feedback?: ActionFeedback }) {
  const t = useT()
  return (
    <ActionForm intent="note" feedback={feedback} submit={t('incidents.note.submit')}>
      <TextArea intent="note" name="note" label={t('incidents.field.note')} feedback={feedback} hint={t('incidents.note.hint')} />
    </ActionForm>
  )
}

/** Correcting the grade recomputes the deadline from the new grade's hours. */
export function RegradeForm({
  grade,
  hours,
  feedback,
  version,
}: {
  grade: IncidentGrade
  hours: Record<IncidentGrade, number>
  feedback?: ActionFeedback
  version: number
}) {
  const t = useT()
  const error = feedback?.errors?.grade
  return (
    <ActionForm intent="regrade" feedback={feedback} submit={t('incidents.regrade.submit')} version={version}>
      <p className="text-sm text-slate-600">{t('incidents.regrade.hint')}</p>
      <div>
        <label htmlFor="regrade-grade" className="label">
          {t('incidents.field.newGrade')}
        </label>
        <select
          id="regrade-grade"
          name="grade"
          className="input"
          defaultValue={feedback?.values?.grade ?? grade}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? 'regrade-grade-error' : undefined}
        >
          {INCIDENT_GRADES.map((g) => (
            <option key={g} value={g}>
              {t('incidents.gradeWithHours', { grade: t(`incidents.grade.${g}`), hours: hours[g] })}
            </option>
          ))}
        </select>
        {error ? (
          <p id="regrade-grade-error" className="field-error" role="alert">
            {t(error.key, error.vars)}
          </p>
        ) : null}
      </div>
      <TextArea intent="regrade" name="reason" label={t('incidents.field.reason')} feedback={feedback} />
    </ActionForm>
  )
}
