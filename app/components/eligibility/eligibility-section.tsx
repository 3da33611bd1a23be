import { Form } from '@remix-run/react'
import { VIOLATION_CATEGORIES, type ViolationCategory } from '~db/schema/enums'
import { ConfirmSubmit } from '~/components/ui/confirm-submit'
import { Field, FormAlert } from '~/components/ui/field'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

export type ViolationRow = {
  id: number
  subject: 'lab' | 'host'
  category: ViolationCategory
  occurredOn: string
  source: string
  description: string
  clearsOn: string
  counting: boolean
  createdBy: string | null
}

// The eligibility record on the lab page: everyone who sees the lab reads it; the bureau keeps it.
// `embedded`: read beside a decision (DecisionFacts), inside that section rather than a card of its own.
export function EligibilitySection({
  rows,
  canManage,
  errors,
  values,
  today,
  embedded = false,
}: {
  rows: ViolationRow[]
  canManage: boolean
  errors?: FieldErrors
  values?: Record<string, string>
  today: string
  embedded?: boolean
}) {
  const t = useT()
  const Heading = embedded ? 'h4' : 'h2'
  return (
    <section
      className={embedded ? undefined : 'card'}
      id={embedded ? undefined : 'eligibility'}
      data-testid={embedded ? 'decision-eligibility' : undefined}
    >
      <Heading className={embedded ? 'mb-1 text-sm font-medium' : 'mb-1 font-semibold'}>{t('eligibility.title')}</Heading>
      <p className="mb-3 text-sm text-slate-600">{t('eligibility.intro')}</p>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600" data-testid="violations-empty">
          {t('eligibility.empty')}
        </p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table className="min-w-full" data-testid="violations">
            <thead>
              <tr>
                <th className="th">{t('eligibility.col.date')}</th>
                <th className="th">{t('eligibility.col.subject')}</th>
                <th className="th">{t('eligibility.col.category')}</th>
                <th className="th">{t('eligibility.col.source')}</th>
                <th className="th">{t('eligibility.col.description')}</th>
                <th className="th">{t('eligibility.col.until')}</th>
                {canManage ? <th className="th" /> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((v) => (
                <tr key={v.id} data-counting={v.counting}>
                  <td className="td token tabular-nums">{v.occurredOn}</td>
                  <td className="td">{t(`eligibility.subject.${v.subject}`)}</td>
                  <td className="td">{t(`eligibility.category.${v.category}`)}</td>
                  <td className="td">{v.source}</td>
                  <td className="td whitespace-pre-line">{v.description || '—'}</td>
                  <td className="td whitespace-nowrap">
                    <span className={v.counting ? 'font-semibold text-red-700' : 'text-slate-500'}>
                      {v.clearsOn} · {v.counting ? t('eligibility.counting') : t('eligibility.expired')}
                    </span>
                  </td>
                  {canManage ? (
                    <td className="td">
                      <Form method="post">
                        <input type="hidden" name="intent" value="removeViolation" />
                        <input type="hidden" name="violationId" value={v.id} />
                        <ConfirmSubmit
                          className="link text-sm text-red-700"
                          label={t('eligibility.remove')}
                          question={t('confirm.violation.question')}
                          consequence={
                            <p>
                              {v.occurredOn} · {t(`eligibility.category.${v.category}`)} · {v.source}
                              <br />
                              {t('confirm.violation.body')}
                            </p>
                          }
                          confirmLabel={t('confirm.violation.ok')}
                        />
                      </Form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canManage ? (
        <Form method="post" className="mt-4 space-y-3 border-t border-slate-200 pt-4" noValidate data-testid="violation-form">
          <h3 className="font-medium">{t('eligibility.add')}</h3>
          <input type="hidden" name="intent" value="addViolation" />
          <FormAlert errors={errors} />
          <div className="grid gap-4 md:grid-cols-3">
            <Field name="subject" label={t('eligibility.col.subject')} errors={errors} required>
              {(p) => (
                <select {...p} className="input" defaultValue={values?.subject ?? 'host'}>
                  <option value="host">{t('eligibility.subject.host')}</option>
                  <option value="lab">{t('eligibility.subject.lab')}</option>
                </select>
              )}
            </Field>
            <Field name="category" label={t('eligibility.col.category')} errors={errors} required>
              {(p) => (
                <select {...p} className="input" defaultValue={values?.category ?? ''}>
                  <option value="" disabled>
                    —
                  </option>
                  {VIOLATION_CATEGORIES.map((c) => (
                    <option key={c} value={c}>
                      {t(`eligibility.category.${c}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field name="occurredOn" label={t('eligibility.col.date')} errors={errors} required>
              {(p) => <input {...p} type="date" max={today} className="input" defaultValue={values?.occurredOn ?? ''} />}
            </Field>
            <Field name="source" label={t('eligibility.col.source')} errors={errors} hint={t('eligibility.sourceHint')} required>
              {(p) => <input {...p} className="input" maxLength={200} defaultValue={values?.source ?? ''} />}
            </Field>
            <div className="md:col-span-2">
              <Field name="description" label={t('eligibility.col.description')} errors={errors}>
                {(p) => <textarea {...p} className="input" rows={2} maxLength={2000} defaultValue={values?.description ?? ''} />}
              </Field>
            </div>
          </div>
          <button type="submit" className="btn-primary">
            {t('common.save')}
          </button>
        </Form>
      ) : null}
    </section>
  )
}
