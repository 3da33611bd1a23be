import { Form, useNavigation } from '@remix-run/react'
import { AttachmentInput } from '~/components/attachments/attachment-input'
import { Field, FormAlert } from '~/components/ui/field'
import type { MessageKey } from '~/i18n'
import { VersionField } from '~/components/ui/stale-notice'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'
import { ConfirmSubmit } from '~/components/ui/confirm-submit'

export const APPLICATION_FIELDS = [
  { name: 'summary', label: 'renewals.field.summary', hint: 'renewals.field.summaryHint', rows: 8 },
  { name: 'selfAssessment', label: 'renewals.field.selfAssessment', rows: 4 },
  { name: 'planTargets', label: 'renewals.field.planTargets', rows: 4 },
  { name: 'planIp', label: 'renewals.field.planIp', rows: 3 },
  { name: 'planFunding', label: 'renewals.field.planFunding', rows: 3 },
  { name: 'planScenarios', label: 'renewals.field.planScenarios', rows: 3 },
] as const satisfies readonly { name: string; label: MessageKey; hint?: MessageKey; rows: number }[]

// The lab's renewal application: saved as a draft as often as needed, then submitted (both
// buttons post the same fields; the server checks that every part is filled in on submission).
export function ApplicationForm({
  values,
  errors,
  maxMb,
  version,
}: {
  values: Record<string, unknown>
  errors?: FieldErrors
  maxMb: number
  version: number
}) {
  const t = useT()
  const navigation = useNavigation()
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '')
  return (
    <Form method="post" encType="multipart/form-data" className="space-y-4" noValidate data-testid="application-form">
      <VersionField version={version} />
      <FormAlert errors={errors} />
      {APPLICATION_FIELDS.map((f) => (
        <Field key={f.name} name={f.name} label={t(f.label)} errors={errors} hint={'hint' in f ? t(f.hint) : undefined} required>
          {(p) => <textarea {...p} rows={f.rows} className="input" maxLength={8000} defaultValue={text(f.name)} />}
        </Field>
      ))}
      <AttachmentInput maxMb={maxMb} errors={errors} label={t('renewals.field.attachments')} />
      <p className="text-sm text-slate-600">{t('renewals.submitHint')}</p>
      <div className="flex flex-wrap gap-2">
        <button type="submit" name="intent" value="save" className="btn" disabled={navigation.state === 'submitting'}>
          {t('renewals.save')}
        </button>
        <ConfirmSubmit
          name="intent"
          value="submit"
          className="btn-primary"
          danger={false}
          label={t('renewals.submit')}
          disabled={navigation.state === 'submitting'}
          question={t('confirm.application.question')}
          consequence={<p>{t('confirm.application.body')}</p>}
        />
      </div>
    </Form>
  )
}
