import { Form, useNavigation } from '@remix-run/react'
import { DISTRICT_CODES, ORG_KINDS } from '~db/schema/enums'
import { Field, FormAlert } from '~/components/ui/field'
import { OptionsSelect } from '~/components/ui/options-select'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

export type OrganisationFormValues = {
  name?: string
  creditCode?: string
  kind?: string
  districtCode?: string
  confirmRegion?: string
}

// The organisation form of the new and the edit page. `values` are what the user last typed
// (after a refused submit) or else the stored organisation, so nothing typed is ever lost.
export function OrganisationForm({
  values,
  errors,
  warnings,
  needsRegionConfirmation,
  submitLabel,
}: {
  values: OrganisationFormValues
  errors?: FieldErrors
  warnings?: FieldErrors
  needsRegionConfirmation?: boolean
  submitLabel: string
}) {
  const t = useT()
  const navigation = useNavigation()
  const warning = warnings?.creditCode ? t(warnings.creditCode.key, warnings.creditCode.vars) : null
  return (
    <Form method="post" className="space-y-4" noValidate>
      <FormAlert errors={errors} />
      <Field name="name" label={t('orgs.field.name')} errors={errors} required>
        {(props) => <input {...props} className="input" defaultValue={values.name ?? ''} maxLength={100} />}
      </Field>
      <Field
        name="creditCode"
        label={t('orgs.field.creditCode')}
        errors={errors}
        warning={warning}
        hint={t('orgs.field.creditCodeHint')}
        required
      >
        {(props) => (
          <input
            {...props}
            className="input font-mono uppercase"
            defaultValue={values.creditCode ?? ''}
            autoComplete="off"
            spellCheck={false}
          />
        )}
      </Field>
      {needsRegionConfirmation ? (
        <div>
          <label className="flex items-center gap-2 text-sm font-medium text-amber-800">
            <input
              type="checkbox"
              name="confirmRegion"
              id="field-confirmRegion"
              defaultChecked={values.confirmRegion === 'on'}
              aria-invalid={Boolean(errors?.confirmRegion)}
              aria-describedby={errors?.confirmRegion ? 'field-confirmRegion-error' : undefined}
              data-testid="confirm-region"
            />
            {t('orgs.field.confirmRegion')}
          </label>
          {errors?.confirmRegion ? (
            <p id="field-confirmRegion-error" className="field-error" role="alert" data-testid="error-confirmRegion">
              {t(errors.confirmRegion.key, errors.confirmRegion.vars)}
            </p>
          ) : null}
        </div>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="kind" label={t('orgs.field.kind')} errors={errors} required>
          {(props) => (
            <OptionsSelect
              {...props}
              defaultValue={values.kind ?? ''}
              blank="—"
              options={ORG_KINDS.map((kind) => [kind, t(`orgKind.${kind}`)] as const)}
            />
          )}
        </Field>
        <Field name="districtCode" label={t('orgs.field.district')} errors={errors} required>
          {(props) => (
            <OptionsSelect
              {...props}
              defaultValue={values.districtCode ?? ''}
              blank="—"
              options={DISTRICT_CODES.map((code) => [code, t(`district.${code}`)] as const)}
            />
          )}
        </Field>
      </div>
      <button type="submit" className="btn-primary" disabled={navigation.state === 'submitting'}>
        {submitLabel}
      </button>
    </Form>
  )
}
