import { Form, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { RESOURCE_TYPES, type ResourceType } from '~db/schema/enums'
import { AttachmentInput } from '~/components/attachments/attachment-input'
import { Field, FormAlert } from '~/components/ui/field'
import { OptionsSelect } from '~/components/ui/options-select'
import { REQUEST_LIMITS, UNITS_BY_TYPE } from '~/domain/resource-requests'
import { VersionField } from '~/components/ui/stale-notice'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

export type RequestFormValues = Record<string, string | number | null | boolean | undefined>

const isType = (v: unknown): v is ResourceType => typeof v === 'string' && (RESOURCE_TYPES as readonly string[]).includes(v)

// The lab's request form, for a new draft and for editing a draft or a returned request. The
// unit list follows the chosen type (GPU-hours for computing power, m² for a site…); the server
// checks the pair again. `values` is what was typed (after a 400) or the stored row.
export function RequestForm({
  values,
  errors,
  intent,
  submitLabel,
  maxMb,
  today,
  version,
}: {
  values: RequestFormValues
  errors?: FieldErrors
  intent?: string
  // the request's row version when editing it (none for a new request)
  version?: number
  submitLabel: string
  maxMb: number
  today: string
}) {
  const t = useT()
  const navigation = useNavigation()
  const text = (name: string) => {
    const v = values[name]
    return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : ''
  }
  const [type, setType] = useState<ResourceType | ''>(isType(values.type) ? values.type : '')
  const units = type ? UNITS_BY_TYPE[type] : []
  return (
    <Form method="post" encType="multipart/form-data" className="space-y-4" noValidate data-testid="request-form">
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      {version !== undefined ? <VersionField version={version} /> : null}
      <FormAlert errors={errors} />
      <section className="card grid gap-4 md:grid-cols-2">
        <Field name="type" label={t('requests.field.type')} errors={errors} required>
          {(p) => (
            <OptionsSelect
              {...p}
              value={type}
              onChange={(e) => setType(isType(e.target.value) ? e.target.value : '')}
              blank="—"
              options={RESOURCE_TYPES.map((v) => [v, t(`requests.type.${v}`)] as const)}
            />
          )}
        </Field>
        <Field name="title" label={t('requests.field.title')} errors={errors} required>
          {(p) => <input {...p} className="input" defaultValue={text('title')} maxLength={REQUEST_LIMITS.title} />}
        </Field>
        <div className="md:col-span-2">
          <Field name="description" label={t('requests.field.description')} errors={errors} required>
            {(p) => (
              <textarea {...p} rows={4} className="input" defaultValue={text('description')} maxLength={REQUEST_LIMITS.description} />
            )}
          </Field>
        </div>
        <div className="grid grid-cols-2 gap-2">
          <Field name="quantity" label={t('requests.field.quantity')} errors={errors} required>
            {(p) => <input {...p} className="input" defaultValue={text('quantity')} inputMode="decimal" />}
          </Field>
          <Field name="unit" label={t('requests.field.unit')} errors={errors} required>
            {(p) => (
              <OptionsSelect
                {...p}
                key={type}
                defaultValue={units.includes(text('unit') as never) ? text('unit') : (units[0] ?? '')}
                blank={units.length ? undefined : '—'}
                options={units.map((u) => [u, t(`requests.unit.${u}`)] as const)}
              />
            )}
          </Field>
        </div>
        <Field name="neededBy" label={t('requests.field.neededBy')} errors={errors} required>
          {(p) => <input {...p} type="date" className="input" min={today} defaultValue={text('neededBy')} />}
        </Field>
        <div className="md:col-span-2">
          <Field
            name="justification"
            label={t('requests.field.justification')}
            errors={errors}
            required
            hint={t('requests.field.justificationHint')}
          >
            {(p) => (
              <textarea {...p} rows={4} className="input" defaultValue={text('justification')} maxLength={REQUEST_LIMITS.justification} />
            )}
          </Field>
        </div>
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
