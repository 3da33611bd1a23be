import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { AttachmentList } from '~/components/attachments/attachment-list'
import { RequestDetails } from '~/components/requests/request-details'
import { RequestForm } from '~/components/requests/request-form'
import { RequestStatusBadge } from '~/components/requests/request-status-badge'
import { RequestSteps } from '~/components/requests/request-steps'
import { RequestThread } from '~/components/requests/request-thread'
import { RefusalNotice } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { isStaleAnswer, editFormKey, StaleNotice, revalidateWhenStale, withoutStale } from '~/components/ui/stale-notice'
import { SavedNotice } from '~/components/ui/saved-notice'
import type { RequestStatus } from '~db/schema/enums'
import { REQUEST_LIMITS } from '~/domain/resource-requests'
import { REQUEST_STEP_NAMES, type RequestStep } from '~/domain/request-workflow'
import { isMessageKey } from '~/i18n'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { attachmentsOf, removeAttachment, saveAttachments } from '~/models/attachments.server'
import {
  addRequestComment,
  getRequest,
  takeRequestStep,
  updateRequest,
  type RequestResult,
  type RequestUser,
} from '~/models/resource-requests.server'
import { refusalResponse } from '~/models/result.server'
import { ruleSettings } from '~/models/settings.server'
import { actingUserOf, actorOf, requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import type { FieldErrors } from '~/utils/forms'
import { idParam } from '~/utils/params'
import { withUploadForm } from '~/utils/upload.server'

const Intent = z.enum(['update', 'comment', 'removeAttachment', ...(REQUEST_STEP_NAMES as [RequestStep, ...RequestStep[]])])

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const actor = actorOf(user)
  const found = getRequest({ actor, labId: idParam(params.labId), requestId: idParam(params.requestId) })
  if (!found) throw new Response('Not found', { status: 404 })
  const { createdBy: _createdBy, ...request_ } = found.request
  return {
    lab: found.lab,
    request: request_,
    steps: found.steps,
    canEdit: found.canEdit,
    canComment: found.canComment,
    thread: found.thread,
    attachments: attachmentsOf({ type: 'resource_request', id: found.request.id, labId: found.lab.id }),
    maxMb: ruleSettings().attachmentMaxMb,
    today: today(),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request)
  const labId = idParam(params.labId)
  const requestId = idParam(params.requestId)
  const by: RequestUser = actingUserOf(user, context)
  return withUploadForm(request, (upload) => {
    const values = upload.values
    if (!upload.ok) return data({ intent: values.intent ?? '', errors: upload.errors, values }, { status: upload.status })
    const intent = Intent.safeParse(values.intent)
    if (!intent.success)
      return data({ intent: '', errors: { _form: { key: 'form.invalidChoice' } } as FieldErrors, values }, { status: 400 })
    const owner = { type: 'resource_request', id: requestId, labId }
    if (intent.data === 'removeAttachment') return removeAttachmentOf({ by, owner, attachmentId: values.attachmentId })
    const result: RequestResult =
      intent.data === 'update'
        ? updateRequest({ by, labId, requestId, raw: values, version: values.rowVersion })
        : intent.data === 'comment'
          ? addRequestComment({ by, labId, requestId, comment: values.comment })
          : takeRequestStep({ by, labId, requestId, input: { ...values, rowVersion: values.rowVersion, step: intent.data } })
    if (!result.ok) return refusalResponse(result, { intent: intent.data, values })
    // files come only with the edit form
    if (intent.data === 'update') saveAttachments({ owner, files: upload.files, actor: by })
    const saved = intent.data === 'update' ? 'updated' : intent.data === 'comment' ? 'commented' : intent.data
    return redirect(`/labs/${labId}/requests/${requestId}?saved=${saved}`)
  })
}

// Only the lab, and only while it may edit the request, detaches a file from it.
function removeAttachmentOf({
  by,
  owner,
  attachmentId,
}: {
  by: RequestUser
  owner: { type: string; id: number; labId: number }
  attachmentId: string | undefined
}) {
  const found = getRequest({ actor: by, labId: owner.labId, requestId: owner.id })
  if (!found) throw new Response('Not found', { status: 404 })
  if (!found.canEdit) throw new Response('Forbidden', { status: 403 })
  if (!removeAttachment({ owner, attachmentId: Number(attachmentId), actor: by })) throw new Response('Not found', { status: 404 })
  return redirect(`/labs/${owner.labId}/requests/${owner.id}?saved=attachmentRemoved`)
}

