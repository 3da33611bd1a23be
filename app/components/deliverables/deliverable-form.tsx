import { Form, useNavigation } from '@remix-run/react'
import { DELIVERABLE_FORMS, DELIVERABLE_TYPES, TRANSFER_STATUSES } from '~db/schema/enums'
import { AttachmentInput } from '~/components/attachments/attachment-input'
import { Field, FormAlert } from '~/components/ui/field'
import { OptionsSelect } from '~/components/ui/options-select'
import { DELIVERABLE_LIMITS } from '~/domain/deliverables'
import { formatWan } from '~/domain/money'
import { VersionField } from '~/components/ui/stale-notice'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

export type DeliverableFormValues = Record<string, string | string[] | number | null | undefined>
export type YearOption = { sequence: number; year: number; startDate: string; endDate: string }

// The lab's deliverable form, for a new draft and for editing a draft or a returned filing.
// `values` is what was typed (after a 400) or the stored row.
export function DeliverableForm({
  values,
  errors,
  years,
  intent,
  submitLabel,
  maxMb,
  version,
}: {
  // the deliverable's row version when editing it (none for a new one)
  version?: number
  values: DeliverableFormValues
  errors?: FieldErrors
  years: YearOption[]
  intent?: string
  submitLabel: string
  // the attachment size limit in MB, stated next to the file input
  maxMb: number
}) {
  const t = useT()
  const navigation = useNavigation()
  const text = (name: string) => {
    const v = values[name]
    return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : ''
  }
  // as typed (万元), or the stored whole yuan shown in 万元
  const transferValue =
    typeof values.transferValue === 'string'
      ? values.transferValue
      : typeof values.transferValueYuan === 'number'
        ? formatWan(values.transferValueYuan)
        : ''
  const ticked = new Set(Array.isArray(values.forms) ? values.forms : typeof values.forms === 'string' ? [values.forms] : [])
  const yearsHint = years
    .map(
      (y) =>
        `${t('deliverables.yearLabel', { sequence: y.sequence, year: y.year })} ${t('deliverables.yearRange', {
          start: y.startDate,
          end: y.endDate,
        })}`,
    )
    .join('；')
  return (
    <Form method="post" encType="multipart/form-data" className="space-y-4" noValidate data-testid="deliverable-form">
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      {version !== undefined ? <VersionField version={version} /> : null}
      <FormAlert errors={errors} />
      <section className="card grid gap-4 md:grid-cols-2">
        <div className="md:col-span-2">
          <Field name="title" label={t('deliverables.field.title')} errors={errors} required>
            {(p) => <input {...p} className="input" defaultValue={text('title')} maxLength={DELIVERABLE_LIMITS.title} />}
          </Field>
        </div>
        <Field name="type" label={t('deliverables.field.type')} errors={errors} required>
          {(p) => (
            <OptionsSelect
              {...p}
              defaultValue={text('type')}
              blank="—"
              options={DELIVERABLE_TYPES.map((v) => [v, t(`deliverables.type.${v}`)] as const)}
            />
          )}
        </Field>
        <FormsChoice ticked={ticked} errors={errors} />
        <Field
          name="completedOn"
          label={t('deliverables.field.completedOn')}
          errors={errors}
          required
          hint={[t('deliverables.field.completedOnHint'), yearsHint].filter(Boolean).join(' ')}
        >
          {(p) => <input {...p} type="date" className="input" defaultValue={text('completedOn')} />}
        </Field>
        <div className="md:col-span-2">
          <Field name="summary" label={t('deliverables.field.summary')} errors={errors} required hint={t('deliverables.field.summaryHint')}>
            {(p) => <textarea {...p} rows={6} className="input" defaultValue={text('summary')} maxLength={DELIVERABLE_LIMITS.summary} />}
          </Field>
        </div>
      </section>

      <section className="card grid gap-4 md:grid-cols-3">
        <p className="text-sm text-slate-600 md:col-span-3">{t('deliverables.field.transferHint')}</p>
        <Field name="transferStatus" label={t('deliverables.field.transferStatus')} errors={errors}>
          {(p) => (
            <OptionsSelect
              {...p}
              defaultValue={text('transferStatus') || 'none'}
              options={TRANSFER_STATUSES.map((v) => [v, t(`deliverables.transfer.${v}`)] as const)}
            />
          )}
        </Field>
        <Field name="transferPartner" label={t('deliverables.field.transferPartner')} errors={errors}>
          {(p) => <input {...p} className="input" defaultValue={text('transferPartner')} maxLength={DELIVERABLE_LIMITS.transferPartner} />}
        </Field>
        <Field name="transferValue" label={t('deliverables.field.transferValue')} errors={errors}>
          {(p) => <input {...p} className="input" defaultValue={transferValue} inputMode="decimal" />}
        </Field>
      </section>

      <section className="card">
        <AttachmentInput maxMb={maxMb} errors={errors} />
      </section>

      <button type="submit" className="btn-primary" disabled={navigation.state === 'submitting'}>
        {submitLabel}
      </button>
    </Form>
  )
}

// Several forms may apply, so checkboxes in a fieldset; the error is announced like a Field's.
function FormsChoice({ ticked, errors }: { ticked: Set<string>; errors?: FieldErrors }) {
  const t = useT()
  const error = errors?.forms
  return (
    <fieldset aria-describedby={error ? 'field-forms-error' : undefined}>
      <legend className="label">
        {t('deliverables.field.forms')}
        <span className="ml-1 text-red-700" aria-hidden>
          *
        </span>
      </legend>
      <div className="flex flex-wrap gap-4 py-1.5">
        {DELIVERABLE_FORMS.map((f) => (
          <label key={f} className="inline-flex items-center gap-1 text-sm">
            <input type="checkbox" name="forms" value={f} defaultChecked={ticked.has(f)} aria-invalid={Boolean(error)} />
            {t(`deliverables.form.${f}`)}
          </label>
        ))}
      </div>
      {error ? (
        <p id="field-forms-error" className="field-error" role="alert" data-testid="error-forms">
          {t(error.key, error.vars)}
        </p>
      ) : null}
    </fieldset>
  )
}
