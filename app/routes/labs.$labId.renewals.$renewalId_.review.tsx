import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import type { AssignmentStatus } from '~db/schema/enums'
import { AssignmentStatusBadge } from '~/components/renewals/review-status'
import { ReviewForm } from '~/components/renewals/review-form'
import { ProposedPlanSection } from '~/components/renewals/proposed-plan'
import { Field, FormAlert } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { formatShanghaiTime } from '~/domain/dates'
import { ASSIGNABLE_STATUSES, CONFLICT_NOTE_MAX, WEIGHT_TOTAL, activeWeightSum } from '~/domain/expert-review'
import type { MessageKey } from '~/i18n'
import { pageTitle } from '~/i18n/meta'
import { useLocale, useT } from '~/i18n/use-t'
import { declareConflict, myScores, submitReview, type ReviewUser } from '~/models/expert-review.server'
import { findRenewal } from '~/models/renewal-access.server'
import { proposedPlanOf } from '~/models/renewal-plans.server'
import { refusalResponse } from '~/models/result.server'
import { revalidateWhenStale, StaleNotice, VersionField, withoutStale } from '~/components/ui/stale-notice'
import { activeCriteria } from '~/models/review-criteria.server'
import { actingUserOf, actorOf, requireUser } from '~/utils/auth.server'
import { formValues, type FieldErrors } from '~/utils/forms'
import { idParam } from '~/utils/params'
import { readForm } from '~/utils/form-body.server'
import { ConfirmSubmit } from '~/components/ui/confirm-submit'

// The assigned expert's page for one renewal: the lab's application, the dossier, the scoring form
// and the conflict declaration. Anyone else (another expert, the bureau, the lab) finds no page
// here: the bureau reads the reviews in the panel of its renewal page.
const Intent = z.enum(['submitReview', 'declareConflict'])

const APPLICATION_FIELDS = ['summary', 'selfAssessment', 'planTargets', 'planIp', 'planFunding', 'planScenarios'] as const

function ownAssignmentOf(request: Request, params: { labId?: string; renewalId?: string }) {
  const user = requireUser(request)
  const labId = idParam(params.labId)
  const renewalId = idParam(params.renewalId)
  const found = findRenewal(actorOf(user), labId, renewalId)
  if (!found?.assignment) throw new Response('Not found', { status: 404 })
  return { user, found: { ...found, assignment: found.assignment } }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, found } = ownAssignmentOf(request, params)
  const { lab, renewal, period, assignment } = found
  const criteria = activeCriteria()
  return {
    lab: { id: lab.id, name: lab.name },
    period: { startDate: period.startDate, endDate: period.endDate },
    renewal: { id: renewal.id, status: renewal.status, ...Object.fromEntries(APPLICATION_FIELDS.map((f) => [f, renewal[f]])) } as {
      id: number
      status: typeof renewal.status
    } & Record<(typeof APPLICATION_FIELDS)[number], string>,
    assignment: {
      id: assignment.id,
      status: assignment.status,
      rowVersion: assignment.rowVersion,
      opinion: assignment.opinion,
      totalScore: assignment.totalScore,
      submittedAt: assignment.submittedAt ? formatShanghaiTime(assignment.submittedAt) : null,
    },
    // the next period's plan the application proposes, read only
    proposedPlan: proposedPlanOf(actorOf(user), found),
    criteria,
    weightSum: activeWeightSum(criteria),
    scores: assignment.status === 'submitted' ? myScores(assignment.id) : [],
    open: assignment.status === 'assigned' && ASSIGNABLE_STATUSES.includes(renewal.status),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, found } = ownAssignmentOf(request, params)
  const by: ReviewUser = actingUserOf(user, context)
  const values = formValues(await readForm(request))
  const intent = Intent.safeParse(values.intent)
  if (!intent.success) return data({ intent: '', errors: { _form: { key: 'form.invalidChoice' } } as FieldErrors, values }, { status: 400 })
  const assignmentId = found.assignment.id
  const result =
    intent.data === 'submitReview'
      ? submitReview({
          by,
          assignmentId,
          opinion: values.opinion,
          version: values.rowVersion,
          scores: Object.fromEntries(
            Object.entries(values).flatMap(([k, v]) => (k.startsWith('score-') ? [[k.slice('score-'.length), v]] : [])),
          ),
        })
      : declareConflict({ by, assignmentId, note: values.conflictNote, version: values.rowVersion })
  if (!result.ok) return refusalResponse(result, { intent: intent.data, values })
  // a declared conflict ends the expert's access: back to the queue
  if (intent.data === 'declareConflict') return redirect('/assignments?saved=conflict')
  return redirect(`/labs/${found.lab.id}/renewals/${found.renewal.id}/review?saved=submitted`)
}