export default function RequestPage() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const [params] = useSearchParams()
  const r = d.request
  const savedKey = `requests.saved.${params.get('saved')}`
  const updateFeedback = actionData?.intent === 'update' ? actionData : undefined
  const commentFeedback = actionData?.intent === 'comment' ? actionData : undefined
  const stepFeedback = actionData && actionData.intent !== 'update' && actionData.intent !== 'comment' ? actionData : undefined
  // where each intent's form shows its messages, when the page offers that form now
  const shownOnPage = (intent: string) =>
    (intent === 'update' && d.canEdit) || (intent === 'comment' && d.canComment) || (d.steps as string[]).includes(intent)
  return (
    <div className="space-y-6">
      <PageHeader
        title={r.title}
        titleTestId="request-title"
        badges={<RequestStatusBadge status={r.status} />}
        actions={
          <Link to={`/labs/${d.lab.id}/requests`} className="btn">
            {t('requests.backToList')}
          </Link>
        }
        subtitle={
          <Link to={`/labs/${d.lab.id}`} className="link">
            {d.lab.name}
          </Link>
        }
      />
      {isMessageKey(savedKey) ? <SavedNotice>{t(savedKey)}</SavedNotice> : null}
      {/* a stale answer is told once, by the notice below, with what the request is now */}
      {actionData && !isStaleAnswer(actionData) && !shownOnPage(actionData.intent) ? <RefusalNotice errors={actionData.errors} /> : null}
      <StaleNotice answer={actionData} statusLabel={(s) => t(`requests.status.${s as RequestStatus}`)} />
      {r.status === 'returned' && d.canEdit ? (
        <p className="rounded border border-amber-300 bg-amber-50 p-3 text-sm">{t('requests.detail.returned')}</p>
      ) : null}

      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title" className="mb-3 font-semibold">
          {t('requests.section.details')}
        </h2>
        <RequestDetails r={r} today={d.today} />
        <h3 className="mb-2 mt-4 font-medium">{t('attachments.list')}</h3>
        <AttachmentList attachments={d.attachments} canRemove={d.canEdit} />
      </section>

      {d.canEdit ? (
        <details className="card" open={Boolean(updateFeedback)} data-testid="edit-section">
          <summary className="cursor-pointer font-semibold">{t('requests.editTitle')}</summary>
          <div className="mt-3">
            <RequestForm
              key={editFormKey(updateFeedback, r.rowVersion)}
              // a stale edit shows the request as it is now: typing over someone's change is not a merge
              values={(!isStaleAnswer(updateFeedback) && updateFeedback?.values) || { ...r, quantity: String(r.quantity) }}
              errors={withoutStale(updateFeedback)?.errors}
              intent="update"
              version={r.rowVersion}
              submitLabel={t('requests.saveChanges')}
              maxMb={d.maxMb}
              today={d.today}
            />
          </div>
        </details>
      ) : null}

      {d.steps.length > 0 ? (
        <section className="card space-y-3" aria-labelledby="handling-title">
          <h2 id="handling-title" className="font-semibold">
            {t('requests.section.handling')}
          </h2>
          <RequestSteps
            steps={d.steps}
            feedback={withoutStale(stepFeedback)}
            version={r.rowVersion}
            asked={r.quantity}
            unitLabel={t(`requests.unit.${r.unit}`)}
            today={d.today}
          />
        </section>
      ) : null}

      <section className="card space-y-4" aria-labelledby="thread-title">
        <h2 id="thread-title" className="font-semibold">
          {t('requests.section.thread')}
        </h2>
        <RequestThread entries={d.thread} />
        {d.canComment ? <CommentForm feedback={commentFeedback} /> : null}
      </section>
    </div>
  )
}

function CommentForm({ feedback }: { feedback?: { errors?: FieldErrors; values?: Record<string, unknown> } }) {
  const t = useT()
  const navigation = useNavigation()
  const error = feedback?.errors?.comment
  const typed = typeof feedback?.values?.comment === 'string' ? feedback.values.comment : ''
  return (
    <Form method="post" className="space-y-2" noValidate data-testid="comment-form">
      <input type="hidden" name="intent" value="comment" />
      <label htmlFor="thread-comment" className="label">
        {t('requests.section.comment')}
      </label>
      <textarea
        id="thread-comment"
        name="comment"
        rows={3}
        className="input"
        maxLength={REQUEST_LIMITS.comment}
        placeholder={t('requests.comment.placeholder')}
        defaultValue={typed}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? 'thread-comment-error' : undefined}
      />
      {error ? (
        <p id="thread-comment-error" className="field-error" role="alert" data-testid="error-thread-comment">
          {t(error.key, error.vars)}
        </p>
      ) : null}
      <button type="submit" className="btn" disabled={navigation.state === 'submitting'}>
        {t('requests.comment.submit')}
      </button>
    </Form>
  )
}

export const shouldRevalidate = revalidateWhenStale

export const meta: MetaFunction = (args) => pageTitle(args, 'requests.title')
