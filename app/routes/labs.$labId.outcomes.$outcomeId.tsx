import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import type { OutcomeVerification } from '~db/schema/enums'
import { AttachmentList } from '~/components/attachments/attachment-list'
import { OutcomeForm } from '~/components/outcomes/outcome-form'
import { OutcomeVerificationBadge } from '~/components/outcomes/verification-badge'
import { RefusalNotice } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { editFormKey, isStaleAnswer, revalidateWhenStale, StaleNotice, VersionField, withoutStale } from '~/components/ui/stale-notice'
import { formatShanghaiMinute } from '~/domain/dates'
import { formatWan } from '~/domain/money'
import { OUTCOME_LIMITS, OUTCOME_STEP_NAMES, type OutcomeStep } from '~/domain/outcomes'
import { isMessageKey } from '~/i18n'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { attachmentsOf, removeAttachment, saveAttachments } from '~/models/attachments.server'
import { getOutcome, takeOutcomeStep, updateOutcome } from '~/models/outcomes.server'
import { refusalResponse } from '~/models/result.server'
import { ruleSettings } from '~/models/settings.server'
import { actingUserOf, actorOf, requireUser } from '~/utils/auth.server'
import type { FieldErrors } from '~/utils/forms'
import { idParam } from '~/utils/params'
import { withUploadForm } from '~/utils/upload.server'

const Intent = z.enum(['update', 'removeAttachment', ...OUTCOME_STEP_NAMES])

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const actor = actorOf(user)
  const found = getOutcome({ actor, labId: idParam(params.labId), outcomeId: idParam(params.outcomeId) })
  if (!found) throw new Response('Not found', { status: 404 })
  const { lab, outcome } = found
  return {
    lab: { id: lab.id, name: lab.name },
    outcome: { ...outcome, value: outcome.valueYuan === null ? '' : formatWan(outcome.valueYuan) },
    periodSequence: found.periodSequence,
    checkedByName: found.checkedByName,
    decidedByName: found.decidedByName,
    createdByName: found.createdByName,
    canEdit: found.canEdit,
    steps: found.steps,
    attachments: attachmentsOf({ type: 'outcome', id: outcome.id, labId: lab.id }),
    maxMb: ruleSettings().attachmentMaxMb,
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request)
  const labId = idParam(params.labId)
  const outcomeId = idParam(params.outcomeId)
  const by = actingUserOf(user, context)
  return withUploadForm(request, (upload) => {
    const values = upload.values
    if (!upload.ok) return data({ intent: values.intent ?? '', errors: upload.errors, values }, { status: upload.status })
    const intent = Intent.safeParse(values.intent)
    if (!intent.success) {
      const errors: FieldErrors = { _form: { key: 'form.invalidChoice' } }
      return data({ intent: '', errors, values }, { status: 400 })
    }
    const base = `/labs/${labId}/outcomes/${outcomeId}`
    const owner = { type: 'outcome', id: outcomeId, labId }
    if (intent.data === 'removeAttachment') {
      // only the lab, and only while it may edit the outcome, detaches its evidence
      const found = getOutcome({ actor: by, labId, outcomeId })
      if (!found) throw new Response('Not found', { status: 404 })
      if (!found.canEdit) throw new Response('Forbidden', { status: 403 })
      if (!removeAttachment({ owner, attachmentId: Number(values.attachmentId), actor: by }))
        throw new Response('Not found', { status: 404 })
      return redirect(`${base}?saved=attachmentRemoved`)
    }
    const result =
      intent.data === 'update'
        ? updateOutcome({ by, labId, outcomeId, raw: values, version: values.rowVersion })
        : takeOutcomeStep({ by, labId, outcomeId, step: intent.data, reason: values.reason, version: values.rowVersion })
    if (!result.ok) return refusalResponse(result, { intent: intent.data, values })
    if (intent.data === 'update') saveAttachments({ owner, files: upload.files, actor: by })
    return redirect(`${base}?saved=${intent.data === 'update' ? 'updated' : intent.data}`)
  })
}

