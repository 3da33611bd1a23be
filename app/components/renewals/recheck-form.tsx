import { Form, useNavigation } from '@remix-run/react'
import { RECHECK_DECISIONS } from '~db/schema/enums'
import { Field, FormAlert } from '~/components/ui/field'
import { OptionsSelect } from '~/components/ui/options-select'
import { VersionField } from '~/components/ui/stale-notice'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

// The re-check after a rectification: it renews (the next period follows the old one) or not.
export function RecheckForm({ values, errors, version }: { values?: Record<string, unknown>; errors?: FieldErrors; version: number }) {
  const t = useT()
  const navigation = useNavigation()
  const typed = (name: string) => (typeof values?.[name] === 'string' ? (values[name] as string) : '')
  return (
    <Form method="post" className="space-y-3" noValidate data-testid="form-recheck">
      <input type="hidden" name="intent" value="recheck" />
      <VersionField version={version} />
      <FormAlert errors={errors} />
      <Field name="recheck" label={t('renewals.field.recheck')} errors={errors} required>
        {(p) => (
          <OptionsSelect
            {...p}
            defaultValue={typed('recheck') || 'renew'}
            options={RECHECK_DECISIONS.map((d) => [d, t(`renewals.recheck.${d}`)] as const)}
          />
        )}
      </Field>
      <Field name="reasons" label={t('renewals.field.reasons')} errors={errors} required>
        {(p) => <textarea {...p} rows={3} className="input" maxLength={4000} defaultValue={typed('reasons')} />}
      </Field>
      <button type="submit" className="btn-primary" disabled={navigation.state === 'submitting'}>
        {t('renewals.doRecheck')}
      </button>
    </Form>
  )
}
