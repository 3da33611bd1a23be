import { Form, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import { RENEWAL_DECISIONS, type RenewalDecision } from '~db/schema/enums'
import { useGradeLabel } from '~/components/filings/grade-label'
import { Field, FormAlert } from '~/components/ui/field'
import { OptionsSelect } from '~/components/ui/options-select'
import type { Grade } from '~/domain/grades'
import { VersionField } from '~/components/ui/stale-notice'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

// The bureau's decision: a grade of its scale and an outcome with reasons; renewing after
// rectification also says what to put right and by when (default: the settings' months).
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
}: {
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
  const gradeLabel = useGradeLabel(grades)
  const navigation = useNavigation()
  const typed = (name: string, fallback = '') => (typeof values?.[name] === 'string' ? (values[name] as string) : fallback)
  const [decision, setDecision] = useState(typed('decision', decisions[0]))
  return (
    <Form method="post" className="space-y-3" noValidate data-testid={`form-${intent}`}>
      <input type="hidden" name="intent" value={intent} />
      {version !== undefined ? <VersionField version={version} /> : null}
      <p className="text-sm text-slate-600">{hint}</p>
      <FormAlert errors={errors} />
      <div className="grid gap-4 md:grid-cols-2">
        <Field name="decision" label={t('renewals.field.decision')} errors={errors} required>
          {(p) => (
            <OptionsSelect
              {...p}
              value={decision}
              onChange={(e) => setDecision(e.target.value)}
              options={decisions.map((d) => [d, t(`renewals.decision.${d}`)] as const)}
            />
          )}
        </Field>
        <Field name="grade" label={t('renewals.field.grade')} errors={errors} required={decision !== 'revoke'}>
          {(p) => (
            <OptionsSelect
              {...p}
              defaultValue={typed('grade')}
              blank="—"
              options={grades.filter((g) => g.active).map((g) => [g.code, gradeLabel(g.code)] as const)}
            />
          )}
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
            {(p) => <input {...p} type="date" className="input" defaultValue={typed('rectificationDeadline', defaultDeadline)} />}
          </Field>
          <Field name="rectificationRequirements" label={t('renewals.field.rectificationRequirements')} errors={errors} required>
            {(p) => <textarea {...p} rows={3} className="input" maxLength={4000} defaultValue={typed('rectificationRequirements')} />}
          </Field>
        </div>
      ) : null}
      <Field name="reasons" label={t('renewals.field.reasons')} errors={errors} hint={t('renewals.field.reasonsHint')} required>
        {(p) => <textarea {...p} rows={4} className="input" maxLength={4000} defaultValue={typed('reasons')} />}
      </Field>
      <button type="submit" className="btn-primary" disabled={navigation.state === 'submitting'}>
        {submitLabel}
      </button>
    </Form>
  )
}
