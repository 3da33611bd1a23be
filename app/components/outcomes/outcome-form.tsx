import { Form, useNavigation } from '@remix-run/react'
import { AWARD_LEVELS, DELIVERABLE_FORMS, OUTCOME_KINDS, PATENT_STATUSES, STANDARD_LEVELS } from '~db/schema/enums'
import { AttachmentInput } from '~/components/attachments/attachment-input'
import { Field, FormAlert } from '~/components/ui/field'
import { OptionsSelect } from '~/components/ui/options-select'
import { VersionField } from '~/components/ui/stale-notice'
import { OUTCOME_LIMITS } from '~/domain/outcomes'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

export type OutcomeFormValues = Record<string, string | number | null | undefined>

// The lab's outcome form, for a new outcome and for editing one not yet verified. `values` is
// what was typed (after a 400) or the stored outcome (its value already in 万元 as text).
export function OutcomeForm({
  values,
  errors,
  intent,
  version,
  submitLabel,
  maxMb,
}: {
  values: OutcomeFormValues
  errors?: FieldErrors
  intent?: string
  version?: number
  submitLabel: string
  maxMb: number
}) {
  const t = useT()
  const navigation = useNavigation()
  const text = (name: string) => {
    const v = values[name]
    return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : ''
  }
  return (
    <Form method="post" encType="multipart/form-data" className="space-y-4" noValidate data-testid="outcome-form">
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      {version !== undefined ? <VersionField version={version} /> : null}
      <FormAlert errors={errors} />
      <section className="card grid gap-4 md:grid-cols-2">
        <div className="md:col-span-2">
          <Field name="title" label={t('outcomes.field.title')} errors={errors} required>
            {(p) => <input {...p} className="input" defaultValue={text('title')} maxLength={OUTCOME_LIMITS.title} />}
          </Field>
        </div>
        <Field name="form" label={t('outcomes.field.form')} errors={errors} required>
          {(p) => (
            <OptionsSelect
              {...p}
              defaultValue={text('form')}
              blank="—"
              options={DELIVERABLE_FORMS.map((v) => [v, t(`deliverables.form.${v}`)] as const)}
            />
          )}
        </Field>
        <Field name="kind" label={t('outcomes.field.kind')} errors={errors} required hint={t('outcomes.field.kindHint')}>
          {(p) => (
            <OptionsSelect
              {...p}
              defaultValue={text('kind')}
              blank="—"
              options={OUTCOME_KINDS.map((v) => [v, t(`outcomes.kind.${v}`)] as const)}
            />
          )}
        </Field>
        <Field name="occurredOn" label={t('outcomes.field.occurredOn')} errors={errors} required>
          {(p) => <input {...p} type="date" className="input" defaultValue={text('occurredOn')} />}
        </Field>
        <Field name="value" label={t('outcomes.field.value')} errors={errors} hint={t('outcomes.field.valueHint')}>
          {(p) => <input {...p} className="input" defaultValue={text('value')} inputMode="decimal" />}
        </Field>
        <div className="md:col-span-2">
          <Field name="partners" label={t('outcomes.field.partners')} errors={errors}>
            {(p) => <input {...p} className="input" defaultValue={text('partners')} maxLength={OUTCOME_LIMITS.partners} />}
          </Field>
        </div>
        <div className="md:col-span-2">
          <Field name="description" label={t('outcomes.field.description')} errors={errors}>
            {(p) => (
              <textarea {...p} rows={4} className="input" defaultValue={text('description')} maxLength={OUTCOME_LIMITS.description} />
            )}
          </Field>
        </div>
      </section>

      <section className="card grid gap-4 md:grid-cols-3">
        <Field name="patentNumber" label={t('outcomes.field.patentNumber')} errors={errors}>
          {(p) => <input {...p} className="input" defaultValue={text('patentNumber')} maxLength={OUTCOME_LIMITS.detail} />}
        </Field>
        <Field name="patentStatus" label={t('outcomes.field.patentStatus')} errors={errors}>
          {(p) => (
            <OptionsSelect
              {...p}
              defaultValue={text('patentStatus')}
              blank="—"
              options={PATENT_STATUSES.map((v) => [v, t(`outcomes.patentStatus.${v}`)] as const)}
            />
          )}
        </Field>
        <Field name="standardLevel" label={t('outcomes.field.standardLevel')} errors={errors}>
          {(p) => (
            <OptionsSelect
              {...p}
              defaultValue={text('standardLevel')}
              blank="—"
              options={STANDARD_LEVELS.map((v) => [v, t(`outcomes.standardLevel.${v}`)] as const)}
            />
          )}
        </Field>
        <Field name="awardLevel" label={t('outcomes.field.awardLevel')} errors={errors}>
          {(p) => (
            <OptionsSelect
              {...p}
              defaultValue={text('awardLevel')}
              blank="—"
              options={AWARD_LEVELS.map((v) => [v, t(`outcomes.awardLevel.${v}`)] as const)}
            />
          )}
        </Field>
        <Field name="userOrganisation" label={t('outcomes.field.userOrganisation')} errors={errors}>
          {(p) => <input {...p} className="input" defaultValue={text('userOrganisation')} maxLength={OUTCOME_LIMITS.detail} />}
        </Field>
        <Field name="counterpart" label={t('outcomes.field.counterpart')} errors={errors}>
          {(p) => <input {...p} className="input" defaultValue={text('counterpart')} maxLength={OUTCOME_LIMITS.detail} />}
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