export default function OutcomePage() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const [params] = useSearchParams()
  const { outcome } = d
  const savedKey = `outcomes.saved.${params.get('saved')}`
  const updateFeedback = actionData?.intent === 'update' ? actionData : undefined
  const shownOnPage = (intent: string) => (intent === 'update' && d.canEdit) || (d.steps as string[]).includes(intent)
  const at = (instant: string | null) => (instant ? formatShanghaiMinute(instant) : '')
  const detail = (label: string, value: string | null | undefined) =>
    value ? (
      <div>
        <dt className="text-sm text-slate-600">{label}</dt>
        <dd>{value}</dd>
      </div>
    ) : null
  return (
    <div className="space-y-6">
      <PageHeader
        title={outcome.title}
        titleTestId="outcome-title"
        badges={
          <>
            <OutcomeVerificationBadge verification={outcome.verification} />
            {actionData && !isStaleAnswer(actionData) && !shownOnPage(actionData.intent) ? (
              <RefusalNotice errors={actionData.errors} />
            ) : null}
          </>
        }
        actions={
          <Link to={`/labs/${d.lab.id}/outcomes`} className="btn">
            {t('outcomes.backToList')}
          </Link>
        }
        subtitle={d.lab.name}
      />
      {isMessageKey(savedKey) ? <SavedNotice>{t(savedKey)}</SavedNotice> : null}
      <StaleNotice answer={actionData} statusLabel={(s) => t(`outcomes.verification.${s as OutcomeVerification}`)} typedField="reason" />

      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title" className="mb-3 font-semibold">
          {t('outcomes.section.details')}
        </h2>
        <dl className="grid gap-3 md:grid-cols-3" data-testid="outcome-details">
          {detail(t('outcomes.field.form'), t(`deliverables.form.${outcome.form}`))}
          {detail(t('outcomes.field.kind'), t(`outcomes.kind.${outcome.kind}`))}
          {detail(t('outcomes.field.occurredOn'), outcome.occurredOn)}
          {detail(
            t('outcomes.field.period'),
            d.periodSequence === null ? null : t('outcomes.periodLabel', { sequence: d.periodSequence, year: outcome.validityYear }),
          )}
          {detail(t('outcomes.field.value'), outcome.value)}
          {detail(t('outcomes.field.partners'), outcome.partners)}
          {detail(t('outcomes.field.patentNumber'), outcome.patentNumber)}
          {detail(t('outcomes.field.patentStatus'), outcome.patentStatus ? t(`outcomes.patentStatus.${outcome.patentStatus}`) : null)}
          {detail(t('outcomes.field.standardLevel'), outcome.standardLevel ? t(`outcomes.standardLevel.${outcome.standardLevel}`) : null)}
          {detail(t('outcomes.field.awardLevel'), outcome.awardLevel ? t(`outcomes.awardLevel.${outcome.awardLevel}`) : null)}
          {detail(t('outcomes.field.userOrganisation'), outcome.userOrganisation)}
          {detail(t('outcomes.field.counterpart'), outcome.counterpart)}
          {detail(t('outcomes.field.createdBy'), d.createdByName)}
        </dl>
        {outcome.description ? <p className="mt-3 whitespace-pre-wrap text-sm">{outcome.description}</p> : null}
        <h3 className="mb-2 mt-4 font-medium">{t('outcomes.field.evidence')}</h3>
        <AttachmentList attachments={d.attachments} canRemove={d.canEdit} />
      </section>

      <section className="card space-y-3" aria-labelledby="verification-title">
        <h2 id="verification-title" className="font-semibold">
          {t('outcomes.section.verification')}
        </h2>
        <div className="space-y-1 text-sm" data-testid="verification-trail">
          {outcome.checkedAt ? (
            <p>
              {t('outcomes.checkedBy', { name: d.checkedByName ?? '', at: at(outcome.checkedAt) })}
              {outcome.checkNote ? ` · ${outcome.checkNote}` : ''}
            </p>
          ) : null}
          {outcome.decidedAt && (outcome.verification === 'verified' || outcome.verification === 'disputed') ? (
            <p>
              {t('outcomes.decidedBy', {
                what: t(`outcomes.decided.${outcome.verification}`),
                name: d.decidedByName ?? '',
                at: at(outcome.decidedAt),
              })}
              {outcome.decisionReason ? ` · ${t('outcomes.reason')}：${outcome.decisionReason}` : ''}
            </p>
          ) : null}
        </div>
        {d.steps.length > 0 ? (
          <div className="grid gap-4 md:grid-cols-3" data-testid="outcome-steps">
            {d.steps.map((step) => (
              <StepForm
                key={step}
                step={step}
                version={outcome.rowVersion}
                feedback={withoutStale(actionData?.intent === step ? actionData : undefined)}
              />
            ))}
          </div>
        ) : null}
      </section>

      {d.canEdit ? (
        <details className="card" open={Boolean(updateFeedback)} data-testid="edit-section">
          <summary className="cursor-pointer font-semibold">{t('outcomes.editTitle')}</summary>
          <p className="mt-2 text-sm text-slate-600">{t('outcomes.editResets')}</p>
          <div className="mt-3">
            <OutcomeForm
              key={editFormKey(updateFeedback, outcome.rowVersion)}
              values={(!isStaleAnswer(updateFeedback) && updateFeedback?.values) || outcome}
              errors={withoutStale(updateFeedback)?.errors}
              version={outcome.rowVersion}
              intent="update"
              submitLabel={t('outcomes.saveChanges')}
              maxMb={d.maxMb}
            />
          </div>
        </details>
      ) : outcome.verification === 'verified' ? (
        <p className="text-sm text-slate-600">{t('outcomes.verifiedLocked')}</p>
      ) : null}
    </div>
  )
}

function StepForm({
  step,
  version,
  feedback,
}: {
  step: OutcomeStep
  version: number
  feedback?: { errors?: FieldErrors; values?: Record<string, unknown> }
}) {
  const t = useT()
  const navigation = useNavigation()
  const errors = feedback?.errors
  const typed = typeof feedback?.values?.reason === 'string' ? feedback.values.reason : ''
  const id = `${step}-reason`
  const reasonError = errors?.reason ?? errors?._form
  return (
    <Form method="post" className="space-y-2 rounded border border-slate-200 p-3" data-step={step} noValidate>
      <input type="hidden" name="intent" value={step} />
      <VersionField version={version} />
      <label htmlFor={id} className="label">
        {t(step === 'dispute' ? 'outcomes.step.reasonRequired' : 'outcomes.step.reasonOptional')}
      </label>
      <textarea
        id={id}
        name="reason"
        rows={2}
        className="input"
        defaultValue={typed}
        maxLength={OUTCOME_LIMITS.reason}
        aria-invalid={Boolean(reasonError)}
        aria-describedby={reasonError ? `${id}-error` : undefined}
      />
      {reasonError ? (
        <p id={`${id}-error`} className="field-error" role="alert" data-testid={`error-${step}`}>
          {t(reasonError.key, reasonError.vars)}
        </p>
      ) : null}
      <button type="submit" className={step === 'dispute' ? 'btn-danger' : 'btn-primary'} disabled={navigation.state === 'submitting'}>
        {t(`outcomes.step.${step}`)}
      </button>
    </Form>
  )
}

export const shouldRevalidate = revalidateWhenStale

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, 'outcomes.title', args.data?.outcome.title)
