import { Form } from '@remix-run/react'
import { Field, FormAlert } from '~/components/ui/field'
import { useT } from '~/i18n/use-t'
import type { LedgerPageRow } from '~/models/obligations.server'
import type { FieldErrors } from '~/utils/forms'

// The bureau's form to move a deadline later, with the reason and the approving official.
export function ExtensionForm({ rows, errors, values }: { rows: LedgerPageRow[]; errors?: FieldErrors; values?: Record<string, string> }) {
  const t = useT()
  return (
    <Form method="post" className="card space-y-3" noValidate data-testid="extension-form">
      <h2 className="font-semibold">{t('obligations.extend.title')}</h2>
      <FormAlert errors={errors} />
      <div className="grid gap-4 md:grid-cols-2">
        <Field name="obligationId" label={t('obligations.extend.obligation')} errors={errors} required>
          {(p) => (
            <select {...p} className="input" defaultValue={values?.obligationId ?? ''}>
              <option value="" disabled>
                —
              </option>
              {rows.map((r) => (
                <option key={r.id} value={r.id}>
                  {t('obligations.periodShort', { n: r.sequence })} · {t('obligations.year', { n: r.validityYear })} ·{' '}
                  {t(`obligations.kind.${r.kind}`)} · {r.dueDate}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="toDate" label={t('obligations.extend.toDate')} errors={errors} required>
          {(p) => <input {...p} type="date" className="input" defaultValue={values?.toDate ?? ''} />}
        </Field>
        <Field name="reason" label={t('obligations.extend.reason')} errors={errors} required>
          {(p) => <textarea {...p} rows={2} maxLength={500} className="input" defaultValue={values?.reason ?? ''} />}
        </Field>
        <Field
          name="approvedBy"
          label={t('obligations.extend.approvedBy')}
          hint={t('obligations.extend.approvedByHint')}
          errors={errors}
          required
        >
          {(p) => <input {...p} maxLength={100} className="input" defaultValue={values?.approvedBy ?? ''} />}
        </Field>
      </div>
      <button type="submit" className="btn-primary">
        {t('obligations.extend')}
      </button>
    </Form>
  )
}
