import { DISTRICT_CODES, ROLES } from '~db/schema/enums'
import { Field } from '~/components/ui/field'
import { OptionsSelect } from '~/components/ui/options-select'
import { useLocale, useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

export type UserFieldValues = {
  displayName: string
  email: string
  role: string
  districtCode: string
  labId: string
  organisationId: string
  departmentId: string
  active: boolean
}

// The account fields shared by the new-user and edit-user forms: name, e-mail, role with its
// district, lab or (for an expert) organisation, and whether the account is active.
export function UserFields({
  values,
  errors,
  labs,
  organisations,
  departments,
  roleBlank,
}: {
  values: UserFieldValues
  errors?: FieldErrors
  labs: { id: number; name: string }[]
  organisations: { id: number; name: string }[]
  departments: { id: number; nameZh: string; nameEn: string }[]
  roleBlank: boolean
}) {
  const t = useT()
  const locale = useLocale()
  return (
    <>
      <Field name="displayName" label={t('users.field.displayName')} errors={errors} required>
        {(props) => <input {...props} className="input" defaultValue={values.displayName} maxLength={64} />}
      </Field>
      <Field name="email" label={t('users.field.email')} errors={errors}>
        {(props) => <input {...props} type="email" className="input" defaultValue={values.email} />}
      </Field>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field name="role" label={t('users.field.role')} errors={errors} required>
          {(props) => (
            <OptionsSelect
              {...props}
              defaultValue={values.role}
              blank={roleBlank ? '—' : undefined}
              options={ROLES.map((role) => [role, t(`role.${role}`)] as const)}
            />
          )}
        </Field>
        <Field name="districtCode" label={t('users.field.district')} hint={t('users.field.districtHint')} errors={errors}>
          {(props) => (
            <OptionsSelect
              {...props}
              defaultValue={values.districtCode}
              blank="—"
              options={DISTRICT_CODES.map((code) => [code, t(`district.${code}`)] as const)}
            />
          )}
        </Field>
        <Field name="labId" label={t('users.field.lab')} hint={t('users.field.labHint')} errors={errors}>
          {(props) => (
            <OptionsSelect {...props} defaultValue={values.labId} blank="—" options={labs.map((lab) => [lab.id, lab.name] as const)} />
          )}
        </Field>
      </div>
      <Field name="organisationId" label={t('users.field.organisation')} hint={t('users.field.organisationHint')} errors={errors}>
        {(props) => (
          <OptionsSelect
            {...props}
            defaultValue={values.organisationId}
            blank="—"
            options={organisations.map((org) => [org.id, org.name] as const)}
          />
        )}
      </Field>
      <Field name="departmentId" label={t('users.field.department')} errors={errors}>
        {(props) => (
          <OptionsSelect
            {...props}
            defaultValue={values.departmentId}
            blank="—"
            options={departments.map((d) => [d.id, locale === 'en' ? d.nameEn : d.nameZh] as const)}
          />
        )}
      </Field>
      <div>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            name="active"
            defaultChecked={values.active}
            aria-describedby={errors?.active ? 'field-active-error' : undefined}
          />
          {t('users.field.active')}
        </label>
        {errors?.active ? (
          <p id="field-active-error" className="field-error" role="alert" data-testid="error-active">
            {t(errors.active.key, errors.active.vars)}
          </p>
        ) : null}
      </div>
    </>
  )
}
