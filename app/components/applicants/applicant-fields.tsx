import { useState } from 'react'
import type { DistrictCode } from '~db/schema/enums'
import { ORG_KINDS } from '~db/schema/enums'
import { Field } from '~/components/ui/field'
import { checkUscc } from '~/domain/uscc'
import { useLocale, useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

export type OfficeChoices = { districts: DistrictCode[]; departments: { id: number; nameZh: string; nameEn: string }[] }

// The organisation and contact fields of a registration, shared by /register and /applicants/new.
// The credit code is checked as it is typed (the same app/domain/uscc.ts the server runs): a bad
// check character is shown at once, a code registered outside Suzhou warns.
export function ApplicantFields({
  values,
  errors,
  offices,
}: {
  values: Record<string, string | undefined>
  errors?: FieldErrors
  offices: OfficeChoices
}) {
  const t = useT()
  const locale = useLocale()
  const [uscc, setUscc] = useState(values.uscc ?? '')
  const check = uscc.trim() === '' ? null : checkUscc(uscc)
  const typedProblem = check && !check.ok && check.code.length >= 18 ? t(`applicants.error.uscc.${check.error}`) : null
  const warning = typedProblem ?? (check?.ok && !check.inSuzhou ? t('applicants.usccOutside') : null)
  return (
    <>
      <fieldset className="space-y-4">
        <legend className="mb-2 font-semibold">{t('applicants.section.organisation')}</legend>
        <Field name="name" label={t('applicants.field.name')} errors={errors} required>
          {(p) => <input {...p} className="input" defaultValue={values.name ?? ''} maxLength={100} autoComplete="organization" />}
        </Field>
        <Field
          name="uscc"
          label={t('applicants.field.uscc')}
          hint={check?.ok && check.inSuzhou ? t('applicants.usccOk') : t('applicants.field.usccHint')}
          warning={errors?.uscc ? null : warning}
          errors={errors}
          required
        >
          {(p) => (
            <input
              {...p}
              className="input font-mono uppercase"
              value={uscc}
              onChange={(e) => setUscc(e.target.value)}
              maxLength={24}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
        <Field name="orgKind" label={t('applicants.field.orgKind')} hint={t('applicants.field.orgKindHint')} errors={errors} required>
          {(p) => (
            <select {...p} className="input" defaultValue={values.orgKind ?? ''}>
              <option value="">—</option>
              {ORG_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`orgKind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="office" label={t('applicants.field.office')} hint={t('applicants.field.officeHint')} errors={errors} required>
          {(p) => (
            <select {...p} className="input" defaultValue={values.office ?? ''}>
              <option value="">—</option>
              <optgroup label={t('applicants.field.officeDistricts')}>
                {offices.districts.map((code) => (
                  <option key={code} value={`district:${code}`}>
                    {t(`district.${code}`)}
                  </option>
                ))}
              </optgroup>
              {offices.departments.length ? (
                <optgroup label={t('applicants.field.officeDepartments')}>
                  {offices.departments.map((d) => (
                    <option key={d.id} value={`department:${d.id}`}>
                      {locale === 'en' ? d.nameEn : d.nameZh}
                    </option>
                  ))}
                </optgroup>
              ) : null}
            </select>
          )}
        </Field>
      </fieldset>
      <fieldset className="grid gap-4 md:grid-cols-3">
        <legend className="mb-2 font-semibold">{t('applicants.section.contact')}</legend>
        <Field name="contactName" label={t('applicants.field.contactName')} errors={errors} required>
          {(p) => <input {...p} className="input" defaultValue={values.contactName ?? ''} maxLength={64} autoComplete="name" />}
        </Field>
        <Field name="contactPhone" label={t('applicants.field.contactPhone')} errors={errors} required>
          {(p) => <input {...p} className="input" type="tel" defaultValue={values.contactPhone ?? ''} maxLength={30} autoComplete="tel" />}
        </Field>
        <Field name="contactEmail" label={t('applicants.field.contactEmail')} errors={errors} required>
          {(p) => (
            <input {...p} className="input" type="email" defaultValue={values.contactEmail ?? ''} maxLength={200} autoComplete="email" />
          )}
        </Field>
      </fieldset>
    </>
  )
}