export default function ReviewPage() {
  const d = useLoaderData<typeof loader>()
  const sent = useActionData<typeof action>()
  const navigation = useNavigation()
  const [params] = useSearchParams()
  const t = useT()
  const locale = useLocale()
  const busy = navigation.state === 'submitting'
  const reviewFeedback = sent?.intent === 'submitReview' ? sent : undefined
  const conflictFeedback = sent?.intent === 'declareConflict' ? sent : undefined
  return (
    <div className="space-y-6">
      <PageHeader
        title={`${t('expertReview.title')} · ${d.lab.name}`}
        badges={<AssignmentStatusBadge status={d.assignment.status} />}
        actions={
          <Link to="/assignments" className="btn">
            {t('expertReview.backToQueue')}
          </Link>
        }
        subtitle={`${t('expertReview.period', { start: d.period.startDate, end: d.period.endDate })} · ${t(`renewals.status.${d.renewal.status}`)}`}
      />
      {params.get('saved') === 'submitted' && !sent ? <SavedNotice>{t('expertReview.saved.submitted')}</SavedNotice> : null}
      {sent?.intent === '' ? <FormAlert errors={sent.errors} /> : null}
      <StaleNotice
        answer={sent}
        statusLabel={(s) => t(`assignmentStatus.${s as AssignmentStatus}`)}
        typedField={sent?.intent === 'declareConflict' ? 'conflictNote' : 'opinion'}
      />

      <section className="card space-y-3" aria-labelledby="application-title">
        <div className="flex flex-wrap items-baseline gap-3">
          <h2 id="application-title" className="font-semibold">
            {t('expertReview.application')}
          </h2>
          <Link to={`/labs/${d.lab.id}/renewals/${d.renewal.id}/dossier`} className="link ml-auto text-sm" data-testid="dossier-link">
            {t('expertReview.dossier')}
          </Link>
        </div>
        <dl className="space-y-3">
          {APPLICATION_FIELDS.map((f) => (
            <div key={f}>
              <dt className="text-sm font-medium text-slate-700">{t(`expertReview.field.${f}` as MessageKey)}</dt>
              <dd className="whitespace-pre-wrap text-sm">{d.renewal[f] || '—'}</dd>
            </div>
          ))}
        </dl>
      </section>

      <ProposedPlanSection labId={d.lab.id} proposed={d.proposedPlan} />

      {d.assignment.status === 'submitted' ? (
        <section className="card space-y-3" aria-labelledby="scores-title" data-testid="my-review">
          <h2 id="scores-title" className="font-semibold">
            {t('expertReview.scoring')}
          </h2>
          <p className="text-sm">
            {t('expertReview.submitted', { at: d.assignment.submittedAt ?? '', total: d.assignment.totalScore ?? '—' })}
          </p>
          <ul className="text-sm">
            {d.scores.map((s) => (
              <li key={s.criterionId}>
                {locale === 'en' ? s.labelEn : s.labelZh}: <span className="token tabular-nums">{s.score}</span>
              </li>
            ))}
          </ul>
          <p className="whitespace-pre-wrap text-sm">{d.assignment.opinion}</p>
        </section>
      ) : d.open ? (
        <>
          {d.weightSum !== WEIGHT_TOTAL ? (
            <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm">
              {t('expertReview.error.weightsNot100', { sum: d.weightSum, total: WEIGHT_TOTAL })}
            </p>
          ) : null}
          <ReviewForm criteria={d.criteria} feedback={withoutStale(reviewFeedback)} busy={busy} version={d.assignment.rowVersion} />
          <section className="card space-y-3" aria-labelledby="conflict-title">
            <h2 id="conflict-title" className="font-semibold">
              {t('expertReview.conflict.title')}
            </h2>
            <p className="text-sm text-slate-700">{t('expertReview.conflict.hint')}</p>
            <Form method="post" className="space-y-3" noValidate>
              <input type="hidden" name="intent" value="declareConflict" />
              <VersionField version={d.assignment.rowVersion} />
              <FormAlert errors={withoutStale(conflictFeedback)?.errors} />
              <Field name="conflictNote" label={t('expertReview.conflict.note')} errors={conflictFeedback?.errors} required>
                {(p) => (
                  <textarea
                    {...p}
                    className="input min-h-20"
                    maxLength={CONFLICT_NOTE_MAX}
                    defaultValue={conflictFeedback?.values.conflictNote ?? ''}
                  />
                )}
              </Field>
              <ConfirmSubmit
                label={t('expertReview.conflict.button')}
                disabled={busy}
                question={t('confirm.conflict.question')}
                consequence={<p>{t('confirm.conflict.body')}</p>}
              />
            </Form>
          </section>
        </>
      ) : (
        <p className="card text-sm text-slate-600">{t('expertReview.closed')}</p>
      )}
    </div>
  )
}

export const shouldRevalidate = revalidateWhenStale

export const meta: MetaFunction = (args) => pageTitle(args, 'expertReview.title')
