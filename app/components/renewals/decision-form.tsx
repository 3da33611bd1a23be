import { Form, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { RENEWAL_DECISIONS, type RenewalDecision } from '~db/schema/enums'
import { useRecordWarnings, type DecisionFactsData, RecordLines } from '~/components/compliance/decision-facts'
import { useActiveGradeOptions } from '~/components/filings/grade-label'
import { ConfirmSubmit } from '~/components/ui/confirm-submit'
import { Field, FormAlert } from '~/components/ui/field'
import { OptionsSelect } from '~/components/ui/options-select'
import type { Grade } from '~/domain/grades'
import { VersionField } from '~/components/ui/stale-notice'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

// The bureau's decision: a grade of its scale and an outcome with reasons; renewing after
// rectification also says what to put right and by when (default: the settings' months).
// No outcome is preselected (issue 19): the bureau picks one, and a dialog names it, with the
// lab's failing checks and violations (`facts`), before the irreversible post.
export function DecisionForm({
  intent,
  decisions = RENEWAL_DECISIONS,
  grades,
  values,
  errors,
  defaultDeadline,
  months,
  hint,
  submitLabel,
  version,
  facts,
}: {
  // the lab's record the decision is taken beside: its counts go into the dialog
  facts?: Pick<DecisionFactsData, 'failing' | 'warning' | 'counting'> | null
  intent: string
  // the renewal's row version, when deciding an application the page shows
  version?: number
  decisions?: readonly RenewalDecision[]
  grades: readonly Grade[]
  values?: Record<string, unknown>
  errors?: FieldErrors
  defaultDeadline: string
  months: number
  hint: string
  submitLabel: string
}) {
  const t = useT()
  const gradeOptions = useActiveGradeOptions(grades)
  const navigation = useNavigation()
  const typed = (name: string, fallback = '') => (typeof values?.[name] === 'string' ? (values[name] as string) : fallback)
  const [decision, setDecision] = useState(typed('decision'))
  const [deadline, setDeadline] = useState(typed('rectificationDeadline', defaultDeadline))
  const chosen = (decisions as readonly string[]).includes(decision) ? (decision as RenewalDecision) : null
  const record = useRecordWarnings(facts)
  const renewing = chosen === 'renew' || chosen === 'renew_after_rectification'
  const alarming = Boolean(facts && (facts.failing > 0 || facts.counting > 0))
  return (
    <Form method="post" className="space-y-3" noValidate data-testid={`form-${intent}`}>
      <input type="hidden" name="intent" value={intent} />
      {version !== undefined ? <VersionField version={version} /> : null}
      <p className="text-sm text-slate-600">{hint}</p>
      <FormAlert errors={errors} />
      <div className="grid gap-4 md:grid-cols-2">
        <fieldset
          className="md:col-span-2"
          role="radiogroup"
          aria-required
          aria-invalid={Boolean(errors?.decision)}
          aria-describedby={errors?.decision ? 'field-decision-error' : undefined}
          data-testid="decision-choices"
        >
          <legend className="label">
            {t('renewals.field.decision')}
            <span className="ml-1 text-red-700" aria-hidden>
              *
            </span>
          </legend>
          <div className="flex flex-wrap gap-x-5 gap-y-1 py-1">
            {decisions.map((d) => (
              <label key={d} className="inline-flex items-center gap-1.5 text-sm">
                <input type="radio" name="decision" value={d} checked={decision === d} onChange={() => setDecision(d)} />
                {t(`renewals.decision.${d}`)}
              </label>
            ))}
          </div>
          {errors?.decision ? (
            <p id="field-decision-error" className="field-error" role="alert" data-testid="error-decision">
              {t(errors.decision.key, errors.decision.vars)}
            </p>
          ) : null}
        </fieldset>
        <Field name="grade" label={t('renewals.field.grade')} errors={errors} required={decision !== 'revoke'}>
          {(p) => <OptionsSelect {...p} defaultValue={typed('grade')} blank="—" options={gradeOptions} />}
        </Field>
      </div>
      {decision === 'renew_after_rectification' ? (
        <div className="grid gap-4 md:grid-cols-2">
          <Field
            name="rectificationDeadline"
            label={t('renewals.field.rectificationDeadline')}
            errors={errors}
            hint={t('renewals.field.rectificationDeadlineHint', { months })}
            required
          >
            {(p) => <input {...p} type="date" className="input" value={deadline} onChange={(e) => setDeadline(e.target.value)} />}
          </Field>
          <Field name="rectificationRequirements" label={t('renewals.field.rectificationRequirements')} errors={errors} required>
            {(p) => <textarea {...p} rows={3} className="input" maxLength={4000} defaultValue={typed('rectificationRequirements')} />}
          </Field>
        </div>
      ) : null}
      <Field name="reasons" label={t('renewals.field.reasons')} errors={errors} hint={t('renewals.field.reasonsHint')} required>
        {(p) => <textarea {...p} rows={4} className="input" maxLength={4000} defaultValue={typed('reasons')} />}
      </Field>
      <ConfirmSubmit
        className={chosen === 'revoke' || chosen === 'not_renew' ? 'btn-danger' : 'btn-primary'}
        label={submitLabel}
        disabled={navigation.state === 'submitting'}
        // nothing chosen yet: the server answers with its message and keeps what was typed
        skip={chosen === null}
        question={chosen ? t(`confirm.decision.question.${chosen}`) : ''}
        consequence={
          chosen ? (
            <>
              <p>{t(`confirm.decision.body.${chosen}`, { deadline })}</p>
              {record.length ? (
                <RecordLines lines={record} className={alarming ? 'font-semibold text-red-800' : 'text-amber-900'}>
                  {renewing && alarming ? <span className="block">{t(`confirm.decision.ask.${chosen}`)}</span> : null}
                </RecordLines>
              ) : facts ? (
                <p className="text-slate-600">{t('confirm.decision.clean')}</p>
              ) : null}
            </>
          ) : null
        }
        confirmLabel={chosen ? t(`renewals.decision.${chosen}`) : submitLabel}
        danger={chosen === 'revoke' || chosen === 'not_renew'}
      />
    </Form>
  )
}
