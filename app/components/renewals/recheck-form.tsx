import { Form, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { RECHECK_DECISIONS, type RecheckDecision } from '~db/schema/enums'
import { useRecordWarnings, type DecisionFactsData, RecordLines } from '~/components/compliance/decision-facts'
import { ConfirmSubmit } from '~/components/ui/confirm-submit'
import { Field, FormAlert } from '~/components/ui/field'
import { VersionField } from '~/components/ui/stale-notice'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

// The re-check after a rectification: it renews (the next period follows the old one) or not.
// No conclusion is preselected (issue 19); the dialog names the one chosen and the lab's record.
export function RecheckForm({
  values,
  errors,
  version,
  facts,
}: {
  values?: Record<string, unknown>
  errors?: FieldErrors
  version: number
  facts?: Pick<DecisionFactsData, 'failing' | 'warning' | 'counting'> | null
}) {
  const t = useT()
  const navigation = useNavigation()
  const typed = (name: string) => (typeof values?.[name] === 'string' ? (values[name] as string) : '')
  const [recheck, setRecheck] = useState(typed('recheck'))
  const chosen = (RECHECK_DECISIONS as readonly string[]).includes(recheck) ? (recheck as RecheckDecision) : null
  const record = useRecordWarnings(facts)
  return (
    <Form method="post" className="space-y-3" noValidate data-testid="form-recheck">
      <input type="hidden" name="intent" value="recheck" />
      <VersionField version={version} />
      <FormAlert errors={errors} />
      <fieldset
        role="radiogroup"
        aria-required
        aria-invalid={Boolean(errors?.recheck)}
        aria-describedby={errors?.recheck ? 'field-recheck-error' : undefined}
      >
        <legend className="label">
          {t('renewals.field.recheck')}
          <span className="ml-1 text-red-700" aria-hidden>
            *
          </span>
        </legend>
        <div className="flex flex-wrap gap-x-5 gap-y-1 py-1">
          {RECHECK_DECISIONS.map((d) => (
            <label key={d} className="inline-flex items-center gap-1.5 text-sm">
              <input type="radio" name="recheck" value={d} checked={recheck === d} onChange={() => setRecheck(d)} />
              {t(`renewals.recheck.${d}`)}
            </label>
          ))}
        </div>
        {errors?.recheck ? (
          <p id="field-recheck-error" className="field-error" role="alert" data-testid="error-recheck">
            {t(errors.recheck.key, errors.recheck.vars)}
          </p>
        ) : null}
      </fieldset>
      <Field name="reasons" label={t('renewals.field.reasons')} errors={errors} required>
        {(p) => <textarea {...p} rows={3} className="input" maxLength={4000} defaultValue={typed('reasons')} />}
      </Field>
      <ConfirmSubmit
        className={chosen === 'not_renew' ? 'btn-danger' : 'btn-primary'}
        danger={chosen === 'not_renew'}
        label={t('renewals.doRecheck')}
        disabled={navigation.state === 'submitting'}
        // nothing chosen yet: the server answers with its message and keeps what was typed
        skip={chosen === null}
        question={chosen ? t(`confirm.recheck.question.${chosen}`) : ''}
        consequence={
          chosen ? (
            <>
              <p>{t(`confirm.recheck.body.${chosen}`)}</p>
              <RecordLines lines={record} />
            </>
          ) : null
        }
        confirmLabel={chosen ? t(`renewals.recheck.${chosen}`) : undefined}
      />
    </Form>
  )
}
