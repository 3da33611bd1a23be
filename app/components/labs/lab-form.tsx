import { Form, useNavigation } from '@remix-run/react'
import { DIRECTIONS, DISTRICT_CODES } from '~db/schema/enums'
import { Field, FormAlert } from '~/components/ui/field'
import { OptionsSelect } from '~/components/ui/options-select'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

export type LabFormValues = Record<string, string | string[] | undefined>
type OrgOption = { id: number; name: string }

// The bureau's lab form, for a new lab (with its first validity period) and for edits.
export function LabForm({
  values,
  errors,
  orgs,
  withPeriod,
  submitLabel,
}: {
  values: LabFormValues
  errors?: FieldErrors
  orgs: OrgOption[]
  withPeriod: boolean
  submitLabel: string
}) {
  const t = useT()
  const navigation = useNavigation()
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '')
  const partners = new Set((Array.isArray(values.partnerOrgIds) ? values.partnerOrgIds : [values.partnerOrgIds ?? '']).filter(Boolean))
  return (
    <Form method="post" className="space-y-6" noValidate>
      <FormAlert errors={errors} />
      <section className="card grid gap-4 md:grid-cols-2">
        <Field name="name" label={t('labs.field.name')} errors={errors} required>
          {(p) => <input {...p} className="input" defaultValue={text('name')} maxLength={100} />}
        </Field>
        <Field name="direction" label={t('labs.field.direction')} errors={errors} required>
          {(p) => (
            <OptionsSelect
              {...p}
              defaultValue={text('direction')}
              blank="—"
              options={DIRECTIONS.map((d) => [d, `${d}. ${t(`direction.${d}`)}`] as const)}
            />
          )}
        </Field>
        <Field name="districtCode" label={t('labs.field.district')} errors={errors} required>
          {(p) => (
            <OptionsSelect
              {...p}
              defaultValue={text('districtCode')}
              blank="—"
              options={DISTRICT_CODES.map((code) => [code, t(`district.${code}`)] as const)}
            />
          )}
        </Field>
        <Field name="hostOrgId" label={t('labs.field.hostOrg')} errors={errors} required>
          {(p) => <OptionsSelect {...p} defaultValue={text('hostOrgId')} blank="—" options={orgs.map((o) => [o.id, o.name] as const)} />}
        </Field>
        <div className="md:col-span-2">
          <Field name="partnerOrgIds" label={t('labs.field.partners')} errors={errors} hint={t('labs.field.partnersHint')}>
            {(p) => (
              <select {...p} multiple size={6} className="input" defaultValue={[...partners]}>
                {orgs.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field name="directorName" label={t('labs.field.director')} errors={errors} required>
          {(p) => <input {...p} className="input" defaultValue={text('directorName')} />}
        </Field>
        <Field name="contactName" label={t('labs.field.contactName')} errors={errors} required>
          {(p) => <input {...p} className="input" defaultValue={text('contactName')} />}
        </Field>
        <Field name="contactPhone" label={t('labs.field.contactPhone')} errors={errors} required>
          {(p) => <input {...p} className="input" defaultValue={text('contactPhone')} inputMode="tel" />}
        </Field>
        <Field name="contactEmail" label={t('labs.field.contactEmail')} errors={errors}>
          {(p) => <input {...p} className="input" defaultValue={text('contactEmail')} type="email" />}
        </Field>
        <div className="md:col-span-2">
          <Field name="focus" label={t('labs.field.focus')} errors={errors}>
            {(p) => <input {...p} className="input" defaultValue={text('focus')} />}
          </Field>
        </div>
        <div className="md:col-span-2">
          <Field name="address" label={t('labs.field.address')} errors={errors}>
            {(p) => <input {...p} className="input" defaultValue={text('address')} />}
          </Field>
        </div>
        <div className="md:col-span-2">
          <Field name="planSummary" label={t('labs.field.planSummary')} errors={errors} hint={t('labs.field.planHint')}>
            {(p) => <textarea {...p} className="input" rows={4} defaultValue={text('planSummary')} />}
          </Field>
        </div>
      </section>
      {withPeriod ? (
        <section className="card grid gap-4 md:grid-cols-3">
          <h2 className="font-semibold md:col-span-3">{t('labs.firstPeriod')}</h2>
          <PeriodFields values={values} errors={errors} />
        </section>
      ) : null}
      <div className="flex gap-2">
        <button type="submit" className="btn-primary" disabled={navigation.state === 'submitting'}>
          {submitLabel}
        </button>
      </div>
    </Form>
  )
}

export function PeriodFields({ values, errors }: { values: LabFormValues; errors?: FieldErrors }) {
  const t = useT()
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '')
  return (
    <>
      <Field name="startDate" label={t('labs.field.startDate')} errors={errors} required>
        {(p) => <input {...p} type="date" className="input" defaultValue={text('startDate')} />}
      </Field>
      <Field name="endDate" label={t('labs.field.endDate')} errors={errors} hint={t('labs.field.endDateHint')}>
        {(p) => <input {...p} type="date" className="input" defaultValue={text('endDate')} />}
      </Field>
      <Field name="certificateNo" label={t('labs.field.certificateNo')} errors={errors}>
        {(p) => <input {...p} className="input" defaultValue={text('certificateNo')} />}
      </Field>
    </>
  )
}
