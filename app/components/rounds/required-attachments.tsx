import { Form } from '@remix-run/react'
import type { RequiredAttachment } from '~db/schema'
import { Field } from '~/components/ui/field'
import { VersionField } from '~/components/ui/stale-notice'
import { isMessageKey } from '~/i18n'
import { useLocale, useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

// What every application of the round must attach: the two 申报表 copies (built in) and the
// bureau's own kinds, each named in both languages.
export function RequiredAttachments({
  version,
  attachments,
  values,
  errors,
}: {
  version: number
  attachments: RequiredAttachment[]
  values?: Record<string, string>
  errors?: FieldErrors
}) {
  const t = useT()
  const locale = useLocale()
  const labelOf = (a: RequiredAttachment) => {
    const key = `rounds.attachment.${a.kind}`
    if (isMessageKey(key)) return t(key)
    return (locale === 'zh' ? a.labelZh : a.labelEn) ?? a.kind
  }
  return (
    <div className="space-y-3">
      <ul className="space-y-1 text-sm" data-testid="required-attachments">
        {attachments.map((a) => (
          <li key={a.kind} className="flex items-center gap-3">
            <span>{labelOf(a)}</span>
            {isMessageKey(`rounds.attachment.${a.kind}`) ? (
              <span className="text-xs text-slate-500">{t('rounds.attachments.builtIn')}</span>
            ) : (
              <Form method="post">
                <input type="hidden" name="intent" value="removeAttachment" />
                <input type="hidden" name="kind" value={a.kind} />
                <VersionField version={version} />
                <button type="submit" className="link text-sm" aria-label={t('rounds.attachments.removeNamed', { name: labelOf(a) })}>
                  {t('rounds.attachments.remove')}
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
      <Form method="post" className="grid items-end gap-3 md:grid-cols-3" noValidate>
        <input type="hidden" name="intent" value="addAttachment" />
        <VersionField version={version} />
        <Field idPrefix="attachment" name="labelZh" label={t('rounds.attachments.labelZh')} errors={errors} required>
          {(p) => <input {...p} className="input" defaultValue={values?.labelZh ?? ''} />}
        </Field>
        <Field idPrefix="attachment" name="labelEn" label={t('rounds.attachments.labelEn')} errors={errors} required>
          {(p) => <input {...p} className="input" defaultValue={values?.labelEn ?? ''} />}
        </Field>
        <div>
          <button type="submit" className="btn">
            {t('rounds.attachments.add')}
          </button>
        </div>
      </Form>
    </div>
  )
}
