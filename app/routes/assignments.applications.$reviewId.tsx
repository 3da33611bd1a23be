import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { FormAlert } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { revalidateWhenStale, StaleNotice, VersionField } from '~/components/ui/stale-notice'
import { scoreField } from '~/domain/expert-review'
import { catalogs } from '~/i18n/catalogs.server'
import { roundPageMessages } from '~/i18n/messages-asset.server'
import { pageTitle } from '~/i18n/meta'
import { useLocale, usePageMessages, useT } from '~/i18n/use-t'
import { applicationReviewForExpert, declareApplicationConflict, submitApplicationReview } from '~/models/application-review.server'
import { refusalResponse } from '~/models/result.server'
import { actingUserOf, requireCapability } from '~/utils/auth.server'
import { readForm } from '~/utils/form-body.server'
import type { FieldErrors } from '~/utils/forms'
import { localeOf } from '~/utils/locale.server'

// An expert's review of one certification application (issue 21, ADR 024 step 4): the plan to
// read, a score per round criterion and a comment, or a declared conflict. Anything not the
// expert's own assignment is 404 (the model decides).
const Intent = z.enum(['submitScores', 'declareConflict'])
const IdParam = z.coerce.number().int().positive()

function reviewIdOf(params: { reviewId?: string }) {
  const id = IdParam.safeParse(params.reviewId)
  if (!id.success) throw new Response('Not found', { status: 404 })
  return id.data
}

const refusalMessages = (locale: 'zh' | 'en') =>
  Object.fromEntries(Object.entries(catalogs[locale] as Record<string, string>).filter(([k]) => k.startsWith('certification.refusal.')))

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'assignment:review')
  const page = applicationReviewForExpert({ by: actingUserOf(user, context), reviewId: reviewIdOf(params) })
  if (!page) throw new Response('Not found', { status: 404 })
  const locale = localeOf(request, user.locale)
  return { ...page, messages: { ...roundPageMessages(locale), ...refusalMessages(locale) } }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireCapability(request, 'assignment:review')
  const reviewId = reviewIdOf(params)
  const form = await readForm(request)
  const values = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === 'string'))
  const intent = Intent.safeParse(values.intent)
  if (!intent.success) return data({ intent: '', errors: { _form: { key: 'form.invalidChoice' } } as FieldErrors, values }, { status: 400 })
  const by = actingUserOf(user, context)
  const scores = Object.fromEntries(
    Object.entries(values)
      .filter(([k]) => k.startsWith('score-'))
      .map(([k, v]) => [k.slice('score-'.length), v]),
  )
  const result =
    intent.data === 'submitScores'
      ? submitApplicationReview({ by, reviewId, scores, comment: values.comment, version: values.rowVersion })
      : declareApplicationConflict({ by, reviewId, reason: values.conflictReason, version: values.rowVersion })
  if (!result.ok) return refusalResponse(result, { intent: intent.data, values })
  return redirect(intent.data === 'declareConflict' ? '/assignments' : `/assignments/applications/${reviewId}`)
}

export default function ApplicationReviewPage() {
  const { review, applicantName, application, criteria, messages } = useLoaderData<typeof loader>()
  usePageMessages(messages)
  const sent = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  const errors = (sent?.errors ?? {}) as FieldErrors
  const typed = (sent && 'values' in sent ? sent.values : {}) as Record<string, string>
  const plan = [
    application.planTechnicalGoals,
    application.planIntellectualProperty,
    application.planFunding,
    application.planApplicationScenarios,
  ]
  return (
    <div className="space-y-4">
      <PageHeader
        title={`${applicantName} · ${application.labName}`}
        back={{ to: '/assignments', label: t('rounds.review.expert.section') }}
      />
      <StaleNotice answer={sent} />
      <section className="card space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 className="font-semibold">{t('rounds.review.expert.plan')}</h2>
          {/* the whole application, read-only (round-application-access.server.ts lets the panel in) */}
          <Link to={`/applications/${review.applicationId}`} className="link text-sm" data-testid="read-application">
            {t('rounds.review.expert.readApplication')}
          </Link>
        </div>
        {plan.map((text, i) => (
          <p key={i} className="whitespace-pre-wrap text-sm">
            {text}
          </p>
        ))}
      </section>
      {review.status === 'submitted' ? (
        <p className="card">{t('rounds.review.expert.submitted', { total: review.totalScore ?? '' })}</p>
      ) : (
        <>
          <Form method="post" className="card space-y-2">
            <h2 className="font-semibold">{t('rounds.review.expert.scores')}</h2>
            <FormAlert errors={sent?.intent === 'submitScores' ? errors : undefined} />
            <VersionField version={review.rowVersion} />
            {criteria.map((c) => (
              <label key={c.id} className="flex items-center gap-2 text-sm">
                <span className="w-48">
                  {locale === 'zh' ? c.labelZh : c.labelEn}（{c.weight}%）
                </span>
                <input
                  className="input w-24"
                  name={scoreField(c.id)}
                  inputMode="numeric"
                  defaultValue={typed[scoreField(c.id)] ?? ''}
                  aria-invalid={errors[scoreField(c.id)] ? true : undefined}
                />
                {errors[scoreField(c.id)] ? (
                  <span className="text-red-700">{t(errors[scoreField(c.id)]!.key, errors[scoreField(c.id)]!.vars)}</span>
                ) : null}
              </label>
            ))}
            <label className="block text-sm">
              {t('rounds.review.expert.comment')}
              <textarea className="input w-full" name="comment" rows={4} defaultValue={typed.comment ?? ''} />
            </label>
            <button className="btn" name="intent" value="submitScores">
              {t('rounds.review.expert.submit')}
            </button>
          </Form>
          <Form method="post" className="card space-y-2">
            <FormAlert errors={sent?.intent === 'declareConflict' ? errors : undefined} />
            <VersionField version={review.rowVersion} />
            <label className="block text-sm">
              {t('rounds.review.expert.conflictReason')}
              <textarea className="input w-full" name="conflictReason" rows={2} defaultValue={typed.conflictReason ?? ''} />
            </label>
            <button className="btn" name="intent" value="declareConflict">
              {t('rounds.review.expert.declareConflict')}
            </button>
          </Form>
        </>
      )}
    </div>
  )
}

export const shouldRevalidate = revalidateWhenStale

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, 'rounds.review.expert.title', null)
