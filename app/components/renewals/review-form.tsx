import { Form } from '@remix-run/react'
import { OPINION_MAX, SCORE_MAX, scoreField, type Criterion } from '~/domain/expert-review'
import { useLocale, useT } from '~/i18n/use-t'
import { Field, FormAlert } from '~/components/ui/field'
import { VersionField } from '~/components/ui/stale-notice'
import type { FieldErrors } from '~/utils/forms'
import { ConfirmSubmit } from '~/components/ui/confirm-submit'

export type ReviewFormFeedback = { errors: FieldErrors; values: Record<string, string> }

// The expert's scoring form: one whole number 0..100 per active criterion, with its weight, and
// the opinion. What was typed comes back with the errors.
export function ReviewForm({
  criteria,
  feedback,
  busy,
  version,
}: {
  criteria: Criterion[]
  feedback?: ReviewFormFeedback
  busy: boolean
  // the assignment's row version the page shows
  version: number
}) {
  const t = useT()
  const locale = useLocale()
  const errors = feedback?.errors
  return (
    <section className="card space-y-3" aria-labelledby="scoring-title">
      <h2 id="scoring-title" className="font-semibold">
        {t('expertReview.scoring')}
      </h2>
      <p className="text-sm text-slate-700">{t('expertReview.scoringHint')}</p>
      <Form method="post" className="space-y-4" noValidate data-testid="review-form">
        <input type="hidden" name="intent" value="submitReview" />
        <VersionField version={version} />
        <FormAlert errors={errors} />
        <div className="grid gap-4 sm:grid-cols-2">
          {criteria.map((c) => (
            <Field
              key={c.id}
              name={scoreField(c.id)}
              label={`${locale === 'en' ? c.labelEn : c.labelZh} · ${t('expertReview.weight', { weight: c.weight })}`}
              errors={errors}
              required
            >
              {(p) => (
                <input
                  {...p}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={SCORE_MAX}
                  step={1}
                  className="input w-28"
                  defaultValue={feedback?.values[scoreField(c.id)] ?? ''}
                />
              )}
            </Field>
          ))}
        </div>
        <Field name="opinion" label={t('expertReview.opinion')} errors={errors} required>
          {(p) => <textarea {...p} className="input min-h-32" maxLength={OPINION_MAX} defaultValue={feedback?.values.opinion ?? ''} />}
        </Field>
        <ConfirmSubmit
          className="btn-primary"
          danger={false}
          label={t('expertReview.submit')}
          disabled={busy}
          question={t('confirm.review.question')}
          consequence={<p>{t('confirm.review.body')}</p>}
          confirmLabel={t('confirm.review.ok')}
        />
      </Form>
    </section>
  )
}
