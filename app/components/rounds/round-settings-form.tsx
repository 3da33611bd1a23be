import { Form } from '@remix-run/react'
import { Field } from '~/components/ui/field'
import { VersionField } from '~/components/ui/stale-notice'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

export type RoundSettingsValues = {
  nameZh: string
  nameEn: string
  year: string
  applicationsDueAt: string
  recommendationsDueAt: string
  districtQuota: string
  departmentQuota: string
}

// A round's name, year, two deadlines (typed as Beijing time, datetime-local) and default quotas:
// the new-round page and the round's settings page post the same fields.
export function RoundSettingsForm({
  values,
  errors,
  version,
  submitLabel,
}: {
  values: RoundSettingsValues
  errors?: FieldErrors
  // the round's row version on its settings page; none when creating
  version?: number
  submitLabel: string
}) {
  const t = useT()
  const text = (name: keyof RoundSettingsValues, label: string, type = 'text', extra: Record<string, string> = {}) => (
    <Field idPrefix="settings" name={name} label={label} errors={errors} required>
      {(p) => <input {...p} type={type} className="input" defaultValue={values[name]} {...extra} />}
    </Field>
  )
  return (
    <Form method="post" className="space-y-3" noValidate>
      <input type="hidden" name="intent" value="saveSettings" />
      {version !== undefined ? <VersionField version={version} /> : null}
      <div className="grid gap-3 md:grid-cols-2">
        {text('nameZh', t('rounds.field.nameZh'))}
        {text('nameEn', t('rounds.field.nameEn'))}
        {text('year', t('rounds.field.year'), 'number', { min: '2020', max: '2100' })}
      </div>
      <div className="grid gap-3 md:grid-cols-2">
        {text('applicationsDueAt', t('rounds.field.applicationsDueAt'), 'datetime-local')}
        {text('recommendationsDueAt', t('rounds.field.recommendationsDueAt'), 'datetime-local')}
      </div>
      <p className="text-xs text-slate-500">{t('rounds.deadlineHint')}</p>
      <div className="grid gap-3 md:grid-cols-2">
        {text('districtQuota', t('rounds.field.districtQuota'), 'number', { min: '0' })}
        {text('departmentQuota', t('rounds.field.departmentQuota'), 'number', { min: '0' })}
      </div>
      <button type="submit" className="btn-primary">
        {submitLabel}
      </button>
    </Form>
  )
}
